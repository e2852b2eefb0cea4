"""A browser client on another origin runs the sandbox's tariff flow, as Flatpeak's public web
client runs Connect's: Chromium's own CORS checks, a preflight included, against the live
sandbox. Nothing else of the app answers another origin."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser

_CLIENT_PAGE = b"<!doctype html><html lang=en><title>Another app</title></html>"


class _ClientPage(BaseHTTPRequestHandler):
    """An integrator's page: blank, no CSP; its scripts are what the test runs."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(_CLIENT_PAGE)))
        self.end_headers()
        self.wfile.write(_CLIENT_PAGE)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def elsewhere() -> Iterator[str]:
    """Another origin on loopback, as the live server is: Chromium keeps public pages from
    calling loopback ones (Local Network Access), which is no part of what Connect does."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ClientPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# What Flatpeak's client does on every step: one JSON POST, no credentials (Part B §9). A JSON
# content type is not a "simple" request, so Chromium preflights it: each answer read here
# has passed an OPTIONS check first.
_POST = """
async ([url, body]) => {
  const response = await fetch(url, {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify(body),
  });
  return {status: response.status, body: await response.json()};
}
"""
_REFUSED = """
async ([url, init]) => {
  try { await fetch(url, init); return "read"; } catch (error) { return error.name; }
}
"""


def _token(origin: str) -> str:
    reply = httpx.post(f"{origin}/sandbox/tokens", json={"customer": "active"})
    assert reply.status_code == 201
    token: str = reply.json()["connect_token"]
    return token


def test_a_client_on_another_origin_walks_the_tariff_flow(
    browser: Browser, live_server: Any, elsewhere: str
) -> None:
    connect = f"{live_server.url}/sandbox/connect"
    assert not connect.startswith(elsewhere)
    token = _token(live_server.url)
    # Not the suite's watched context: requests to another origin are this test's point.
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{elsewhere}/")

    def post(body: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = page.evaluate(_POST, [connect, body])
        assert result["status"] == 200, result
        reply: dict[str, Any] = result["body"]
        return reply

    # anode's start, as the public client sends it: no action, and anode names come back.
    address = post({"connect_token": token, "route": "session_start", "type": "submit"})
    assert address["route"] == "postal_address_capture"
    us_address = {
        "address_line1": "1600 Glenarm Place",
        "city": "Denver",
        "state": "CO",
        "post_code": "80202",
        "country_code": "US",
    }
    providers = post(
        {
            "connect_token": token,
            "route": "postal_address_capture",
            "type": "submit",
            "data": {"postal_address": us_address},
        }
    )
    assert providers["route"] == "provider_select"
    refused = page.evaluate(
        _POST,
        [connect, {"connect_token": token, "route": "provider_select", "data": {"provider": {}}}],
    )
    # Errors are readable cross-origin too, so the client can show them.
    assert refused["status"] == 400 and refused["body"]["code"] == "provider_invalid"
    # No credentials: a fetch that sends cookies is refused by the browser, and no other
    # address of the app answers this origin.
    with_cookies = {"method": "POST", "credentials": "include", "body": "{}"}
    assert page.evaluate(_REFUSED, [connect, with_cookies]) == "TypeError"
    for path in ("/healthz", "/sandbox/tokens", "/"):
        assert page.evaluate(_REFUSED, [f"{live_server.url}{path}", {}]) == "TypeError"
    context.close()
