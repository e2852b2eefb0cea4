"""Whether time-of-day bands cover a day exactly once, and which hours they leave out.

A band runs from `valid_from` up to, not including, `valid_to`. A `valid_to` of 00:00:00 is
midnight at the end of the day; one earlier than `valid_from` runs across midnight; one equal
to `valid_from` is empty, unless the band is the only one: then it is the whole day
(docs/tariff-flow.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

DAY = 24 * 60 * 60
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])$")


def seconds_of(clock: object) -> int | None:
    """Seconds after midnight of an "HH:MM:SS" time, or None if it is not one."""
    match = _CLOCK.match(clock) if isinstance(clock, str) else None
    if match is None:
        return None
    hours, minutes, seconds = (int(part) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def clock_of(seconds: int) -> str:
    """ "HH:MM" of a time of day given in seconds after midnight (a day's end reads 24:00)."""
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}"


@dataclass(frozen=True)
class Span:
    """One band as a stretch of time, its end past DAY when it runs across midnight."""

    start: int
    end: int


def span(valid_from: int, valid_to: int) -> Span | None:
    """The stretch a band covers; None when it is empty."""
    if valid_from == valid_to:
        return None
    end = valid_to if valid_to > valid_from else valid_to + DAY
    return Span(valid_from, end)


@dataclass(frozen=True)
class Coverage:
    """What is wrong with a set of bands: hours left out, or hours priced twice."""

    gaps: tuple[Span, ...]
    overlaps: tuple[Span, ...]

    @property
    def whole_day_once(self) -> bool:
        return not self.gaps and not self.overlaps


def coverage(spans: list[Span]) -> Coverage:
    """The gaps and overlaps of `spans` around one day.

    A sweep around the clock: each band counts from its start until its end (one across
    midnight as its two pieces of the day), and between two neighbouring boundaries the count
    says how many bands price that stretch: none is a gap, more than one an overlap. Bands are
    not compared with their neighbours only, since a long band may hold several short ones.
    """
    changes = {0: 0, DAY: 0}
    for stretch in spans:
        for start, end in _pieces(stretch):
            changes[start] = changes.get(start, 0) + 1
            changes[end] = changes.get(end, 0) - 1
    gaps: list[Span] = []
    overlaps: list[Span] = []
    count = 0
    for here, there in pairwise(sorted(changes)):
        count += changes[here]
        if count == 0:
            _extend(gaps, here, there)
        elif count > 1:
            _extend(overlaps, here, there)
    return Coverage(_across_midnight(gaps), _across_midnight(overlaps))


def _pieces(stretch: Span) -> list[tuple[int, int]]:
    """A band's stretch within one day: itself, or its two pieces either side of midnight."""
    if stretch.end <= DAY:
        return [(stretch.start, stretch.end)]
    return [(stretch.start, DAY), (0, stretch.end - DAY)]


def _extend(stretches: list[Span], start: int, end: int) -> None:
    if stretches and stretches[-1].end == start:
        stretches[-1] = Span(stretches[-1].start, end)
    else:
        stretches.append(Span(start, end))


def _across_midnight(stretches: list[Span]) -> tuple[Span, ...]:
    """One stretch from 23:00 to 07:00, not "00:00 to 07:00" and "23:00 to 24:00"."""
    if len(stretches) > 1 and stretches[0].start == 0 and stretches[-1].end == DAY:
        return (Span(stretches[-1].start, stretches[0].end), *stretches[1:-1])
    return tuple(stretches)


def describe(stretches: tuple[Span, ...]) -> str:
    """The stretches of a day as "20:00 to 23:00, 02:00 to 04:00"."""
    return ", ".join(f"{clock_of(s.start)} to {clock_of(s.end or DAY)}" for s in stretches)
