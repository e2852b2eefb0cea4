"""Connecting a tariff from the dashboard, as a homeowner does it, against the sandbox."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.conftest import PHONE, SCREENS_DIR, App, Viewport, assert_accessible


def h1(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


def band_field(page: Page, name: str) -> Locator:
    """A band's field by its accessible name: the band's legend, then the field's own label."""
    return page.get_by_role("textbox", name=name, exact=True)


def submit(app: App, name: str = "Continue") -> None:
    """Press one of the form's own buttons (htmx posts it) and wait for the answer."""
    app.click(name)


def fill_us_address(page: Page, zip_code: str = "80202") -> None:
    page.get_by_label("Address line 1").fill("1600 Grant St")
    page.get_by_label("City", exact=True).fill("Denver")
    page.get_by_label("State").select_option("CO")
    page.get_by_label("ZIP code").fill(zip_code)


def test_connect_a_tariff_from_the_dashboard_and_come_back_to_it(
    app: App, viewport: Viewport
) -> None:
    page = app.page
    app.open_demo("active")
    expect(page.locator(".card--prompt")).to_be_visible()
    app.click("Connect tariff")

    expect(h1(page)).to_have_text("Your home's address")
    assert_accessible(page)
    fill_us_address(page, zip_code="8020")
    submit(app)
    # Our own check: nothing was sent, everything typed is still there, the summary links.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text("Enter the ZIP code, 5 digits.")
    expect(page.get_by_label("ZIP code")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("City", exact=True)).to_have_value("Denver")
    assert_accessible(page)
    page.get_by_label("ZIP code").fill("80202")
    submit(app)

    expect(h1(page)).to_have_text("Who supplies your electricity?")
    assert_accessible(page)
    page.get_by_label("Search for your provider").fill("prai")
    choices = page.locator("[data-choice-list] li:visible")
    expect(choices).to_have_count(1)
    expect(choices).to_contain_text("Prairie Wind Energy")
    page.get_by_label("Prairie Wind Energy").check()
    submit(app)

    expect(h1(page)).to_have_text("Which tariff are you on?")
    expect(page.locator(".provider-line")).to_contain_text("Prairie Wind Energy")
    assert_accessible(page)
    page.get_by_label("Prairie Flat Rate").check()
    submit(app)

    expect(h1(page)).to_have_text("How do your prices work?")
    assert_accessible(page)
    page.get_by_label("Prices by time of day").check()
    submit(app)

    expect(h1(page)).to_have_text("What do you pay at each time of day?")
    expect(page.locator("[data-band]")).to_have_count(2)
    app.click("Add a band")  # the two bands already cover the day: the second is halved
    expect(page.locator("[data-band]")).to_have_count(3)
    for number, (start, end, price) in enumerate(
        [("07:00", "16:00", "24,5"), ("23:00", "07:00", "9.8"), ("16:00", "23:00", "41")], 1
    ):
        band_field(page, f"Band {number} Starts at").fill(start)
        band_field(page, f"Band {number} Ends at").fill(end)
        band_field(page, f"Band {number} Price per kWh, in cents").fill(price)
    # The bar follows what is typed: the whole day priced, the dearest band in the dearest tone.
    bar = page.locator(".day-bar__bands")
    expect(bar.locator(".is-gap")).to_have_count(0)
    expect(bar.locator(".price-tone-4 text")).to_have_text(["41¢"])
    expect(page.locator("[data-band]").nth(2)).to_have_class(re.compile(r"price-tone-4"))
    assert_accessible(page)
    # Enter in a field answers the page (it must not press "Remove band 1").
    with page.expect_response(lambda r: r.request.method == "POST"):
        band_field(page, "Band 3 Price per kWh, in cents").press("Enter")
    app.wait_settled()

    expect(h1(page)).to_have_text("When does your contract end?")
    assert_accessible(page)
    page.get_by_label("Your contract ends on").fill("2030-06-30")
    submit(app)

    expect(h1(page)).to_have_text("Your tariff is connected")
    facts = page.locator("dl.fields")
    expect(facts).to_contain_text("Prairie Wind Energy")
    expect(facts).to_contain_text("Prices by time of day")
    expect(facts).to_contain_text("June 30, 2030")
    prices = page.locator(".prices-table")
    expect(prices).to_contain_text("24.5¢/kWh")
    expect(prices).to_contain_text("9.8¢/kWh")
    expect(prices).to_contain_text("41¢/kWh")
    expect(page.locator("[data-price-chart] canvas")).to_be_visible()
    assert_accessible(page)

    confirm_and_see_the_dashboard_say_so(app, "Prairie Flat Rate")


