"""Where each answer on a tariff page leads: the branches of Connect's tariff flow.

address -> provider -> DIRECT supplier: sign in on its site (session_redirect), then pending
                    -> library supplier: tariff -> plan structure -> prices -> contract term
                    -> not listed: provider name -> tariff name -> plan structure -> ...
plan structure -> FIXED / TIME_OF_DAY: the price page; MARKET / DYNAMIC: region, then
surcharge; then contract term, then the summary, which connects the tariff. Pure: the
protocol stores what a step says and answers with its page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from connect_sandbox.routes import Action, Route
from connect_sandbox.standing import Standing
from connect_sandbox.tariff import checks, selection
from connect_sandbox.tariff.answers import Answers
from connect_sandbox.tariff.checks import Refused
from connect_sandbox.tariff.names import ROUTE_ALONE
from connect_sandbox.tariff.providers import Connection, Structure


@dataclass(frozen=True)
class Forward:
    """Show `page`, with the current page kept for BACK."""

    page: Route


@dataclass(frozen=True)
class ToOrigin:
    """Leave the flow for the page it was opened from (or the callback URL, if none)."""


@dataclass(frozen=True)
class ToSupplier:
    """Send the customer to the supplier's own login (session_redirect)."""


Outcome = Forward | ToOrigin | ToSupplier


@dataclass(frozen=True)
class Step:
    """Where an answer leads, the answers it leaves, and whether it (dis)connects the tariff."""

    outcome: Outcome
    answers: Answers
    connected: bool | None = None


def first_page(standing: Standing) -> Route:
    """Where the tariff flow opens: the summary if a tariff is connected, else the address
    page unless the address is known."""
    if standing.tariff_connected:
        return Route.TARIFF_SUMMARY
    if selection.postal_address(standing.customer, standing.tariff) is None:
        return Route.POSTAL_ADDRESS_INPUT
    return _provider_page(standing, standing.tariff)


def submit(route: Route, data: object, standing: Standing, today: dt.date) -> Step:
    """The customer's answer to a form page (data, or None for the route alone)."""
    answers, customer = standing.tariff, standing.customer
    if route is Route.COMPLETE_TARIFF:
        return Step(ToOrigin(), answers)
    if data is None and route not in ROUTE_ALONE:
        raise Refused("data_json_invalid", "This page is answered with data.")
    if route is Route.POSTAL_ADDRESS_INPUT:
        address = checks.postal_address(data)
        moved = address["country_code"] != selection.country_code(customer, answers)
        # Suppliers differ by country: a choice made for the old address no longer holds.
        answers = answers.but(postal_address=address)
        if moved:
            answers = answers.but(provider_id="", tariff_id="", region="")
        return Step(Forward(_provider_page(standing, answers)), answers)
    if route is Route.PROVIDER_SELECT:
        listed = selection.market(customer, answers).providers
        supplier = checks.provider_choice(data, listed)
        answers = answers.but(provider_id=supplier.id, provider_name="", tariff_id="")
        if supplier.is_direct:
            return Step(ToSupplier(), answers.but(connection=Connection.DIRECT))
        return Step(Forward(Route.TARIFF_SELECT), answers.but(connection=Connection.LIBRARY))
    if route is Route.PROVIDER_NAME_CAPTURE:
        name = checks.provider_name(data)
        answers = answers.but(
            provider_id="", provider_name=name, tariff_id="", connection=Connection.MANUAL
        )
        return Step(Forward(Route.TARIFF_NAME_INPUT), answers)
    if route is Route.TARIFF_SELECT:
        picked = selection.provider(answers)
        if picked is None:
            raise Refused("tariff_invalid", "Choose a provider first.")
        chosen = checks.tariff_choice(data, picked)
        answers = answers.but(tariff_id=chosen.id, tariff_name="", connection=Connection.LIBRARY)
        return Step(Forward(Route.PLAN_STRUCTURE), answers)
    if route is Route.TARIFF_NAME_INPUT:
        name = checks.tariff_name(data)
        answers = answers.but(tariff_id="", tariff_name=name, connection=Connection.MANUAL)
        return Step(Forward(Route.PLAN_STRUCTURE), answers)
    if route is Route.PLAN_STRUCTURE:
        offered = selection.offered_structures(customer, answers)
        return _structure_chosen(checks.structure_option(data, offered), answers)
    if route is Route.RATE_FIXED:
        cost = checks.fixed_cost(data)
        return Step(Forward(Route.CONTRACT_TERM_CAPTURE), answers.but(cost=str(cost)))
    if route is Route.RATE_TIME_OF_DAY:
        bands = checks.hours(data)
        return Step(Forward(Route.CONTRACT_TERM_CAPTURE), answers.but(hours=bands))
    if route is Route.REGION_SELECT:
        region = checks.region_choice(data, selection.regions(customer, answers))
        return Step(Forward(Route.SURCHARGE_CAPTURE), answers.but(region=region))
    if route is Route.SURCHARGE_CAPTURE:
        return Step(Forward(Route.CONTRACT_TERM_CAPTURE), _surcharge(data, standing))
    if route is Route.CONTRACT_TERM_CAPTURE:
        end = checks.NO_END_DATE if data is None else checks.contract_end_date(data, today)
        # The last question: the tariff is connected and the summary shows it.
        return Step(
            Forward(Route.TARIFF_SUMMARY), answers.but(contract_end_date=end), connected=True
        )
    raise ValueError(f"{route} is not a tariff form")


