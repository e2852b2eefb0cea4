"""The sandbox's Connect conversation: check a request against the session, move, answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from connect_sandbox.customers import DemoCustomer, customer_by_key
from connect_sandbox.faults import expired_reply
from connect_sandbox.links import Links, with_token
from connect_sandbox.models import HostedPage, RouteNames, SandboxSession
from connect_sandbox.periods import InvalidPeriod, local_today, requested_period
from connect_sandbox.replies import first_page, offered_actions, redirect, render
from connect_sandbox.routes import ALWAYS_ALLOWED, Action, PageState, Route
from connect_sandbox.standing import Standing
from connect_sandbox.tariff import flow as tariff_flow
from connect_sandbox.tariff.answers import Answers
from connect_sandbox.tariff.checks import Refused
from connect_sandbox.tariff.names import ENDINGS, FORMS, TARIFF_ROUTES, wire_name
from connect_sandbox.wire import Reply, Request, checked, error_reply, page_reply

SESSION_START = "session_start"
SESSION_RESTORE = "session_restore"
# busbar's session_start names the flow; anode's carries no action and opens the tariff flow.
START_VPP = "VPP"
START_TARIFF = "TARIFF"
# The cap just keeps a row from growing; the tariff flow's way out does not depend on it.
MAX_HISTORY = 30
# Actions that open another page on top of the current one, which BACK returns to.
_OPENS = {
    Action.MANAGE_PARTICIPATION: Route.VPP_PARTICIPATION,
    Action.LEAVE_PROGRAMME: Route.VPP_LEAVE_ACTION,
    Action.REJOIN_PROGRAMME: Route.VPP_LANDING,
}
# What is saved after a call that succeeded; a call that fails leaves the session as it was.
_SAVED_FIELDS = [
    "page",
    "history",
    "first_page_served",
    "away",
    "tariff_connected",
    "tariff",
    "route_names",
    "leave_requested_at",
]


def answer(body: object, *, links: Links, now: dt.datetime) -> Reply:
    """Answer one Connect call, updating the session it belongs to."""
    request_or_error = checked(body, now)
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
        reply = _converse(
            session, customer, request, links.with_callback(session.callback_url), now
        )
        if reply.status == 200:
            session.first_page_served = True
            session.save(update_fields=_SAVED_FIELDS)
    return reply


def current_page(session: SandboxSession, now: dt.datetime) -> dict[str, Any]:
    """The reply body of the page the session is on (its first page if it has not started)."""
    customer = customer_by_key(session.customer_key)
    if customer is None:
        raise ValueError("session belongs to no demo customer")
    page = _page_of(session, customer, now)
    return render(page, standing_of(session, customer), session.token, now)


def standing_of(session: SandboxSession, customer: DemoCustomer) -> Standing:
    """The customer as this session has changed them."""
    return Standing(
        customer,
        session.tariff_connected,
        session.leave_requested_at,
        Answers.from_json(session.tariff or {}),
        RouteNames(session.route_names),
    )


def sent_as(page: PageState, standing: Standing) -> str:
    """The route name the session's current page was sent as, and must be answered as."""
    if page.route in TARIFF_ROUTES:
        return wire_name(page.route, standing.route_names)
    return page.route.value


def _converse(
    session: SandboxSession,
    customer: DemoCustomer,
    request: Request,
    links: Links,
    now: dt.datetime,
) -> Reply:
    if request.route == SESSION_START:
        return _start(session, customer, request, now)
    if request.route == SESSION_RESTORE:
        return _restore(session, customer, now)

    if session.page is None:
        return _reject(
            request, 400, "action_invalid", "The session has not started: send session_start.", now
        )
    page = PageState.from_json(session.page)
    current_route = sent_as(page, standing_of(session, customer))
    if request.route != current_route:
        return _reject(
            request,
            400,
            "action_invalid",
            f"Action parameter {_name(request.action)} is not supported: the current page is "
            f"{current_route}, not {request.route[:64]}.",
            now,
        )
    if request.action is None and page.route in FORMS:
        session.away = HostedPage.NONE
        return _submit(session, customer, page, request, links, now)
    if request.action is None:
        message = (
            "Action parameter is required."
            if request.data is None
            else "Action parameter is required: this page takes no data on its own."
        )
        return _reject(request, 400, "action_missing", message, now)
    if request.data is not None and not isinstance(request.data, dict):
        return _reject(request, 400, "data_json_invalid", "data must be a JSON object.", now)
    offered = set(offered_actions(page, standing_of(session, customer))) | ALWAYS_ALLOWED
    if not isinstance(request.action, str) or request.action not in offered:
        return _unsupported(request, now)
    # Acting on a page means the customer is here, whatever hosted page they were sent to.
    session.away = HostedPage.NONE
    return _act(session, customer, page, Action(request.action), request, links, now)


