"""What Connect sends: a page (route, actions, payload) and the typed payloads we render.

Replies are read tolerantly (A6): the payload comes from `data` when present, otherwise from the
top level; unknown fields are ignored; enum values we do not know are kept as plain strings.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from connect_app.connect import periods

# Fields of the reply envelope, never part of what a page shows. The token especially must
# never reach a template.
ENVELOPE_FIELDS = frozenset({"connect_token", "route", "actions", "live_mode", "object"})

# Bounds far beyond any home battery, so every figure can be formatted and charted.
Money = Annotated[Decimal, Field(allow_inf_nan=False, ge=-1_000_000_000, le=1_000_000_000)]
Energy = Annotated[Decimal, Field(allow_inf_nan=False, ge=-1_000_000_000, le=1_000_000_000)]
# Dates outside these years are a corrupt payload, and would overflow date arithmetic anyway.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def _calendar_year(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"date outside {FIRST_YEAR}-{LAST_YEAR}")
    return value


CalendarDate = Annotated[dt.date, AfterValidator(_calendar_year)]


def _web_link(value: str | None) -> str | None:
    """Shown as a link, so anything but http(s) (javascript:, data:) is dropped, not rendered."""
    if value and re.match(r"^https?://[^\s]+$", value, re.IGNORECASE):
        return value
    return None


WebLink = Annotated[str | None, AfterValidator(_web_link)]


def _iso_currency(value: str) -> str:
    code = value.strip().upper()
    if not re.match(r"^[A-Z]{3}$", code):
        raise ValueError("currency_code is not an ISO 4217 code")
    return code


IsoCurrency = Annotated[str, AfterValidator(_iso_currency)]

_ROUTE = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
_ACTION = re.compile(r"^[A-Z0-9_]{1,64}$")


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Payload(Frozen):
    """A page's payload as one model, read from the page: `Model.of(page)`.

    Read once per page object: the boundary reads a reply's payload to refuse what no page can
    show (A7), and the page builder of the same request reads it again.
    """

    @classmethod
    def of(cls, page: Page) -> Self:
        found = page._typed.get(cls)
        if not isinstance(found, cls):
            found = page._typed[cls] = cls.model_validate(page.payload)
        return found


class Page(Frozen):
    """One Connect page: where the customer is and what they may do next."""

    route: str
    actions: tuple[str, ...] = ()
    payload: dict[str, Any] = Field(default_factory=dict)
    live_mode: bool | None = None
    # The payload's models read so far (Payload.of); never part of what is stored.
    _typed: dict[type, Any] = PrivateAttr(default_factory=dict)

    @field_validator("route")
    @classmethod
    def _route_is_a_name(cls, value: str) -> str:
        if not _ROUTE.match(value):
            raise ValueError("route is not a route name")
        return value

    @field_validator("actions", mode="before")
    @classmethod
    def _actions_are_names(cls, value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list | tuple):
            raise ValueError("actions must be a list")
        # An action we could not post back is dropped rather than failing the whole page.
        return tuple(dict.fromkeys(a for a in value if isinstance(a, str) and _ACTION.match(a)))

    @classmethod
    def from_reply(cls, reply: dict[str, Any]) -> Page:
        """Build a page from a decoded reply body (raises pydantic's ValidationError)."""
        data = reply.get("data")
        if isinstance(data, dict):
            payload = {k: v for k, v in data.items() if k not in ENVELOPE_FIELDS}
        else:
            payload = {k: v for k, v in reply.items() if k not in ENVELOPE_FIELDS and k != "data"}
        live_mode = reply.get("live_mode")
        return cls.model_validate(
            {
                "route": reply.get("route"),
                "actions": reply.get("actions"),
                "payload": payload,
                "live_mode": live_mode if isinstance(live_mode, bool) else None,
            }
        )

    def without(self, secret: str) -> Page:
        """This page with `secret` (the connect token) masked wherever a value repeats it."""
        masked = _masked(self.payload, secret)
        if masked == self.payload:
            return self
        # A new page: what was read of the unmasked payload must not be shown.
        return Page.model_validate({**self.model_dump(), "payload": masked})

    def offers(self, action: str) -> bool:
        """BACK and CLOSE are always allowed (A4); anything else only when the page lists it."""
        return action in {"BACK", "CLOSE"} or action in self.actions

    def time_zone(self) -> str:
        """The IANA zone the page states (`timezone`), or ""."""
        zone = self.payload.get("timezone")
        return zone.strip() if isinstance(zone, str) and 0 < len(zone.strip()) <= 64 else ""

    def period_types(self) -> tuple[str, ...]:
        """The period types a vpp_summary offers for CHANGE_PERIOD, in any case as listed (none
        listed: any)."""
        performance = self.payload.get("performance")
        return (
            periods.listed(performance.get("available_period_types"))
            if isinstance(performance, dict)
            else ()
        )


def _masked(value: Any, secret: str) -> Any:
    if isinstance(value, str):
        return value.replace(secret, "[hidden]") if secret and secret in value else value
    if isinstance(value, list):
        return [_masked(item, secret) for item in value]
    if isinstance(value, dict):
        return {key: _masked(item, secret) for key, item in value.items()}
    return value


class ProgrammeNames(Frozen):
    provider_id: str | None = None
    provider_display_name: str | None = None
    programme_id: str | None = None
    programme_display_name: str | None = None
    learn_more_url: WebLink = None


class Programme(ProgrammeNames):
    participation_state: str | None = None


class SeriesEntry(Frozen):
    """One bucket of performance: a local date, or a moment (hourly series of a DAY)."""

    date: dt.date | dt.datetime
    dispatched_kwh: Energy = Decimal(0)
    earnings: Money = Decimal(0)

    @field_validator("date", mode="before")
    @classmethod
    def _date_or_moment(cls, value: Any) -> dt.date | dt.datetime:
        if not isinstance(value, str):
            raise ValueError("date must be a string")
        if "T" in value or " " in value.strip():
            moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            _calendar_year(moment.date())
            return moment
        return _calendar_year(dt.date.fromisoformat(value.strip()))


class Performance(Frozen):
    period_type: str
    period_start: CalendarDate
    period_end: CalendarDate | None = None
    available_period_types: tuple[str, ...] = ()
    has_previous: bool = False
    has_next: bool = False
    energy_dispatched_kwh: Energy = Decimal(0)
    earnings: Money = Decimal(0)
    series: tuple[SeriesEntry, ...] = ()

    @field_validator("period_type")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.strip().upper()

    @field_validator("available_period_types", mode="before")
    @classmethod
    def _known_shape(cls, value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list | tuple):
            raise ValueError("available_period_types must be a list")
        return periods.listed(value)


class VppSummary(Payload):
    """The `vpp_summary` payload (busbar puts it at the top level of the reply)."""

    timezone: str = "UTC"
    currency_code: IsoCurrency = "USD"
    tariff_connected: bool | None = None
    programme: Programme = Field(default_factory=Programme)
    performance: Performance

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("timezone is not an IANA time zone") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class LandingProgramme(ProgrammeNames):
    """A programme offered on `vpp_landing` (newer shape; the older one is mapped onto it)."""

    subscription_status: str | None = None


class VppLanding(Payload):
    """The `vpp_landing` payload: `data.programmes[]`, or the older `data.providers[]`."""

    tariff_connected: bool | None = None
    programmes: tuple[LandingProgramme, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _older_shape(cls, value: Any) -> Any:
        if (
            isinstance(value, dict)
            and "programmes" not in value
            and isinstance(value.get("providers"), list)
        ):
            value = dict(value)
            value["programmes"] = [
                {
                    "provider_id": p.get("id"),
                    "provider_display_name": p.get("provider_name"),
                    "programme_display_name": p.get("programme_name"),
                }
                for p in value["providers"]
                if isinstance(p, dict)
            ]
        return value


# Keys of an unknown page whose values are prose for the customer rather than fields to list.
MESSAGE_KEYS = ("message", "description", "title", "text")


class UnknownPayload(Payload):
    """A page nobody has documented (A9): its words for the customer, and the rest as sent."""

    messages: tuple[str, ...] = ()
    details: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        messages = tuple(
            value[key].strip()
            for key in MESSAGE_KEYS
            if isinstance(value.get(key), str) and value[key].strip()
        )
        details = {k: v for k, v in value.items() if k not in MESSAGE_KEYS}
        return {"messages": messages, "details": details}


class ExitPayload(Payload):
    """A reply that sends the browser elsewhere instead of showing a page (A8): its address,
    the first of `URL_KEYS` that is set ("" when none is a string)."""

    URL_KEYS: ClassVar[tuple[str, ...]] = ()
    url: str = ""

    @model_validator(mode="before")
    @classmethod
    def _first_url(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        found = next((value[key] for key in cls.URL_KEYS if value.get(key)), "")
        return {"url": found.strip() if isinstance(found, str) else ""}


class RedirectPayload(ExitPayload):
    """`session_redirect`: a page elsewhere, `redirect_url` (zero: `redirect_uri`)."""

    URL_KEYS = ("redirect_url", "redirect_uri")


class CompletePayload(ExitPayload):
    """`session_complete`: the integrator's `callback_uri` (or `callback_url`)."""

    URL_KEYS = ("callback_uri", "callback_url")