def choose(route: Route, action: Action, standing: Standing) -> Step:
    """An action a tariff page offers, other than BACK and CLOSE."""
    answers = selection.with_preset(standing.customer, standing.tariff)
    if action is Action.ADDRESS_CHANGE:
        return Step(Forward(Route.POSTAL_ADDRESS_INPUT), answers)
    if action is Action.PROVIDER_MISSING:
        return Step(Forward(Route.PROVIDER_NAME_CAPTURE), answers)
    if action is Action.TARIFF_MISSING:
        return Step(Forward(Route.TARIFF_NAME_INPUT), answers)
    if action in _STRUCTURES:
        offered = selection.offered_structures(standing.customer, answers)
        return _structure_chosen(checks.structure_named(action.value, offered), answers)
    if action is Action.EDIT:
        return Step(Forward(_provider_page(standing, answers)), answers)
    if action is Action.WRONG_TARIFF:
        supplier = selection.provider(answers)
        listed = supplier is not None and bool(supplier.tariffs)
        return Step(
            Forward(Route.TARIFF_SELECT if listed else _provider_page(standing, answers)),
            answers,
        )
    if action is Action.DISCONNECT:
        # The tariff is gone; where the flow came from and where the customer lives are not.
        kept = Answers(origin=answers.origin, postal_address=answers.postal_address)
        return Step(Forward(Route.COMPLETE_TARIFF), kept, False)
    if action is Action.RECONNECT:
        return Step(ToSupplier(), answers)
    if action is Action.DISMISS_DIRECT:
        # Not waiting for the supplier: the customer describes the tariff instead.
        answers = answers.but(connection=Connection.MANUAL)
        return Step(Forward(Route.TARIFF_NAME_INPUT), answers, False)
    raise ValueError(f"{action} is not a tariff page's action")


_STRUCTURES = frozenset(Action(structure.value) for structure in Structure)


def _provider_page(standing: Standing, answers: Answers) -> Route:
    """The supplier list, or the supplier's name where the sandbox lists none there."""
    if selection.market(standing.customer, answers).providers:
        return Route.PROVIDER_SELECT
    return Route.PROVIDER_NAME_CAPTURE


def _structure_chosen(structure: Structure, answers: Answers) -> Step:
    answers = answers.but(structure=structure.value)
    if structure is Structure.FIXED:
        return Step(Forward(Route.RATE_FIXED), answers)
    if structure is Structure.TIME_OF_DAY:
        return Step(Forward(Route.RATE_TIME_OF_DAY), answers)
    if selection.provider(answers) is not None:
        answers = answers.but(connection=Connection.MARKET)
    # The market's prices depend on where the home is: the region comes first.
    return Step(Forward(Route.REGION_SELECT), answers)


def _surcharge(data: object, standing: Standing) -> Answers:
    answers = standing.tariff
    if data is None:
        # Skipped: no surcharge on top of the market price.
        return answers.but(surcharge_fixed="", surcharge_percentage="")
    given = checks.surcharge(data, selection.regions(standing.customer, answers))
    return answers.but(
        surcharge_fixed=_decimal_text(given.fixed),
        surcharge_percentage=_decimal_text(given.percentage),
        region=given.region or answers.region,
    )


def _decimal_text(value: Decimal | None) -> str:
    """A surcharge part as kept: "" for none (not given, or 0, which adds nothing)."""
    return "" if value is None or value == 0 else str(value)
