"""The energy providers the sandbox knows in each country, and the tariffs they publish.

Each country has a supplier whose tariff is fetched after a sign-in on its own site (DIRECT),
and library suppliers whose tariffs the customer picks from a list. One library supplier per
country also sells market-price tariffs, so every branch of the flow can be walked in the US
and in the UK. Names are invented; ids are fixed so that tests and screenshots are stable.

Every logo is drawn by the sandbox: a letter on a square of the supplier's colour. Some are
sent inline as data: URLs, the others as the address of the sandbox's own copy (Connect sends
a URL on its own servers), so a client meets both kinds and never a broken image.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.urls import reverse


class Structure(StrEnum):
    """How a tariff's price is made up (tariff_structure_select's options)."""

    FIXED = "FIXED"
    TIME_OF_DAY = "TIME_OF_DAY"
    MARKET = "MARKET"
    DYNAMIC = "DYNAMIC"


MARKET_STRUCTURES = frozenset({Structure.MARKET, Structure.DYNAMIC})


class Connection(StrEnum):
    """How the tariff reached Connect (Part B §8.3's connection methods)."""

    DIRECT = "DIRECT"
    LIBRARY = "LIBRARY"
    MARKET = "MARKET"
    MANUAL = "MANUAL"


@dataclass(frozen=True)
class Band:
    """A time-of-day band: the price from `valid_from` to `valid_to` ("HH:MM:SS")."""

    valid_from: str
    valid_to: str
    cost: Decimal

    def to_json(self) -> dict[str, object]:
        return {"cost": float(self.cost), "valid_from": self.valid_from, "valid_to": self.valid_to}


@dataclass(frozen=True)
class LibraryTariff:
    """A tariff as a supplier publishes it: its structure and, unless market-priced, its prices."""

    id: str
    name: str
    description: str
    structure: Structure
    cost: Decimal | None = None
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True)
class Logo:
    """A supplier's logo: its initial in white on a rounded square of its colour."""

    letter: str
    colour: str
    # Sent as a data: URL (the one kind the app may show under its CSP), else as the address
    # of the sandbox's own copy.
    inline: bool = False

    def svg(self) -> str:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">'
            f'<rect width="40" height="40" rx="8" fill="{self.colour}"/>'
            '<text x="20" y="27" font-family="sans-serif" font-size="20" font-weight="700" '
            f'fill="#ffffff" text-anchor="middle">{self.letter}</text></svg>'
        )

    def data_url(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg().encode()).decode()


@dataclass(frozen=True)
class Provider:
    """An energy supplier in one country."""

    id: str
    display_name: str
    country_code: str
    logo: Logo
    # DIRECT suppliers send the customer to sign in and then deliver this tariff themselves.
    direct_tariff: LibraryTariff | None = None
    tariffs: tuple[LibraryTariff, ...] = ()
    structures: tuple[Structure, ...] = (Structure.FIXED, Structure.TIME_OF_DAY)
    market_rates_source: str = ""

    @property
    def is_direct(self) -> bool:
        return self.direct_tariff is not None

    @property
    def logo_url(self) -> str:
        """A data: URL, or the path of the sandbox's copy (made absolute on the way out)."""
        if self.logo.inline:
            return self.logo.data_url()
        return reverse("sandbox:provider_logo", args=[self.id])

    def to_json(self) -> dict[str, str]:
        """The provider as tariff pages carry it."""
        return {"id": self.id, "display_name": self.display_name, "logo_url": self.logo_url}

    def tariff(self, tariff_id: str) -> LibraryTariff | None:
        return next((t for t in self.tariffs if t.id == tariff_id), None)


@dataclass(frozen=True)
class Country:
    """What the sandbox knows of a country's electricity market."""

    providers: tuple[Provider, ...]
    regions: tuple[str, ...]
    market_rates_source: str
    # The wholesale price's range over a day, in major units per kWh.
    market_low: Decimal
    market_high: Decimal
    structures_when_unlisted: tuple[Structure, ...] = field(
        default=(Structure.FIXED, Structure.TIME_OF_DAY, Structure.MARKET)
    )


def _bands(*parts: tuple[str, str, str]) -> tuple[Band, ...]:
    return tuple(Band(start, end, Decimal(cost)) for start, end, cost in parts)


US = Country(
    providers=(
        Provider(
            id="prv_5a1c9e3b7d2f4a6c8e0b1d3f",
            display_name="Sunbelt Electric",
            country_code="US",
            logo=Logo("S", "#b4541a"),
            direct_tariff=LibraryTariff(
                id="trt_5a1c9e3b7d2f4a6c8e0b1d40",
                name="Sunbelt Time-of-Use",
                description="Lower prices overnight, the highest from 3 pm to 8 pm.",
                structure=Structure.TIME_OF_DAY,
                bands=_bands(
                    ("07:00:00", "15:00:00", "0.142"),
                    ("15:00:00", "20:00:00", "0.342"),
                    ("20:00:00", "07:00:00", "0.098"),
                ),
            ),
        ),
        Provider(
            id="prv_6b2d0f4c8e3a5b7d9f1c2e4a",
            display_name="Front Range Power",
            country_code="US",
            logo=Logo("F", "#1f6f5c", inline=True),
            tariffs=(
                LibraryTariff(
                    id="trt_6b2d0f4c8e3a5b7d9f1c2e4b",
                    name="Residential Standard",
                    description="One price for every hour of the day.",
                    structure=Structure.FIXED,
                    cost=Decimal("0.1465"),
                ),
                LibraryTariff(
                    id="trt_6b2d0f4c8e3a5b7d9f1c2e4c",
                    name="Evening Peak Time-of-Day",
                    description="Higher prices from 4 pm to 9 pm, lower the rest of the day.",
                    structure=Structure.TIME_OF_DAY,
                    bands=_bands(
                        ("00:00:00", "16:00:00", "0.121"),
                        ("16:00:00", "21:00:00", "0.327"),
                        ("21:00:00", "00:00:00", "0.121"),
                    ),
                ),
            ),
        ),
        Provider(
            id="prv_7c3e1a5d9f4b6c8e0a2d3f5b",
            display_name="Prairie Wind Energy",
            country_code="US",
            logo=Logo("P", "#6b5a12"),
            tariffs=(
                LibraryTariff(
                    id="trt_7c3e1a5d9f4b6c8e0a2d3f5c",
                    name="Wholesale Pass-Through",
                    description="Hourly prices that follow the wholesale market, plus a fee.",
                    structure=Structure.MARKET,
                ),
                LibraryTariff(
                    id="trt_7c3e1a5d9f4b6c8e0a2d3f5d",
                    name="Prairie Flat Rate",
                    description="One price for every hour of the day.",
                    structure=Structure.FIXED,
                    cost=Decimal("0.139"),
                ),
            ),
            structures=tuple(Structure),
        ),
    ),
    regions=("CAISO", "ERCOT", "ISO-NE", "MISO", "NYISO", "PJM", "SPP"),
    market_rates_source="US wholesale hourly prices (sandbox)",
    market_low=Decimal("0.031"),
    market_high=Decimal("0.118"),
)

