from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from connect_app.connect.replies import Page
from connect_app.pages import vpp_summary
from connect_app.pages.common import RenderContext
from tests.factories import summary_reply

# Mid-afternoon on 20 February 2025 in Denver: the seed's month is the current one.
IN_FEBRUARY = dt.datetime(2025, 2, 20, 21, 0, tzinfo=dt.UTC)
MUCH_LATER = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def build(
    reply: dict[str, Any], now: dt.datetime = MUCH_LATER, locale: str = "en"
) -> vpp_summary.VppSummaryView:
    return vpp_summary.build(Page.from_reply(reply), RenderContext(locale=locale, now=now))


def test_seed_month_has_every_day_and_missing_days_are_zero() -> None:
    view = build(summary_reply())
    assert len(view.buckets) == 28
    by_day = {b.key: b for b in view.buckets}
    assert by_day["2025-02-05"].status == "none"
    assert by_day["2025-02-05"].earnings == "$0.00"
    assert by_day["2025-02-16"].status == "dispatched"
    assert by_day["2025-02-16"].earnings == "$8.91"
    assert sum(b.status == "dispatched" for b in view.buckets) == 12


def test_seed_headline_and_sentence() -> None:
    view = build(summary_reply())
    assert view.earnings == "$62.10"
    assert view.energy == "54.7 kWh"
    assert view.period_label == "February 2025"
    assert view.summary == (
        "In February 2025, your battery earned $62.10 by dispatching 54.7 kWh on 12 days. "
        "Best day: Sun, Feb 16 ($8.91 from 7.85 kWh)."
    )
    assert view.programme_name == "Community Powershare"
    assert view.provider_name == "Leap"
    assert view.learn_more_url == "https://leap.com/programmes/community-powershare"
    assert view.participation.label == "Suspended"
    assert view.participation.tone == "warning"


def test_current_month_marks_future_days_not_yet_and_says_so_far() -> None:
    view = build(summary_reply(), now=IN_FEBRUARY)
    statuses = {b.key: b.status for b in view.buckets}
    assert statuses["2025-02-20"] != "not_yet"
    assert statuses["2025-02-21"] == "not_yet"
    assert view.chart["earnings"][20] is None  # 21 February: nothing to draw yet, not zero
    assert view.chart["toCome"][20] and not view.chart["zero"][20]
    assert view.chart["tooltips"][20] == ["Not yet"]
    assert view.has_buckets_to_come and view.has_zero_buckets
    assert view.is_current_period
    assert view.summary.startswith("So far in February 2025")
    assert not view.latest.enabled  # already showing the latest month


def test_navigation_sends_absolute_periods() -> None:
    view = build(summary_reply())
    assert (view.previous.period_type, view.previous.period_start) == ("MONTH", "2025-01-01")
    assert view.previous.enabled
    assert (view.next.period_start, view.next.enabled) == ("2025-03-01", False)
    # Midnight UTC on 1 June is still 31 May in Denver: the latest month is May.
    assert view.latest.period_start == "2026-05-01" and view.latest.enabled
    types = {c.name: c for c in view.period_types}
    assert types["Year"].period_start == "2025-01-01"
    assert types["Day"].period_start == "2025-02-28"  # the month's latest day with a dispatch
    assert types["Month"].current and not types["Month"].enabled


def test_without_change_period_every_period_control_is_disabled() -> None:
    reply = summary_reply(actions=["BACK", "CLOSE"])
    view = build(reply)
    assert not view.can_change_period
    controls = [view.previous, view.next, view.latest, *view.period_types]
    assert not any(c.enabled for c in controls)


def test_year_has_twelve_months_summed_from_daily_entries() -> None:
    reply = summary_reply(
        **{
            "performance.period_type": "YEAR",
            "performance.period_start": "2025-01-01",
            "performance.period_end": "2025-12-31",
        }
    )
    view = build(reply)
    assert [b.tick for b in view.buckets][:3] == ["Jan", "Feb", "Mar"]
    assert len(view.buckets) == 12
    february = view.buckets[1]
    assert february.earnings == "$62.10"
    assert february.energy == "54.7 kWh"
    assert view.buckets[0].status == "none"
    assert view.bucket_heading == "Month"


def _day_reply(day: str, series: list[dict[str, Any]]) -> dict[str, Any]:
    return summary_reply(
        **{
            "performance.period_type": "DAY",
            "performance.period_start": day,
            "performance.period_end": day,
            "performance.series": series,
            "performance.earnings": sum(e["earnings"] for e in series),
            "performance.energy_dispatched_kwh": sum(e["dispatched_kwh"] for e in series),
        }
    )


