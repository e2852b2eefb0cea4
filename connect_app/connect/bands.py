"""Time-of-day bands: do they cover the day once, and what a 24-hour strip of them looks like.

A band runs from `start` up to, not including, `end`; an end of 00:00 is midnight at the end of
the day, and an end earlier than the start runs across midnight. One band from 00:00 to 00:00
is the whole day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MINUTES = 24 * 60
STRIP_CELLS = 48  # half hours: fine enough to see a band, coarse enough for a phone


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


def strip(bands: Sequence[Band]) -> tuple[int | None, ...]:
    """For each half hour of the day, the index of the band that covers most of it, or None."""
    owners: list[int | None] = [None] * MINUTES
    for index, band in enumerate(bands):
        for minute in minutes_of(band, alone=len(bands) == 1):
            if owners[minute] is None:
                owners[minute] = index
    size = MINUTES // STRIP_CELLS
    return tuple(owners[cell * size + size // 2] for cell in range(STRIP_CELLS))


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
            end = minute % MINUTES
            found.append((dt.time(start // 60, start % 60), dt.time(end // 60, end % 60)))
            start = None
    return tuple(found)
