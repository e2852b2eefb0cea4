"""The zone line: shown when the device's clock is not the programme's, absent when they agree."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENS_DIR, App, Viewport, assert_accessible


def _hours_behind(programme: str, device: str) -> int:
    now = dt.datetime.now(dt.UTC)
    ahead = ZoneInfo(programme).utcoffset(now) - ZoneInfo(device).utcoffset(now)  # type: ignore[operator]
    return int(-ahead.total_seconds() // 3600)


@pytest.mark.browser_context_args(timezone_id="Asia/Tokyo")
def test_a_viewer_in_tokyo_is_told_how_far_the_programme_is_behind(
    app: App, viewport: Viewport
) -> None:
    page = app.page
    app.open_demo("active")  # a Denver programme
    hours = _hours_behind("America/Denver", "Asia/Tokyo")
    line = page.locator("[data-zone-line]")
    expect(line).to_be_visible()
    expect(line).to_have_text(f"Times are in Mountain Time (Denver), {hours} hours behind you.")
    app.wait_chart()
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / f"zone-line-{viewport.name}.png")
    assert_accessible(page)

    # Said once: not again at the foot of the page.
    expect(page.locator(".footnote--zone")).to_be_hidden()

    app.click("Previous period")  # the new period's card says it too, from the first paint
    expect(line).to_be_visible()
    expect(line).to_have_text(f"Times are in Mountain Time (Denver), {hours} hours behind you.")
    expect(page.locator(".footnote--zone")).to_be_hidden()


@pytest.mark.browser_context_args(timezone_id="America/Denver")
def test_no_line_when_the_viewer_is_in_the_programmes_zone(app: App) -> None:
    page = app.page
    app.open_demo("active")
    app.wait_chart()
    page.wait_for_timeout(300)  # the zone's name is looked up after the first paint
    expect(page.locator("[data-zone-line]")).to_be_hidden()
    # The viewer's clock is the programme's: nothing to say, at the top or at the foot.
    expect(page.locator(".footnote--zone")).to_be_hidden()
    assert "Mountain Time" not in page.locator("#app").inner_text()


@pytest.mark.browser_context_args(timezone_id="America/Boise")
def test_another_zone_on_the_same_clock_is_named_as_such(app: App) -> None:
    app.open_demo("active")
    expect(app.page.locator("[data-zone-line]")).to_have_text(
        "Times are in Mountain Time (Denver), the same time as yours."
    )


@pytest.mark.browser_context_args(timezone_id="Asia/Tokyo", java_script_enabled=False)
def test_without_javascript_the_footnote_says_it_and_the_table_is_the_chart(app: App) -> None:
    page = app.page
    app.open_demo("active")
    expect(page.locator("[data-zone-line]")).to_be_hidden()
    expect(page.locator(".footnote--zone")).to_have_text("Times are in Mountain Time (Denver).")
    expect(page.locator(".chart__frame")).to_be_hidden()
    # Printing needs the script; without it the page says to use the browser's command instead.
    expect(page.locator("[data-print-statement]")).to_be_hidden()