def test_spring_forward_day_in_denver_has_23_hours() -> None:
    view = build(_day_reply("2025-03-09", []))
    assert len(view.buckets) == 23
    ticks = [b.tick for b in view.buckets]
    assert "2:00\u202fAM" not in ticks  # the hour that does not exist that night
    assert ticks[:3] == ["12:00\u202fAM", "1:00\u202fAM", "3:00\u202fAM"]


def test_fall_back_day_in_denver_has_25_hours_and_places_each_1am() -> None:
    series = [
        {"date": "2025-11-02T01:30:00-06:00", "dispatched_kwh": 1.5, "earnings": 1.7},
        {"date": "2025-11-02T01:15:00-07:00", "dispatched_kwh": 2.0, "earnings": 2.3},
        {"date": "2025-11-03T01:00:00-07:00", "dispatched_kwh": 9.0, "earnings": 9.9},
    ]
    view = build(_day_reply("2025-11-02", series))
    assert len(view.buckets) == 25
    ones = [b for b in view.buckets if b.tick == "1:00\u202fAM"]
    assert [b.earnings for b in ones] == ["$1.70", "$2.30"]  # MDT hour first, then MST
    assert sum(b.status == "dispatched" for b in view.buckets) == 2  # the next day is ignored


def test_hourly_entries_in_utc_are_bucketed_in_the_programme_zone() -> None:
    series = [{"date": "2025-02-04T01:20:00Z", "dispatched_kwh": 3.0, "earnings": 3.4}]
    view = build(_day_reply("2025-02-03", series))  # 01:20 UTC on the 4th is 18:20 in Denver
    dispatched = [b for b in view.buckets if b.status == "dispatched"]
    assert [(b.tick, b.earnings) for b in dispatched] == [("6:00\u202fPM", "$3.40")]
    assert view.summary.endswith("in 1 hour.")


def test_daily_figure_on_a_day_page_is_kept_as_a_whole_day() -> None:
    series = [{"date": "2025-02-03", "dispatched_kwh": 3.0, "earnings": 3.4}]
    view = build(_day_reply("2025-02-03", series))
    assert view.buckets[-1].label == "Whole day (not split by hour)"
    assert view.buckets[-1].earnings == "$3.40"


def test_day_page_marks_hours_after_now_not_yet() -> None:
    now = dt.datetime(2025, 2, 3, 19, 30, tzinfo=dt.UTC)  # 12:30 in Denver
    view = build(_day_reply("2025-02-03", []), now=now)
    statuses = [b.status for b in view.buckets]
    assert statuses[12] == "none"  # the hour in progress is not "not yet"
    assert statuses[13] == "not_yet"


@pytest.mark.parametrize(
    ("currency", "locale", "earnings"),
    [("GBP", "en_GB", "£62.10"), ("EUR", "de_DE", "62,10\xa0€"), ("JPY", "en", "¥62")],
)
def test_other_currencies(currency: str, locale: str, earnings: str) -> None:
    view = build(summary_reply(currency_code=currency), locale=locale)
    assert view.earnings == earnings


def test_negative_earnings_are_shown_as_net() -> None:
    reply = summary_reply(**{"performance.earnings": -4.5})
    view = build(reply)
    assert view.earnings == "-$4.50"
    assert view.earnings_tone == "negative"
    assert "net earnings were -$4.50" in view.summary


def test_a_period_without_dispatch_says_so() -> None:
    reply = summary_reply(
        **{
            "performance.series": [],
            "performance.earnings": 0,
            "performance.energy_dispatched_kwh": 0,
        }
    )
    view = build(reply)
    assert view.summary == "In February 2025, your battery did not dispatch."
    assert all(b.status == "none" for b in view.buckets)
    # The sentence says it: no chart of empty axes, no table of zeros, no figure in the accent.
    assert not view.has_chart and not view.has_figures
    assert view.earnings == "$0.00" and view.earnings_tone == "none"
    # The way back stays where it was.
    assert view.previous.enabled and view.previous.period_start == "2025-01-01"


