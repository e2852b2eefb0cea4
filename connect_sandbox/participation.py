"""A demo customer's participation timeline: the steps of joining, running and leaving.

Every step has two moments: when it was expected (the plan) and when it happens. A timeline is
listed in the order the lifecycle runs, not by either date, so when a step slips and the rest is
not yet re-planned the dates go out of order, as they do in Flatpeak's own timelines (§7.2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from connect_sandbox.customers import DemoCustomer, Programme
from connect_sandbox.wire import utc_stamp

COMPLETE = "COMPLETE"
IN_PROGRESS = "IN_PROGRESS"
PENDING = "PENDING"
SUSPENDED = "SUSPENDED"
AWAITING_TELEMETRY = "AWAITING_TELEMETRY"
# The programme acknowledges a leave request within minutes and starts winding down.
WINDING_DOWN_AFTER = dt.timedelta(minutes=5)
# States in which the device no longer sends data to the programme.
_NO_TELEMETRY_STATES = frozenset({"UNENROLLED", "OFFBOARDED", "FAILED", "INELIGIBLE"})
# Steps happen in office hours, a few minutes apart, in the programme's time zone.
_STEP_TIME = dt.time(10, 0)
_STEP_GAP = dt.timedelta(minutes=7)


@dataclass(frozen=True)
class Step:
    """A state of the lifecycle, planned `day` days after the date its phase counts from."""

    state: str
    day: int
    description: str


# Enrolment, counted in days from the enrolment date.
_ENROLMENT_STEPS = (
    Step("ENROLMENT_REQUESTED", 0, "We received your request to join the programme."),
    Step("AWAITING_CONSENT", 0, "You allow the programme to use your battery during events."),
    Step(AWAITING_TELEMETRY, 1, "Your battery is sending data to the programme."),
    Step("CONFIRMING_DISPATCH", 1, "Checking that your battery responds to dispatch requests."),
    Step("AWAITING_ELIGIBILITY", 2, "The programme is checking that your home qualifies."),
    Step("AWAITING_REGISTRATION", 3, "The programme is registering your battery."),
)
# Everything from the first data onwards waits for the battery, so a late battery delays it.
_DELAYED_FROM = AWAITING_TELEMETRY
# Going live, counted from the first day the battery may be dispatched.
_ACTIVATION_STEPS = (
    Step("REGISTERED", -1, "Your battery is registered with the programme."),
    Step("ACTIVE", 0, "Your battery takes part in dispatch events and earns rewards."),
)
_SUSPENSION = Step(
    SUSPENDED, 0, "Dispatching is paused because your battery has not sent data for over a day."
)
_LEAVE_REQUESTED = "We received your request to leave the programme."
_WINDING_DOWN = "Your battery takes part until the notice period ends; we settle your rewards."
_LEFT = "You have left the programme. Your earnings history is kept."


@dataclass(frozen=True)
class PlannedStep:
    """A step with the moment it was expected and the moment it happens (or will)."""

    state: str
    description: str
    expected_at: dt.datetime
    happens_at: dt.datetime
    suspension_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    """One entry of `participation_state`, as Connect and the REST resource send it."""

    state: str
    status: str
    description: str
    occurred_at: dt.datetime | None
    expected_at: dt.datetime
    suspension_reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON: moments in UTC, `occurred_at` null until the step is reached."""
        return {
            "state": self.state,
            "status": self.status,
            "description": self.description,
            "occurred_at": utc_stamp(self.occurred_at) if self.occurred_at else None,
            "expected_at": utc_stamp(self.expected_at),
            "suspension_reasons": list(self.suspension_reasons),
        }


@dataclass(frozen=True)
class Participation:
    """Where a customer stands in one programme, with the timeline that got them there."""

    programme: Programme
    timeline: tuple[TimelineEntry, ...]
    current_state: str
    control_active: bool
    telemetry_active: bool
    suspension_reasons: tuple[str, ...]

    @property
    def started_at(self) -> dt.datetime:
        """When the first step happened: the participation's creation."""
        return self.timeline[0].occurred_at or self.timeline[0].expected_at

    @property
    def updated_at(self) -> dt.datetime:
        """When the current step was reached: the participation's last change."""
        current = next(entry for entry in self.timeline if entry.status == IN_PROGRESS)
        return current.occurred_at or current.expected_at

    def timeline_json(self) -> list[dict[str, Any]]:
        """The timeline as `participation_state`."""
        return [entry.to_json() for entry in self.timeline]

    def to_json(self) -> dict[str, Any]:
        """Where the customer stands, as vpp_participation and the REST resource send it."""
        return {
            "current_state": self.current_state,
            "control_active": self.control_active,
            "telemetry_active": self.telemetry_active,
            "suspension_reasons": list(self.suspension_reasons),
            "participation_state": self.timeline_json(),
        }


