"""Checking a tariff page's answer as Connect does: each refusal carries Connect's error code.

The codes and the field each names are listed in docs/tariff-flow.md. The sandbox is never
more lenient than Connect: a value Connect would refuse is refused here too, so the app's own
checks are exercised rather than hidden.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from connect_sandbox.tariff.bands import DAY, Span, coverage, describe, seconds_of, span
from connect_sandbox.tariff.places import COUNTRY_CODES, US_STATES, post_code_problem
from connect_sandbox.tariff.providers import LibraryTariff, Provider, Structure

# Longest name or address part taken; Connect documents no limit, so this only stops abuse.
MAX_TEXT = 200
NO_END_DATE = "0001-01-01T00:00:00Z"
# A surcharge may be a credit, down to the whole market price.
MIN_SURCHARGE_PERCENTAGE = Decimal(-100)
_RFC_3339 = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)
_ADDRESS_PARTS = ("address_line1", "address_line2", "city", "state", "post_code", "country_code")


@dataclass(frozen=True)
class Refused(Exception):
    """Connect's answer to a value it does not take: the error object's code and message."""

    code: str
    message: str


def _invalid(message: str) -> Refused:
    return Refused("data_json_invalid", message)


def _object(data: object, name: str) -> dict[str, Any]:
    value = data.get(name) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        raise _invalid(f"data.{name} must be an object.")
    return value


def _text(value: object, name: str) -> str:
    """A string field, trimmed; absent reads as empty."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _invalid(f"{name} must be a string.")
    if len(value) > MAX_TEXT:
        raise _invalid(f"{name} is longer than {MAX_TEXT} characters.")
    return value.strip()


def _number(value: object, name: str) -> Decimal:
    """A JSON number as an exact Decimal of the digits it was written with."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _invalid(f"{name} must be a number.")
    if isinstance(value, float) and not math.isfinite(value):
        raise _invalid(f"{name} must be a finite number.")
    return Decimal(str(value))


def postal_address(data: object) -> dict[str, str]:
    """The address as Connect keeps it: trimmed, empty parts left out."""
    given = _object(data, "postal_address")
    parts = {name: _text(given.get(name), name) for name in _ADDRESS_PARTS}
    if not parts["address_line1"]:
        raise Refused("address_line1_missing", "Address line 1 is required.")
    if not parts["city"]:
        raise Refused("city_missing", "City is required.")
    if not parts["post_code"]:
        raise Refused("post_code_missing", "Post code is required.")
    country = parts["country_code"]
    if not country:
        raise Refused("country_code_missing", "Country code is required.")
    if country not in COUNTRY_CODES:
        raise Refused("country_code_invalid", "Country code must be ISO 3166-1 alpha-2.")
    # A US address may leave its state out (the ZIP code places it), but not name a wrong one.
    if country == "US" and parts["state"] and parts["state"] not in US_STATES:
        raise Refused(
            "geo_location_not_found", "The address could not be found: its state is not a US state."
        )
    problem = post_code_problem(parts["post_code"], country)
    if problem is not None:
        raise Refused("geo_location_not_found", f"The address could not be found. {problem}")
    return {name: value for name, value in parts.items() if value}


def provider_choice(data: object, listed: tuple[Provider, ...]) -> Provider:
    provider_id = _text(_object(data, "provider").get("id"), "provider.id")
    found = next((provider for provider in listed if provider.id == provider_id), None)
    if found is None:
        raise Refused("provider_invalid", "This provider is not one of the page's providers.")
    return found


def provider_name(data: object) -> str:
    return _name(data, "provider")


def tariff_choice(data: object, provider: Provider) -> LibraryTariff:
    tariff_id = _text(_object(data, "tariff").get("id"), "tariff.id")
    found = provider.tariff(tariff_id)
    if found is None:
        raise Refused("tariff_invalid", "This tariff is not one of the page's tariffs.")
    return found


def tariff_name(data: object) -> str:
    return _name(data, "tariff")


def _name(data: object, named: str) -> str:
    """The name of a provider or tariff the customer typed because it was not listed."""
    name = _text(_object(data, named).get("name"), f"{named}.name")
    if not name:
        raise Refused(f"{named}_name_missing", f"{named.capitalize()} name is required.")
    return name


def structure_option(data: object, offered: tuple[Structure, ...]) -> Structure:
    """anode's answer: `options` holding the one choice."""
    options = data.get("options") if isinstance(data, dict) else None
    if not isinstance(options, list) or len(options) != 1 or not isinstance(options[0], str):
        raise Refused("option_invalid", "options must hold exactly one choice.")
    return structure_named(options[0], offered)


