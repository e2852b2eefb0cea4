"""Reporting periods (DAY, MONTH, YEAR) and the calendar arithmetic of a customer's time zone."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from connect_sandbox.customers import DemoCustomer

ONE_HOUR = dt.timedelta(hours=1)


class PeriodType(StrEnum):
    """The period types vpp_summary offers."""

    DAY = "DAY"
    MONTH = "MONTH"
    YEAR = "YEAR"


AVAILABLE_PERIOD_TYPES: tuple[PeriodType, ...] = (PeriodType.DAY, PeriodType.MONTH, PeriodType.YEAR)


@dataclass(frozen=True)
class Period:
    """One DAY, MONTH or YEAR, named by its first local date."""

    type: PeriodType
    start: dt.date

    @classmethod
    def containing(cls, period_type: PeriodType, day: dt.date) -> Period:
        """The period of this type that `day` falls in."""
        if period_type is PeriodType.YEAR:
            return cls(period_type, dt.date(day.year, 1, 1))
        if period_type is PeriodType.MONTH:
            return cls(period_type, day.replace(day=1))
        return cls(period_type, day)

    @property
    def is_aligned(self) -> bool:
        """Whether `start` is where a period of this type begins."""
        return Period.containing(self.type, self.start).start == self.start

    @property
    def end(self) -> dt.date:
        """The last local date in the period (inclusive, as Connect reports it)."""
        if self.type is PeriodType.YEAR:
            return dt.date(self.start.year, 12, 31)
        if self.type is PeriodType.MONTH:
            last_day = calendar.monthrange(self.start.year, self.start.month)[1]
            return self.start.replace(day=last_day)
        return self.start

    def previous(self) -> Period:
        """The period of the same type just before this one."""
        return Period.containing(self.type, self.start - dt.timedelta(days=1))

    def next(self) -> Period:
        """The period of the same type just after this one."""
        return Period(self.type, self.end + dt.timedelta(days=1))

    def days(self) -> Iterator[dt.date]:
        """Every local date in the period, in order."""
        day = self.start
        while day <= self.end:
            yield day
            day += dt.timedelta(days=1)


def local_today(customer: DemoCustomer, now: dt.datetime | None = None) -> dt.date:
    """Today's date in the programme's time zone."""
    return (now or timezone.now()).astimezone(customer.zone).date()


def local_hours(day: dt.date, zone: ZoneInfo) -> list[dt.datetime]:
    """The start of every hour of a local day (23 or 25 on DST changes), in local time."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone).astimezone(dt.UTC)
    hours = []
    # Step in UTC, where every hour is an hour, and only then name it locally.
    moment = start
    while moment < end:
        hours.append(moment.astimezone(zone))
        moment += ONE_HOUR
    return hours


class InvalidPeriod(ValueError):
    """A CHANGE_PERIOD request names a period the sandbox cannot report; says what is wrong."""


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def requested_period(data: dict[str, Any], *, today: dt.date, enrolled_on: dt.date) -> Period:
    """The period a CHANGE_PERIOD `data` object asks for (Part A3), or InvalidPeriod."""
    names = ", ".join(AVAILABLE_PERIOD_TYPES)
    raw_type, raw_start = data.get("period_type"), data.get("period_start")
    if not isinstance(raw_type, str) or raw_type not in AVAILABLE_PERIOD_TYPES:
        raise InvalidPeriod(f"period_type must be one of {names}.")
    if not isinstance(raw_start, str) or not _ISO_DATE.match(raw_start):
        raise InvalidPeriod("period_start must be a date written YYYY-MM-DD.")
    try:
        start = dt.date.fromisoformat(raw_start)
    except ValueError:
        raise InvalidPeriod(f"period_start {raw_start} is not a calendar date.") from None
    period = Period(PeriodType(raw_type), start)
    if period.type is PeriodType.MONTH and not period.is_aligned:
        raise InvalidPeriod("A MONTH period must start on the first day of the month.")
    if period.type is PeriodType.YEAR and not period.is_aligned:
        raise InvalidPeriod("A YEAR period must start on 1 January.")
    if period.start > today:
        raise InvalidPeriod(f"The {raw_type} starting {raw_start} is after the current period.")
    if period.end < enrolled_on:
        raise InvalidPeriod(
            f"The {raw_type} starting {raw_start} ends before the enrolment date, "
            f"{enrolled_on.isoformat()}."
        )
    return period
