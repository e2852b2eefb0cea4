"""A demo customer's participation timeline: the steps of joining, running and leaving."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from connect_app.sandbox.customers import DemoCustomer


@dataclass(frozen=True)
class Step:
    """One state on the timeline, reached `day` days after the date its phase counts from."""

    state: str
    day: int
    description: str


# Enrolment, counted in days from the enrolment date.
_ENROLMENT_STEPS = (
    Step("ENROLMENT_REQUESTED", 0, "We received your request to join the programme."),
    Step("AWAITING_CONSENT", 0, "You allow the programme to use your battery during events."),
    Step("AWAITING_TELEMETRY", 1, "Your battery is sending data to the programme."),
    Step("CONFIRMING_DISPATCH", 2, "Checking that your battery responds to dispatch requests."),
    Step("AWAITING_ELIGIBILITY", 4, "The programme is checking that your home qualifies."),
    Step("AWAITING_REGISTRATION", 6, "The programme is registering your battery."),
)
# Going live, counted from the first day the battery may be dispatched.
_ACTIVATION_STEPS = (
    Step("REGISTERED", -1, "Your battery is registered with the programme."),
    Step("ACTIVE", 0, "Your battery takes part in dispatch events and earns rewards."),
)
# Suspension, counted from the date dispatching stopped.
_SUSPENSION_STEPS = (Step("SUSPENDED", 0, "Dispatching is paused until the issue below is fixed."),)
# Leaving, counted from the date dispatching stopped.
_LEAVING_STEPS = (
    Step("UNENROLMENT_REQUESTED", 0, "We received your request to leave the programme."),
    Step("WINDING_DOWN", 1, "Settling your final rewards and removing the programme's access."),
    Step("UNENROLLED", 14, "You have left the programme. Your earnings history is kept."),
)
# Steps happen in office hours, a few minutes apart, in the programme's time zone.
_STEP_TIME = dt.time(10, 0)


@dataclass(frozen=True)
class Participation:
    """Where a customer stands in their programme, with the timeline that got them there."""

    timeline: tuple[dict[str, Any], ...]
    current_state: str
    control_active: bool
    telemetry_active: bool
    suspension_reasons: tuple[str, ...]


def participation(customer: DemoCustomer, today: dt.date) -> Participation:
    """The customer's participation as seen on `today`."""
    dated = _dated_steps(customer, today)
    reached = [step.state for step, on in dated if on <= today]
    current_state = reached[-1] if reached else customer.participation_state
    # A final state is complete; any other current state is still going on.
    final = current_state == "UNENROLLED"
    timeline = []
    for index, (step, on) in enumerate(dated):
        moment = dt.datetime.combine(on, _STEP_TIME, tzinfo=customer.zone)
        moment += dt.timedelta(minutes=7 * index)
        is_reached = on <= today
        if not is_reached:
            status = "PENDING"
        elif step.state == current_state and not final:
            status = "IN_PROGRESS"
        else:
            status = "COMPLETE"
        timeline.append(
            {
                "state": step.state,
                "status": status,
                "description": step.description,
                "occurred_at": moment.isoformat() if is_reached else None,
                "expected_at": None if is_reached else moment.isoformat(),
                "suspension_reasons": (
                    list(customer.suspension_reasons) if step.state == "SUSPENDED" else []
                ),
            }
        )
    state = customer.participation_state
    return Participation(
        timeline=tuple(timeline),
        current_state=current_state,
        control_active=state == "ACTIVE",
        telemetry_active=state in {"ACTIVE", "SUSPENDED"}
        or (state == "ENROLLING" and "CONFIRMING_DISPATCH" in reached),
        suspension_reasons=customer.suspension_reasons,
    )


def _dated_steps(customer: DemoCustomer, today: dt.date) -> list[tuple[Step, dt.date]]:
    """Every step the customer has passed or is expected to pass, with its local date."""
    enrolled_on = customer.enrolled_on(today)
    first_dispatch_on = customer.first_dispatch_on(today)
    if enrolled_on is None or first_dispatch_on is None:
        return []
    phases: list[tuple[tuple[Step, ...], dt.date]] = [
        (_ENROLMENT_STEPS, enrolled_on),
        (_ACTIVATION_STEPS, first_dispatch_on),
    ]
    ended_on = customer.dispatch_ended_on(today)
    if ended_on is not None:
        suspended = customer.participation_state == "SUSPENDED"
        phases.append((_SUSPENSION_STEPS if suspended else _LEAVING_STEPS, ended_on))
    return [
        (step, starts_on + dt.timedelta(days=step.day))
        for steps, starts_on in phases
        for step in steps
    ]
