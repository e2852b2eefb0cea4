"""What each tariff page carries and offers (docs/tariff-flow.md), built from the answers."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from connect_sandbox.models import RouteNames
from connect_sandbox.periods import local_today
from connect_sandbox.routes import Action, Route
from connect_sandbox.standing import Standing
from connect_sandbox.tariff import selection
from connect_sandbox.tariff.names import wire_name
from connect_sandbox.tariff.prices import rates
from connect_sandbox.tariff.providers import Structure

PENDING_MESSAGE = (
    "We are fetching your tariff from your supplier. This usually takes a few minutes."
)
FAILED_MESSAGE = (
    "We could not sign in to your supplier's account. Try again, or enter your tariff yourself."
)
_SUMMARY_ACTIONS = [Action.EDIT, Action.DISCONNECT, Action.WRONG_TARIFF]
_STRUCTURE_ACTIONS = {structure: Action(structure.value) for structure in Structure}
# Tariff pages describe an electricity tariff the home buys from the grid.
_GRID_IMPORT = {"direction": "IMPORT", "type": "COMMODITY"}
# A price or surcharge nobody has given yet. Sent as a number, never null: Flatpeak's web
# client reads these as numbers and its page goes blank on a null. 0 is no price a customer
# can send (cost_value_zero), so a client shows it as an empty field.
NOT_KNOWN = 0.0


def tariff_actions(route: Route, standing: Standing) -> list[Action]:
    """A tariff page's own actions, before BACK and CLOSE."""
    answers = standing.tariff
    if route is Route.PROVIDER_SELECT:
        return [Action.PROVIDER_MISSING, Action.ADDRESS_CHANGE]
    if route is Route.PROVIDER_NAME_CAPTURE:
        return [Action.ADDRESS_CHANGE]
    if route is Route.TARIFF_SELECT:
        return [Action.TARIFF_MISSING, Action.ADDRESS_CHANGE]
    if route is Route.PLAN_STRUCTURE and standing.route_names == RouteNames.BUSBAR:
        offered = selection.offered_structures(standing.customer, answers)
        return [_STRUCTURE_ACTIONS[structure] for structure in offered]
    if route is Route.TARIFF_SUMMARY:
        return list(_SUMMARY_ACTIONS)
    if route is Route.TARIFF_CONNECTION_PENDING:
        anode = [Action.DISMISS_DIRECT] if standing.route_names == RouteNames.ANODE else []
        return [Action.EDIT, Action.DISCONNECT, *anode]
    if route is Route.TARIFF_CONNECTION_FAILED:
        return [Action.EDIT, Action.DISCONNECT, Action.RECONNECT]
    return []


def tariff_page(
    route: Route, standing: Standing, token: str, actions: list[str], now: dt.datetime
) -> dict[str, Any]:
    """The full reply body of a tariff page."""
    envelope: dict[str, Any] = {
        "connect_token": token,
        "route": wire_name(route, standing.route_names),
        "live_mode": False,
        **_GRID_IMPORT,
        "actions": actions,
    }
    if route is Route.TARIFF_SUMMARY and standing.route_names == RouteNames.BUSBAR:
        # busbar's tariffs_summary carries its payload at the top level, like vpp_summary.
        return {**envelope, **_busbar_summary(standing, token, now)}
    return {**envelope, "data": _data(route, standing, now)}