GB = Country(
    providers=(
        Provider(
            id="prv_8d4f2b6e0a5c7d9f1b3e4a6c",
            display_name="Thames Valley Energy",
            country_code="GB",
            logo=Logo("T", "#0f5e7a"),
            direct_tariff=LibraryTariff(
                id="trt_8d4f2b6e0a5c7d9f1b3e4a6d",
                name="Thames Valley Economy 7",
                description="Seven cheaper hours every night.",
                structure=Structure.TIME_OF_DAY,
                bands=_bands(
                    ("23:00:00", "06:00:00", "0.1512"),
                    ("06:00:00", "23:00:00", "0.3087"),
                ),
            ),
        ),
        Provider(
            id="prv_9e5a3c7f1b6d8e0a2c4f5b7d",
            display_name="Lowland Power",
            country_code="GB",
            logo=Logo("L", "#3a4fb0", inline=True),
            tariffs=(
                LibraryTariff(
                    id="trt_9e5a3c7f1b6d8e0a2c4f5b7e",
                    name="Lowland Standard Variable",
                    description="One price for every hour of the day, capped by Ofgem.",
                    structure=Structure.FIXED,
                    cost=Decimal("0.2450"),
                ),
                LibraryTariff(
                    id="trt_9e5a3c7f1b6d8e0a2c4f5b7f",
                    name="Lowland Economy 7",
                    description="Cheaper electricity from midnight to 7 am.",
                    structure=Structure.TIME_OF_DAY,
                    bands=_bands(
                        ("00:00:00", "07:00:00", "0.1498"),
                        ("07:00:00", "00:00:00", "0.2911"),
                    ),
                ),
            ),
        ),
        Provider(
            id="prv_0f6b4d8a2c7e9f1b3d5a6c8e",
            display_name="Harbour Energy",
            country_code="GB",
            logo=Logo("H", "#8a2d4f"),
            tariffs=(
                LibraryTariff(
                    id="trt_0f6b4d8a2c7e9f1b3d5a6c8f",
                    name="Harbour Agile",
                    description="Prices that change every half hour with the wholesale market.",
                    structure=Structure.MARKET,
                ),
                LibraryTariff(
                    id="trt_0f6b4d8a2c7e9f1b3d5a6c90",
                    name="Harbour Fixed 12 Months",
                    description="One price for every hour, fixed for a year.",
                    structure=Structure.FIXED,
                    cost=Decimal("0.2330"),
                ),
            ),
            structures=tuple(Structure),
        ),
    ),
    regions=(
        "East Midlands",
        "Eastern England",
        "London",
        "Merseyside and North Wales",
        "Midlands",
        "North East England",
        "North Scotland",
        "North West England",
        "South East England",
        "South Scotland",
        "South Wales",
        "South West England",
        "Southern England",
        "Yorkshire",
    ),
    market_rates_source="GB day-ahead wholesale prices (sandbox)",
    market_low=Decimal("0.092"),
    market_high=Decimal("0.341"),
)

_COUNTRIES = {"US": US, "GB": GB}
# Countries the sandbox has no suppliers for: the customer names theirs (provider_name_capture).
ELSEWHERE = Country(
    providers=(),
    regions=(),
    market_rates_source="",
    market_low=Decimal("0.08"),
    market_high=Decimal("0.30"),
    structures_when_unlisted=(Structure.FIXED, Structure.TIME_OF_DAY),
)
_PROVIDERS = {
    provider.id: provider for place in _COUNTRIES.values() for provider in place.providers
}


def country(code: str) -> Country:
    """The sandbox's knowledge of the country with this ISO 3166-1 alpha-2 code."""
    return _COUNTRIES.get(code, ELSEWHERE)


def provider_by_id(provider_id: str) -> Provider | None:
    return _PROVIDERS.get(provider_id)


def tariff_by_id(tariff_id: str) -> tuple[Provider, LibraryTariff] | None:
    """A library or DIRECT tariff and its supplier."""
    for provider in _PROVIDERS.values():
        for tariff in (*provider.tariffs, provider.direct_tariff):
            if tariff is not None and tariff.id == tariff_id:
                return provider, tariff
    return None


# The tariff a demo customer has connected before the session starts.
PRESET_TARIFFS = {"london": "trt_9e5a3c7f1b6d8e0a2c4f5b7f"}
