"""The programme's participation state in a customer's words (vpp_summary's 7-state enum)."""

from __future__ import annotations

from dataclasses import dataclass

from connect_app.formatting import humanise
from connect_app.pages.common import Tone


@dataclass(frozen=True)
class ParticipationStatus:
    state: str
    label: str
    tone: Tone
    sentence: str


_STATES: dict[str, tuple[str, Tone, str]] = {
    "NOT_ENROLLED": (
        "Not enrolled",
        "neutral",
        "You have not joined this programme yet, so your battery is not earning from it.",
    ),
    "ENROLLING": (
        "Enrolling",
        "progress",
        "Your enrolment is being processed. Earnings start once your battery is active.",
    ),
    "ACTIVE": (
        "Active",
        "good",
        "Your battery is enrolled and helps the grid when called on. Each dispatch earns money.",
    ),
    "SUSPENDED": (
        "Suspended",
        "warning",
        "Your participation is paused, so your battery is not dispatching or earning for now.",
    ),
    "UNENROLLING": (
        "Leaving",
        "progress",
        "Your request to leave is being processed. Your battery may dispatch until it completes.",
    ),
    "UNENROLLED": (
        "Left the programme",
        "neutral",
        "You have left this programme. Your past earnings stay visible here.",
    ),
    "FAILED": (
        "Enrolment failed",
        "bad",
        "Your enrolment could not be completed, so your battery is not earning from it.",
    ),
}


def participation_status(state: str | None) -> ParticipationStatus:
    """Label, tone and one plain sentence for a state; a neutral fallback for any other value."""
    code = (state or "").strip().upper()
    if code in _STATES:
        label, tone, sentence = _STATES[code]
        return ParticipationStatus(code, label, tone, sentence)
    if not code:
        return ParticipationStatus(
            "", "Status unknown", "neutral", "Your programme has not reported a status."
        )
    return ParticipationStatus(
        code,
        humanise(code),
        "neutral",
        "This is the status your programme reports. Manage participation for details.",
    )
