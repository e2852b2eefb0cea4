"""Bad requests to the app itself: each is refused with a designed page, and Connect hears nothing.

A refusal is a 4xx whose body is the app's own page (its stylesheet, a heading, a sentence a
customer can act on), never a traceback, Django's technical page or an empty body (A4). Connect
is `StubConnect`; after the entry call it must receive nothing at all.

One deliberate exception, from the contract (A5): a post from a page that is no longer current
(stale or unknown sequence number) is not an error. It is answered like any action, with the
current page and a short notice, and nothing is sent upstream.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from connect_app.models import Conversation
from support.connect_stub import Reply, StubConnect, Visitor
from tests.factories import summary_reply

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

TOKEN = "cot_bad_requests_token_01"


@dataclass
class Session:
    """A customer on the dashboard: their client, its current sequence number, and Connect."""

    client: Client
    seq: int
    connect: StubConnect

    def post(self, path: str = "/act", **fields: Any) -> Response:
        return self.client.post(path, {k: str(v) for k, v in fields.items()})

    def assert_connect_heard_only_the_entry(self) -> None:
        assert [r.route for r in self.connect.requests] == ["session_start"]
        assert self.connect.errors == []


@pytest.fixture
def connect(settings: Any) -> Iterator[StubConnect]:
    with StubConnect() as stub:
        settings.FLATPEAK_CONNECT_URL = stub.url
        yield stub


def open_dashboard(client: Client, connect: StubConnect) -> Session:
    connect.reply(Reply.json(summary_reply()))
    visitor = Visitor(client)
    assert visitor.enter(TOKEN).status_code == 302
    field = visitor.look().select_one("input[name=seq]")
    assert field is not None
    return Session(client, int(str(field["value"])), connect)


@pytest.fixture
def session(client: Client, connect: StubConnect) -> Session:
    return open_dashboard(client, connect)


@pytest.fixture
def guarded(connect: StubConnect) -> Session:
    """Like `session`, with CSRF enforced as a real browser request would have it."""
    return open_dashboard(Client(enforce_csrf_checks=True), connect)


def designed_page(response: Response, status: int) -> BeautifulSoup:
    """The response is the app's own page for `status`: styled, with a heading and a message."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert body.lstrip().startswith("<!DOCTYPE html>"), body[:200] or "(empty body)"
    for marker in ("Traceback", "DEBUG = True", "django.core", "Request Method:"):
        assert marker not in body
    soup = BeautifulSoup(body, "html.parser")
    assert soup.select_one("link[rel=stylesheet][href*='css/app']") is not None
    heading = soup.select_one("main h1")
    assert heading is not None and heading.get_text(strip=True)
    message = soup.select_one("main .lead")
    assert message is not None and message.get_text(strip=True)
    return soup


def says(soup: BeautifulSoup, words: str) -> None:
    text = soup.get_text(" ", strip=True)
    assert words in text, text


# --- CSRF ------------------------------------------------------------------------------------


def csrf_token(session: Session) -> str:
    page = BeautifulSoup(session.client.get("/").content, "html.parser")
    field = page.select_one("input[name=csrfmiddlewaretoken]")
    assert field is not None
    return str(field["value"])


@pytest.mark.parametrize("path", ["/act", "/resume", "/close"])
def test_a_post_without_a_csrf_token_is_refused(guarded: Session, path: str) -> None:
    soup = designed_page(guarded.post(path, action="BACK", seq=guarded.seq), 403)
    says(soup, "reload the page")
    guarded.assert_connect_heard_only_the_entry()


def test_a_forged_csrf_token_is_refused(guarded: Session) -> None:
    forged = "A" * 64
    response = guarded.post(action="BACK", seq=guarded.seq, csrfmiddlewaretoken=forged)
    designed_page(response, 403)
    guarded.assert_connect_heard_only_the_entry()


def test_a_csrf_token_from_another_browser_is_refused(
    guarded: Session, connect: StubConnect
) -> None:
    other = open_dashboard(Client(enforce_csrf_checks=True), connect)
    foreign = csrf_token(other)
    response = guarded.post(action="BACK", seq=guarded.seq, csrfmiddlewaretoken=foreign)
    designed_page(response, 403)
    assert [r.route for r in connect.requests] == ["session_start", "session_start"]


def test_a_post_from_another_origin_is_refused_even_with_a_good_token(guarded: Session) -> None:
    token = csrf_token(guarded)
    response = guarded.client.post(
        "/act",
        {"action": "BACK", "seq": guarded.seq, "csrfmiddlewaretoken": token},
        headers={"Origin": "https://evil.example"},
    )
    designed_page(response, 403)
    guarded.assert_connect_heard_only_the_entry()