@pytest.mark.parametrize(
    ("state", "label", "tone"),
    [
        ("NOT_ENROLLED", "Not enrolled", "neutral"),
        ("ENROLLING", "Enrolling", "progress"),
        ("ACTIVE", "Active", "good"),
        ("SUSPENDED", "Suspended", "warning"),
        ("UNENROLLING", "Leaving", "progress"),
        ("UNENROLLED", "Left the programme", "neutral"),
        ("FAILED", "Enrolment failed", "bad"),
        # A state this app has no words for: ours in general (its code is shown below them).
        ("AWAITING_TELEMETRY", "Other status", "neutral"),
        (None, "Status unknown", "neutral"),
    ],
)
def test_every_participation_state_has_words(state: str | None, label: str, tone: str) -> None:
    view = build(summary_reply(**{"programme.participation_state": state}))
    assert view.participation.label == label
    assert view.participation.tone == tone
    assert view.participation.sentence.endswith(".")


def test_tariff_prompt_only_when_not_connected() -> None:
    assert build(summary_reply()).tariff_prompt
    assert build(summary_reply()).offers_tariff
    assert not build(summary_reply(tariff_connected=True)).tariff_prompt


@pytest.mark.parametrize("state", ["UNENROLLING", "UNENROLLED"])
def test_a_customer_leaving_or_gone_is_not_urged_to_connect_a_tariff(state: str) -> None:
    view = build(summary_reply(**{"programme.participation_state": state}))
    # No card on why the programme needs a tariff: it is one action among the others.
    assert not view.tariff_prompt
    assert "Connect tariff" in [b.label for b in view.actions]


def test_other_actions_become_buttons_in_plain_words() -> None:
    view = build(summary_reply(**{"programme.participation_state": "ACTIVE"}))
    assert [b.label for b in view.actions] == [
        "Manage payments",
        "Manage participation",
        "Back",
        "Close",
    ]


def test_a_suspended_dashboard_without_details_offers_where_to_see_why_first() -> None:
    view = build(summary_reply())  # suspended, and no participation details from REST
    step = view.next_step
    assert step is not None and step.tone == "warning"
    assert step.to_do == "Find out why it is paused, and what you can do."
    assert step.action is not None and step.action.label == "Manage participation"
    # The button is offered there, not a second time among the page's actions.
    assert [b.label for b in view.actions] == ["Manage payments", "Back", "Close"]


def test_unknown_period_type_shows_its_days_and_cannot_step() -> None:
    reply = summary_reply(
        **{
            "performance.period_type": "WEEK",
            "performance.period_start": "2025-02-03",
            "performance.period_end": "2025-02-09",
        }
    )
    view = build(reply)
    assert len(view.buckets) == 7
    assert not view.previous.enabled and not view.latest.enabled


def test_learn_more_url_must_be_a_web_link() -> None:
    view = build(summary_reply(**{"programme.learn_more_url": "javascript:alert(1)"}))
    assert view.learn_more_url is None


def test_energy_that_earned_nothing_has_its_table_but_no_chart_of_empty_axes() -> None:
    series = [{"date": "2025-02-03", "dispatched_kwh": 3.0, "earnings": 0}]
    reply = summary_reply(
        **{
            "performance.series": series,
            "performance.earnings": 0,
            "performance.energy_dispatched_kwh": 3.0,
        }
    )
    view = build(reply)
    assert view.summary == (
        "In February 2025, your battery earned $0.00 by dispatching 3.0 kWh on 1 day."
    )
    assert not view.has_chart  # the chart's one scale is earnings: nothing to draw
    assert view.has_figures  # the table has the day's energy
    assert view.earnings_tone == "none"


def test_chart_data_matches_the_table() -> None:
    view = build(summary_reply())
    assert view.chart["labels"][:3] == ["1", "2", "3"]
    assert view.chart["earnings"][15] == pytest.approx(8.91)
    # The figures reach the chart in the page's currency, written as the customer reads them.
    assert all(word.startswith("$") for word in view.chart["scale"]["words"])
    assert view.has_chart and view.has_figures and view.earnings_tone == "earned"


def test_the_chart_has_one_scale_and_energy_only_in_words() -> None:
    view = build(summary_reply())
    chart = view.chart
    # Earnings are the chart's only numbers; energy is in the tooltip, as the table writes it.
    assert set(chart) == {
        "scale",
        "labels",
        "titles",
        "earnings",
        "zero",
        "toCome",
        "tooltips",
    }
    assert not chart["zero"][15] and not chart["toCome"][15]
    # The scale the browser draws, worked out here: from zero past the best bucket, in words.
    assert chart["scale"]["ticks"][0] == 0
    assert chart["scale"]["ticks"][-1] >= max(e for e in chart["earnings"] if e is not None)
    assert chart["scale"]["words"][0] == "$0"
    assert chart["tooltips"][15] == ["Earnings: $8.91", "Energy: 7.85 kWh"]
    # 5 February had no dispatch: a zero, marked and with its own words, not a gap.
    assert chart["zero"][4] and chart["earnings"][4] == 0.0
    assert chart["tooltips"][4] == ["No dispatch", "Earnings: $0.00"]
    assert view.has_zero_buckets and not view.has_buckets_to_come


