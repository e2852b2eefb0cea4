"""GET /figures.csv: the period on screen as a download, from the stored page, over real HTTP.

Connect is a stand-in on loopback (support/connect_stub.py) for the seed page, and the embedded
sandbox on a live server for its generated data; either way the download makes no Connect call.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from connect_app import formatting as fmt
from connect_app.models import ActionLog, Conversation
from support.connect_stub import Reply, StubConnect
from tests.factories import page_reply, summary_reply
from tests.journey import Customer

TOKEN = "cot_test_token_0001"
SEED_FILE = "community-powershare-2025-02.csv"


@pytest.fixture
def stub(settings: Any) -> Iterator[StubConnect]:
    with StubConnect() as connect:
        settings.FLATPEAK_CONNECT_URL = connect.url
        yield connect


def enter(client: Client, stub: StubConnect, reply: dict[str, Any] | None = None) -> None:
    stub.reply(Reply.json(reply or summary_reply()))
    assert client.get("/", {"fp_cot": TOKEN}).status_code == 302


def rows_of(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "a UTF-8 byte-order mark first"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def total(rows: list[dict[str, str]], column: str) -> Decimal:
    return sum((Decimal(row[column] or "0") for row in rows), Decimal(0))


def shown_totals(html: bytes | str) -> tuple[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    earnings = soup.select_one(".total--earnings dd")
    energy = soup.select_one(".total--energy dd")
    assert earnings is not None and energy is not None
    return earnings.get_text(strip=True), energy.get_text(strip=True)


def problem(response: Any) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


# --- the seed page, through a Connect stand-in -------------------------------------------------


@pytest.mark.django_db
def test_the_seed_month_downloads_as_28_rows_that_add_up_to_the_page(
    client: Client, stub: StubConnect
) -> None:
    enter(client, stub)
    page = client.get("/")
    calls, logged = len(stub.requests), ActionLog.objects.count()

    response = client.get("/figures.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{SEED_FILE}"'
    assert "no-store" in response["Cache-Control"]
    rows = rows_of(response.content)
    assert len(rows) == 28
    assert rows[0] == {
        "period_start": "2025-02-01",
        "earnings": "5.85",
        "currency": "USD",
        "energy_kwh": "5.15",
        "status": "dispatched",
    }
    assert {r["status"] for r in rows} == {"dispatched", "none"}
    # The columns add up to the totals the page shows ("$62.10", "54.7 kWh") and Connect sent.
    earned, energy = total(rows, "earnings"), total(rows, "energy_kwh")
    assert (earned, energy) == (Decimal("62.10"), Decimal("54.7"))
    assert shown_totals(page.content) == (fmt.money(earned, "USD", "en"), fmt.energy(energy, "en"))
    # Served from the stored page: nothing went to Connect, nothing was logged as a call.
    assert len(stub.requests) == calls == 1
    assert ActionLog.objects.count() == logged


@pytest.mark.django_db
def test_a_day_is_named_by_its_date_and_has_hours_with_the_offset(
    client: Client, stub: StubConnect
) -> None:
    day = summary_reply(
        **{
            "performance.period_type": "DAY",
            "performance.period_start": "2025-02-03",
            "performance.period_end": "2025-02-03",
            "performance.series": [],
            "performance.earnings": 0,
            "performance.energy_dispatched_kwh": 0,
        }
    )
    enter(client, stub, day)
    response = client.get("/figures.csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="community-powershare-2025-02-03.csv"'
    )
    rows = rows_of(response.content)
    assert len(rows) == 24
    assert rows[0]["period_start"] == "2025-02-03T00:00:00-07:00"


@pytest.mark.django_db
def test_head_answers_the_headers_without_a_body(client: Client, stub: StubConnect) -> None:
    enter(client, stub)
    response = client.head("/figures.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{SEED_FILE}"'
    assert response.content == b""


@pytest.mark.django_db
def test_the_dashboard_links_to_the_download_with_a_name_that_says_what(
    client: Client, stub: StubConnect
) -> None:
    enter(client, stub)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    link = soup.select_one("a[href='/figures.csv']")
    assert link is not None
    assert link.get_text(strip=True) == "Download figures (CSV)"
    assert link["aria-label"] == "Download figures (CSV) for February 2025"
    assert link.has_attr("download")
    button = soup.select_one("button[data-print-statement]")
    assert button is not None and button.get_text(strip=True) == "Print statement"
    assert button.has_attr("hidden")  # until dashboard.js, which makes it work, shows it


@pytest.mark.django_db
def test_the_printed_page_says_when_in_the_programmes_zone(
    client: Client, stub: StubConnect
) -> None:
    enter(client, stub)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    printed = soup.select_one(".footnote.print-only")
    assert printed is not None
    assert printed.get_text(strip=True).startswith("Printed on ")


# --- refusals: the designed problem page, never a 500 ------------------------------------------


@pytest.mark.django_db
def test_without_a_session_it_is_the_session_ended_page(client: Client) -> None:
    response = client.get("/figures.csv")
    assert response.status_code == 400
    assert "Your session has ended" in problem(response)
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_on_a_page_other_than_the_summary_there_is_nothing_to_download(
    client: Client, stub: StubConnect
) -> None:
    enter(client, stub, page_reply("vpp_participation", {"participation_state": []}))
    response = client.get("/figures.csv")
    assert response.status_code == 400
    assert "no figures to download" in problem(response)
    assert len(stub.requests) == 1


@pytest.mark.django_db
def test_a_summary_whose_figures_cannot_be_read_is_refused(
    client: Client, stub: StubConnect
) -> None:
    # Connect's client refuses such a reply, so only a row stored by an older version of the
    # app can hold one; the download still answers with the designed page.
    enter(client, stub)
    conversation = Conversation.objects.get()
    assert conversation.page is not None
    conversation.page["payload"]["performance"] = {"period_type": "MONTH"}
    conversation.save()
    response = client.get("/figures.csv")
    assert response.status_code == 400
    assert "could not be read" in problem(response)


@pytest.mark.django_db
def test_before_connect_has_sent_a_page_there_is_nothing_to_download(
    client: Client, stub: StubConnect
) -> None:
    stub.reply(Reply(status=502, body=b"<html>"))
    client.get("/", {"fp_cot": TOKEN})
    assert client.get("/").status_code == 503  # "We could not load your programme"
    response = client.get("/figures.csv")
    assert response.status_code == 400
    assert "no figures to download" in problem(response)


@pytest.mark.django_db
def test_an_expired_session_has_nothing_to_download(client: Client, stub: StubConnect) -> None:
    enter(client, stub)
    Conversation.objects.update(state=Conversation.State.EXPIRED)
    assert client.get("/figures.csv").status_code == 400


@pytest.mark.django_db
def test_other_methods_are_refused(client: Client, stub: StubConnect) -> None:
    enter(client, stub)
    response = client.post("/figures.csv")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


# --- the sandbox's data, over real HTTP ---------------------------------------------------------


@pytest.fixture
def customer(live_server: Any) -> Iterator[Customer]:
    person = Customer(live_server.url)
    yield person
    person.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("demo", "currency"), [("active", "USD"), ("london", "GBP")])
def test_sandbox_periods_add_up_to_the_page_and_cost_no_connect_call(
    customer: Customer, demo: str, currency: str
) -> None:
    customer.open(demo)
    for press in (None, "Previous period", "Year", "Day"):
        if press:
            assert customer.press(press).status_code == 303
        page = customer.get("/")
        label = BeautifulSoup(page.text, "html.parser").select_one("#period-label")
        assert label is not None
        calls = ActionLog.objects.count()

        download = customer.get("/figures.csv")

        assert download.status_code == 200, label
        assert download.headers["content-disposition"].startswith('attachment; filename="')
        rows = rows_of(download.content)
        table = BeautifulSoup(page.text, "html.parser").select("#performance-table tbody tr")
        if table:
            assert len(rows) == len(table), label  # one row per bucket, as in the table
        else:  # nothing dispatched: the page says so in one line, the download has every bucket
            assert rows and total(rows, "energy_kwh") == 0, label
        assert {r["currency"] for r in rows} == {currency}
        shown = shown_totals(page.text)
        assert shown == (
            fmt.money(total(rows, "earnings"), currency, "en"),
            fmt.energy(total(rows, "energy_kwh"), "en"),
        ), label
        assert ActionLog.objects.count() == calls  # no Connect call for the download
