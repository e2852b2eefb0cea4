"""The contrast module: WCAG 2.x luminance and ratios, and the brand's shades for each palette."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connect_app.contrast import (
    BLACK,
    GRAPHIC_RATIO,
    RGB,
    TEXT_RATIO,
    WHITE,
    contrast_ratio,
    nearest_shade,
    parse_hex,
    relative_luminance,
    shades_for,
    text_on,
    to_hex,
    with_lightness,
)

# app.css's backgrounds, surfaces and the figures' tiles (test_branding checks they still are).
LIGHT = [parse_hex(c) for c in ("#f4f6f3", "#ffffff", "#eef2ee")]
DARK = [parse_hex(c) for c in ("#101614", "#18211e", "#1f2a26")]
PALETTES = {"light": LIGHT, "dark": DARK}

DEFAULT_GREEN = "#0b6b4f"
BRIGHT_YELLOW = "#ffd400"
NEAR_BLACK = "#111111"


def worst(colour: RGB, backgrounds: list[RGB]) -> float:
    return min(contrast_ratio(colour, background) for background in backgrounds)


def test_parse_and_write_hex() -> None:
    assert parse_hex("#0B6b4F") == (11, 107, 79)
    assert to_hex((11, 107, 79)) == "#0b6b4f"


@pytest.mark.parametrize("text", ["0b6b4f", "#0b6b4", "#0b6b4f0", "#ggg000", "green", "", "#fff"])
def test_anything_but_rrggbb_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="#rrggbb"):
        parse_hex(text)


def test_luminance_and_contrast_match_wcag() -> None:
    assert relative_luminance(BLACK) == 0
    assert relative_luminance(WHITE) == pytest.approx(1)
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21)
    assert contrast_ratio(WHITE, BLACK) == contrast_ratio(BLACK, WHITE)
    # Figures WebAIM's contrast checker gives: #777777 on white is 4.48:1, #767676 is 4.54:1.
    assert contrast_ratio(parse_hex("#777777"), WHITE) == pytest.approx(4.48, abs=0.005)
    assert contrast_ratio(parse_hex("#767676"), WHITE) == pytest.approx(4.54, abs=0.005)


def test_lightness_keeps_hue_and_reaches_black_and_white() -> None:
    yellow = parse_hex(BRIGHT_YELLOW)
    assert with_lightness(yellow, 0) == BLACK
    assert with_lightness(yellow, 1) == WHITE
    darker = with_lightness(yellow, 0.3)
    assert darker[0] > darker[1] > darker[2] == 0  # still a yellow: red above green, no blue


def test_a_colour_that_passes_is_used_exactly_as_given() -> None:
    green = parse_hex(DEFAULT_GREEN)
    assert nearest_shade(green, LIGHT, TEXT_RATIO) == green
    assert shades_for(green, LIGHT).fill == green
    assert shades_for(green, LIGHT).ink == green
    assert shades_for(parse_hex(BRIGHT_YELLOW), DARK).fill == parse_hex(BRIGHT_YELLOW)
    assert shades_for(parse_hex(NEAR_BLACK), LIGHT).ink == parse_hex(NEAR_BLACK)


def test_bright_yellow_darkens_on_light_and_near_black_lightens_on_dark() -> None:
    yellow = shades_for(parse_hex(BRIGHT_YELLOW), LIGHT)
    assert relative_luminance(yellow.ink) < relative_luminance(yellow.fill)
    assert relative_luminance(yellow.fill) < relative_luminance(parse_hex(BRIGHT_YELLOW))
    assert yellow.on_fill == BLACK
    black = shades_for(parse_hex(NEAR_BLACK), DARK)
    assert relative_luminance(black.ink) > relative_luminance(black.fill)
    assert relative_luminance(black.fill) > relative_luminance(parse_hex(NEAR_BLACK))
    assert black.on_fill == WHITE


def test_the_shade_found_is_the_nearest_that_passes() -> None:
    yellow = parse_hex(BRIGHT_YELLOW)
    shade = nearest_shade(yellow, LIGHT, GRAPHIC_RATIO)
    assert worst(shade, LIGHT) >= GRAPHIC_RATIO
    # A clearly lighter shade of the same hue would not pass: the scan stopped at the first.
    assert worst(with_lightness(yellow, 0.35), LIGHT) < GRAPHIC_RATIO
    assert worst(shade, LIGHT) < GRAPHIC_RATIO + 0.25


@pytest.mark.parametrize("accent", [DEFAULT_GREEN, BRIGHT_YELLOW, NEAR_BLACK])
@pytest.mark.parametrize("palette", ["light", "dark"])
def test_the_three_colours_meet_wcag_aa_in_both_palettes(accent: str, palette: str) -> None:
    backgrounds = PALETTES[palette]
    shades = shades_for(parse_hex(accent), backgrounds)
    assert worst(shades.ink, backgrounds) >= TEXT_RATIO  # links and the earnings figure
    assert worst(shades.fill, backgrounds) >= GRAPHIC_RATIO  # bars, buttons, borders
    assert contrast_ratio(shades.on_fill, shades.fill) >= TEXT_RATIO  # a primary button's label


def test_text_on_a_fill_is_whichever_of_black_and_white_reads_better() -> None:
    assert text_on(parse_hex(BRIGHT_YELLOW)) == BLACK
    assert text_on(parse_hex(DEFAULT_GREEN)) == WHITE
    # The hardest fill of all, where black and white are nearly even, still reaches 4.5:1.
    assert contrast_ratio(text_on((118, 118, 118)), (118, 118, 118)) >= TEXT_RATIO


def test_backgrounds_both_light_and_dark_are_refused() -> None:
    with pytest.raises(ValueError, match="all be light or all be dark"):
        nearest_shade(parse_hex("#777777"), [WHITE, BLACK], TEXT_RATIO)


channel = st.integers(min_value=0, max_value=255)


@settings(max_examples=300, deadline=None)
@given(colour=st.tuples(channel, channel, channel), palette=st.sampled_from(["light", "dark"]))
def test_any_colour_meets_wcag_aa_in_either_palette(colour: RGB, palette: str) -> None:
    backgrounds = PALETTES[palette]
    shades = shades_for(colour, backgrounds)
    assert worst(shades.ink, backgrounds) >= TEXT_RATIO
    assert worst(shades.fill, backgrounds) >= GRAPHIC_RATIO
    assert contrast_ratio(shades.on_fill, shades.fill) >= TEXT_RATIO
