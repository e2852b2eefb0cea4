"""The `vpp_summary` page: earnings and energy dispatched over a period, and what to do next."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from django.utils.functional import Promise
from django.utils.translation import (
    get_language,
    gettext,
    npgettext_lazy,
    pgettext,
    pgettext_lazy,
)

from connect_app import formatting as fmt
from connect_app.connect import periods
from connect_app.connect.replies import Page, Performance, VppSummary
from connect_app.pages import period_controls
from connect_app.pages.buckets import RawBucket, fill
from connect_app.pages.chart_scale import money_scale
from connect_app.pages.common import ActionButton, ReadByTemplates, RenderContext, action_buttons
from connect_app.pages.participation import (
    NextStep,
    ParticipationStatus,
    next_step,
    participation_status,
    urges_tariff,
)
from connect_app.pages.period_controls import PeriodChoice
from connect_app.pages.vpp_participation import ParticipationDetails, details
from connect_app.pages.zone_line import zone_line


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


# How the headline earnings read: in the accent when earned, plain when nothing was, and in
# the warning colour when dispatching cost money, net.
EarningsTone = Literal["earned", "none", "negative"]


@dataclass(frozen=True)
class PeriodWords(ReadByTemplates):
    """The period view's fixed words: the same for every period, so translated once per
    language (period_words) rather than by a template tag each in every answer."""

    period_tabs: str  # the tabs' group name: "Period"
    earned: str
    earned_so_far: str
    energy_dispatched: str
    earnings: str
    energy: str
    no_dispatch: str
    not_yet: str
    total: str
    download: str
    print_statement: str
    print_without_script: str


@lru_cache(maxsize=16)
def _words(language: str | None) -> PeriodWords:
    return PeriodWords(
        period_tabs=pgettext("period tabs", "Period"),
        earned=gettext("Earned"),
        earned_so_far=gettext("Earned so far"),
        energy_dispatched=gettext("Energy dispatched"),
        earnings=gettext("Earnings"),
        energy=gettext("Energy"),
        # Translators: in the chart's tooltip and legend, an hour, day or month without a
        # dispatch.
        no_dispatch=gettext("No dispatch"),
        # Translators: in the chart's tooltip and legend, an hour, day or month still to come.
        not_yet=gettext("Not yet"),
        total=gettext("Total"),
        download=gettext("Download figures (CSV)"),
        print_statement=gettext("Print statement"),
        print_without_script=gettext("To print a statement, use your browser’s Print command."),
    )


def period_words() -> PeriodWords:
    """The period view's fixed words in the language in use."""
    return _words(get_language())


@dataclass(frozen=True)
class PeriodView(ReadByTemplates):
    """What changes with the period: all a period change's answer over htmx shows (the period
    view of vpp_summary.html), and the programme's name its window title starts with."""

    programme_name: str
    period_label: str
    words: PeriodWords
    # The period's sentences, each whole: the window's title, the chart's and the download's
    # accessible names, the figures table's caption.
    title: str
    chart_name: str
    table_caption: str
    download_name: str
    is_current_period: bool
    earnings: str
    energy: str
    earnings_tone: EarningsTone
    summary: str
    # Some bucket earned (or cost) money: the chart, whose one scale is earnings, has something
    # to draw. Without one the summary says in one line what there is, and no axes stand empty.
    has_chart: bool
    # Some bucket had a dispatch: the figures table has something to show.
    has_figures: bool
    # What the chart draws besides earnings, for its legend.
    has_zero_buckets: bool
    has_buckets_to_come: bool
    bucket_heading: str  # the figures table's first column: "Day"
    figures_title: str  # what opens the figures table: "Figures for each day"
    buckets: tuple[Bucket, ...]
    chart: dict[str, Any]
    can_change_period: bool
    previous: PeriodChoice
    next: PeriodChoice
    latest: PeriodChoice
    period_types: tuple[PeriodChoice, ...]


@dataclass(frozen=True)
class VppSummaryView(PeriodView):
    """The whole page: the period view, and the programme around it."""

    provider_name: str
    learn_more_url: str | None
    participation: ParticipationStatus
    # From the REST look-up, when configured: the timeline, dispatchability, telemetry.
    details: ParticipationDetails | None
    # For a customer who is not simply earning: what it means and what to do, first.
    next_step: NextStep | None
    tariff_prompt: bool
    offers_tariff: bool
    actions: tuple[ActionButton, ...]
    # The programme's zone in words, where the zone line cannot say it: without JavaScript and
    # on paper.
    time_zone_note: str
    # For dashboard.js: the sentences that say how the programme's clock differs from the viewer's.
    zone_line: dict[str, Any]
    # When this page was rendered, in the programme's zone: the printed statement's date.
    printed_at: str


