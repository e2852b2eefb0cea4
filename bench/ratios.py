"""Budgets as ratios: two measurements taken in turns on the same server, A, B, A, B, ...

The machines this runs on change speed by a third from one minute to the next, so an absolute
figure says as much about the minute as about the app. Each pair here measures A and then B
straight after, so a drift of the machine hits both sides of a pair alike, and the median of
the pairs' ratios is what a budget is held to; every pair is printed beside it.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

# Fewer pairs than this do not make a budget's figure: one odd minute could decide it.
MIN_PAIRS = 5


@dataclass(frozen=True)
class Pair:
    """One A measurement and the B measurement taken right after it."""

    a: float
    b: float
    errors: int = 0  # errors seen while measuring either side

    @property
    def ratio(self) -> float:
        return self.a / self.b if self.b else float("nan")


@dataclass
class Ratio:
    """A budget's pairs: what A and B are, in which unit, and the pairs measured."""

    a_name: str
    b_name: str
    unit: str
    how: str  # the conditions, printed above the pairs
    pairs: list[Pair] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(p.ratio for p in self.pairs) if self.pairs else float("nan")

    @property
    def errors(self) -> int:
        return sum(p.errors for p in self.pairs)

    @property
    def enough_pairs(self) -> bool:
        return len(self.pairs) >= MIN_PAIRS


Measurement = Callable[[], tuple[float, int]]  # a figure and the errors seen making it


def interleave(ratio: Ratio, a: Measurement, b: Measurement, pairs: int) -> Ratio:
    """Measure A then B, `pairs` times, appending each pair to `ratio` as it is made."""
    for _ in range(pairs):
        a_figure, a_errors = a()
        b_figure, b_errors = b()
        ratio.pairs.append(Pair(a_figure, b_figure, a_errors + b_errors))
    return ratio
