"""Changing period by swipe and arrow keys, and how a period change feels while Connect answers.

Touches are real touch events sent through Chromium's input pipeline (CDP
Input.dispatchTouchEvent), at phone size; keys are real key presses. Every gesture must post the
same form the buttons post, once: the browser's POSTs are counted.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, CDPSession, Page, Request, expect

from support.connect_stub import StubConnect, vpp_summary_reply
from tests.browser.conftest import DESKTOP, PHONE, SCREENS_DIR, App
from tests.browser.test_dashboard_journey import _local_today, _month_label, _previous_month

# Interaction to next paint, the budget for a tap on a period control.
INP_BUDGET_MS = 100
STANDIN_LATENCY_S = 0.3


class Posts:
    """The POSTs a page sent, to hold a gesture to exactly one."""

    def __init__(self, page: Page) -> None:
        self.sent: list[str] = []
        page.on("request", self._seen)

    def _seen(self, request: Request) -> None:
        if request.method == "POST":
            self.sent.append(request.post_data or "")

    def count(self) -> int:
        return len(self.sent)


class Finger:
    """One finger on the touch screen, moved in small steps like a real swipe."""

    def __init__(self, page: Page) -> None:
        self.cdp: CDPSession = page.context.new_cdp_session(page)

    def drag(
        self, start: tuple[float, float], end: tuple[float, float], duration_s: float = 0.15
    ) -> None:
        steps = 8
        self._touch("touchStart", start)
        for step in range(1, steps + 1):
            time.sleep(duration_s / steps)
            x = start[0] + (end[0] - start[0]) * step / steps
            y = start[1] + (end[1] - start[1]) * step / steps
            self._touch("touchMove", (x, y))
        self.cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    def _touch(self, kind: str, point: tuple[float, float]) -> None:
        self.cdp.send(
            "Input.dispatchTouchEvent",
            {"type": kind, "touchPoints": [{"x": point[0], "y": point[1]}]},
        )


def _totals_row(page: Page) -> tuple[float, float, float]:
    """Left edge, right edge and middle height of the totals inside the period card."""
    page.locator("dl.totals").scroll_into_view_if_needed()
    box = page.locator("dl.totals").bounding_box()
    assert box is not None
    return box["x"], box["x"] + box["width"], box["y"] + box["height"] / 2


def _swipe(app: App, finger: Finger, direction: str, duration_s: float = 0.15) -> None:
    left, right, y = _totals_row(app.page)
    start, end = (left + 20, y), (right - 20, y)
    finger.drag(*((start, end) if direction == "left-to-right" else (end, start)), duration_s)


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext], live_server: Any) -> Iterator[App]:
    context = new_context(**PHONE.context_args())
    yield App(context.new_page(), live_server.url)


def test_swipes_change_period_only_where_the_control_is_enabled(phone: App) -> None:
    page = phone.page
    phone.open_demo("active")
    phone.wait_chart()
    posts, finger = Posts(page), Finger(page)
    heading = page.locator("#period-label")
    today = _local_today("active")
    this_month = heading.inner_text()
    expect(phone.button("Next period")).to_be_disabled()

    # Right to left asks for the next period, which the current one does not have: nothing.
    _swipe(phone, finger, "right-to-left")
    page.wait_for_timeout(400)
    assert posts.count() == 0
    expect(heading).to_have_text(this_month)

    # Left to right: the previous period, with one request, as the button sends it.
    with page.expect_response(lambda r: r.request.method == "POST"):
        _swipe(phone, finger, "left-to-right")
    phone.wait_settled()
    expect(heading).to_have_text(_month_label(_previous_month(today)))
    assert posts.count() == 1
    assert "action=CHANGE_PERIOD" in posts.sent[0]
    phone.expect_chart_redrawn()

    # And back: right to left is now the next period.
    with page.expect_response(lambda r: r.request.method == "POST"):
        _swipe(phone, finger, "right-to-left")
    phone.wait_settled()
    expect(heading).to_have_text(this_month)
    assert posts.count() == 2


def test_a_vertical_scroll_a_short_drift_and_a_slow_drag_change_nothing(phone: App) -> None:
    page = phone.page
    phone.open_demo("active")
    phone.wait_chart()
    posts, finger = Posts(page), Finger(page)
    heading = page.locator("#period-label")
    month = heading.inner_text()
    page.evaluate("window.scrollTo(0, 0)")

    # A thumb scrolling the page up across the card, drifting sideways a little as thumbs do.
    box = page.locator("section.performance").bounding_box()
    assert box is not None
    x = box["x"] + box["width"] / 2
    finger.drag((x, 700), (x + 40, 250), duration_s=0.2)
    page.wait_for_timeout(600)
    assert page.evaluate("window.scrollY") > 100, "the page did not scroll"
    assert posts.count() == 0
    expect(heading).to_have_text(month)

    left, right, y = _totals_row(page)
    finger.drag((left + 40, y), (left + 70, y))  # 30 px: a drift, not a swipe
    finger.drag((left + 20, y), (right - 20, y), duration_s=1.2)  # far, but slow
    page.wait_for_timeout(400)
    assert posts.count() == 0
    expect(heading).to_have_text(month)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_arrow_keys_in_the_period_bar_step_through_periods(app: App, viewport: Any) -> None:
    page = app.page
    app.open_demo("active")
    app.wait_chart()
    posts = Posts(page)
    heading = page.locator("#period-label")
    this_month = heading.inner_text()
    previous = _month_label(_previous_month(_local_today("active")))

    app.button("Year").focus()
    page.keyboard.press("ArrowRight")  # the current period has no next one
    page.wait_for_timeout(300)
    assert posts.count() == 0

    with page.expect_response(lambda r: r.request.method == "POST"):
        page.keyboard.press("ArrowLeft")
    app.wait_settled()
    expect(heading).to_have_text(previous)
    assert posts.count() == 1
    # The keyboard is still in the period bar, so the next press works at once.
    expect(page.locator(".period-bar :focus")).to_have_count(1)

    with page.expect_response(lambda r: r.request.method == "POST"):
        page.keyboard.press("ArrowRight")
    app.wait_settled()
    expect(heading).to_have_text(this_month)
    assert posts.count() == 2

    # Outside the period bar the arrow keys are the page's, not ours.
    page.locator("details.figures summary").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(300)
    assert posts.count() == 2


# --- a period change while Connect takes 300 ms ---------------------------------------------

_WATCH = """
window.__events = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.interactionId) {
      window.__events.push({name: e.name, start: e.startTime, duration: e.duration,
                            processingEnd: e.processingEnd});
    }
  }
}).observe({type: "event", buffered: true, durationThreshold: 16});
window.__dimmedAt = null;
new MutationObserver(() => {
  const card = document.querySelector(".performance.is-changing");
  if (card && window.__dimmedAt === null) { window.__dimmedAt = performance.now(); }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["class"]});
