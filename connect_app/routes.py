"""The one registry: which template, page builder and form answer each page Connect sends (A9).

Tariff routes by name, under both published spellings (docs/tariff-flow.md); VPP pages by kind,
since some were documented without a route name (connect/kinds.py); anything else is the
generic page. A new route goes here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from connect_app.connect.kinds import Kind, has_timeline, kind_of
from connect_app.connect.pages import Page
from connect_app.connect.tariff_pages import Prices
from connect_app.forms.address import AddressForm
from connect_app.forms.answer import TariffForm
from connect_app.forms.choices import ProviderForm, RegionForm, StructureForm, TariffChoiceForm
from connect_app.forms.contract import ContractTermForm
from connect_app.forms.names import ContinueForm, ProviderNameForm, TariffNameForm
from connect_app.forms.prices import FixedRateForm, SurchargeForm, TimeOfDayForm
from connect_app.pages import (
    generic,
    vpp_landing,
    vpp_leave,
    vpp_participation,
    vpp_payment_history,
    vpp_summary,
)
from connect_app.pages.common import RenderContext
from connect_app.pages.tariff import choices, questions, summary

Builder = Callable[[Page, RenderContext], Any]


@dataclass(frozen=True)
class Route:
    template: str
    build: Builder
    # The form that answers the page (A11); None: its actions alone answer it.
    form: type[TariffForm] | None = None
    # Shows the participation from Flatpeak's REST API, when look-ups are configured.
    shows_participation: bool = False


def _vpp(name: str, build: Builder, *, participation: bool = False) -> Route:
    return Route(f"connect_app/{name}.html", build, shows_participation=participation)


def _tariff(name: str, build: Builder, form: type[TariffForm] | None) -> Route:
    return Route(f"connect_app/tariff/{name}.html", build, form)


def _question(kind: str, form: type[TariffForm]) -> Route:
    return _tariff("question", questions.question(kind), form)


GENERIC = _vpp("generic", generic.build)
KINDS: dict[Kind, Route] = {
    "vpp_summary": _vpp("vpp_summary", vpp_summary.build, participation=True),
    "vpp_landing": _vpp("vpp_landing", vpp_landing.build),
    "participation": _vpp("vpp_participation", vpp_participation.build, participation=True),
    "payment_history": _vpp("vpp_payment_history", vpp_payment_history.build),
    "leave_confirmation": _vpp("vpp_leave_action", vpp_leave.build_confirmation),
    "leave_progress": _vpp("vpp_leave_progress", vpp_leave.build_progress),
    "generic": GENERIC,
}

_ADDRESS = _question("address", AddressForm)
_FIXED = _question("fixed_rate", FixedRateForm)
_TIME_OF_DAY = _tariff("time_of_day", questions.question("time_of_day"), TimeOfDayForm)
_STRUCTURE = _tariff("choice", choices.structures, StructureForm)
_TARIFF_NAME = _question("tariff_name", TariffNameForm)
_SUMMARY = _tariff("summary", summary.summary, None)
_FAILED = _tariff("status", summary.status("failed"), None)

TARIFF_ROUTES: dict[str, Route] = {
    "postal_address_capture": _ADDRESS,
    "postal_address_input": _ADDRESS,
    "provider_select": _tariff("provider", choices.providers, ProviderForm),
    "provider_name_capture": _question("provider_name", ProviderNameForm),
    "tariff_select": _tariff("choice", choices.tariffs, TariffChoiceForm),
    "tariff_name_capture": _TARIFF_NAME,
    "tariff_name_input": _TARIFF_NAME,
    "tariff_structure_select": _STRUCTURE,
    "plan_structure": _STRUCTURE,
    "rate_fixed_capture": _FIXED,
    "rate_tod_capture": _TIME_OF_DAY,
    "surcharge_capture": _question("surcharge", SurchargeForm),
    "region_select": _tariff("choice", choices.regions, RegionForm),
    "contract_term_capture": _question("contract_term", ContractTermForm),
    "tariff_summary": _SUMMARY,
    "tariffs_summary": _SUMMARY,
    "tariff_connection_pending": _tariff("status", summary.status("pending"), None),
    "tariff_connection_failed": _FAILED,
    "connection_failed": _FAILED,
    "complete_tariff": _tariff("status", summary.status("complete"), ContinueForm),
}


def route_for(page: Page) -> Route:
    if page.route == "price_input":
        # Busbar's one price page: time-of-day bands or a single price, by what it carries.
        return _TIME_OF_DAY if Prices.of(page).time_of_day else _FIXED
    return TARIFF_ROUTES.get(page.route) or KINDS[kind_of(page)]


def confirms_tariff(page: Page, action: str) -> str | None:
    """The name of the tariff a customer confirms with this action ("" when it has none): BACK
    from a summary showing it connected ("That’s my tariff"); None for anything else."""
    if action != "BACK" or route_for(page) is not _SUMMARY:
        return None
    return summary.confirmed_tariff(page)


def wants_participation(page: Page) -> bool:
    """Whether the page shows more with the REST look-up: those that lack a timeline."""
    return route_for(page).shows_participation and not has_timeline(page)


def render(page: Page, ctx: RenderContext) -> tuple[Route, Any]:
    """The page's route and view-model.

    A page whose payload does not fit its model still renders, generically (A9): a route
    recognised by shape may be a different page that merely looks alike.
    """
    route = route_for(page)
    try:
        return route, route.build(page, ctx)
    except ValidationError:
        return GENERIC, GENERIC.build(page, ctx)
