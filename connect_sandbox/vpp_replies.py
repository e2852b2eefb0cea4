"""What each VPP page carries and offers (the tariff pages' are in tariff/replies.py).

vpp_summary carries its fields at the top level, as busbar sends it; the other VPP pages under
`data`. Each page but the landing carries the programme's `timezone` and `currency_code`,
because the app renders its dates and amounts in them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from connect_sandbox.customers import Programme
from connect_sandbox.leaving import NEXT_STEPS, leave_progress, leave_terms
from connect_sandbox.participation import Participation
from connect_sandbox.payments import payment_history, payment_method, payment_support
from connect_sandbox.performance import Performance, SeriesEntry, performance
from connect_sandbox.periods import AVAILABLE_PERIOD_TYPES, Period
from connect_sandbox.routes import Action, PageState, Route
from connect_sandbox.standing import Standing
from connect_sandbox.wire import number, utc_stamp


def vpp_actions(route: Route, standing: Standing) -> list[Action]:
    """A VPP page's own actions, before BACK and CLOSE."""
    tariff = [] if standing.tariff_connected else [Action.CONNECT_TARIFF]
    if route is Route.VPP_SUMMARY:
        return [
            *tariff,
            Action.CHANGE_PERIOD,
            Action.MANAGE_PAYMENTS,
            Action.MANAGE_PARTICIPATION,
        ]
    if route is Route.VPP_LANDING:
        return tariff
    if route is Route.VPP_PARTICIPATION:
        return [Action.LEAVE_PROGRAMME] if standing.may_leave else []
    if route is Route.VPP_LEAVE_ACTION:
        return [Action.CONFIRM_LEAVE] if standing.may_leave else []
    if route is Route.VPP_PAYMENT_HISTORY:
        return [Action.REJOIN_PROGRAMME] if standing.may_rejoin else []
    return []


def vpp_page(
    page: PageState, standing: Standing, token: str, actions: list[str], now: dt.datetime
) -> dict[str, Any]:
    """The full reply body of a VPP page."""
    envelope: dict[str, Any] = {"connect_token": token, "route": page.route.value}
    if page.route is Route.VPP_SUMMARY:
        if page.period is None:
            raise ValueError("a vpp_summary page always has a period")
        return {**envelope, **_summary(page.period, standing, actions, now)}
    envelope["live_mode"] = False
    envelope["actions"] = actions
    envelope["data"] = _data(page.route, standing, now)
    return envelope


def _programme_object(programme: Programme) -> dict[str, str]:
    """The programme as Connect's VPP pages describe it."""
    return {
        "provider_id": programme.provider_id,
        "provider_display_name": programme.provider_display_name,
        "programme_id": programme.programme_id,
        "programme_display_name": programme.programme_display_name,
        "learn_more_url": programme.learn_more_url,
    }


def _summary(
    period: Period, standing: Standing, actions: list[str], now: dt.datetime
) -> dict[str, Any]:
    """vpp_summary's fields: the programme, and performance over the period on screen."""
    customer = standing.customer
    return {
        "timezone": customer.timezone,
        "currency_code": customer.currency_code,
        "live_mode": False,
        "actions": actions,
        "tariff_connected": standing.tariff_connected,
        "programme": {
            **_programme_object(customer.programme),
            "participation_state": standing.participation_state,
        },
        "performance": _performance_object(performance(customer, period, now)),
    }


def _performance_object(result: Performance) -> dict[str, Any]:
    return {
        "period_type": result.period.type.value,
        "period_start": result.period.start.isoformat(),
        "period_end": result.period.end.isoformat(),
        "available_period_types": [period_type.value for period_type in AVAILABLE_PERIOD_TYPES],
        "has_previous": result.has_previous,
        "has_next": result.has_next,
        "energy_dispatched_kwh": number(result.energy_dispatched_kwh),
        "earnings": number(result.earnings),
        "series": [_series_entry(entry) for entry in result.series],
    }


def _series_entry(entry: SeriesEntry) -> dict[str, Any]:
    return {
        "date": entry.date.isoformat(),
        "dispatched_kwh": number(entry.dispatched_kwh),
        "earnings": number(entry.earnings),
    }


def _data(route: Route, standing: Standing, now: dt.datetime) -> dict[str, Any]:
    """The `data` object of a VPP page other than vpp_summary."""
    customer = standing.customer
    if route is Route.VPP_LANDING:
        programme = _programme_object(customer.programme)
        programme["subscription_status"] = standing.subscription_status
        return {"tariff_connected": standing.tariff_connected, "programmes": [programme]}
    context = {
        "programme": _programme_object(customer.programme),
        "timezone": customer.timezone,
        "currency_code": customer.currency_code,
    }
    if route is Route.VPP_PARTICIPATION:
        return {**context, **_participation(standing, now).to_json()}
    if route is Route.VPP_LEAVE_ACTION:
        terms = leave_terms(customer, now)
        return {
            **context,
            "consequences": [point.to_json() for point in terms.consequences],
            "notice_period_days": terms.notice_period_days,
            "final_payment_date": terms.final_payment_date.isoformat(),
        }
    if route is Route.VPP_LEAVE_PROGRESS:
        if standing.leave_requested_at is None:
            raise ValueError("a leave progress page needs a leave request")
        progress = leave_progress(_participation(standing, now), standing.leave_requested_at)
        return {
            **context,
            "status": progress.status,
            "requested_at": utc_stamp(progress.requested_at),
            "expected_completion_at": utc_stamp(progress.expected_completion_at),
            "next_steps": [point.to_json() for point in NEXT_STEPS],
            "participation_state": [entry.to_json() for entry in progress.timeline],
        }
    if route is Route.VPP_PAYMENT_HISTORY:
        return {
            **context,
            "payments": [payment.to_json() for payment in payment_history(customer, now)],
            "payment_method": payment_method(customer),
            "support": payment_support(customer),
        }
    raise ValueError(f"no page payload for route {route}")


def _participation(standing: Standing, now: dt.datetime) -> Participation:
    found = standing.participation(now)
    if found is None:
        # Only enrolled customers have pages that lead here.
        raise ValueError("a customer who never enrolled has no participation")
    return found
