"""Connect replies for tests, built from the seed page so every field starts realistic."""

from __future__ import annotations

import copy
from typing import Any

from tests.conftest import load_payload

# The participation states Flatpeak documents for /vpp-participations, in lifecycle order.
DOCUMENTED_STATES = (
    "ENROLMENT_REQUESTED",
    "AWAITING_CONSENT",
    "AWAITING_TELEMETRY",
    "AWAITING_METER_ACCESS",
    "CONFIRMING_DISPATCH",
    "AWAITING_ELIGIBILITY",
    "AWAITING_REGISTRATION",
    "REGISTERED",
    "INELIGIBLE",
    "ACTIVE",
    "SUSPENDED",
    "UNENROLMENT_REQUESTED",
    "WINDING_DOWN",
    "UNENROLLED",
    "OFFBOARDED",
    "FAILED",
)


def summary_reply(**changes: Any) -> dict[str, Any]:
    """The seed vpp_summary reply, with top-level or `performance.`/`programme.` fields changed.

    `summary_reply(**{"performance.period_type": "DAY", "currency_code": "GBP"})`
    """
    reply = copy.deepcopy(load_payload("vpp_summary_seed.json"))
    for key, value in changes.items():
        target = reply
        *parents, leaf = key.split(".")
        for parent in parents:
            target = target[parent]
        target[leaf] = value
    return reply


def page_reply(route: str, data: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    """A page in the `data`-wrapped shape most Connect routes use."""
    return {
        "connect_token": "cot_test_token_0001",
        "route": route,
        "live_mode": False,
        "actions": ["BACK", "CLOSE"],
        "data": data or {},
        **top,
    }


def error_reply(code: str, message: str = "Something was wrong.", **extra: Any) -> dict[str, Any]:
    return {
        "object": "error",
        "live_mode": False,
        "context": "connect.vpp_summary",
        "type": "invalid_request",
        "code": code,
        "message": message,
        "connect_token": "cot_test_token_0001",
        "time_created": "2025-02-20T10:00:00Z",
        **extra,
    }