def build(page: Page, ctx: RenderContext) -> VppSummaryView:
    period = build_period(page, ctx)
    summary = VppSummary.of(page)
    zone = summary.zone
    programme = summary.programme
    line = zone_line(zone, ctx.locale, ctx.now)
    status = participation_status(programme.participation_state)
    known = (
        details(ctx.participation, replace(ctx, time_zone=summary.timezone))
        if ctx.participation
        else None
    )
    first = next_step(status, known, page)
    # The next step's own button is not offered twice.
    shown_there = {first.action.action} if first and first.action else set()
    prompt = summary.tariff_connected is False and urges_tariff(status)
    # The prompt card carries CONNECT_TARIFF; without it, the action is one among the others.
    elsewhere = {"CONNECT_TARIFF"} if prompt else set()
    return VppSummaryView(
        **vars(period),
        provider_name=programme.provider_display_name or "",
        learn_more_url=programme.learn_more_url,
        participation=status,
        details=known,
        next_step=first,
        tariff_prompt=prompt,
        offers_tariff=page.offers("CONNECT_TARIFF"),
        actions=action_buttons(
            page, exclude=frozenset({"CHANGE_PERIOD", *elsewhere, *shown_there})
        ),
        time_zone_note=line["fallback"],
        zone_line=line,
        printed_at=fmt.moment(ctx.now, zone, ctx.locale),
    )


def build_period(page: Page, ctx: RenderContext) -> PeriodView:
    """The period view alone: the page's programme and participation are not read."""
    summary = VppSummary.of(page)
    perf = summary.performance
    zone = summary.zone
    locale = ctx.locale
    today = ctx.now.astimezone(zone).date()
    raw = fill(perf, zone, ctx.now)
    buckets = tuple(_bucket(b, summary, locale) for b in raw)
    label = fmt.period_label(perf.period_type, perf.period_start, perf.period_end, locale)
    current = period_controls.contains(perf, today)
    offers_period = page.offers("CHANGE_PERIOD")
    row_unit = _ROW_UNIT[raw[0].unit] if raw else "period"
    statuses = {b.status for b in raw}
    choices = period_controls.controls(perf, raw, today, can_change=offers_period)
    programme = summary.programme.programme_display_name or gettext("Your VPP programme")
    return PeriodView(
        programme_name=programme,
        period_label=label,
        words=period_words(),
        # Translators: the dashboard's window title, "Community Powershare · February 2025".
        title=gettext("%(programme)s · %(period)s") % {"programme": programme, "period": label},
        # Translators: %(period)s is the period on screen, "February 2025", "2025", "Monday,
        # February 3, 2025".
        chart_name=gettext("Chart of earnings for %(period)s") % {"period": label},
        # Translators: %(period)s is the period on screen, "February 2025", "2025", "Monday,
        # February 3, 2025".
        table_caption=gettext("Earnings and energy dispatched for %(period)s") % {"period": label},
        # Translators: the download link's accessible name; %(period)s is the period on screen,
        # "February 2025".
        download_name=gettext("Download figures (CSV) for %(period)s") % {"period": label},
        is_current_period=current,
        earnings=fmt.money(perf.earnings, summary.currency_code, locale),
        energy=fmt.energy(perf.energy_dispatched_kwh, locale),
        earnings_tone=_tone(perf.earnings),
        summary=_sentence(perf, raw, buckets, summary.currency_code, label, current, locale),
        has_chart=any(b.earnings for b in raw),
        has_figures="dispatched" in statuses,
        has_zero_buckets="none" in statuses,
        has_buckets_to_come="not_yet" in statuses,
        bucket_heading=str(_COLUMN[row_unit]),
        figures_title=str(_FIGURES_TITLE[row_unit]),
        buckets=buckets,
        chart=_chart(raw, buckets, summary.currency_code, locale),
        can_change_period=offers_period,
        previous=choices.previous,
        next=choices.next,
        latest=choices.latest,
        period_types=choices.types,
    )


def _tone(earnings: Decimal) -> EarningsTone:
    if earnings > 0:
        return "earned"
    return "negative" if earnings < 0 else "none"


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
    """The figures dashboard.js draws: earnings on the one scale (whose figures are written
    here, so the browser works out no scale), each bucket's status (a zero is marked on the
    baseline, a bucket still to come is drawn lighter), and what its tooltip says, in words.
    Energy is in the tooltip, the table and the summary, not on an axis.
    """
    # Translators: a chart tooltip line; {amount} is the bucket's earnings, "$1.23".
    earnings_line = gettext("Earnings: {amount}")
    # Translators: a chart tooltip line; {energy} is the bucket's energy, "1.2 kWh".
    energy_line = gettext("Energy: {energy}")
    # The legend's words, in the tooltips too.
    words = period_words()
    no_dispatch, not_yet = words.no_dispatch, words.not_yet

    def tooltip(r: RawBucket, b: Bucket) -> list[str]:
        if r.status == "not_yet":
            return [not_yet]
        if r.status == "none":
            return [no_dispatch, earnings_line.format(amount=b.earnings)]
        return [earnings_line.format(amount=b.earnings), energy_line.format(energy=b.energy)]

    scale = money_scale([r.earnings for r in raw if r.status != "not_yet"], currency, locale)
    return {
        # The earnings scale as drawn: its figures from bottom to top, and each in words.
        "scale": {"ticks": [float(t) for t in scale.ticks], "words": list(scale.words)},
        "labels": [b.tick for b in buckets],
        "titles": [b.label for b in buckets],
        "earnings": [None if r.status == "not_yet" else float(r.earnings) for r in raw],
        # Marked on the baseline: no dispatch, and still to come.
        "zero": [r.status == "none" for r in raw],
        "toCome": [r.status == "not_yet" for r in raw],
        "tooltips": [tooltip(r, b) for r, b in zip(raw, buckets, strict=True)],
    }
