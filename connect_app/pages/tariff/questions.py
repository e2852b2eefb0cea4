"""The tariff pages that ask one question: address, names, prices, surcharge, contract term.

Their fields live in the page's form (connect_app/forms/); the page says what is asked, why,
and which provider it concerns.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from connect_app.connect.pages import Page
from connect_app.pages.common import RenderContext
from connect_app.pages.tariff.common import TariffPageView, badge, page_actions


def _head(page: Page, title: str, lead: str) -> TariffPageView:
    return TariffPageView(
        title=title,
        lead=lead,
        provider=badge(page.payload.get("provider")),
        actions=page_actions(page),
    )


def address(page: Page, ctx: RenderContext) -> TariffPageView:
    return _head(
        page,
        _("Your home's address"),
        _("We use it to find the energy providers and tariffs that serve your home."),
    )


def provider_name(page: Page, ctx: RenderContext) -> TariffPageView:
    return _head(
        page,
        _("What is your energy provider called?"),
        _("We will look for your tariff under this name."),
    )


def tariff_name(page: Page, ctx: RenderContext) -> TariffPageView:
    return _head(
        page,
        _("What is your tariff called?"),
        _("Your programme uses it to label your prices."),
    )


def fixed_rate(page: Page, ctx: RenderContext) -> TariffPageView:
    return _head(
        page,
        _("What do you pay for electricity?"),
        _("Enter the price per kWh from your latest bill."),
    )


def time_of_day_rates(page: Page, ctx: RenderContext) -> TariffPageView:
    return _head(
        page,
        _("What do you pay at each time of day?"),
        _(
            "Enter each band of your day with its price per kWh. "
            "Together the bands cover all 24 hours."
        ),
    )


def surcharge(page: Page, ctx: RenderContext) -> TariffPageView:
    return _head(
        page,
        _("What does your supplier add to the market price?"),
        _(
            "Market tariffs add a fixed amount, a percentage, or both. "
            "Your bill or contract shows them."
        ),
    )


def contract_term(page: Page, ctx: RenderContext) -> TariffPageView:
    return _head(
        page,
        _("When does your contract end?"),
        _("We will remind you to check your tariff when it is due to change."),
    )
