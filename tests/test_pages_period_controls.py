"""The period each control asks for: the tabs open where there is something to see (issue 19),
and only period types the app can send become tabs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from connect_app.connect.replies import Page
from connect_app.pages import vpp_summary
from connect_app.pages.common import RenderContext
from connect_app.pages.period_controls import PeriodChoice
from tests.factories import summary_reply

# Noon in Denver (the seed's zone) on 20 February 2025, and long after the seed's periods.
IN_FEBRUARY_2025 = dt.datetime(2025, 2, 20, 19, 0, tzinfo=dt.UTC)
MUCH_LATER = dt.datetime(2026, 6, 10, 18, 0, tzinfo=dt.UTC)


def tabs(reply: dict[str, Any], now: dt.datetime = MUCH_LATER) -> dict[str, PeriodChoice]:
    view = vpp_summary.build(Page.from_reply(reply), RenderContext(locale="en", now=now))
    return {c.period_type: c for c in view.period_types}


def starts(reply: dict[str, Any], now: dt.datetime = MUCH_LATER) -> dict[str, str]:
    return {t: c.period_start for t, c in tabs(reply, now).items()}


def entry(day: str, earnings: float = 2.5) -> dict[str, Any]:
    return {"date": day, "dispatched_kwh": 2.0, "earnings": earnings}


def month(start: str, series: list[dict[str, Any]]) -> dict[str, Any]:
    first = dt.date.fromisoformat(start)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return summary_reply(
        **{
            "performance.period_type": "MONTH",
            "performance.period_start": start,
            "performance.period_end": (following - dt.timedelta(days=1)).isoformat(),
            "performance.series": series,
            "performance.earnings": sum(e["earnings"] for e in series),
            "performance.energy_dispatched_kwh": sum(e["dispatched_kwh"] for e in series),
        }
    )


def year(start: str, series: list[dict[str, Any]]) -> dict[str, Any]:
    return summary_reply(
        **{
            "performance.period_type": "YEAR",
            "performance.period_start": start,
            "performance.period_end": start[:4] + "-12-31",
            "performance.series": series,
            "performance.earnings": sum(e["earnings"] for e in series),
            "performance.energy_dispatched_kwh": sum(e["dispatched_kwh"] for e in series),
        }
    )


# --- from a month ---------------------------------------------------------------------------


def test_day_from_a_month_that_earned_opens_its_latest_day_with_a_dispatch() -> None:
    # The seed's February 2025: its last dispatch is on the 28th; the 1st earned too.
    assert starts(summary_reply()) == {
        "DAY": "2025-02-28",
        "MONTH": "2025-02-01",
        "YEAR": "2025-01-01",
    }
    series = [entry("2025-02-03"), entry("2025-02-11"), entry("2025-02-05")]
    assert starts(month("2025-02-01", series))["DAY"] == "2025-02-11"


def test_a_day_that_only_cost_money_is_still_something_to_see() -> None:
    series = [entry("2025-02-03"), entry("2025-02-09", earnings=-1.2)]
    assert starts(month("2025-02-01", series))["DAY"] == "2025-02-09"


def test_day_from_a_past_month_without_dispatch_opens_its_last_day() -> None:
    assert starts(month("2025-01-01", []))["DAY"] == "2025-01-31"


def test_day_from_this_month_opens_its_latest_dispatch_before_today() -> None:
    series = [entry("2025-02-04"), entry("2025-02-12")]
    assert starts(month("2025-02-01", series), IN_FEBRUARY_2025)["DAY"] == "2025-02-12"


def test_day_from_this_month_without_dispatch_opens_today_in_the_programmes_zone() -> None:
    assert starts(month("2025-02-01", []), IN_FEBRUARY_2025)["DAY"] == "2025-02-20"
    # 02:00 UTC on the 21st is still the 20th in Denver.
    late = dt.datetime(2025, 2, 21, 2, 0, tzinfo=dt.UTC)
    assert starts(month("2025-02-01", []), late)["DAY"] == "2025-02-20"


def test_a_dispatch_dated_in_the_future_is_not_where_day_opens() -> None:
    series = [entry("2025-02-04"), entry("2025-02-25")]  # Connect's error: after "today"
    assert starts(month("2025-02-01", series), IN_FEBRUARY_2025)["DAY"] == "2025-02-04"


# --- from a year ----------------------------------------------------------------------------


def test_month_and_day_from_a_year_open_its_latest_month_that_earned() -> None:
    series = [entry("2025-03-01"), entry("2025-08-01"), entry("2025-05-01")]
    assert starts(year("2025-01-01", series)) == {
        "DAY": "2025-08-31",  # the latest day of that month: the whole of August is past
        "MONTH": "2025-08-01",
        "YEAR": "2025-01-01",
    }


def test_from_this_year_the_latest_month_that_earned_may_be_this_one() -> None:
    series = [entry("2025-01-01"), entry("2025-02-01")]
    got = starts(year("2025-01-01", series), IN_FEBRUARY_2025)
    assert (got["MONTH"], got["DAY"]) == ("2025-02-01", "2025-02-20")  # today, not the 28th


def test_from_a_year_daily_entries_count_in_their_month() -> None:
    series = [entry("2025-04-17"), entry("2025-06-02")]
    assert starts(year("2025-01-01", series))["MONTH"] == "2025-06-01"


def test_from_a_year_without_dispatch_month_and_day_open_its_latest_days() -> None:
    assert starts(year("2024-01-01", [])) == {
        "DAY": "2024-12-31",
        "MONTH": "2024-12-01",
        "YEAR": "2024-01-01",
    }
    this_year = starts(year("2025-01-01", []), IN_FEBRUARY_2025)
    assert (this_year["MONTH"], this_year["DAY"]) == ("2025-02-01", "2025-02-20")


def test_a_year_still_to_come_opens_on_its_first_day() -> None:
    got = starts(year("2026-01-01", []), IN_FEBRUARY_2025)
    assert (got["MONTH"], got["DAY"]) == ("2026-01-01", "2026-01-01")


# --- from a day -----------------------------------------------------------------------------


def test_month_and_year_from_a_day_are_the_ones_it_is_in() -> None:
    reply = summary_reply(
        **{
            "performance.period_type": "DAY",
            "performance.period_start": "2025-02-16",
            "performance.period_end": "2025-02-16",
            "performance.series": [],
        }
    )
    assert starts(reply) == {"DAY": "2025-02-16", "MONTH": "2025-02-01", "YEAR": "2025-01-01"}
    assert tabs(reply)["DAY"].current and not tabs(reply)["DAY"].enabled


# --- the arrows and Latest -------------------------------------------------------------------


def test_the_arrows_step_one_period_and_latest_is_the_period_of_today() -> None:
    view = vpp_summary.build(
        Page.from_reply(year("2024-01-01", [entry("2024-05-01")])),
        RenderContext(locale="en", now=IN_FEBRUARY_2025),
    )
    assert (view.previous.period_type, view.previous.period_start) == ("YEAR", "2023-01-01")
    assert (view.next.period_type, view.next.period_start) == ("YEAR", "2025-01-01")
    assert (view.latest.period_type, view.latest.period_start) == ("YEAR", "2025-01-01")
    assert view.latest.enabled


# --- which tabs there are --------------------------------------------------------------------


def test_tabs_are_the_listed_types_the_app_can_send_in_any_case() -> None:
    reply = summary_reply(**{"performance.available_period_types": ["day", "Week", " month "]})
    found = tabs(reply)
    assert list(found) == ["DAY", "MONTH"]  # WEEK cannot be sent: no tab that would be refused
    assert found["MONTH"].current and found["DAY"].enabled
    assert [c.name for c in found.values()] == ["Day", "Month"]


@pytest.mark.parametrize("listed", [[], ["WEEK", "QUARTER"], None])
def test_no_tab_the_app_cannot_send(listed: list[str] | None) -> None:
    assert tabs(summary_reply(**{"performance.available_period_types": listed})) == {}


def test_from_an_undocumented_period_the_tabs_open_on_its_latest_dispatch() -> None:
    reply = summary_reply(
        **{
            "performance.period_type": "WEEK",
            "performance.period_start": "2025-02-24",
            "performance.period_end": "2025-03-02",
            "performance.series": [entry("2025-02-25"), entry("2025-03-01")],
        }
    )
    found = tabs(reply)
    assert {t: c.period_start for t, c in found.items()} == {
        "DAY": "2025-03-01",
        "MONTH": "2025-03-01",
        "YEAR": "2025-01-01",
    }
    assert not any(c.current for c in found.values())
