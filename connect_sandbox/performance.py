"""A demo customer's performance: energy dispatched and earnings over any DAY, MONTH or YEAR.

Every number comes from a hash of (customer key, local date, purpose), so the same question
always gets the same answer on any process, and nothing depends on the clock except "today".
The hour is the unit of truth: a day is the sum of its hours, a month of its days, a year of
its months, so totals equal the sum of their series exactly at every level.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from connect_sandbox.customers import DemoCustomer
from connect_sandbox.periods import ONE_HOUR, Period, PeriodType, local_hours, local_today

CENT = Decimal("0.01")

# Chance (in %) that the programme dispatches on a day of each month, January first: events
# cluster in summer heat and winter evenings, when the grid is tightest.
DISPATCH_CHANCE_PERCENT = (52, 48, 38, 35, 37, 47, 55, 55, 45, 36, 42, 53)
MIN_DAILY_KWH_CENTS = 200
MAX_DAILY_KWH_CENTS = 900
# Dispatch events happen in the evening peak: hours starting 16:00 to 20:00, ending by 21:00.
FIRST_EVENT_HOUR = 16
EVENT_HOURS_END = 21
MAX_EVENT_HOURS = 4


@dataclass(frozen=True)
class SeriesEntry:
    """Energy dispatched and its earnings in one bucket: an hour, a day or a month."""

    date: dt.date | dt.datetime
    dispatched_kwh: Decimal
    earnings: Decimal


@dataclass(frozen=True)
class Performance:
    """What vpp_summary reports for one period."""

    period: Period
    has_previous: bool
    has_next: bool
    series: tuple[SeriesEntry, ...]

    @property
    def energy_dispatched_kwh(self) -> Decimal:
        """Total energy dispatched: exactly the sum of the series."""
        return sum((entry.dispatched_kwh for entry in self.series), Decimal("0.00"))

    @property
    def earnings(self) -> Decimal:
        """Total earnings: exactly the sum of the series."""
        return sum((entry.earnings for entry in self.series), Decimal("0.00"))


def performance(
    customer: DemoCustomer, period: Period, now: dt.datetime | None = None
) -> Performance:
    """The vpp_summary performance block for `period`, as seen at `now`."""
    now = now or timezone.now()
    today = local_today(customer, now)
    if period.type is PeriodType.DAY:
        series = tuple(hourly_series(customer, period.start, now))
    elif period.type is PeriodType.MONTH:
        series = tuple(_daily_series(customer, period.days(), now))
    else:
        series = tuple(_monthly_series(customer, period, now))
    enrolled_on = customer.enrolled_on(today)
    return Performance(
        period=period,
        has_previous=enrolled_on is not None and period.previous().end >= enrolled_on,
        has_next=period.next().start <= today,
        series=series,
    )


def hourly_series(customer: DemoCustomer, day: dt.date, now: dt.datetime) -> list[SeriesEntry]:
    """Each hour of `day` with a dispatch that has already ended by `now`."""
    today = local_today(customer, now)
    if day > today or not customer.may_dispatch_on(day, today):
        return []
    plan = _event_plan(customer, day)
    entries = []
    for hour_start in local_hours(day, customer.zone):
        # A local hour that repeats (DST fall-back) is dispatched at most once.
        planned = plan.pop(hour_start.hour, None)
        if planned is None or hour_start + ONE_HOUR > now:
            continue
        kwh, earnings = planned
        entries.append(SeriesEntry(hour_start, kwh, earnings))
    return entries


def _daily_series(
    customer: DemoCustomer, days: Iterable[dt.date], now: dt.datetime
) -> list[SeriesEntry]:
    """One entry per day with dispatch, each the sum of its hours."""
    entries = []
    for day in days:
        hours = hourly_series(customer, day, now)
        if hours:
            entries.append(_total(day, hours))
    return entries


def _monthly_series(customer: DemoCustomer, year: Period, now: dt.datetime) -> list[SeriesEntry]:
    """One entry per month with dispatch (dated the 1st), each the sum of its days."""
    entries = []
    for month in range(1, 13):
        month_period = Period(PeriodType.MONTH, dt.date(year.start.year, month, 1))
        days = _daily_series(customer, month_period.days(), now)
        if days:
            entries.append(_total(month_period.start, days))
    return entries


def _total(date: dt.date, parts: list[SeriesEntry]) -> SeriesEntry:
    return SeriesEntry(
        date,
        sum((part.dispatched_kwh for part in parts), Decimal("0.00")),
        sum((part.earnings for part in parts), Decimal("0.00")),
    )


def _event_plan(customer: DemoCustomer, day: dt.date) -> dict[int, tuple[Decimal, Decimal]]:
    """The day's dispatch as {local hour: (kWh, earnings)}; empty on a day without an event."""
    if _draw(customer.key, day, "dispatch") % 100 >= DISPATCH_CHANCE_PERCENT[day.month - 1]:
        return {}
    span = MAX_DAILY_KWH_CENTS - MIN_DAILY_KWH_CENTS + 1
    day_kwh = Decimal(MIN_DAILY_KWH_CENTS + _draw(customer.key, day, "kwh") % span) / 100
    day_earnings = (day_kwh * customer.rate_per_kwh).quantize(CENT, rounding=ROUND_HALF_UP)
    event_hours = 1 + _draw(customer.key, day, "hours") % MAX_EVENT_HOURS
    latest_start = EVENT_HOURS_END - event_hours
    first_hour = FIRST_EVENT_HOUR + _draw(customer.key, day, "start") % (
        latest_start - FIRST_EVENT_HOUR + 1
    )
    weights = [1 + _draw(customer.key, day, f"weight{i}") % 9 for i in range(event_hours)]
    kwh_parts = _split(day_kwh, weights)
    earnings_parts = _split(day_earnings, weights)
    return {
        first_hour + i: (kwh, earnings)
        for i, (kwh, earnings) in enumerate(zip(kwh_parts, earnings_parts, strict=True))
    }


def _split(total: Decimal, weights: list[int]) -> list[Decimal]:
    """Share `total` out by weight in cents; the last share takes the rounding remainder."""
    whole = sum(weights)
    shares = [
        (total * weight / whole).quantize(CENT, rounding=ROUND_HALF_UP) for weight in weights[:-1]
    ]
    shares.append(total - sum(shares, Decimal("0.00")))
    return shares


def _draw(customer_key: str, day: dt.date, purpose: str) -> int:
    """A stable pseudo-random 64-bit number for one question about one customer's day."""
    seed = f"{customer_key}|{day.isoformat()}|{purpose}".encode()
    return int.from_bytes(hashlib.blake2b(seed, digest_size=8).digest(), "big")
