"""Every documented tariff route, under both published names: its template, builder and form.

Busbar and anode spell some routes differently (docs/tariff-flow.md); both names lead to the
same page here, so a customer can answer either (A9).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from connect_app.connect.pages import Page
from connect_app.forms.address import AddressForm
from connect_app.forms.answer import TariffForm
from connect_app.forms.choices import ProviderForm, RegionForm, StructureForm, TariffChoiceForm
from connect_app.forms.contract import ContractTermForm
from connect_app.forms.names import ContinueForm, ProviderNameForm, TariffNameForm
from connect_app.forms.prices import FixedRateForm, SurchargeForm, TimeOfDayForm
from connect_app.pages.common import RenderContext
from connect_app.pages.tariff import choices, questions, summary


@dataclass(frozen=True)
class TariffPlan:
    template: str
    build: Callable[[Page, RenderContext], Any]
    form: type[TariffForm] | None  # None: the page is answered by its actions alone


def _plan(name: str, build: Callable[[Page, RenderContext], Any], form: Any) -> TariffPlan:
    return TariffPlan(f"connect_app/tariff/{name}.html", build, form)


def _question(kind: str, form: type[TariffForm]) -> TariffPlan:
    return _plan("question", questions.question(kind), form)


_ADDRESS = _question("address", AddressForm)
_FIXED = _question("fixed_rate", FixedRateForm)
_TIME_OF_DAY = _plan("time_of_day", questions.question("time_of_day"), TimeOfDayForm)
_STRUCTURE = _plan("choice", choices.structures, StructureForm)
_TARIFF_NAME = _question("tariff_name", TariffNameForm)
_SUMMARY = _plan("summary", summary.summary, None)
_FAILED = _plan("status", summary.status("failed"), None)

PLANS: dict[str, TariffPlan] = {
    "postal_address_capture": _ADDRESS,
    "postal_address_input": _ADDRESS,
    "provider_select": _plan("provider", choices.providers, ProviderForm),
    "provider_name_capture": _question("provider_name", ProviderNameForm),
    "tariff_select": _plan("choice", choices.tariffs, TariffChoiceForm),
    "tariff_name_capture": _TARIFF_NAME,
    "tariff_name_input": _TARIFF_NAME,
    "tariff_structure_select": _STRUCTURE,
    "plan_structure": _STRUCTURE,
    "rate_fixed_capture": _FIXED,
    "rate_tod_capture": _TIME_OF_DAY,
    "surcharge_capture": _question("surcharge", SurchargeForm),
    "region_select": _plan("choice", choices.regions, RegionForm),
    "contract_term_capture": _question("contract_term", ContractTermForm),
    "tariff_summary": _SUMMARY,
    "tariffs_summary": _SUMMARY,
    "tariff_connection_pending": _plan("status", summary.status("pending"), None),
    "tariff_connection_failed": _FAILED,
    "connection_failed": _FAILED,
    "complete_tariff": _plan("status", summary.status("complete"), ContinueForm),
}


def plan_for(page: Page) -> TariffPlan | None:
    """The tariff page for a Connect page, or None when it is not a tariff route."""
    if page.route == "price_input":
        # Busbar's one price page: time-of-day bands or a single price, by what it carries.
        payload = page.payload
        bands = isinstance(payload.get("hours"), list)
        return _TIME_OF_DAY if bands or payload.get("structure_type") == "TIME_OF_DAY" else _FIXED
    return PLANS.get(page.route)
