"""What a homeowner meets first (issue 19), at 320, 390 and 1280 px: programme titles broken only
between words, Day from a month opening on the month's latest day that earned, a chart with one
scale whose every column answers a tap (a zero, a day to come), a period that earned nothing
said in one line, and hover styles only where a pointer hovers.

Connect is a stand-in on loopback (support/connect_stub.py) answering with the pages each test
needs, so what is on screen does not depend on the day the tests run.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from support.connect_stub import Reply, StubConnect, vpp_summary_reply
from tests import tariff_payloads
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    SCREENS_DIR,
    App,
    Viewport,
    assert_accessible,
)
from tests.factories import summary_reply

SMALL_PHONE = Viewport("small-phone", 320, 640, mobile=True)
VIEWPORTS = [SMALL_PHONE, PHONE, DESKTOP]
LANGUAGES = ["en", "es", "de", "fr", "nl"]
# Long, in words a phone must not break: each fits a 320 px line on its own.
LONG_NAME = "Community Powershare Neighbourhood Flexibility Programme"


@pytest.fixture
def connect(settings: Any) -> Iterator[StubConnect]:
    with StubConnect(keep_alive=True) as stand_in:
        settings.FLATPEAK_CONNECT_URL = stand_in.url
        yield stand_in


def open_page(
    new_context: Callable[..., BrowserContext], origin: str, screen: Viewport, query: str
) -> App:
    context = new_context(**screen.context_args())
    app = App(context.new_page(), origin)
    app.page.goto(f"{origin}/?{query}")
    app.wait_settled()
    return app


def chart_state(page: Page, script: str) -> Any:
    return page.evaluate(
        "(script) => new Function('chart', script)("
        "window.Chart.getChart(document.querySelector('canvas[data-chart]')))",
        script,
    )


def tap_column(app: App, screen: Viewport, index: int) -> list[str]:
    """Tap (or click) bucket `index`'s column just above the baseline; the tooltip's lines."""
    page = app.page
    canvas = page.locator("canvas[data-chart]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    where = chart_state(
        page,
        f"return {{x: chart.scales.x.getPixelForValue({index}), y: chart.chartArea.bottom - 8}};",
    )
    x, y = box["x"] + where["x"], box["y"] + where["y"]
    if screen.mobile:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)
    page.wait_for_function(
        f"() => {{ const t = window.Chart.getChart(document.querySelector('canvas[data-chart]'))"
        f".tooltip; return t.opacity > 0 && t.dataPoints[0].dataIndex === {index}; }}"
    )
    lines: list[str] = chart_state(
        page, "return [chart.tooltip.title, chart.tooltip.body.map((b) => b.lines)].flat(2);"
    )
    return lines


# --- titles in whole words ---------------------------------------------------------------------

_BROKEN_WORDS = """
(element) => {
  const broken = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const word of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) {
        broken.push(word[0]);
      }
    }
  }
  return broken;
}
"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_programme_title_breaks_only_between_words(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    connect: StubConnect,
    language: str,
) -> None:
    reply = summary_reply(
        **{
            "programme.programme_display_name": LONG_NAME,
            "programme.participation_state": "SUSPENDED",
        }
    )
    connect.always(Reply.json(reply))
    app = open_page(
        new_context, live_server.url, SMALL_PHONE, f"fp_cot=cot_title_{language}&lang={language}"
    )
    page = app.page
    title = page.locator("h1.programme__title")
    badge = page.locator(".programme .badge")
    expect(title).to_have_text(LONG_NAME)
    for viewport in VIEWPORTS:
        page.set_viewport_size({"width": viewport.width, "height": viewport.height})
        assert title.evaluate(_BROKEN_WORDS) == [], f"{language} at {viewport.width} px"
        # The state sits beside the title or under it, never over it, and nothing runs off.
        title_box, badge_box = title.bounding_box(), badge.bounding_box()
        assert title_box is not None and badge_box is not None
        beside = badge_box["x"] >= title_box["x"] + title_box["width"]
        below = badge_box["y"] >= title_box["y"] + title_box["height"]
        assert beside or below, f"{language} at {viewport.width} px: {title_box} {badge_box}"
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport.width
    assert_accessible(page)


# --- Day from a month, and the one scale ------------------------------------------------------


