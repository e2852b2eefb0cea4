"""The prices a connected tariff charges, hour by hour, for a summary page's `rates`.

Each entry is one local hour of the programme's time zone (23 or 25 of them on a day the
clocks change), priced at the band in force when the hour starts. Market prices are
deterministic: a daily shape peaking in the evening, varied by a hash of the country, the date
and the hour, so every process gives the same answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from connect_sandbox.periods import ONE_HOUR, local_hours
from connect_sandbox.tariff.bands import seconds_of
from connect_sandbox.tariff.providers import MARKET_STRUCTURES, Band, Country, Structure

PRICE_STEP = Decimal("0.0001")
HUNDRED = Decimal(100)
# Share of the day's wholesale range reached in each hour, midnight first.
_MARKET_SHAPE = tuple(
    Decimal(share)
    for share in [
        "0.35",
        "0.30",
        "0.28",
        "0.27",
        "0.30",
        "0.40",
        "0.55",
        "0.70",
        "0.65",
        "0.55",
        "0.45",
        "0.40",
        "0.38",
        "0.40",
        "0.45",
        "0.55",
        "0.75",
        "0.95",
        "1.00",
        "0.90",
        "0.75",
        "0.60",
        "0.50",
        "0.42",
    ]
)
# Day-ahead prices are known for today; tomorrow's are a forecast.
_MARKET_CONFIDENCE = {"yesterday": Decimal(1), "today": Decimal(1), "tomorrow": Decimal("0.7")}


@dataclass(frozen=True)
class Pricing:
    """What a tariff charges: one price, bands, or the market plus a surcharge."""

    structure: Structure
    country_code: str
    country: Country
    cost: Decimal | None = None
    bands: tuple[Band, ...] = ()
    surcharge_fixed: Decimal = Decimal(0)
    surcharge_percentage: Decimal = Decimal(0)


def rates(pricing: Pricing, zone: ZoneInfo, today: dt.date) -> dict[str, list[dict[str, object]]]:
    """`rates{yesterday, today, tomorrow}` as a summary page carries them."""
    days = {
        "yesterday": today - dt.timedelta(days=1),
        "today": today,
        "tomorrow": today + dt.timedelta(days=1),
    }
    return {name: _day(pricing, zone, day, name) for name, day in days.items()}


def _day(pricing: Pricing, zone: ZoneInfo, day: dt.date, name: str) -> list[dict[str, object]]:
    price_at = _pricer(pricing, day)
    confidence = _MARKET_CONFIDENCE[name] if pricing.structure in MARKET_STRUCTURES else Decimal(1)
    return [
        {
            "tariff": {"cost": float(price_at(local)), "confidence": float(confidence)},
            "valid_from": local.isoformat(),
            # Added in UTC: an aware local time plus an hour is wall-clock time across a change.
            "valid_to": (local.astimezone(dt.UTC) + ONE_HOUR).astimezone(zone).isoformat(),
        }
        for local in local_hours(day, zone)
    ]


def _pricer(pricing: Pricing, day: dt.date) -> Callable[[dt.datetime], Decimal]:
    if pricing.structure is Structure.FIXED and pricing.cost is not None:
        cost = pricing.cost
        return lambda _local: cost
    if pricing.structure is Structure.TIME_OF_DAY and pricing.bands:
        bands = pricing.bands
        return lambda local: _band_cost(bands, local)
    return lambda local: _market_cost(pricing, day, local.hour)


def _band_cost(bands: tuple[Band, ...], local: dt.datetime) -> Decimal:
    second = local.hour * 3600 + local.minute * 60
    for band in bands:
        start, end = seconds_of(band.valid_from) or 0, seconds_of(band.valid_to) or 0
        inside = start <= second < end if start < end else second >= start or second < end
        if inside:
            return band.cost
    # Bands the sandbox took always cover the day; this is only reached for an empty list.
    return Decimal(0)


def _market_cost(pricing: Pricing, day: dt.date, hour: int) -> Decimal:
    country = pricing.country
    digest = hashlib.sha256(f"{pricing.country_code}:{day.isoformat()}:{hour}".encode()).digest()
    # 0.85 to 1.15: the same hour differs a little from day to day.
    jitter = Decimal(85 + digest[0] % 31) / HUNDRED
    share = min(_MARKET_SHAPE[hour % 24] * jitter, Decimal(1))
    market = country.market_low + (country.market_high - country.market_low) * share
    total = (market + pricing.surcharge_fixed) * (1 + pricing.surcharge_percentage / HUNDRED)
    return total.quantize(PRICE_STEP)