"""


@pytest.fixture
def slow_connect(settings: Any) -> Iterator[StubConnect]:
    """A Connect stand-in answering every call after 300 ms; the app talks to it."""
    with StubConnect(
        latency_s=STANDIN_LATENCY_S, keep_alive=True, always=vpp_summary_reply
    ) as standin:
        settings.FLATPEAK_CONNECT_URL = standin.url
        yield standin


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_period_change_answers_the_tap_in_the_same_frame(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    slow_connect: StubConnect,
    viewport: Any,
) -> None:
    context = new_context()  # sized by the `viewport` parameter (conftest)
    context.add_init_script(_WATCH)
    app = App(context.new_page(), live_server.url)
    page = app.page
    page.goto(f"{live_server.url}/?fp_cot=cot_inp_{viewport.name}")
    app.wait_settled()
    app.wait_chart()
    heading = page.locator("#period-label")
    expect(heading).to_have_text("February 2025")  # the stand-in's first period

    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        if viewport.mobile:
            page.locator("#app").get_by_role("button", name="Previous period").tap()
        else:
            app.button("Previous period").click()
        # Connect has not answered yet: the card shows it is working.
        card = page.locator("section.performance")
        expect(card).to_have_class(_has("is-changing"), timeout=100)
        expect(card).to_have_attribute("aria-busy", "true")
        expect(app.button("Previous period")).to_have_class(_has("is-pending"))
        for other in ("Day", "Year"):
            expect(app.button(other)).to_have_attribute("aria-disabled", "true")
        opacity = page.evaluate("getComputedStyle(document.querySelector('.totals')).opacity")
        assert float(opacity) < 1, "the totals are not dimmed"
        SCREENS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENS_DIR / f"period-change-{viewport.name}.png")
    assert answer.value.ok
    app.wait_settled()
    expect(heading).to_have_text("January 2025")
    expect(page.locator("section.performance")).not_to_have_class(_has("is-changing"))
    app.expect_chart_redrawn()

    page.wait_for_timeout(200)  # event entries are reported after their next paint
    events: list[dict[str, Any]] = page.evaluate("window.__events")
    dimmed_at: float | None = page.evaluate("window.__dimmedAt")
    taps = [e for e in events if e["name"] in ("pointerdown", "pointerup", "click", "touchend")]
    assert taps, f"no event timing entries for the tap: {events}"
    worst = max(e["duration"] for e in taps)
    assert worst <= INP_BUDGET_MS, f"interaction to next paint {worst} ms: {taps}"
    # The dimming was on screen in the paint that ended the interaction, not the answer's.
    paint = max(e["start"] + e["duration"] for e in taps)
    assert dimmed_at is not None and dimmed_at <= paint, (dimmed_at, taps)
    assert dt.timedelta(milliseconds=worst) < dt.timedelta(seconds=STANDIN_LATENCY_S)


def _has(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(name)}\b")
