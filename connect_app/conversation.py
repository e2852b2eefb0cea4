"""A browser session's conversation with Connect: a state machine, and the guard of Part A.

What each event does in each state is one table, TRANSITIONS. Every change is one conditional
UPDATE (`... WHERE state IN <the states that allow the event>`), so the row's state decides, not
this request's copy of it; an event its state does not allow is refused as the table says.

The guard: only offered actions leave the app (A4), and each rendered page carries a sequence
number that one action, and only one, can claim (A5): a conditional UPDATE (`... WHERE sequence
= n`), atomic on SQLite and PostgreSQL alike and made before Connect is called, so two posts of
one page never both reach Connect, even from two processes, nor does a crash mid-call resend it.

A conversation is stored once Connect has accepted its token (a refused token leaves no row).
The write that ends the flow (closed, expired, handed to the callback URL) blanks the token and
the page, keeping where Close goes; `manage.py purge_conversations` deletes what has been idle
past the retention window.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from connect_app.connect.client import ConnectClient
from connect_app.connect.errors import (
    OUTCOMES,
    ConnectError,
    ConnectRejected,
    ConnectUnreadable,
    Refusal,
    TokenExpired,
    notice_text,
    rejection,
)
from connect_app.connect.exits import exit_url, is_allowed_redirect
from connect_app.connect.kinds import spec_of
from connect_app.connect.replies import Page
from connect_app.models import ActionLog, Conversation
from connect_app.observability import context, metrics

SESSION_KEY = "connect_conversation"
# Why the last entry URL was refused ({"kind", "message"}), while no conversation is stored.
REFUSED_KEY = "connect_refused"

# Stored as written here (the notice outlives the request) and translated when shown.
STALE_NOTICE = gettext_noop(
    "That page had already changed, so nothing was sent again. This is the latest."
)
# What the action log and the retry record call a form page's answer, which carries no action
# (A11). Lower case, so it can never be mistaken for one of Connect's upper-case actions.
SUBMIT = "submit"

Entry = Literal["start", "restore"]
State = Conversation.State


class Event(StrEnum):
    """What can happen to a conversation: the customer's requests, then Connect's replies."""

    RESTORE = "restore"  # the entry link again, with the token this browser holds (A1)
    RETURN = "return"  # the app's address without the token (back from a page elsewhere)
    RETRY_ENTRY = "retry_entry"  # "Try again" after the entry call failed
    ACTION = "action"  # an action the page offers, or a form page's answer (A4, A11)
    CLOSE_HERE = "close_here"  # Close on the expired screen: Connect cannot be told
    REPLACED = "replaced"  # this browser opened another link
    PAGE = "page"  # Connect sent a page to show
    SENT_AWAY = "sent_away"  # a page elsewhere (a sign-in, billing), back with the same token
    COMPLETED = "completed"  # the flow is over: to the URL Connect names, or the callback
    TOKEN_EXPIRED = "token_expired"  # Connect says the token has expired
    FAILED = "failed"  # Connect refused or was not reached: a notice, and a way to try again


class Disallowed(StrEnum):
    """How an event its state does not allow is answered: nothing is sent because of it, and
    nothing stored but the notice of a stale post."""

    STALE = "stale"  # a post from a page no longer on show: the page now, with a notice
    LATE = "late"  # a reply for a flow that ended while the call was out: not stored
    NOT_HERE = "not_here"  # meaningless in this state: refused with HTTP 400
    UNCHANGED = "unchanged"  # already so: the page or screen on show is the answer


# What a conversation without a page to show shows instead.
Screen = Literal["expired", "closed", "unavailable"]
# The states in which nothing more can be sent, and their screens: entering one blanks the
# token and the page.
ENDED: dict[State, Screen] = {State.EXPIRED: "expired", State.CLOSED: "closed"}

OPEN, AWAY, EXPIRED, CLOSED = State.OPEN, State.AWAY, State.EXPIRED, State.CLOSED
STALE, LATE, NOT_HERE = Disallowed.STALE, Disallowed.LATE, Disallowed.NOT_HERE
UNCHANGED = Disallowed.UNCHANGED
# What each event does in each state: the state it leads to, or how it is refused. The first
# four rows call Connect (after the claim, A5) and leave the state as it is until the reply,
# one of the last five rows, moves it on; the two between are answered here.
# fmt: off
_TABLE: dict[Event, tuple[State | Disallowed, ...]] = {
    #                     OPEN       AWAY       EXPIRED    CLOSED
    Event.RESTORE:       (OPEN,      AWAY,      STALE,     STALE),
    Event.RETURN:        (UNCHANGED, AWAY,      UNCHANGED, UNCHANGED),
    Event.RETRY_ENTRY:   (OPEN,      AWAY,      STALE,     STALE),
    Event.ACTION:        (OPEN,      STALE,     STALE,     STALE),
    Event.CLOSE_HERE:    (NOT_HERE,  NOT_HERE,  CLOSED,    UNCHANGED),
    Event.REPLACED:      (CLOSED,    CLOSED,    UNCHANGED, UNCHANGED),
    Event.PAGE:          (OPEN,      OPEN,      LATE,      LATE),
    Event.SENT_AWAY:     (AWAY,      AWAY,      LATE,      LATE),
    Event.COMPLETED:     (CLOSED,    CLOSED,    LATE,      LATE),
    Event.TOKEN_EXPIRED: (EXPIRED,   EXPIRED,   LATE,      LATE),
    Event.FAILED:        (OPEN,      AWAY,      LATE,      LATE),
}
# fmt: on
TRANSITIONS: dict[tuple[State, Event], State | Disallowed] = {
    (state, event): step
    for event, row in _TABLE.items()
    for state, step in zip((OPEN, AWAY, EXPIRED, CLOSED), row, strict=True)
}
# For each event, the states that allow it and where it leads from each.
_STEPS: dict[Event, dict[State, State]] = {
    event: {s: step for s in State if isinstance(step := TRANSITIONS[s, event], State)}
    for event in Event
}


def allows(conversation: Conversation, event: Event) -> bool:
    return conversation.state in _STEPS[event]


class ActionNotOffered(Exception):
    """The posted action is not one the current page offers (A4): answered with HTTP 400."""


@dataclass(frozen=True)
class Upstream:
    """Whom the conversation asks: Connect, and, for a flow that ends without a URL, the
    session's callback by its token (Flatpeak's REST API; None when it is not known)."""

    connect: ConnectClient
    callback_url: Callable[[str], str | None]


@dataclass(frozen=True)
class Leave:
    """Connect asked for the browser to go to another address (a provider page, the callback)."""

    url: str


@dataclass(frozen=True)
class Stale:
    """The post came from a page that is no longer current; nothing was sent (A5)."""


@dataclass(frozen=True)
class Failed:
    """Connect refused the answer or could not be reached; a notice says so beside the page.

    `code` is Connect's error code ("" for our own kinds of failure): a form puts `message`
    at the field it names.
    """

    code: str
    message: str


@dataclass(frozen=True)
class Refused:
    """Connect refused the entry URL's token: nothing was stored (`kind` is the error's).

    `message` is what Connect sent, shown only when its `code` is not one we have words for.
    """

    kind: str
    message: str
    code: str = ""

    @property
    def said(self) -> Refusal:
        return rejection(self.code, self.message)


@dataclass(frozen=True)
class Notice:
    """Why the last action did not go through, in the words of the page that shows it."""

    kind: str
    said: Refusal


@dataclass(frozen=True)
class NotHere:
    """The request makes no sense in the conversation's state: nothing changed (HTTP 400)."""