@pytest.mark.parametrize("screen", VIEWPORTS, ids=lambda v: v.name)
def test_day_from_a_month_opens_on_its_latest_day_that_earned(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    connect: StubConnect,
    screen: Viewport,
) -> None:
    connect.always(vpp_summary_reply)  # February 2025, and any period asked for
    app = open_page(new_context, live_server.url, screen, f"fp_cot=cot_day_{screen.name}")
    page = app.page
    expect(page.locator("#period-label")).to_have_text("February 2025")
    app.wait_chart()
    figures = json.loads(page.locator("#performance-data").inner_text())
    earned = [i for i, value in enumerate(figures["earnings"]) if value]
    latest = dt.date(2025, 2, 1 + earned[-1])
    assert latest.day > 1

    app.click("Day")

    expect(page.locator("#period-label")).to_have_text(f"{latest:%A}, February {latest.day}, 2025")
    asked = connect.requests[-1].body or {}
    assert asked["data"] == {"period_type": "DAY", "period_start": latest.isoformat()}
    app.wait_chart()
    # Its hours on one scale: earnings, the only dataset; energy is in words only.
    assert chart_state(page, "return Object.keys(chart.scales);") == ["x", "y"]
    assert chart_state(page, "return chart.data.datasets.length;") == 1
    expect(page.locator(".chart__legend")).not_to_contain_text("Energy")
    assert_accessible(page)


def _today_around_noon() -> tuple[str, dt.date, int]:
    """A zone where it is now between 10:00 and 14:00, its date, and the hour there."""
    now = dt.datetime.now(dt.UTC)
    ahead = max(-12, min(14, 12 - now.hour))
    zone = "Etc/GMT" + (f"{-ahead:+d}" if ahead else "")  # Etc/GMT-5 is five hours ahead of UTC
    local = now.astimezone(ZoneInfo(zone))
    return zone, local.date(), local.hour


@pytest.mark.parametrize("screen", VIEWPORTS, ids=lambda v: v.name)
def test_every_column_answers_a_tap_a_zero_and_an_hour_to_come(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    connect: StubConnect,
    screen: Viewport,
) -> None:
    zone, today, hour = _today_around_noon()
    assert 10 <= hour <= 14, (zone, hour)
    dispatched = dt.datetime.combine(today, dt.time(8), ZoneInfo(zone))
    reply = summary_reply(
        timezone=zone,
        **{
            "performance.period_type": "DAY",
            "performance.period_start": today.isoformat(),
            "performance.period_end": today.isoformat(),
            "performance.series": [
                {"date": dispatched.isoformat(), "dispatched_kwh": 2.4, "earnings": 2.72}
            ],
            "performance.earnings": 2.72,
            "performance.energy_dispatched_kwh": 2.4,
        },
    )
    connect.always(Reply.json(reply))
    app = open_page(new_context, live_server.url, screen, f"fp_cot=cot_tap_{screen.name}")
    page = app.page
    app.wait_chart()
    legend = page.locator(".chart__legend")
    expect(legend).to_contain_text("No dispatch")
    expect(legend).to_contain_text("Not yet")
    assert chart_state(page, "return Object.keys(chart.scales);") == ["x", "y"]

    at_eight = tap_column(app, screen, 8)
    assert at_eight[1:] == ["Earnings: $2.72", "Energy: 2.4 kWh"]
    at_three = tap_column(app, screen, 3)  # nothing dispatched: a zero, marked and named
    assert at_three[1:] == ["No dispatch", "Earnings: $0.00"]
    at_twenty_two = tap_column(app, screen, 22)  # later today
    assert at_twenty_two[1:] == ["Not yet"]
    assert_accessible(page)


@pytest.mark.parametrize("screen", VIEWPORTS, ids=lambda v: v.name)
def test_a_period_that_earned_nothing_says_so_in_one_line(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    connect: StubConnect,
    screen: Viewport,
) -> None:
    idle = summary_reply(
        **{
            "performance.series": [],
            "performance.earnings": 0,
            "performance.energy_dispatched_kwh": 0,
        }
    )
    connect.always(Reply.json(idle))
    app = open_page(new_context, live_server.url, screen, f"fp_cot=cot_idle_{screen.name}")
    page = app.page
    expect(page.locator("#performance-summary")).to_have_text(
        "In February 2025, your battery did not dispatch."
    )
    expect(page.locator("figure.chart")).to_have_count(0)
    expect(page.locator("#performance-table")).to_have_count(0)
    # Nothing earned is not in the colour of money earned.
    earned = page.locator(".total--earnings dd")
    expect(earned).to_have_text("$0.00")
    colours = earned.evaluate(
        "(dd) => [getComputedStyle(dd).color,"
        " getComputedStyle(document.querySelector('.total--energy dd')).color]"
    )
    assert colours[0] == colours[1]
    # The way back is where it always is.
    expect(app.button("Previous period")).to_be_enabled()
    expect(app.button("Previous period")).to_be_in_viewport()
    assert_accessible(page)


