"""Leaving a programme: the confirmation page, and the progress page that follows it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from connect_app import formatting as fmt
from connect_app.connect.replies import Page
from connect_app.connect.vpp_payloads import LeaveConfirmation, LeaveProgress, Point
from connect_app.pages import lifecycle
from connect_app.pages.common import ActionButton, RenderContext, action_buttons

# What leaving means and what happens next, by the codes a leaving page gives its points.
# Module-level, so lazily translated: each is looked up in the language of the request.
_POINTS: dict[str, Promise] = {
    "DISPATCH_ENDS": _(
        "Your battery keeps taking part until your notice period ends, then stops earning from "
        "this programme."
    ),
    "DISPATCH_UNTIL_NOTICE_ENDS": _(
        "Your battery keeps taking part in events until your notice period ends."
    ),
    "FINAL_PAYMENT": _("Your earnings up to the day you leave are paid in your final payment."),
    "REJOIN_LATER": _("You can rejoin later, but your place is not kept for you."),
    "EMAIL_WHEN_LEFT": _("The programme will email you once you have left."),
}


@dataclass(frozen=True)
class Points:
    """A list in our words, and below it what was sent for points we have no words for."""

    ours: tuple[str, ...]
    sent: tuple[str, ...]


@dataclass(frozen=True)
class LeaveConfirmationView:
    programme_name: str
    consequences: Points
    notice: str
    final_payment: str
    confirm: ActionButton | None  # the action that leaves; posted only with the box ticked
    actions: tuple[ActionButton, ...]


@dataclass(frozen=True)
class LeaveProgressView:
    programme_name: str
    status: str
    explanation: str
    status_sent: str  # a status we have no words for, as sent
    requested: str
    expected: str
    next_steps: Points
    timeline: tuple[lifecycle.TimelineStep, ...]
    actions: tuple[ActionButton, ...]


def confirming_action(page: Page) -> str | None:
    """The page's own action (not Back or Close): the one that actually leaves."""
    return next((a for a in page.actions if a not in ("BACK", "CLOSE")), None)


def build_confirmation(page: Page, ctx: RenderContext) -> LeaveConfirmationView:
    leave = LeaveConfirmation.of(page)
    # Translators: stands for the programme's name in "Leave %(programme)s?" and
    # "I understand, and I want to leave %(programme)s." when Connect does not name it.
    name = leave.programme.programme_display_name or gettext("this programme")
    action = confirming_action(page)
    days = leave.notice_period_days
    consequences = points(leave.consequences)
    if not consequences.ours:
        # Our general sentence comes first, whatever the programme adds below it.
        general = gettext("Your battery will stop earning from this programme once you have left.")
        consequences = Points((general,), consequences.sent)
    return LeaveConfirmationView(
        programme_name=name,
        consequences=consequences,
        notice=_notice(days) if days else "",
        final_payment=_final_payment(leave, ctx.locale),
        confirm=ActionButton(action, gettext("Leave programme"), "primary") if action else None,
        actions=action_buttons(page, exclude=frozenset({action} if action else set())),
    )


def build_progress(page: Page, ctx: RenderContext) -> LeaveProgressView:
    progress = LeaveProgress.of(page)
    zone = ctx.zone(progress.timezone)
    words = lifecycle.state_words(progress.status)
    return LeaveProgressView(
        programme_name=progress.programme.programme_display_name or gettext("Your VPP programme"),
        status=words.label if progress.status else gettext("In progress"),
        explanation=words.explanation if progress.status else "",
        status_sent=words.sent if progress.status else "",
        requested=lifecycle.when(progress.requested_at, zone, ctx.locale),
        expected=lifecycle.when(progress.expected_completion_at, zone, ctx.locale),
        next_steps=points(progress.next_steps),
        timeline=lifecycle.timeline(progress.participation_state, zone, ctx.locale, ctx.now),
        actions=action_buttons(page),
    )


def points(given: tuple[Point, ...]) -> Points:
    """Each point in our words when its code is one we know; the others as sent."""
    ours: list[str] = []
    sent: list[str] = []
    for point in given:
        known = _POINTS.get(point.code)
        if known is not None:
            ours.append(str(known))
        elif point.text:
            sent.append(point.text)
    return Points(tuple(dict.fromkeys(ours)), tuple(sent))


def _notice(days: int) -> str:
    # Translators: the programme's notice period; %(count)d is a number of days.
    sentence = ngettext(
        "Leaving takes %(count)d day from your request.",
        "Leaving takes %(count)d days from your request.",
        days,
    )
    return sentence % {"count": days}


def _final_payment(leave: LeaveConfirmation, locale: str) -> str:
    if leave.final_payment_date is None:
        return ""
    # Translators: %(date)s is a date, "March 5, 2025".
    sentence = gettext("Your final payment is expected on %(date)s.")
    return sentence % {"date": fmt.long_date(leave.final_payment_date, locale)}
