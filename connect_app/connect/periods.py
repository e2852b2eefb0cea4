"""Reporting-period arithmetic for CHANGE_PERIOD (A3): absolute periods, never relative steps."""

from __future__ import annotations

import datetime as dt

PERIOD_TYPES = ("DAY", "MONTH", "YEAR")


def listed(values: object) -> tuple[str, ...]:
    """The period types Connect lists, as CHANGE_PERIOD spells them: upper case, each once."""
    if not isinstance(values, list | tuple):
        return ()
    return tuple(dict.fromkeys(v.strip().upper() for v in values if isinstance(v, str)))


def offered(values: object) -> tuple[str, ...]:
    """The listed period types the app can ask for: a type it cannot send never becomes a tab."""
    return tuple(t for t in listed(values) if t in PERIOD_TYPES)


def align(period_type: str, day: dt.date) -> dt.date:
    """The first day of the period of `period_type` that contains `day`."""
    if period_type == "YEAR":
        return day.replace(month=1, day=1)
    if period_type == "MONTH":
        return day.replace(day=1)
    return day


def is_aligned(period_type: str, day: dt.date) -> bool:
    return align(period_type, day) == day


def shift(period_type: str, start: dt.date, steps: int) -> dt.date | None:
    """The start of the period `steps` away from the one starting at `start`, if on the calendar."""
    try:
        if period_type == "DAY":
            return start + dt.timedelta(days=steps)
        if period_type == "MONTH":
            months = start.year * 12 + start.month - 1 + steps
            return dt.date(months // 12, months % 12 + 1, 1)
        if period_type == "YEAR":
            return dt.date(start.year + steps, 1, 1)
    except (OverflowError, ValueError):
        return None
    return None


def end_of(period_type: str, start: dt.date) -> dt.date | None:
    """The last day of the period starting at `start`."""
    following = shift(period_type, start, 1)
    return following - dt.timedelta(days=1) if following else None
