"""Participation lifecycle states and suspension reasons in a customer's words.

The 16 states of the REST resource (Part B §7.1), plus the spellings older and newer pages use
for the same steps; any other value still renders, humanised, with a neutral explanation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from connect_app import formatting as fmt
from connect_app.connect.vpp_payloads import TimelineEntry

Kind = Literal["transient", "resting", "terminal", "unknown"]


@dataclass(frozen=True)
class StateWords:
    label: str
    kind: Kind  # transient: we are working; resting: waiting (often on you); terminal: final
    explanation: str
    customer_must_act: bool = False


@dataclass(frozen=True)
class _Words:
    """A state's words as the catalogue has them, put into the reader's language when used."""

    label: Promise
    kind: Kind
    explanation: Promise
    customer_must_act: bool = False


# Module-level, so lazily translated: each is looked up in the language of the request.
_STATES: dict[str, _Words] = {
    "ENROLMENT_REQUESTED": _Words(
        _("Enrolment requested"),
        "transient",
        _("We have your request to join and are setting it up."),
    ),
    "AWAITING_CONSENT": _Words(
        _("Waiting for your permission"),
        "resting",
        _("The programme needs your permission to control your battery during events."),
        customer_must_act=True,
    ),
    "AWAITING_TELEMETRY": _Words(
        _("Waiting for battery data"),
        "resting",
        _("Your battery has not sent data yet. Check it is switched on and online."),
        customer_must_act=True,
    ),
    "AWAITING_METER_ACCESS": _Words(
        _("Meter details needed"),
        "resting",
        _("The programme needs access to your meter's readings to work out your earnings."),
        customer_must_act=True,
    ),
    "CONFIRMING_DISPATCH": _Words(
        _("Testing battery control"),
        "transient",
        _("We are checking your battery can be controlled."),
    ),
    "AWAITING_ELIGIBILITY": _Words(
        _("Checking eligibility"),
        "resting",
        _("The programme operator is checking that your home and battery qualify."),
    ),
    "AWAITING_REGISTRATION": _Words(
        _("Registering your battery"),
        "resting",
        _("The programme operator is registering your battery with the grid."),
    ),
    "REGISTERED": _Words(
        _("Registered"), "transient", _("Your battery's registration is confirmed.")
    ),
    "INELIGIBLE": _Words(
        _("Not eligible"),
        "terminal",
        _("Your home or battery does not qualify for this programme. This can change if they do."),
    ),
    "ACTIVE": _Words(
        _("Active"),
        "resting",
        _("Your battery can be called on to help the grid, and earns when it is."),
    ),
    "SUSPENDED": _Words(
        _("Suspended"), "resting", _("Your battery is paused and is not being dispatched for now.")
    ),
    "UNENROLMENT_REQUESTED": _Words(
        _("Leaving requested"),
        "transient",
        _("We have your request to leave and are processing it."),
    ),
    "WINDING_DOWN": _Words(
        _("Winding down"),
        "transient",
        _("Your notice period is running: final earnings are settled and control is removed."),
    ),
    "UNENROLLED": _Words(
        _("Left the programme"),
        "resting",
        _("You have left. Your records and past earnings are kept."),
    ),
    "OFFBOARDED": _Words(
        _("Removed"), "terminal", _("Your home and battery have been removed from the programme.")
    ),
    "FAILED": _Words(
        _("Could not complete"),
        "terminal",
        _("Setting up your participation did not succeed. Contact the programme for help."),
    ),
}
# The same steps as other published versions spell them.
_ALIASES = {
    "AWAITING_CUSTOMER_CONSENT": "AWAITING_CONSENT",
    "CONSENT_REQUIRED": "AWAITING_CONSENT",
    "AWAITING_DEVICE_TELEMETRY": "AWAITING_TELEMETRY",
    "AWAITING_LOCATION_TELEMETRY": "AWAITING_TELEMETRY",
    "METER_ACCESS_REQUIRED": "AWAITING_METER_ACCESS",
    "CHECKING_ELIGIBILITY": "AWAITING_ELIGIBILITY",
    "ELIGIBILITY_CHECKING": "AWAITING_ELIGIBILITY",
    "INITIALISING": "ENROLMENT_REQUESTED",
    "PROVISIONING": "CONFIRMING_DISPATCH",
    "ELIGIBLE": "REGISTERED",
}

SUSPENSION_REASONS: dict[str, Promise] = {
    "AWAITING_TELEMETRY": _(
        "Your battery has not reported for a while. Check it is on and online."
    ),
    "AWAITING_DISPATCH": _("The programme is waiting to confirm it can control your battery."),
    "AWAITING_CONSENT": _("The programme needs your permission to control your battery."),
    "OPERATOR_REQUEST": _("The programme operator has paused your participation."),
    "CUSTOMER_REQUEST": _("You asked to pause your participation."),
}
_REASONS_YOU_CAN_FIX = frozenset({"AWAITING_TELEMETRY", "AWAITING_CONSENT"})


def state_words(code: str | None) -> StateWords:
    key = (code or "").strip().upper()
    words = _STATES.get(_ALIASES.get(key, key))
    if words is not None:
        return StateWords(
            str(words.label), words.kind, str(words.explanation), words.customer_must_act
        )
    # A state this app does not know: its name as Connect spells it, humanised.
    return StateWords(
        fmt.humanise(key) or gettext("Unknown"),
        "unknown",
        gettext("Your programme reports this step."),
    )


def reason_words(code: str) -> str:
    known = SUSPENSION_REASONS.get(code)
    # A reason this app does not know is shown as Connect spells it, humanised.
    return str(known) if known is not None else f"{fmt.humanise(code)}."


def must_act(state: str, reasons: tuple[str, ...]) -> bool:
    """Whether the next step is the customer's rather than the programme's."""
    return state_words(state).customer_must_act or bool(_REASONS_YOU_CAN_FIX & set(reasons))


@dataclass(frozen=True)
class TimelineStep:
    label: str
    status: Literal["done", "current", "next", "unknown"]
    status_label: str  # "Done", "Now", "Expected", for people who do not see the styling
    when: str  # "November 7, 2023, 5:31 AM", or "" when the payload has no time for it
    description: str


def timeline(
    entries: tuple[TimelineEntry, ...], zone: ZoneInfo, locale: str
) -> tuple[TimelineStep, ...]:
    """The lifecycle in the order Connect gives it: never sorted by date (§7.2)."""
    steps = []
    for entry in entries:
        words = state_words(entry.state)
        status: Literal["done", "current", "next", "unknown"]
        if entry.status == "COMPLETE":
            # Translators: a step of the programme's timeline that is over.
            status, status_label, moment = "done", pgettext("timeline", "Done"), entry.occurred_at
        elif entry.status == "IN_PROGRESS":
            # Translators: the step of the programme's timeline that is happening now.
            status_label = pgettext("timeline", "Now")
            status, moment = "current", entry.occurred_at or entry.expected_at
        elif entry.status == "PENDING":
            # Translators: a step of the programme's timeline that is still to come.
            status_label = pgettext("timeline", "Expected")
            status, moment = "next", entry.expected_at
        else:
            # Translators: a step of the programme's timeline whose status this app does not know.
            status_label = fmt.humanise(entry.status) or pgettext("timeline", "Step")
            status, moment = "unknown", entry.occurred_at or entry.expected_at
        steps.append(
            TimelineStep(
                label=words.label,
                status=status,
                status_label=status_label,
                when=when(moment, zone, locale),
                description=(entry.description or words.explanation).strip(),
            )
        )
    return tuple(steps)


def when(moment: dt.datetime | None, zone: ZoneInfo, locale: str) -> str:
    """A moment in the programme's zone, or "" when there is none (or none on the calendar)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)  # Flatpeak timestamps are UTC
    try:
        return fmt.moment(moment, zone, locale)
    except (OverflowError, ValueError):
        return ""
