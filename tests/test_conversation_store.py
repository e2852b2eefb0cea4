"""What a conversation stores: the claim, the time of every change, and what is forgotten.

Connect is a single-layer double here (the module's client argument); the views' tests and the
integration tests use real HTTP. They run on SQLite and, in `make test`'s PostgreSQL pass, on
PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.utils import timezone

from connect_app import conversation as conv
from connect_app.connect.errors import ConnectError, ConnectRejected, TokenExpired
from connect_app.connect.replies import Page
from connect_app.models import ActionLog, Conversation
from connect_app.observability import context

# The claim and the stored JSON depend on the engine (jsonb keeps no key order, refuses NUL).
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PAGE: dict[str, Any] = {
    "route": "vpp_summary",
    "actions": ["CHANGE_PERIOD"],
    # Quotes, non-ASCII and nesting: what JSON text round trips must keep.
    "payload": {"programme": {"name": 'Power "Share" · Ørsted'}, "series": [1, 2.5, None]},
    "live_mode": False,
}


def _session_for(conversation: Conversation) -> SessionStore:
    session = SessionStore()
    session[conv.SESSION_KEY] = str(conversation.id)
    return session


def test_current_reads_what_the_orm_wrote() -> None:
    stored = Conversation.objects.create(
        connect_token="cot_sql_read",
        page=PAGE,
        sequence=7,
        time_zone="Europe/London",
        notice_kind="unavailable",
        notice="Connect did not answer.",
        retry={"action": "CHANGE_PERIOD", "data": {"period_type": "MONTH"}},
    )
    read = conv.current(_session_for(stored))
    assert read is not None
    assert read.pk == stored.pk
    for name in ("connect_token", "state", "page", "sequence", "time_zone", "notice_kind"):
        assert getattr(read, name) == getattr(stored, name), name
    assert read.notice == stored.notice
    assert read.retry == stored.retry


# A fixed UUID that no row has: a fresh uuid4() here would give every xdist worker a different
# test id, and the workers would refuse to run ("Different tests were collected").
@pytest.mark.parametrize(
    "stored_id",
    ["not-a-uuid", "6f1c2b4e-9a3d-4c7e-8b21-5d0e9f3a7c64", ""],
    ids=["not a uuid", "a uuid with no row", "empty"],
)
def test_current_is_none_for_an_id_that_names_no_conversation(stored_id: str) -> None:
    session = SessionStore()
    session[conv.SESSION_KEY] = stored_id
    assert conv.current(session) is None


def _idle(stored: Conversation, hours: float = 5) -> dt.datetime:
    """Make the row look unused for `hours`; returns that time."""
    then = timezone.now() - dt.timedelta(hours=hours)
    Conversation.objects.filter(pk=stored.pk).update(updated_at=then)
    return then


def test_a_claim_advances_once_and_clears_the_notice() -> None:
    stored = Conversation.objects.create(
        connect_token="cot_sql_claim", sequence=3, notice_kind="stale", notice="x", retry={"a": 1}
    )
    idle_since = _idle(stored)
    first, second = conv.current(_session_for(stored)), conv.current(_session_for(stored))
    assert first is not None and second is not None
    assert conv._claim(first, 3, conv.Event.ACTION) is True
    # The same page's number cannot be claimed twice.
    assert conv._claim(second, 3, conv.Event.ACTION) is False
    assert (first.sequence, first.notice_kind, first.retry) == (4, "", None)
    again = Conversation.objects.get(pk=stored.pk)
    assert (again.sequence, again.notice_kind, again.notice, again.retry) == (4, "", "", None)
    assert again.updated_at > idle_since  # a claim is use: the purge must not take it


def test_every_change_moves_the_time_of_last_use() -> None:
    stored = Conversation.objects.create(connect_token="cot_sql_save")
    idle_since = _idle(stored)
    shown = Page.model_validate(PAGE).model_dump(mode="json")
    assert conv._move(stored, conv.Event.PAGE, page=shown, time_zone="Asia/Tokyo")
    again = Conversation.objects.get(pk=stored.pk)
    assert (again.state, again.page, again.time_zone) == ("open", shown, "Asia/Tokyo")
    assert again.updated_at > idle_since
    idle_since = _idle(stored)
    stored.notice_kind = "stale"
    Conversation.objects.filter(pk=stored.pk).update(notice_kind="stale")
    assert conv.take_notice(stored) is not None
    assert Conversation.objects.get(pk=stored.pk).updated_at > idle_since


def _upstream(client: Any, callback: str | None = None) -> conv.Upstream:
    return conv.Upstream(client, lambda token: callback)


class _Answering:
    """A Connect client that answers every call with one page (a single-layer test double)."""

    def __init__(self, reply: dict[str, Any] | ConnectError = PAGE) -> None:
        self.reply = reply

    def _answer(self) -> Page:
        if isinstance(self.reply, ConnectError):
            raise self.reply
        if "payload" in self.reply:
            return Page.model_validate(self.reply)
        return Page.from_reply(self.reply)

    def start(self, token: str) -> Page:
        return self._answer()

    def act(self, token: str, **kwargs: Any) -> Page:
        return self._answer()

    def change_period(self, token: str, *, period_type: str, period_start: str) -> Page:
        return self._answer()


def test_an_action_stores_the_page_and_its_log_row_together() -> None:
    stored = Conversation.objects.create(connect_token="cot_sql_call", page=PAGE, sequence=1)
    before = timezone.now()
    result = conv.forward(
        stored,
        sequence=1,
        action="CHANGE_PERIOD",
        data={"period_type": "MONTH", "period_start": "2025-01-01"},
        upstream=_upstream(_Answering()),
    )
    assert result is None
    again = Conversation.objects.get(pk=stored.pk)
    assert again.sequence == 2
    assert again.page == Page.model_validate(PAGE).model_dump(mode="json")
    log = ActionLog.objects.get(conversation=stored)
    assert (log.sequence, log.route, log.action, log.outcome) == (
        2,
        "vpp_summary",
        "CHANGE_PERIOD",
        "vpp_summary",
    )
    assert log.created_at.tzinfo is not None
    assert before - dt.timedelta(seconds=1) <= log.created_at <= timezone.now()

    assert log.request_id == "req-store-1"


@pytest.fixture(autouse=True)
def _request_id() -> None:
    context.request_id.set("req-store-1")


@pytest.mark.parametrize(
    "refusal",
    [
        TokenExpired("Expired.", code="token_expired"),
        ConnectRejected("Unknown token.", code="connect_token_invalid"),
        ConnectRejected("", code="anything_else"),
    ],
    ids=["expired", "invalid", "other"],
)
def test_a_token_connect_refuses_on_entry_leaves_no_row(refusal: ConnectError) -> None:
    session = SessionStore()
    result = conv.enter(session, "cot_refused_1", _upstream(_Answering(refusal)))
    assert isinstance(result, conv.Refused) and result.kind == refusal.kind
    assert Conversation.objects.count() == 0 and ActionLog.objects.count() == 0
    assert conv.current(session) is None
    assert conv.refusal(session) == result


def test_an_accepted_token_is_stored_with_its_page_and_its_log() -> None:
    session = SessionStore()
    assert conv.enter(session, "cot_accepted_1", _upstream(_Answering())) is None
    stored = Conversation.objects.get()
    assert stored.page is not None
    assert (stored.connect_token, stored.sequence, stored.page["route"]) == (
        "cot_accepted_1",
        1,
        "vpp_summary",
    )
    assert list(stored.log.values_list("action", "outcome", "request_id")) == [
        ("start", "vpp_summary", "req-store-1")
    ]


def _closing(reply: dict[str, Any]) -> Conversation:
    stored = Conversation.objects.create(connect_token="cot_closing_1", page=PAGE, sequence=1)
    upstream = _upstream(_Answering(reply), "https://example.com/back")
    conv.forward(stored, sequence=1, action="CLOSE", data=None, upstream=upstream)
    return Conversation.objects.get(pk=stored.pk)


def test_the_token_is_forgotten_when_the_flow_is_handed_to_the_callback() -> None:
    done = _closing(
        {"route": "session_complete", "data": {"callback_url": "https://example.com/done"}}
    )
    assert (done.state, done.connect_token, done.page) == ("closed", "", None)


def test_a_close_without_a_url_forgets_the_token_in_the_write_that_keeps_the_callback() -> None:
    closed = _closing({"route": "session_complete", "data": {}})
    assert (closed.state, closed.connect_token, closed.page, closed.callback_url) == (
        "closed",
        "",
        None,
        "https://example.com/back",
    )


def test_an_expired_token_is_forgotten_as_the_flow_expires() -> None:
    stored = Conversation.objects.create(connect_token="cot_expiring_1", page=PAGE, sequence=1)
    conv.forward(
        stored,
        sequence=1,
        action="CHANGE_PERIOD",
        data={"period_type": "MONTH", "period_start": "2025-01-01"},
        upstream=_upstream(_Answering(TokenExpired("Expired.", code="token_expired"))),
    )
    expired = Conversation.objects.get(pk=stored.pk)
    assert (expired.state, expired.page, expired.connect_token) == ("expired", None, "")


def test_a_provider_page_keeps_the_token_for_the_way_back() -> None:
    stored = Conversation.objects.create(
        connect_token="cot_away_1", page={**PAGE, "actions": ["MANAGE_PAYMENTS"]}, sequence=1
    )
    result = conv.forward(
        stored,
        sequence=1,
        action="MANAGE_PAYMENTS",
        data=None,
        upstream=_upstream(
            _Answering(
                {"route": "session_redirect", "data": {"redirect_url": "https://pay.example/x"}}
            )
        ),
    )
    assert isinstance(result, conv.Leave)
    away = Conversation.objects.get(pk=stored.pk)
    assert (away.state, away.connect_token) == ("away", "cot_away_1")


def test_after_a_stale_post_the_page_shown_is_the_one_the_other_request_stored() -> None:
    stored = Conversation.objects.create(connect_token="cot_race_1", page=PAGE, sequence=1)
    session = _session_for(stored)
    mine, theirs = conv.current(session), conv.current(session)
    assert mine is not None and theirs is not None
    assert conv.page_of(mine) is not None  # read once, as a view does
    newer = {**PAGE, "payload": {"programme": {"name": "After the other tab"}}}
    period = {"period_type": "MONTH", "period_start": "2025-01-01"}
    conv.forward(
        theirs,
        sequence=1,
        action="CHANGE_PERIOD",
        data=period,
        upstream=_upstream(_Answering(newer)),
    )
    late = conv.forward(
        mine, sequence=1, action="CHANGE_PERIOD", data=period, upstream=_upstream(_Answering())
    )
    assert isinstance(late, conv.Stale)
    mine.refresh_from_db()
    shown = conv.page_of(mine)
    assert shown is not None and shown.payload["programme"]["name"] == "After the other tab"
