"""Leaving a programme: what it means before the customer confirms, and how it goes after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from connect_sandbox.customers import DemoCustomer
from connect_sandbox.participation import Participation, TimelineEntry
from connect_sandbox.payments import payment_date_for
from connect_sandbox.periods import Period, PeriodType

# The leaving steps a leave request adds to the end of the timeline (participation.py).
LEAVING_STEP_COUNT = 3


@dataclass(frozen=True)
class Point:
    """One point of what leaving means or what happens next: its code, and its words."""

    code: str
    description: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "description": self.description}


NEXT_STEPS = (
    Point(
        "DISPATCH_UNTIL_NOTICE_ENDS",
        "Your battery keeps taking part in events until the notice period ends.",
    ),
    Point("FINAL_PAYMENT", "Your final payment covers your earnings up to the day you leave."),
    Point("EMAIL_WHEN_LEFT", "We will email you when you have left the programme."),
)


@dataclass(frozen=True)
class LeaveTerms:
    """What leaving means, as the confirmation page explains it."""

    consequences: tuple[Point, ...]
    notice_period_days: int
    final_payment_date: dt.date


@dataclass(frozen=True)
class LeaveProgress:
    """A leave request under way."""

    status: str
    requested_at: dt.datetime
    expected_completion_at: dt.datetime
    timeline: tuple[TimelineEntry, ...]


def leave_terms(customer: DemoCustomer, asked_at: dt.datetime) -> LeaveTerms:
    """The terms of leaving if the customer confirms at `asked_at`."""
    programme = customer.programme
    name = programme.programme_display_name
    days = programme.notice_period_days
    leaves_at = asked_at + dt.timedelta(days=days)
    return LeaveTerms(
        consequences=(
            Point(
                "DISPATCH_ENDS",
                f"Your battery will stop being dispatched for {name} after a {days}-day notice "
                "period.",
            ),
            Point(
                "FINAL_PAYMENT", "Earnings up to your leaving date are paid in your final payment."
            ),
            Point("REJOIN_LATER", "You can rejoin later, but your place is not held."),
        ),
        notice_period_days=days,
        final_payment_date=payment_date_for(
            Period.containing(PeriodType.MONTH, leaves_at.astimezone(customer.zone).date())
        ),
    )


def leave_progress(participation: Participation, requested_at: dt.datetime) -> LeaveProgress:
    """The progress of a leave request, from the participation it ends."""
    leaving = participation.timeline[-LEAVING_STEP_COUNT:]
    return LeaveProgress(
        status=participation.current_state,
        requested_at=requested_at,
        expected_completion_at=leaving[-1].expected_at,
        timeline=leaving,
    )
