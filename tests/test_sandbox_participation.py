"""The sandbox's participation timelines: lifecycle order, one step in progress, leaving."""

from __future__ import annotations

import datetime as dt

import pytest

from connect_sandbox.customers import DEMO_CUSTOMERS, DemoCustomer, customer_by_key
from connect_sandbox.leaving import leave_progress, leave_terms
from connect_sandbox.participation import PlannedStep, participation, timeline
from tests.test_sandbox_data import NOW

ENROLLED = [demo for demo in DEMO_CUSTOMERS if demo.is_enrolled]


def customer(key: str) -> DemoCustomer:
    found = customer_by_key(key)
    assert found is not None
    return found


@pytest.mark.parametrize("demo", ENROLLED, ids=lambda c: c.key)
def test_exactly_one_step_is_in_progress_at_any_moment(demo: DemoCustomer) -> None:
    # Every three hours over three weeks: across step boundaries, day changes and a DST change.
    for hours in range(0, 21 * 24, 3):
        found = participation(demo, NOW - dt.timedelta(hours=hours))
        assert found is not None
        statuses = [entry.status for entry in found.timeline]
        assert statuses.count("IN_PROGRESS") == 1
        current = statuses.index("IN_PROGRESS")
        assert set(statuses[:current]) <= {"COMPLETE"}
        assert set(statuses[current + 1 :]) <= {"PENDING"}
        assert found.timeline[current].state == found.current_state
        for entry in found.timeline:
            assert (entry.occurred_at is None) is (entry.status == "PENDING")


def test_a_late_battery_delays_steps_and_leaves_a_stale_estimate() -> None:
    jordan = participation(customer("enrolling"), NOW)
    assert jordan is not None
    by_state = {entry.state: entry for entry in jordan.timeline}
    telemetry = by_state["AWAITING_TELEMETRY"]
    assert telemetry.status == "COMPLETE" and telemetry.occurred_at is not None
    assert telemetry.occurred_at - telemetry.expected_at == dt.timedelta(days=3)
    registration = by_state["AWAITING_REGISTRATION"]
    assert registration.status == "PENDING"
    assert registration.expected_at < telemetry.occurred_at


def test_stamps_are_utc_with_a_z() -> None:
    alex = participation(customer("active"), NOW)
    assert alex is not None
    for entry in alex.timeline_json():
        assert entry["expected_at"].endswith("Z") and entry["occurred_at"].endswith("Z")
        assert "." not in entry["occurred_at"], "to the second"


def test_leaving_is_added_after_the_current_step() -> None:
    alex = customer("active")
    asked_at = NOW - dt.timedelta(minutes=1)
    leaving = participation(alex, NOW, leave_requested_at=asked_at)
    assert leaving is not None
    assert [(e.state, e.status) for e in leaving.timeline[-4:]] == [
        ("ACTIVE", "COMPLETE"),
        ("UNENROLMENT_REQUESTED", "IN_PROGRESS"),
        ("WINDING_DOWN", "PENDING"),
        ("UNENROLLED", "PENDING"),
    ]
    assert leaving.current_state == "UNENROLMENT_REQUESTED"
    assert not leaving.control_active and leaving.telemetry_active
    later = participation(alex, NOW + dt.timedelta(minutes=5), leave_requested_at=asked_at)
    assert later is not None and later.current_state == "WINDING_DOWN"
    progress = leave_progress(later, asked_at)
    assert progress.status == "WINDING_DOWN"
    assert [e.state for e in progress.timeline] == [
        "UNENROLMENT_REQUESTED",
        "WINDING_DOWN",
        "UNENROLLED",
    ]
    assert progress.expected_completion_at == asked_at + dt.timedelta(days=14)


def test_a_suspended_customer_leaving_keeps_no_telemetry() -> None:
    leaving = participation(customer("suspended"), NOW, leave_requested_at=NOW)
    assert leaving is not None
    assert leaving.current_state == "UNENROLMENT_REQUESTED"
    assert leaving.suspension_reasons == ()
    assert not leaving.telemetry_active


def test_leave_terms_pay_the_leaving_month_on_the_seventh_after() -> None:
    alex = customer("active")
    terms = leave_terms(alex, dt.datetime(2025, 12, 20, 12, tzinfo=dt.UTC))
    assert terms.notice_period_days == 14
    # Leaves on 3 January 2026, so January's earnings are paid on 7 February.
    assert terms.final_payment_date == dt.date(2026, 2, 7)
    assert len(terms.consequences) == 3


def test_a_timeline_with_nothing_reached_is_on_its_first_step() -> None:
    soon = NOW + dt.timedelta(hours=1)
    entries = timeline(
        [PlannedStep("A", "a.", soon, soon), PlannedStep("B", "b.", soon, soon)], NOW
    )
    assert [entry.status for entry in entries] == ["IN_PROGRESS", "PENDING"]
