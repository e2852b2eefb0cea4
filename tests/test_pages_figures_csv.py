"""The figures CSV: a row per bucket of the table, values a spreadsheet reads, sums that add up."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from connect_app import formatting as fmt
from connect_app.connect.replies import Page
from connect_app.pages import figures_csv, vpp_summary
from connect_app.pages.common import RenderContext
from tests.factories import page_reply, summary_reply

MUCH_LATER = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
# Mid-afternoon on 20 February 2025 in Denver: the rest of the month has not happened yet.
IN_FEBRUARY = dt.datetime(2025, 2, 20, 21, 0, tzinfo=dt.UTC)


def export(reply: dict[str, Any], now: dt.datetime = MUCH_LATER) -> figures_csv.FiguresCsv:
    return figures_csv.build(Page.from_reply(reply), now)


def records(result: figures_csv.FiguresCsv) -> list[dict[str, str]]:
    text = result.text()
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def total(rows: list[dict[str, str]], column: str) -> Decimal:
    return sum((Decimal(row[column] or "0") for row in rows), Decimal(0))


def test_seed_month_has_a_row_per_day_and_adds_up_to_its_totals() -> None:
    reply = summary_reply()
    rows = records(export(reply))
    assert len(rows) == 28
    assert list(rows[0]) == ["period_start", "earnings", "currency", "energy_kwh", "status"]
    assert rows[0] == {
        "period_start": "2025-02-01",
        "earnings": "5.85",
        "currency": "USD",
        "energy_kwh": "5.15",
        "status": "dispatched",
    }
    assert rows[4] == {  # 5 February: no dispatch, which is zero
        "period_start": "2025-02-05",
        "earnings": "0.00",
        "currency": "USD",
        "energy_kwh": "0",
        "status": "none",
    }
    assert rows[6]["earnings"] == "4.00"  # Connect's 4.0, in the currency's minor digits
    performance = reply["performance"]
    assert total(rows, "earnings") == Decimal(str(performance["earnings"]))
    assert total(rows, "energy_kwh") == Decimal(str(performance["energy_dispatched_kwh"]))


def test_rows_are_the_table_rows_in_order_with_the_same_status() -> None:
    page = Page.from_reply(summary_reply())
    table = vpp_summary.build(page, RenderContext(locale="en", now=IN_FEBRUARY)).buckets
    rows = records(figures_csv.build(page, IN_FEBRUARY))
    assert [r["status"] for r in rows] == [b.status for b in table]
    assert [r["period_start"] for r in rows] == [b.key for b in table]


def test_buckets_not_yet_happened_are_empty_not_zero() -> None:
    rows = records(export(summary_reply(), now=IN_FEBRUARY))
    later = [r for r in rows if r["status"] == "not_yet"]
    assert later and all(r["period_start"] >= "2025-02-21" for r in later)
    assert all(r["earnings"] == "" and r["energy_kwh"] == "" for r in later)
    assert all(r["currency"] == "USD" for r in later)


def test_a_day_has_a_row_per_hour_with_the_programme_offset() -> None:
    reply = summary_reply(
        **{
            "performance.period_type": "DAY",
            "performance.period_start": "2025-02-03",
            "performance.period_end": "2025-02-03",
            "performance.earnings": 1.5,
            "performance.energy_dispatched_kwh": 1.25,
            "performance.series": [
                {"date": "2025-02-04T01:00:00Z", "dispatched_kwh": 1.25, "earnings": 1.5}
            ],
        }
    )
    result = export(reply)
    rows = records(result)
    assert len(rows) == 24
    assert rows[0]["period_start"] == "2025-02-03T00:00:00-07:00"
    assert rows[18] == {  # 01:00 UTC on the 4th is 6 PM in Denver on the 3rd
        "period_start": "2025-02-03T18:00:00-07:00",
        "earnings": "1.50",
        "currency": "USD",
        "energy_kwh": "1.25",
        "status": "dispatched",
    }
    assert result.filename == "community-powershare-2025-02-03.csv"


def test_the_day_clocks_go_back_has_two_one_oclocks_told_apart_by_offset() -> None:
    reply = summary_reply(
        **{
            "performance.period_type": "DAY",
            "performance.period_start": "2025-11-02",
            "performance.period_end": "2025-11-02",
            "performance.series": [],
        }
    )
    starts = [r["period_start"] for r in records(export(reply))]
    assert len(starts) == 25
    assert starts[1:3] == ["2025-11-02T01:00:00-06:00", "2025-11-02T01:00:00-07:00"]


def test_a_year_has_a_row_per_month_in_its_currency() -> None:
    reply = summary_reply(
        **{
            "currency_code": "gbp",
            "timezone": "Europe/London",
            "performance.period_type": "YEAR",
            "performance.period_start": "2025-01-01",
            "performance.period_end": "2025-12-31",
        }
    )
    result = export(reply)
    rows = records(result)
    assert [r["period_start"] for r in rows] == [f"2025-{m:02d}-01" for m in range(1, 13)]
    assert {r["currency"] for r in rows} == {"GBP"}
    assert rows[1]["earnings"] == "62.10"
    assert result.filename == "community-powershare-2025.csv"


def test_negative_earnings_keep_their_sign_and_a_dot() -> None:
    reply = summary_reply(
        **{
            "performance.earnings": -3.2,
            "performance.energy_dispatched_kwh": 0.5,
            "performance.series": [{"date": "2025-02-10", "dispatched_kwh": 0.5, "earnings": -3.2}],
        }
    )
    rows = records(export(reply))
    assert rows[9]["earnings"] == "-3.20"
    assert total(rows, "earnings") == Decimal("-3.2")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Community Powershare", "community-powershare-2025-02.csv"),
        ("Énergie solaire · Île-de-France", "energie-solaire-ile-de-france-2025-02.csv"),
        ("電池", "battery-earnings-2025-02.csv"),
        (None, "battery-earnings-2025-02.csv"),
        ('../../etc/passwd" ; x', "etcpasswd-x-2025-02.csv"),
    ],
)
def test_file_names_are_ascii_from_programme_and_period(name: str | None, expected: str) -> None:
    result = export(summary_reply(**{"programme.programme_display_name": name}))
    assert result.filename == expected
    assert result.filename.isascii()


def test_text_is_crlf_rows_after_one_header() -> None:
    text = export(summary_reply()).text()
    lines = text.split("\r\n")
    assert lines[0] == "\ufeffperiod_start,earnings,currency,energy_kwh,status"
    assert lines[-1] == ""  # the last row ends with a line break too
    assert len(lines) == 1 + 28 + 1


def test_a_page_that_is_not_a_summary_is_refused() -> None:
    with pytest.raises(ValidationError):
        export(page_reply("vpp_landing", {"programmes": []}))


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("62.1", "USD", "62.10"),
        ("-3.2", "GBP", "-3.20"),
        ("1500", "JPY", "1500"),
        ("1.005", "USD", "1.005"),  # more digits than the currency's are kept, not rounded
        ("1E+2", "EUR", "100.00"),
        ("-0", "USD", "0.00"),
    ],
)
def test_plain_amounts_are_major_units_with_a_dot(
    amount: str, currency: str, expected: str
) -> None:
    assert fmt.plain_amount(Decimal(amount), currency) == expected


def test_plain_numbers_have_no_exponent_and_no_negative_zero() -> None:
    assert fmt.plain_number(Decimal("1E+2")) == "100"
    assert fmt.plain_number(Decimal("-0.0")) == "0.0"
    assert fmt.plain_number(Decimal("54.70")) == "54.70"
