"""The `vpp_summary` page: earnings and energy dispatched over a period, and what to do next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.translation import gettext, npgettext_lazy, pgettext, pgettext_lazy

from connect_app import formatting as fmt
from connect_app.connect import periods
from connect_app.connect.pages import Page, Performance, VppSummary
from connect_app.pages.buckets import RawBucket, fill
from connect_app.pages.common import ActionButton, RenderContext, action_buttons
from connect_app.pages.participation import (
    NextStep,
    ParticipationStatus,
    next_step,
    participation_status,
)
from connect_app.pages.vpp_participation import ParticipationDetails, details
from connect_app.pages.zone_line import zone_line

# The period tabs' names, and the stable part of each control's id (an id must not change with
# the language: the keyboard's focus is put back on it after a period change).
_TYPE_NAMES: dict[str, Promise] = {
    # Translators: a tab that shows one day's figures, hour by hour.
    "DAY": pgettext_lazy("period tab", "Day"),
    # Translators: a tab that shows one month's figures, day by day.
    "MONTH": pgettext_lazy("period tab", "Month"),
    # Translators: a tab that shows one year's figures, month by month.
    "YEAR": pgettext_lazy("period tab", "Year"),
}


@dataclass(frozen=True)
class _Sentences:
    """The summary's sentences for one kind of period, current or past: each one whole.

    Placeholders: %(period)s the period's name as the heading shows it ("February 2025",
    "2025", "Monday, February 3, 2025"), %(money)s an amount ("$62.10"), %(energy)s an energy
    ("54.7 kWh"), %(count)d how many hours, days or months had a dispatch.
    """

    idle: Promise  # nothing dispatched, nothing earned
    earned: Promise  # earned, but no bucket to count (Connect's totals without a series)
    net: Promise  # net earnings below zero, no bucket to count
    earned_in: Promise  # earned, with the number of buckets that dispatched
    net_in: Promise  # net earnings below zero, with the number of buckets that dispatched


# Keyed by (period type, whether it is the current one). A period type Connect has not
# documented is "RANGE": its name is a date or "February 3, 2025 – February 9, 2025".
_SENTENCES: dict[tuple[str, bool], _Sentences] = {
    ("DAY", False): _Sentences(
        # Translators: %(period)s is a past day, "Monday, February 3, 2025".
        idle=pgettext_lazy("summary of a day", "On %(period)s, your battery did not dispatch."),
        # Translators: %(period)s is a past day, "Monday, February 3, 2025"; %(money)s an amount.
        earned=pgettext_lazy(
            "summary of a day",
            "On %(period)s, your battery earned %(money)s by dispatching %(energy)s.",
        ),
        # Translators: %(money)s is below zero, "-$4.50": what dispatching cost, net.
        net=pgettext_lazy(
            "summary of a day",
            "On %(period)s, your net earnings were %(money)s, with %(energy)s dispatched.",
        ),
        # Translators: %(count)d is the number of hours of the day in which the battery dispatched.
        earned_in=npgettext_lazy(
            "summary of a day",
            "On %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "in %(count)d hour.",
            "On %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "in %(count)d hours.",
            "count",
        ),
        # Translators: %(count)d is the number of hours of the day in which the battery dispatched.
        net_in=npgettext_lazy(
            "summary of a day",
            "On %(period)s, your net earnings were %(money)s, with %(energy)s dispatched "
            "in %(count)d hour.",
            "On %(period)s, your net earnings were %(money)s, with %(energy)s dispatched "
            "in %(count)d hours.",
            "count",
        ),
    ),
    ("DAY", True): _Sentences(
        # Translators: %(period)s is today, "Monday, February 3, 2025"; the day is not over.
        idle=pgettext_lazy(
            "summary of today", "So far on %(period)s, your battery has not dispatched."
        ),
        # Translators: %(period)s is today, "Monday, February 3, 2025"; the day is not over.
        earned=pgettext_lazy(
            "summary of today",
            "So far on %(period)s, your battery earned %(money)s by dispatching %(energy)s.",
        ),
        # Translators: %(money)s is below zero, "-$4.50"; the day is not over.
        net=pgettext_lazy(
            "summary of today",
            "So far on %(period)s, your net earnings were %(money)s, with %(energy)s dispatched.",
        ),
        # Translators: %(count)d is the number of hours so far today in which the battery
        # dispatched.
        earned_in=npgettext_lazy(
            "summary of today",
            "So far on %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "in %(count)d hour.",
            "So far on %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "in %(count)d hours.",
            "count",
        ),
        # Translators: %(count)d is the number of hours so far today in which the battery
        # dispatched.
        net_in=npgettext_lazy(
            "summary of today",
            "So far on %(period)s, your net earnings were %(money)s, with %(energy)s "
            "dispatched in %(count)d hour.",
            "So far on %(period)s, your net earnings were %(money)s, with %(energy)s "
            "dispatched in %(count)d hours.",
            "count",
        ),
    ),
    ("MONTH", False): _Sentences(
        # Translators: %(period)s is a past month and its year, "February 2025".
        idle=pgettext_lazy("summary of a month", "In %(period)s, your battery did not dispatch."),
        # Translators: %(period)s is a past month and its year, "February 2025".
        earned=pgettext_lazy(
            "summary of a month",
            "In %(period)s, your battery earned %(money)s by dispatching %(energy)s.",
        ),
        # Translators: %(money)s is below zero, "-$4.50": what dispatching cost, net.
        net=pgettext_lazy(
            "summary of a month",
            "In %(period)s, your net earnings were %(money)s, with %(energy)s dispatched.",
        ),
        # Translators: %(count)d is the number of days of the month on which the battery
        # dispatched.
        earned_in=npgettext_lazy(
            "summary of a month",
            "In %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "on %(count)d day.",
            "In %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "on %(count)d days.",
            "count",
        ),
        # Translators: %(count)d is the number of days of the month on which the battery
        # dispatched.
        net_in=npgettext_lazy(
            "summary of a month",
            "In %(period)s, your net earnings were %(money)s, with %(energy)s dispatched "
            "on %(count)d day.",
            "In %(period)s, your net earnings were %(money)s, with %(energy)s dispatched "
            "on %(count)d days.",
            "count",
        ),
    ),
    ("MONTH", True): _Sentences(
        # Translators: %(period)s is this month and its year, "February 2025"; it is not over.
        idle=pgettext_lazy(
            "summary of this month", "So far in %(period)s, your battery has not dispatched."
        ),
        # Translators: %(period)s is this month and its year, "February 2025"; it is not over.
        earned=pgettext_lazy(
            "summary of this month",
            "So far in %(period)s, your battery earned %(money)s by dispatching %(energy)s.",
        ),
        # Translators: %(money)s is below zero, "-$4.50"; the month is not over.
        net=pgettext_lazy(
            "summary of this month",
            "So far in %(period)s, your net earnings were %(money)s, with %(energy)s dispatched.",
        ),
        # Translators: %(count)d is the number of days so far this month on which the battery
        # dispatched.
        earned_in=npgettext_lazy(
            "summary of this month",
            "So far in %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "on %(count)d day.",
            "So far in %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "on %(count)d days.",
            "count",
        ),
        # Translators: %(count)d is the number of days so far this month on which the battery
        # dispatched.
        net_in=npgettext_lazy(
            "summary of this month",
            "So far in %(period)s, your net earnings were %(money)s, with %(energy)s "
            "dispatched on %(count)d day.",
            "So far in %(period)s, your net earnings were %(money)s, with %(energy)s "
            "dispatched on %(count)d days.",
            "count",
        ),
    ),
    ("YEAR", False): _Sentences(
        # Translators: %(period)s is a past year, "2025".
        idle=pgettext_lazy("summary of a year", "In %(period)s, your battery did not dispatch."),
        # Translators: %(period)s is a past year, "2025".
        earned=pgettext_lazy(
            "summary of a year",
            "In %(period)s, your battery earned %(money)s by dispatching %(energy)s.",
        ),
        # Translators: %(money)s is below zero, "-$4.50": what dispatching cost, net.
        net=pgettext_lazy(
            "summary of a year",
            "In %(period)s, your net earnings were %(money)s, with %(energy)s dispatched.",
        ),
        # Translators: %(count)d is the number of months of the year in which the battery
        # dispatched.
        earned_in=npgettext_lazy(
            "summary of a year",
            "In %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "in %(count)d month.",
            "In %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "in %(count)d months.",
            "count",
        ),
        # Translators: %(count)d is the number of months of the year in which the battery
        # dispatched.
        net_in=npgettext_lazy(
            "summary of a year",
            "In %(period)s, your net earnings were %(money)s, with %(energy)s dispatched "
            "in %(count)d month.",
            "In %(period)s, your net earnings were %(money)s, with %(energy)s dispatched "
            "in %(count)d months.",
            "count",
        ),
    ),
    ("YEAR", True): _Sentences(
        # Translators: %(period)s is this year, "2025"; it is not over.
        idle=pgettext_lazy(
            "summary of this year", "So far in %(period)s, your battery has not dispatched."
        ),
        # Translators: %(period)s is this year, "2025"; it is not over.
        earned=pgettext_lazy(
            "summary of this year",
            "So far in %(period)s, your battery earned %(money)s by dispatching %(energy)s.",
        ),
        # Translators: %(money)s is below zero, "-$4.50"; the year is not over.
        net=pgettext_lazy(
            "summary of this year",
            "So far in %(period)s, your net earnings were %(money)s, with %(energy)s dispatched.",
        ),
        # Translators: %(count)d is the number of months so far this year in which the battery
        # dispatched.
        earned_in=npgettext_lazy(
            "summary of this year",
            "So far in %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "in %(count)d month.",
            "So far in %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "in %(count)d months.",
            "count",
        ),
        # Translators: %(count)d is the number of months so far this year in which the battery
        # dispatched.
        net_in=npgettext_lazy(
            "summary of this year",
            "So far in %(period)s, your net earnings were %(money)s, with %(energy)s "
            "dispatched in %(count)d month.",
            "So far in %(period)s, your net earnings were %(money)s, with %(energy)s "
            "dispatched in %(count)d months.",
            "count",
        ),
    ),
    ("RANGE", False): _Sentences(
        # Translators: %(period)s is a past stretch of days, "February 3, 2025 – February 9, 2025"
        # (or one date).
        idle=pgettext_lazy(
            "summary of a range of days", "In the period %(period)s, your battery did not dispatch."
        ),
        # Translators: %(period)s is a past stretch of days, "February 3, 2025 – February 9, 2025".
        earned=pgettext_lazy(
            "summary of a range of days",
            "In the period %(period)s, your battery earned %(money)s by dispatching %(energy)s.",
        ),
        # Translators: %(money)s is below zero, "-$4.50": what dispatching cost, net.
        net=pgettext_lazy(
            "summary of a range of days",
            "In the period %(period)s, your net earnings were %(money)s, with %(energy)s "
            "dispatched.",
        ),
        # Translators: %(count)d is the number of days on which the battery dispatched.
        earned_in=npgettext_lazy(
            "summary of a range of days",
            "In the period %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "on %(count)d day.",
            "In the period %(period)s, your battery earned %(money)s by dispatching %(energy)s "
            "on %(count)d days.",
            "count",
        ),
        # Translators: %(count)d is the number of days on which the battery dispatched.
        net_in=npgettext_lazy(
            "summary of a range of days",
            "In the period %(period)s, your net earnings were %(money)s, with %(energy)s "
            "dispatched on %(count)d day.",
            "In the period %(period)s, your net earnings were %(money)s, with %(energy)s "
            "dispatched on %(count)d days.",
            "count",
        ),
    ),
    ("RANGE", True): _Sentences(
        # Translators: %(period)s is a stretch of days that is not over yet,
        # "February 3, 2025 – February 9, 2025".
        idle=pgettext_lazy(
            "summary of a current range of days",
            "So far in the period %(period)s, your battery has not dispatched.",
        ),
        # Translators: %(period)s is a stretch of days that is not over yet.
        earned=pgettext_lazy(
            "summary of a current range of days",
            "So far in the period %(period)s, your battery earned %(money)s by dispatching "
            "%(energy)s.",
        ),
        # Translators: %(money)s is below zero, "-$4.50"; the period is not over.
        net=pgettext_lazy(
            "summary of a current range of days",
            "So far in the period %(period)s, your net earnings were %(money)s, with "
            "%(energy)s dispatched.",
        ),
        # Translators: %(count)d is the number of days so far on which the battery dispatched.
        earned_in=npgettext_lazy(
            "summary of a current range of days",
            "So far in the period %(period)s, your battery earned %(money)s by dispatching "
            "%(energy)s on %(count)d day.",
            "So far in the period %(period)s, your battery earned %(money)s by dispatching "
            "%(energy)s on %(count)d days.",
            "count",
        ),
        # Translators: %(count)d is the number of days so far on which the battery dispatched.
        net_in=npgettext_lazy(
            "summary of a current range of days",
            "So far in the period %(period)s, your net earnings were %(money)s, with "
            "%(energy)s dispatched on %(count)d day.",
            "So far in the period %(period)s, your net earnings were %(money)s, with "
            "%(energy)s dispatched on %(count)d days.",
            "count",
        ),
    ),
}

# The bucket a period is counted in, by the period's kind.
_COUNTED_UNIT = {"DAY": "hour", "MONTH": "day", "YEAR": "month", "RANGE": "day"}

# The sentence that names the bucket that earned most.
_BEST: dict[str, Promise] = {
    # Translators: %(bucket)s is an hour, "6:00 PM"; %(money)s what it earned, "$8.91";
    # %(energy)s what it dispatched, "7.85 kWh".
    "hour": pgettext_lazy("summary", "Best hour: %(bucket)s (%(money)s from %(energy)s)."),
    # Translators: %(bucket)s is a day, "Sunday, February 16"; %(money)s what it earned,
    # "$8.91"; %(energy)s what it dispatched, "7.85 kWh".
    "day": pgettext_lazy("summary", "Best day: %(bucket)s (%(money)s from %(energy)s)."),
    # Translators: %(bucket)s is a month's name, "February"; %(money)s what it earned,
    # "$8.91"; %(energy)s what it dispatched, "7.85 kWh".
    "month": pgettext_lazy("summary", "Best month: %(bucket)s (%(money)s from %(energy)s)."),
}

# The figures table's first column and its disclosure's title, by what a row is.
_COLUMN: dict[str, Promise] = {
    # Translators: the figures table's first column when each row is an hour.
    "hour": pgettext_lazy("figures table column", "Hour"),
    # Translators: the figures table's first column when each row is a day.
    "day": pgettext_lazy("figures table column", "Day"),
    # Translators: the figures table's first column when each row is a month.
    "month": pgettext_lazy("figures table column", "Month"),
    # Translators: the figures table's first column when a row is a stretch of time.
    "period": pgettext_lazy("figures table column", "Period"),
}
_FIGURES_TITLE: dict[str, Promise] = {
    # Translators: opens the table of a day's figures, one row per hour.
    "hour": pgettext_lazy("figures table", "Figures for each hour"),
    # Translators: opens the table of a month's figures, one row per day.
    "day": pgettext_lazy("figures table", "Figures for each day"),
    # Translators: opens the table of a year's figures, one row per month.
    "month": pgettext_lazy("figures table", "Figures for each month"),
    # Translators: opens the table of figures when there are no rows to name.
    "period": pgettext_lazy("figures table", "Figures for the period"),
}
# A daily figure on a DAY page: its row is named like the day's hours are.
_ROW_UNIT = {"hour": "hour", "day": "day", "month": "month", "whole_day": "day"}


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str  # for the table and tooltips: "Sunday, February 16"
    tick: str  # for the chart axis: "16"
    status: str
    earnings: str
    energy: str


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
class VppSummaryView:
    programme_name: str
    provider_name: str
    learn_more_url: str | None
    participation: ParticipationStatus
    # From the REST look-up, when configured: the timeline, dispatchability, telemetry.
    details: ParticipationDetails | None
    # For a customer who is not simply earning: what it means and what to do, first.
    next_step: NextStep | None
    period_label: str
    is_current_period: bool
    earnings: str
    energy: str
    earnings_negative: bool
    summary: str
    bucket_heading: str  # the figures table's first column: "Day"
    figures_title: str  # what opens the figures table: "Figures for each day"
    buckets: tuple[Bucket, ...]
    chart: dict[str, Any]
    can_change_period: bool
    previous: PeriodChoice
    next: PeriodChoice
    latest: PeriodChoice
    period_types: tuple[PeriodChoice, ...]
    tariff_prompt: bool
    offers_tariff: bool
    actions: tuple[ActionButton, ...]
    time_zone_note: str
    # For dashboard.js: the sentences that say how the programme's clock differs from the viewer's.
    zone_line: dict[str, Any]
    # When this page was rendered, in the programme's zone: the printed statement's date.
    printed_at: str


def build(page: Page, ctx: RenderContext) -> VppSummaryView:
    summary = VppSummary.of(page)
    perf = summary.performance
    zone = summary.zone
    locale = ctx.locale
    today = ctx.now.astimezone(zone).date()
    raw = fill(perf, zone, ctx.now)
    buckets = tuple(_bucket(b, summary, locale) for b in raw)
    label = fmt.period_label(perf.period_type, perf.period_start, perf.period_end, locale)
    current = _contains(perf, today)
    programme = summary.programme
    offers_period = page.offers("CHANGE_PERIOD")
    row_unit = _ROW_UNIT[raw[0].unit] if raw else "period"
    can_go_back = offers_period and perf.has_previous
    # Translators: the accessible name of the arrow that shows the period before this one.
    previous_name = gettext("Previous period")
    # Translators: the accessible name of the arrow that shows the period after this one.
    next_name = gettext("Next period")
    status = participation_status(programme.participation_state)
    known = (
        details(ctx.participation, replace(ctx, time_zone=summary.timezone))
        if ctx.participation
        else None
    )
    first = next_step(status, known, page)
    # The next step's own button is not offered twice.
    shown_there = {first.action.action} if first and first.action else set()
    return VppSummaryView(
        programme_name=programme.programme_display_name or gettext("Your VPP programme"),
        provider_name=programme.provider_display_name or "",
        learn_more_url=programme.learn_more_url,
        participation=status,
        details=known,
        next_step=first,
        period_label=label,
        is_current_period=current,
        earnings=fmt.money(perf.earnings, summary.currency_code, locale),
        energy=fmt.energy(perf.energy_dispatched_kwh, locale),
        earnings_negative=perf.earnings < 0,
        summary=_sentence(perf, raw, buckets, summary.currency_code, label, current, locale),
        bucket_heading=str(_COLUMN[row_unit]),
        figures_title=str(_FIGURES_TITLE[row_unit]),
        buckets=buckets,
        chart=_chart(raw, buckets, summary.currency_code, locale),
        can_change_period=offers_period,
        previous=_step(perf, -1, previous_name, "previous-period", can_go_back),
        next=_step(perf, 1, next_name, "next-period", offers_period and perf.has_next),
        latest=_latest(perf, today, offers_period and not current),
        period_types=tuple(
            PeriodChoice(
                # A type Connect has not documented is shown as Connect spells it.
                name=str(_TYPE_NAMES.get(t) or fmt.humanise(t)),
                key=t.lower(),
                period_type=t,
                period_start=periods.align(t, perf.period_start).isoformat(),
                enabled=offers_period and t != perf.period_type,
                current=t == perf.period_type,
            )
            for t in perf.available_period_types
        ),
        tariff_prompt=summary.tariff_connected is False,
        offers_tariff=page.offers("CONNECT_TARIFF"),
        actions=action_buttons(
            page, exclude=frozenset({"CHANGE_PERIOD", "CONNECT_TARIFF", *shown_there})
        ),
        time_zone_note=_time_zone_note(zone, locale),
        zone_line=zone_line(zone, locale, ctx.now),
        printed_at=fmt.moment(ctx.now, zone, locale),
    )


def _time_zone_note(zone: ZoneInfo, locale: str) -> str:
    """The footnote that names the programme's zone, for readers without JavaScript."""
    # Translators: %(zone)s is a time zone's name, "Mountain Time"; %(zone_id)s its IANA
    # identifier, "America/Denver", which stays as it is.
    note = gettext("Times are in %(zone)s (%(zone_id)s).")
    return note % {"zone": fmt.time_zone_name(zone, locale), "zone_id": zone.key}


