"""The vpp_summary payload: the programme, and performance over the period on screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from connect_app.sandbox.data import Performance, SeriesEntry, performance
from connect_app.sandbox.page_data import programme_object
from connect_app.sandbox.periods import AVAILABLE_PERIOD_TYPES, Period
from connect_app.sandbox.standing import Standing
from connect_app.sandbox.wire import number


def summary_payload(
    period: Period, standing: Standing, actions: list[str], now: dt.datetime
) -> dict[str, Any]:
    """vpp_summary's fields, which busbar sends at the top level rather than under `data`."""
    customer = standing.customer
    return {
        "timezone": customer.timezone,
        "currency_code": customer.currency_code,
        "live_mode": False,
        "actions": actions,
        "tariff_connected": standing.tariff_connected,
        "programme": {
            **programme_object(customer.programme),
            "participation_state": standing.participation_state,
        },
        "performance": _performance_object(performance(customer, period, now)),
    }


def _performance_object(result: Performance) -> dict[str, Any]:
    return {
        "period_type": result.period.type.value,
        "period_start": result.period.start.isoformat(),
        "period_end": result.period.end.isoformat(),
        "available_period_types": [period_type.value for period_type in AVAILABLE_PERIOD_TYPES],
        "has_previous": result.has_previous,
        "has_next": result.has_next,
        "energy_dispatched_kwh": number(result.energy_dispatched_kwh),
        "earnings": number(result.earnings),
        "series": [_series_entry(entry) for entry in result.series],
    }


def _series_entry(entry: SeriesEntry) -> dict[str, Any]:
    return {
        "date": entry.date.isoformat(),
        "dispatched_kwh": number(entry.dispatched_kwh),
        "earnings": number(entry.earnings),
    }
