"""The only place that turns money, energy, dates and periods into words for a customer."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_time,
    get_timezone_name,
    match_skeleton,
)
from babel.numbers import format_currency, format_decimal
from django.utils.translation.trans_real import parse_accept_lang_header

DEFAULT_LOCALE = "en"


def locale_for(accept_language: str) -> str:
    """The first language of an Accept-Language header that Babel knows, else English."""
    for tag, _quality in parse_accept_lang_header(accept_language[:256]):
        if tag == "*":
            continue
        try:
            return str(Locale.parse(tag, sep="-"))
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return DEFAULT_LOCALE


@cache
def _babel(locale: str) -> Locale:
    # Parsing a locale is most of the cost of a Babel call; a page makes dozens of calls.
    return Locale.parse(locale)


@cache
def _skeleton(skeleton: str, locale: str) -> str:
    """The locale's pattern for a skeleton ("yMMMM" -> "MMMM y"); matching it is slow."""
    patterns = _babel(locale).datetime_skeletons
    match = match_skeleton(skeleton, patterns)
    return str(patterns[match].pattern) if match else skeleton


def _date(day: dt.date, skeleton: str, locale: str) -> str:
    # Keyed by the local calendar date: two aware datetimes can be equal (one instant) yet
    # fall on different dates in their zones, so they must not share a cache entry.
    plain = day.date() if isinstance(day, dt.datetime) else day
    return _date_label(plain, skeleton, locale)


@lru_cache(maxsize=4096)
def _date_label(day: dt.date, skeleton: str, locale: str) -> str:
    return format_date(day, _skeleton(skeleton, locale), locale=_babel(locale))


# A page formats dozens of figures, most of them the same few (every day without dispatch is
# zero), and Babel takes tens of microseconds a call: remember recent answers.
@lru_cache(maxsize=4096)
def money(amount: Decimal, currency: str, locale: str) -> str:
    """An amount in its currency, e.g. "$62.10", "-£3.20", "62,10 €"."""
    return format_currency(amount, currency, locale=_babel(locale))


@lru_cache(maxsize=4096)
def energy(kwh: Decimal, locale: str) -> str:
    """Energy in kilowatt-hours with one or two decimals, e.g. "54.7 kWh"."""
    return f"{format_decimal(kwh, format='#,##0.0#', locale=_babel(locale))} kWh"


def count(number: int, singular: str, plural: str | None = None) -> str:
    """ "1 day", "12 days"."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def period_label(period_type: str, start: dt.date, end: dt.date | None, locale: str) -> str:
    """A period in words: "February 2025", "2025", "Monday, February 3, 2025"."""
    if period_type == "DAY":
        return format_date(start, "full", locale=_babel(locale))
    if period_type == "MONTH":
        return _date(start, "yMMMM", locale)
    if period_type == "YEAR":
        return _date(start, "y", locale)
    if end is not None and end != start:
        return f"{long_date(start, locale)} – {long_date(end, locale)}"
    return long_date(start, locale)


def long_date(day: dt.date, locale: str) -> str:
    """ "February 3, 2025"."""
    return format_date(day, "long", locale=_babel(locale))


def weekday_date(day: dt.date, locale: str) -> str:
    """ "Sun, Feb 16" (the year is implied by the period on screen)."""
    return _date(day, "MMMMEEEEd", locale)


def day_of_month(day: dt.date, locale: str) -> str:
    return _date(day, "d", locale)


def month_name(day: dt.date, locale: str) -> str:
    """ "February"."""
    return _date(day, "MMMM", locale)


def month_abbreviation(day: dt.date, locale: str) -> str:
    """ "Feb"."""
    return _date(day, "MMM", locale)


def hour(moment: dt.datetime, locale: str) -> str:
    """The local time an hour starts, e.g. "6:00 PM" or "18:00"."""
    return format_time(moment.timetz(), "short", locale=_babel(locale))


def time_zone_name(zone: ZoneInfo, locale: str) -> str:
    """ "Mountain Time" for America/Denver; falls back to the IANA name."""
    try:
        return str(get_timezone_name(zone, locale=_babel(locale)))
    except (LookupError, ValueError):
        return zone.key


def moment(value: dt.datetime, zone: ZoneInfo, locale: str) -> str:
    """A timestamp in the programme's time zone: "November 7, 2023, 5:31 AM"."""
    local = value.astimezone(zone)
    return f"{long_date(local.date(), locale)}, {hour(local, locale)}"


def humanise(code: str) -> str:
    """An upstream code in words: "postal_address_input" -> "Postal address input"."""
    words = re.sub(r"[_\-.]+", " ", code).strip().lower()
    words = re.sub(r"(?<=[a-z])(?=\d)", " ", words)  # "address_line1" -> "address line 1"
    return words[:1].upper() + words[1:] if words else ""
