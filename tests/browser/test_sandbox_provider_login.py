"""The sandbox's stand-in for a supplier's own login (the DIRECT branch, via session_redirect):
signing in, and a sign-in that fails, each back in the app where the flow left off."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import App, Viewport, assert_accessible

LOGIN = re.compile(r"/sandbox/provider-login\?fp_cot=cot_sandbox_\w+$")


def _to_the_suppliers_login(app: App) -> None:
    page = app.page
    app.open_demo("new")
    app.click("Connect tariff")
    page.get_by_label("Address line 1").fill("1600 Glenarm Place")
    page.get_by_label("City").fill("Denver")
    page.get_by_label("State").select_option("CO")
    page.get_by_label("ZIP code").fill("80202")
    app.click("Continue")
    page.get_by_label("Sunbelt Electric").check()
    with page.expect_navigation(url=LOGIN):
        app.button("Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign in to your energy supplier (sandbox)"
    )
    assert_accessible(page)


def test_signing_in_at_the_supplier_comes_back_pending(app: App, viewport: Viewport) -> None:
    page = app.page
    _to_the_suppliers_login(app)
    # Back at connect_url with the token, which the app resumes (session_restore) and drops.
    with page.expect_navigation(url=app.home_url):
        page.get_by_role("link", name="Continue").click()
    app.wait_settled()
    expect(page.locator("#app")).to_contain_text("Sunbelt Electric")
    expect(page.locator("#app")).to_contain_text("fetching your tariff")
    assert_accessible(page)
    app.click("Back")
    expect(page.get_by_role("heading", level=1)).to_have_text("Earn with your battery")
    expect(app.button("Connect tariff")).to_have_count(0)


def test_a_failed_sign_in_comes_back_failed_and_can_be_tried_again(
    app: App, viewport: Viewport
) -> None:
    page = app.page
    _to_the_suppliers_login(app)
    with page.expect_navigation(url=app.home_url):
        page.get_by_role("button", name="Make the sign-in fail").click()
    app.wait_settled()
    expect(page.locator("#app")).to_contain_text("could not sign in to your supplier")
    assert_accessible(page)
    # RECONNECT sends the customer to the supplier again.
    with page.expect_navigation(url=LOGIN):
        app.button("Try connecting again").click()
    with page.expect_navigation(url=app.home_url):
        page.get_by_role("link", name="Continue").click()
    app.wait_settled()
    expect(page.locator("#app")).to_contain_text("fetching your tariff")