def test_the_csrf_check_lets_the_real_form_through(guarded: Session) -> None:
    """Control for the refusals above: the page's own form, with its token, is forwarded."""
    guarded.connect.reply(Reply.json(summary_reply()))
    token = csrf_token(guarded)
    response = guarded.post(action="BACK", seq=guarded.seq, csrfmiddlewaretoken=token)
    assert response.status_code == 303
    assert [r.action for r in guarded.connect.requests] == ["VPP", "BACK"]


# --- actions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "words"),
    [
        ("DISCONNECT", "That is no longer offered on this page."),
        ("LEAVE_PROGRAMME", "That is no longer offered on this page."),
        ("back", "Unknown action."),
        ("DROP TABLE", "Unknown action."),
        ("<script>alert(1)</script>", "Unknown action."),
        ("A" * 65, "at most 64 characters"),
        ("", "This field is required."),
    ],
    ids=["not offered", "not offered 2", "lower case", "space", "markup", "too long", "empty"],
)
def test_an_action_the_page_does_not_offer_is_refused(
    session: Session, action: str, words: str
) -> None:
    response = session.post(action=action, seq=session.seq)
    soup = designed_page(response, 400)
    says(soup, "That did not work")
    says(soup, words)
    assert "<script>alert(1)</script>" not in response.content.decode()
    session.assert_connect_heard_only_the_entry()


@pytest.mark.parametrize(
    "seq",
    ["-1", "abc", "1.5", "", "2147483648", "9" * 40, "0x10"],
    ids=["negative", "word", "fraction", "empty", "too big", "huge", "hex"],
)
def test_a_malformed_sequence_number_is_refused(session: Session, seq: str) -> None:
    designed_page(session.post(action="BACK", seq=seq), 400)
    session.assert_connect_heard_only_the_entry()


@pytest.mark.parametrize("offset", [-1, 1, 1000], ids=["older", "newer", "far ahead"])
def test_a_post_from_another_page_number_sends_nothing_and_shows_the_current_page(
    session: Session, offset: int
) -> None:
    response = session.post(action="MANAGE_PARTICIPATION", seq=max(session.seq + offset, 0))
    assert response.status_code == 303 and response["Location"] == "/"
    page = session.client.get("/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    says(soup, "nothing was sent again")
    assert soup.select_one("#period-label") is not None
    session.assert_connect_heard_only_the_entry()


@pytest.mark.parametrize(
    "fields",
    [
        {"period_type": "MONTH", "period_start": "2025-02-03"},
        {"period_type": "YEAR", "period_start": "2025-02-01"},
        {"period_type": "WEEK", "period_start": "2025-02-03"},
        {"period_type": "month", "period_start": "2025-02-01"},
        {"period_type": "MONTH", "period_start": "2025-02-30"},
        {"period_type": "MONTH", "period_start": "9999-99-99"},
        {"period_type": "DAY", "period_start": "2025-02-01T00:00:00"},
        {"period_type": "MONTH", "period_start": "1" * 5000},
        {"period_type": "MONTH", "period_start": ""},
        {"period_type": "MONTH"},
        {"period_start": "2025-01-01"},
        {},
    ],
    ids=[
        "month not on the 1st",
        "year not on 1 January",
        "unknown type",
        "lower-case type",
        "no such day",
        "nonsense date",
        "a moment",
        "very long",
        "empty start",
        "no start",
        "no type",
        "nothing",
    ],
)
def test_a_malformed_period_is_refused(session: Session, fields: dict[str, str]) -> None:
    response = session.post(action="CHANGE_PERIOD", seq=session.seq, **fields)
    designed_page(response, 400)
    session.assert_connect_heard_only_the_entry()


def test_a_period_type_the_page_does_not_list_is_refused(
    client: Client, connect: StubConnect
) -> None:
    connect.reply(
        Reply.json(summary_reply(**{"performance.available_period_types": ["MONTH", "YEAR"]}))
    )
    visitor = Visitor(client)
    visitor.enter(TOKEN)
    field = visitor.look().select_one("input[name=seq]")
    assert field is not None
    session = Session(client, int(str(field["value"])), connect)
    response = session.post(
        action="CHANGE_PERIOD", seq=session.seq, period_type="DAY", period_start="2025-02-01"
    )
    says(designed_page(response, 400), "does not offer that period")
    session.assert_connect_heard_only_the_entry()


def test_a_json_body_is_not_a_form_and_is_refused(session: Session) -> None:
    response = session.client.post(
        "/act", {"action": "BACK", "seq": session.seq}, content_type="application/json"
    )
    designed_page(response, 400)
    session.assert_connect_heard_only_the_entry()


# --- size limits -----------------------------------------------------------------------------


def test_a_body_over_the_upload_limit_gets_the_designed_400(
    session: Session, settings: Any
) -> None:
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024)
    response = session.post(action="BACK", seq=session.seq, padding=padding)
    says(designed_page(response, 400), "That did not work")
    session.assert_connect_heard_only_the_entry()