Result = Leave | Stale | Failed | None


def current(session: SessionBase) -> Conversation | None:
    conversation_id = session.get(SESSION_KEY)
    if not conversation_id:
        return None
    try:
        pk = uuid.UUID(str(conversation_id))
    except ValueError:
        return None
    conversation = Conversation.objects.by_id(pk)
    if conversation is not None:
        context.conversation_id.set(str(conversation.pk))
    return conversation


def page_of(conversation: Conversation) -> Page | None:
    """The page the conversation is on, as a typed page: read from its row once a request."""
    if conversation.page is None:
        return None
    if conversation.shown is None:
        conversation.shown = Page.model_validate(conversation.page)
    return conversation.shown


def screen(conversation: Conversation) -> Page | Screen:
    """What the customer sees: the page on show, or the screen of a flow without one."""
    return ENDED.get(State(conversation.state)) or page_of(conversation) or "unavailable"


def posted_from(conversation: Conversation, sequence: int) -> Page | None:
    """The page a post numbered `sequence` was made from, while it is the one on show and may
    be answered; None for a stale post."""
    if not allows(conversation, Event.ACTION) or sequence != conversation.sequence:
        return None
    return page_of(conversation)


def enter(session: SessionBase, token: str, upstream: Upstream) -> Result | Refused:
    """Open the flow for a token from the entry URL: restore if this session holds it (A1).

    A new token is stored only once Connect has accepted it, or could not be asked (then the
    customer can try again); a token Connect refuses leaves nothing behind.
    """
    held = current(session)
    if held is not None and held.connect_token == token:
        if not allows(held, Event.RESTORE):
            return _stale(held, "restore")
        return _restore(held, upstream)
    started = time.perf_counter()
    reply = _send(token, "start", upstream.connect, "", None)
    # Connect refusing the token is final; Connect failing or busy is worth trying again,
    # which needs the token stored (below).
    if isinstance(reply, ConnectRejected) and not reply.transient:
        if held is not None:
            _move(held, Event.REPLACED)
        return _refuse(session, token, reply)
    conversation = Conversation(connect_token=token, sequence=1)
    result = _record(conversation, "start", reply, upstream, started=started)
    if held is not None:
        # The browser has moved on to another link: the old conversation is out of its reach.
        _move(held, Event.REPLACED)
    # A new token is a new login of sorts: a fresh session key defeats session fixation.
    session.cycle_key()
    session.pop(REFUSED_KEY, None)
    session[SESSION_KEY] = str(conversation.id)
    context.conversation_id.set(str(conversation.pk))
    return result


