"""The zone line: what the dashboard says when the viewer's clock is not the programme's.

Only the browser knows the viewer's zone, so the server sends the sentence for every difference
the viewer's clock can have from the programme's right now: one per UTC offset in use anywhere
in the world (about forty), each a whole translated sentence with its hours already in words.
dashboard.js only picks the one for the device's offset, and shows none when the zones agree.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django.utils.translation import get_language, gettext

from connect_app import formatting as fmt


def zone_line(zone: ZoneInfo, locale: str, now: dt.datetime) -> dict[str, Any]:
    """The programme's zone and current offset, and the sentence for each possible difference.

    `sentences` is keyed by how many minutes the programme's clock is ahead of the viewer's
    (negative: behind); `fallback` is for a device whose offset is in no zone's rules.
    """
    hour = now.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
    offset, sentences, fallback = _sentences(zone.key, locale, hour, get_language())
    return {
        "zone": zone.key,
        "offsetMinutes": offset,
        "sentences": dict(sentences),
        "fallback": fallback,
    }


# Offsets change only at a zone's transitions, which fall on the hour or half hour in UTC: the
# same answer serves every page of an hour (a page 29 minutes after a half-hour transition is
# the rare exception, and only its zone line can be off, by the change itself). The language is
# part of the key: the sentences are translated, and the locale alone need not name it.
@lru_cache(maxsize=256)
def _sentences(
    zone_key: str, locale: str, hour: dt.datetime, language: str | None
) -> tuple[int, tuple[tuple[str, str], ...], str]:
    zone = ZoneInfo(zone_key)
    label = fmt.time_zone_label(zone, locale)
    offset = _offset_minutes(zone, hour)
    by_difference = {
        offset - other: _sentence(label, offset - other, locale) for other in _offsets_in_use(hour)
    }
    fallback = gettext("Times are in %(zone)s.") % {"zone": label}
    return offset, tuple((str(k), v) for k, v in sorted(by_difference.items())), fallback


def _sentence(label: str, difference_minutes: int, locale: str) -> str:
    if difference_minutes == 0:
        # Translators: the viewer's zone differs from the programme's, but not its clock now.
        return gettext("Times are in %(zone)s, the same time as yours.") % {"zone": label}
    values = {"zone": label, "hours": fmt.hours(Decimal(abs(difference_minutes)) / 60, locale)}
    if difference_minutes > 0:
        # Translators: %(hours)s is e.g. "16 hours", "1 hour", "5.5 hours".
        return gettext("Times are in %(zone)s, %(hours)s ahead of you.") % values
    # Translators: %(hours)s is e.g. "16 hours", "1 hour", "5.5 hours".
    return gettext("Times are in %(zone)s, %(hours)s behind you.") % values


def _offset_minutes(zone: ZoneInfo, moment: dt.datetime) -> int:
    offset = moment.astimezone(zone).utcoffset()
    assert offset is not None, "a ZoneInfo always has an offset"
    return int(offset.total_seconds() // 60)


@lru_cache(maxsize=4)
def _offsets_in_use(hour: dt.datetime) -> frozenset[int]:
    """Every UTC offset, in minutes, that some IANA zone has at this hour."""
    return frozenset(_offset_minutes(ZoneInfo(key), hour) for key in available_timezones())
