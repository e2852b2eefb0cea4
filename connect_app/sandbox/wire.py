"""How the sandbox writes values into its JSON: amounts as plain numbers, moments in UTC."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def number(value: Decimal) -> float:
    """A cent-rounded Decimal (money, kWh) as a JSON number.

    Connect sends plain numbers; a float's shortest repr of a two-decimal value is exactly
    those two decimals, so nothing is lost on the wire.
    """
    return float(value)


def utc_stamp(moment: dt.datetime) -> str:
    """An aware moment as RFC 3339 in UTC with a "Z", to the second."""
    utc = moment.astimezone(dt.UTC).replace(microsecond=0)
    return utc.isoformat().replace("+00:00", "Z")
