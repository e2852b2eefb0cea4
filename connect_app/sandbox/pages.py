"""The pages the sandbox can be on, and the JSON Connect sends for each of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from connect_app.sandbox.customers import DemoCustomer
from connect_app.sandbox.data import Performance, SeriesEntry, local_today, performance
from connect_app.sandbox.participation import participation
from connect_app.sandbox.periods import AVAILABLE_PERIOD_TYPES, Period, PeriodType


class Route(StrEnum):
    """Routes the sandbox answers with."""

    VPP_SUMMARY = "vpp_summary"
    VPP_LANDING = "vpp_landing"
    VPP_PARTICIPATION = "vpp_participation"
    POSTAL_ADDRESS_INPUT = "postal_address_input"
    SESSION_REDIRECT = "session_redirect"


class Action(StrEnum):
    """Actions a customer can take on sandbox pages."""

    CONNECT_TARIFF = "CONNECT_TARIFF"
    CHANGE_PERIOD = "CHANGE_PERIOD"
    MANAGE_PAYMENTS = "MANAGE_PAYMENTS"
    MANAGE_PARTICIPATION = "MANAGE_PARTICIPATION"
    BACK = "BACK"
    CLOSE = "CLOSE"


# Every page accepts these, listed or not (Part A4).
ALWAYS_ALLOWED = frozenset({Action.BACK, Action.CLOSE})


@dataclass(frozen=True)
class PageState:
    """Which page a session is on; what is stored, the payload is rebuilt on every call."""

    route: Route
    period: Period | None = None

    def to_json(self) -> dict[str, str]:
        """The state as stored in the session row."""
        stored = {"route": self.route.value}
        if self.period is not None:
            stored["period_type"] = self.period.type.value
            stored["period_start"] = self.period.start.isoformat()
        return stored

    @classmethod
    def from_json(cls, stored: dict[str, str]) -> PageState:
        """The state back from the session row."""
        period = None
        if "period_type" in stored:
            period = Period(
                PeriodType(stored["period_type"]), dt.date.fromisoformat(stored["period_start"])
            )
        return cls(Route(stored["route"]), period)


def first_page(customer: DemoCustomer, now: dt.datetime) -> PageState:
    """Where session_start lands: the current month's summary, or the landing page if new."""
    if not customer.is_enrolled:
        return PageState(Route.VPP_LANDING)
    return PageState(
        Route.VPP_SUMMARY, Period.containing(PeriodType.MONTH, local_today(customer, now))
    )


def offered_actions(page: PageState, customer: DemoCustomer) -> list[Action]:
    """The `actions` list of a page, in Connect's order."""
    if page.route is Route.VPP_SUMMARY:
        actions = [] if customer.tariff_connected else [Action.CONNECT_TARIFF]
        actions += [Action.CHANGE_PERIOD, Action.MANAGE_PAYMENTS, Action.MANAGE_PARTICIPATION]
        return [*actions, Action.BACK, Action.CLOSE]
    if page.route is Route.VPP_LANDING and not customer.tariff_connected:
        return [Action.CONNECT_TARIFF, Action.BACK, Action.CLOSE]
    return [Action.BACK, Action.CLOSE]


def render(page: PageState, customer: DemoCustomer, token: str, now: dt.datetime) -> dict[str, Any]:
    """The full reply body for a page."""
    envelope: dict[str, Any] = {"connect_token": token, "route": page.route.value}
    if page.route is Route.VPP_SUMMARY:
        # Busbar summary pages carry their payload at the top level, not under `data`.
        return {**envelope, **_summary(page, customer, now)}
    envelope["live_mode"] = False
    envelope["actions"] = [action.value for action in offered_actions(page, customer)]
    envelope["data"] = _data(page, customer, now)
    return envelope


def redirect(token: str, url: str) -> dict[str, Any]:
    """A session_redirect reply sending the browser to `url`."""
    return {
        "connect_token": token,
        "route": Route.SESSION_REDIRECT.value,
        "live_mode": False,
        "data": {"redirect_url": url},
    }


def programme_object(customer: DemoCustomer) -> dict[str, str]:
    """The programme as vpp_summary and vpp_participation describe it."""
    programme = customer.programme
    return {
        "provider_id": programme.provider_id,
        "provider_display_name": programme.provider_display_name,
        "programme_id": programme.programme_id,
        "programme_display_name": programme.programme_display_name,
        "learn_more_url": programme.learn_more_url,
        "participation_state": customer.participation_state,
    }


def _summary(page: PageState, customer: DemoCustomer, now: dt.datetime) -> dict[str, Any]:
    assert page.period is not None, "a vpp_summary page always has a period"
    return {
        "timezone": customer.timezone,
        "currency_code": customer.currency_code,
        "live_mode": False,
        "actions": [action.value for action in offered_actions(page, customer)],
        "tariff_connected": customer.tariff_connected,
        "programme": programme_object(customer),
        "performance": _performance_object(performance(customer, page.period, now)),
    }


def _data(page: PageState, customer: DemoCustomer, now: dt.datetime) -> dict[str, Any]:
    if page.route is Route.VPP_LANDING:
        programme = programme_object(customer)
        programme["subscription_status"] = programme.pop("participation_state")
        return {"tariff_connected": customer.tariff_connected, "programmes": [programme]}
    if page.route is Route.VPP_PARTICIPATION:
        state = participation(customer, local_today(customer, now))
        return {
            "programme": programme_object(customer),
            "participation_state": list(state.timeline),
            "current_state": state.current_state,
            "control_active": state.control_active,
            "telemetry_active": state.telemetry_active,
            "suspension_reasons": list(state.suspension_reasons),
        }
    if page.route is Route.POSTAL_ADDRESS_INPUT:
        country = "GB" if customer.currency_code == "GBP" else "US"
        address = {"address_line1": "", "city": "", "post_code": "", "country_code": country}
        return {"postal_address": address}
    raise ValueError(f"no page payload for route {page.route}")


def _performance_object(result: Performance) -> dict[str, Any]:
    return {
        "period_type": result.period.type.value,
        "period_start": result.period.start.isoformat(),
        "period_end": result.period.end.isoformat(),
        "available_period_types": [period_type.value for period_type in AVAILABLE_PERIOD_TYPES],
        "has_previous": result.has_previous,
        "has_next": result.has_next,
        "energy_dispatched_kwh": _number(result.energy_dispatched_kwh),
        "earnings": _number(result.earnings),
        "series": [_series_entry(entry) for entry in result.series],
    }


def _series_entry(entry: SeriesEntry) -> dict[str, Any]:
    return {
        "date": entry.date.isoformat(),
        "dispatched_kwh": _number(entry.dispatched_kwh),
        "earnings": _number(entry.earnings),
    }


def _number(value: Decimal) -> float:
    """A cent-rounded Decimal as a JSON number.

    Connect sends plain numbers; a float's shortest repr of a two-decimal value is exactly
    those two decimals, so nothing is lost on the wire.
    """
    return float(value)