def _refuse(session: SessionBase, token: str, reply: ConnectRejected) -> Refused:
    """Connect refused the token: nothing is kept but why, in the browser's session."""
    metrics.customer_action("start", OUTCOMES[reply.kind])
    refused = Refused(reply.kind, reply.sent.replace(token, "[hidden]")[:300], reply.known_as[:64])
    session.pop(SESSION_KEY, None)
    session[REFUSED_KEY] = {"kind": refused.kind, "message": refused.message, "code": refused.code}
    return refused


def holds(session: SessionBase, token: str) -> bool:
    """Whether this browser's conversation is the one of `token` (Connect accepted it)."""
    held = current(session)
    return held is not None and held.connect_token == token


def refusal(session: SessionBase) -> Refused | None:
    """Why the entry URL this browser last opened was refused, if it was."""
    stored = session.get(REFUSED_KEY)
    if not isinstance(stored, dict):
        return None
    return Refused(
        str(stored.get("kind", "")), str(stored.get("message", "")), str(stored.get("code", ""))
    )


def forget_refusal(session: SessionBase) -> None:
    session.pop(REFUSED_KEY, None)


def come_back(conversation: Conversation, upstream: Upstream) -> Result:
    """The app's address without the token: back from a page elsewhere (the back button), the
    conversation is restored; anywhere else the page on show is current."""
    if not allows(conversation, Event.RETURN):
        return None
    return _restore(conversation, upstream)