def participation(
    customer: DemoCustomer, now: dt.datetime, *, leave_requested_at: dt.datetime | None = None
) -> Participation | None:
    """The customer's participation at `now` (None if they never enrolled).

    `leave_requested_at` adds a leave asked for in this session to the end of the timeline.
    """
    steps = _customer_steps(customer, now.astimezone(customer.zone).date())
    if not steps:
        return None
    if leave_requested_at is not None:
        steps += leaving_steps(customer.programme, leave_requested_at)
    entries = timeline(steps, now)
    current = next(entry for entry in entries if entry.status == IN_PROGRESS)
    reasons = current.suspension_reasons if current.state == SUSPENDED else ()
    telemetry_started = any(
        entry.state == AWAITING_TELEMETRY and entry.status == COMPLETE for entry in entries
    )
    return Participation(
        programme=customer.programme,
        timeline=entries,
        current_state=current.state,
        control_active=current.state == "ACTIVE",
        # Lost telemetry stays lost while the customer leaves: leaving does not revive it.
        telemetry_active=telemetry_started
        and current.state not in _NO_TELEMETRY_STATES
        and AWAITING_TELEMETRY not in customer.suspension_reasons,
        suspension_reasons=reasons,
    )


def timeline(steps: Sequence[PlannedStep], now: dt.datetime) -> tuple[TimelineEntry, ...]:
    """The steps in their given order: the last one reached by `now` is IN_PROGRESS.

    Steps before it are COMPLETE and steps after it PENDING, so there is always exactly one
    IN_PROGRESS entry, whatever order the dates are in.
    """
    reached = [index for index, step in enumerate(steps) if step.happens_at <= now]
    # Nothing reached yet (a request made seconds ago elsewhere): the first step is under way.
    current = reached[-1] if reached else 0
    entries = []
    for index, step in enumerate(steps):
        if index < current:
            status = COMPLETE
        elif index == current:
            status = IN_PROGRESS
        else:
            status = PENDING
        entries.append(
            TimelineEntry(
                state=step.state,
                status=status,
                description=step.description,
                occurred_at=step.happens_at if index <= current else None,
                expected_at=step.expected_at,
                suspension_reasons=step.suspension_reasons,
            )
        )
    return tuple(entries)


def leaving_steps(programme: Programme, requested_at: dt.datetime) -> list[PlannedStep]:
    """Asking to leave, winding down through the notice period, and having left."""
    winding_down_at = requested_at + WINDING_DOWN_AFTER
    left_at = requested_at + dt.timedelta(days=programme.notice_period_days)
    return [
        PlannedStep("UNENROLMENT_REQUESTED", _LEAVE_REQUESTED, requested_at, requested_at),
        PlannedStep("WINDING_DOWN", _WINDING_DOWN, winding_down_at, winding_down_at),
        PlannedStep("UNENROLLED", _LEFT, left_at, left_at),
    ]


def _customer_steps(customer: DemoCustomer, today: dt.date) -> list[PlannedStep]:
    """Every step the customer has passed or is expected to pass, in lifecycle order."""
    enrolled_on = customer.enrolled_on(today)
    first_dispatch_on = customer.first_dispatch_on(today)
    if enrolled_on is None or first_dispatch_on is None:
        return []
    planned: list[tuple[Step, dt.date, dt.date]] = []
    delay = dt.timedelta()
    for step in _ENROLMENT_STEPS:
        if step.state == _DELAYED_FROM:
            delay = dt.timedelta(days=customer.onboarding_delay_days)
        # The plan made at enrolment stays as it was: the operator has not re-planned it.
        on = enrolled_on + dt.timedelta(days=step.day)
        planned.append((step, on, on + delay))
    for step in _ACTIVATION_STEPS:
        # Go-live is re-planned: it already counts from the (late) first dispatch day.
        on = first_dispatch_on + dt.timedelta(days=step.day)
        planned.append((step, on, on))
    steps = [
        PlannedStep(
            step.state,
            step.description,
            _moment(customer, expected_on, index),
            _moment(customer, happens_on, index),
        )
        for index, (step, expected_on, happens_on) in enumerate(planned)
    ]
    ended_on = customer.dispatch_ended_on(today)
    if ended_on is None:
        return steps
    if customer.participation_state == SUSPENDED:
        paused_at = _moment(customer, ended_on, len(steps))
        steps.append(
            PlannedStep(
                _SUSPENSION.state,
                _SUSPENSION.description,
                paused_at,
                paused_at,
                customer.suspension_reasons,
            )
        )
        return steps
    # The battery dispatched until it left, so the request came a notice period earlier.
    asked_on = ended_on - dt.timedelta(days=customer.programme.notice_period_days)
    return steps + leaving_steps(customer.programme, _moment(customer, asked_on, len(steps)))


def _moment(customer: DemoCustomer, on: dt.date, index: int) -> dt.datetime:
    """The local moment the `index`-th step happens on the date `on`."""
    return dt.datetime.combine(on, _STEP_TIME, tzinfo=customer.zone) + _STEP_GAP * index
