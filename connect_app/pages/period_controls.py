"""The dashboard's period controls, each naming the absolute period it asks Connect for (A3).

The arrows step one period of the kind on show; Latest is the period of that kind we are in
now. A tab for another kind opens where there is something to see: on the period of that kind
around the day in focus, which is the latest day of the period on screen that had a dispatch
(from a year, the latest month that had one, and in it its latest day that has begun), as the
series Connect already sent says, else the period's latest day that has begun. So Day from a
month that earned opens on its last day of earnings, not on the 1st.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy

from connect_app.connect import periods
from connect_app.connect.replies import Performance
from connect_app.pages.buckets import RawBucket

# The tabs' names, and the stable part of each control's id (an id must not change with the
# language: the keyboard's focus is put back on it after a period change).
_TYPE_NAMES: dict[str, Promise] = {
    # Translators: a tab that shows one day's figures, hour by hour.
    "DAY": pgettext_lazy("period tab", "Day"),
    # Translators: a tab that shows one month's figures, day by day.
    "MONTH": pgettext_lazy("period tab", "Month"),
    # Translators: a tab that shows one year's figures, month by month.
    "YEAR": pgettext_lazy("period tab", "Year"),
}


@dataclass(frozen=True)
class PeriodChoice:
    """One CHANGE_PERIOD control: where it goes, and whether it can be used."""

    name: str  # the accessible name: "Previous period", "Month", ...
    key: str  # the same in every language, for the control's id: "previous-period", "month"
    period_type: str
    period_start: str
    enabled: bool
    current: bool = False


@dataclass(frozen=True)
class PeriodControls:
    previous: PeriodChoice
    next: PeriodChoice
    latest: PeriodChoice
    # One tab per kind of period Connect lists and the app can ask for, in Connect's order.
    types: tuple[PeriodChoice, ...]


def controls(
    perf: Performance, raw: tuple[RawBucket, ...], today: dt.date, *, can_change: bool
) -> PeriodControls:
    """`can_change`: the page offers CHANGE_PERIOD; without it every control is off."""
    focus = focus_day(perf, raw, today)
    return PeriodControls(
        previous=_step(
            perf,
            -1,
            # Translators: the accessible name of the arrow that shows the period before this one.
            gettext("Previous period"),
            "previous-period",
            can_change and perf.has_previous,
        ),
        next=_step(
            perf,
            1,
            # Translators: the accessible name of the arrow that shows the period after this one.
            gettext("Next period"),
            "next-period",
            can_change and perf.has_next,
        ),
        latest=_latest(perf, today, can_change and not contains(perf, today)),
        types=tuple(
            PeriodChoice(
                name=str(_TYPE_NAMES[t]),
                key=t.lower(),
                period_type=t,
                period_start=periods.align(t, focus).isoformat(),
                enabled=can_change and t != perf.period_type,
                current=t == perf.period_type,
            )
            for t in periods.offered(perf.available_period_types)
        ),
    )


def focus_day(perf: Performance, raw: tuple[RawBucket, ...], today: dt.date) -> dt.date:
    """The day the other kinds of period open around (see the module's docstring)."""
    if perf.period_type == "DAY":
        return perf.period_start
    begun = [b for b in raw if b.unit in ("day", "month") and b.start.date() <= today]
    dispatched = [b for b in begun if b.status == "dispatched"]
    chosen = dispatched[-1] if dispatched else begun[-1] if begun else None
    if chosen is None:  # the whole period is still to come
        return perf.period_start
    day = chosen.start.date()
    if chosen.unit == "month":
        # Its latest day that has begun: the last of a past month, today in this one.
        return min(periods.end_of("MONTH", day) or day, today)
    return day


def contains(perf: Performance, day: dt.date) -> bool:
    end = periods.end_of(perf.period_type, perf.period_start) or perf.period_end
    return end is not None and perf.period_start <= day <= end


def _step(perf: Performance, steps: int, name: str, key: str, enabled: bool) -> PeriodChoice:
    start = periods.shift(perf.period_type, perf.period_start, steps)
    return PeriodChoice(
        name=name,
        key=key,
        period_type=perf.period_type,
        period_start=start.isoformat() if start else "",
        enabled=enabled and start is not None,
    )


def _latest(perf: Performance, today: dt.date, enabled: bool) -> PeriodChoice:
    known = perf.period_type in periods.PERIOD_TYPES
    # Translators: a button that shows the period we are in now (this month, this year, today).
    name = gettext("Latest")
    return PeriodChoice(
        name=name,
        key="latest",
        period_type=perf.period_type,
        period_start=periods.align(perf.period_type, today).isoformat() if known else "",
        enabled=enabled and known,
    )
