"""Participation lifecycle states and suspension reasons in a customer's words.

The 16 states of the REST resource (Part B §7.1), plus the spellings older and newer pages use
for the same steps. Every state and reason is said in our own words (A7), whatever Connect or
the REST API wrote beside it; a code we do not know gets a general sentence of ours, with what
was sent shown below it.
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

# The one thing to do, for the states and reasons the customer can fix.
CHECK_ONLINE = _("Check your battery is switched on and connected to the internet.")
GIVE_PERMISSION = _(
    "Give the programme permission: follow the request it sent you, or contact it if you "
    "cannot find it."
)
GIVE_METER_ACCESS = _(
    "Give the programme access to your meter's readings: follow the request it sent you, or "
    "contact it if you cannot find it."
)
ASK_THE_PROGRAMME = _("Contact the programme to find out why and what you can do next.")


@dataclass(frozen=True)
class StateWords:
    label: str
    kind: Kind  # transient: we are working; resting: waiting (often on you); terminal: final
    explanation: str
    to_do: str = ""  # the one thing the customer can do about it; "" when nothing is needed
    sent: str = ""  # the code as sent, humanised, for a state we have no words for


@dataclass(frozen=True)
class _Words:
    """A state's words as the catalogue has them, put into the reader's language when used.

    One sentence for each tense the timeline needs: a step under way, one that is over, and
    one still to come.
    """

    label: Promise
    done: Promise  # the label of a finished step, in the past tense
    kind: Kind
    explanation: Promise  # the step under way
    finished: Promise  # the step is over
    upcoming: Promise  # the step is still to come
    to_do: Promise | None = None


# Module-level, so lazily translated: each is looked up in the language of the request.
_STATES: dict[str, _Words] = {
    "ENROLMENT_REQUESTED": _Words(
        _("Enrolment requested"),
        _("Enrolment requested"),
        "transient",
        _("We have your request to join and are setting it up."),
        _("Your request to join was received and set up."),
        _("Your request to join will be set up."),
    ),
    "AWAITING_CONSENT": _Words(
        _("Waiting for your permission"),
        _("Permission given"),
        "resting",
        _("The programme needs your permission to control your battery during events."),
        _("You gave the programme permission to control your battery during events."),
        _("The programme will ask for your permission to control your battery during events."),
        GIVE_PERMISSION,
    ),
    "AWAITING_TELEMETRY": _Words(
        _("Waiting for battery data"),
        _("Battery data received"),
        "resting",
        _("Your battery has not sent any data to the programme yet."),
        _("Your battery sent its first data to the programme."),
        _("Your battery will start sending data to the programme."),
        CHECK_ONLINE,
    ),
    "AWAITING_METER_ACCESS": _Words(
        _("Meter details needed"),
        _("Meter access given"),
        "resting",
        _("The programme needs access to your meter's readings to work out your earnings."),
        _("The programme was given access to your meter's readings."),
        _("The programme may ask for access to your meter's readings."),
        GIVE_METER_ACCESS,
    ),
    "CONFIRMING_DISPATCH": _Words(
        _("Testing battery control"),
        _("Battery control tested"),
        "transient",
        _("We are checking your battery can be controlled."),
        _("The programme checked that it can control your battery."),
        _("The programme will check that it can control your battery."),
    ),
    "AWAITING_ELIGIBILITY": _Words(
        _("Checking eligibility"),
        _("Eligibility confirmed"),
        "resting",
        _("The programme operator is checking that your home and battery qualify."),
        _("The programme operator confirmed that your home and battery qualify."),
        _("The programme operator will check that your home and battery qualify."),
    ),
    "AWAITING_REGISTRATION": _Words(
        _("Registering your battery"),
        _("Battery registered"),
        "resting",
        _("The programme operator is registering your battery with the grid."),
        _("The programme operator registered your battery with the grid."),
        _("The programme operator will register your battery with the grid."),
    ),
    "REGISTERED": _Words(
        _("Registered"),
        _("Registration confirmed"),
        "transient",
        _("Your battery's registration is confirmed."),
        _("Your battery's registration was confirmed."),
        _("Your battery's registration will be confirmed."),
    ),
    "INELIGIBLE": _Words(
        _("Not eligible"),
        _("Not eligible"),
        "terminal",
        _("Your home or battery does not qualify for this programme. This can change if they do."),
        _("Your home or battery did not qualify for this programme."),
        _("The programme will tell you if your home or battery does not qualify."),
        _("If your home or battery changes, contact the programme to check again."),
    ),
    "ACTIVE": _Words(
        _("Active"),
        # Translators: a finished step of the timeline: the battery was active in the programme.
        _("Took part"),
        "resting",
        _("Your battery can be called on to help the grid, and earns when it is."),
        _("Your battery took part in the programme and earned when it was called on."),
        _("Your battery will start taking part and earning."),
    ),
    "SUSPENDED": _Words(
        _("Suspended"),
        _("Suspended"),
        "resting",
        _("Your battery is paused and is not being dispatched for now."),
        _("Your participation was paused for a while."),
        _("Your participation will be paused."),
    ),
    "UNENROLMENT_REQUESTED": _Words(
        _("Leaving requested"),
        _("Leaving requested"),
        "transient",
        _("We have your request to leave and are processing it."),
        _("Your request to leave was received."),
        _("Your request to leave will be processed."),
    ),
    "WINDING_DOWN": _Words(
        _("Winding down"),
        _("Notice period ended"),
        "transient",
        _("Your notice period is running: final earnings are settled and control is removed."),
        _("Your notice period ended: your final earnings were settled and control removed."),
        _("Your notice period will run: final earnings will be settled and control removed."),
    ),
    "UNENROLLED": _Words(
        _("Left the programme"),
        _("Left the programme"),
        "resting",
        _("You have left. Your records and past earnings are kept."),
        _("You left the programme. Your records and past earnings are kept."),
        _("You will have left the programme. Your records and past earnings are kept."),
    ),
    "OFFBOARDED": _Words(
        _("Removed"),
        _("Removed"),
        "terminal",
        _("Your home and battery have been removed from the programme."),
        _("Your home and battery were removed from the programme."),
        _("Your home and battery will be removed from the programme."),
    ),
    "FAILED": _Words(
        _("Could not complete"),
        _("Could not complete"),
        "terminal",
        _("Setting up your participation did not succeed."),
        _("Setting up your participation did not succeed."),
        _("Setting up your participation did not succeed."),
        ASK_THE_PROGRAMME,
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
# States in which the battery is expected to report to the programme: elsewhere a silent
# battery is no news (it has not started, or it has left).
_REPORTING = frozenset(
    {
        "CONFIRMING_DISPATCH",
        "AWAITING_ELIGIBILITY",
        "AWAITING_REGISTRATION",
        "REGISTERED",
        "ACTIVE",
        "SUSPENDED",
        "UNENROLMENT_REQUESTED",
        "WINDING_DOWN",
    }
)


@dataclass(frozen=True)
class _Reason:
    why: Promise
    to_do: Promise | None = None


SUSPENSION_REASONS: dict[str, _Reason] = {
    "AWAITING_TELEMETRY": _Reason(
        _("Your battery has stopped sending data to the programme."), CHECK_ONLINE
    ),
    "AWAITING_DISPATCH": _Reason(
        _("The programme is waiting to confirm it can control your battery.")
    ),
    "AWAITING_CONSENT": _Reason(
        _("The programme needs your permission to control your battery."), GIVE_PERMISSION
    ),
    "OPERATOR_REQUEST": _Reason(_("The programme operator has paused your participation.")),
    "CUSTOMER_REQUEST": _Reason(
        _("You asked to pause your participation."),
        _("To take part again, contact the programme."),
    ),
}


@dataclass(frozen=True)
class Reason:
    why: str
    to_do: str = ""
    sent: str = ""  # a reason we have no words for, as sent (humanised)


def _canonical(code: str | None) -> str:
    key = (code or "").strip().upper()
    return _ALIASES.get(key, key)


def state_words(code: str | None) -> StateWords:
    key = _canonical(code)
    words = _STATES.get(key)
    if words is not None:
        to_do = str(words.to_do) if words.to_do is not None else ""
        return StateWords(str(words.label), words.kind, str(words.explanation), to_do)
    # A state this app does not know: our general words, and its name as sent below them.
    return StateWords(
        # Translators: the name of a participation step this app has no words for.
        gettext("Another step"),
        "unknown",
        gettext("Your programme reports a step we have no description for."),
        sent=fmt.humanise(key),
    )


def reason_words(code: str) -> Reason:
    known = SUSPENSION_REASONS.get(code.strip().upper())
    if known is not None:
        return Reason(str(known.why), str(known.to_do) if known.to_do is not None else "")
    return Reason(
        gettext("Your programme gave a reason we have no description for."),
        sent=fmt.humanise(code),
    )


def expects_reports(state: str) -> bool:
    """Whether a battery that has not reported lately is something to fix in this state."""
    key = _canonical(state)
    return key in _REPORTING or key not in _STATES


TimelineStatus = Literal["done", "current", "next", "late", "unknown"]


@dataclass(frozen=True)
class TimelineStep:
    label: str
    status: TimelineStatus
    # "Done", "Now", "Next", "Running late", for people who do not see the styling
    status_label: str
    # "November 7, 2023, 5:31 AM", "expected November 7, 2023, 5:31 AM", or ""
    when: str
    description: str  # ours, in the step's own tense
    sent: str = ""  # what was sent for a step we have no words for


def timeline(
    entries: tuple[TimelineEntry, ...], zone: ZoneInfo, locale: str, now: dt.datetime
) -> tuple[TimelineStep, ...]:
    """The lifecycle in the order Connect gives it: never sorted by date (§7.2).

    A step still to come whose expected moment has passed is running late, and says so.
    """
    return tuple(_step(entry, zone, locale, now) for entry in entries)


def _step(entry: TimelineEntry, zone: ZoneInfo, locale: str, now: dt.datetime) -> TimelineStep:
    words = _STATES.get(_canonical(entry.state))
    status: TimelineStatus
    if entry.status == "COMPLETE":
        # Translators: a step of the programme's timeline that is over.
        status, status_label, moment = "done", pgettext("timeline", "Done"), entry.occurred_at
        label, description = (words.done, words.finished) if words else (None, None)
    elif entry.status == "IN_PROGRESS":
        # Translators: the step of the programme's timeline that is happening now.
        status_label = pgettext("timeline", "Now")
        status, moment = "current", entry.occurred_at or entry.expected_at
        label, description = (words.label, words.explanation) if words else (None, None)
    elif entry.status == "PENDING":
        moment = entry.expected_at
        label, description = (words.label, words.upcoming) if words else (None, None)
        if moment is not None and _passed(moment, now):
            # Translators: a step of the programme's timeline that was expected by now.
            status, status_label = "late", pgettext("timeline", "Running late")
        else:
            # Translators: a step of the programme's timeline that is still to come.
            status, status_label = "next", pgettext("timeline", "Next")
    else:
        # Translators: a step of the programme's timeline whose status this app does not know.
        status, status_label = "unknown", pgettext("timeline", "Step")
        moment = entry.occurred_at or entry.expected_at
        label, description = (words.label, words.explanation) if words else (None, None)
    shown_when = when(moment, zone, locale)
    if status in ("next", "late") and shown_when:
        # Translators: when a step still to come is (or was) expected, "expected March 4,
        # 2025, 10:00 AM".
        shown_when = pgettext("timeline", "expected %(moment)s") % {"moment": shown_when}
    if label is None or description is None:
        unknown = state_words(entry.state)
        return TimelineStep(
            unknown.label,
            status,
            status_label,
            shown_when,
            unknown.explanation,
            sent=(entry.description or "").strip() or unknown.sent,
        )
    return TimelineStep(str(label), status, status_label, shown_when, str(description))


def is_late(steps: tuple[TimelineStep, ...]) -> bool:
    return any(step.status == "late" for step in steps)


def first_earning_day(
    entries: tuple[TimelineEntry, ...], zone: ZoneInfo, now: dt.datetime
) -> dt.date | None:
    """The day an ACTIVE step still to come is expected, while that day is still ahead."""
    for entry in entries:
        expected = entry.expected_at
        if _canonical(entry.state) != "ACTIVE" or entry.status != "PENDING" or expected is None:
            continue
        if _passed(expected, now):
            return None  # running late: is_late says so
        try:
            return _utc(expected).astimezone(zone).date()
        except OverflowError:
            return None
    return None


def when(moment: dt.datetime | None, zone: ZoneInfo, locale: str) -> str:
    """A moment in the programme's zone, or "" when there is none (or none on the calendar)."""
    if moment is None:
        return ""
    try:
        return fmt.moment(_utc(moment), zone, locale)
    except (OverflowError, ValueError):
        return ""


def _passed(moment: dt.datetime, now: dt.datetime) -> bool:
    try:
        return _utc(moment) < now
    except OverflowError:  # a moment at the very edge of the calendar
        return False


def _utc(moment: dt.datetime) -> dt.datetime:
    # Flatpeak timestamps are UTC
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