# --- tiles and Latest ------------------------------------------------------------------------


@pytest.mark.parametrize("screen", VIEWPORTS, ids=lambda v: v.name)
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_tiles_are_one_height_and_latest_is_not_a_kind_of_period(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    connect: StubConnect,
    screen: Viewport,
    language: str,
) -> None:
    connect.always(vpp_summary_reply)
    query = f"fp_cot=cot_tiles_{screen.name}_{language}&lang={language}"
    app = open_page(new_context, live_server.url, screen, query)
    page = app.page
    tiles = page.locator(".totals .total")
    boxes = [tiles.nth(i).bounding_box() for i in range(2)]
    figures = [page.locator(".totals dd").nth(i).bounding_box() for i in range(2)]
    assert all(boxes) and all(figures)
    assert boxes[0]["height"] == boxes[1]["height"]  # type: ignore[index]
    bottoms = [f["y"] + f["height"] for f in figures]  # type: ignore[index]
    assert bottoms[0] == bottoms[1]
    # The kinds of period are one group of tabs; Latest is outside it.
    expect(page.locator(".period-types button")).to_have_count(3)
    expect(page.locator(".period-types #period-latest")).to_have_count(0)
    expect(page.locator("#period-latest")).to_be_visible()


# --- hover -----------------------------------------------------------------------------------

_HOVER_OUTSIDE_HOVER_MEDIA = """
() => {
  const found = [];
  const walk = (rules, media) => {
    for (const rule of rules) {
      if (rule instanceof CSSMediaRule) {
        walk(rule.cssRules, media.concat(rule.conditionText));
      } else if (rule.selectorText && rule.selectorText.includes(":hover")) {
        if (!media.some((m) => m.includes("(hover: hover)"))) {
          found.push(rule.selectorText);
        }
      }
    }
  };
  for (const sheet of document.styleSheets) {
    walk(sheet.cssRules, []);
  }
  return found;
}
"""


@pytest.mark.parametrize("screen", VIEWPORTS, ids=lambda v: v.name)
def test_hover_styles_only_where_a_pointer_hovers(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    connect: StubConnect,
    screen: Viewport,
) -> None:
    connect.always(vpp_summary_reply)
    app = open_page(new_context, live_server.url, screen, f"fp_cot=cot_hover_{screen.name}")
    page = app.page
    assert page.evaluate(_HOVER_OUTSIDE_HOVER_MEDIA) == []
    button = page.locator("#app .actions .button:not(.button--primary)").first
    resting = button.evaluate("(b) => getComputedStyle(b).borderColor")
    button.hover()
    hovered = button.evaluate("(b) => getComputedStyle(b).borderColor")
    # A touch screen keeps the resting look under the finger; a mouse shows where it is.
    assert (hovered == resting) == screen.mobile, (screen.name, resting, hovered)


# --- the tariff's prices ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("currency", "language", "unit"), [("GBP", "de", "p/kWh"), ("USD", "en", "¢/kWh")]
)
def test_the_price_chart_names_its_unit_in_the_customers_currency(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    connect: StubConnect,
    currency: str,
    language: str,
    unit: str,
) -> None:
    reply = tariff_payloads.summary()
    reply["data"]["currency_code"] = currency
    connect.always(Reply.json(reply))
    query = f"fp_cot=cot_prices_{currency}&lang={language}"
    app = open_page(new_context, live_server.url, PHONE, query)
    page = app.page
    words = {"de": f"Preise in {unit}", "en": f"Prices in {unit}"}[language]
    expect(page.locator(".chart__unit")).to_have_text(words)
    canvas = page.locator("[data-price-chart] canvas")
    page.wait_for_function(
        "(canvas) => Boolean(window.Chart && window.Chart.getChart(canvas))",
        arg=canvas.element_handle(),
    )
    scale = canvas.evaluate("(c) => window.Chart.getChart(c).options.scales.y.title")
    assert (scale["display"], scale["text"]) == (True, unit)
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.locator("section:has([data-price-chart])").screenshot(
        path=SCREENS_DIR / f"prices-{currency}.png"
    )
    assert_accessible(page)