def confirm_and_see_the_dashboard_say_so(app: App, tariff: str) -> None:
    """The summary's one primary action confirms the tariff and returns to the dashboard."""
    page = app.page
    primary = page.locator("#app .button--primary")
    expect(primary).to_have_count(1)
    expect(primary).to_have_text("That’s my tariff")
    app.click("That’s my tariff")
    expect(h1(page)).to_have_text("Community Powershare")
    said = page.locator(".tariff-connected[role=status]")
    expect(said).to_contain_text(f"Your tariff “{tariff}” is connected.")
    expect(page.locator(".card--prompt")).to_have_count(0)
    expect(app.button("Connect tariff")).to_have_count(0)
    assert_accessible(page)
    # Said once: the dashboard again (a reload) does not repeat it.
    page.reload()
    app.wait_settled()
    expect(h1(page)).to_have_text("Community Powershare")
    expect(page.locator(".tariff-connected")).to_have_count(0)


def test_a_provider_and_tariff_that_are_not_listed_are_typed_in(
    app: App, viewport: Viewport
) -> None:
    page = app.page
    app.open_demo("active")
    app.click("Connect tariff")
    fill_us_address(page)
    submit(app)
    app.click("My provider is not listed")

    expect(h1(page)).to_have_text("What is your energy provider called?")
    submit(app)  # empty: our own check, at the field
    expect(page.locator("#answer-name-error")).to_have_text(
        "Enter the name of your energy provider."
    )
    assert_accessible(page)
    page.get_by_label("Energy provider's name").fill("Pikes Peak Power")
    submit(app)

    expect(h1(page)).to_have_text("What is your tariff called?")
    page.get_by_label("Tariff name").fill("Mountain Saver")
    submit(app)
    page.get_by_label("One price all day").check()
    submit(app)

    expect(h1(page)).to_have_text("What do you pay for electricity?")
    page.get_by_label("Price per kWh, in cents").fill("15.2")
    submit(app)
    app.click("No end date: it runs until I cancel")

    expect(h1(page)).to_have_text("Your tariff is connected")
    expect(page.locator("#tariff-1-name")).to_have_text("Mountain Saver")
    expect(page.locator("dl.fields")).to_contain_text("No end date")
    expect(page.locator(".prices-table")).to_contain_text("15.2¢/kWh")
    assert_accessible(page)


def test_a_provider_login_leaves_for_the_supplier_and_comes_back(
    app: App, viewport: Viewport
) -> None:
    page = app.page
    app.open_demo("suspended")  # an address on file: the flow starts at the provider
    app.click("Connect tariff")
    expect(h1(page)).to_have_text("Who supplies your electricity?")
    page.get_by_label("Sunbelt Electric").check()
    with page.expect_navigation(url=re.compile(r"/sandbox/provider-login")):
        page.locator("#app").get_by_role("button", name="Continue").click()
    assert "fp_cot=" in page.url
    with page.expect_navigation(url=app.home_url):
        page.get_by_role("link", name="Continue").click()
    app.wait_settled()
    expect(h1(page)).to_have_text("We are connecting your tariff")
    expect(page.locator(".provider-line")).to_contain_text("Sunbelt Electric")
    assert_accessible(page)
    app.click("Back")
    expect(h1(page)).to_have_text("Community Powershare")
    expect(app.button("Connect tariff")).to_have_count(0)