def test_the_chart_speaks_the_pages_language() -> None:
    with translation.override("de"):
        view = build(summary_reply(), locale="de_DE")
    assert view.chart["tooltips"][4] == ["Keine Einspeisung", "Einnahmen: 0,00\xa0$"]


# The summary is one whole sentence per kind of period, so each language can word "in February",
# "so far in", "on 12 days" and "best day" its own way; these pin the English of each kind.


def test_a_year_counts_months_and_names_the_best_month() -> None:
    reply = summary_reply(
        **{
            "performance.period_type": "YEAR",
            "performance.period_start": "2025-01-01",
            "performance.period_end": "2025-12-31",
            "performance.series": [
                {"date": "2025-02-03", "dispatched_kwh": 5.0, "earnings": 6.0},
                {"date": "2025-03-03", "dispatched_kwh": 2.0, "earnings": 2.5},
            ],
            "performance.earnings": 8.5,
            "performance.energy_dispatched_kwh": 7.0,
        }
    )
    view = build(reply)
    assert view.summary == (
        "In 2025, your battery earned $8.50 by dispatching 7.0 kWh in 2 months. "
        "Best month: February ($6.00 from 5.0 kWh)."
    )
    assert view.figures_title == "Figures for each month"


def test_a_past_day_is_on_that_day_and_counts_one_hour_in_the_singular() -> None:
    series = [{"date": "2025-02-04T01:20:00Z", "dispatched_kwh": 3.0, "earnings": 3.4}]
    view = build(_day_reply("2025-02-03", series))
    assert view.summary == (
        "On Monday, February 3, 2025, your battery earned $3.40 by dispatching 3.0 kWh in 1 hour."
    )
    assert (view.bucket_heading, view.figures_title) == ("Hour", "Figures for each hour")


def test_one_day_of_dispatch_in_a_month_is_singular() -> None:
    reply = summary_reply(
        **{
            "performance.series": [{"date": "2025-02-16", "dispatched_kwh": 1.5, "earnings": 2}],
            "performance.earnings": 2,
            "performance.energy_dispatched_kwh": 1.5,
        }
    )
    view = build(reply)
    assert view.summary == (
        "In February 2025, your battery earned $2.00 by dispatching 1.5 kWh on 1 day."
    )


def test_today_without_dispatch_says_so_far() -> None:
    now = dt.datetime(2025, 2, 3, 19, 30, tzinfo=dt.UTC)  # 12:30 in Denver
    view = build(_day_reply("2025-02-03", []), now=now)
    assert view.summary == "So far on Monday, February 3, 2025, your battery has not dispatched."


def test_a_daily_figure_on_a_day_page_is_not_counted_as_an_hour() -> None:
    series = [{"date": "2025-02-03", "dispatched_kwh": 3.0, "earnings": 3.4}]
    view = build(_day_reply("2025-02-03", series))
    assert view.summary == (
        "On Monday, February 3, 2025, your battery earned $3.40 by dispatching 3.0 kWh."
    )


def test_an_undocumented_period_is_named_as_a_stretch_of_days() -> None:
    reply = summary_reply(
        **{
            "performance.period_type": "WEEK",
            "performance.period_start": "2025-02-03",
            "performance.period_end": "2025-02-09",
            "performance.series": [],
            "performance.earnings": 0,
            "performance.energy_dispatched_kwh": 0,
        }
    )
    view = build(reply)
    assert view.summary == (
        "In the period February 3, 2025 – February 9, 2025, your battery did not dispatch."
    )


def test_period_controls_have_ids_that_do_not_change_with_the_language() -> None:
    view = build(summary_reply())
    keys = [c.key for c in (view.previous, view.next, view.latest, *view.period_types)]
    assert keys == ["previous-period", "next-period", "latest", "day", "month", "year"]


def test_the_zone_is_named_once_in_the_zone_lines_words() -> None:
    view = build(summary_reply())
    # Shown only where the zone line cannot be (no JavaScript, paper), in the same words.
    assert view.time_zone_note == "Times are in Mountain Time (Denver)."
    assert view.time_zone_note == view.zone_line["fallback"]
