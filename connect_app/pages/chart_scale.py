"""A chart's value scale, worked out on the server: where it starts and ends and the figures
written beside it, in the customer's words.

The browser then only draws them: Chart.js no longer works out round steps, nor a phone builds a
compact currency format (tens of milliseconds the first time) before the first chart is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from connect_app import formatting as fmt

# About this many steps from the bottom of the scale to its top: five lines on a phone's chart.
STEPS = 4
# A step is one of these times a power of ten, so the figures beside the scale read round.
ROUND_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
# The decimals a compact unit can add to a figure: thousands and millions ("$1.5K", "$2.25M").
COMPACT_PLACES = 6


@dataclass(frozen=True)
class Scale:
    ticks: tuple[Decimal, ...]  # from the bottom of the scale to its top, one round step apart
    words: tuple[str, ...]  # each as written beside the scale: "$0", "$2.5", "1,5 €"


def round_step(span: Decimal) -> Decimal:
    """The smallest round step that covers the span in STEPS steps (1, 2, 2.5 or 5 x 10^n)."""
    rough = span / STEPS
    power = Decimal(1).scaleb(rough.adjusted())  # the power of ten at or below it
    return next(power * m for m in ROUND_STEPS if power * m >= rough)


def _ticks(values: list[Decimal]) -> tuple[tuple[Decimal, ...], int]:
    """A scale that holds zero (bars grow from it) and every value, its ends whole steps; and
    the decimals its step has."""
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    step = round_step(high - low) if high > low else Decimal(1)
    bottom = (low / step).to_integral_value(ROUND_FLOOR) * step
    top = max((high / step).to_integral_value(ROUND_CEILING) * step, bottom + step)
    count = int((top - bottom) / step) + 1
    exponent = step.normalize().as_tuple().exponent
    places = max(0, -exponent if isinstance(exponent, int) else 0)
    return tuple((bottom + step * index).normalize() for index in range(count)), places


def money_scale(values: list[Decimal], currency: str, locale: str) -> Scale:
    """The scale for amounts of money, each figure with the decimals its step needs ("$0.25",
    not "$0.3"), short: "$1.5K"."""
    ticks, places = _ticks(values)
    # A figure is a whole number of steps, so it needs no more decimals than its step has, plus
    # those a compact unit moves it by ("$1.5K" for 1500); Babel writes no trailing zeros.
    words = (fmt.money_tick(tick, currency, locale, places + COMPACT_PLACES) for tick in ticks)
    return Scale(ticks, tuple(words))


def number_scale(values: list[Decimal], locale: str) -> Scale:
    """The scale for plain numbers (prices in the unit the page names), in the customer's
    way of writing them: "24.5", "24,5"."""
    ticks, places = _ticks(values)
    return Scale(ticks, tuple(fmt.scale_number(tick, locale, places) for tick in ticks))
