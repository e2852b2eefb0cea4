"""The tariff pages that ask one question: address, names, prices, surcharge, contract term.

Their fields, and any second way to answer ("Skip", "No end date"), live in the page's form
(connect_app/forms/); the page says what is asked, why, and which provider it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from connect_app.connect.replies import Page
from connect_app.connect.tariff_payloads import WithProvider
from connect_app.pages.common import RenderContext, action_buttons
from connect_app.pages.tariff.common import TariffPageView, badge


@dataclass(frozen=True)
class QuestionView:
    head: TariffPageView


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


def question(kind: str) -> Callable[[Page, RenderContext], QuestionView]:
    """The builder of one question page."""
    title, lead = QUESTIONS[kind]

    def build(page: Page, ctx: RenderContext) -> QuestionView:
        return QuestionView(
            head=TariffPageView(
                title=str(title),
                lead=str(lead),
                provider=badge(WithProvider.of(page).provider),
                actions=action_buttons(page),
            )
        )

    return build
