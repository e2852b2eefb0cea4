"""Flatpeak's web client, replayed against the sandbox over HTTP.

tests/payloads/reference_client/ holds the request bodies that client (built against the
sandbox, driven in Chromium) sent on each branch of the tariff flow, with its token replaced by
a placeholder, and the route each was answered with. Each branch is sent again in order, from
the client's origin, through the sandbox's own sign-in page where the client went there; every
answer must be the page it was then, with the types the client declares
(tests/reference_client.py), and every logo on it must load.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest
from bs4 import BeautifulSoup, Tag
from pytest_django.live_server_helper import LiveServer

from tests.reference_client import logo_urls, problems_with

FIXTURES = Path(__file__).resolve().parent / "payloads" / "reference_client"
BRANCHES = sorted(path.stem for path in FIXTURES.glob("*.json"))
PLACEHOLDER = "{{connect_token}}"
# Where the client ran when it was recorded: it sends its origin with every call.
CLIENT_ORIGIN = "http://localhost:7070"


@pytest.fixture
def http(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=10) as client:
        yield client


def fixture(branch: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((FIXTURES / f"{branch}.json").read_text())
    return found


def with_token(value: Any, token: str) -> Any:
    """A recorded body with the placeholder replaced by this session's token."""
    if isinstance(value, dict):
        return {key: with_token(item, token) for key, item in value.items()}
    if isinstance(value, list):
        return [with_token(item, token) for item in value]
    return token if value == PLACEHOLDER else value


