"""A browser session's conversation with Connect: which page it is on and what it may send.

The guard of Part A lives here: only offered actions leave the app (A4), and each rendered page
carries a sequence number that one action, and only one, can claim (A5). The claim is a single
conditional UPDATE, which is atomic on SQLite and PostgreSQL alike, so two posts of the same
page can never both reach Connect, even from two app processes.

The three statements of every action (read the conversation, claim its number, store the answer
with its log row) are plain SQL: through the ORM they cost ten times what the database does,
and they run on every request. Values still pass through each field's own preparation, so they
are stored exactly as the ORM stores them, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from connect_app.connect.client import ConnectClient
from connect_app.connect.errors import (
    ConnectError,
    ConnectRejected,
    ConnectUnreadable,
    TokenExpired,
    notice_text,
)
from connect_app.connect.pages import Page
from connect_app.models import ActionLog, Conversation

logger = logging.getLogger(__name__)

SESSION_KEY = "connect_conversation"
ALWAYS_ALLOWED = frozenset({"BACK", "CLOSE"})
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


Result = Leave | Stale | None


def current(session: SessionBase) -> Conversation | None:
    conversation_id = session.get(SESSION_KEY)
    if not conversation_id:
        return None
    try:
        pk = uuid.UUID(str(conversation_id))
    except ValueError:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_sql().read, [_prep(_PK, pk)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = dict(zip(_READ_FIELDS, row, strict=True))
    values["id"] = pk
    for name in _JSON_FIELDS:
        # Both backends hand JSON columns over as text (Django asks psycopg to), as the ORM does.
        if isinstance(values[name], str):
            values[name] = json.loads(values[name])
    return Conversation.from_db(connection.alias, _READ_FIELDS, list(values.values()))


def enter(session: SessionBase, token: str, client: ConnectClient) -> Result:
    """Open the flow for a token from the entry URL: restore if this session holds it (A1)."""
    conversation = current(session)
    if conversation is not None and conversation.connect_token == token:
        return _call_entry(conversation, "restore", client)
    conversation = Conversation.objects.create(connect_token=token)
    # A new token is a new login of sorts: a fresh session key defeats session fixation.
    session.cycle_key()
    session[SESSION_KEY] = str(conversation.id)
    return _call_entry(conversation, "start", client)


def resume(conversation: Conversation, sequence: int, client: ConnectClient) -> Result:
    """Retry the entry call (start or restore) after it failed, once per rendered page."""
    entry: Entry = "restore" if (conversation.retry or {}).get("entry") == "restore" else "start"
    if not _claim(conversation, sequence):
        return Stale()
    return _call(conversation, entry, client)


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
    if (
        conversation.page is None
        or conversation.state != Conversation.State.OPEN
        or sequence != conversation.sequence
    ):
        _set_notice(conversation, "stale", STALE_NOTICE)
        return Stale()
    page = Page.model_validate(conversation.page)
    if action is not None and not page.offers(action):
        raise ActionNotOffered(gettext("This page does not offer %(action)s.") % {"action": action})
    if action == "CHANGE_PERIOD":
        _check_period(page, data)
    if not _claim(conversation, sequence):
        _set_notice(conversation, "stale", STALE_NOTICE)
        return Stale()
    return _call(conversation, action or SUBMIT, client, route=page.route, data=data)


def _check_period(page: Page, data: dict[str, Any] | None) -> None:
    """CHANGE_PERIOD may only ask for a period type the page lists (A4 applied to its data)."""
    available = (page.payload.get("performance") or {}).get("available_period_types") or []
    if data is None or (available and data.get("period_type") not in available):
        raise ActionNotOffered(gettext("This page does not offer that period."))


def take_notice(conversation: Conversation) -> tuple[str, str] | None:
    """The pending notice, cleared so it is shown once, in the language of the page now."""
    if not conversation.notice_kind:
        return None
    kind = conversation.notice_kind
    shown = gettext(STALE_NOTICE) if kind == "stale" else notice_text(kind, conversation.notice)
    notice = (kind, shown)
    Conversation.objects.filter(pk=conversation.pk, notice_kind=conversation.notice_kind).update(
        notice_kind="", notice=""
    )
    conversation.notice_kind = conversation.notice = ""
    return notice


def close_locally(conversation: Conversation) -> None:
    """End a flow Connect can no longer be told about (an expired token)."""
    _save(conversation, state=Conversation.State.CLOSED)


def _call_entry(conversation: Conversation, entry: Entry, client: ConnectClient) -> Result:
    _claim(conversation, conversation.sequence)
    return _call(conversation, entry, client)


def _claim(conversation: Conversation, sequence: int) -> bool:
    """Advance the sequence if it still is `sequence`; True for exactly one caller."""
    # One conditional UPDATE: the database decides which of two racing posts matches (A5).
    with connection.cursor() as cursor:
        cursor.execute(_sql().claim, [_prep(_PK, conversation.pk), sequence])
        claimed: int = cursor.rowcount
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
    try:
        page: Page | ConnectError = _send(conversation.connect_token, what, client, route, data)
    except ConnectError as error:
        page = error
    # The outcome and its log row are written together: one commit, and never one without the other.
    with transaction.atomic():
        result, outcome = _record(conversation, what, page, data)
        log = {
            "conversation": conversation.pk,
            "sequence": conversation.sequence,
            "route": route or ("session_" + what if what in ("start", "restore") else "-"),
            "action": what,
            "outcome": outcome[:40],
            "duration_ms": round((time.perf_counter() - started) * 1000),
            "created_at": timezone.now(),
        }
        with connection.cursor() as cursor:
            cursor.execute(_sql().log, [_prep(_LOG_FIELDS[name], log[name]) for name in _LOG_ORDER])
    return result


def _send(
    token: str, what: str, client: ConnectClient, route: str, data: dict[str, Any] | None
) -> Page:
    if what == "start":
        return client.start(token)
    if what == "restore":
        return client.restore(token)
    if what == "CHANGE_PERIOD" and data is not None:
        return client.change_period(token, **data)
    return client.act(token, route=route, action=None if what == SUBMIT else what, data=data)


def _record(
    conversation: Conversation, what: str, reply: Page | ConnectError, data: dict[str, Any] | None
) -> tuple[Result, str]:
    """Store what Connect answered; the outcome word goes to the action log."""
    try:
        if isinstance(reply, ConnectError):
            raise reply
        return _arrive(conversation, reply, closing=what == "CLOSE"), reply.route
    except TokenExpired:
        _save(conversation, state=Conversation.State.EXPIRED)
        return None, "token_expired"
    except ConnectError as error:
        retry: dict[str, Any]
        # The code says which field Connect's answer is about, for a form that was answered
        # (with data, or with a choice that is an action, as busbar's plan_structure has it).
        code = error.code if isinstance(error, ConnectRejected) else ""
        if what in ("start", "restore"):
            retry = {"entry": what}
        elif what == SUBMIT:
            # The form itself is the retry: it keeps what was typed.
            retry = {"code": code}
        else:
            retry = {"action": what, "data": data, "code": code}
        # Our own messages are stored by kind alone and put into words when shown; Connect's
        # own are kept as sent.
        sent = error.sent if isinstance(error, ConnectRejected) else ""
        # As pages are (A1): a message that echoes the token must not show it.
        sent = sent.replace(conversation.connect_token, "[hidden]")
        _save(conversation, notice_kind=error.kind, notice=sent[:500], retry=retry)
        return None, error.kind


def _arrive(conversation: Conversation, page: Page, *, closing: bool) -> Result:
    """Store the page Connect sent, or follow it out of the app when it is an exit (A8)."""
    if page.route not in EXIT_ROUTES:
        # Connect may echo the token inside a value; a rendered page must never show it.
        shown = page.without(conversation.connect_token)
        fields: dict[str, Any] = {
            "state": Conversation.State.OPEN,
            "page": shown.model_dump(mode="json"),
        }
        zone = page.payload.get("timezone")
        if isinstance(zone, str) and 0 < len(zone) <= 64:
            fields["time_zone"] = zone
        _save(conversation, **fields)
        return None
    url = exit_url(page, conversation.connect_token)
    if url is None:
        if closing or page.route == "session_complete":
            _save(conversation, state=Conversation.State.CLOSED)
            return None
        raise ConnectUnreadable(f"{page.route} without a usable URL")
    _save(conversation, state=Conversation.State.AWAY)
    return Leave(url)


def exit_url(page: Page, token: str) -> str | None:
    """Where an exit page sends the browser, if it is somewhere we may send it (A8)."""
    redirecting = page.route == "session_redirect"
    keys = ("redirect_url", "redirect_uri") if redirecting else ("callback_uri", "callback_url")
    raw = next((page.payload[k] for k in keys if page.payload.get(k)), None)
    if not isinstance(raw, str) or not is_allowed_redirect(raw.strip()):
        return None
    raw = raw.strip()
    return _with_token(raw, token) if redirecting else raw


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


def _with_token(url: str, token: str) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(key == "fp_cot" for key, _ in query):
        return url
    query.append(("fp_cot", token))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _set_notice(conversation: Conversation, kind: str, message: str) -> None:
    Conversation.objects.filter(pk=conversation.pk).update(notice_kind=kind, notice=message)


def _save(conversation: Conversation, **fields: Any) -> None:
    columns = ", ".join(f"{_quote(_FIELDS[name].column)} = %s" for name in fields)
    params = [_prep(_FIELDS[name], value) for name, value in fields.items()]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_quote(Conversation._meta.db_table)} SET {columns} WHERE "
            f"{_quote(_PK.column)} = %s",
            [*params, _prep(_PK, conversation.pk)],
        )
    for name, value in fields.items():
        setattr(conversation, name, value)


# --- the hot path's SQL -------------------------------------------------------------------------

_FIELDS: dict[str, Field[Any, Any]] = {f.name: f for f in Conversation._meta.concrete_fields}
_PK = _FIELDS["id"]
_LOG_FIELDS: dict[str, Field[Any, Any]] = {f.name: f for f in ActionLog._meta.concrete_fields}
# What a request reads, in the model's order (as from_db wants it): all but the row's own
# timestamps, which no page shows; they stay deferred.
_READ_FIELDS = [name for name in _FIELDS if name not in ("created_at", "updated_at")]
_JSON_FIELDS = ("page", "retry")


@dataclass(frozen=True)
class _Statements:
    read: str
    claim: str
    log: str


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


@cache
def _sql() -> _Statements:
    """The statements, built once from the models so a renamed column cannot drift."""
    table = _quote(Conversation._meta.db_table)
    f = {name: _quote(field.column) for name, field in _FIELDS.items()}
    log_columns = ", ".join(_quote(_LOG_FIELDS[name].column) for name in _LOG_ORDER)
    return _Statements(
        read=f"SELECT {', '.join(f[n] for n in _READ_FIELDS)} FROM {table} WHERE {f['id']} = %s",
        claim=(
            f"UPDATE {table} SET {f['sequence']} = {f['sequence']} + 1, {f['notice_kind']} = '', "
            f"{f['notice']} = '', {f['retry']} = NULL WHERE {f['id']} = %s AND {f['sequence']} = %s"
        ),
        log=(
            f"INSERT INTO {_quote(ActionLog._meta.db_table)} ({log_columns}) "
            f"VALUES ({', '.join(['%s'] * len(_LOG_ORDER))})"
        ),
    )


_LOG_ORDER = ("conversation", "sequence", "route", "action", "outcome", "duration_ms", "created_at")


def _prep(field: Field[Any, Any], value: Any) -> Any:
    """A value as the ORM would send it for this field (JSON, UUID, datetime per backend)."""
    return field.get_db_prep_save(value, connection)