def _contains(perf: Performance, day: dt.date) -> bool:
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


def _bucket(raw: RawBucket, summary: VppSummary, locale: str) -> Bucket:
    start = raw.start
    if raw.unit == "hour":
        label = tick = fmt.hour(start, locale)
    elif raw.unit == "month":
        label, tick = fmt.month_name(start, locale), fmt.month_abbreviation(start, locale)
    elif raw.unit == "whole_day":
        label = gettext("Whole day (not split by hour)")
        # Translators: the chart axis's label under a day's figure that has no hours.
        tick = pgettext("chart axis", "Day")
    else:
        label, tick = fmt.weekday_date(start, locale), fmt.day_of_month(start, locale)
    return Bucket(
        key=raw.key,
        label=label,
        tick=tick,
        status=raw.status,
        earnings=fmt.money(raw.earnings, summary.currency_code, locale),
        energy=fmt.energy(raw.dispatched_kwh, locale),
    )


def _sentence(
    perf: Performance,
    raw: tuple[RawBucket, ...],
    buckets: tuple[Bucket, ...],
    currency: str,
    label: str,
    current: bool,
    locale: str,
) -> str:
    """One sentence with the figures a chart shows: total, dispatch buckets and the best one.

    Every case is a whole sentence of its own in the catalogue, so each language words "in
    February", "so far in", "on 12 days" and "best day" its own way.
    """
    kind = perf.period_type if perf.period_type in periods.PERIOD_TYPES else "RANGE"
    sentences = _SENTENCES[(kind, current)]
    unit = _COUNTED_UNIT[kind]
    # Only the buckets of the period's own unit are counted: a DAY page's whole-day figure is
    # not an hour.
    active = [
        (r, b)
        for r, b in zip(raw, buckets, strict=True)
        if r.status == "dispatched" and r.unit == unit
    ]
    values: dict[str, object] = {
        "period": label,
        "money": fmt.money(perf.earnings, currency, locale),
        "energy": fmt.energy(perf.energy_dispatched_kwh, locale),
        "count": len(active),
    }
    if not active and not perf.earnings and not perf.energy_dispatched_kwh:
        return str(sentences.idle) % values
    negative = perf.earnings < 0
    if not active:
        return str(sentences.net if negative else sentences.earned) % values
    sentence = (sentences.net_in if negative else sentences.earned_in) % values
    best_raw, best = max(active, key=lambda pair: (pair[0].earnings, pair[0].dispatched_kwh))
    if len(active) > 1 and best_raw.earnings > Decimal(0):
        best_sentence = str(_BEST[unit]) % {
            "bucket": best.label,
            "money": best.earnings,
            "energy": best.energy,
        }
        # Two whole sentences, each translated as one: all five languages part them by a space.
        return f"{sentence} {best_sentence}"
    return str(sentence)


