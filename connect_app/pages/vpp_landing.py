"""The `vpp_landing` page: what a VPP is, and the programmes this home can join."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from connect_app.connect.replies import Page, VppLanding
from connect_app.formatting import humanise
from connect_app.pages.common import ActionButton, RenderContext, Tone, action_buttons

# A programme's badge: whether this home is in it. Lazy: looked up in the request's language.
_SUBSCRIPTION: dict[str, tuple[Promise, Tone]] = {
    "NOT_ENROLLED": (_("Not enrolled"), "neutral"),
    "ENROLLING": (_("Enrolling"), "progress"),
    "ACTIVE": (_("Active"), "good"),
    "LEAVING": (_("Leaving"), "progress"),
    # Translators: a programme's badge: this home was in it and has left.
    "LEFT": (_("Left"), "neutral"),
}


@dataclass(frozen=True)
class LandingProgrammeView:
    programme_name: str
    provider_name: str
    learn_more_url: str | None
    status_label: str
    status_tone: Tone
    status_sent: str  # a status we have no words for, as sent


@dataclass(frozen=True)
class VppLandingView:
    programmes: tuple[LandingProgrammeView, ...]
    tariff_prompt: bool
    offers_tariff: bool
    actions: tuple[ActionButton, ...]


def build(page: Page, ctx: RenderContext) -> VppLandingView:
    landing = VppLanding.of(page)
    programmes = []
    for programme in landing.programmes:
        code = (programme.subscription_status or "").upper()
        known = _SUBSCRIPTION.get(code)
        sent = ""
        if known is not None:
            label, tone = str(known[0]), known[1]
        elif code:  # a status this app does not know: our words, and it as sent below them
            label, tone, sent = gettext("Other status"), "neutral", humanise(code)
        else:
            label, tone = gettext("Status unknown"), "neutral"
        programmes.append(
            LandingProgrammeView(
                programme_name=programme.programme_display_name or gettext("VPP programme"),
                provider_name=programme.provider_display_name or "",
                learn_more_url=programme.learn_more_url,
                status_label=label,
                status_tone=tone,
                status_sent=sent,
            )
        )
    return VppLandingView(
        programmes=tuple(programmes),
        tariff_prompt=landing.tariff_connected is False,
        offers_tariff=page.offers("CONNECT_TARIFF"),
        actions=action_buttons(page, exclude=frozenset({"CONNECT_TARIFF"})),
    )
