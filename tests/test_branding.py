"""The brand as served over HTTP by a live server: its stylesheet, name, logo, a forced theme."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from connect_app import branding
from connect_app.contrast import GRAPHIC_RATIO, TEXT_RATIO, contrast_ratio, parse_hex
from tests.journey import Customer
from tests.test_contrast import DARK, LIGHT

pytestmark = pytest.mark.django_db(transaction=True)

APP_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "app.css"
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e2b1d8b60000000049454e44ae426082"
)


@pytest.fixture
def customer(live_server: Any) -> Iterator[Customer]:
    person = Customer(live_server.url)
    yield person
    person.close()


@pytest.fixture
def visitor(customer: Customer, settings: Any) -> Customer:
    """Someone on the welcome page of an app that talks to a real Connect (with the sandbox in
    use, "/" sends a visitor without a token to the sandbox's start page, which is not ours)."""
    settings.FLATPEAK_CONNECT_URL = "https://connect.example.com"
    return customer


def soup_of(customer: Customer, path: str = "/") -> BeautifulSoup:
    return BeautifulSoup(customer.get(path).text, "html.parser")


def stylesheet_href(soup: BeautifulSoup) -> str:
    links = [str(link["href"]) for link in soup.select("link[rel=stylesheet]")]
    brand = [href for href in links if href.startswith("/brand/")]
    assert len(brand) == 1, links
    # After app.css, so its custom properties win.
    assert links.index(brand[0]) > next(i for i, h in enumerate(links) if "app" in h)
    return brand[0]


def enter(customer: Customer, **params: str) -> None:
    token = customer.mint("active")
    entry = customer.http.get("/", params={"fp_cot": token, **params})
    assert entry.status_code == 302, entry.text


# --- the palettes in app.css ----------------------------------------------------------------


def test_app_css_palettes_are_read_with_the_backgrounds_the_contrast_tests_use() -> None:
    palettes = branding.palettes_in(APP_CSS.read_text(encoding="utf-8"))
    for theme, expected in (("light", LIGHT), ("dark", DARK)):
        assert [parse_hex(palettes[theme][name]) for name in branding.BACKGROUNDS] == expected
        # The brand's own properties come only from the brand stylesheet.
        assert not {"--accent", "--accent-text", "--accent-ink", "--earnings"} & set(
            palettes[theme]
        )


def test_a_stylesheet_without_a_dark_palette_is_refused() -> None:
    with pytest.raises(ValueError, match="no dark palette"):
        branding.palettes_in(":root {\n  --bg: #fff;\n  --surface: #fff;\n  --surface-2: #eee;\n}")
    with pytest.raises(ValueError, match="lacks --surface-2"):
        branding.palettes_in(":root {\n  --bg: #fff;\n  --surface: #fff;\n}")


@pytest.mark.parametrize("accent", ["#0b6b4f", "#ffd400", "#111111"])
def test_every_brand_shade_in_the_stylesheet_meets_wcag_aa(accent: str) -> None:
    sheet = branding.build_stylesheet(accent, APP_CSS.read_text(encoding="utf-8"))
    for palette in sheet.palettes.values():
        grounds = [parse_hex(palette[name]) for name in branding.BACKGROUNDS]
        colour = {name: parse_hex(palette[name]) for name in ("--accent", "--accent-ink")}
        assert all(contrast_ratio(colour["--accent-ink"], g) >= TEXT_RATIO for g in grounds)
        assert all(contrast_ratio(colour["--accent"], g) >= GRAPHIC_RATIO for g in grounds)
        assert palette["--earnings"] == palette["--accent"]
        on_fill = contrast_ratio(parse_hex(palette["--accent-text"]), colour["--accent"])
        assert on_fill >= TEXT_RATIO
    assert f"CONNECT_BRAND_ACCENT {accent}" in sheet.css


# --- the stylesheet over HTTP ----------------------------------------------------------------


def test_pages_link_the_brand_stylesheet_which_is_cached_for_a_year(visitor: Customer) -> None:
    href = stylesheet_href(soup_of(visitor))
    sheet = visitor.get(href)
    assert sheet.status_code == 200
    assert sheet.headers["content-type"].startswith("text/css")
    assert sheet.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "--accent: #0b6b4f;" in sheet.text
    assert ':root[data-theme="dark"]' in sheet.text
    # Not tied to anyone's session: a shared cache may keep it.
    assert "set-cookie" not in sheet.headers and "Cookie" not in sheet.headers.get("vary", "")


def test_an_old_stylesheet_address_gets_todays_colours_uncached(customer: Customer) -> None:
    sheet = customer.get("/brand/0000000000000000.css")
    assert sheet.status_code == 200
    assert sheet.headers["cache-control"] == "no-cache"
    assert "--accent: #0b6b4f;" in sheet.text


def test_another_accent_gives_another_stylesheet_address(visitor: Customer, settings: Any) -> None:
    before = stylesheet_href(soup_of(visitor))
    settings.CONNECT_BRAND_ACCENT = "#ffd400"
    after = stylesheet_href(soup_of(visitor))
    assert after != before
    css = visitor.get(after).text
    assert "CONNECT_BRAND_ACCENT #ffd400" in css
    assert "--accent: #ffd400;" in css  # unchanged where it passes: the dark palette


# --- the name and the logo -------------------------------------------------------------------


def test_the_brand_name_titles_the_welcome_page(visitor: Customer, settings: Any) -> None:
    settings.CONNECT_BRAND_NAME = "Acme Energy"
    soup = soup_of(visitor)
    assert soup.title is not None and soup.title.get_text() == "Acme Energy"
    heading = soup.select_one("h1")
    assert heading is not None and heading.get_text(strip=True) == "Acme Energy"


def test_the_default_name_is_battery_earnings(visitor: Customer) -> None:
    soup = soup_of(visitor)
    assert soup.title is not None and soup.title.get_text() == "Battery earnings"


def test_the_closing_page_carries_the_brand_name(customer: Customer, settings: Any) -> None:
    settings.CONNECT_BRAND_NAME = "Acme Energy"
    customer.open("active", "expired")
    customer.press("Previous period")
    customer.press("Close")
    soup = customer.soup()
    assert soup.title is not None and soup.title.get_text() == "All done · Acme Energy"
    assert "Acme Energy" in soup.get_text(" ")
    assert "You can close this window" in soup.get_text(" ")


def test_no_logo_means_no_brand_bar(visitor: Customer) -> None:
    assert soup_of(visitor).select_one(".brand-bar") is None


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("acme.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 20"/>', "svg"),
        ("acme.png", PNG_1PX, "png"),
    ],
)
def test_the_logo_is_a_static_file_of_ours_in_the_header(
    visitor: Customer, settings: Any, tmp_path: Path, name: str, content: bytes, kind: str
) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "secret.txt").write_text("not for the web")
    settings.CONNECT_BRAND_LOGO = tmp_path / name
    settings.CONNECT_BRAND_NAME = "Acme Energy"
    logo = soup_of(visitor).select_one("header .brand-bar img")
    assert logo is not None
    assert logo["alt"] == "Acme Energy"
    src = str(logo["src"])
    assert src == f"/static/brand/{name}"  # same origin, among the static files
    image = visitor.get(src)
    assert image.status_code == 200
    assert image.content == content
    assert kind in image.headers["content-type"]
    # Only the logo is served, not the folder it lives in.
    assert visitor.get("/static/brand/secret.txt").status_code == 404


