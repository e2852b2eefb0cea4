"""Which kind of page a Connect reply is: by route name, or by shape where none was published.

Flatpeak documents the participation, payment-history and leaving pages without their route
names (Part B §4.3, §4.4), so this is the one place that decides what they look like. Tariff
routes have published names in two spellings; connect_app/routes.py names them.
"""

from __future__ import annotations

from typing import Literal

from connect_app.connect.pages import Page

Kind = Literal[
    "vpp_summary",
    "vpp_landing",
    "participation",
    "payment_history",
    "leave_confirmation",
    "leave_progress",
    "generic",
]

ROUTE_KINDS: dict[str, Kind] = {
    "vpp_summary": "vpp_summary",
    "vpp_landing": "vpp_landing",
    "vpp_participation": "participation",
    "vpp_participation_state": "participation",
    "vpp_enrolment_state": "participation",
    "vpp_payment_history": "payment_history",
    "payment_history": "payment_history",
    "vpp_leave_action": "leave_confirmation",
    "vpp_leave_progress": "leave_progress",
}


# Actions undone only by starting again: leaving a programme (any action of its confirmation
# page but Back and Close) and disconnecting a tariff are sent only with a tick.
CONFIRMED_ACTIONS = frozenset({"DISCONNECT"})


def needs_confirmation(page: Page, action: str) -> bool:
    if action in CONFIRMED_ACTIONS:
        # Only where it is offered: anything else is refused as not offered (A4).
        return page.offers(action)
    return kind_of(page) == "leave_confirmation" and action not in ("BACK", "CLOSE")


def kind_of(page: Page) -> Kind:
    known = ROUTE_KINDS.get(page.route)
    if known is not None:
        return known
    payload = page.payload
    if isinstance(payload.get("payments"), list):
        return "payment_history"
    if isinstance(payload.get("consequences"), list):
        return "leave_confirmation"
    if "leave" in page.route and ("next_steps" in payload or "expected_completion_at" in payload):
        return "leave_progress"
    if isinstance(payload.get("participation_state"), list) or "current_state" in payload:
        return "participation"
    return "generic"


def has_timeline(page: Page) -> bool:
    """A participation page that carries its own lifecycle (else the REST look-up may)."""
    return isinstance(page.payload.get("participation_state"), list)


def programme_id(page: Page) -> str | None:
    """The programme a VPP page is about (`programme_id`, or `id` on participation pages)."""
    programme = page.payload.get("programme")
    if not isinstance(programme, dict):
        return None
    found = programme.get("programme_id") or programme.get("id")
    return found if isinstance(found, str) else None
