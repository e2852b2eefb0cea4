"""The routes the sandbox answers with, the actions it accepts, and the page a session is on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from connect_sandbox.periods import Period, PeriodType


class Route(StrEnum):
    """The pages a sandbox session can be on.

    VPP pages' values are their route names. Tariff pages' values are the keys they are stored
    under; the name a page is sent as depends on the session (tariff/names.py).
    """

    VPP_SUMMARY = "vpp_summary"
    VPP_LANDING = "vpp_landing"
    VPP_PARTICIPATION = "vpp_participation"
    VPP_LEAVE_ACTION = "vpp_leave_action"
    VPP_LEAVE_PROGRESS = "vpp_leave_progress"
    VPP_PAYMENT_HISTORY = "vpp_payment_history"
    POSTAL_ADDRESS_INPUT = "postal_address_input"
    PROVIDER_SELECT = "provider_select"
    PROVIDER_NAME_CAPTURE = "provider_name_capture"
    TARIFF_SELECT = "tariff_select"
    TARIFF_NAME_INPUT = "tariff_name_input"
    PLAN_STRUCTURE = "plan_structure"
    RATE_FIXED = "rate_fixed_capture"
    RATE_TIME_OF_DAY = "rate_tod_capture"
    SURCHARGE_CAPTURE = "surcharge_capture"
    REGION_SELECT = "region_select"
    CONTRACT_TERM_CAPTURE = "contract_term_capture"
    TARIFF_SUMMARY = "tariff_summary"
    TARIFF_CONNECTION_PENDING = "tariff_connection_pending"
    TARIFF_CONNECTION_FAILED = "tariff_connection_failed"
    COMPLETE_TARIFF = "complete_tariff"
    SESSION_REDIRECT = "session_redirect"


class Action(StrEnum):
    """Actions a customer can take on sandbox pages."""

    CONNECT_TARIFF = "CONNECT_TARIFF"
    CHANGE_PERIOD = "CHANGE_PERIOD"
    MANAGE_PAYMENTS = "MANAGE_PAYMENTS"
    MANAGE_PARTICIPATION = "MANAGE_PARTICIPATION"
    LEAVE_PROGRAMME = "LEAVE_PROGRAMME"
    CONFIRM_LEAVE = "CONFIRM_LEAVE"
    REJOIN_PROGRAMME = "REJOIN_PROGRAMME"
    PROVIDER_MISSING = "PROVIDER_MISSING"
    ADDRESS_CHANGE = "ADDRESS_CHANGE"
    TARIFF_MISSING = "TARIFF_MISSING"
    EDIT = "EDIT"
    DISCONNECT = "DISCONNECT"
    WRONG_TARIFF = "WRONG_TARIFF"
    RECONNECT = "RECONNECT"
    DISMISS_DIRECT = "DISMISS_DIRECT"
    # busbar's plan_structure lists its choices as actions.
    FIXED = "FIXED"
    TIME_OF_DAY = "TIME_OF_DAY"
    MARKET = "MARKET"
    DYNAMIC = "DYNAMIC"
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
