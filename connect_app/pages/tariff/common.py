"""What every tariff page shows: the provider it concerns, its title and its way on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from connect_app.connect.tariff_payloads import Provider
from connect_app.formatting import humanise
from connect_app.pages.common import ActionButton

# Logos we can show under our CSP (img-src 'self' data:): small inline images only. Any other
# origin would be a request to a third party, so those providers get a lettered badge instead.
_INLINE_LOGO = re.compile(r"^data:image/(svg\+xml|png|jpeg|webp)(;base64)?,[A-Za-z0-9+/=%._-]+$")
MAX_LOGO_CHARS = 20_000

# The plan structures Connect names, in a homeowner's words (Part B §6.1).
STRUCTURES: dict[str, tuple[Any, Any]] = {
    "FIXED": (
        _("One price all day"),
        _("You pay the same price for every kWh, whatever the time."),
    ),
    "TIME_OF_DAY": (
        _("Prices by time of day"),
        _("Your price changes at set times, such as a cheaper rate at night."),
    ),
    "MARKET": (
        _("Market prices"),
        _("Your price follows the wholesale market, hour by hour."),
    ),
    "DYNAMIC": (
        _("Dynamic prices"),
        _("Your supplier sets new prices every day, usually a day ahead."),
    ),
    "ADVANCED_TARIFF_INPUT": (
        _("Something else"),
        _("Prices that change by season, by day of the week or with how much you use."),
    ),
}


@dataclass(frozen=True)
class ProviderBadge:
    """The energy provider a page concerns: its name, and its logo where we may show it."""

    name: str
    logo: str | None  # a data: URL, or None for a lettered badge
    initial: str


@dataclass(frozen=True)
class TariffPageView:
    """What every tariff page carries besides its own content."""

    title: str
    lead: str
    provider: ProviderBadge | None
    # The page's own actions that are not the form (Change address, not listed ...), then
    # Back and Close.
    actions: tuple[ActionButton, ...]


def badge(provider: Provider | None) -> ProviderBadge | None:
    """A provider as a badge: its name, and its logo where we may show it."""
    if provider is None or not provider.display_name:
        return None
    name = provider.display_name[:80]
    return ProviderBadge(name=name, logo=inline_logo(provider.logo_url), initial=name[0].upper())


def inline_logo(url: str) -> str | None:
    if len(url) <= MAX_LOGO_CHARS and _INLINE_LOGO.match(url):
        return url
    return None


def structure_words(code: str) -> tuple[str, str]:
    """A plan structure's name and one-line explanation; unknown codes as Connect spells them."""
    known = STRUCTURES.get(code.upper())
    if known is None:
        return humanise(code), ""
    return str(known[0]), str(known[1])
