"""The figures of the period on screen as a CSV file: one row per bucket, as the table shows.

The rows come from the same bucket filling as the dashboard's table (buckets.fill), so the
file and the page cannot disagree about which buckets exist or what they hold. Values are for
spreadsheets, not readers: ISO dates, dot decimals, ISO 4217 codes, status codes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.utils.text import slugify

from connect_app import formatting as fmt
from connect_app.connect.replies import Page, Performance, VppSummary
from connect_app.pages.buckets import RawBucket, fill

COLUMNS = ("period_start", "earnings", "currency", "energy_kwh", "status")
# Spreadsheet programs (Excel above all) read a file as UTF-8 only when it starts with this.
BYTE_ORDER_MARK = "\ufeff"
# When the programme's name has no ASCII letters or digits to make a file name from.
FALLBACK_NAME = "battery-earnings"
MAX_NAME_LENGTH = 60

Row = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class FiguresCsv:
    filename: str  # ASCII only, so every browser and webview saves it under this name
    rows: tuple[Row, ...]

    def text(self) -> str:
        """The file's content: a byte-order mark, the header, then the rows, CRLF as RFC 4180."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(self.rows)
        return BYTE_ORDER_MARK + out.getvalue()


def build(page: Page, now: dt.datetime) -> FiguresCsv:
    """The CSV of a vpp_summary page; raises pydantic's ValidationError for any other payload."""
    summary = VppSummary.of(page)
    perf = summary.performance
    buckets = fill(perf, summary.zone, now)
    currency = summary.currency_code
    name = slugify(summary.programme.programme_display_name or "")[:MAX_NAME_LENGTH].strip("-")
    return FiguresCsv(
        filename=f"{name or FALLBACK_NAME}-{_period(perf)}.csv",
        rows=tuple(_row(bucket, currency) for bucket in buckets),
    )


def _row(bucket: RawBucket, currency: str) -> Row:
    if bucket.status == "not_yet":
        # No data yet is not zero: left empty, as the chart leaves a gap and the table says so.
        earnings = energy = ""
    else:
        earnings = fmt.plain_amount(bucket.earnings, currency)
        energy = fmt.plain_number(bucket.dispatched_kwh)
    return (_start(bucket), earnings, currency, energy, bucket.status)


def _start(bucket: RawBucket) -> str:
    # An hour is an instant, so it carries the programme's offset (two 1 AMs on the day clocks
    # go back differ by it); a day or a month is a calendar date in the programme's zone.
    if bucket.unit == "hour":
        return bucket.start.isoformat()
    return bucket.start.date().isoformat()


def _period(perf: Performance) -> str:
    start = perf.period_start
    if perf.period_type == "YEAR":
        return f"{start.year:04d}"
    if perf.period_type == "MONTH":
        return f"{start.year:04d}-{start.month:02d}"
    if perf.period_type == "DAY" or perf.period_end in (None, start):
        return start.isoformat()
    return f"{start.isoformat()}-to-{perf.period_end}"
