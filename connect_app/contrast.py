"""Colour contrast for the integrator's brand colour (WCAG 2.x), as pure functions.

An integrator gives one colour. Every palette (light, dark) needs shades of it that stay
readable on that palette's backgrounds, whatever the colour: a bright yellow has to darken on a
light page, a near-black has to lighten on a dark one. Each shade here is the nearest one to
the brand colour, in HSL lightness (hue and saturation kept), that meets its ratio, so a
colour that already passes is used exactly as given.
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable
from dataclasses import dataclass

RGB = tuple[int, int, int]

# WCAG 2.x success criteria 1.4.3 (text) and 1.4.11 (graphics such as chart bars and borders).
TEXT_RATIO = 4.5
GRAPHIC_RATIO = 3.0
# Shades are chosen a hair above each threshold, so no rounding in a browser's contrast check
# (axe-core computes the same formula in floating point) can land them just below it.
_MARGIN = 0.05
_STEPS = 1000
# The luminance at which black and white contrast equally (sqrt(1.05 * 0.05) - 0.05).
_MIDDLE = (1.05 * 0.05) ** 0.5 - 0.05

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)


def parse_hex(text: str) -> RGB:
    """`#rrggbb` to its three channels; anything else is a ValueError."""
    if not _HEX.match(text):
        raise ValueError(f"not a #rrggbb colour: {text!r}")
    return (int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16))


def to_hex(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def _linear(channel: int) -> float:
    value = channel / 255
    # WCAG 2.x's own constant (0.03928), the one axe-core uses too.
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: RGB) -> float:
    red, green, blue = (_linear(channel) for channel in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: RGB, second: RGB) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def with_lightness(colour: RGB, lightness: float) -> RGB:
    """The same hue and saturation at another HSL lightness (0 is black, 1 is white)."""
    hue, _, saturation = colorsys.rgb_to_hls(*(channel / 255 for channel in colour))
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return (round(red * 255), round(green * 255), round(blue * 255))


def meets(colour: RGB, backgrounds: Iterable[RGB], ratio: float) -> bool:
    return all(contrast_ratio(colour, background) >= ratio for background in backgrounds)


def nearest_shade(colour: RGB, backgrounds: Iterable[RGB], ratio: float) -> RGB:
    """The shade of `colour` closest to it that has `ratio` against every background.

    It darkens on light backgrounds and lightens on dark ones; a colour that already passes
    comes back unchanged. The backgrounds of one palette must all be light or all be dark.
    """
    grounds = list(backgrounds)
    if meets(colour, grounds, ratio):
        return colour
    target = ratio + _MARGIN
    luminances = [relative_luminance(ground) for ground in grounds]
    # Above this luminance black contrasts more than white does, so shades go darker.
    darken = min(luminances) > _MIDDLE
    if darken != (max(luminances) > _MIDDLE):
        raise ValueError("the backgrounds of one palette must all be light or all be dark")
    _, start, _ = colorsys.rgb_to_hls(*(channel / 255 for channel in colour))
    end = 0.0 if darken else 1.0
    # A plain scan of lightness: at most a thousand small steps, once at start-up, and no
    # bisection that rounding to whole channels could lead astray.
    for step in range(1, _STEPS + 1):
        shade = with_lightness(colour, start + (end - start) * step / _STEPS)
        if meets(shade, grounds, target):
            return shade
    extreme = BLACK if darken else WHITE
    if not meets(extreme, grounds, ratio):
        raise ValueError(f"no shade reaches {ratio}:1 against these backgrounds")
    return extreme


def text_on(fill: RGB) -> RGB:
    """Black or white, whichever reads better on `fill`: one of them always reaches 4.58:1."""
    return WHITE if contrast_ratio(WHITE, fill) >= contrast_ratio(BLACK, fill) else BLACK


@dataclass(frozen=True)
class Shades:
    """The brand colour's shades for one palette."""

    fill: RGB  # primary buttons, chart bars, borders and dots: graphics on the backgrounds
    on_fill: RGB  # text on `fill`
    ink: RGB  # links and figures: text on the backgrounds


def shades_for(accent: RGB, backgrounds: Iterable[RGB]) -> Shades:
    grounds = list(backgrounds)
    fill = nearest_shade(accent, grounds, GRAPHIC_RATIO)
    return Shades(fill=fill, on_fill=text_on(fill), ink=nearest_shade(accent, grounds, TEXT_RATIO))
