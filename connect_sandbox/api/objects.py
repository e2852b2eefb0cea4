"""The JSON objects of the REST stand-in: connect_session and vpp-participation (§2.2, §7.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from connect_sandbox.api.auth import SANDBOX_ACCOUNT_ID
from connect_sandbox.api.records import ParticipationRecord
from connect_sandbox.customers import DemoCustomer
from connect_sandbox.identifiers import device_id, location_id
from connect_sandbox.models import SandboxSession
from connect_sandbox.participation import participation
from connect_sandbox.wire import utc_stamp


def connect_session_object(
    session: SandboxSession,
    customer: DemoCustomer,
    *,
    default_connect_url: str,
    default_callback_url: str,
) -> dict[str, Any]:
    """A session as `GET /connect/{token}` describes it; demo sessions use the defaults."""
    return {
        "id": session.token,
        "location_id": session.location_id or location_id(customer),
        "object": "connect_session",
        "live_mode": False,
        # Something to fetch: a participation, or a tariff connected during the session.
        "data_available": customer.is_enrolled or bool(session.tariff_connected),
        "time_created": utc_stamp(session.created_at),
        "time_expiry": utc_stamp(session.expires_at),
        "device_id": session.device_id or device_id(customer),
        "provider_id": session.provider_id or customer.programme.provider_id,
        "connect_url": session.connect_url or default_connect_url,
        "callback_url": session.callback_url or default_callback_url,
    }


def participation_object(record: ParticipationRecord, now: dt.datetime) -> dict[str, Any]:
    """A participation as `GET /vpp-participations/{id}` describes it."""
    found = participation(record.member, now)
    if found is None:
        raise ValueError("a participation record always has a timeline")
    programme = record.member.programme
    return {
        "object": "vpp-participation",
        "id": record.id,
        "live_mode": False,
        "device_id": record.device_id,
        "location_id": record.location_id,
        **found.to_json(),
        "time_updated": utc_stamp(found.updated_at),
        "time_created": utc_stamp(found.started_at),
        "provider": {
            "id": programme.provider_id,
            "provider_display_name": programme.provider_display_name,
            "logo_url": programme.logo_url,
        },
        "programme": {
            "id": programme.programme_id,
            "programme_display_name": programme.programme_display_name,
            "learn_more_url": programme.learn_more_url,
        },
        "account_id": SANDBOX_ACCOUNT_ID,
    }
