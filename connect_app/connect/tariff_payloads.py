"""The tariff pages' payloads (Part B §6.1), one frozen model each, read tolerantly (A6).

Pages and forms read these models, never the raw payload. Every field may be missing; a field
of the wrong type reads as missing (a price that is not a number, a list that is not a list),
an item of a list that does not fit is dropped, and unknown fields are ignored, so a page
always renders with what it could read. Both published route names share a model
(docs/tariff-flow.md).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ValidationError, field_validator, model_validator

from connect_app.connect.replies import Frozen, Payload

# The plan structures Connect names; busbar's plan_structure also lists them as actions.
STRUCTURE_CODES = ("FIXED", "TIME_OF_DAY", "MARKET", "DYNAMIC", "ADVANCED_TARIFF_INPUT")
# Connect writes "no end date" as the first moment of year 1 (Part B §6.1).
OPEN_ENDED_BEFORE_YEAR = 1900

M = TypeVar("M", bound=BaseModel)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _price(value: Any) -> Decimal | None:
    """A JSON number (major units), if it is one: never a bool, NaN or infinity."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        found = Decimal(str(value).strip())
    except (ArithmeticError, InvalidOperation):
        return None
    return found if found.is_finite() else None


def _currency(value: Any) -> str:
    code = _text(value).upper()
    return code if re.fullmatch(r"[A-Z]{3}", code) else "USD"


