"""Entry URLs whose token Connect refuses: no row, a designed page, and a limit per address.

In-process with a real Connect stand-in over HTTP; tests/test_operations.py holds two gunicorn
instances sharing Redis to the same limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from connect_app.entry_limit import client_address
from connect_app.models import Conversation
from support.connect_stub import Reply, StubConnect
from tests.factories import error_reply, summary_reply

pytestmark = pytest.mark.django_db

INVALID = Reply.json(error_reply("connect_token_invalid", "This link is not valid."), status=401)
EXPIRED = Reply.json(error_reply("token_expired", "This link has expired."), status=401)


@pytest.fixture
def connect(settings: Any) -> Iterator[StubConnect]:
    cache.clear()
    settings.CONNECT_REFUSED_ENTRY_RATE = 3
    with StubConnect() as stub:
        settings.FLATPEAK_CONNECT_URL = stub.url
        yield stub
    cache.clear()


def enter(client: Client, token: str, address: str = "203.0.113.7", **headers: str) -> Any:
    return client.get(f"/?fp_cot={token}", REMOTE_ADDR=address, headers=headers)


@pytest.mark.parametrize(
    ("reply", "heading"),
    [(INVALID, "This link cannot be opened"), (EXPIRED, "Your session has expired")],
    ids=["invalid", "expired"],
)
def test_a_refused_token_leaves_no_row_and_a_page_that_says_so(
    client: Client, connect: StubConnect, reply: Reply, heading: str
) -> None:
    connect.reply(reply)
    response = enter(client, "cot_refused_token_1")
    assert response.status_code == 302 and response["Location"] == "/"
    assert Conversation.objects.count() == 0
    page = client.get("/")
    assert page.status_code == 200 and heading in page.content.decode()
    assert "cot_refused_token_1" not in page.content.decode()
    # Close ends here: there is nothing to tell Connect.
    closed = client.post("/close")
    assert closed.status_code == 200 and "You can close this window" in closed.content.decode()
    assert [r.route for r in connect.requests] == ["session_start"]


def test_connect_busy_on_entry_is_kept_to_try_again(client: Client, connect: StubConnect) -> None:
    busy = error_reply("rate_limit", "Slow down.", type="rate_limit")
    connect.reply(Reply.json(busy, status=429))
    enter(client, "cot_busy_token_1")
    assert Conversation.objects.count() == 1
    assert "Try again" in client.get("/").content.decode()


def test_past_the_limit_an_address_is_turned_away_without_asking_connect(
    client: Client, connect: StubConnect
) -> None:
    connect.always(INVALID)
    for n in range(3):
        assert enter(Client(), f"cot_guess_{n:04d}").status_code == 302
    response = enter(client, "cot_guess_9999")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Too many tries" in response.content.decode()
    assert len(connect.requests) == 3
    # Another address is not held to this one's refusals.
    connect.reply(Reply.json(summary_reply()))
    assert enter(client, "cot_good_token_1", address="198.51.100.4").status_code == 302
    assert Conversation.objects.count() == 1


def test_good_tokens_never_count(client: Client, connect: StubConnect) -> None:
    connect.always(Reply.json(summary_reply()))
    for n in range(6):
        assert enter(Client(), f"cot_good_token_{n:04d}").status_code == 302
    assert Conversation.objects.count() == 6


def test_the_token_a_browser_holds_resumes_even_past_the_limit(
    client: Client, connect: StubConnect
) -> None:
    connect.reply(Reply.json(summary_reply()))
    assert enter(client, "cot_held_token_1").status_code == 302
    connect.always(INVALID)
    for n in range(3):
        enter(Client(), f"cot_guess_{n:04d}")
    connect.always(Reply.json(summary_reply()))
    assert enter(client, "cot_held_token_1").status_code == 302
    assert connect.requests[-1].route == "session_restore"


def test_the_limit_can_be_turned_off(client: Client, connect: StubConnect, settings: Any) -> None:
    settings.CONNECT_REFUSED_ENTRY_RATE = 0
    connect.always(INVALID)
    for n in range(5):
        assert enter(Client(), f"cot_guess_{n:04d}").status_code == 302
    assert len(connect.requests) == 5


def test_refusals_behind_a_trusted_proxy_count_for_the_forwarded_client(
    client: Client, connect: StubConnect
) -> None:
    connect.always(INVALID)
    for n in range(3):
        enter(Client(), f"cot_guess_{n:04d}", "127.0.0.1", **{"X-Forwarded-For": "192.0.2.1"})
    limited = enter(client, "cot_guess_5555", "127.0.0.1", **{"X-Forwarded-For": "192.0.2.1"})
    assert limited.status_code == 429
    other = enter(client, "cot_guess_6666", "127.0.0.1", **{"X-Forwarded-For": "192.0.2.2"})
    assert other.status_code == 302


class _Request:
    def __init__(self, peer: str, forwarded: str = "") -> None:
        self.META = {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.mark.parametrize(
    ("peer", "forwarded", "allowed", "client"),
    [
        (
            "203.0.113.9",
            "192.0.2.1",
            ["127.0.0.1"],
            "203.0.113.9",
        ),  # untrusted peer: header ignored
        ("127.0.0.1", "192.0.2.1", ["127.0.0.1"], "192.0.2.1"),
        ("127.0.0.1", "192.0.2.1, 10.0.0.5", ["127.0.0.1", "10.0.0.0/8"], "192.0.2.1"),
        ("127.0.0.1", "spoofed, 192.0.2.1", ["127.0.0.1"], "192.0.2.1"),  # rightmost first
        ("127.0.0.1", "192.0.2.1, not-an-ip", ["127.0.0.1"], "127.0.0.1"),
        ("10.0.0.5", "2001:db8::1", ["*"], "2001:db8::1"),
        ("127.0.0.1", "", ["127.0.0.1"], "127.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_configured_proxies(
    settings: Any, peer: str, forwarded: str, allowed: list[str], client: str
) -> None:
    settings.FORWARDED_ALLOW_IPS = allowed
    assert client_address(_Request(peer, forwarded)) == client  # type: ignore[arg-type]


def test_a_start_refused_on_the_retry_leaves_no_row_either(
    client: Client, connect: StubConnect
) -> None:
    connect.reply(Reply(status=502, body=b"<html>down</html>", content_type="text/html"))
    enter(client, "cot_retried_token_1")
    assert Conversation.objects.count() == 1
    seq = Conversation.objects.get().sequence
    connect.reply(INVALID)
    retried = client.post("/resume", {"seq": str(seq)})
    assert retried.status_code == 303 and retried["Location"] == "/"
    assert Conversation.objects.count() == 0
    assert "This link cannot be opened" in client.get("/").content.decode()
