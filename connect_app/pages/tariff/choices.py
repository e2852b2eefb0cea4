"""The tariff pages that offer a list: providers, tariffs, regions and plan structures."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from connect_app.connect.replies import Page
from connect_app.connect.tariff_payloads import (
    ProviderList,
    RegionChoice,
    StructureChoice,
    TariffList,
)
from connect_app.pages.common import RenderContext, action_buttons
from connect_app.pages.tariff.common import ProviderBadge, TariffPageView, badge, structure_words

MAX_CHOICES = 200


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    description: str = ""
    badge: ProviderBadge | None = None
    # False when a search left it out: hidden without JavaScript, filtered as you type with it.
    shown: bool = True


@dataclass(frozen=True)
class ChoicePageView:
    head: TariffPageView
    choices: tuple[Choice, ...]
    search: str = ""
    shown_count: int = 0


def providers(page: Page, ctx: RenderContext) -> ChoicePageView:
    wanted = ctx.search.casefold()
    choices = []
    for provider in ProviderList.of(page).providers[:MAX_CHOICES]:
        found = badge(provider)
        if found is not None:
            choices.append(
                Choice(provider.id, found.name, badge=found, shown=wanted in found.name.casefold())
            )
    return _listing(
        page,
        _("Who supplies your electricity?"),
        _("Choose your energy provider. It is on your electricity bill."),
        None,
        tuple(choices),
        search=ctx.search,
    )


def tariffs(page: Page, ctx: RenderContext) -> ChoicePageView:
    listed = TariffList.of(page)
    return _listing(
        page,
        _("Which tariff are you on?"),
        _("Choose the tariff named on your electricity bill."),
        badge(listed.provider),
        tuple(Choice(t.id, t.name or t.id, t.description) for t in listed.tariffs[:MAX_CHOICES]),
    )


def regions(page: Page, ctx: RenderContext) -> ChoicePageView:
    listed = RegionChoice.of(page)
    return _listing(
        page,
        _("Which region is your home in?"),
        _("Prices differ from region to region. Your bill names yours."),
        badge(listed.provider),
        tuple(Choice(name, name) for name in listed.regions[:MAX_CHOICES]),
    )


def structures(page: Page, ctx: RenderContext) -> ChoicePageView:
    choice = StructureChoice.of(page)
    options = choice.offered(page.actions)
    return _listing(
        page,
        _("How do your prices work?"),
        _("Choose the one that matches your bill."),
        badge(choice.provider),
        tuple(Choice(code, *structure_words(code)) for code in options),
        # The choices are the form: a busbar page that also lists them as actions must not
        # show them twice.
        exclude=frozenset(options),
    )


def _listing(
    page: Page,
    title: str,
    lead: str,
    provider: ProviderBadge | None,
    choices: tuple[Choice, ...],
    exclude: frozenset[str] = frozenset(),
    search: str = "",
) -> ChoicePageView:
    return ChoicePageView(
        head=TariffPageView(
            title=title,
            lead=lead,
            provider=provider,
            actions=action_buttons(page, exclude=exclude),
        ),
        choices=choices,
        search=search,
        shown_count=sum(1 for choice in choices if choice.shown),
    )