def still_ahead(body: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """The body, its contract end moved on by whole years if it has passed since recording.

    The client sends the date picked in its calendar as JSON writes a Date; the format is
    the fact kept, and the sandbox rightly refuses an end in the past.
    """
    data = body.get("data")
    end = data.get("contract_end_date") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(end, str):
        return body
    year = int(end[:4])
    later = year
    while dt.date(later, int(end[5:7]), min(int(end[8:10]), 28)) <= today:
        later += 1
    return {**body, "data": {**data, "contract_end_date": f"{later:04d}{end[4:]}"}}


def mint(http: httpx.Client, token_request: dict[str, Any]) -> str:
    response = http.post("/sandbox/tokens", json=token_request)
    assert response.status_code == 201, response.text
    token: str = response.json()["connect_token"]
    return token


def sign_in(http: httpx.Client, redirect: dict[str, Any], choice: str, back_to: str) -> None:
    """The sandbox's stand-in for a supplier's sign-in, reached as the client reaches it: by
    the redirect_url exactly as sent, nothing appended."""
    url = redirect["data"]["redirect_url"]
    page = http.get(url)
    assert page.status_code == 200
    html = BeautifulSoup(page.text, "html.parser")
    if choice == "continue":
        link = html.find("a", string="Continue")
        assert isinstance(link, Tag)
        assert link["href"] == back_to
        return
    form = html.find("form")
    assert isinstance(form, Tag)
    fields = {str(field["name"]): str(field["value"]) for field in form.find_all("input")}
    failed = http.post(urljoin(url, str(form["action"])), data=fields)
    assert failed.status_code == 303
    assert failed.headers["Location"] == back_to


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("branch", BRANCHES)
def test_the_reference_client_walks_each_branch_to_its_end(http: httpx.Client, branch: str) -> None:
    recorded = fixture(branch)
    token = mint(http, recorded["token_request"])
    back_to = f"{recorded['token_request']['connect_url']}?fp_cot={token}"
    today = dt.date.today() + dt.timedelta(days=1)  # whatever the time zone
    reply: dict[str, Any] = {}
    for number, step in enumerate(recorded["steps"], start=1):
        if "hosted_page" in step:
            assert step["hosted_page"] == "provider_login"
            assert reply.get("route") == "session_redirect"
            sign_in(http, reply, step["choice"], back_to)
            continue
        body = still_ahead(with_token(step["request"], token), today)
        response = http.post("/sandbox/connect", json=body, headers={"Origin": CLIENT_ORIGIN})
        where = f"{branch}, step {number} ({body['route']})"
        assert response.status_code == 200, (where, response.text)
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        reply = response.json()
        assert reply.get("route") == step["reply_route"], (where, reply)
        assert problems_with(reply) == [], where
        for logo in logo_urls(reply):
            if not logo.startswith("data:image/svg+xml;base64,"):
                image = http.get(logo)
                assert image.status_code == 200, (where, logo)
                assert image.headers["Content-Type"] == "image/svg+xml"
    # The end: closed (the client follows session_redirect to the callback), or disconnected.
    if reply["route"] == "session_redirect":
        assert reply["data"]["redirect_url"].endswith("/sandbox/callback")
    else:
        assert reply["route"] == "complete_tariff"


def test_every_branch_the_client_walks_is_recorded() -> None:
    expected = {
        "already_connected",
        "direct_sign_in",
        "direct_sign_in_fails",
        "uk_market_surcharge",
        "uk_market_surcharge_skipped",
        "uk_time_of_day",
        "unlisted_fixed_price",
        "unlisted_time_of_day",
        "us_fixed_price",
        "us_market_surcharge",
        "us_market_surcharge_skipped",
    }
    assert set(BRANCHES) == expected
    for branch in BRANCHES:
        text = (FIXTURES / f"{branch}.json").read_text()
        assert "cot_" not in text, f"{branch} still holds a token"
        first = fixture(branch)["steps"][0]["request"]
        # The client starts every session with anode's body, no action.
        assert first == {"route": "session_start", "connect_token": PLACEHOLDER, "type": "submit"}


def test_the_recorded_sign_ins_go_out_and_come_back_with_session_start() -> None:
    """The client has no session_restore: back from the supplier, it starts again."""
    for branch, choice, after in (
        ("direct_sign_in", "continue", "tariff_connection_pending"),
        ("direct_sign_in_fails", "fail", "tariff_connection_failed"),
    ):
        steps = fixture(branch)["steps"]
        at = next(i for i, step in enumerate(steps) if "hosted_page" in step)
        assert steps[at]["choice"] == choice
        assert steps[at - 1]["reply_route"] == "session_redirect"
        assert steps[at + 1]["request"]["route"] == "session_start"
        assert steps[at + 1]["reply_route"] == after


# --- the check itself: it fails on what blanked the client's pages ------------------------------

PROVIDER = {"id": "prv_x", "display_name": "Front Range Power", "logo_url": "data:,"}


def page(route: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "connect_token": "cot_x",
        "route": route,
        "live_mode": False,
        "direction": "IMPORT",
        "type": "COMMODITY",
        "actions": ["BACK", "CLOSE"],
        "data": data,
    }


@pytest.mark.parametrize(
    ("route", "data", "said"),
    [
        (
            "rate_fixed_capture",
            {"currency_code": "USD", "cost": None, "provider": PROVIDER},
            "data.cost: None is not a number",
        ),
        (
            "rate_tod_capture",
            {
                "currency_code": "USD",
                "hours": [{"cost": None, "valid_from": "00:00:00", "valid_to": "07:00:00"}],
                "provider": PROVIDER,
            },
            "data.hours[0].cost: None is not a number",
        ),
        (
            "surcharge_capture",
            {
                "currency_code": "USD",
                "surcharge": {"fixed": None, "percentage": 5},
                "provider": PROVIDER,
            },
            "data.surcharge.fixed: None is not a number",
        ),
        (
            "rate_fixed_capture",
            {"currency_code": "USD", "cost": "0.2", "provider": PROVIDER},
            "data.cost: '0.2' is not a number",
        ),
        (
            "provider_name_capture",
            {"provider": {"name": None}, "postal_address": {}},
            "data.provider.name: None is not a string",
        ),
        (
            "tariff_name_capture",
            {"tariff": {"name": "Saver"}, "provider": {"display_name": "Mesa"}},
            "data.provider.id is missing",
        ),
    ],
)
def test_the_check_finds_what_the_client_cannot_render(
    route: str, data: dict[str, Any], said: str
) -> None:
    assert said in problems_with(page(route, data))


def test_the_check_takes_a_page_the_client_renders() -> None:
    fixed = {"currency_code": "GBP", "cost": 0, "provider": PROVIDER}
    assert problems_with(page("rate_fixed_capture", fixed)) == []
    error = {"object": "error", "code": "cost_value_zero", "message": "..."}
    assert problems_with(error) != []