# --- theme= on the entry URL -----------------------------------------------------------------


def metas(soup: BeautifulSoup, name: str) -> list[tuple[str | None, str]]:
    return [
        (meta.get("media"), str(meta["content"]))  # type: ignore[misc]
        for meta in soup.select(f"meta[name={name}]")
    ]


def test_without_a_theme_the_page_follows_the_system(customer: Customer) -> None:
    enter(customer)
    soup = customer.soup()
    html = soup.select_one("html")
    assert html is not None and not html.has_attr("data-theme")
    assert metas(soup, "color-scheme") == [(None, "light dark")]
    assert metas(soup, "theme-color") == [
        ("(prefers-color-scheme: light)", "#f4f6f3"),
        ("(prefers-color-scheme: dark)", "#101614"),
    ]


@pytest.mark.parametrize(("theme", "background"), [("dark", "#101614"), ("light", "#f4f6f3")])
def test_a_theme_on_the_entry_url_holds_for_the_session(
    customer: Customer, theme: str, background: str
) -> None:
    enter(customer, theme=theme)
    for _ in range(2):  # the dashboard, and again after an action
        soup = customer.soup()
        html = soup.select_one("html")
        assert html is not None and html["data-theme"] == theme
        assert metas(soup, "color-scheme") == [(None, theme)]
        assert metas(soup, "theme-color") == [(None, background)]
        customer.press("Previous period")


def test_an_unknown_theme_is_ignored(customer: Customer) -> None:
    enter(customer, theme="sepia")
    soup = customer.soup()
    html = soup.select_one("html")
    assert html is not None and not html.has_attr("data-theme")
    assert "Community Powershare" in soup.get_text(" ")


def test_a_later_entry_without_a_theme_keeps_the_forced_one(customer: Customer) -> None:
    enter(customer, theme="dark")
    enter(customer)
    html = customer.soup().select_one("html")
    assert html is not None and html["data-theme"] == "dark"
