from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from connect_app.connect.client import ConnectClient, shared_http_client
from connect_app.connect.errors import (
    ConnectRejected,
    ConnectUnavailable,
    ConnectUnreadable,
    TokenExpired,
)
from connect_app.flatpeak_api import lookups
from tests.factories import error_reply, page_reply, summary_reply

URL = "https://connect.test/"
TOKEN = "cot_test_token_0001"


@pytest.fixture
def client() -> ConnectClient:
    return ConnectClient(URL, httpx.Client(timeout=2))


def sent(httpx_mock: HTTPXMock) -> dict[str, Any]:
    request = httpx_mock.get_request()
    assert request is not None
    assert "authorization" not in request.headers  # the token in the body is the credential
    body: dict[str, Any] = json.loads(request.content)
    return body


def test_start_asks_for_the_vpp_flow(client: ConnectClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=URL, method="POST", json=summary_reply())
    page = client.start(TOKEN)
    assert sent(httpx_mock) == {"connect_token": TOKEN, "route": "session_start", "action": "VPP"}
    assert page.route == "vpp_summary"
    assert "CHANGE_PERIOD" in page.actions
    assert page.payload["performance"]["earnings"] == 62.10
    assert "connect_token" not in page.payload  # the token never reaches a template


def test_restore_sends_only_token_and_route(client: ConnectClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=summary_reply())
    client.restore(TOKEN)
    assert sent(httpx_mock) == {"connect_token": TOKEN, "route": "session_restore"}


def test_change_period_is_absolute(client: ConnectClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=summary_reply())
    client.change_period(TOKEN, period_type="YEAR", period_start="2025-01-01")
    assert sent(httpx_mock) == {
        "connect_token": TOKEN,
        "route": "vpp_summary",
        "action": "CHANGE_PERIOD",
        "data": {"period_type": "YEAR", "period_start": "2025-01-01"},
    }


def test_act_names_the_route_answered(client: ConnectClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=page_reply("vpp_participation", {"current_state": "ACTIVE"}))
    page = client.act(TOKEN, route="vpp_summary", action="MANAGE_PARTICIPATION")
    assert sent(httpx_mock) == {
        "connect_token": TOKEN,
        "route": "vpp_summary",
        "action": "MANAGE_PARTICIPATION",
    }
    assert page.route == "vpp_participation"
    assert page.payload == {"current_state": "ACTIVE"}  # read from `data`


def test_unknown_route_and_unknown_fields_are_fine(
    client: ConnectClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(json={"route": "brand_new_route", "surprise": [1, 2], "actions": None})
    page = client.restore(TOKEN)
    assert page.route == "brand_new_route"
    assert page.actions == ()
    assert page.payload == {"surprise": [1, 2]}


@pytest.mark.parametrize("status", [200, 400, 422])
def test_error_object_is_an_error_whatever_the_status(
    client: ConnectClient, httpx_mock: HTTPXMock, status: int
) -> None:
    httpx_mock.add_response(status_code=status, json=error_reply("data_json_invalid", "Bad period"))
    with pytest.raises(ConnectRejected) as caught:
        client.restore(TOKEN)
    assert caught.value.code == "data_json_invalid"
    assert caught.value.sent == "Bad period"
    # The customer reads our words for the code, not Connect's (A7).
    assert caught.value.message == "Your energy programme could not accept that. Please try again."


def test_rate_limit_error_object_keeps_what_it_sent(
    client: ConnectClient, httpx_mock: HTTPXMock
) -> None:
    reply = error_reply("rate_limit", "Too many requests.", type="rate_limit")
    httpx_mock.add_response(status_code=429, json=reply)
    with pytest.raises(ConnectRejected) as caught:
        client.restore(TOKEN)
    assert caught.value.error_type == "rate_limit"
    assert caught.value.sent == "Too many requests."
    assert caught.value.transient


def test_token_expired_has_its_own_error(client: ConnectClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=401, json=error_reply("token_expired", "Expired"))
    with pytest.raises(TokenExpired):
        client.restore(TOKEN)


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, b"<html><body>Internal Server Error</body></html>"),
        (502, b"<html>Bad gateway</html>"),
        (503, b""),
        (504, b"upstream timed out"),
        (503, b'{"message": "maintenance"}'),  # JSON, but no error object
        (200, b"<html>captive portal</html>"),
        (200, b'{"route": "vpp_summ'),  # cut off mid-body
    ],
)
def test_broken_replies_read_as_unavailable(
    client: ConnectClient, httpx_mock: HTTPXMock, status: int, body: bytes
) -> None:
    httpx_mock.add_response(status_code=status, content=body)
    with pytest.raises(ConnectUnavailable) as caught:
        client.restore(TOKEN)
    assert "We couldn't reach your energy programme" in caught.value.message