def _chart(
    raw: tuple[RawBucket, ...], buckets: tuple[Bucket, ...], currency: str, locale: str
) -> dict[str, Any]:
    """The figures dashboard.js draws, with every tooltip text already formatted here."""
    return {
        "currency": currency,
        "locale": locale.replace("_", "-"),
        "labels": [b.tick for b in buckets],
        "titles": [b.label for b in buckets],
        "earnings": [None if r.status == "not_yet" else float(r.earnings) for r in raw],
        "energy": [None if r.status == "not_yet" else float(r.dispatched_kwh) for r in raw],
        "earningsText": [b.earnings for b in buckets],
        "energyText": [b.energy for b in buckets],
        "notYet": [r.status == "not_yet" for r in raw],
        # The chart's own words; dashboard.js puts a bucket's figure where {amount} or {energy}
        # stands, and an axis value (a plain number) where {value} stands.
        "words": {
            "earnings": gettext("Earnings"),
            "energy": gettext("Energy dispatched"),
            "notYet": gettext("Not yet"),
            # Translators: a chart tooltip line; {amount} is the bucket's earnings, "$1.23".
            "earningsLine": gettext("Earnings: {amount}"),
            # Translators: a chart tooltip line; {energy} is the bucket's energy, "1.2 kWh".
            "energyLine": gettext("Energy: {energy}"),
            # Translators: a label on the chart's energy axis; {value} is a number.
            "energyTick": gettext("{value} kWh"),
        },
    }
