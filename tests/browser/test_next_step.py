"""Issue 19 §3 and §5 in a browser: the next step first, and "Still loading…" when it is slow."""

from __future__ import annotations

import re
import time
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import App, Viewport, assert_accessible

CHECK_IT = "Check your battery is switched on and connected to the internet."
BUSY = re.compile(r"\bhtmx-request\b")


def test_the_suspended_customers_next_step_is_at_the_top_and_said_once(
    app: App, viewport: Viewport
) -> None:
    page = app.page
    app.open_demo("suspended")
    step = page.get_by_role("region", name="Your next step")
    expect(step).to_contain_text("Your participation is paused")
    expect(step).to_contain_text("Your battery has stopped sending data to the programme.")
    expect(step.locator(".next-step__to-do")).to_have_text(CHECK_IT)
    # At the top: on the first screen, above the period's figures and chart.
    expect(step).to_be_in_viewport()
    step_box, card_box = step.bounding_box(), page.locator(".performance").bounding_box()
    assert step_box is not None and card_box is not None
    assert step_box["y"] + step_box["height"] <= card_box["y"]
    assert step_box["y"] + step_box["height"] <= viewport.height
    # Said once on the whole page, with every disclosure open.
    page.evaluate("document.querySelectorAll('#app details').forEach((d) => { d.open = true; })")
    text = page.locator("#app").inner_text()
    assert text.count("switched on and connected to the internet") == 1, text
    assert text.count("Your battery has stopped sending data") == 1, text
    # The header does not say what the block says.
    expect(page.locator(".programme__status")).to_have_count(0)
    assert_accessible(page)


def test_an_active_customer_has_no_next_step(app: App, viewport: Viewport) -> None:
    page = app.page
    app.open_demo("active")
    expect(page.locator(".next-step")).to_have_count(0)
    # Where a homeowner first meets "dispatch", it is said in plain words.
    expect(page.locator(".programme__status")).to_contain_text("(a dispatch)")


def test_left_the_programme_is_never_asked_to_check_the_battery(
    app: App, viewport: Viewport
) -> None:
    page = app.page
    app.open_demo("unenrolled")
    expect(page.get_by_role("region", name="Your next step")).to_contain_text("You have left")
    page.evaluate("document.querySelectorAll('#app details').forEach((d) => { d.open = true; })")
    text = page.locator("#app").inner_text()
    assert "switched on" not in text and "has not reported" not in text, text
    assert "Nothing is needed from you" not in text, text


def test_still_loading_is_said_after_three_seconds_and_goes_with_the_answer(
    app: App, viewport: Viewport, settings: Any
) -> None:
    # The sandbox's slow fault answers just after the app's time-out: 4 s, then 5 s.
    settings.CONNECT_TIMEOUT_S = 4
    page = app.page
    app.open_demo("active", fault="slow")  # the first page is served at once
    note = page.locator("[data-still-loading]")
    expect(note).to_have_text("")
    expect(page.locator(".still-loading")).to_have_attribute("role", "status")

    started = time.monotonic()
    app.button("Previous period").click()
    page.wait_for_timeout(1_500)
    expect(note).to_have_text("")  # a quick answer never sees it
    expect(note).to_be_hidden()
    expect(note).to_have_text("Still loading…", timeout=3_000)
    shown_after = time.monotonic() - started
    assert 2.5 <= shown_after < 4.5, shown_after
    # Beside the progress line, and on screen however far the page is scrolled.
    expect(page.locator("#app")).to_have_class(BUSY)
    expect(note).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, 900)")
    expect(note).to_be_in_viewport()

    # The app gives up on Connect: the answer lands, the words go.
    expect(page.locator("#app .notice")).to_contain_text(
        "We couldn't reach your energy programme just now.", timeout=8_000
    )
    expect(note).to_have_text("")
    expect(note).to_be_hidden()
    assert_accessible(page)
