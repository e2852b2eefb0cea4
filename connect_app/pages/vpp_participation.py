"""The participation status page (where MANAGE_PARTICIPATION leads): state, reasons, timeline."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, pgettext

from connect_app import formatting as fmt
from connect_app.connect.replies import Page
from connect_app.connect.vpp_payloads import Participation
from connect_app.pages import lifecycle
from connect_app.pages.common import ActionButton, RenderContext, action_buttons


@dataclass(frozen=True)
class ParticipationDetails:
    """What the status page and the dashboard's "Participation details" section both show.

    Each thing is said once: why (the reasons, or a battery gone quiet), then the one thing to
    do, or that nothing is needed.
    """

    state_label: str
    explanation: str
    state_sent: str  # the state as sent, for one we have no words for
    reasons: tuple[lifecycle.Reason, ...]
    # The battery has not reported while the programme counts on it, and no reason says so.
    gone_quiet: bool
    to_do: str  # the one thing to do; "" when nothing is needed from the customer
    dispatchable: str  # "Yes" / "No" / "" when unknown
    timeline: tuple[lifecycle.TimelineStep, ...]
    # "Some steps are taking longer than planned.", or "" when the plan holds
    running_late: str
    # "Your battery is expected to start earning on March 4, 2025.", or ""
    starts_earning: str


@dataclass(frozen=True)
class ParticipationView:
    programme_name: str
    provider_name: str
    learn_more_url: str | None
    details: ParticipationDetails
    actions: tuple[ActionButton, ...]


def details(participation: Participation, ctx: RenderContext) -> ParticipationDetails:
    state = participation.state
    words = lifecycle.state_words(state)
    codes = participation.suspension_reasons
    reasons = tuple(lifecycle.reason_words(code) for code in codes)
    gone_quiet = (
        participation.telemetry_active is False
        and lifecycle.expects_reports(state)
        and "AWAITING_TELEMETRY" not in codes
    )
    # One thing to do: a reason's, else the state's, else a quiet battery's.
    quiet = str(lifecycle.CHECK_ONLINE) if gone_quiet else ""
    to_do = next(filter(None, (*(reason.to_do for reason in reasons), words.to_do, quiet)), "")
    zone = ctx.zone(participation.timezone)
    entries = participation.participation_state
    steps = lifecycle.timeline(entries, zone, ctx.locale, ctx.now)
    first_day = lifecycle.first_earning_day(entries, zone, ctx.now)
    return ParticipationDetails(
        state_label=words.label,
        explanation=words.explanation,
        state_sent=words.sent,
        reasons=reasons,
        gone_quiet=gone_quiet,
        to_do=to_do,
        dispatchable=_yes_no(participation.control_active),
        timeline=steps,
        running_late=gettext("Some steps are taking longer than planned.")
        if lifecycle.is_late(steps)
        else "",
        # Translators: %(date)s is a date, "March 4, 2025".
        starts_earning=gettext("Your battery is expected to start earning on %(date)s.")
        % {"date": fmt.long_date(first_day, ctx.locale)}
        if first_day
        else "",
    )


def build(page: Page, ctx: RenderContext) -> ParticipationView:
    participation = Participation.of(page)
    # A page without its timeline borrows the REST resource's, when the look-up found one.
    rest = ctx.participation
    if not participation.participation_state and rest is not None:
        page_says = participation
        participation = page_says.model_copy(
            update={
                "participation_state": rest.participation_state,
                "current_state": page_says.current_state or rest.state,
                "control_active": _first(page_says.control_active, rest.control_active),
                "telemetry_active": _first(page_says.telemetry_active, rest.telemetry_active),
                "suspension_reasons": page_says.suspension_reasons or rest.suspension_reasons,
            }
        )
    programme = participation.programme
    return ParticipationView(
        programme_name=programme.programme_display_name or gettext("Your VPP programme"),
        provider_name=programme.provider_display_name or "",
        learn_more_url=programme.learn_more_url,
        details=details(participation, ctx),
        actions=action_buttons(page),
    )


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    # Translators: the answer to "Can be dispatched now".
    return pgettext("can be dispatched", "Yes") if value else pgettext("can be dispatched", "No")


def _first(*values: bool | None) -> bool | None:
    return next((v for v in values if v is not None), None)