@pytest.mark.parametrize(
    "reply",
    [
        [1, 2, 3],
        "a string",
        {"no_route": True},
        {"route": 42},
        {"route": "has spaces in it"},
        {"route": "vpp_summary", "performance": "not an object"},
        {"route": "vpp_summary", "timezone": "Mars/Olympus", "performance": {}},
        summary_reply(currency_code="dollars"),
        summary_reply(**{"performance.earnings": "lots"}),
        summary_reply(**{"performance.series": [{"date": "yesterday"}]}),
    ],
)
def test_json_that_is_not_a_readable_page_is_unreadable(
    client: ConnectClient, httpx_mock: HTTPXMock, reply: Any
) -> None:
    httpx_mock.add_response(json=reply)
    with pytest.raises(ConnectUnreadable) as caught:
        client.restore(TOKEN)
    assert str(caught.value.message) == (
        "Your energy programme sent something we couldn't read. Please try again in a moment."
    )


def test_oversized_reply_is_not_read_to_the_end(
    client: ConnectClient, httpx_mock: HTTPXMock, settings: Any
) -> None:
    settings.CONNECT_MAX_REPLY_BYTES = 1000
    httpx_mock.add_response(content=b'{"route": "x", "pad": "' + b"a" * 5000 + b'"}')
    with pytest.raises(ConnectUnreadable):
        client.restore(TOKEN)


def test_timeout_is_unavailable(client: ConnectClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("slow"))
    with pytest.raises(ConnectUnavailable):
        client.restore(TOKEN)


def test_refused_connection_is_unavailable(client: ConnectClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ConnectError("refused"))
    with pytest.raises(ConnectUnavailable):
        client.restore(TOKEN)


def test_the_token_is_never_logged(
    client: ConnectClient, httpx_mock: HTTPXMock, caplog: pytest.LogCaptureFixture
) -> None:
    httpx_mock.add_response(json=summary_reply())
    httpx_mock.add_response(status_code=502, content=b"<html>")
    caplog.set_level("DEBUG")
    client.start(TOKEN)
    with pytest.raises(ConnectUnavailable):
        client.restore(TOKEN)
    assert caplog.records
    assert TOKEN not in caplog.text
    assert "route=session_restore action=- status=502 kind=unavailable" in caplog.text


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_reply_with_nan_or_infinity_is_unreadable(
    client: ConnectClient, httpx_mock: HTTPXMock, constant: str
) -> None:
    """Python's json reads them, JSON has no such numbers: a page would show "NaN" prices."""
    body = (
        f'{{"route": "tariff_summary", "data": {{"rates": {{"today": [{{"cost": {constant}}}]}}}}}}'
    )
    httpx_mock.add_response(text=body, headers={"Content-Type": "application/json"})
    with pytest.raises(ConnectUnreadable):
        client.restore(TOKEN)


@pytest.mark.parametrize(
    "body",
    [
        b'{"route": "odd_page", "data": {"message": "a \\ud800 b \\u0000"}}',
        # json.loads lets a surrogate's UTF-8 bytes through, unescaped.
        b'{"route": "odd_page", "data": {"message": "a \xed\xa0\x80 b"}}',
        '{"route": "odd_page", "data": {"message": "a \\ud800 b"}}'.encode("utf-16"),
    ],
    ids=["escaped", "raw surrogate bytes", "utf-16"],
)
def test_text_no_page_could_print_is_mended_however_it_came(
    client: ConnectClient, httpx_mock: HTTPXMock, body: bytes
) -> None:
    httpx_mock.add_response(content=body)
    message = client.restore(TOKEN).payload["message"]
    assert message.encode("utf-8")  # printable: no lone surrogate left
    assert "\x00" not in message and message.startswith("a ")


@pytest.mark.parametrize("factory", [shared_http_client, lookups.shared_http_client])
def test_a_cookie_one_customer_s_answer_sets_never_goes_with_another_s_call(
    factory: Any, httpx_mock: HTTPXMock
) -> None:
    """The shared clients serve every customer: they keep no cookie an upstream sets."""
    httpx_mock.add_response(headers={"Set-Cookie": "affinity=customer-a; Path=/"}, json={})
    httpx_mock.add_response(json={})
    http = factory()
    http.post(URL, json={"customer": "a"})
    http.post(URL, json={"customer": "b"})
    second = httpx_mock.get_requests()[1]
    assert "cookie" not in second.headers
    assert not http.cookies
