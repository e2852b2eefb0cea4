"""Every page's title ends with the product's name, in every language: the integrator's name
as configured, else ours, translated (connect_app/templatetags/titles.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from connect_app.management.commands.refresh_catalogues import CATALOGUE_LANGUAGES
from connect_app.templatetags.titles import titled

LANGUAGES = ["en", *CATALOGUE_LANGUAGES]
BRAND = "Northwind Energy"


def test_the_brand_comes_last_and_nothing_is_left_unescaped() -> None:
    with translation.override("en"):
        assert titled("Payments", BRAND) == "Payments · Northwind Energy"
        assert titled("  ", BRAND) == BRAND
        assert titled(BRAND, BRAND) == BRAND
        assert titled("", "Watts & Co") == "Watts &amp; Co"
        # The page's title arrives rendered (escaped already); the brand is escaped here.
        assert titled("Fish &amp; chips", "<b>") == "Fish &amp; chips · &lt;b&gt;"


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_every_language_keeps_the_brand_last(language: str) -> None:
    with translation.override(language):
        assert titled("PAGE", "BRAND").endswith("BRAND")
        assert titled("PAGE", "BRAND").startswith("PAGE")


@pytest.fixture
def http(live_server: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        yield client


def enter(http: httpx.Client, customer: str, language: str) -> BeautifulSoup:
    token = http.post("/sandbox/tokens", json={"customer": customer}).json()["connect_token"]
    entry = http.get("/", params={"fp_cot": token, "lang": language})
    assert entry.status_code == 302, entry.text
    return BeautifulSoup(http.get("/").text, "html.parser")


def press(http: httpx.Client, soup: BeautifulSoup, selector: str) -> BeautifulSoup:
    """Press the button `selector` finds, as htmx does, and read the partial it answers with."""
    button = soup.select_one(f"form {selector}")
    assert button is not None, f"no {selector} button"
    form = button.find_parent("form")
    assert form is not None
    data = {str(i["name"]): str(i.get("value", "")) for i in form.select("input[name]")}
    data[str(button["name"])] = str(button["value"])
    answer = http.post(str(form["action"]), data=data, headers={"HX-Request": "true"})
    assert answer.status_code == 200, answer.text
    return BeautifulSoup(answer.text, "html.parser")


def title_of(soup: BeautifulSoup) -> str:
    assert soup.title is not None, "the page has no title"
    return soup.title.get_text()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dashboard_and_a_tariff_page_end_with_the_integrator_s_name(
    http: httpx.Client, settings: Any, language: str
) -> None:
    settings.CONNECT_BRAND_NAME = BRAND
    dashboard = enter(http, "active", language)
    title = title_of(dashboard)
    assert title.startswith("Community Powershare · ")
    assert title.endswith(f" {BRAND}")
    # htmx swaps the title in with the page: a period change and the tariff flow keep it.
    previous = press(http, dashboard, "button[data-step=previous]")
    assert title_of(previous).endswith(f" {BRAND}")
    assert title_of(previous) != title
    # The period's answer is the period alone; the tariff's button is on the page around it.
    address = press(
        http, BeautifulSoup(http.get("/").text, "html.parser"), "button[value=CONNECT_TARIFF]"
    )
    assert title_of(address).endswith(f" {BRAND}")
    heading = address.select_one("h1")
    assert heading is not None
    assert title_of(address).startswith(heading.get_text(strip=True))
    full = BeautifulSoup(http.get("/").text, "html.parser")
    assert title_of(full) == title_of(address)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_our_own_name_ends_the_title_in_the_customer_s_language(
    http: httpx.Client, language: str
) -> None:
    with translation.override(language):
        ours = translation.gettext("Battery earnings")
    soup = enter(http, "london", language)
    assert title_of(soup).endswith(f" {ours}")
    welcome = BeautifulSoup(http.get("/", params={"lang": language}).text, "html.parser")
    assert title_of(welcome).endswith(ours)