def resume(
    session: SessionBase, conversation: Conversation, sequence: int, upstream: Upstream
) -> Result | Refused:
    """Retry the entry call (start or restore) after it failed, once per rendered page.

    A start Connect now refuses leaves no row, as a refused entry does.
    """
    # Read before the claim, which clears what "Try again" resends.
    entry: Entry = "restore" if (conversation.retry or {}).get("entry") == "restore" else "start"
    if not allows(conversation, Event.RETRY_ENTRY) or not _claim(
        conversation, sequence, Event.RETRY_ENTRY
    ):
        return _stale(conversation, entry)
    if entry == "restore":
        return _call(conversation, "restore", upstream)
    started = time.perf_counter()
    token = conversation.connect_token
    reply = _send(token, "start", upstream.connect, "", None)
    if isinstance(reply, ConnectRejected) and not reply.transient:
        conversation.delete()
        return _refuse(session, token, reply)
    return _record(conversation, "start", reply, upstream, started=started)


def forward(
    conversation: Conversation,
    *,
    sequence: int,
    action: str | None,
    data: dict[str, Any] | None,
    upstream: Upstream,
) -> Result:
    """Forward one customer action from the page numbered `sequence` to Connect, at most once.

    `action` None is a form page's answer (A11): the caller has checked that the page is a form.
    """
    call = action or SUBMIT
    page = posted_from(conversation, sequence)
    if page is None:
        return _stale(conversation, call)
    if action is not None and not page.offers(action):
        metrics.customer_action(call, "not_offered")
        raise ActionNotOffered(gettext("That is no longer offered on this page. Please try again."))
    if action == "CHANGE_PERIOD":
        # Only a period type the page lists (A4 applied to its data).
        available = page.period_types()
        if data is None or (available and data.get("period_type") not in available):
            raise ActionNotOffered(gettext("This page does not offer that period."))
    if not _claim(conversation, sequence, Event.ACTION):
        return _stale(conversation, call)
    return _call(conversation, call, upstream, route=page.route, data=data)


def close_here(conversation: Conversation, upstream: Upstream) -> Result | NotHere:
    """End a flow Connect can no longer be told about (an expired token): to the callback found
    as it expired, or the closing screen."""
    step = TRANSITIONS[State(conversation.state), Event.CLOSE_HERE]
    if step == NOT_HERE:
        return NotHere()
    if step != UNCHANGED:
        # A row that expired before the token was blanked on the way in still holds it.
        token = conversation.connect_token
        # Nothing written means another Close got there first: the same end.
        _move(conversation, Event.CLOSE_HERE, **(_callback(upstream, token) if token else {}))
    return Leave(conversation.callback_url) if conversation.callback_url else None


def _stale(conversation: Conversation, call: str) -> Stale:
    # Written only where a page can show it: an ended flow's screen has no notices.
    Conversation.objects.filter(pk=conversation.pk).exclude(state__in=ENDED).update(
        notice_kind="stale", notice=STALE_NOTICE, updated_at=timezone.now()
    )
    metrics.customer_action(call, "stale")
    return Stale()


def take_notice(conversation: Conversation) -> Notice | None:
    """The pending notice, cleared so it is shown once, in the language of the page now."""
    if not conversation.notice_kind:
        return None
    kind = conversation.notice_kind
    # The error's code is kept with what "Try again" resends (_keep_for_retry).
    code = str((conversation.retry or {}).get("code", ""))
    shown = (
        Refusal(gettext(STALE_NOTICE))
        if kind == "stale"
        else notice_text(kind, conversation.notice, code)
    )
    Conversation.objects.filter(pk=conversation.pk, notice_kind=conversation.notice_kind).update(
        notice_kind="", notice="", updated_at=timezone.now()
    )
    conversation.notice_kind = conversation.notice = ""
    return Notice(kind, shown)


def _restore(conversation: Conversation, upstream: Upstream) -> Result:
    # A restore sends nothing the customer chose, so it is not refused when another request
    # claimed first; claiming still makes every page rendered before it stale.
    _claim(conversation, conversation.sequence, Event.RESTORE)
    return _call(conversation, "restore", upstream)


