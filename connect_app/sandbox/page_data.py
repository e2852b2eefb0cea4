"""The `data` of every VPP page that wraps its payload: landing, participation, leaving and
payments (the tariff pages' are in tariff/payloads.py).

Each VPP page carries the programme's `timezone` and `currency_code`, because the app renders
its dates and amounts in them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from connect_app.sandbox.customers import Programme
from connect_app.sandbox.leaving import NEXT_STEPS, leave_progress, leave_terms
from connect_app.sandbox.participation import Participation
from connect_app.sandbox.payments import payment_history, payment_method, payment_support
from connect_app.sandbox.routes import Route
from connect_app.sandbox.standing import Standing
from connect_app.sandbox.wire import utc_stamp


def programme_object(programme: Programme) -> dict[str, str]:
    """The programme as Connect's VPP pages describe it."""
    return {
        "provider_id": programme.provider_id,
        "provider_display_name": programme.provider_display_name,
        "programme_id": programme.programme_id,
        "programme_display_name": programme.programme_display_name,
        "learn_more_url": programme.learn_more_url,
    }


def page_data(route: Route, standing: Standing, now: dt.datetime) -> dict[str, Any]:
    """The `data` object of a page on `route`."""
    if route is Route.VPP_LANDING:
        programme = programme_object(standing.customer.programme)
        programme["subscription_status"] = standing.subscription_status
        return {"tariff_connected": standing.tariff_connected, "programmes": [programme]}
    return {**_vpp_context(standing), **_vpp_data(route, standing, now)}


def _vpp_context(standing: Standing) -> dict[str, Any]:
    customer = standing.customer
    return {
        "programme": programme_object(customer.programme),
        "timezone": customer.timezone,
        "currency_code": customer.currency_code,
    }


def _vpp_data(route: Route, standing: Standing, now: dt.datetime) -> dict[str, Any]:
    customer = standing.customer
    if route is Route.VPP_PARTICIPATION:
        return _participation_fields(_participation(standing, now))
    if route is Route.VPP_LEAVE_ACTION:
        terms = leave_terms(customer, now)
        return {
            "consequences": list(terms.consequences),
            "notice_period_days": terms.notice_period_days,
            "final_payment_date": terms.final_payment_date.isoformat(),
        }
    if route is Route.VPP_LEAVE_PROGRESS:
        if standing.leave_requested_at is None:
            raise ValueError("a leave progress page needs a leave request")
        progress = leave_progress(_participation(standing, now), standing.leave_requested_at)
        return {
            "status": progress.status,
            "requested_at": utc_stamp(progress.requested_at),
            "expected_completion_at": utc_stamp(progress.expected_completion_at),
            "next_steps": list(NEXT_STEPS),
            "participation_state": [entry.to_json() for entry in progress.timeline],
        }
    if route is Route.VPP_PAYMENT_HISTORY:
        return {
            "payments": [payment.to_json() for payment in payment_history(customer, now)],
            "payment_method": payment_method(customer),
            "support": payment_support(customer),
        }
    raise ValueError(f"no page payload for route {route}")


def _participation_fields(participation: Participation) -> dict[str, Any]:
    return {
        "current_state": participation.current_state,
        "control_active": participation.control_active,
        "telemetry_active": participation.telemetry_active,
        "suspension_reasons": list(participation.suspension_reasons),
        "participation_state": participation.timeline_json(),
    }


def _participation(standing: Standing, now: dt.datetime) -> Participation:
    found = standing.participation(now)
    if found is None:
        # Only enrolled customers have pages that lead here.
        raise ValueError("a customer who never enrolled has no participation")
    return found