def _data(route: Route, standing: Standing, now: dt.datetime) -> dict[str, Any]:
    customer, answers = standing.customer, standing.tariff
    address = selection.postal_address(customer, answers)
    provider = selection.provider_json(answers)
    currency = {"currency_code": customer.currency_code}
    if route is Route.POSTAL_ADDRESS_INPUT:
        return {"postal_address": address or {"country_code": customer.country_code}}
    if route is Route.PROVIDER_SELECT:
        listed = selection.market(customer, answers).providers
        return {
            "providers": [supplier.to_json() for supplier in listed],
            "postal_address": address,
        }
    if route is Route.PROVIDER_NAME_CAPTURE:
        return {"provider": {"name": answers.provider_name}, "postal_address": address}
    if route is Route.TARIFF_SELECT:
        supplier = selection.provider(answers)
        return {
            "tariffs": [
                {"id": tariff.id, "name": tariff.name, "description": tariff.description}
                for tariff in (supplier.tariffs if supplier is not None else ())
            ],
            "provider": provider,
            "postal_address": address,
        }
    if route is Route.TARIFF_NAME_INPUT:
        return {"tariff": {"name": answers.tariff_name}, "provider": provider}
    if route is Route.PLAN_STRUCTURE:
        offered = selection.offered_structures(customer, answers)
        return {"options": [structure.value for structure in offered], "provider": provider}
    if route is Route.RATE_FIXED:
        cost = selection.known_cost(answers)
        return {
            "structure_type": Structure.FIXED.value,
            **currency,
            "cost": float(cost) if cost is not None else NOT_KNOWN,
            "provider": provider,
        }
    if route is Route.RATE_TIME_OF_DAY:
        return {
            "structure_type": Structure.TIME_OF_DAY.value,
            **currency,
            "hours": selection.known_bands(answers),
            "provider": provider,
        }
    if route is Route.SURCHARGE_CAPTURE:
        return _surcharge(standing, provider)
    if route is Route.REGION_SELECT:
        region = {"region": answers.region} if answers.region else {}
        return {
            "regions": list(selection.regions(customer, answers)),
            **region,
            "provider": provider,
        }
    if route is Route.CONTRACT_TERM_CAPTURE:
        return {"contract_end_date": answers.contract_end_date or None, "provider": provider}
    if route is Route.TARIFF_SUMMARY:
        return _anode_summary(standing, now)
    if route is Route.TARIFF_CONNECTION_PENDING:
        return {"provider": provider, "message": PENDING_MESSAGE}
    if route is Route.TARIFF_CONNECTION_FAILED:
        return {"provider": provider, "message": FAILED_MESSAGE}
    if route is Route.COMPLETE_TARIFF:
        return {}
    raise ValueError(f"{route} is not a tariff page")


def _surcharge(standing: Standing, provider: dict[str, str]) -> dict[str, Any]:
    """The surcharge page: its region was asked on region_select, before it."""
    answers = standing.tariff
    return {
        "currency_code": standing.customer.currency_code,
        "surcharge": {
            "fixed": _amount(answers.surcharge_fixed),
            "percentage": _amount(answers.surcharge_percentage),
        },
        "provider": provider,
    }


def _amount(stored: str) -> float:
    return float(stored) if stored else NOT_KNOWN


def _anode_summary(standing: Standing, now: dt.datetime) -> dict[str, Any]:
    """anode's tariff_summary `data`: the connected tariff and its prices."""
    customer = standing.customer
    tariff = selection.connected(customer, standing.tariff)
    described: dict[str, Any] = {
        "name": tariff.name,
        "structure_type": tariff.pricing.structure.value,
        "tiered": False,
        "reconnect_required": False,
    }
    if tariff.contract_end_date:
        described["contract_end_date"] = tariff.contract_end_date
    return {
        "currency_code": customer.currency_code,
        "timezone": customer.timezone,
        # Whether the prices follow a market source: a flag, as Flatpeak's web client reads it.
        "market_rates_source": bool(tariff.market_rates_source),
        "tariff": described,
        "rates": rates(tariff.pricing, customer.zone, local_today(customer, now)),
        "provider": tariff.provider,
    }


def _busbar_summary(standing: Standing, token: str, now: dt.datetime) -> dict[str, Any]:
    """busbar's tariffs_summary fields: the connected tariff as a list of one."""
    customer = standing.customer
    tariff = selection.connected(customer, standing.tariff)
    entry: dict[str, Any] = {
        "tariff_id": _connected_tariff_id(token, tariff.id or tariff.name),
        "display_name": tariff.name,
        "status": "CONNECTED",
        "connection_type": tariff.connection.value,
        "structure_type": tariff.pricing.structure.value,
        **_GRID_IMPORT,
        "temporary": False,
        "provider": tariff.provider,
        "prices": rates(tariff.pricing, customer.zone, local_today(customer, now)),
    }
    if tariff.contract_end_date:
        entry["contract_end_date"] = tariff.contract_end_date
    if tariff.market_rates_source:
        entry["market_rates_source"] = tariff.market_rates_source
    return {
        "timezone": customer.timezone,
        "currency_code": customer.currency_code,
        "tariffs": [entry],
    }


def _connected_tariff_id(token: str, what: str) -> str:
    """A stable `trf_` id for the tariff this session connected."""
    digest = hashlib.sha256(f"{token}:{what}".encode()).hexdigest()
    return f"trf_{digest[:24]}"
