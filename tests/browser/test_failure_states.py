"""What the customer sees when Connect refuses, the session expires, or a page is unknown to us."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import App, Viewport, assert_accessible

# Connect's rate_limit code in our words, not the message it came with (A7).
RATE_LIMITED = "Your energy programme is busy right now. Wait a moment, then try again."


def test_rate_limited_action_keeps_the_dashboard_with_an_alert(
    app: App, viewport: Viewport
) -> None:
    page = app.page
    app.open_demo("active", fault="error_object")  # the first page is served normally
    heading = page.locator("#period-label")
    month = heading.inner_text()
    expect(page.get_by_role("alert")).to_have_count(0)

    app.click("Previous period")

    notice = page.locator("#app .notice")
    expect(notice).to_have_attribute("role", "alert")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(RATE_LIMITED)
    expect(notice.get_by_role("button", name="Try again", exact=True)).to_be_visible()
    # Nothing changed: the dashboard, its period and its figures are still there.
    expect(page.get_by_role("heading", level=1)).to_have_text("Community Powershare")
    expect(heading).to_have_text(month)
    expect(page.locator("dl.totals")).to_be_visible()
    expect(app.button("Previous period")).to_be_enabled()
    assert page.url == app.home_url
    assert_accessible(page)

    # Trying again asks Connect again; still rate limited, so the alert is shown once more.
    notice.get_by_role("button", name="Try again").click()
    app.wait_settled()
    expect(page.get_by_role("alert")).to_have_count(1)
    expect(page.get_by_role("alert")).to_contain_text(RATE_LIMITED)
    expect(heading).to_have_text(month)


def test_expired_session_offers_only_close(app: App, viewport: Viewport) -> None:
    page = app.page
    app.open_demo("active", fault="expired")  # the first page is served normally
    expect(page.locator("#period-label")).to_be_visible()

    app.click("Previous period")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your session has expired")
    expect(page).to_have_title("Session expired · Battery earnings")
    buttons = page.locator("#app").get_by_role("button")
    expect(buttons).to_have_count(1)
    expect(buttons).to_have_accessible_name("Close")
    assert page.url == app.home_url
    assert_accessible(page)

    # Connect cannot be told any more, so the app ends the flow itself and sends the browser
    # to the session's callback_url (looked up over REST; the sandbox's stand-in API here).
    app.button("Close").click()
    page.wait_for_url(re.compile(rf"^{re.escape(app.origin)}/sandbox/callback(\?|$)"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The sandbox session ended")
    assert_accessible(page)


def test_participation_page_and_back_to_the_dashboard(app: App, viewport: Viewport) -> None:
    page = app.page
    app.open_demo("suspended")
    month = page.locator("#period-label").inner_text()

    app.click("Manage participation")

    # vpp_participation: the app's own participation page (it was rendered generically before).
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your participation in Community Powershare"
    )
    expect(page.locator("#app")).not_to_contain_text("cot_")  # no token is ever shown
    assert_a_way_on(app)
    back_to_the_same_period(app, month)


def assert_a_way_on(app: App) -> None:
    """Any page offers Back and Close, keeps the address at "/" and passes axe."""
    expect(app.button("Back")).to_be_visible()
    expect(app.button("Close")).to_be_visible()
    assert app.page.url == app.home_url
    assert_accessible(app.page)


def back_to_the_same_period(app: App, month: str) -> None:
    """Back from a page reached from the dashboard returns to the dashboard on that period."""
    app.click("Back")
    expect(app.page.get_by_role("heading", level=1)).to_have_text("Community Powershare")
    expect(app.page.locator("#period-label")).to_have_text(month)
    expect(app.page.locator("dl.totals")).to_be_visible()
