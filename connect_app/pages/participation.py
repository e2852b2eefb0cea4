"""The programme's participation state in a customer's words (vpp_summary's 7-state enum), and
the next step of a customer who is not simply earning: what the state means and the one thing
to do, said once, at the top of the dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from connect_app.connect.replies import Page
from connect_app.formatting import humanise
from connect_app.pages import lifecycle
from connect_app.pages.common import ActionButton, Tone, action_label
from connect_app.pages.vpp_participation import ParticipationDetails


@dataclass(frozen=True)
class ParticipationStatus:
    state: str
    label: str
    tone: Tone
    sentence: str
    sent: str = ""  # a state we have no words for, as sent (humanised)


@dataclass(frozen=True)
class NextStep:
    """What a customer who is not earning reads first: what it means, why, what to do."""

    tone: Tone
    meaning: str
    sent: str  # the state as sent, for one we have no words for
    reasons: tuple[lifecycle.Reason, ...]
    gone_quiet: bool  # the battery has not reported lately (said among the reasons)
    to_do: str  # the one thing to do, or ""
    nothing_needed: bool  # no thing to do, and the customer may wonder whether there is one
    # "Some steps are taking longer than planned.", "…expected to start earning on…"
    when: tuple[str, ...]
    # Where to see more, when the dashboard has no participation details of its own to say why.
    action: ActionButton | None


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
        _(
            "Your enrolment is being processed. Once your battery is active, it earns each time "
            "the programme sends some of its stored energy to the grid (a dispatch)."
        ),
    ),
    "ACTIVE": (
        _("Active"),
        "good",
        _(
            "Your battery is taking part. When the grid is under strain, the programme sends "
            "some of its stored energy to the grid (a dispatch), and you earn from each one."
        ),
    ),
    "SUSPENDED": (
        _("Suspended"),
        "warning",
        _(
            "Your participation is paused: the programme is not sending energy from your "
            "battery to the grid (dispatching), so it is not earning for now."
        ),
    ),
    "UNENROLLING": (
        _("Leaving"),
        "progress",
        _(
            "Your request to leave is being processed. Until it completes, the programme may "
            "still send energy from your battery to the grid (dispatch), and you earn from it."
        ),
    ),
    "UNENROLLED": (
        _("Left the programme"),
        "neutral",
        _(
            "You have left this programme. What your battery sent to the grid (dispatched) and "
            "earned while you took part stays visible here."
        ),
    ),
    "FAILED": (
        _("Enrolment failed"),
        "bad",
        _("Your enrolment could not be completed, so your battery is not earning from it."),
    ),
}
# What to do when the dashboard has no participation details to say more.
_TO_DO: dict[str, Promise] = {
    "SUSPENDED": _("Find out why it is paused, and what you can do."),
    "FAILED": lifecycle.ASK_THE_PROGRAMME,
}
_TO_DO_UNKNOWN = _("If this does not change within a day, contact the programme.")
# States in which the customer is leaving or has left: the programme no longer times anything
# around their tariff, so connecting one is not urged on them (it stays an ordinary action).
_LEAVING = frozenset({"UNENROLLING", "UNENROLLED"})
# States in which the customer waits on the programme: saying nothing is needed reassures.
_WAITING = frozenset({"ENROLLING", "SUSPENDED", "UNENROLLING", "ACTIVE"})


def participation_status(state: str | None) -> ParticipationStatus:
    """Label, tone and one plain sentence for a state; ours in general for any other value."""
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
    # A state this app does not know: our words, and its name as Connect spells it below.
    return ParticipationStatus(
        code,
        # Translators: a programme's participation state that this app has no words for.
        gettext("Other status"),
        "neutral",
        gettext("Your programme reports a status we have no description for."),
        sent=humanise(code),
    )


def urges_tariff(status: ParticipationStatus) -> bool:
    """Whether a dashboard without a connected tariff explains why the programme needs one."""
    return status.state not in _LEAVING


def next_step(
    status: ParticipationStatus, details: ParticipationDetails | None, page: Page
) -> NextStep | None:
    """The dashboard's first words for a customer who is not simply earning; None when they are.

    The participation details (Flatpeak's REST API), when the dashboard has them, say why and
    what to do; without them the state alone says what it can, and offers where to see more.
    """
    state = status.state
    if details is not None:
        to_do = details.to_do
    elif state in _STATES:
        to_do = str(_TO_DO[state]) if state in _TO_DO else ""
    else:
        to_do = str(_TO_DO_UNKNOWN)
    if state == "ACTIVE" and not to_do:
        return None
    see_more = details is None and state in _TO_DO and page.offers("MANAGE_PARTICIPATION")
    return NextStep(
        tone="warning" if state == "ACTIVE" else status.tone,
        meaning=status.sentence,
        sent=status.sent,
        reasons=details.reasons if details else (),
        gone_quiet=bool(details and details.gone_quiet),
        to_do=to_do,
        nothing_needed=not to_do and state in _WAITING,
        when=tuple(filter(None, (details.running_late, details.starts_earning))) if details else (),
        action=ActionButton("MANAGE_PARTICIPATION", action_label("MANAGE_PARTICIPATION"))
        if see_more
        else None,
    )
