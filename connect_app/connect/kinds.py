"""Which kind of page a Connect reply is, by the route specification (connect/route_spec.py):
by its route name, or by its shape where Flatpeak documented the page without one.
"""

from __future__ import annotations

from connect_app.connect.replies import Page
from connect_app.connect.route_spec import GENERIC, ROUTES, Kind, RouteSpec

# Each published name, with the entries that carry it (two only where `when` tells them apart).
_NAMED: dict[str, tuple[RouteSpec, ...]] = {
    name: tuple(entry for entry in ROUTES if name in entry.names)
    for spec in ROUTES
    for name in spec.names
}
_SHAPED = tuple(spec for spec in ROUTES if spec.looks_like is not None)


def spec_of(page: Page) -> RouteSpec:
    named = _NAMED.get(page.route)
    if named:
        return next((spec for spec in named if spec.when is None or spec.when(page)), named[-1])
    return next((spec for spec in _SHAPED if spec.looks_like and spec.looks_like(page)), GENERIC)


def kind_of(page: Page) -> Kind:
    return spec_of(page).kind


def check_payload(page: Page) -> None:
    """Raise pydantic's ValidationError if a strict page's payload does not fit its model (A7)."""
    spec = spec_of(page)
    if spec.strict:
        spec.payload.of(page)


# Actions undone only by starting again: leaving a programme (any action of its confirmation
# page but Back and Close) and disconnecting a tariff are sent only with a tick.
CONFIRMED_ACTIONS = frozenset({"DISCONNECT"})


def needs_confirmation(page: Page, action: str) -> bool:
    if action in CONFIRMED_ACTIONS:
        # Only where it is offered: anything else is refused as not offered (A4).
        return page.offers(action)
    return kind_of(page) == "leave_confirmation" and action not in ("BACK", "CLOSE")


def programme_id(page: Page) -> str | None:
    """The programme a VPP page is about (`programme_id`, or `id` on participation pages)."""
    programme = page.payload.get("programme")
    if not isinstance(programme, dict):
        return None
    found = programme.get("programme_id") or programme.get("id")
    return found if isinstance(found, str) else None
