"""Whether time-of-day bands cover a day exactly once, and which hours they leave out.

A band runs from `valid_from` up to, not including, `valid_to`. A `valid_to` of 00:00:00 is
midnight at the end of the day; one earlier than `valid_from` runs across midnight; one equal
to `valid_from` is empty, unless the band is the only one: then it is the whole day
(docs/tariff-flow.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    """The gaps and overlaps of `spans` around one day."""
    ordered = sorted(spans, key=lambda s: s.start)
    gaps: list[Span] = []
    overlaps: list[Span] = []
    for index, current in enumerate(ordered):
        following = ordered[(index + 1) % len(ordered)]
        # The next band's start, on the same unrolled clock as this band's end.
        next_start = following.start + (DAY if index + 1 == len(ordered) else 0)
        if current.end < next_start:
            gaps.append(Span(current.end % DAY, next_start % DAY or DAY))
        elif current.end > next_start:
            overlaps.append(Span(next_start % DAY, min(current.end, next_start + DAY) % DAY))
    return Coverage(tuple(gaps), tuple(overlaps))


def describe(stretches: tuple[Span, ...]) -> str:
    """The stretches of a day as "20:00 to 23:00, 02:00 to 04:00"."""
    return ", ".join(f"{clock_of(s.start)} to {clock_of(s.end or DAY)}" for s in stretches)
