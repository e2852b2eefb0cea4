"""The time-of-day page's bar: the day from 00:00 to 24:00, each stretch in its band's price tone
(cheapest to dearest) with the price on it.

The server draws it with every answer, so it is there without JavaScript;
frontend/tariff/day-bar.js redraws it the same way while the customer types (the tests hold the
two to the same tones and sizes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from connect_app.connect.bands import MINUTES, Band, segments

# The price tones, cheapest (0) to dearest; one price alone takes the middle one.
PRICE_TONES = 5
# How long a stretch must be for its price to fit on it, from the narrowest bar up: the
# stylesheet shows a size's labels only where the bar is wide enough (container queries).
LABEL_SIZES = ((8 * 60, "long"), (4 * 60, "mid"), (2 * 60, "short"))


@dataclass(frozen=True)
class BarStretch:
    """One stretch of the bar, placed in percent of its width (SVG attributes, not styles)."""

    x: str
    width: str
    middle: str
    tone: str  # the stretch's class: "price-tone-N", "price-tone-none", "is-gap", "is-overlap"
    size: str  # "long", "mid", "short", "tiny": which bars have room for its label
    label: str


def price_tones(prices: Sequence[Decimal | None]) -> tuple[int | None, ...]:
    """Each price's tone by rank among the distinct prices, spread over the tones; None for a
    band without a price yet."""
    distinct = sorted({price for price in prices if price is not None})
    steps = len(distinct) - 1
    tones: list[int | None] = []
    for price in prices:
        if price is None:
            tones.append(None)
        elif steps == 0:
            tones.append((PRICE_TONES - 1) // 2)
        else:
            rank = distinct.index(price)
            # Rounded half up, in whole numbers, as day-bar.js does too.
            tones.append((rank * 2 * (PRICE_TONES - 1) + steps) // (2 * steps))
    return tuple(tones)


def label_size(minutes: int) -> str:
    return next((size for least, size in LABEL_SIZES if minutes >= least), "tiny")


def day_bar(
    bands: Sequence[tuple[int, Band]], tones: Sequence[int | None], labels: Sequence[str]
) -> tuple[BarStretch, ...]:
    """The bar of the bands whose times are known, as (row, band); `tones` and `labels` are by
    row."""
    found = []
    for segment in segments([band for _row, band in bands]):
        length = segment.end - segment.start
        if segment.band is None:
            tone, label = "is-gap", ""
        elif segment.overlap:
            tone, label = "is-overlap", ""
        else:
            row = bands[segment.band][0]
            shade = tones[row]
            tone = "price-tone-none" if shade is None else f"price-tone-{shade}"
            label = labels[row]
        found.append(
            BarStretch(
                x=_percent(segment.start),
                width=_percent(length),
                middle=_percent(segment.start + length / 2),
                tone=tone,
                size=label_size(length),
                label=label,
            )
        )
    return tuple(found)


def _percent(minutes: float) -> str:
    return f"{minutes * 100 / MINUTES:.3f}%"
