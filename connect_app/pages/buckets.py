"""Every bucket of a reporting period, filled from Connect's sparse series.

A MONTH has a bucket per local day, a YEAR one per month, a DAY one per local hour (23 or 25 on
daylight-saving days). Connect lists only buckets with dispatch, so a missing bucket means zero;
a bucket that starts after now, in the programme's time zone, has no data yet and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from connect_app.connect.periods import end_of
from connect_app.connect.replies import Performance, SeriesEntry

Status = Literal["dispatched", "none", "not_yet"]
# A period Connect describes with a type we do not know is shown day by day, up to this many.
MAX_DAYS = 400


@dataclass(frozen=True)
class RawBucket:
    key: str  # ISO date, ISO month start, or the UTC instant an hour starts
    start: dt.datetime  # aware, in the programme's zone
    unit: Literal["hour", "day", "month", "whole_day"]
    dispatched_kwh: Decimal
    earnings: Decimal
    status: Status


def fill(performance: Performance, zone: ZoneInfo, now: dt.datetime) -> tuple[RawBucket, ...]:
    if performance.period_type == "DAY":
        return _hours(performance, zone, now)
    if performance.period_type == "YEAR":
        return _months(performance, zone, now)
    return _days(performance, zone, now)


def _local_day(entry: SeriesEntry, zone: ZoneInfo) -> dt.date:
    value = entry.date
    if isinstance(value, dt.datetime):  # datetime before date: a datetime is also a date
        return _aware(value, zone).astimezone(zone).date()
    return value


def _aware(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    # A moment without an offset is read as local time in the programme's zone.
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)


# A bucket Connect did not list: nothing dispatched, nothing earned.
_NOTHING = (Decimal(0), Decimal(0))


def _totals(entries: Iterable[SeriesEntry], key_of: dict[int, str]) -> dict[str, list[Decimal]]:
    sums: dict[str, list[Decimal]] = {}
    for index, entry in enumerate(entries):
        key = key_of.get(index)
        if key is None:
            continue
        kwh, money = sums.setdefault(key, [Decimal(0), Decimal(0)])
        sums[key] = [kwh + entry.dispatched_kwh, money + entry.earnings]
    return sums


def _bucket(
    key: str,
    start: dt.datetime,
    unit: Literal["hour", "day", "month", "whole_day"],
    sums: dict[str, list[Decimal]],
    not_yet: bool,
) -> RawBucket:
    kwh, money = sums.get(key, _NOTHING)
    status: Status = "dispatched" if (kwh or money) else ("not_yet" if not_yet else "none")
    return RawBucket(key, start, unit, kwh, money, status)


def _days(performance: Performance, zone: ZoneInfo, now: dt.datetime) -> tuple[RawBucket, ...]:
    first = performance.period_start
    if performance.period_type == "MONTH":
        last = end_of("MONTH", first) or first
    else:
        last = performance.period_end or first
    days = list(_day_range(first, last))
    local_days = ((i, _local_day(e, zone)) for i, e in enumerate(performance.series))
    keys = {i: day.isoformat() for i, day in local_days if first <= day <= last}
    sums = _totals(performance.series, keys)
    today = now.astimezone(zone).date()
    return tuple(
        _bucket(day.isoformat(), _midnight(day, zone), "day", sums, day > today) for day in days
    )


def _day_range(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    for _ in range(MAX_DAYS):
        if day > last:
            return
        yield day
        if day == dt.date.max:
            return
        day += dt.timedelta(days=1)


def _months(performance: Performance, zone: ZoneInfo, now: dt.datetime) -> tuple[RawBucket, ...]:
    year = performance.period_start.year
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    keys = {}
    for i, entry in enumerate(performance.series):
        local = _local_day(entry, zone)
        if local.year == year:
            keys[i] = local.replace(day=1).isoformat()
    sums = _totals(performance.series, keys)
    this_month = now.astimezone(zone).date().replace(day=1)
    return tuple(
        _bucket(m.isoformat(), _midnight(m, zone), "month", sums, m > this_month) for m in months
    )


def _hours(performance: Performance, zone: ZoneInfo, now: dt.datetime) -> tuple[RawBucket, ...]:
    day = performance.period_start
    try:
        start = _midnight(day, zone).astimezone(dt.UTC)
        end = _midnight(day + dt.timedelta(days=1), zone).astimezone(dt.UTC)
    except OverflowError:
        return ()
    # Step in UTC so a 23- or 25-hour local day gets exactly its hours, each once.
    starts = []
    moment = start
    while moment < end:
        starts.append(moment)
        moment += dt.timedelta(hours=1)
    keys: dict[int, str] = {}
    whole_day: dict[int, str] = {}
    for i, entry in enumerate(performance.series):
        value = entry.date
        if isinstance(value, dt.datetime):
            # Floor to the local hour (zones with half-hour offsets start hours at :30 UTC).
            local = _aware(value, zone).astimezone(zone)
            hour_start = local.replace(minute=0, second=0, microsecond=0).astimezone(dt.UTC)
            if start <= hour_start < end:
                keys[i] = hour_start.isoformat()
        elif value == day:
            # A daily figure on a DAY page cannot be placed in an hour; keep it visible as such.
            whole_day[i] = "whole_day"
    sums = _totals(performance.series, keys | whole_day)
    buckets = [_bucket(s.isoformat(), s.astimezone(zone), "hour", sums, s > now) for s in starts]
    if whole_day:
        buckets.append(_bucket("whole_day", _midnight(day, zone), "whole_day", sums, False))
    return tuple(buckets)
