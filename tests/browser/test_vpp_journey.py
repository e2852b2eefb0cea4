"""The journeys around the dashboard: landing and tariff, participation and leaving, payments."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import App, Viewport, assert_accessible


def test_landing_then_connect_tariff_then_back(app: App, viewport: Viewport) -> None:
    page = app.page
    app.open_demo("new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Earn with your battery")
    expect(page.locator(".programme-card")).to_contain_text("Not enrolled")
    assert_accessible(page)

    app.click("Connect tariff")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your home's address")
    assert_accessible(page)

    app.click("Back")
    expect(page.get_by_role("heading", level=1)).to_have_text("Earn with your battery")


def test_participation_timeline_and_leaving_with_a_tick(app: App, viewport: Viewport) -> None:
    page = app.page
    app.open_demo("active")
    app.click("Manage participation")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your participation in")
    steps = page.locator(".timeline__step")
    expect(steps.first).to_be_visible()
    expect(page.locator('.timeline__step[aria-current="step"]')).to_have_count(1)
    assert_accessible(page)

    app.click("Leave programme")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leave Community Powershare?")
    assert_accessible(page)
    # Without the tick nothing leaves: our message at the box, not the browser's own English.
    app.click("Leave programme")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leave Community Powershare?")
    error = page.locator("#confirmed-error")
    expect(error).to_have_text("Tick the box to confirm you want to leave.")
    expect(error).to_have_attribute("role", "alert")
    expect(page.get_by_role("checkbox")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.get_by_role("checkbox").check()
    app.click("Leave programme")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leaving Community Powershare")
    assert_accessible(page)

    app.click("Back")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your participation in")
    app.click("Back")
    expect(page.locator("#period-label")).to_be_visible()
    expect(page.locator(".badge").first).to_have_text(re.compile("Leaving"))


def test_payments_leave_for_the_provider_and_come_back_restored(
    app: App, viewport: Viewport
) -> None:
    page = app.page
    app.open_demo("active")
    app.click("Previous period")
    shown = page.locator("#period-label").inner_text()

    # Connect answers with session_redirect: htmx follows it with a full navigation.
    with page.expect_navigation(url=re.compile(r"/sandbox/payments\?fp_cot=")):
        app.button("Manage payments").click()
    with page.expect_navigation(url=app.home_url):
        page.get_by_role("link", name="Return to the app").click()
    app.wait_settled()

    # session_restore: Connect shows the payment history; Back returns to the period shown.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your payments")
    expect(page.locator("table tbody tr").first).to_be_visible()
    assert page.url == app.home_url
    assert_accessible(page)
    app.click("Back")
    expect(page.locator("#period-label")).to_have_text(shown)