def test_the_address_step_works_without_javascript(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> None:
    context = new_context(**PHONE.context_args(), java_script_enabled=False)
    app = App(context.new_page(), live_server.url)
    page = app.page
    app.open_demo("active")
    with page.expect_navigation():
        page.get_by_role("button", name="Connect tariff").first.click()
    expect(h1(page)).to_have_text("Your home's address")
    fill_us_address(page, zip_code="ABCDE")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page.locator("#answer-post_code-error")).to_have_text("Enter the ZIP code, 5 digits.")
    expect(page.get_by_label("Address line 1")).to_have_value("1600 Grant St")
    page.get_by_label("ZIP code").fill("80202")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(h1(page)).to_have_text("Who supplies your electricity?")
    assert page.url == app.home_url  # post/redirect/get
    # Without JavaScript the search is a GET of the same page.
    page.get_by_label("Search for your provider").fill("front")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    # (axe needs JavaScript: these pages are checked with it in the journeys above.)
    expect(page.locator("[data-choice-list] li:visible")).to_have_count(1)


def test_screenshots_of_every_tariff_page_on_a_phone(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> None:
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        context = new_context(**PHONE.context_args(), color_scheme=scheme)
        walk_and_shoot(App(context.new_page(), live_server.url), scheme)


def walk_and_shoot(app: App, scheme: str) -> None:
    """Every tariff page the sandbox has, in artifacts/screens/tariff-*-phone-<scheme>.png."""
    page = app.page

    def shoot(name: str, heading: str) -> None:
        app.wait_settled()
        expect(h1(page)).to_have_text(heading)
        page.screenshot(path=SCREENS_DIR / f"tariff-{name}-phone-{scheme}.png", full_page=True)
        if scheme == "dark":
            assert_accessible(page)  # the dark palette, which the journeys do not see

    app.open_demo("active")
    app.click("Connect tariff")
    shoot("address", "Your home's address")
    fill_us_address(page, zip_code="1")
    submit(app)
    shoot("address-error", "Your home's address")
    page.get_by_label("ZIP code").fill("80202")
    submit(app)
    shoot("provider", "Who supplies your electricity?")
    page.get_by_label("Prairie Wind Energy").check()
    submit(app)
    shoot("tariff", "Which tariff are you on?")
    page.get_by_label("Wholesale Pass-Through").check()
    submit(app)
    shoot("structure", "How do your prices work?")
    page.get_by_label("Market prices").check()
    submit(app)
    # The market's region first, on a page of its own, then the surcharge.
    shoot("region-us", "Which region is your home in?")
    page.get_by_label("SPP", exact=True).check()
    submit(app)
    shoot("surcharge", "What does your supplier add to the market price?")
    page.get_by_label("Added as a percentage (optional)").fill("5")
    submit(app)
    shoot("contract-term", "When does your contract end?")
    app.click("No end date: it runs until I cancel")
    shoot("summary", "Your tariff is connected")
    app.click("Start again")
    page.get_by_label("Front Range Power").check()
    submit(app)
    app.click("My tariff is not listed")
    shoot("tariff-name", "What is your tariff called?")
    page.get_by_label("Tariff name").fill("Home Plan")
    submit(app)
    page.get_by_label("Prices by time of day").check()
    submit(app)
    shoot("time-of-day", "What do you pay at each time of day?")
    band_field(page, "Band 1 Starts at").fill("08:00")
    submit(app)
    shoot("time-of-day-error", "What do you pay at each time of day?")
    app.click("Back")
    page.get_by_label("One price all day").check()
    submit(app)
    shoot("fixed-price", "What do you pay for electricity?")

    # A home in the UK: a post code, pence, and a pricing region asked on a page of its own.
    app.open_demo("manchester")
    app.click("Connect tariff")
    expect(page.get_by_label("Post code")).to_be_visible()
    shoot("address-uk", "Your home's address")
    page.get_by_label("Address line 1").fill("3 Canal Street")
    page.get_by_label("City", exact=True).fill("Manchester")
    page.get_by_label("Post code").fill("m1 3hu")
    submit(app)
    page.get_by_label("Harbour Energy").check()
    submit(app)
    page.get_by_label("Harbour Agile").check()
    submit(app)
    page.get_by_label("Market prices").check()
    submit(app)
    shoot("region", "Which region is your home in?")
