"""The `vpp_summary` page: earnings and energy dispatched over a period, and what to do next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from connect_app import formatting as fmt
from connect_app.connect.pages import Page, Performance, VppSummary
from connect_app.pages import periods
from connect_app.pages.buckets import RawBucket, fill
from connect_app.pages.common import ActionButton, RenderContext, action_buttons
from connect_app.pages.participation import ParticipationStatus, participation_status
from connect_app.pages.vpp_participation import ParticipationDetails, details
from connect_app.pages.zone_line import zone_line

_UNIT_WORDS = {
    "hour": ("hour", "Hour"),
    "day": ("day", "Day"),
    "month": ("month", "Month"),
    "whole_day": ("day", "Day"),
}
_TYPE_NAMES = {"DAY": "Day", "MONTH": "Month", "YEAR": "Year"}


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
    period_label: str
    is_current_period: bool
    earnings: str
    energy: str
    earnings_negative: bool
    summary: str
    bucket_heading: str
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
    summary = VppSummary.model_validate(page.payload)
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
    return VppSummaryView(
        programme_name=programme.programme_display_name or "Your VPP programme",
        provider_name=programme.provider_display_name or "",
        learn_more_url=programme.learn_more_url,
        participation=participation_status(programme.participation_state),
        details=details(ctx.participation, replace(ctx, time_zone=summary.timezone))
        if ctx.participation
        else None,
        period_label=label,
        is_current_period=current,
        earnings=fmt.money(perf.earnings, summary.currency_code, locale),
        energy=fmt.energy(perf.energy_dispatched_kwh, locale),
        earnings_negative=perf.earnings < 0,
        summary=_sentence(perf, raw, buckets, summary.currency_code, label, current, locale),
        bucket_heading=_UNIT_WORDS[raw[0].unit][1] if raw else "Period",
        buckets=buckets,
        chart=_chart(raw, buckets, summary.currency_code, locale),
        can_change_period=offers_period,
        previous=_step(perf, -1, "Previous period", offers_period and perf.has_previous),
        next=_step(perf, 1, "Next period", offers_period and perf.has_next),
        latest=_latest(perf, today, offers_period and not current),
        period_types=tuple(
            PeriodChoice(
                name=_TYPE_NAMES.get(t, fmt.humanise(t)),
                period_type=t,
                period_start=periods.align(t, perf.period_start).isoformat(),
                enabled=offers_period and t != perf.period_type,
                current=t == perf.period_type,
            )
            for t in perf.available_period_types
        ),
        tariff_prompt=summary.tariff_connected is False,
        offers_tariff=page.offers("CONNECT_TARIFF"),
        actions=action_buttons(page, exclude=frozenset({"CHANGE_PERIOD", "CONNECT_TARIFF"})),
        time_zone_note=f"Times are in {fmt.time_zone_name(zone, locale)} ({zone.key}).",
        zone_line=zone_line(zone, locale, ctx.now),
        printed_at=fmt.moment(ctx.now, zone, locale),
    )


def _contains(perf: Performance, day: dt.date) -> bool:
    end = periods.end_of(perf.period_type, perf.period_start) or perf.period_end
    return end is not None and perf.period_start <= day <= end


def _step(perf: Performance, steps: int, name: str, enabled: bool) -> PeriodChoice:
    start = periods.shift(perf.period_type, perf.period_start, steps)
    return PeriodChoice(
        name=name,
        period_type=perf.period_type,
        period_start=start.isoformat() if start else "",
        enabled=enabled and start is not None,
    )


def _latest(perf: Performance, today: dt.date, enabled: bool) -> PeriodChoice:
    known = perf.period_type in periods.PERIOD_TYPES
    return PeriodChoice(
        name="Latest",
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
        label, tick = "Whole day (not split by hour)", "Day"
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
    """One sentence with the figures a chart shows: total, dispatch buckets and the best one."""
    unit = _UNIT_WORDS[raw[0].unit][0] if raw else "day"
    active = [(r, b) for r, b in zip(raw, buckets, strict=True) if r.status == "dispatched"]
    earned = fmt.money(perf.earnings, currency, locale)
    energy = fmt.energy(perf.energy_dispatched_kwh, locale)
    when = f"So far in {label}" if current else f"In {label}"
    if not active and not perf.earnings and not perf.energy_dispatched_kwh:
        return (
            f"{when}, your battery has not dispatched."
            if current
            else (f"{when}, your battery did not dispatch.")
        )
    if perf.earnings < 0:
        opening = f"{when}, your net earnings were {earned}, with {energy} dispatched"
    else:
        opening = f"{when}, your battery earned {earned} by dispatching {energy}"
    if not active:
        return opening + "."
    preposition = "on" if unit == "day" else "in"
    sentence = f"{opening} {preposition} {fmt.count(len(active), unit)}."
    best_raw, best = max(active, key=lambda pair: (pair[0].earnings, pair[0].dispatched_kwh))
    if len(active) > 1 and best_raw.earnings > Decimal(0):
        sentence += f" Best {unit}: {best.label} ({best.earnings} from {best.energy})."
    return sentence


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
