"""The integrator's brand in a real browser: two hard colours stay axe-clean in both palettes.

A bright yellow and a near-black are the colours that break a fixed palette: each is close to
one of the two backgrounds. Each is tried in the light and the dark palette, once following
the system's setting and once forced by `theme=` on the entry URL against the system's
setting, and the chart's bars are checked to be the brand's shade from the stylesheet.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from connect_app import branding
from tests.browser.conftest import PHONE, SCREENS_DIR, App, assert_accessible

ACCENTS = {"yellow": "#ffd400", "near-black": "#111111"}
OTHER = {"light": "dark", "dark": "light"}

_CSS_PROPERTY = "(name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim()"
_BAR_COLOUR = """
() => window.Chart.getChart(document.querySelector("canvas[data-chart]"))
  .data.datasets[0].backgroundColor
"""


def open_dashboard(page: Page, origin: str, theme: str | None) -> None:
    """Enter with a fresh sandbox token, as a host app would, naming a theme or not."""
    minted = page.request.post(
        f"{origin}/sandbox/tokens",
        data=json.dumps({"customer": "active"}),
        headers={"Content-Type": "application/json"},
    )
    assert minted.status == 201, minted.text()
    entry = f"{origin}/?fp_cot={minted.json()['connect_token']}"
    page.goto(entry + (f"&theme={theme}" if theme else ""))
    assert page.url == f"{origin}/"  # the token left the address bar
    app = App(page, origin)
    app.wait_settled()
    app.wait_chart()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("forced", [False, True], ids=["system", "forced"])
@pytest.mark.parametrize("accent", list(ACCENTS), ids=list(ACCENTS))
def test_the_dashboard_is_accessible_in_the_brand_colour(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    settings: Any,
    accent: str,
    forced: bool,
    theme: str,
) -> None:
    settings.CONNECT_BRAND_ACCENT = ACCENTS[accent]
    expected = branding.stylesheet().palettes[theme]
    # Forced: the system says the other palette, and theme= must win over it.
    context = new_context(**PHONE.context_args(), color_scheme=OTHER[theme] if forced else theme)
    page = context.new_page()

    open_dashboard(page, live_server.url, theme if forced else None)
    for name in ("--bg", "--accent", "--accent-text", "--accent-ink", "--earnings"):
        assert page.evaluate(_CSS_PROPERTY, name) == expected[name], name
    # The bars take the brand's shade from the stylesheet, not a colour of the script's own.
    assert page.evaluate(_BAR_COLOUR) == expected["--earnings"]
    scheme = page.locator('meta[name="color-scheme"]')
    expect(scheme).to_have_attribute("content", theme if forced else "light dark")
    assert_accessible(page)

    if forced:
        # Still forced after an htmx swap (to a month with earnings bars) and a full reload.
        app = App(page, live_server.url)
        app.click("Previous period")
        app.wait_chart()
        assert page.evaluate(_CSS_PROPERTY, "--bg") == expected["--bg"]
        assert_accessible(page)
        SCREENS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENS_DIR / f"brand-{accent}-{theme}-phone.png", full_page=True)
        page.reload()
        assert page.evaluate(_CSS_PROPERTY, "--bg") == expected["--bg"]
        # The participation page's timeline marks the current step in the brand's colour.
        app.click("Manage participation")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Your participation in")
        assert_accessible(page)


@pytest.mark.parametrize(
    ("name", "svg_size"),
    [("wide.svg", 'width="400" height="40"'), ("tall.svg", 'width="40" height="400"')],
)
def test_the_logo_shows_in_the_header_at_a_fixed_height(
    app: App, settings: Any, tmp_path: Path, name: str, svg_size: str
) -> None:
    logo = tmp_path / name
    logo.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" {svg_size}>'
        '<rect width="100%" height="100%" fill="#0b6b4f"/></svg>',
        encoding="utf-8",
    )
    settings.CONNECT_BRAND_LOGO = logo
    settings.CONNECT_BRAND_NAME = "Acme Energy"
    page = app.page
    page.set_viewport_size({"width": PHONE.width, "height": PHONE.height})
    app.open_demo("active")
    image = page.get_by_role("banner").get_by_role("img", name="Acme Energy")
    expect(image).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())
    box = image.bounding_box()
    assert box is not None
    assert box["height"] == pytest.approx(32, abs=0.5)  # 2rem, whatever the file says
    assert box["width"] <= 12 * 16 + 0.5  # never wider than 12rem, however wide the file
    assert_accessible(page)
