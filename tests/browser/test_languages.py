"""Every language in Chromium: the dashboard and a tariff page axe-clean, <html lang> right.

Entered the way a host enters: `lang` on the URL, while the browser itself says en-US. No
English label is used to find anything here, since none should be on these pages.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import App, assert_accessible

LANGUAGES = ["en", "es", "de", "fr", "nl"]


def in_(language: str) -> re.Pattern[str]:
    """The language, with a region where one is known (en-US from the browser's own)."""
    return re.compile(rf"^{language}(-[A-Z]{{2}})?$")


def open_demo(app: App, customer: str, language: str) -> Page:
    page = app.page
    page.context.clear_cookies()
    page.goto(f"{app.sandbox_start_url}?lang={language}")
    form = page.locator("form").filter(
        has=page.locator(f'input[name="customer"][value="{customer}"]')
    )
    with page.expect_navigation(url=app.home_url):
        form.locator('button[type="submit"]').click()
    app.wait_settled()
    return page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dashboard_speaks_the_language_and_is_accessible(app: App, language: str) -> None:
    page = open_demo(app, "active", language)
    expect(page.locator("html")).to_have_attribute("lang", in_(language))
    app.wait_chart()
    assert_accessible(page)
    # A period change swapped in by htmx keeps the language.
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator('#app button[name="action"][value="CHANGE_PERIOD"]').first.click()
    app.wait_settled()
    expect(page.locator("html")).to_have_attribute("lang", in_(language))
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_tariff_page_speaks_the_language_and_is_accessible(app: App, language: str) -> None:
    page = open_demo(app, "manchester", language)
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator('#app button[name="action"][value="CONNECT_TARIFF"]').click()
    app.wait_settled()
    expect(page.locator("html")).to_have_attribute("lang", in_(language))
    expect(page.locator("#app form").get_by_role("textbox").first).to_be_visible()
    assert_accessible(page)
