"""The pages a session can be on: where it starts, what each page offers, the JSON it sends."""

from __future__ import annotations

import datetime as dt
from typing import Any

from connect_app.sandbox.customers import DemoCustomer
from connect_app.sandbox.data import local_today
from connect_app.sandbox.page_data import page_data
from connect_app.sandbox.periods import Period, PeriodType
from connect_app.sandbox.routes import Action, PageState, Route
from connect_app.sandbox.standing import Standing
from connect_app.sandbox.summary import summary_payload
from connect_app.sandbox.tariff.names import TARIFF_ROUTES
from connect_app.sandbox.tariff.payloads import tariff_actions, tariff_page

_LEAVING = (Action.BACK, Action.CLOSE)


def first_page(customer: DemoCustomer, now: dt.datetime) -> PageState:
    """Where session_start lands: the current month's summary, or the landing page if new."""
    if not customer.is_enrolled:
        return PageState(Route.VPP_LANDING)
    return PageState(
        Route.VPP_SUMMARY, Period.containing(PeriodType.MONTH, local_today(customer, now))
    )


def offered_actions(page: PageState, standing: Standing) -> list[Action]:
    """The `actions` list of a page, the page's own actions first, then BACK and CLOSE."""
    return [*_own_actions(page.route, standing), *_LEAVING]


def render(page: PageState, standing: Standing, token: str, now: dt.datetime) -> dict[str, Any]:
    """The full reply body for a page."""
    actions = [action.value for action in offered_actions(page, standing)]
    if page.route in TARIFF_ROUTES:
        return tariff_page(page.route, standing, token, actions, now)
    envelope: dict[str, Any] = {"connect_token": token, "route": page.route.value}
    if page.route is Route.VPP_SUMMARY:
        if page.period is None:
            raise ValueError("a vpp_summary page always has a period")
        # Busbar summary pages carry their payload at the top level, not under `data`.
        return {**envelope, **summary_payload(page.period, standing, actions, now)}
    envelope["live_mode"] = False
    envelope["actions"] = actions
    envelope["data"] = page_data(page.route, standing, now)
    return envelope


def redirect(token: str, url: str) -> dict[str, Any]:
    """A session_redirect reply sending the browser to `url`."""
    return {
        "connect_token": token,
        "route": Route.SESSION_REDIRECT.value,
        "live_mode": False,
        "data": {"redirect_url": url},
    }


def _own_actions(route: Route, standing: Standing) -> list[Action]:
    if route in TARIFF_ROUTES:
        return tariff_actions(route, standing)
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
