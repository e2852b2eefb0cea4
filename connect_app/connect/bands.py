"""Time-of-day bands: do they cover the day once, which band prices each stretch of it, and
where another band fits.

A band runs from `start` up to, not including, `end`; an end of 00:00 is midnight at the end of
the day, and an end earlier than the start runs across midnight. One band from 00:00 to 00:00
is the whole day. frontend/tariff/bands.js follows the same rule in the browser (the tests hold
the two to the same answers); the server's is the one that counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MINUTES = 24 * 60


@dataclass(frozen=True)
class Band:
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class Coverage:
    gaps: tuple[tuple[dt.time, dt.time], ...]  # stretches no band covers
    overlaps: tuple[tuple[dt.time, dt.time], ...]  # stretches two bands cover
    empty: tuple[int, ...]  # indexes of bands that cover nothing


def minutes_of(band: Band, *, alone: bool) -> list[int]:
    """The minutes of the day a band covers."""
    start = band.start.hour * 60 + band.start.minute
    end = band.end.hour * 60 + band.end.minute
    if start == end:
        return list(range(MINUTES)) if alone else []
    if end == 0 or end > start:
        return list(range(start, end or MINUTES))
    return list(range(start, MINUTES)) + list(range(0, end))


def coverage(bands: Sequence[Band]) -> Coverage:
    counts = [0] * MINUTES
    empty = []
    for index, band in enumerate(bands):
        covered = minutes_of(band, alone=len(bands) == 1)
        if not covered:
            empty.append(index)
        for minute in covered:
            counts[minute] += 1
    return Coverage(
        gaps=_around_midnight(_stretches(counts, lambda n: n == 0)),
        overlaps=_around_midnight(_stretches(counts, lambda n: n > 1)),
        empty=tuple(empty),
    )


def _around_midnight(
    stretches: tuple[tuple[dt.time, dt.time], ...],
) -> tuple[tuple[dt.time, dt.time], ...]:
    """One stretch from 23:00 to 07:00, not "00:00 to 07:00 and 23:00 to 00:00"."""
    midnight = dt.time(0)
    if len(stretches) > 1 and stretches[0][0] == midnight and stretches[-1][1] == midnight:
        return ((stretches[-1][0], stretches[0][1]), *stretches[1:-1])
    return stretches


@dataclass(frozen=True)
class Segment:
    """A stretch of the day, in minutes after midnight, and who prices it: `band` is the first
    band that covers it (None: a gap), `overlap` says a second one does too."""

    start: int
    end: int  # exclusive: MINUTES at the end of the day
    band: int | None
    overlap: bool


def segments(bands: Sequence[Band]) -> tuple[Segment, ...]:
    """The day from 00:00 to 24:00 as stretches of one owner; a band across midnight is two."""
    owners: list[int | None] = [None] * MINUTES
    counts = [0] * MINUTES
    for index, band in enumerate(bands):
        for minute in minutes_of(band, alone=len(bands) == 1):
            counts[minute] += 1
            if owners[minute] is None:
                owners[minute] = index
    found: list[Segment] = []
    start = 0
    for minute in range(1, MINUTES + 1):
        if minute == MINUTES or (owners[minute], counts[minute] > 1) != (
            owners[start],
            counts[start] > 1,
        ):
            found.append(Segment(start, minute, owners[start], counts[start] > 1))
            start = minute
    return tuple(found)


@dataclass(frozen=True)
class Room:
    """Where a new band goes: `band`, and the band it was cut from (`shortened`, its index, then
    ending where the new one starts), or None when it fills a stretch no band covered."""

    band: Band
    shortened: int | None


def room_for_band(bands: Sequence[Band]) -> Room | None:
    """The first stretch no band covers; else the later half of the last band that can be
    halved on the half hour (ending on the hour when it is two hours or longer). None when
    there are no bands."""
    if not bands:
        return None
    found = coverage(bands)
    if found.gaps:
        return Room(Band(*found.gaps[0]), None)
    for index in range(len(bands) - 1, -1, -1):
        band = bands[index]
        length = len(minutes_of(band, alone=len(bands) == 1))
        step = 60 if length >= 120 else 30
        half = length // 2 // step * step
        if half == 0:
            continue
        begins = band.start.hour * 60 + band.start.minute
        middle = _time((begins + half) % MINUTES)
        return Room(Band(middle, band.end), index)
    return None


def _time(minute: int) -> dt.time:
    return dt.time(minute // 60, minute % 60)


def _stretches(
    counts: list[int], wanted: Callable[[int], bool]
) -> tuple[tuple[dt.time, dt.time], ...]:
    found: list[tuple[dt.time, dt.time]] = []
    start: int | None = None
    for minute in range(MINUTES + 1):
        inside = minute < MINUTES and wanted(counts[minute])
        if inside and start is None:
            start = minute
        elif not inside and start is not None:
            found.append((_time(start), _time(minute % MINUTES)))
            start = None
    return tuple(found)