def _start(
    session: SandboxSession, customer: DemoCustomer, request: Request, now: dt.datetime
) -> Reply:
    """session_start: busbar's VPP or TARIFF flow, or anode's tariff flow (Part A12)."""
    if request.action is not None and request.action not in (START_VPP, START_TARIFF):
        return _unsupported(request, now)
    if session.away != HostedPage.NONE:
        # Back from a hosted page: a client without session_restore (Flatpeak's web client
        # starts again) gets the page after it, not a new flow.
        return _restore(session, customer, now)
    session.away = HostedPage.NONE
    anode = request.action is None
    session.route_names = RouteNames.ANODE if anode else RouteNames.BUSBAR
    if request.action == START_VPP:
        return _move_to(session, customer, first_page(customer, now), now, history=[])
    # Started in the tariff flow: there is no page to go back to, so BACK ends the session.
    session.tariff = Answers.from_json(session.tariff or {}).but(origin=None).to_json()
    opening = tariff_flow.first_page(standing_of(session, customer))
    return _move_to(session, customer, PageState(opening), now, history=[])


def _restore(session: SandboxSession, customer: DemoCustomer, now: dt.datetime) -> Reply:
    """The customer is back at connect_url: the page that follows the hosted one they left."""
    page = _page_of(session, customer, now)
    away, session.away = session.away, HostedPage.NONE
    if away == HostedPage.PAYMENTS:
        history = _stacked(session, page)
        return _move_to(
            session, customer, PageState(Route.VPP_PAYMENT_HISTORY), now, history=history
        )
    if away == HostedPage.PROVIDER_LOGIN:
        # Signed in at the supplier: the tariff is on its way. BACK from the pending page
        # leaves the flow for wherever it was opened.
        session.tariff_connected = True
        return _move_to(session, customer, PageState(Route.TARIFF_CONNECTION_PENDING), now)
    if away == HostedPage.PROVIDER_FAILED:
        return _move_to(session, customer, PageState(Route.TARIFF_CONNECTION_FAILED), now)
    return _move_to(session, customer, page, now)


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
    if action is Action.CLOSE:
        return page_reply(redirect(session.token, links.callback_url))
    if action is Action.BACK and page.route in ENDINGS:
        return _leave_tariff_flow(session, customer, links, now)
    if action is Action.BACK:
        history: list[dict[str, str]] = list(session.history or [])
        if not history:
            return page_reply(redirect(session.token, links.callback_url))
        previous = PageState.from_json(history.pop())
        return _move_to(session, customer, previous, now, history=history)
    if action is Action.MANAGE_PAYMENTS:
        # The session stays on this page; session_restore then opens the payment history.
        session.away = HostedPage.PAYMENTS
        return page_reply(redirect(session.token, with_token(links.payments_url, session.token)))
    if action is Action.CONNECT_TARIFF:
        return _open_tariff_flow(session, customer, page, now)
    if page.route in TARIFF_ROUTES:
        try:
            step = tariff_flow.choose(page.route, action, standing_of(session, customer))
        except Refused as refusal:
            return _reject(request, 400, refusal.code, refusal.message, now)
        return _take(session, customer, page, step, links, now)
    if action is Action.CHANGE_PERIOD:
        return _change_period(session, customer, request, now)
    if action is Action.CONFIRM_LEAVE:
        return _confirm_leave(session, customer, request, now)
    return _move_to(
        session, customer, PageState(_OPENS[action]), now, history=_stacked(session, page)
    )


