"""Payloads of the VPP pages Flatpeak describes but never published the shape of.

Participation status, payment history and the two leaving pages are read tolerantly: every field
may be missing, unknown enum values stay strings, and the app recognises these pages by shape
(connect/kinds.py) when their route name is not one it knows.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from connect_app.connect.replies import Frozen, IsoCurrency, Money, Payload, Programme


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(v.strip() for v in value if isinstance(v, str) and v.strip())


def _codes(value: Any) -> tuple[str, ...]:
    return tuple(text.upper() for text in _texts(value))


def _code(value: Any) -> str:
    """An enum value upper-cased; anything but a string reads as none."""
    return value.strip().upper() if isinstance(value, str) else ""


Codes = Annotated[tuple[str, ...], BeforeValidator(_codes)]
Code = Annotated[str, BeforeValidator(_code)]


class Point(Frozen):
    """One point of a list for the customer: its code, when it has one, and its text as sent."""

    code: Code = ""
    text: str = ""


def _points(value: Any) -> tuple[Point, ...]:
    """Plain strings (text alone), or objects with a `code` and a `description` or `text`."""
    if not isinstance(value, list | tuple):
        return ()
    points = []
    for item in value:
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict):
            continue
        words = item.get("description", item.get("text"))
        point = Point(
            code=_code(item.get("code")), text=words.strip() if isinstance(words, str) else ""
        )
        if point.code or point.text:
            points.append(point)
    return tuple(points)


# A list of what leaving means or what happens next (Part B §4.4 left its shape open).
Points = Annotated[tuple[Point, ...], BeforeValidator(_points)]


class ProgrammeRef(Programme):
    """The programme as the participation resources spell it (`id`, not `programme_id`)."""

    id: str | None = None


class TimelineEntry(Frozen):
    """One step of the ordered participation lifecycle (Part B §7.2)."""

    state: Code = ""
    status: Code = ""
    description: str | None = None
    occurred_at: dt.datetime | None = None
    expected_at: dt.datetime | None = None
    suspension_reasons: Codes = ()


class Participation(Payload):
    """A participation: from the Connect participation page or the REST resource (§7.1)."""

    id: str | None = None
    programme: ProgrammeRef = Field(default_factory=ProgrammeRef)
    timezone: str | None = None
    current_state: str | None = None
    control_active: bool | None = None
    telemetry_active: bool | None = None
    suspension_reasons: Codes = ()
    participation_state: tuple[TimelineEntry, ...] = ()

    @field_validator("participation_state", mode="before")
    @classmethod
    def _timeline(cls, value: Any) -> Any:
        # The summary page sends a single state string under the same name: no timeline then.
        return value if isinstance(value, list) else ()

    @property
    def state(self) -> str:
        """The current state: as given, else the timeline's IN_PROGRESS entry."""
        if self.current_state:
            return self.current_state.strip().upper()
        for entry in self.participation_state:
            if entry.status == "IN_PROGRESS":
                return entry.state
        return ""


class Payment(Frozen):
    id: str | None = None
    payment_date: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    amount: Money
    status: Code = ""


class PaymentMethod(Frozen):
    type: str | None = None
    masked: str | None = None


class Support(Frozen):
    email: str | None = None
    reference: str | None = None


class PaymentHistory(Payload):
    programme: Programme = Field(default_factory=Programme)
    timezone: str | None = None
    currency_code: IsoCurrency = "USD"
    payments: tuple[Payment, ...] = ()
    payment_method: PaymentMethod | None = None
    support: Support | None = None


class LeaveConfirmation(Payload):
    programme: Programme = Field(default_factory=Programme)
    consequences: Points = ()
    notice_period_days: int | None = Field(default=None, ge=0, le=3650)
    final_payment_date: dt.date | None = None


class LeaveProgress(Payload):
    programme: Programme = Field(default_factory=Programme)
    timezone: str | None = None
    status: str | None = None
    requested_at: dt.datetime | None = None
    expected_completion_at: dt.datetime | None = None
    next_steps: Points = ()
    participation_state: tuple[TimelineEntry, ...] = ()
