"""The time-of-day page as a homeowner uses it, and the tariff flow's finish without JavaScript.

The bar of the day, the bands' fieldsets at every width, adding a band to a covered day; then
the whole flow, time-of-day page and summary included, with JavaScript off.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.conftest import PHONE, App, Traffic, Viewport, assert_accessible

NARROW = Viewport("narrow-phone", 320, 640, mobile=True)
WIDTHS = [NARROW, PHONE, Viewport("desktop", 1280, 900, mobile=False)]


def h1(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


def band_field(page: Page, name: str) -> Locator:
    """A band's field by its accessible name: the band's legend, then the field's own label."""
    return page.get_by_role("textbox", name=name, exact=True)


def to_time_of_day(app: App, *, js: bool = True) -> None:
    """Tom in Manchester, pence: Lowland Economy 7 (two bands covering the day)."""
    page = app.page

    def press(name: str) -> None:
        if js:
            app.click(name)
        else:
            with page.expect_navigation():
                page.locator("#app").get_by_role("button", name=name, exact=True).first.click()

    app.open_demo("manchester")
    press("Connect tariff")
    page.get_by_label("Address line 1").fill("3 Canal Street")
    page.get_by_label("City", exact=True).fill("Manchester")
    page.get_by_label("Post code").fill("M1 3HU")
    press("Continue")
    page.get_by_label("Lowland Power").check()
    press("Continue")
    page.get_by_label("Lowland Economy 7").check()
    press("Continue")
    page.get_by_label("Prices by time of day").check()
    press("Continue")
    expect(h1(page)).to_have_text("What do you pay at each time of day?")


def bar_prices(page: Page) -> list[str]:
    """The prices written on the bar where they are shown (a stretch too narrow hides its)."""
    found: list[str] = page.locator(".day-bar__bands text").evaluate_all(
        "(texts) => texts.filter((t) => getComputedStyle(t).display !== 'none')"
        ".map((t) => t.textContent)"
    )
    return found


def test_adding_a_band_to_a_covered_day_halves_the_last_band(app: App) -> None:
    page = app.page
    to_time_of_day(app)
    bands = page.locator("[data-band]")
    expect(bands).to_have_count(2)
    # The page's own bands: 00:00-07:00 at 14.98p, 07:00-24:00 at 29.11p, cheapest in green.
    expect(band_field(page, "Band 2 Ends at")).to_have_value("24:00")
    expect(bands.nth(0)).to_have_class(re.compile(r"\bprice-tone-0\b"))
    expect(bands.nth(1)).to_have_class(re.compile(r"\bprice-tone-4\b"))
    assert bar_prices(page) == ["14.98p", "29.11p"]

    app.click("Add a band")
    expect(bands).to_have_count(3)
    # Not a band at 00:00 with no end over band 1: the later half of band 2, said so.
    expect(band_field(page, "Band 2 Ends at")).to_have_value("15:00")
    expect(band_field(page, "Band 3 Starts at")).to_have_value("15:00")
    expect(band_field(page, "Band 3 Ends at")).to_have_value("24:00")
    expect(page.locator("#answer-bands-note")).to_have_text(
        "The bands already covered the whole day, so band 3 takes the later part of band 2, "
        "from 15:00 to 24:00. Enter its price."
    )
    price = band_field(page, "Band 3 Price per kWh, in pence")
    expect(price).to_be_focused()
    expect(page.locator(".day-bar__bands .is-gap")).to_have_count(0)
    assert_accessible(page)

    # The bar follows the price as it is typed: now the dearest band, in the dearest tone.
    price.fill("35,2")
    expect(bands.nth(2)).to_have_class(re.compile(r"\bprice-tone-4\b"))
    expect(bands.nth(1)).to_have_class(re.compile(r"\bprice-tone-2\b"))
    assert bar_prices(page) == ["14.98p", "29.11p", "35.2p"]

    app.click("Continue")
    expect(h1(page)).to_have_text("When does your contract end?")


def test_a_band_s_times_change_the_bar_as_they_are_typed(app: App) -> None:
    page = app.page
    to_time_of_day(app)
    start = band_field(page, "Band 2 Starts at")
    start.fill("8")
    # 07:00-08:00 is now in no band: a gap on the bar, and the server says so at the bands.
    expect(page.locator(".day-bar__bands .is-gap")).to_have_count(1)
    start.press("Tab")  # moving on writes the time as the bar shows it
    expect(start).to_have_value("08:00")
    app.click("Continue")
    expect(page.locator("#answer-bands-error")).to_have_text(
        "No price is set from 07:00 to 08:00. "
        "Add a band or change the times so the bands cover the whole day."
    )
    expect(page.locator("#error-summary")).to_be_focused()
    expect(band_field(page, "Band 2 Starts at")).to_have_value("08:00")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", WIDTHS, ids=lambda v: str(v.width))
