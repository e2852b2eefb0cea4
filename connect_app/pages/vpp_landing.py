"""The `vpp_landing` page: what a VPP is, and the programmes this home can join."""

from __future__ import annotations

from dataclasses import dataclass

from connect_app.connect.pages import Page, VppLanding
from connect_app.formatting import humanise
from connect_app.pages.common import ActionButton, RenderContext, Tone, action_buttons

_SUBSCRIPTION: dict[str, tuple[str, Tone]] = {
    "NOT_ENROLLED": ("Not enrolled", "neutral"),
    "ENROLLING": ("Enrolling", "progress"),
    "ACTIVE": ("Active", "good"),
    "LEAVING": ("Leaving", "progress"),
    "LEFT": ("Left", "neutral"),
}


@dataclass(frozen=True)
class LandingProgrammeView:
    programme_name: str
    provider_name: str
    learn_more_url: str | None
    status_label: str
    status_tone: Tone


@dataclass(frozen=True)
class VppLandingView:
    programmes: tuple[LandingProgrammeView, ...]
    tariff_prompt: bool
    offers_tariff: bool
    actions: tuple[ActionButton, ...]


def build(page: Page, ctx: RenderContext) -> VppLandingView:
    landing = VppLanding.model_validate(page.payload)
    programmes = []
    for programme in landing.programmes:
        code = (programme.subscription_status or "").upper()
        label, tone = _SUBSCRIPTION.get(code, (humanise(code) or "Status unknown", "neutral"))
        programmes.append(
            LandingProgrammeView(
                programme_name=programme.programme_display_name or "VPP programme",
                provider_name=programme.provider_display_name or "",
                learn_more_url=programme.learn_more_url,
                status_label=label,
                status_tone=tone,
            )
        )
    return VppLandingView(
        programmes=tuple(programmes),
        tariff_prompt=landing.tariff_connected is False,
        offers_tariff=page.offers("CONNECT_TARIFF"),
        actions=action_buttons(page, exclude=frozenset({"CONNECT_TARIFF"})),
    )