def _claim(conversation: Conversation, sequence: int, event: Event) -> bool:
    """Advance the sequence if it still is `sequence` and the state still allows `event`; True
    for exactly one caller."""
    # One conditional UPDATE: the database decides which of two racing posts matches (A5).
    claimed = Conversation.objects.update_where(
        conversation.pk,
        states=_STEPS[event],
        at_sequence=sequence,
        sequence=sequence + 1,
        notice_kind="",
        notice="",
        retry=None,
        updated_at=timezone.now(),
    )
    if claimed:
        conversation.sequence = sequence + 1
        conversation.notice_kind = conversation.notice = ""
        conversation.retry = None
    return claimed == 1


def _move(
    conversation: Conversation, event: Event, *, log: ActionLog | None = None, **fields: Any
) -> bool:
    """Apply `event` with what it writes beside the state: one conditional UPDATE (an INSERT for
    a conversation not yet stored, which starts OPEN). False, and nothing written, when the
    row's state does not allow it. `log`, a line of the action log, is written with it, in the
    same statement or transaction, saying stale when nothing was moved."""
    steps = _STEPS[event]
    targets = set(steps.values())
    if len(targets) == 1:  # else each state it is allowed in stays as it is
        fields["state"] = target = targets.pop()
        if target in ENDED:
            # Nothing more can be sent with the token, nor shown of the page (A1).
            fields.update(connect_token="", page=None, retry=None)
    fields["updated_at"] = timezone.now()
    if conversation._state.adding:
        moved = conversation.state in steps
    else:
        rows = Conversation.objects
        if log is None:
            moved = bool(rows.update_where(conversation.pk, states=steps, **fields))
        else:
            moved = rows.update_and_log(conversation.pk, log, states=steps, stale="stale", **fields)
    if moved:
        for name, value in fields.items():
            setattr(conversation, name, value)
        if "page" in fields:
            conversation.shown = None
        if conversation._state.adding:
            with transaction.atomic():
                conversation.save(force_insert=True)
                if log is not None:
                    log.save(force_insert=True)
    return moved


def _call(
    conversation: Conversation,
    call: str,
    upstream: Upstream,
    *,
    route: str = "",
    data: dict[str, Any] | None = None,
) -> Result:
    started = time.perf_counter()
    reply = _send(conversation.connect_token, call, upstream.connect, route, data)
    return _record(conversation, call, reply, upstream, started=started, route=route, data=data)


def _send(
    token: str, call: str, client: ConnectClient, route: str, data: dict[str, Any] | None
) -> Page | ConnectError:
    try:
        if call == "start":
            return client.start(token)
        if call == "restore":
            return client.restore(token)
        if call == "CHANGE_PERIOD" and data is not None:
            return client.change_period(token, **data)
        return client.act(token, route=route, action=None if call == SUBMIT else call, data=data)
    except ConnectError as error:
        return error


@dataclass(frozen=True)
class _Reply:
    """What Connect's answer does: its event, what it writes beside the state, what the caller
    is told, and its outcome (for the metric, and the action log's line)."""

    event: Event
    writes: dict[str, Any]
    result: Result
    outcome: str
    logged: str
    # A page to show: the page read, with what was read of it, for this request's rendering.
    shown: Page | None = None


def _record(
    conversation: Conversation,
    call: str,
    reply: Page | ConnectError,
    upstream: Upstream,
    *,
    started: float,
    route: str = "",
    data: dict[str, Any] | None = None,
) -> Result:
    """Move the conversation on by what Connect answered, with its line in the action log."""
    answer = _read(conversation, call, reply, upstream, data)  # may ask for the callback
    result, outcome, logged = answer.result, answer.outcome, answer.logged
    # The outcome and its log row are written together (_move): never one without the other.
    log = ActionLog(
        conversation=conversation,
        sequence=conversation.sequence,
        route=route or ("session_" + call if call in ("start", "restore") else "-"),
        action=call,
        outcome=logged[:40],
        duration_ms=round((time.perf_counter() - started) * 1000),
        request_id=context.request_id.get(),
        connect_request_id=getattr(reply, "request_id", "") or "",
    )
    if _move(conversation, answer.event, log=log, **answer.writes):
        conversation.shown = answer.shown or conversation.shown
    else:
        # The flow ended while the call was out (another request closed it): too late.
        result, outcome = Stale(), "stale"
    metrics.customer_action(call, outcome)
    return result


