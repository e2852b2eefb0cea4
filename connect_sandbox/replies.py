"""Any page a session is on, as Connect sends it: its actions and reply body, VPP or tariff.

vpp_replies.py and tariff/replies.py build the bodies; this picks one and adds BACK and CLOSE.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from connect_sandbox.customers import DemoCustomer
from connect_sandbox.periods import Period, PeriodType, local_today
from connect_sandbox.routes import Action, PageState, Route
from connect_sandbox.standing import Standing
from connect_sandbox.tariff.names import TARIFF_ROUTES
from connect_sandbox.tariff.replies import tariff_actions, tariff_page
from connect_sandbox.vpp_replies import vpp_actions, vpp_page

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
    if page.route in TARIFF_ROUTES:
        return [*tariff_actions(page.route, standing), *_LEAVING]
    return [*vpp_actions(page.route, standing), *_LEAVING]


def render(page: PageState, standing: Standing, token: str, now: dt.datetime) -> dict[str, Any]:
    """The full reply body for a page."""
    actions = [action.value for action in offered_actions(page, standing)]
    if page.route in TARIFF_ROUTES:
        return tariff_page(page.route, standing, token, actions, now)
    return vpp_page(page, standing, token, actions, now)


def redirect(token: str, url: str) -> dict[str, Any]:
    """A session_redirect reply sending the browser to `url`."""
    return {
        "connect_token": token,
        "route": Route.SESSION_REDIRECT.value,
        "live_mode": False,
        "data": {"redirect_url": url},
    }