def _open_tariff_flow(
    session: SandboxSession, customer: DemoCustomer, page: PageState, now: dt.datetime
) -> Reply:
    """CONNECT_TARIFF: the tariff flow on top of the VPP page it was pressed on."""
    answers = Answers.from_json(session.tariff or {}).but(origin=page.to_json())
    session.tariff = answers.to_json()
    opening = tariff_flow.first_page(standing_of(session, customer))
    return _move_to(session, customer, PageState(opening), now, history=_stacked(session, page))


def _submit(
    session: SandboxSession,
    customer: DemoCustomer,
    page: PageState,
    request: Request,
    links: Links,
    now: dt.datetime,
) -> Reply:
    """A form page's answer: its data, or the route alone (A11)."""
    if request.data is not None and not isinstance(request.data, dict):
        return _reject(request, 400, "data_json_invalid", "data must be a JSON object.", now)
    standing = standing_of(session, customer)
    try:
        step = tariff_flow.submit(page.route, request.data, standing, local_today(customer, now))
    except Refused as refusal:
        return _reject(request, 400, refusal.code, refusal.message, now)
    return _take(session, customer, page, step, links, now)


def _take(
    session: SandboxSession,
    customer: DemoCustomer,
    page: PageState,
    step: tariff_flow.Step,
    links: Links,
    now: dt.datetime,
) -> Reply:
    """Keep what a tariff step says and answer with where it leads."""
    session.tariff = step.answers.to_json()
    if step.connected is not None:
        session.tariff_connected = step.connected
    outcome = step.outcome
    if isinstance(outcome, tariff_flow.ToSupplier):
        # The session stays on this page; session_restore then says how the sign-in went.
        session.away = HostedPage.PROVIDER_LOGIN
        # The sandbox's own page: its address names the session, for clients that append
        # nothing to a redirect_url.
        login_url = with_token(links.provider_login_url, session.token)
        return page_reply(redirect(session.token, login_url))
    if isinstance(outcome, tariff_flow.ToOrigin):
        return _leave_tariff_flow(session, customer, links, now)
    history = _stacked(session, page)
    return _move_to(session, customer, PageState(outcome.page), now, history=history)


def _leave_tariff_flow(
    session: SandboxSession, customer: DemoCustomer, links: Links, now: dt.datetime
) -> Reply:
    """Back to the VPP page the tariff flow was opened from, or to the callback URL."""
    answers = Answers.from_json(session.tariff or {})
    if answers.origin is None:
        return page_reply(redirect(session.token, links.callback_url))
    history: list[dict[str, str]] = list(session.history or [])
    # The flow's own pages, then the page it was opened from, come off the stack.
    while history and Route(history[-1]["route"]) in TARIFF_ROUTES:
        history.pop()
    if history and history[-1] == answers.origin:
        history.pop()
    session.tariff = answers.but(origin=None).to_json()
    return _move_to(session, customer, PageState.from_json(answers.origin), now, history=history)


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


def _confirm_leave(
    session: SandboxSession, customer: DemoCustomer, request: Request, now: dt.datetime
) -> Reply:
    # Leaving is not undone by BACK, so it takes an explicit yes, not just the action.
    if not isinstance(request.data, dict) or request.data.get("confirmed") is not True:
        return _reject(request, 400, "data_json_invalid", "Confirm that you want to leave.", now)
    session.leave_requested_at = now
    # The confirmation page is not stacked: BACK from the progress page shows participation.
    return _move_to(session, customer, PageState(Route.VPP_LEAVE_PROGRESS), now)


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
    return page_reply(render(page, standing_of(session, customer), session.token, now))


def _stacked(session: SandboxSession, page: PageState) -> list[dict[str, str]]:
    """The session's history with `page` on top, for BACK to return to."""
    return [*(session.history or []), page.to_json()][-MAX_HISTORY:]


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
