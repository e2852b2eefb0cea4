"""The integrator's brand as pages get it: a stylesheet of colours, the logo, a forced theme.

The CSP allows no inline style, so the brand's shades reach the browser as a stylesheet of
custom properties that this app serves itself, under a URL that carries a hash of its content
(cached for a year, like the hashed static files). It is built once per accent from
CONNECT_BRAND_ACCENT and the palettes in static/css/app.css, which stays the one place where
the palettes' other colours live: the brand's shades are derived against its backgrounds, and
its blocks are repeated under `data-theme` so a theme forced by the entry URL wins over the
system's setting.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_safe

from connect_app import contrast

APP_CSS = "css/app.css"
THEMES = ("light", "dark")
# Beside the conversation's id in the signed-cookie session (conversation.SESSION_KEY).
THEME_SESSION_KEY = "connect_theme"
# Where the brand's colours are used on a page: its background, cards and the figures' tiles.
BACKGROUNDS = ("--bg", "--surface", "--surface-2")
ONE_YEAR_S = 31_536_000
# The logo's folder among the static files (connect_app.staticfinders.BrandLogoFinder).
LOGO_PREFIX = "brand"
# CONNECT_BRAND_NAME's default is our own product name, so it speaks the customer's language;
# a name the integrator gives is theirs and is shown as given.
DEFAULT_NAME = gettext_noop("Battery earnings")

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# The light palette is app.css's top-level :root block; the dark one is the :root block of its
# prefers-color-scheme: dark query.
_LIGHT_BLOCK = re.compile(r"^:root\s*\{([^}]*)\}", re.MULTILINE)
_DARK_BLOCK = re.compile(r"@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}")
_PROPERTY = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")

Palette = dict[str, str]


@dataclass(frozen=True)
class Stylesheet:
    css: str
    digest: str
    palettes: dict[str, Palette]  # "light", "dark": every custom property, brand ones included


def palettes_in(app_css: str) -> dict[str, Palette]:
    """The custom properties of app.css's light and dark palettes."""
    text = _COMMENT.sub("", app_css)
    found: dict[str, Palette] = {}
    for theme, block in (("light", _LIGHT_BLOCK), ("dark", _DARK_BLOCK)):
        match = block.search(text)
        if match is None:
            raise ValueError(f"{APP_CSS} has no {theme} palette (a :root block of properties)")
        found[theme] = {name: value.strip() for name, value in _PROPERTY.findall(match.group(1))}
        missing = [name for name in BACKGROUNDS if name not in found[theme]]
        if missing:
            raise ValueError(f"{APP_CSS}'s {theme} palette lacks {', '.join(missing)}")
    return found


def brand_properties(accent: str, palette: Palette) -> Palette:
    """The brand's custom properties for one palette (see app.css for where each is used)."""
    shades = contrast.shades_for(
        contrast.parse_hex(accent), [contrast.parse_hex(palette[name]) for name in BACKGROUNDS]
    )
    return {
        "--accent": contrast.to_hex(shades.fill),
        "--accent-text": contrast.to_hex(shades.on_fill),
        "--accent-ink": contrast.to_hex(shades.ink),
        # The chart's earnings bars and their legend: graphics, like the accent's fills.
        "--earnings": contrast.to_hex(shades.fill),
    }


def build_stylesheet(accent: str, app_css: str) -> Stylesheet:
    palettes = palettes_in(app_css)
    brands = {theme: brand_properties(accent, palettes[theme]) for theme in THEMES}
    full = {theme: {**palettes[theme], **brands[theme]} for theme in THEMES}

    def block(selector: str, properties: Palette, scheme: str | None = None) -> str:
        lines = [f"  color-scheme: {scheme};"] if scheme else []
        lines += [f"  {name}: {value};" for name, value in properties.items()]
        return selector + " {\n" + "\n".join(lines) + "\n}\n"

    # Screens only: paper keeps the light shades, which app.css's print rules expect.
    css = (
        f"/* CONNECT_BRAND_ACCENT {accent}: its shades per palette (connect_app/contrast.py). */\n"
        + block(":root", brands["light"])
        + "@media screen and (prefers-color-scheme: dark) {\n"
        + block(":root", brands["dark"])
        + "}\n"
        + "/* A theme the entry URL forced (theme=): its whole palette, whatever the system. */\n"
        + "@media screen {\n"
        + "".join(block(f':root[data-theme="{t}"]', full[t], scheme=t) for t in THEMES)
        + "}\n"
    )
    digest = hashlib.sha256(css.encode()).hexdigest()[:16]
    return Stylesheet(css=css, digest=digest, palettes=full)


@cache
def _app_css_path() -> Path:
    found = finders.find(APP_CSS)
    if not isinstance(found, str):
        raise ValueError(f"{APP_CSS} is not among the static files")
    return Path(found)


@lru_cache(maxsize=8)
def _built(accent: str, path: Path, modified_ns: int) -> Stylesheet:
    return build_stylesheet(accent, path.read_text(encoding="utf-8"))


def stylesheet() -> Stylesheet:
    """The brand stylesheet for the current settings, built once (AppConfig.ready) and kept.

    A function of settings rather than a constant, so a test can change the accent. In
    development an edited app.css is picked up at once; in production the file never changes.
    """
    path = _app_css_path()
    modified_ns = path.stat().st_mtime_ns if settings.DEBUG else 0
    return _built(settings.CONNECT_BRAND_ACCENT, path, modified_ns)


@require_safe
def stylesheet_view(request: HttpRequest, digest: str) -> HttpResponse:
    sheet = stylesheet()
    response = HttpResponse(sheet.css, content_type="text/css; charset=utf-8")
    # An old page (from before a change of accent) still gets today's colours, just uncached.
    response["Cache-Control"] = (
        f"public, max-age={ONE_YEAR_S}, immutable" if digest == sheet.digest else "no-cache"
    )
    return response


def remember_theme(session: SessionBase, value: str) -> None:
    """Keep a theme asked for on the entry URL; anything but light or dark is ignored."""
    if value in THEMES:
        session[THEME_SESSION_KEY] = value


def forced_theme(session: SessionBase | None) -> str | None:
    value = session.get(THEME_SESSION_KEY) if session is not None else None
    return value if value in THEMES else None


@dataclass(frozen=True)
class Brand:
    """What base.html needs of the brand."""

    name: str
    accent: str  # CONNECT_BRAND_ACCENT as configured; its shades are in the stylesheet
    stylesheet_url: str
    logo_url: str | None
    theme: str | None  # "light" or "dark" when the entry URL forced one, else the system's
    light_background: str
    dark_background: str

    @property
    def theme_background(self) -> str:
        return self.dark_background if self.theme == "dark" else self.light_background


def for_request(request: HttpRequest) -> Brand:
    sheet = stylesheet()
    logo: Path | None = settings.CONNECT_BRAND_LOGO
    return Brand(
        name=(
            gettext(DEFAULT_NAME)
            if settings.CONNECT_BRAND_NAME == DEFAULT_NAME
            else settings.CONNECT_BRAND_NAME
        ),
        accent=settings.CONNECT_BRAND_ACCENT,
        stylesheet_url=reverse("brand_css", args=[sheet.digest]),
        logo_url=static(f"{LOGO_PREFIX}/{logo.name}") if logo else None,
        # A page rendered outside the middleware (a static file's 404) has no session.
        theme=forced_theme(getattr(request, "session", None)),
        light_background=sheet.palettes["light"]["--bg"],
        dark_background=sheet.palettes["dark"]["--bg"],
    )
