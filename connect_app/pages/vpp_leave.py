"""Leaving a programme: the confirmation page, and the progress page that follows it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from connect_app import formatting as fmt
from connect_app.connect.pages import Page
from connect_app.connect.vpp_payloads import LeaveConfirmation, LeaveProgress
from connect_app.pages import lifecycle
from connect_app.pages.common import ActionButton, RenderContext, action_buttons


@dataclass(frozen=True)
class LeaveConfirmationView:
    programme_name: str
    consequences: tuple[str, ...]
    notice: str
    final_payment: str
    confirm: ActionButton | None  # the action that leaves; posted only with the box ticked
    actions: tuple[ActionButton, ...]


@dataclass(frozen=True)
class LeaveProgressView:
    programme_name: str
    status: str
    explanation: str
    requested: str
    expected: str
    next_steps: tuple[str, ...]
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
    return LeaveConfirmationView(
        programme_name=name,
        consequences=leave.consequences
        or (gettext("Your battery will stop earning from this programme once you have left."),),
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
        requested=lifecycle.when(progress.requested_at, zone, ctx.locale),
        expected=lifecycle.when(progress.expected_completion_at, zone, ctx.locale),
        next_steps=progress.next_steps,
        timeline=lifecycle.timeline(progress.participation_state, zone, ctx.locale),
        actions=action_buttons(page),
    )


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
