"""What Flatpeak's web client (flat-peak/flatpeak-connect-web, anode, on `main`) declares of the
pages it renders: its TypeScript types (src/features/connect/lib/types.ts) restated as checks.

The client is written against Connect, so a page the sandbox sends must have these types or
the client breaks: a `null` where it declares a number is turned into minor units by big.js,
which throws, and the page goes blank. Fields it does not declare are ignored, as it ignores
them. Two places follow Connect's documentation rather than the client's declarations, and say
why where they do.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

Check = Callable[[Any, str], list[str]]


def string(value: Any, where: str) -> list[str]:
    return [] if isinstance(value, str) else [f"{where}: {value!r} is not a string"]


def number(value: Any, where: str) -> list[str]:
    """A JSON number: never null, never a bool, never a string of digits."""
    ok = (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )
    return [] if ok else [f"{where}: {value!r} is not a number"]


def boolean(value: Any, where: str) -> list[str]:
    return [] if isinstance(value, bool) else [f"{where}: {value!r} is not a boolean"]


def one_of(*choices: str) -> Check:
    def check(value: Any, where: str) -> list[str]:
        return [] if value in choices else [f"{where}: {value!r} is not one of {choices}"]

    return check


def or_null(inner: Check) -> Check:
    def check(value: Any, where: str) -> list[str]:
        return [] if value is None else inner(value, where)

    return check


def list_of(inner: Check) -> Check:
    def check(value: Any, where: str) -> list[str]:
        if not isinstance(value, list):
            return [f"{where}: {value!r} is not a list"]
        return [problem for i, item in enumerate(value) for problem in inner(item, f"{where}[{i}]")]

    return check


def shape(**fields: Check) -> Check:
    """An object with these fields; a name ending in "_" is optional (TypeScript's `?`)."""

    def check(value: Any, where: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{where}: {value!r} is not an object"]
        problems: list[str] = []
        for name, inner in fields.items():
            key = name.removesuffix("_")
            if key not in value:
                if not name.endswith("_"):
                    problems.append(f"{where}.{key} is missing")
                continue
            problems += inner(value[key], f"{where}.{key}")
        return problems

    return check


STRUCTURE = one_of("FIXED", "TIME_OF_DAY", "MARKET", "DYNAMIC")
PROVIDER = shape(id=string, display_name=string, logo_url=string)
POSTAL_ADDRESS = shape(
    address_line1_=string,
    address_line2_=string,
    city_=string,
    country_code_=string,
    post_code_=string,
    state_=string,
)
RATE_ENTRY = shape(tariff=shape(confidence=number, cost=number), valid_from=string, valid_to=string)
HOURS = list_of(shape(cost=number, valid_from=string, valid_to=string))

# RenderRouteDataMapping: each route's `data`.
DATA: dict[str, Check] = {
    "postal_address_capture": shape(postal_address=POSTAL_ADDRESS),
    "provider_select": shape(providers=list_of(PROVIDER), postal_address=POSTAL_ADDRESS),
    "provider_name_capture": shape(provider=shape(name=string), postal_address=POSTAL_ADDRESS),
    "tariff_select": shape(
        tariffs=list_of(shape(id=string, name=string, description=string)),
        postal_address=POSTAL_ADDRESS,
        provider=PROVIDER,
    ),
    "tariff_name_capture": shape(tariff=shape(name=string), provider=PROVIDER),
    "tariff_structure_select": shape(options=list_of(STRUCTURE), provider=PROVIDER),
    # Declared a string; Connect documents null for an end nobody has given (Part B §6), and
    # the client reads it as "no date chosen" (`contract_end_date ? new Date(...) : null`).
    "contract_term_capture": shape(contract_end_date=or_null(string), provider=PROVIDER),
    "rate_fixed_capture": shape(currency_code=string, cost=number, provider=PROVIDER),
    "rate_tod_capture": shape(currency_code=string, hours=HOURS, provider=PROVIDER),
    "region_select": shape(regions=list_of(string), region_=string, provider=PROVIDER),
    "surcharge_capture": shape(
        currency_code=string,
        surcharge=shape(fixed=number, percentage=number),
        regions_=list_of(string),
        region_=string,
        provider=PROVIDER,
    ),
    "tariff_summary": shape(
        currency_code=string,
        market_rates_source=boolean,
        tariff=shape(
            name=string,
            contract_end_date_=string,
            reconnect_required_=boolean,
            structure_type_=STRUCTURE,
            tiered_=boolean,
        ),
        rates=shape(
            today=list_of(RATE_ENTRY),
            yesterday=list_of(RATE_ENTRY),
            tomorrow=list_of(RATE_ENTRY),
        ),
        provider=PROVIDER,
    ),
    "tariff_connection_pending": shape(provider=PROVIDER),
    "tariff_connection_failed": shape(provider=PROVIDER),
    "session_redirect": shape(redirect_url=string),
}
# CommonRenderRoute. Its `type` is declared "render", but Connect documents the tariff's kind
# there (COMMODITY) and the client never reads it, so it is not checked.
ENVELOPE = shape(
    route=one_of(*DATA, "complete_tariff"),
    connect_token=string,
    live_mode=boolean,
    actions_=list_of(string),
)
# Pages of the tariff flow carry the direction; session_redirect is not one of them.
TARIFF_ENVELOPE = shape(direction=one_of("IMPORT", "EXPORT"))


def problems_with(page: Any) -> list[str]:
    """Every way `page` differs from what the client declares; empty when it renders."""
    found = ENVELOPE(page, "page")
    if found:
        return found
    route = page["route"]
    if route != "session_redirect":
        found += TARIFF_ENVELOPE(page, "page")
    if route in DATA:
        found += DATA[route](page.get("data"), "data")
    return found


def logo_urls(page: Any) -> list[str]:
    """Every provider logo a page makes the client load."""
    data = page.get("data") if isinstance(page, dict) else None
    if not isinstance(data, dict):
        return []
    providers = list(data.get("providers") or [])
    if isinstance(data.get("provider"), dict):
        providers.append(data["provider"])
    return [p["logo_url"] for p in providers if isinstance(p, dict) and p.get("logo_url")]
