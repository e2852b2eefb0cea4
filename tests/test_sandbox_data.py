"""The sandbox's data generator: deterministic, plausible, and internally consistent."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from connect_sandbox.customers import DEMO_CUSTOMERS, DemoCustomer, customer_by_key
from connect_sandbox.participation import participation
from connect_sandbox.performance import CENT, SeriesEntry, hourly_series, performance
from connect_sandbox.periods import (
    InvalidPeriod,
    Period,
    PeriodType,
    local_hours,
    local_today,
    requested_period,
)

DENVER = ZoneInfo("America/Denver")
# 18:30 in Denver on Saturday 15 November 2025: two of the evening's event hours have ended.
NOW = dt.datetime(2025, 11, 15, 18, 30, tzinfo=DENVER).astimezone(dt.UTC)
TODAY = dt.date(2025, 11, 15)

ENROLLED = [customer for customer in DEMO_CUSTOMERS if customer.is_enrolled]


def customer(key: str) -> DemoCustomer:
    found = customer_by_key(key)
    assert found is not None
    return found


def probe_dispatching_on(value: dt.date, *, hours: int = 1) -> DemoCustomer:
    """A long-enrolled customer whose event on `value` lasts at least `hours` hours."""
    veteran = dataclasses.replace(customer("active"), enrolled_days_ago=3000)
    after_the_day = dt.datetime.combine(value + dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC)
    for number in range(500):
        probe = dataclasses.replace(veteran, key=f"probe-{number}")
        if len(hourly_series(probe, value, after_the_day)) >= hours:
            return probe
    raise AssertionError(f"no probe customer dispatches {hours} hours on {value}")


def day_dates(series: tuple[SeriesEntry, ...]) -> list[dt.date]:
    """The dates of a MONTH or YEAR series: plain local dates, never moments."""
    dates = []
    for entry in series:
        assert not isinstance(entry.date, dt.datetime)
        dates.append(entry.date)
    return dates


def month(year: int, number: int) -> Period:
    return Period(PeriodType.MONTH, dt.date(year, number, 1))


def day(value: dt.date) -> Period:
    return Period(PeriodType.DAY, value)


def year(value: int) -> Period:
    return Period(PeriodType.YEAR, dt.date(value, 1, 1))


def test_same_question_same_answer() -> None:
    alex = customer("active")
    first = performance(alex, month(2025, 7), NOW)
    again = performance(alex, month(2025, 7), NOW)
    assert first == again
    assert first.series, "a summer month of an active customer has dispatches"


def test_customers_get_their_own_numbers() -> None:
    alex, priya = customer("active"), customer("london")
    assert performance(alex, month(2025, 7), NOW) != performance(priya, month(2025, 7), NOW)


@pytest.mark.parametrize("demo", ENROLLED, ids=lambda c: c.key)
@pytest.mark.parametrize(
    "period",
    [month(2025, 2), month(2025, 11), year(2025), year(2024), day(TODAY), day(dt.date(2025, 8, 9))],
    ids=str,
)
def test_totals_are_the_sum_of_the_series(demo: DemoCustomer, period: Period) -> None:
    result = performance(demo, period, NOW)
    assert result.energy_dispatched_kwh == sum(
        (entry.dispatched_kwh for entry in result.series), Decimal(0)
    )
    assert result.earnings == sum((entry.earnings for entry in result.series), Decimal(0))
    for entry in result.series:
        assert entry.dispatched_kwh == entry.dispatched_kwh.quantize(CENT)
        assert entry.earnings == entry.earnings.quantize(CENT)
        assert entry.dispatched_kwh > 0
        assert entry.earnings > 0


def test_month_is_sparse_with_plausible_days() -> None:
    alex = customer("active")
    result = performance(alex, month(2025, 3), NOW)
    dates = day_dates(result.series)
    assert dates == sorted(dates)
    assert all(d.month == 3 and d.year == 2025 for d in dates)
    assert 0 < len(dates) < 31, "some days have dispatches and some do not"
    for entry in result.series:
        assert Decimal(2) <= entry.dispatched_kwh <= Decimal(9)
        # A whole past day earns its energy times the customer's rate, rounded to the cent.
        assert entry.earnings == (entry.dispatched_kwh * alex.rate_per_kwh).quantize(CENT)


def test_dispatch_happens_on_a_plausible_share_of_days() -> None:
    alex = customer("active")
    months = [month(2024, number) for number in range(4, 13)] + [
        month(2025, n) for n in range(1, 11)
    ]
    dispatch_days = sum(len(performance(alex, period, NOW).series) for period in months)
    calendar_days = sum(len(list(period.days())) for period in months)
    assert 0.35 <= dispatch_days / calendar_days <= 0.55


def test_a_whole_past_year_has_twelve_months_equal_to_the_month_views() -> None:
    veteran = dataclasses.replace(customer("london"), enrolled_days_ago=1000)
    result = performance(veteran, year(2024), NOW)
    firsts = day_dates(result.series)
    assert firsts == [dt.date(2024, m, 1) for m in range(1, 13)]
    for first, entry in zip(firsts, result.series, strict=True):
        month_view = performance(veteran, month(2024, first.month), NOW)
        assert entry.dispatched_kwh == month_view.energy_dispatched_kwh
        assert entry.earnings == month_view.earnings


def test_a_day_is_hourly_in_the_evening_and_sums_to_its_month_entry() -> None:
    alex = customer("active")
    month_view = performance(alex, month(2025, 10), NOW)
    assert month_view.series
    for date, entry in zip(day_dates(month_view.series), month_view.series, strict=True):
        day_view = performance(alex, day(date), NOW)
        assert day_view.energy_dispatched_kwh == entry.dispatched_kwh
        assert day_view.earnings == entry.earnings
        for hour in day_view.series:
            assert isinstance(hour.date, dt.datetime)
            assert hour.date.tzinfo is not None
            assert 16 <= hour.date.hour <= 20
            assert hour.date.isoformat().startswith(date.isoformat() + "T")
            assert hour.date.isoformat().endswith(":00:00-06:00"), "October is on daylight time"


@pytest.mark.parametrize(
    ("zone", "value", "hours"),
    [
        ("America/Denver", dt.date(2025, 3, 9), 23),
        ("America/Denver", dt.date(2025, 11, 2), 25),
        ("America/Denver", dt.date(2025, 6, 1), 24),
        ("Europe/London", dt.date(2025, 3, 30), 23),
        ("Europe/London", dt.date(2025, 10, 26), 25),
    ],
)
def test_local_days_have_their_real_number_of_hours(zone: str, value: dt.date, hours: int) -> None:
    starts = local_hours(value, ZoneInfo(zone))
    assert len(starts) == hours
    assert all(start.date() == value for start in starts)
    gaps = {
        b.astimezone(dt.UTC) - a.astimezone(dt.UTC)
        for a, b in zip(starts, starts[1:], strict=False)
    }
    assert gaps == {dt.timedelta(hours=1)}


@pytest.mark.parametrize(
    ("value", "offset"), [(dt.date(2025, 3, 9), "-06:00"), (dt.date(2025, 11, 2), "-07:00")]
)
def test_dst_days_report_evening_hours_with_the_right_offset(value: dt.date, offset: str) -> None:
    probe = probe_dispatching_on(value)
    series = hourly_series(probe, value, NOW)
    assert series
    for entry in series:
        assert isinstance(entry.date, dt.datetime)
        assert entry.date.isoformat().startswith(value.isoformat() + "T")
        assert entry.date.isoformat().endswith(":00:00" + offset)
    whole_day = performance(probe, day(value), NOW)
    assert whole_day.energy_dispatched_kwh == sum(
        (entry.dispatched_kwh for entry in series), Decimal(0)
    )


def test_has_previous_stops_at_the_enrolment_period() -> None:
    alex = customer("active")
    enrolled_on = alex.enrolled_on(TODAY)
    assert enrolled_on is not None
    enrolment_month = Period.containing(PeriodType.MONTH, enrolled_on)
    assert not performance(alex, enrolment_month, NOW).has_previous
    assert performance(alex, enrolment_month.next(), NOW).has_previous
    assert not performance(alex, day(enrolled_on), NOW).has_previous
    assert performance(alex, day(enrolled_on + dt.timedelta(days=1)), NOW).has_previous
    assert not performance(alex, Period.containing(PeriodType.YEAR, enrolled_on), NOW).has_previous


@pytest.mark.parametrize("period_type", list(PeriodType))
def test_has_next_is_false_only_for_the_current_period(period_type: PeriodType) -> None:
    alex = customer("active")
    current = Period.containing(period_type, TODAY)
    assert not performance(alex, current, NOW).has_next
    assert performance(alex, current.previous(), NOW).has_next
    assert performance(alex, current, NOW).has_previous


def test_current_period_is_counted_in_the_programme_time_zone() -> None:
    alex = customer("active")
    # 03:00 UTC on 1 December is still 30 November in Denver.
    late_evening = dt.datetime(2025, 12, 1, 3, 0, tzinfo=dt.UTC)
    assert local_today(alex, late_evening) == dt.date(2025, 11, 30)
    assert not performance(alex, month(2025, 11), late_evening).has_next


def test_today_only_counts_hours_that_have_ended() -> None:
    probe = probe_dispatching_on(TODAY, hours=2)
    whole_evening = hourly_series(probe, TODAY, dt.datetime(2025, 11, 16, tzinfo=DENVER))
    first_hour_end = whole_evening[0].date + dt.timedelta(hours=1)
    assert isinstance(first_hour_end, dt.datetime)
    assert hourly_series(probe, TODAY, first_hour_end - dt.timedelta(seconds=1)) == []
    assert hourly_series(probe, TODAY, first_hour_end) == whole_evening[:1]
    so_far = performance(probe, month(2025, 11), first_hour_end).series
    assert so_far[-1].date == TODAY
    assert so_far[-1].dispatched_kwh == whole_evening[0].dispatched_kwh
    assert not hourly_series(probe, TODAY + dt.timedelta(days=1), first_hour_end)


def test_the_current_month_has_no_future_days() -> None:
    for demo in ENROLLED:
        series = performance(demo, month(2025, 11), NOW).series
        assert all(date <= TODAY for date in day_dates(series))


def test_no_dispatch_before_onboarding_or_after_dispatch_ended() -> None:
    jordan = customer("enrolling")
    assert not performance(jordan, month(2025, 11), NOW).series
    sam = customer("suspended")
    ended_on = sam.dispatch_ended_on(TODAY)
    assert ended_on is not None
    assert not performance(sam, day(ended_on), NOW).series
    recent = performance(sam, Period.containing(PeriodType.MONTH, ended_on), NOW).series
    assert all(date < ended_on for date in day_dates(recent))
    riley = customer("unenrolled")
    assert not performance(riley, month(2025, 10), NOW).series
    assert performance(riley, month(2025, 3), NOW).series


def test_participation_timeline_follows_the_customer() -> None:
    jordan = participation(customer("enrolling"), NOW)
    assert jordan is not None
    statuses = [entry.status for entry in jordan.timeline]
    done, pending = statuses.count("COMPLETE"), statuses.count("PENDING")
    assert statuses == ["COMPLETE"] * done + ["IN_PROGRESS"] + ["PENDING"] * pending
    assert done and pending
    assert jordan.current_state == jordan.timeline[done].state
    assert jordan.telemetry_active and not jordan.control_active
    sam = participation(customer("suspended"), NOW)
    assert sam is not None
    assert sam.current_state == "SUSPENDED"
    assert sam.timeline[-1].suspension_reasons == ("AWAITING_TELEMETRY",)
    assert sam.suspension_reasons == ("AWAITING_TELEMETRY",)
    assert not sam.control_active and not sam.telemetry_active
    riley = participation(customer("unenrolled"), NOW)
    assert riley is not None
    assert riley.current_state == "UNENROLLED"
    # A resting final state is still the one step in progress (§7.1: exactly one).
    assert [entry.status for entry in riley.timeline][-2:] == ["COMPLETE", "IN_PROGRESS"]
    assert not riley.telemetry_active
    alex = participation(customer("active"), NOW)
    assert alex is not None
    assert alex.current_state == "ACTIVE" and alex.control_active and alex.telemetry_active
    assert participation(customer("new"), NOW) is None


def test_period_arithmetic() -> None:
    february = month(2024, 2)
    assert february.end == dt.date(2024, 2, 29)
    assert february.previous() == month(2024, 1)
    assert february.next() == month(2024, 3)
    assert year(2024).previous() == year(2023)
    assert day(dt.date(2025, 3, 1)).previous() == day(dt.date(2025, 2, 28))
    assert len(list(year(2024).days())) == 366


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"period_type": "WEEK", "period_start": "2025-02-01"}, "period_type must be one of"),
        ({"period_type": "MONTH"}, "YYYY-MM-DD"),
        ({"period_type": "MONTH", "period_start": "2025-2-1"}, "YYYY-MM-DD"),
        ({"period_type": "DAY", "period_start": "2025-02-30"}, "not a calendar date"),
        ({"period_type": "MONTH", "period_start": "2025-02-02"}, "first day of the month"),
        ({"period_type": "YEAR", "period_start": "2025-02-01"}, "1 January"),
        ({"period_type": "MONTH", "period_start": "2025-12-01"}, "after the current period"),
        ({"period_type": "YEAR", "period_start": "2023-01-01"}, "before the enrolment date"),
    ],
)
def test_requested_period_says_what_is_wrong(data: dict[str, str], problem: str) -> None:
    with pytest.raises(InvalidPeriod, match=problem):
        requested_period(data, today=TODAY, enrolled_on=dt.date(2024, 3, 15))


def test_requested_period_accepts_aligned_periods_in_range() -> None:
    enrolled_on = dt.date(2024, 3, 15)
    expected = {
        ("DAY", "2024-03-15"): Period(PeriodType.DAY, enrolled_on),
        ("MONTH", "2024-03-01"): month(2024, 3),
        ("YEAR", "2025-01-01"): year(2025),
        ("MONTH", "2025-11-01"): month(2025, 11),
    }
    for (period_type, start), period in expected.items():
        data = {"period_type": period_type, "period_start": start}
        assert requested_period(data, today=TODAY, enrolled_on=enrolled_on) == period
