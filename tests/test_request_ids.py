"""Request ids from the proxy to the log line and the action log, and support's look-up by one.

In-process; tests/test_operations.py reads the same lines from real gunicorn processes.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from connect_app.models import ActionLog, Conversation
from connect_app.observability.logs import JsonFormatter, RedactTokens, RequestContext
from support.connect_stub import Reply, StubConnect
from tests.factories import error_reply, summary_reply

pytestmark = pytest.mark.django_db

TOKEN = "cot_request_ids_0001"


@pytest.fixture
def connect(settings: Any) -> Iterator[StubConnect]:
    with StubConnect() as stub:
        settings.FLATPEAK_CONNECT_URL = stub.url
        yield stub


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """What the app logs, as DJANGO_LOG_FORMAT=json writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContext())
    handler.addFilter(RedactTokens())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("connect_app")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize(
    ("offered", "kept"),
    [
        ("lb-7f3a.91_x", True),
        ("a" * 128, True),
        ("a" * 129, False),
        ("has space", False),
        ("semi;colon", False),
        ("", False),
    ],
)
def test_a_sane_request_id_is_kept_and_any_other_replaced(
    client: Client, offered: str, kept: bool
) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": offered} if offered else {})
    answered = response["X-Request-ID"]
    assert (answered == offered) is kept
    assert 1 <= len(answered) <= 128


def test_every_line_of_a_request_carries_its_id_and_conversation_never_the_token(
    client: Client, connect: StubConnect, json_lines: io.StringIO
) -> None:
    connect.reply(
        Reply.json(summary_reply()),
        Reply.json(error_reply("period_invalid", request_id="req_connect_42"), status=400),
    )
    client.get(f"/?fp_cot={TOKEN}", headers={"X-Request-ID": "entry-1"})
    conversation = Conversation.objects.get()
    client.post(
        "/act",
        {
            "action": "CHANGE_PERIOD",
            "seq": "1",
            "period_type": "MONTH",
            "period_start": "2025-01-01",
        },
        headers={"X-Request-ID": "act-2"},
    )
    lines = [json.loads(line) for line in json_lines.getvalue().splitlines()]
    assert TOKEN not in json_lines.getvalue()
    calls = [line for line in lines if line["logger"] == "connect_app.connect.client"]
    assert [(c["request_id"], c["route"], c["outcome"]) for c in calls] == [
        ("entry-1", "session_start", "ok"),
        ("act-2", "vpp_summary", "rejected"),
    ]
    assert calls[1]["conversation"] == str(conversation.pk)
    assert calls[1]["connect_request_id"] == "req_connect_42"
    assert {"time", "level", "message", "duration_ms", "action", "status"} <= calls[1].keys()
    logged = list(ActionLog.objects.values_list("request_id", "connect_request_id", "outcome"))
    assert logged == [("entry-1", "", "vpp_summary"), ("act-2", "req_connect_42", "rejected")]


def test_support_finds_a_conversation_by_a_request_id_and_sees_no_token_or_figures(
    client: Client, connect: StubConnect
) -> None:
    connect.reply(Reply.json(summary_reply()))
    client.get(f"/?fp_cot={TOKEN}", headers={"X-Request-ID": "support-look-1"})
    conversation = Conversation.objects.get()
    by_request, by_id = io.StringIO(), io.StringIO()
    call_command("show_conversation", "support-look-1", stdout=by_request)
    call_command("show_conversation", str(conversation.pk), stdout=by_id)
    shown = by_request.getvalue()
    assert shown == by_id.getvalue()
    assert f"conversation {conversation.pk}" in shown
    assert "state       open" in shown and "route       vpp_summary" in shown
    assert "session_start" in shown and "support-look-1" in shown
    assert TOKEN not in shown
    # Nothing of the page: the programme's name and figures stay in the database.
    programme = summary_reply()["programme"]["programme_display_name"]
    assert programme not in shown


def test_support_is_told_when_nothing_matches() -> None:
    with pytest.raises(Exception, match="No conversation has the id or request id"):
        call_command("show_conversation", "nothing-like-this")
