"""The conversation's hot path in plain SQL stores and reads exactly what the ORM does.

conversation.py reads, claims and stores with its own statements (the ORM cost ten times the
database's work). These tests write through those statements and read back through the ORM, and
the other way round, so a column the two disagree on (JSON, UUIDs, aware datetimes) shows. They
run on SQLite and, in `make test`'s PostgreSQL pass, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.utils import timezone

from connect_app import conversation as conv
from connect_app.connect.pages import Page
from connect_app.models import ActionLog, Conversation

pytestmark = pytest.mark.django_db

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
    # Its timestamps are not read, but are there when asked for.
    assert read.created_at == Conversation.objects.get(pk=stored.pk).created_at


@pytest.mark.parametrize("stored_id", ["not-a-uuid", str(uuid.uuid4()), ""])
def test_current_is_none_for_an_id_that_names_no_conversation(stored_id: str) -> None:
    session = SessionStore()
    session[conv.SESSION_KEY] = stored_id
    assert conv.current(session) is None


def test_a_claim_advances_once_and_clears_the_notice() -> None:
    stored = Conversation.objects.create(
        connect_token="cot_sql_claim", sequence=3, notice_kind="stale", notice="x", retry={"a": 1}
    )
    first, second = conv.current(_session_for(stored)), conv.current(_session_for(stored))
    assert first is not None and second is not None
    assert conv._claim(first, 3) is True
    assert conv._claim(second, 3) is False  # the same page's number cannot be claimed twice
    assert (first.sequence, first.notice_kind, first.retry) == (4, "", None)
    again = Conversation.objects.get(pk=stored.pk)
    assert (again.sequence, again.notice_kind, again.notice, again.retry) == (4, "", "", None)


def test_what_save_stores_the_orm_reads_back() -> None:
    stored = Conversation.objects.create(connect_token="cot_sql_save")
    shown = Page.model_validate(PAGE).model_dump(mode="json")
    conv._save(stored, state=Conversation.State.AWAY, page=shown, time_zone="Asia/Tokyo")
    again = Conversation.objects.get(pk=stored.pk)
    assert (again.state, again.page, again.time_zone) == ("away", shown, "Asia/Tokyo")
    conv._save(stored, page=None, retry=None)
    again = Conversation.objects.get(pk=stored.pk)
    assert again.page is None and again.retry is None


class _Answering:
    """A Connect client that answers every call with one page (a single-layer test double)."""

    def change_period(self, token: str, *, period_type: str, period_start: str) -> Page:
        return Page.model_validate(PAGE)


def test_an_action_stores_the_page_and_its_log_row_together() -> None:
    stored = Conversation.objects.create(connect_token="cot_sql_call", page=PAGE, sequence=1)
    before = timezone.now()
    result = conv.act(
        stored,
        sequence=1,
        action="CHANGE_PERIOD",
        data={"period_type": "MONTH", "period_start": "2025-01-01"},
        client=_Answering(),  # type: ignore[arg-type]
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
