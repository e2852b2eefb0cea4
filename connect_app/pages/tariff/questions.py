"""The tariff pages that ask one question: address, names, prices, surcharge, contract term.

Their fields live in the page's form (connect_app/forms/); the page says what is asked, why,
and which provider it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from connect_app.connect.pages import Page
from connect_app.forms.contract import NO_END
from connect_app.pages.common import RenderContext, action_buttons
from connect_app.pages.tariff.common import TariffPageView, badge


@dataclass(frozen=True)
class OtherAnswer:
    """A second submit button that answers the page differently ("Skip", "No end date")."""

    name: str
    value: str
    label: str


@dataclass(frozen=True)
class QuestionView:
    head: TariffPageView
    other: OtherAnswer | None = None


# Each question's title and why it is asked, in a homeowner's words.
QUESTIONS: dict[str, tuple[Any, Any]] = {
    "address": (
        _("Your home's address"),
        _("We use it to find the energy providers and tariffs that serve your home."),
    ),
    "provider_name": (
        _("What is your energy provider called?"),
        _("We will look for your tariff under this name."),
    ),
    "tariff_name": (
        _("What is your tariff called?"),
        _("Your programme uses it to label your prices."),
    ),
    "fixed_rate": (
        _("What do you pay for electricity?"),
        _("Enter the price per kWh from your latest bill."),
    ),
    "time_of_day": (
        _("What do you pay at each time of day?"),
        _(
            "Enter each band of your day with its price per kWh. "
            "Together the bands cover all 24 hours."
        ),
    ),
    "surcharge": (
        _("What does your supplier add to the market price?"),
        _(
            "Market tariffs add a fixed amount, a percentage, or both. "
            "Your bill or contract shows them."
        ),
    ),
    "contract_term": (
        _("When does your contract end?"),
        _("We will remind you to check your tariff when it is due to change."),
    ),
}

# The questions that can be answered without their fields (§6.1: the route alone).
OTHER_ANSWERS: dict[str, tuple[str, str, Any]] = {
    "surcharge": ("skip", "1", _("Skip")),
    "contract_term": ("choice", NO_END, _("No end date: it runs until I cancel")),
}


def question(kind: str) -> Callable[[Page, RenderContext], QuestionView]:
    """The builder of one question page."""
    title, lead = QUESTIONS[kind]
    other = OTHER_ANSWERS.get(kind)

    def build(page: Page, ctx: RenderContext) -> QuestionView:
        return QuestionView(
            head=TariffPageView(
                title=str(title),
                lead=str(lead),
                provider=badge(page.payload.get("provider")),
                actions=action_buttons(page),
            ),
            other=OtherAnswer(other[0], other[1], str(other[2])) if other else None,
        )

    return build
