"""The programme's participation state in a customer's words (vpp_summary's 7-state enum)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from connect_app.formatting import humanise
from connect_app.pages.common import Tone


@dataclass(frozen=True)
class ParticipationStatus:
    state: str
    label: str
    tone: Tone
    sentence: str


# Module-level, so lazily translated: each is looked up in the language of the request.
_STATES: dict[str, tuple[Promise, Tone, Promise]] = {
    "NOT_ENROLLED": (
        _("Not enrolled"),
        "neutral",
        _("You have not joined this programme yet, so your battery is not earning from it."),
    ),
    "ENROLLING": (
        _("Enrolling"),
        "progress",
        _("Your enrolment is being processed. Earnings start once your battery is active."),
    ),
    "ACTIVE": (
        _("Active"),
        "good",
        _("Your battery is enrolled and helps the grid when called on. Each dispatch earns money."),
    ),
    "SUSPENDED": (
        _("Suspended"),
        "warning",
        _("Your participation is paused, so your battery is not dispatching or earning for now."),
    ),
    "UNENROLLING": (
        _("Leaving"),
        "progress",
        _(
            "Your request to leave is being processed. "
            "Your battery may dispatch until it completes."
        ),
    ),
    "UNENROLLED": (
        _("Left the programme"),
        "neutral",
        _("You have left this programme. Your past earnings stay visible here."),
    ),
    "FAILED": (
        _("Enrolment failed"),
        "bad",
        _("Your enrolment could not be completed, so your battery is not earning from it."),
    ),
}


def participation_status(state: str | None) -> ParticipationStatus:
    """Label, tone and one plain sentence for a state; a neutral fallback for any other value."""
    code = (state or "").strip().upper()
    if code in _STATES:
        label, tone, sentence = _STATES[code]
        return ParticipationStatus(code, str(label), tone, str(sentence))
    if not code:
        return ParticipationStatus(
            "",
            gettext("Status unknown"),
            "neutral",
            gettext("Your programme has not reported a status."),
        )
    # A state this app does not know: its name as Connect spells it, humanised.
    return ParticipationStatus(
        code,
        humanise(code),
        "neutral",
        gettext("This is the status your programme reports. Manage participation for details."),
    )
