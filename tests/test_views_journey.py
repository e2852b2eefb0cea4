"""Views of the pages around the dashboard, with Connect and the REST API mocked at HTTP level."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from pytest_httpx import HTTPXMock

from connect_app.flatpeak_api import lookups
from tests.factories import page_reply, summary_reply
from tests.test_views import CONNECT, HTMX, TOKEN, enter, post, seq, text

pytestmark = pytest.mark.django_db
API = "https://api.test"


@pytest.fixture(autouse=True)
def _real_urls(settings: Any) -> Iterator[None]:
    settings.FLATPEAK_CONNECT_URL = CONNECT
    lookups.clear()
    yield


@pytest.fixture
def with_api(settings: Any, httpx_mock: HTTPXMock) -> None:
    settings.FLATPEAK_ACCOUNT_ID, settings.FLATPEAK_API_KEY, settings.FLATPEAK_API_URL = (
        "acc_1",
        "sk_test_1",
        API,
    )
    httpx_mock.add_response(
        url=f"{API}/login", json={"bearer_token": "b", "expires_in": 3600}, is_optional=True
    )


LEAVE = page_reply(
    "vpp_leave_action",
    {
        "programme": {"programme_display_name": "Community Powershare"},
        "consequences": ["Your battery stops earning."],
    },
    actions=["CONFIRM_LEAVE", "BACK", "CLOSE"],
)


def test_leaving_needs_the_tick(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock, LEAVE)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    box = soup.select_one("input[type=checkbox][name=confirmed]")
    # Not `required`: the browser would say so in its own words, not the customer's language.
    assert box is not None and not box.has_attr("required")
    for headers in ({}, HTMX):
        # Sent without the tick: the same page, our message at the box, nothing sent.
        refused = client.post(
            "/act", {"action": "CONFIRM_LEAVE", "seq": seq(client)}, headers=headers
        )
        assert refused.status_code == 200
        page = BeautifulSoup(refused.content, "html.parser")
        error = page.select_one("#confirmed-error")
        assert error is not None
        assert error.get_text(strip=True) == "Tick the box to confirm you want to leave."
        box = page.select_one("input[name=confirmed]")
        assert box is not None and box["aria-describedby"] == "confirmed-error"
        assert page.select_one("button[value=CONFIRM_LEAVE]") is not None
    assert len(httpx_mock.get_requests()) == 1
    httpx_mock.add_response(
        json=page_reply("vpp_leave_progress", {"status": "UNENROLMENT_REQUESTED"})
    )
    assert post(client, "CONFIRM_LEAVE", seq(client), confirmed="yes").status_code == 303
    sent = json.loads(httpx_mock.get_requests()[-1].content)
    assert sent["action"] == "CONFIRM_LEAVE" and sent["data"] == {"confirmed": True}
    assert "Leaving requested" in text(client.get("/"))


def test_back_from_the_leave_page_needs_no_tick(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock, LEAVE)
    httpx_mock.add_response(json=summary_reply())
    assert post(client, "BACK", seq(client)).status_code == 303


def test_dashboard_gains_participation_details_from_rest(
    client: Client, httpx_mock: HTTPXMock, with_api: None
) -> None:
    httpx_mock.add_response(url=f"{API}/connect/{TOKEN}", json={"device_id": "dev_1"})
    httpx_mock.add_response(
        url=f"{API}/vpp-participations?device_id=dev_1",
        json={
            "object": "list",
            "has_more": False,
            "data": [
                {
                    "id": "vpo_1",
                    "current_state": "SUSPENDED",
                    "control_active": False,
                    "telemetry_active": False,
                    "suspension_reasons": ["AWAITING_TELEMETRY"],
                    "programme": {"id": "vpr_6a1f8e375db9de605baadd46"},
                    "participation_state": [
                        {
                            "state": "ACTIVE",
                            "status": "COMPLETE",
                            "occurred_at": "2025-01-01T12:00:00Z",
                        },
                        {"state": "SUSPENDED", "status": "IN_PROGRESS"},
                    ],
                }
            ],
        },
    )
    enter(client, httpx_mock)
    page = client.get("/")
    soup = BeautifulSoup(page.content, "html.parser")
    # What to do is said first, above the figures, and once.
    step = soup.select_one(".next-step")
    assert step is not None
    words = step.get_text(" ", strip=True)
    assert "Your battery has stopped sending data to the programme." in words
    assert "Check your battery is switched on and connected to the internet." in words
    assert soup.get_text(" ").count("Check your battery is switched on") == 1
    details = soup.select_one("details.disclosure")
    assert details is not None and not details.has_attr("open")  # said above already
    words = details.get_text(" ", strip=True)
    assert "Can be dispatched now No" in words
    assert "January 1, 2025, 5:00" in words  # in Denver
    client.get("/")  # a second view uses the cached look-up
    assert sum(r.url.path.startswith("/vpp-participations") for r in httpx_mock.get_requests()) == 1


def test_a_failed_look_up_leaves_the_dashboard_whole_and_quiet(
    client: Client, httpx_mock: HTTPXMock, with_api: None
) -> None:
    httpx_mock.add_response(url=f"{API}/connect/{TOKEN}", status_code=500, text="oops")
    enter(client, httpx_mock)
    page = client.get("/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("details.disclosure") is None
    assert soup.select_one("[role=alert]") is None
    assert "$62.10" in text(page)


def test_without_credentials_no_look_up_is_made(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    client.get("/")
    assert [r.url.host for r in httpx_mock.get_requests()] == ["connect.test"]


def test_close_without_a_url_goes_to_the_sessions_callback(
    client: Client, httpx_mock: HTTPXMock, with_api: None
) -> None:
    enter(client, httpx_mock, page_reply("some_page"))
    httpx_mock.add_response(url=CONNECT, json=page_reply("session_complete", {}))
    httpx_mock.add_response(
        url=f"{API}/connect/{TOKEN}", json={"callback_url": "https://app.example/done"}
    )
    response = post(client, "CLOSE", seq(client))
    assert response.status_code == 303
    assert response["Location"] == "https://app.example/done"


def test_payment_history_page_renders(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(
        client,
        httpx_mock,
        page_reply(
            "vpp_payment_history",
            {
                "currency_code": "USD",
                "payments": [{"payment_date": "2025-03-07", "amount": 62.1, "status": "PAID"}],
            },
        ),
    )
    page = text(client.get("/"))
    assert "Your payments" in page and "$62.10" in page and "Paid" in page


def test_empty_payment_history_says_so(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock, page_reply("vpp_payment_history", {"payments": []}))
    assert "No payments yet" in text(client.get("/"))