def _moment(value: Any) -> dt.datetime | None:
    """An RFC 3339 moment with its offset; anything else reads as missing."""
    try:
        moment = dt.datetime.fromisoformat(_text(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(dict.fromkeys(_text(v) for v in value if _text(v)))


Text = Annotated[str, BeforeValidator(_text)]
Price = Annotated[Decimal | None, BeforeValidator(_price)]
Currency = Annotated[str, BeforeValidator(_currency)]
Moment = Annotated[dt.datetime | None, BeforeValidator(_moment)]
Names = Annotated[tuple[str, ...], BeforeValidator(_names)]


def valid_items(value: Any, model: type[M]) -> tuple[M, ...]:
    """The items of a list that fit `model`; anything else is dropped (A6)."""
    if not isinstance(value, list | tuple):
        return ()
    items = []
    for item in value:
        try:
            items.append(model.model_validate(item))
        except ValidationError:
            continue
    return tuple(items)


def _object_or_none(value: Any) -> Any:
    return value if isinstance(value, dict) else None


def _object(value: Any) -> Any:
    """An object field that is not an object reads as an empty one."""
    return value if isinstance(value, dict) else {}


MaybeObject = Annotated[M | None, BeforeValidator(_object_or_none)]
Object = Annotated[M, BeforeValidator(_object)]


class Provider(Frozen):
    """An energy provider as a page names it. `name` is what a customer typed on the name page;
    `display_name` is how Connect shows it (display_name, provider_display_name, else name)."""

    id: Text = ""
    name: Text = ""
    display_name: Text = ""
    logo_url: Text = ""

    @model_validator(mode="before")
    @classmethod
    def _display_name(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        keys = ("display_name", "provider_display_name", "name")
        shown = next((_text(value[key]) for key in keys if _text(value.get(key))), "")
        return {**value, "display_name": shown}


class WithProvider(Payload):
    """Most tariff pages say which provider they concern."""

    provider: MaybeObject[Provider] = None


class PostalAddress(Frozen):
    address_line1: Text = ""
    address_line2: Text = ""
    city: Text = ""
    state: Text = ""
    post_code: Text = ""
    country_code: Text = ""


class AddressPage(Payload):
    """`postal_address_input` (busbar) / `postal_address_capture` (anode)."""

    postal_address: Object[PostalAddress] = PostalAddress()


class ProviderList(Payload):
    """`provider_select`: the providers serving the address, those with an id and a name."""

    providers: tuple[Provider, ...] = ()

    @field_validator("providers", mode="before")
    @classmethod
    def _listed(cls, value: Any) -> tuple[Provider, ...]:
        return tuple(p for p in valid_items(value, Provider) if p.id and p.display_name)


class Named(Frozen):
    name: Text = ""


class ProviderNamePage(WithProvider):
    """`provider_name_capture`: a provider that was not listed, typed in."""


class TariffOption(Frozen):
    id: Text
    name: Text = ""
    description: Text = ""


class TariffList(WithProvider):
    """`tariff_select`: the provider's tariffs, those with an id."""

    tariffs: tuple[TariffOption, ...] = ()

    @field_validator("tariffs", mode="before")
    @classmethod
    def _listed(cls, value: Any) -> tuple[TariffOption, ...]:
        return tuple(t for t in valid_items(value, TariffOption) if t.id)


class TariffNamePage(WithProvider):
    """`tariff_name_input` (busbar) / `tariff_name_capture` (anode)."""

    tariff: Object[Named] = Named()


class StructureChoice(WithProvider):
    """`plan_structure` (busbar, its choices also actions) / `tariff_structure_select` (anode)."""

    options: Names = ()

    def offered(self, actions: tuple[str, ...]) -> tuple[str, ...]:
        """The structures offered: `options`, then busbar's choices listed as actions."""
        return self.options + tuple(
            a for a in actions if a in STRUCTURE_CODES and a not in self.options
        )


class PriceBand(Frozen):
    """One time-of-day band as Connect writes it: "HH:MM:SS" times and a major-unit cost."""

    valid_from: Text = ""
    valid_to: Text = ""
    cost: Price = None


class Prices(WithProvider):
    """`rate_fixed_capture`, `rate_tod_capture` (anode) and busbar's `price_input`, which is
    one or the other by what it carries."""

    currency_code: Currency = "USD"
    structure_type: Text = ""
    cost: Price = None
    hours: tuple[PriceBand, ...] = ()
    # Whether `hours` was a list at all (busbar's price_input is time of day then).
    lists_bands: bool = False

    @model_validator(mode="before")
    @classmethod
    def _bands(cls, value: Any) -> Any:
        if isinstance(value, dict):
            hours = value.get("hours")
            value = {**value, "lists_bands": isinstance(hours, list)}
            value["hours"] = valid_items(hours, PriceBand)
        return value

    @property
    def time_of_day(self) -> bool:
        return self.lists_bands or self.structure_type.upper() == "TIME_OF_DAY"


class SurchargeAmounts(Frozen):
    fixed: Price = None
    percentage: Price = None


class SurchargePage(WithProvider):
    """`surcharge_capture`: what a market tariff adds to the market price."""

    currency_code: Currency = "USD"
    surcharge: Object[SurchargeAmounts] = SurchargeAmounts()
    regions: Names = ()
    region: Text = ""


class RegionChoice(WithProvider):
    """`region_select`."""

    regions: Names = ()
    region: Text = ""


class ContractTerm(WithProvider):
    """`contract_term_capture`: when the contract ends, open-ended, or not known."""

    contract_end_date: Moment = None

    @property
    def open_ended(self) -> bool:
        end = self.contract_end_date
        return end is not None and end.year < OPEN_ENDED_BEFORE_YEAR

    @property
    def ends_on(self) -> dt.date | None:
        end = self.contract_end_date
        return None if end is None or self.open_ended else end.date()


class Rate(Frozen):
    """One stretch of a day's prices: `{tariff: {cost}, valid_from, valid_to}` or a bare cost."""

    cost: Price = None
    valid_from: Moment = None
    valid_to: Moment = None

    @model_validator(mode="before")
    @classmethod
    def _nested_cost(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("tariff"), dict):
            value = {**value, "cost": value["tariff"].get("cost")}
        return value


def _today(value: Any) -> tuple[Rate, ...]:
    """`{"today": [rates]}` as its rates."""
    return valid_items(value.get("today") if isinstance(value, dict) else None, Rate)


class TariffFacts(ContractTerm):
    """A tariff as the summary describes it (anode's `tariff`, an item of busbar's `tariffs`)."""

    name: Text = ""
    display_name: Text = ""
    structure_type: Text = ""
    status: Text = ""
    prices_today: tuple[Rate, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _prices(cls, value: Any) -> Any:
        if isinstance(value, dict):
            value = {**value, "prices_today": _today(value.get("prices"))}
        return value


class TariffSummary(WithProvider):
    """`tariff_summary` (anode, one `tariff` under `data`) and `tariffs_summary` (busbar,
    `tariffs[]` at the top level)."""

    timezone: Text = ""
    currency_code: Currency = "USD"
    tariff: MaybeObject[TariffFacts] = None
    rates_today: tuple[Rate, ...] = ()
    tariffs: tuple[TariffFacts, ...] = ()
    # Whether the page is busbar's list shape (`tariffs` a list), even an empty one.
    lists_tariffs: bool = False

    @model_validator(mode="before")
    @classmethod
    def _shapes(cls, value: Any) -> Any:
        if isinstance(value, dict):
            tariffs = value.get("tariffs")
            value = {**value, "lists_tariffs": isinstance(tariffs, list)}
            value["tariffs"] = valid_items(tariffs, TariffFacts)
            value["rates_today"] = _today(value.get("rates"))
        return value

    def todays_rates(self) -> tuple[Rate, ...]:
        """Anode's `rates.today`, or the first busbar tariff that has prices for today."""
        if not self.lists_tariffs:
            return self.rates_today
        return next((t.prices_today for t in self.tariffs if t.prices_today), ())


class StatusPage(WithProvider):
    """`tariff_connection_pending`, `tariff_connection_failed`, `complete_tariff`."""

    message: Text = ""
