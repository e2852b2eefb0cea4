"""A browser session's conversation with Connect: which page it is on and what it may send.

The guard of Part A lives here: only offered actions leave the app (A4), and each rendered page
carries a sequence number that one action, and only one, can claim (A5). The claim is a single
conditional UPDATE (`... WHERE sequence = n`), atomic on SQLite and PostgreSQL alike, so two
posts of the same page can never both reach Connect, even from two app processes.

A conversation is stored once Connect has accepted its token: a token Connect refuses on entry
leaves no row (`Refused`). The token is blanked, and the stored page dropped, as soon as the
conversation can no longer talk to Connect (closed, expired, handed to the callback URL; for
the first two, once the view has looked up where Close goes); `manage.py purge_conversations`
deletes what has been idle past the retention window.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
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
from connect_app.connect.pages import Page
from connect_app.models import ActionLog, Conversation
from connect_app.observability import context, metrics

logger = logging.getLogger(__name__)

SESSION_KEY = "connect_conversation"
# Why the last entry URL was refused ({"kind", "message"}), while no conversation is stored.
REFUSED_KEY = "connect_refused"
# Routes that end the in-app part of the flow by sending the browser elsewhere (A8).
EXIT_ROUTES = frozenset({"session_redirect", "session_complete"})

# Stored as written here (the notice outlives the request) and translated when shown.
STALE_NOTICE = gettext_noop(
    "That page had already changed, so nothing was sent again. This is the latest."
)
# What the action log and the retry record call a form page's answer, which carries no action
# (A11). Lower case, so it can never be mistaken for one of Connect's upper-case actions.
SUBMIT = "submit"

Entry = Literal["start", "restore"]


class ActionNotOffered(Exception):
    """The posted action is not one the current page offers (A4): answered with HTTP 400."""


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


Result = Leave | Stale | Failed | None


def current(session: SessionBase) -> Conversation | None:
    conversation_id = session.get(SESSION_KEY)
    if not conversation_id:
        return None
    try:
        pk = uuid.UUID(str(conversation_id))
    except ValueError:
        return None
    # A slice, not first(): no ordering to compile for a primary key.
    conversation = next(iter(Conversation.objects.filter(pk=pk)[:1]), None)
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


def enter(session: SessionBase, token: str, client: ConnectClient) -> Result | Refused:
    """Open the flow for a token from the entry URL: restore if this session holds it (A1).

    A new token is stored only once Connect has accepted it, or could not be asked (then the
    customer can try again); a token Connect refuses leaves nothing behind.
    """
    held = current(session)
    if held is not None and held.connect_token == token:
        return _call_entry(held, "restore", client)
    started = time.perf_counter()
    reply = _send(token, "start", client, "", None)
    # Connect refusing the token is final; Connect failing or busy is worth trying again,
    # which needs the token stored (below).
    if isinstance(reply, ConnectRejected) and not reply.transient:
        if held is not None:
            _finish(held)
        return _refuse(session, token, reply)
    with transaction.atomic():
        conversation = Conversation.objects.create(connect_token=token, sequence=1)
        result = _record(conversation, "start", reply, started=started)
    if held is not None:
        # The browser has moved on to another link: the old conversation is out of its reach.
        _finish(held)
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


def resume(
    session: SessionBase, conversation: Conversation, sequence: int, client: ConnectClient
) -> Result | Refused:
    """Retry the entry call (start or restore) after it failed, once per rendered page.

    A start Connect now refuses leaves no row, as a refused entry does.
    """
    if not _claim(conversation, sequence):
        return Stale()
    if (conversation.retry or {}).get("entry") == "restore":
        return _call(conversation, "restore", client)
    started = time.perf_counter()
    token = conversation.connect_token
    reply = _send(token, "start", client, "", None)
    if isinstance(reply, ConnectRejected) and not reply.transient:
        conversation.delete()
        return _refuse(session, token, reply)
    with transaction.atomic():
        return _record(conversation, "start", reply, started=started)


def return_from_away(conversation: Conversation, client: ConnectClient) -> Result:
    """The customer came back without the token in the URL (e.g. the back button): restore."""
    return _call_entry(conversation, "restore", client)


def act(
    conversation: Conversation,
    *,
    sequence: int,
    action: str | None,
    data: dict[str, Any] | None,
    client: ConnectClient,
) -> Result:
    """Forward one customer action from the page numbered `sequence`, at most once.

    `action` None is a form page's answer (A11): the caller has checked that the page is a form.
    """
    what = action or SUBMIT
    page = page_of(conversation)
    if (
        page is None
        or conversation.state != Conversation.State.OPEN
        or sequence != conversation.sequence
    ):
        return _stale(conversation, what)
    if action is not None and not page.offers(action):
        metrics.customer_action(what, "not_offered")
        raise ActionNotOffered(gettext("That is no longer offered on this page. Please try again."))
    if action == "CHANGE_PERIOD":
        # Only a period type the page lists (A4 applied to its data).
        available = page.period_types()
        if data is None or (available and data.get("period_type") not in available):
            raise ActionNotOffered(gettext("This page does not offer that period."))
    if not _claim(conversation, sequence):
        return _stale(conversation, what)
    return _call(conversation, what, client, route=page.route, data=data)


def _stale(conversation: Conversation, what: str) -> Stale:
    _update(conversation, notice_kind="stale", notice=STALE_NOTICE)
    metrics.customer_action(what, "stale")
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


def close_locally(conversation: Conversation) -> None:
    """End a flow Connect can no longer be told about (an expired token)."""
    _update(conversation, state=Conversation.State.CLOSED)


def ended_holding_token(conversation: Conversation) -> bool:
    """Closed or expired with the token still stored: the caller looks up the callback with
    it, then calls forget_token()."""
    ended = conversation.state in (Conversation.State.CLOSED, Conversation.State.EXPIRED)
    return ended and bool(conversation.connect_token)


def forget_token(conversation: Conversation, callback_url: str | None) -> None:
    """The flow has ended: keep where Close goes, forget the credential."""
    _update(conversation, connect_token="", callback_url=(callback_url or "")[:2000])


def _finish(conversation: Conversation) -> None:
    _update(conversation, state=Conversation.State.CLOSED, connect_token="", page=None, retry=None)


def _call_entry(conversation: Conversation, entry: Entry, client: ConnectClient) -> Result:
    _claim(conversation, conversation.sequence)
    return _call(conversation, entry, client)


def _claim(conversation: Conversation, sequence: int) -> bool:
    """Advance the sequence if it still is `sequence`; True for exactly one caller."""
    # One conditional UPDATE: the database decides which of two racing posts matches (A5).
    claimed = Conversation.objects.filter(pk=conversation.pk, sequence=sequence).update(
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


def _call(
    conversation: Conversation,
    what: str,
    client: ConnectClient,
    *,
    route: str = "",
    data: dict[str, Any] | None = None,
) -> Result:
    started = time.perf_counter()
    reply = _send(conversation.connect_token, what, client, route, data)
    # The outcome and its log row are written together: one commit, never one without the other.
    with transaction.atomic():
        return _record(conversation, what, reply, started=started, route=route, data=data)


def _send(
    token: str, what: str, client: ConnectClient, route: str, data: dict[str, Any] | None
) -> Page | ConnectError:
    try:
        if what == "start":
            return client.start(token)
        if what == "restore":
            return client.restore(token)
        if what == "CHANGE_PERIOD" and data is not None:
            return client.change_period(token, **data)
        return client.act(token, route=route, action=None if what == SUBMIT else what, data=data)
    except ConnectError as error:
        return error


def _record(
    conversation: Conversation,
    what: str,
    reply: Page | ConnectError,
    *,
    started: float,
    route: str = "",
    data: dict[str, Any] | None = None,
) -> Result:
    """Store what Connect answered, with its line in the action log."""
    result: Result = None
    try:
        if isinstance(reply, ConnectError):
            raise reply
        result = _arrive(conversation, reply, closing=what == "CLOSE")
        outcome, logged = ("left" if result else "ok"), reply.route
    except TokenExpired:
        # The token is kept only until the view has looked up the callback (forget_token).
        _update(conversation, state=Conversation.State.EXPIRED, page=None, retry=None)
        outcome = logged = "expired"
    except ConnectError as error:
        result = _keep_for_retry(conversation, what, error, data)
        outcome = logged = OUTCOMES[error.kind]
    metrics.customer_action(what, outcome)
    ActionLog.objects.create(
        conversation=conversation,
        sequence=conversation.sequence,
        route=route or ("session_" + what if what in ("start", "restore") else "-"),
        action=what,
        outcome=logged[:40],
        duration_ms=round((time.perf_counter() - started) * 1000),
        request_id=context.request_id.get(),
        connect_request_id=getattr(reply, "request_id", "") or "",
    )
    return result


def _keep_for_retry(
    conversation: Conversation, what: str, error: ConnectError, data: dict[str, Any] | None
) -> Failed:
    """The failure as a notice beside the page, and what "Try again" resends."""
    retry: dict[str, Any]
    # The code says which field Connect's answer is about, for a form that was answered
    # (with data, or with a choice that is an action, as busbar's plan_structure has it).
    code = error.known_as if isinstance(error, ConnectRejected) else ""
    if what in ("start", "restore"):
        retry = {"entry": what, "code": code}
    elif what == SUBMIT:
        # The form itself is the retry: it keeps what was typed.
        retry = {"code": code}
    else:
        retry = {"action": what, "data": data, "code": code}
    # Our own messages are stored by kind (and code) and put into words when shown; Connect's
    # own are kept as sent, with the token masked as it is in pages (A1), for a code we have
    # no words for.
    sent = error.sent if isinstance(error, ConnectRejected) else ""
    sent = sent.replace(conversation.connect_token, "[hidden]")
    _update(conversation, notice_kind=error.kind, notice=sent[:500], retry=retry)
    return Failed(code, notice_text(error.kind, sent, code).text)


def _arrive(conversation: Conversation, page: Page, *, closing: bool) -> Result:
    """Store the page Connect sent, or follow it out of the app when it is an exit (A8)."""
    if page.route not in EXIT_ROUTES:
        # Connect may echo the token inside a value; a rendered page must never show it.
        shown = page.without(conversation.connect_token)
        fields: dict[str, Any] = {
            "state": Conversation.State.OPEN,
            "page": shown.model_dump(mode="json"),
        }
        if page.time_zone():
            fields["time_zone"] = page.time_zone()
        _update(conversation, **fields)
        # The page just read, and what was read of it, serve this request's rendering too.
        conversation.shown = shown
        return None
    url = exit_url(page, conversation.connect_token)
    ending = closing or page.route == "session_complete"
    if url is None:
        if ending:
            # Closed without a URL: the view looks up the callback with the token, then
            # calls forget_token().
            _update(conversation, state=Conversation.State.CLOSED, page=None, retry=None)
            return None
        raise ConnectUnreadable(f"{page.route} without a usable URL")
    if ending:
        # Handed to the integrator's callback: nothing more can be sent with this token.
        _finish(conversation)
    else:
        # A provider's page: the customer comes back with the same token (A1).
        _update(conversation, state=Conversation.State.AWAY)
    return Leave(url)


def exit_url(page: Page, token: str) -> str | None:
    """Where an exit page sends the browser, if it is somewhere we may send it (A8)."""
    url = page.exit_url()
    if not url or not is_allowed_redirect(url):
        return None
    if page.route != "session_redirect":
        return url
    # The page elsewhere learns the session from `fp_cot`, and sends it back with it (A1).
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(key == "fp_cot" for key, _ in query):
        return url
    query.append(("fp_cot", token))
    return urlunsplit(parts._replace(query=urlencode(query)))


def is_allowed_redirect(url: str) -> bool:
    """http(s) and the configured deep-link schemes only: never javascript:, data: or file:."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return bool(parts.netloc)
    return scheme in settings.CONNECT_ALLOWED_REDIRECT_SCHEMES


def _update(conversation: Conversation, **fields: Any) -> None:
    """Write these fields (and the time of the change) to the row and to the object."""
    fields["updated_at"] = timezone.now()
    Conversation.objects.filter(pk=conversation.pk).update(**fields)
    for name, value in fields.items():
        setattr(conversation, name, value)
    if "page" in fields:
        conversation.shown = None
