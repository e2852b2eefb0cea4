"""The names a tariff page is sent under: busbar's where it published one, else anode's."""

from __future__ import annotations

from connect_sandbox.models import RouteNames
from connect_sandbox.routes import Route

TARIFF_ROUTES = frozenset(
    {
        Route.POSTAL_ADDRESS_INPUT,
        Route.PROVIDER_SELECT,
        Route.PROVIDER_NAME_CAPTURE,
        Route.TARIFF_SELECT,
        Route.TARIFF_NAME_INPUT,
        Route.PLAN_STRUCTURE,
        Route.RATE_FIXED,
        Route.RATE_TIME_OF_DAY,
        Route.SURCHARGE_CAPTURE,
        Route.REGION_SELECT,
        Route.CONTRACT_TERM_CAPTURE,
        Route.TARIFF_SUMMARY,
        Route.TARIFF_CONNECTION_PENDING,
        Route.TARIFF_CONNECTION_FAILED,
        Route.COMPLETE_TARIFF,
    }
)
# Pages that end the flow: BACK from them returns to the page the flow was opened from.
ENDINGS = frozenset(
    {
        Route.TARIFF_SUMMARY,
        Route.TARIFF_CONNECTION_PENDING,
        Route.TARIFF_CONNECTION_FAILED,
        Route.COMPLETE_TARIFF,
    }
)
# Pages answered with data (or, where it says so, the route alone) rather than an action.
FORMS = TARIFF_ROUTES - ENDINGS | {Route.COMPLETE_TARIFF}
# Pages whose "skip" (or "next") is the route alone: no action, no data.
ROUTE_ALONE = frozenset(
    {Route.SURCHARGE_CAPTURE, Route.CONTRACT_TERM_CAPTURE, Route.COMPLETE_TARIFF}
)

_BUSBAR = {
    Route.POSTAL_ADDRESS_INPUT: "postal_address_input",
    Route.TARIFF_NAME_INPUT: "tariff_name_input",
    Route.PLAN_STRUCTURE: "plan_structure",
    Route.RATE_FIXED: "price_input",
    Route.RATE_TIME_OF_DAY: "price_input",
    Route.TARIFF_SUMMARY: "tariffs_summary",
    Route.TARIFF_CONNECTION_FAILED: "connection_failed",
}
_ANODE = {
    Route.POSTAL_ADDRESS_INPUT: "postal_address_capture",
    Route.TARIFF_NAME_INPUT: "tariff_name_capture",
    Route.PLAN_STRUCTURE: "tariff_structure_select",
}


def wire_name(route: Route, names: RouteNames) -> str:
    """The route name a page is sent as, and must be answered as, in a session."""
    spelling = _BUSBAR if names == RouteNames.BUSBAR else _ANODE
    return spelling.get(route, route.value)
