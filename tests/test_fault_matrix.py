"""Every way Connect can fail, met by the app over real HTTP (A7).

Connect is `StubConnect`, a real HTTP server on 127.0.0.1, so time-outs, refused and dropped
connections, cut-off bodies and oversized replies are the real thing, not mocked exceptions.
For each fault the customer enters, sees the dashboard, presses "Previous period", and Connect
fails that call. Whatever the fault, the app must:

- answer with a designed state and a way on (a "Try again" button, or Close when the token
  has expired), never an HTTP 500;
- keep the page they were on usable (same period heading, same buttons);
- log the failure exactly once, from the Connect client, with route, action, status and timing.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from support.connect_stub import Reply, StubConnect, Visitor, button_names, closed_port_url
from tests.factories import error_reply, page_reply, summary_reply

pytestmark = pytest.mark.django_db

TOKEN = "cot_fault_matrix_token_0001"
CLIENT_LOGGER = "connect_app.connect.client"
TIMEOUT_S = 0.5
UNAVAILABLE = "We couldn't reach your energy programme just now."
UNREADABLE = "Your energy programme sent something we couldn't read."
# Connect's error codes are said in our words, never in Connect's (A7).
NOT_ACCEPTED = "Your energy programme could not accept that. Please try again."
NOT_FROM_HERE = "That can no longer be done from this page. Please try again."
# The seed dashboard shows February 2025; "Previous period" asks for January.
SHOWN, PREVIOUS = "February 2025", "January 2025"
DASHBOARD_BUTTONS = {"Previous period", "Day", "Year", "Latest", "Manage participation", "Back"}
TEN_MB = 10 * 1024 * 1024

Outcome = Literal["notice", "expired", "generic"]


@dataclass(frozen=True)
class Fault:
    """A way Connect answers (or fails to answer) an action, and what the customer must see."""

    reply: Reply | None  # None: nothing listens on Connect's port any more
    words: tuple[str, ...]  # the customer reads one of these
    status: str  # the status= the log line names ("-" when no HTTP status arrived)
    outcome: Outcome = "notice"
    min_ms: int = 0  # the timing logged is at least this (a time-out takes its time)
    hangs_up: bool = False  # the app must stop reading before the whole body arrived


def html(status: int) -> Reply:
    page = f"<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>"
    return Reply(status=status, body=page.encode(), content_type="text/html")


def error(code: str, message: str, status: int = 400, **extra: Any) -> Reply:
    return Reply.json(error_reply(code, message, **extra), status=status)


SUMMARY_JSON = json.dumps(summary_reply()).encode()
DEEP = 100_000

FAULTS: dict[str, Fault] = {
    "timeout": Fault(Reply(hang=True), (UNAVAILABLE,), "-", min_ms=int(TIMEOUT_S * 1000 * 0.9)),
    "connection refused": Fault(None, (UNAVAILABLE,), "-"),
    "connection dropped": Fault(Reply(drop=True), (UNAVAILABLE,), "-"),
    "500 html": Fault(html(500), (UNAVAILABLE,), "500"),
    "502 html": Fault(html(502), (UNAVAILABLE,), "502"),
    "503 html": Fault(html(503), (UNAVAILABLE,), "503"),
    "504 html": Fault(html(504), (UNAVAILABLE,), "504"),
    "503 json without an error object": Fault(
        Reply.json({"message": "maintenance"}, status=503), (UNAVAILABLE,), "503"
    ),
    "malformed json": Fault(
        Reply(body=b'{"route": "vpp_summary", "actions": [,], }'), (UNAVAILABLE,), "200"
    ),
    "truncated json": Fault(
        Reply(body=SUMMARY_JSON[: len(SUMMARY_JSON) // 2]), (UNAVAILABLE,), "200"
    ),
    "body cut off in transit": Fault(
        Reply(body=SUMMARY_JSON[:100], declared_length=len(SUMMARY_JSON)), (UNAVAILABLE,), "-"
    ),
    "json array": Fault(Reply.json([summary_reply()]), (UNREADABLE,), "200"),
    "json string": Fault(Reply.json("vpp_summary"), (UNREADABLE,), "200"),
    "10 MB body": Fault(
        Reply(body=b'{"route": "vpp_summary", "padding": "' + b"x" * TEN_MB + b'"}'),
        (UNREADABLE,),
        "200",
        hangs_up=True,
    ),
    # Valid JSON nested deeper than Python's parser recurses: refused like any unreadable body.
    "deeply nested json": Fault(
        Reply(body=b'{"route": "vpp_summary", "x": ' + b"[" * DEEP + b"]" * DEEP + b"}"),
        (UNAVAILABLE, UNREADABLE),
        "200",
    ),
    "data_json_invalid": Fault(
        error("data_json_invalid", "The period you asked for is not valid."),
        (NOT_ACCEPTED,),
        "400",
    ),
    "action_missing": Fault(
        error("action_missing", "An action is required."), (NOT_FROM_HERE,), "400"
    ),
    "action_invalid": Fault(
        error("action_invalid", "Action parameter XX is not supported"),
        (NOT_FROM_HERE,),
        "400",
    ),
    "rate_limit": Fault(
        error("rate_limit", "Too many requests. Try again shortly.", 429, type="rate_limit"),
        ("Your energy programme is busy right now. Wait a moment, then try again.",),
        "429",
    ),
    "api_error object with a 500": Fault(
        error("internal_error", "Connect had a problem. Try again.", 500, type="api_error"),
        ("Something went wrong at your energy programme. Please try again in a moment.",),
        "500",
    ),
    "error object without a message": Fault(error("data_json_invalid", ""), (NOT_ACCEPTED,), "400"),
    "token_expired": Fault(
        error("token_expired", "The token has expired.", 401),
        ("Your session has expired",),
        "401",
        outcome="expired",
    ),
    "unknown route": Fault(
        Reply.json(
            page_reply(
                "brand_new_route",
                {"message": "Something new from Connect.", "widget": {"colour": "teal"}},
                actions=["DO_THE_NEW_THING", "BACK", "CLOSE"],
            )
        ),
        ("Brand new route",),
        "200",
        outcome="generic",
    ),
}


@pytest.fixture
def stub(settings: Any) -> Iterator[StubConnect]:
    with StubConnect() as connect:
        settings.FLATPEAK_CONNECT_URL = connect.url
        settings.CONNECT_TIMEOUT_S = TIMEOUT_S
        yield connect


@pytest.fixture(autouse=True)
def _log_warnings(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=CLIENT_LOGGER)


def client_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == CLIENT_LOGGER and r.levelno >= logging.WARNING]


def period_heading(soup: BeautifulSoup) -> str:
    label = soup.select_one("#period-label")
    assert label is not None, "the period heading is gone"
    return label.get_text(strip=True)


def on_dashboard(visitor: Visitor, stub: StubConnect) -> BeautifulSoup:
    stub.reply(Reply.json(summary_reply()))
    entry = visitor.enter(TOKEN)
    assert entry.status_code == 302 and entry["Location"] == "/"
    soup = visitor.look()
    assert period_heading(soup) == SHOWN
    return soup


def assert_logged_once(
    caplog: pytest.LogCaptureFixture, fault: Fault, *, route: str, action: str
) -> None:
    warnings = client_warnings(caplog)
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    message = warnings[0].getMessage()
    for part in (f"route={route}", f"action={action}", f"status={fault.status}", "ms="):
        assert part in message, f"{part!r} missing from {message!r}"
    timing = re.search(r"\bms=(\d+)", message)
    assert timing is not None, message
    assert int(timing.group(1)) >= fault.min_ms, message
    assert TOKEN not in message


def assert_logged_as_a_success(caplog: pytest.LogCaptureFixture, *, next_route: str) -> None:
    """An unknown route is not a failure: no warning, one ordinary line naming where it led."""
    assert client_warnings(caplog) == []
    lines = [r.getMessage() for r in caplog.records if r.name == CLIENT_LOGGER]
    assert [line for line in lines if f"next={next_route}" in line] == [
        line for line in lines if "action=CHANGE_PERIOD" in line
    ]
    assert len([line for line in lines if "action=CHANGE_PERIOD" in line]) == 1


# htmx answers with the page fragment instead of a redirect; the failure handling behind it is
# the same, so a representative subset covers that path.
HTMX_FAULTS = [
    "timeout",
    "connection refused",
    "502 html",
    "malformed json",
    "json array",
    "10 MB body",
    "rate_limit",
    "token_expired",
    "unknown route",
]
CASES = [(name, "form") for name in FAULTS] + [(name, "htmx") for name in HTMX_FAULTS]


@pytest.mark.parametrize(("name", "via"), CASES, ids=[f"{n}-{v}" for n, v in CASES])
def test_a_failed_action_leaves_a_usable_page_and_one_log_line(
    client: Client,
    stub: StubConnect,
    settings: Any,
    caplog: pytest.LogCaptureFixture,
    name: str,
    via: str,
) -> None:
    fault = FAULTS[name]
    visitor = Visitor(client, htmx=via == "htmx")
    before = on_dashboard(visitor, stub)
    if fault.reply is None:
        settings.FLATPEAK_CONNECT_URL = closed_port_url()
    else:
        stub.reply(fault.reply)

    answer = visitor.press("Previous period")

    if via == "form":
        assert answer.status_code == 303 and answer["Location"] == "/"
        shown = visitor.look()
    else:
        assert answer.status_code == 200
        assert visitor.shown is not None
        shown = visitor.shown
    assert all(r.status_code < 500 for r in visitor.responses)
    text = shown.get_text(" ", strip=True)
    assert any(words in text for words in fault.words), text
    reached = ["VPP"] if fault.reply is None else ["VPP", "CHANGE_PERIOD"]
    assert [r.action for r in stub.requests] == reached
    if fault.outcome == "generic":
        assert_logged_as_a_success(caplog, next_route="brand_new_route")
    else:
        assert_logged_once(caplog, fault, route="vpp_summary", action="CHANGE_PERIOD")
    if fault.hangs_up:
        assert stub.wait_until(lambda s: s.aborted == 1), "the app read the whole 10 MB reply"

    settings.FLATPEAK_CONNECT_URL = stub.url
    if fault.outcome == "notice":
        assert_way_on_from_the_notice(visitor, stub, before, shown)
    elif fault.outcome == "expired":
        assert_expired_screen_closes(visitor, stub, shown)
    else:
        assert_generic_page_works(visitor, stub, shown)


def assert_way_on_from_the_notice(
    visitor: Visitor, stub: StubConnect, before: BeautifulSoup, shown: BeautifulSoup
) -> None:
    """The dashboard is still there as it was, with the notice and a retry that works."""
    assert period_heading(shown) == SHOWN
    assert set(button_names(shown)) >= DASHBOARD_BUTTONS
    alert = shown.select_one("[role=alert]")
    assert alert is not None
    retry = alert.select_one("button[name=action]")
    assert retry is not None and retry.get_text(strip=True) == "Try again"
    assert retry["value"] == "CHANGE_PERIOD"
    assert set(button_names(before)) <= set(button_names(shown))

    january = summary_reply(
        **{"performance.period_start": "2025-01-01", "performance.period_end": "2025-01-31"}
    )
    stub.reply(Reply.json(january))
    answer = visitor.press("Try again")
    assert answer.status_code in (200, 303)
    assert period_heading(visitor.shown or visitor.look()) == PREVIOUS
    retried = stub.requests[-1].body
    assert retried is not None
    assert retried["data"] == {"period_type": "MONTH", "period_start": "2025-01-01"}


def assert_expired_screen_closes(visitor: Visitor, stub: StubConnect, shown: BeautifulSoup) -> None:
    """The expired screen offers Close, which ends the flow here without calling Connect."""
    assert button_names(shown) == ["Close"]
    sent = len(stub.requests)
    answer = visitor.press("Close")
    assert answer.status_code in (200, 303)
    assert "You can close this window" in (visitor.shown or visitor.look()).get_text(" ")
    assert len(stub.requests) == sent


def assert_generic_page_works(visitor: Visitor, stub: StubConnect, shown: BeautifulSoup) -> None:
    """An unknown route is a page like any other: its words, its actions, and Back works."""
    heading = shown.select_one("h1")
    assert heading is not None and heading.get_text(strip=True) == "Brand new route"
    assert "Something new from Connect." in shown.get_text(" ")
    assert button_names(shown) == ["Do the new thing", "Back", "Close"]
    stub.reply(Reply.json(summary_reply()))
    assert visitor.press("Back").status_code in (200, 303)
    assert period_heading(visitor.shown or visitor.look()) == SHOWN
    assert stub.requests[-1].body == {
        "connect_token": TOKEN,
        "route": "brand_new_route",
        "action": "BACK",
    }


ENTRY_FAULTS = ["timeout", "connection refused", "502 html", "malformed json", "rate_limit"]


@pytest.mark.parametrize("name", ENTRY_FAULTS)
def test_a_failed_entry_offers_to_try_again(
    client: Client,
    stub: StubConnect,
    settings: Any,
    caplog: pytest.LogCaptureFixture,
    name: str,
) -> None:
    fault = FAULTS[name]
    visitor = Visitor(client)
    connect_url = stub.url
    if fault.reply is None:
        settings.FLATPEAK_CONNECT_URL = closed_port_url()
    else:
        stub.reply(fault.reply)

    entry = visitor.enter(TOKEN)
    assert entry.status_code == 302 and entry["Location"] == "/"
    screen = visitor.get()
    assert screen.status_code == 503  # designed: there is no page to show yet
    assert visitor.shown is not None
    text = visitor.shown.get_text(" ", strip=True)
    assert "We could not load your programme" in text
    assert any(words in text for words in fault.words), text
    assert button_names(visitor.shown) == ["Try again"]
    assert_logged_once(caplog, fault, route="session_start", action="VPP")

    settings.FLATPEAK_CONNECT_URL = connect_url
    stub.reply(Reply.json(summary_reply()))
    assert visitor.press("Try again").status_code == 303
    assert period_heading(visitor.look()) == SHOWN
    assert stub.requests[-1].body == {
        "connect_token": TOKEN,
        "route": "session_start",
        "action": "VPP",
    }


def test_an_expired_token_at_entry_gets_the_expired_screen(
    client: Client, stub: StubConnect, caplog: pytest.LogCaptureFixture
) -> None:
    fault = FAULTS["token_expired"]
    assert fault.reply is not None
    stub.reply(fault.reply)
    visitor = Visitor(client)
    assert visitor.enter(TOKEN).status_code == 302
    screen = visitor.look()
    assert "Your session has expired" in screen.get_text(" ")
    assert button_names(screen) == ["Close"]
    assert_logged_once(caplog, fault, route="session_start", action="VPP")


def test_a_compressed_reply_is_refused_before_it_is_inflated_past_the_limit(
    client: Client, stub: StubConnect, settings: Any
) -> None:
    """The reply bound counts what is held in memory, not just what arrives on the wire.

    200 KB of gzip inflates to 200 MB. Reading it must stop near CONNECT_MAX_REPLY_BYTES
    (2 MB), so the app may hold a few times that at most, not one inflated network chunk.
    """
    inner = b'{"route": "vpp_summary", "padding": "' + b"0" * (200 * 1024 * 1024) + b'"}'
    bomb = gzip.compress(inner, compresslevel=9)
    del inner
    visitor = Visitor(client)
    on_dashboard(visitor, stub)
    stub.reply(Reply(body=bomb, headers=(("Content-Encoding", "gzip"),)))

    tracemalloc.start()
    try:
        answer = visitor.press("Previous period")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert answer.status_code == 303
    assert UNREADABLE in visitor.look().get_text(" ")
    limit = settings.CONNECT_MAX_REPLY_BYTES
    assert peak < 5 * limit, f"held {peak / 1e6:.0f} MB to refuse a {limit / 1e6:.0f} MB reply"


def test_a_nul_character_in_a_reply_never_breaks_the_page(
    client: Client, stub: StubConnect
) -> None:
    """JSON may carry \\u0000; PostgreSQL's jsonb cannot store it. Shown or refused, never a 500."""
    visitor = Visitor(client)
    on_dashboard(visitor, stub)
    january = summary_reply(
        **{
            "performance.period_start": "2025-01-01",
            "performance.period_end": "2025-01-31",
            "programme.programme_display_name": "Community\u0000Powershare",
        }
    )
    stub.reply(Reply.json(january))
    answer = visitor.press("Previous period")
    assert answer.status_code == 303
    page = visitor.get()
    assert page.status_code == 200
    assert visitor.shown is not None
    shown_text = visitor.shown.get_text(" ", strip=True)
    assert period_heading(visitor.shown) == PREVIOUS or UNREADABLE in shown_text
