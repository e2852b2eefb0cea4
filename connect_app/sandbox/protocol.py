"""The sandbox's Connect conversation: check a request against the session, move, answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from connect_app.sandbox.customers import DemoCustomer, customer_by_key
from connect_app.sandbox.data import local_today
from connect_app.sandbox.faults import expired_reply
from connect_app.sandbox.models import SandboxSession
from connect_app.sandbox.pages import (
    ALWAYS_ALLOWED,
    Action,
    PageState,
    Route,
    first_page,
    offered_actions,
    redirect,
    render,
)
from connect_app.sandbox.periods import InvalidPeriod, requested_period
from connect_app.sandbox.replies import Reply, error_reply, page_reply

SESSION_START = "session_start"
SESSION_RESTORE = "session_restore"
START_ACTION = "VPP"
# BACK can only unwind a couple of pages here; the cap just keeps a row from growing.
MAX_HISTORY = 20


@dataclass(frozen=True)
class Links:
    """Absolute URLs of the sandbox-hosted pages a session_redirect can point at."""

    callback_url: str
    payments_url: str


@dataclass(frozen=True)
class Request:
    """A Connect call whose envelope has been checked: token and route are present."""

    token: str
    route: str
    action: object
    data: object


def answer(body: object, *, links: Links, now: dt.datetime) -> Reply:
    """Answer one Connect call, updating the session it belongs to."""
    request_or_error = _envelope(body, now)
    if isinstance(request_or_error, Reply):
        return request_or_error
    request = request_or_error
    with transaction.atomic():
        session = SandboxSession.objects.select_for_update().filter(token=request.token).first()
        customer = customer_by_key(session.customer_key) if session is not None else None
        if session is None or customer is None:
            return _reject(
                request, 401, "token_invalid", "This connect token is not recognised.", now
            )
        if session.is_expired(now):
            return expired_reply(token=request.token, route=request.route, now=now)
        reply = _converse(session, customer, request, links, now)
        if reply.status == 200:
            session.first_page_served = True
        session.save(update_fields=["page", "history", "first_page_served"])
    return reply


def current_page(session: SandboxSession, now: dt.datetime) -> dict[str, Any]:
    """The reply body of the page the session is on (its first page if it has not started)."""
    customer = customer_by_key(session.customer_key)
    if customer is None:
        raise ValueError("session belongs to no demo customer")
    return render(_page_of(session, customer, now), customer, session.token, now)


def token_of(body: object) -> str | None:
    """The connect_token of a request body, if it has one."""
    token = body.get("connect_token") if isinstance(body, dict) else None
    return token if isinstance(token, str) and token else None


def route_of(body: object) -> str | None:
    """The route a request body answers, if it names one."""
    route = body.get("route") if isinstance(body, dict) else None
    return route if isinstance(route, str) and route else None


def _envelope(body: object, now: dt.datetime) -> Request | Reply:
    """Check the fields every call must carry (Part A2)."""
    if not isinstance(body, dict):
        return error_reply(
            400,
            code="request_invalid",
            message="The request body must be a JSON object.",
            route=None,
            token=None,
            now=now,
        )
    token, route = token_of(body), route_of(body)
    if token is None:
        return error_reply(
            400,
            code="token_missing",
            message="connect_token is required.",
            route=route,
            token=None,
            now=now,
        )
    if route is None:
        return error_reply(
            400,
            code="route_missing",
            message="route is required.",
            route=None,
            token=token,
            now=now,
        )
    return Request(token, route, body.get("action"), body.get("data"))


def _converse(
    session: SandboxSession,
    customer: DemoCustomer,
    request: Request,
    links: Links,
    now: dt.datetime,
) -> Reply:
    if request.route == SESSION_START:
        if request.action is None:
            return _reject(request, 400, "action_missing", "Action parameter is required.", now)
        if request.action != START_ACTION:
            return _unsupported(request, now)
        return _move_to(session, customer, first_page(customer, now), now, history=[])
    if request.route == SESSION_RESTORE:
        # The customer is back from a provider-hosted page: the page they left, unchanged.
        return _move_to(session, customer, _page_of(session, customer, now), now)

    if session.page is None:
        return _reject(
            request, 400, "action_invalid", "The session has not started: send session_start.", now
        )
    page = PageState.from_json(session.page)
    if request.route != page.route:
        return _reject(
            request,
            400,
            "action_invalid",
            f"Action parameter {_name(request.action)} is not supported: the current page is "
            f"{page.route.value}, not {request.route}.",
            now,
        )
    if request.action is None:
        message = (
            "Action parameter is required."
            if request.data is None
            else "Action parameter is required: this page takes no data on its own."
        )
        return _reject(request, 400, "action_missing", message, now)
    if request.data is not None and not isinstance(request.data, dict):
        return _reject(request, 400, "data_json_invalid", "data must be a JSON object.", now)
    offered = set(offered_actions(page, customer)) | ALWAYS_ALLOWED
    if not isinstance(request.action, str) or request.action not in offered:
        return _unsupported(request, now)
    return _act(session, customer, page, Action(request.action), request, links, now)


def _act(
    session: SandboxSession,
    customer: DemoCustomer,
    page: PageState,
    action: Action,
    request: Request,
    links: Links,
    now: dt.datetime,
) -> Reply:
    """Carry out an action the current page offers."""
    history: list[dict[str, str]] = list(session.history or [])
    if action is Action.CLOSE:
        return page_reply(redirect(session.token, links.callback_url))
    if action is Action.BACK:
        if not history:
            return page_reply(redirect(session.token, links.callback_url))
        previous = PageState.from_json(history.pop())
        return _move_to(session, customer, previous, now, history=history)
    if action is Action.MANAGE_PAYMENTS:
        # The session stays on this page, so session_restore brings the customer back to it.
        return page_reply(redirect(session.token, links.payments_url))
    if action is Action.CHANGE_PERIOD:
        return _change_period(session, customer, request, now)
    target = {
        Action.MANAGE_PARTICIPATION: Route.VPP_PARTICIPATION,
        Action.CONNECT_TARIFF: Route.POSTAL_ADDRESS_INPUT,
    }[action]
    history = [*history, page.to_json()][-MAX_HISTORY:]
    return _move_to(session, customer, PageState(target), now, history=history)


def _change_period(
    session: SandboxSession, customer: DemoCustomer, request: Request, now: dt.datetime
) -> Reply:
    today = local_today(customer, now)
    enrolled_on = customer.enrolled_on(today)
    if not isinstance(request.data, dict) or enrolled_on is None:
        return _reject(
            request, 400, "data_json_invalid", "data must give period_type and period_start.", now
        )
    try:
        period = requested_period(request.data, today=today, enrolled_on=enrolled_on)
    except InvalidPeriod as problem:
        return _reject(request, 400, "data_json_invalid", str(problem), now)
    # A period change replaces the page rather than stacking it: BACK leaves the dashboard.
    return _move_to(session, customer, PageState(Route.VPP_SUMMARY, period), now)


def _move_to(
    session: SandboxSession,
    customer: DemoCustomer,
    page: PageState,
    now: dt.datetime,
    *,
    history: list[dict[str, str]] | None = None,
) -> Reply:
    """Make `page` the session's current page and answer with it."""
    session.page = page.to_json()
    if history is not None:
        session.history = history
    return page_reply(render(page, customer, session.token, now))


def _page_of(session: SandboxSession, customer: DemoCustomer, now: dt.datetime) -> PageState:
    return PageState.from_json(session.page) if session.page else first_page(customer, now)


def _unsupported(request: Request, now: dt.datetime) -> Reply:
    message = f"Action parameter {_name(request.action)} is not supported"
    return _reject(request, 400, "action_invalid", message, now)


def _reject(request: Request, status: int, code: str, message: str, now: dt.datetime) -> Reply:
    return error_reply(
        status, code=code, message=message, route=request.route, token=request.token, now=now
    )


def _name(action: object) -> str:
    """An action as it can safely appear in a message."""
    return action[:64] if isinstance(action, str) else str(action)[:64]
