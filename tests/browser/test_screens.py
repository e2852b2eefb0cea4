"""Full-page screenshots of the main states, for people to look at (artifacts/screens/*.png).

Each state is still checked: its main heading is visible and the page settled, so a broken
state fails here instead of producing a misleading picture.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import BrowserContext, expect

from tests.browser.conftest import DESKTOP, PHONE, SCREENS_DIR, App, Viewport, assert_accessible

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_screenshots_of_the_main_states(
    new_context: Callable[..., BrowserContext], live_server: Any
) -> None:
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)

    def tab(viewport: Viewport, scheme: str) -> App:
        context = new_context(**viewport.context_args(), color_scheme=scheme)
        return App(context.new_page(), live_server.url)

    def shoot(app: App, name: str, h1: str) -> None:
        page = app.page
        app.wait_settled()
        expect(page.get_by_role("heading", level=1)).to_have_text(h1)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        path = SCREENS_DIR / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        assert path.read_bytes()[:8] == PNG_SIGNATURE, path

    phone = tab(PHONE, "light")
    phone.open_demo("active")
    phone.wait_chart()
    shoot(phone, "active-phone-light", "Community Powershare")

    phone.click("Connect tariff")
    shoot(phone, "tariff-address-phone-light", "Your home's address")

    phone.open_demo("active", fault="error_object")
    phone.click("Previous period")
    expect(phone.page.get_by_role("alert")).to_be_visible()
    shoot(phone, "error-state-phone-light", "Community Powershare")

    phone.open_demo("active", fault="expired")
    phone.click("Previous period")
    shoot(phone, "expired-phone-light", "Your session has expired")

    desktop = tab(DESKTOP, "dark")
    desktop.open_demo("active")
    desktop.wait_chart()
    assert desktop.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    shoot(desktop, "active-desktop-dark", "Community Powershare")
    assert_accessible(desktop.page)  # the dark theme's colours, which no other test sees

    desktop.open_demo("suspended")
    desktop.wait_chart()
    expect(desktop.page.locator(".programme .badge")).to_contain_text("Suspended")
    shoot(desktop, "suspended-desktop-dark", "Community Powershare")
    assert_accessible(desktop.page)
