"""The VPP participations the REST stand-in holds: two for each enrolled demo customer's battery.

Each battery took part in the other demo programme first and left it, then joined the one its
dashboard shows. Lists run oldest first, so at the stand-in's page size of one, a client looking
for the current participation has to follow `has_more` to find it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from connect_sandbox.customers import DEMO_CUSTOMERS, DemoCustomer, other_programme
from connect_sandbox.identifiers import device_id, location_id, stable_id

# The earlier participation began this many days before the current one, and its battery
# stopped dispatching for it this many days before the current one began.
FORMER_STARTED_DAYS_BEFORE = 400
FORMER_ENDED_DAYS_BEFORE = 30


@dataclass(frozen=True)
class ParticipationRecord:
    """One participation of a battery in one programme."""

    id: str
    # The customer as they stood in this programme (its programme, dates and state).
    member: DemoCustomer
    device_id: str
    location_id: str


def records_for_device(device: str) -> list[ParticipationRecord]:
    """The participations of a device, oldest first; none for a device the sandbox lacks."""
    for customer in DEMO_CUSTOMERS:
        if device_id(customer) == device:
            return _records(customer)
    return []


def record_by_id(participation_id: str) -> ParticipationRecord | None:
    """The participation with this id, if there is one."""
    for customer in DEMO_CUSTOMERS:
        for record in _records(customer):
            if record.id == participation_id:
                return record
    return None


def _records(customer: DemoCustomer) -> list[ParticipationRecord]:
    if customer.enrolled_days_ago is None:
        return []
    return [
        _record(customer, _former_self(customer, customer.enrolled_days_ago)),
        _record(customer, customer),
    ]


def _former_self(customer: DemoCustomer, enrolled_days_ago: int) -> DemoCustomer:
    """The customer as a member of the other programme, which they have since left."""
    return dataclasses.replace(
        customer,
        programme=other_programme(customer.programme),
        participation_state="UNENROLLED",
        enrolled_days_ago=enrolled_days_ago + FORMER_STARTED_DAYS_BEFORE,
        dispatch_ended_days_ago=enrolled_days_ago + FORMER_ENDED_DAYS_BEFORE,
        onboarding_delay_days=0,
        suspension_reasons=(),
    )


def _record(customer: DemoCustomer, member: DemoCustomer) -> ParticipationRecord:
    return ParticipationRecord(
        id=stable_id("vpo", customer.key, member.programme.programme_id),
        member=member,
        device_id=device_id(customer),
        location_id=location_id(customer),
    )