def structure_named(name: str, offered: tuple[Structure, ...]) -> Structure:
    if name not in Structure.__members__:
        raise Refused("option_invalid", f"{name[:40]} is not a plan structure.")
    structure = Structure(name)
    if structure not in offered:
        raise Refused("option_not_supported", f"{name} is not offered for this tariff.")
    return structure


def price(value: object, name: str = "cost") -> Decimal:
    cost = _number(value, name)
    if cost < 0:
        raise Refused("cost_value_negative", f"{name} must not be negative.")
    if cost == 0:
        raise Refused("cost_value_zero", f"{name} must be more than zero.")
    return cost


def fixed_cost(data: object) -> Decimal:
    if not isinstance(data, dict) or "cost" not in data:
        raise _invalid("data.cost is required.")
    return price(data["cost"])


def hours(data: object) -> tuple[tuple[str, str, str], ...]:
    """Time-of-day bands that cover the day once, as ("HH:MM:SS", "HH:MM:SS", cost) triples."""
    given = data.get("hours") if isinstance(data, dict) else None
    if not isinstance(given, list):
        raise _invalid("data.hours must be a list of bands.")
    if not given:
        raise Refused("incomplete_time_period", "Give the prices for the whole day.")
    bands: list[tuple[str, str, str]] = []
    spans = []
    for number, band in enumerate(given, start=1):
        if not isinstance(band, dict):
            raise _invalid(f"Band {number} must be an object.")
        cost = price(band.get("cost"), f"Band {number}'s cost")
        start, end = seconds_of(band.get("valid_from")), seconds_of(band.get("valid_to"))
        if start is None:
            raise Refused("valid_from_invalid", f"Band {number}'s valid_from must be HH:MM:SS.")
        if end is None:
            raise Refused("valid_to_invalid", f"Band {number}'s valid_to must be HH:MM:SS.")
        stretch = span(start, end)
        if stretch is None and len(given) == 1:
            stretch = Span(start, start + DAY)  # one band, start = end: the whole day
        if stretch is None:
            raise Refused("incomplete_time_period", f"Band {number} starts where it ends.")
        spans.append(stretch)
        bands.append((band["valid_from"], band["valid_to"], str(cost)))
    found = coverage(spans)
    if found.overlaps:
        raise Refused(
            "incomplete_time_period", f"The bands overlap from {describe(found.overlaps)}."
        )
    if found.gaps:
        raise Refused("gap_in_time_period", f"No price is given from {describe(found.gaps)}.")
    return tuple(sorted(bands, key=lambda band: band[0]))


@dataclass(frozen=True)
class Surcharge:
    fixed: Decimal | None
    percentage: Decimal | None
    region: str


def surcharge(data: object, regions: tuple[str, ...]) -> Surcharge:
    """A market tariff's surcharge. Either part may be negative (a credit), though a percentage
    cannot take away more than the whole price; zeros are no surcharge, as skipping is. The
    region was asked on its own page: here it is optional, and checked only when given."""
    given = _object(data, "surcharge")
    values: dict[str, Decimal | None] = {}
    for name in ("fixed", "percentage"):
        value = given.get(name)
        values[name] = None if value is None else _number(value, f"surcharge.{name}")
    if values["fixed"] is None and values["percentage"] is None:
        raise _invalid("surcharge needs fixed, percentage or both.")
    percentage = values["percentage"]
    if percentage is not None and percentage < MIN_SURCHARGE_PERCENTAGE:
        raise Refused(
            "surcharge_percentage_invalid",
            f"surcharge.percentage must not be below {MIN_SURCHARGE_PERCENTAGE}.",
        )
    region = data.get("region") if isinstance(data, dict) else None
    chosen = "" if region is None else region_choice(data, regions)
    return Surcharge(values["fixed"], percentage, chosen)


def region_choice(data: object, regions: tuple[str, ...]) -> str:
    region = data.get("region") if isinstance(data, dict) else None
    if not isinstance(region, str) or region not in regions:
        raise Refused("region_invalid", "region must be one of the page's regions.")
    return region


def contract_end_date(data: object, today: dt.date) -> str:
    """The end of the contract as sent (RFC 3339); the no-end sentinel is kept as it is."""
    value = data.get("contract_end_date") if isinstance(data, dict) else None
    if not isinstance(value, str) or not _RFC_3339.match(value):
        raise Refused(
            "contract_end_date_invalid", "contract_end_date must be an RFC 3339 timestamp."
        )
    if value == NO_END_DATE:
        return value  # the same as answering with the route alone
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Refused("contract_end_date_invalid", "contract_end_date is not a date.") from None
    if moment.date() < today:
        raise Refused("contract_end_date_invalid", "contract_end_date is in the past.")
    return value