def _read(
    conversation: Conversation,
    call: str,
    reply: Page | ConnectError,
    upstream: Upstream,
    data: dict[str, Any] | None,
) -> _Reply:
    """The event Connect's answer to `call` is, and what it writes (A8 for the exits)."""
    token = conversation.connect_token
    if isinstance(reply, TokenExpired):
        return _Reply(Event.TOKEN_EXPIRED, _callback(upstream, token), None, "expired", "expired")
    if isinstance(reply, ConnectError):
        return _failure(conversation, call, reply, data)
    leaves = spec_of(reply).leaves
    if leaves is None:
        # Connect may echo the token inside a value; a rendered page must never show it.
        shown = reply.without(token)
        writes: dict[str, Any] = {"page": shown.model_dump(mode="json")}
        if shown.time_zone():
            writes["time_zone"] = shown.time_zone()
        return _Reply(Event.PAGE, writes, None, "ok", reply.route, shown)
    url = exit_url(reply, token)
    if leaves == "away" and call != "CLOSE":
        if url is None:
            unreadable = ConnectUnreadable(f"{reply.route} without a usable URL")
            return _failure(conversation, call, unreadable, data)
        # A provider's page: the customer comes back with the same token (A1).
        return _Reply(Event.SENT_AWAY, {}, Leave(url), "left", reply.route)
    if url is not None:
        # Handed to the integrator's callback: nothing more can be sent with this token.
        return _Reply(Event.COMPLETED, {}, Leave(url), "left", reply.route)
    # Closed without a URL: to the session's callback, where the REST API knows it.
    writes = _callback(upstream, token)
    callback = writes["callback_url"]
    if callback:
        return _Reply(Event.COMPLETED, writes, Leave(callback), "left", reply.route)
    return _Reply(Event.COMPLETED, writes, None, "ok", reply.route)


def _callback(upstream: Upstream, token: str) -> dict[str, Any]:
    """Where Close goes once the token is forgotten, looked up with it while it is held (A8)."""
    url = upstream.callback_url(token) if token else None
    return {"callback_url": url[:2000] if url and is_allowed_redirect(url) else ""}


def _failure(
    conversation: Conversation, call: str, error: ConnectError, data: dict[str, Any] | None
) -> _Reply:
    """The failure as a notice beside the page, and what "Try again" resends."""
    retry: dict[str, Any]
    # The code says which field Connect's answer is about, for a form that was answered
    # (with data, or with a choice that is an action, as busbar's plan_structure has it).
    code = error.known_as if isinstance(error, ConnectRejected) else ""
    if call in ("start", "restore"):
        retry = {"entry": call, "code": code}
    elif call == SUBMIT:
        # The form itself is the retry: it keeps what was typed.
        retry = {"code": code}
    else:
        retry = {"action": call, "data": data, "code": code}
    # Our own messages are stored by kind (and code) and put into words when shown; Connect's
    # own are kept as sent, with the token masked as it is in pages (A1), for a code we have
    # no words for.
    sent = error.sent if isinstance(error, ConnectRejected) else ""
    sent = sent.replace(conversation.connect_token, "[hidden]")
    writes = {"notice_kind": error.kind, "notice": sent[:500], "retry": retry}
    outcome = OUTCOMES[error.kind]
    failed = Failed(code, notice_text(error.kind, sent, code).text)
    return _Reply(Event.FAILED, writes, failed, outcome, outcome)