def test_an_oversized_body_with_csrf_enforced_gets_the_designed_400(
    guarded: Session, settings: Any
) -> None:
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 4)
    response = guarded.post(action="BACK", seq=guarded.seq, padding=padding)
    designed_page(response, 400)
    guarded.assert_connect_heard_only_the_entry()


def test_too_many_form_fields_get_the_designed_400(session: Session, settings: Any) -> None:
    extra = {f"field{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = session.post(action="BACK", seq=session.seq, **extra)
    designed_page(response, 400)
    session.assert_connect_heard_only_the_entry()


def test_too_many_query_parameters_get_the_designed_400(
    client: Client, connect: StubConnect, settings: Any
) -> None:
    query = "&".join(f"p{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    designed_page(client.get(f"/?fp_cot={TOKEN}&{query}"), 400)
    assert connect.requests == []


@pytest.mark.parametrize(
    ("query", "words"),
    [
        (f"fp_cot={'a' * 201}", "This link is incomplete."),
        ("fp_cot=short", "This link is incomplete."),
        ("fp_cot=has%20space", "This link is incomplete."),
        ("connect_token=", "This link is incomplete."),
        ("fp_cot=%00%00%00%00%00%00%00%00", "This link is incomplete."),
    ],
    ids=["too long", "too short", "space", "empty alias", "nul bytes"],
)
def test_a_malformed_entry_token_is_refused(
    client: Client, connect: StubConnect, query: str, words: str
) -> None:
    response = client.get(f"/?{query}")
    says(designed_page(response, 400), words)
    assert "a" * 201 not in response.content.decode()
    assert connect.requests == []


def test_a_request_for_another_host_name_gets_the_designed_400(
    client: Client, connect: StubConnect
) -> None:
    designed_page(client.get(f"/?fp_cot={TOKEN}", headers={"Host": "evil.example"}), 400)
    assert connect.requests == []


# --- methods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "allowed", "methods"),
    [
        ("/act", "POST", ["get", "put", "patch", "delete"]),
        ("/resume", "POST", ["get", "put", "patch", "delete"]),
        ("/close", "POST", ["get", "put", "patch", "delete"]),
        ("/", "GET", ["post", "put", "patch", "delete"]),
    ],
    ids=["act", "resume", "close", "home"],
)
def test_a_method_a_url_does_not_take_gets_a_designed_405(
    session: Session, path: str, allowed: str, methods: list[str]
) -> None:
    for method in methods:
        response = getattr(session.client, method)(path)
        designed_page(response, 405)
        offered = {m.strip() for m in response["Allow"].split(",")}
        assert allowed in offered and method.upper() not in offered, (method, offered)
    session.assert_connect_heard_only_the_entry()


# --- no session ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/act", "/resume", "/close"])
def test_a_post_without_a_session_is_refused(
    client: Client, connect: StubConnect, path: str
) -> None:
    says(designed_page(client.post(path, {"action": "BACK", "seq": "1"}), 400), "session has ended")
    assert connect.requests == []


def test_a_made_up_session_cookie_is_no_session(client: Client, connect: StubConnect) -> None:
    client.cookies["sessionid"] = "abcdefghijklmnopqrstuvwxyz012345"
    says(
        designed_page(client.post("/act", {"action": "BACK", "seq": "1"}), 400), "session has ended"
    )
    assert connect.requests == []


def test_a_session_whose_conversation_is_gone_is_no_session(session: Session) -> None:
    Conversation.objects.all().delete()
    response = session.post(action="BACK", seq=session.seq)
    says(designed_page(response, 400), "session has ended")
    session.assert_connect_heard_only_the_entry()


def test_close_here_is_refused_while_the_token_is_still_good(session: Session) -> None:
    says(designed_page(session.post("/close"), 400), "Use the Close button")
    session.assert_connect_heard_only_the_entry()


def test_an_unknown_address_gets_the_designed_404(client: Client, connect: StubConnect) -> None:
    for path in ("/nowhere", "/act/", "/static/../connect_app/settings.py", "/sandbox/../act"):
        says(designed_page(client.get(path), 404), "Page not found")
    assert connect.requests == []
