"""The one registry: which template, page builder and form answer each kind of page (A9).

Connect's routes, their names and what they ask are in the route specification
(connect/route_spec.py); here each kind it names is bound to the app's layers. A page nobody
has documented is the generic page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from connect_app.connect.kinds import kind_of
from connect_app.connect.replies import Page
from connect_app.connect.route_spec import Kind, has_timeline
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
# Every kind of page the specification names but its exits, as the app shows it.
ROUTES: dict[Kind, Route] = {
    "vpp_summary": _vpp("vpp_summary", vpp_summary.build, participation=True),
    "vpp_landing": _vpp("vpp_landing", vpp_landing.build),
    "participation": _vpp("vpp_participation", vpp_participation.build, participation=True),
    "payment_history": _vpp("vpp_payment_history", vpp_payment_history.build),
    "leave_confirmation": _vpp("vpp_leave_action", vpp_leave.build_confirmation),
    "leave_progress": _vpp("vpp_leave_progress", vpp_leave.build_progress),
    "address": _question("address", AddressForm),
    "provider": _tariff("provider", choices.providers, ProviderForm),
    "provider_name": _question("provider_name", ProviderNameForm),
    "tariff": _tariff("choice", choices.tariffs, TariffChoiceForm),
    "tariff_name": _question("tariff_name", TariffNameForm),
    "structure": _tariff("choice", choices.structures, StructureForm),
    "time_of_day": _tariff("time_of_day", questions.question("time_of_day"), TimeOfDayForm),
    "fixed_rate": _question("fixed_rate", FixedRateForm),
    "surcharge": _question("surcharge", SurchargeForm),
    "region": _tariff("choice", choices.regions, RegionForm),
    "contract_term": _question("contract_term", ContractTermForm),
    "tariff_summary": _tariff("summary", summary.summary, None),
    "connection_pending": _tariff("status", summary.status("pending"), None),
    "connection_failed": _tariff("status", summary.status("failed"), None),
    "tariff_complete": _tariff("status", summary.status("complete"), ContinueForm),
    "generic": GENERIC,
}


def route_for(page: Page) -> Route:
    # An exit is followed, never shown (conversation.py); were one stored, it shows generically.
    return ROUTES.get(kind_of(page), GENERIC)


def confirms_tariff(page: Page, action: str) -> str | None:
    """The name of the tariff a customer confirms with this action ("" when it has none): BACK
    from a summary showing it connected ("That’s my tariff"); None for anything else."""
    if action != "BACK" or kind_of(page) != "tariff_summary":
        return None
    return summary.confirmed_tariff(page)


def wants_participation(page: Page) -> bool:
    """Whether the page shows more with the REST look-up: those that lack a timeline."""
    return route_for(page).shows_participation and not has_timeline(page)


def render_period(page: Page, ctx: RenderContext) -> vpp_summary.PeriodView | None:
    """The period view of a dashboard (vpp_summary), for a period change's answer over htmx;
    None for any page that does not render as one, which is answered as a whole."""
    if route_for(page) is not ROUTES["vpp_summary"]:
        return None
    try:
        return vpp_summary.build_period(page, ctx)
    except ValidationError:
        return None


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
