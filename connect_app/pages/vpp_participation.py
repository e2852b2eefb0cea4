"""The participation status page (where MANAGE_PARTICIPATION leads): state, reasons, timeline."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, pgettext

from connect_app.connect.pages import Page
from connect_app.connect.vpp_payloads import Participation
from connect_app.pages import lifecycle
from connect_app.pages.common import ActionButton, RenderContext, action_buttons


@dataclass(frozen=True)
class ParticipationDetails:
    """What the status page and the dashboard's "Participation details" section both show."""

    state_label: str
    explanation: str
    customer_must_act: bool
    dispatchable: str  # "Yes" / "No" / "" when unknown
    telemetry_warning: bool
    reasons: tuple[str, ...]
    timeline: tuple[lifecycle.TimelineStep, ...]


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
    reasons = participation.suspension_reasons
    return ParticipationDetails(
        state_label=words.label,
        explanation=words.explanation,
        customer_must_act=lifecycle.must_act(state, reasons),
        dispatchable=_yes_no(participation.control_active),
        telemetry_warning=participation.telemetry_active is False,
        reasons=tuple(lifecycle.reason_words(r) for r in reasons),
        timeline=lifecycle.timeline(
            participation.participation_state, ctx.zone(participation.timezone), ctx.locale
        ),
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