def test_no_field_runs_into_the_card_s_edge(app: App, viewport: Viewport) -> None:
    page = app.page
    to_time_of_day(app)
    app.click("Add a band")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport.width
    for band in page.locator("[data-band]").all():
        box = band.bounding_box()
        assert box is not None
        # Inside the band's border (6px on the left, 1px on the right) and padding (14px).
        left, right = box["x"] + 6 + 14, box["x"] + box["width"] - 1 - 14
        for field in band.locator("input").all():
            inner = field.bounding_box()
            assert inner is not None
            assert inner["x"] >= left - 0.5, "a field starts outside its band"
            assert inner["x"] + inner["width"] <= right + 0.5, "a field runs past its band"
        # The last field ends as far from the band's right edge as the first starts from its left.
        price = band.locator("input[name$='-price']").bounding_box()
        assert price is not None
        assert right - (price["x"] + price["width"]) <= 1
    bar = page.locator(".day-bar__bands").bounding_box()
    card = page.locator("form.answer-form").bounding_box()
    assert bar is not None and card is not None
    assert bar["x"] + bar["width"] <= card["x"] + card["width"] - 15


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_time_of_day_page_is_accessible_in_both_palettes(
    new_context: Callable[..., BrowserContext], live_server: Any, scheme: str
) -> None:
    context = new_context(**PHONE.context_args(), color_scheme=scheme)
    app = App(context.new_page(), live_server.url)
    to_time_of_day(app)
    app.click("Add a band")
    assert_accessible(app.page)


def test_the_whole_flow_works_without_javascript(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> None:
    context = new_context(**PHONE.context_args(), java_script_enabled=False)
    app = App(context.new_page(), live_server.url)
    page = app.page

    def press(name: str) -> None:
        with page.expect_navigation():
            page.locator("#app").get_by_role("button", name=name, exact=True).first.click()

    to_time_of_day(app, js=False)
    # The bar is drawn by the server, prices on it.
    assert page.locator(".day-bar__bands text").all_text_contents() == ["14.98p", "29.11p"]
    press("Add a band")
    expect(page.locator("[data-band]")).to_have_count(3)
    expect(band_field(page, "Band 3 Starts at")).to_have_value("15:00")
    press("Continue")  # band 3 has no price yet: said at its field, nothing sent
    expect(page.locator("#answer-band-2-price-error")).to_have_text("Enter the price of band 3.")
    band_field(page, "Band 3 Price per kWh, in pence").fill("35.2")
    press("Continue")
    expect(h1(page)).to_have_text("When does your contract end?")
    press("No end date: it runs until I cancel")
    expect(h1(page)).to_have_text("Your tariff is connected")
    expect(page.locator(".prices-table")).to_contain_text("35.2p/kWh")
    press("That’s my tariff")
    assert page.url == app.home_url  # post/redirect/get
    expect(h1(page)).to_have_text("Evening Boost")
    expect(page.locator(".tariff-connected")).to_contain_text(
        "Your tariff “Lowland Economy 7” is connected."
    )
    page.reload()
    expect(page.locator(".tariff-connected")).to_have_count(0)


def test_the_tariff_script_comes_only_with_the_tariff_pages_and_once(
    app: App, traffic: Traffic
) -> None:
    page = app.page

    def fetched() -> int:
        return sum(1 for url in traffic.requests if re.search(r"/static/js/tariff\.", url))

    app.open_demo("suspended")  # an address on file: the flow opens on the providers
    assert fetched() == 0  # the dashboard never downloads it
    app.click("Connect tariff")  # swapped in: the dashboard's script fetches it
    page.get_by_label("Search for your provider").fill("front")
    expect(page.locator("[data-choice-list] li:visible")).to_have_count(1)  # and it runs
    assert fetched() == 1
    page.reload()  # a tariff page opened as a whole names it itself, once
    app.wait_settled()
    page.get_by_label("Search for your provider").fill("prai")
    expect(page.locator("[data-choice-list] li:visible")).to_have_count(1)
    assert fetched() == 2
