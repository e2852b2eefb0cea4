"""The only place that turns money, energy, dates and periods into words for a customer."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from babel.dates import (
    format_date,
    format_time,
    get_timezone_gmt,
    get_timezone_location,
    get_timezone_name,
    match_skeleton,
)
from babel.numbers import (
    NumberFormatError,
    format_compact_currency,
    format_currency,
    format_decimal,
    get_currency_name,
    get_currency_precision,
    get_currency_symbol,
    parse_decimal,
)
from babel.units import format_unit
from django.utils.functional import Promise
from django.utils.translation import pgettext, pgettext_lazy


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


@lru_cache(maxsize=1024)
def money_tick(amount: Decimal, currency: str, locale: str, places: int) -> str:
    """An amount beside a chart's scale, short, with `places` decimals at most: "$0", "$2.5",
    "$1.5K", "1,5 €"."""
    return format_compact_currency(amount, currency, locale=_babel(locale), fraction_digits=places)


def scale_number(value: Decimal, locale: str, places: int) -> str:
    """A number beside a chart's scale, with `places` decimals at most: "24.5", "24,5"."""
    return format_decimal(value, format="#,##0." + "#" * places, locale=_babel(locale))


@lru_cache(maxsize=4096)
def energy(kwh: Decimal, locale: str) -> str:
    """Energy in kilowatt-hours with one or two decimals, e.g. "54.7 kWh"."""
    return f"{format_decimal(kwh, format='#,##0.0#', locale=_babel(locale))} kWh"


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


def medium_date(day: dt.date, locale: str) -> str:
    """ "Feb 3, 2025", "03.02.2025": a date in a column, where a long one would not fit."""
    return format_date(day, "medium", locale=_babel(locale))


def weekday_date(day: dt.date, locale: str) -> str:
    """ "Sun, Feb 16" (the year is implied by the period on screen)."""
    return _date(day, "MMMMEEEEd", locale)


def day_of_month(day: dt.date, locale: str) -> str:
    return _date(day, "d", locale)


def month_name(day: dt.date, locale: str) -> str:
    """ "February": the month's full name on its own (CLDR's stand-alone form)."""
    # A pattern, not a skeleton: skeleton matching settles on the abbreviation ("Feb").
    plain = day.date() if isinstance(day, dt.datetime) else day
    return format_date(plain, "LLLL", locale=_babel(locale))


def month_abbreviation(day: dt.date, locale: str) -> str:
    """ "Feb"."""
    return _date(day, "MMM", locale)


def hour(moment: dt.datetime, locale: str) -> str:
    """The local time an hour starts, e.g. "6:00 PM" or "18:00"."""
    return format_time(moment.timetz(), "short", locale=_babel(locale))


def _has_place(zone: ZoneInfo) -> bool:
    """Whether CLDR places the zone in a country: UTC, Etc/GMT+12 and the like it does not, and
    names them "Unknown Region (UTC) Time"."""
    return get_global("zone_territories").get(zone.key) not in (None, "ZZ", "001")


def time_zone_name(zone: ZoneInfo, locale: str) -> str:
    """ "Mountain Time" for America/Denver, "GMT-12:00" for a zone of no place (Etc/GMT+12,
    whose sign is POSIX's, the other way round); falls back to the IANA name."""
    if not _has_place(zone):
        # A zone of no place keeps one offset all year, so any moment gives it.
        moment = dt.datetime(2000, 1, 1, tzinfo=zone)
        return str(get_timezone_gmt(moment, width="long", locale=_babel(locale)))
    try:
        return str(get_timezone_name(zone, locale=_babel(locale)))
    except (LookupError, ValueError):
        return zone.key


def time_zone_label(zone: ZoneInfo, locale: str) -> str:
    """ "Mountain Time (Denver)": the zone's name and its city, for the zone line."""
    name = time_zone_name(zone, locale)
    if not _has_place(zone):
        return name
    try:
        city = str(get_timezone_location(zone, locale=_babel(locale), return_city=True))
    except (LookupError, ValueError):
        return name
    if not city or city in name:
        return name
    # Translators: a time zone's name and the city it is named after, "Mountain Time (Denver)".
    return pgettext("time zone with city", "%(zone)s (%(city)s)") % {"zone": name, "city": city}


def hours(value: Decimal, locale: str) -> str:
    """A number of hours in words with the locale's plural: "1 hour", "16 hours", "5.5 hours"."""
    words = str(format_unit(value, "duration-hour", length="long", locale=_babel(locale)))
    # Some locales' CLDR data (Dutch) inherit the long form from the short one, which Babel then
    # misses and answers with the unit's id; the short form is their long one.
    if "duration-hour" in words:
        words = str(format_unit(value, "duration-hour", length="short", locale=_babel(locale)))
    return words


def moment(value: dt.datetime, zone: ZoneInfo, locale: str) -> str:
    """A timestamp in the programme's time zone: "November 7, 2023, 5:31 AM"."""
    local = value.astimezone(zone)
    # The locale's own way of joining a date and a time ("{1}, {0}" in most, "{1} {0}" in some).
    glue = str(_babel(locale).datetime_formats["medium"]).replace("'", "")
    return glue.replace("{1}", long_date(local.date(), locale)).replace("{0}", hour(local, locale))


def humanise(code: str) -> str:
    """An upstream code in words: "postal_address_input" -> "Postal address input"."""
    words = re.sub(r"[_\-.]+", " ", code).strip().lower()
    words = re.sub(r"(?<=[a-z])(?=\d)", " ", words)  # "address_line1" -> "address line 1"
    return words[:1].upper() + words[1:] if words else ""


