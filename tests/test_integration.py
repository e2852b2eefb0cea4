"""Whole journeys: the app and its sandbox Connect, talking over real HTTP on a live server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from connect_app.models import ActionLog
from connect_sandbox.faults import slow_seconds
from tests.journey import Customer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def customer(live_server: Any) -> Iterator[Customer]:
    person = Customer(live_server.url)
    yield person
    person.close()


def heading(customer: Customer) -> str:
    label = customer.soup().select_one("#period-label")
    assert label is not None
    return label.get_text(strip=True)


def test_dashboard_journey_over_http(customer: Customer) -> None:
    customer.open("active")
    page = customer.text()
    assert "Community Powershare" in page and "Active" in page
    current = heading(customer)

    assert customer.press("Previous period").status_code == 303
    previous = heading(customer)
    assert previous != current
    assert not customer.soup().select_one("#period-next-period").has_attr("disabled")  # type: ignore[union-attr]

    customer.press("Year")
    assert heading(customer).isdigit()
    customer.press("Day")
    assert "," in heading(customer)  # "Saturday, November 1, 2026"
    # Day from this year opens on a day of its latest month that earned, which can be today:
    # a day back, so that Latest has somewhere to go.
    customer.press("Previous period")
    customer.press("Latest")
    assert customer.soup().select_one("#period-latest").has_attr("disabled")  # type: ignore[union-attr]

    # Each click was exactly one call to Connect.
    actions = list(ActionLog.objects.values_list("action", flat=True))
    assert actions == ["start", *["CHANGE_PERIOD"] * 5]


def test_totals_equal_the_table(customer: Customer) -> None:
    customer.open("london")
    soup = customer.soup()
    rows = soup.select("#performance-table tbody tr")
    assert len(rows) >= 28
    total = soup.select_one("#performance-table tfoot td")
    headline = soup.select_one(".total--earnings dd")
    assert total is not None and headline is not None
    assert total.get_text(strip=True) == headline.get_text(strip=True)
    assert headline.get_text(strip=True).startswith("£")


def test_participation_and_back(customer: Customer) -> None:
    customer.open("suspended")
    customer.press("Manage participation")
    assert customer.soup().h1 is not None
    customer.press("Back")
    assert "Suspended" in customer.text()


def test_payments_round_trip_restores_the_session(customer: Customer) -> None:
    token = customer.open("active")
    customer.press("Previous period")
    shown = heading(customer)
    left = customer.press("Manage payments")
    assert left.status_code == 303
    target = urlsplit(left.headers["location"])
    assert target.path == "/sandbox/payments"
    assert parse_qs(target.query)["fp_cot"] == [token]
    # The provider page sends the customer back to connect_url with the same token.
    back = customer.http.get("/", params={"fp_cot": token})
    assert back.headers["location"] == "/"
    assert list(ActionLog.objects.values_list("action", flat=True))[-1] == "restore"
    # Connect answers the restore with the payment history; Back returns to the period shown.
    assert "Your payments" in customer.text()
    customer.press("Back")
    assert heading(customer) == shown


def test_close_goes_to_the_callback(customer: Customer) -> None:
    customer.open("active")
    left = customer.press("Close")
    assert urlsplit(left.headers["location"]).path == "/sandbox/callback"


def test_new_customer_lands_on_the_landing_page(customer: Customer) -> None:
    customer.open("new")
    assert "Earn with your battery" in customer.text()
    customer.press("Connect tariff")
    assert "Your home's address" in customer.text()
    customer.press("Back")
    assert "Earn with your battery" in customer.text()


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("server_error", "We couldn't reach your energy programme"),
        ("malformed", "We couldn't reach your energy programme"),
        ("error_object", "Your energy programme is busy right now."),
    ],
)
def test_faults_keep_the_dashboard_usable(customer: Customer, fault: str, words: str) -> None:
    customer.open("active", fault)
    customer.press("Previous period")
    page = customer.text()
    assert words in page
    assert "Community Powershare" in page  # still the dashboard
    assert customer.last is not None and customer.last.status_code == 200


def test_slow_connect_times_out_into_a_retry(customer: Customer, settings: Any) -> None:
    settings.CONNECT_TIMEOUT_S = 0.5
    customer.open("active", "slow")
    customer.press("Year")
    soup = customer.soup()
    alert = soup.select_one("[role=alert]")
    assert alert is not None and "We couldn't reach your energy programme" in alert.get_text()
    customer.http.post(f"/sandbox/sessions/{_token_of(customer)}/fault", json={"fault": "none"})
    customer.press("Try again")
    assert heading(customer).isdigit()
    # The sandbox is still sleeping on the call we gave up on; let it finish inside this test.
    time.sleep(slow_seconds())


def test_expired_session_offers_close(customer: Customer) -> None:
    customer.open("active", "expired")
    customer.press("Previous period")
    assert "Your session has expired" in customer.text()
    customer.press("Close")
    assert "You can close this window" in customer.text()


def _token_of(customer: Customer) -> str:
    from connect_app.models import Conversation

    return Conversation.objects.latest("created_at").connect_token