# --- prices a customer types and reads -------------------------------------------------------

# What a bill calls the minor unit, for currencies whose homes this app serves. Elsewhere
# prices are typed and shown in the major unit.
# Translators: the minor unit of pound sterling, in a field's label "Price per kWh, in pence".
_PENCE = pgettext_lazy("minor currency unit", "pence")
# Translators: the minor unit of the dollar and the euro, in "Price per kWh, in cents".
_CENTS = pgettext_lazy("minor currency unit", "cents")
_MINOR_UNITS: dict[str, tuple[Promise, str]] = {
    # currency: (unit name for a field's label, the short sign after a price)
    "GBP": (_PENCE, "p"),
    "USD": (_CENTS, "¢"),
    "EUR": (_CENTS, "c"),
    "AUD": (_CENTS, "c"),
    "NZD": (_CENTS, "c"),
    "CAD": (_CENTS, "¢"),
}


@dataclass(frozen=True)
class PriceUnit:
    """How a customer types a price per kWh in `currency`: in its minor unit where bills do."""

    currency: str
    factor: Decimal  # minor units in one major unit (1 where prices are typed in major units)
    name: str  # "cents", "pence", or the currency's name
    sign: str  # "¢", "p", or the currency's symbol


def price_unit(currency: str, locale: str) -> PriceUnit:
    if currency in _MINOR_UNITS:
        # Not cached: the unit's name is in the language active now, which the locale alone
        # does not decide (a page can be in Spanish with English number formats).
        name, sign = _MINOR_UNITS[currency]
        return PriceUnit(currency, Decimal(10) ** get_currency_precision(currency), str(name), sign)
    return _major_unit(currency, locale)


@cache
def _major_unit(currency: str, locale: str) -> PriceUnit:
    return PriceUnit(
        currency,
        Decimal(1),
        str(get_currency_name(currency, locale=_babel(locale))),
        str(get_currency_symbol(currency, locale=_babel(locale))),
    )


def price_per_kwh(major: Decimal, currency: str, locale: str) -> str:
    """A price per kWh as the bill shows it: "24.5¢/kWh", "18.2p/kWh", "€0.31/kWh"."""
    unit = price_unit(currency, locale)
    if unit.factor == 1:
        return f"{format_currency(major, currency, locale=_babel(locale))}/kWh"
    minor = format_decimal(major * unit.factor, format="#,##0.###", locale=_babel(locale))
    return f"{minor}{unit.sign}/kWh"


def price_label(major: Decimal, currency: str, locale: str) -> str:
    """A price per kWh in few characters, where kWh goes without saying: "24.5¢", "€0.31"."""
    return price_per_kwh(major, currency, locale).removesuffix("/kWh")


def minor_amount(major: Decimal, currency: str, locale: str) -> str:
    """A major-unit price as the number typed in the customer's unit: 0.245 -> "24.5"."""
    unit = price_unit(currency, locale)
    return str(format_decimal(major * unit.factor, format="0.####", locale=_babel(locale)))


def parse_number(text: str, locale: str) -> Decimal | None:
    """A number as a customer types it: the locale's decimal sign, or a point, or a comma."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    # Digits, signs and separators only: Decimal and Babel would also take "NaN", "Infinity"
    # and "1E+3", which no bill prints.
    if not cleaned or len(cleaned) > 32 or not re.fullmatch(r"-?[\d.,'\u2019]+", cleaned):
        return None
    try:
        found = Decimal(str(parse_decimal(cleaned, locale=_babel(locale), strict=True)))
        if found.is_finite():
            return found
    except (NumberFormatError, ValueError, ArithmeticError):
        pass
    # Not the locale's way of writing it: "24.5" in German, "24,5" in English.
    if re.fullmatch(r"-?\d+([.,]\d+)?", cleaned):
        return Decimal(cleaned.replace(",", "."))
    return None


@cache
def countries(locale: str) -> tuple[tuple[str, str], ...]:
    """ISO 3166-1 alpha-2 countries with their names in `locale`, sorted by name."""
    names = _babel(locale).territories
    found = [
        (str(code), str(names[code]))
        for code in names
        if isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code) and code not in _NOT_COUNTRIES
    ]
    return tuple(sorted(found, key=lambda item: item[1].casefold()))


# CLDR territories that are not ISO 3166-1 countries: unknown, pseudo, unions, reservations.
_NOT_COUNTRIES = frozenset(
    {"ZZ", "XA", "XB", "XK", "EU", "EZ", "UN", "QO", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"}
)


def clock_24h(value: dt.time, *, end: bool = False) -> str:
    """A time of day on the 24-hour clock, as the time-of-day page takes it in every language:
    "07:00"; midnight as the end of a stretch is "24:00"."""
    if end and value == dt.time(0):
        return "24:00"
    return f"{value.hour:02d}:{value.minute:02d}"


def plain_amount(amount: Decimal, currency: str) -> str:
    """An amount for a spreadsheet, not a reader: major units and a dot, "62.10", "-3.20".

    Padded to the currency's minor digits but never rounded, so a column of them adds up to
    exactly the total Connect sent.
    """
    digits = get_currency_precision(currency)
    exponent = amount.as_tuple().exponent  # -2 for 62.10; a letter for NaN, refused upstream
    if isinstance(exponent, int) and exponent > -digits:
        amount = amount.quantize(Decimal(1).scaleb(-digits))
    return plain_number(amount)


def plain_number(value: Decimal) -> str:
    """A number for a spreadsheet: digits and a dot, never an exponent, "5.15", "100"."""
    # "-0" reads as a sign error in a statement; zero is zero.
    return format(value if value else abs(value), "f")
