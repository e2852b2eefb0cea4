"""Which kind of page a Connect reply is: by route name, or by shape where none was published.

Flatpeak documents the participation, payment-history and leaving pages without their route
names (Part B §4.3, §4.4), so this is the one place that decides what they look like.
"""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext_lazy as _

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


def wants_participation(page: Page) -> bool:
    """Pages that show more when the REST look-up has the participation's details."""
    kind = kind_of(page)
    if kind == "participation":
        return not isinstance(page.payload.get("participation_state"), list)
    return kind == "vpp_summary"


def programme_id(page: Page) -> str | None:
    programme = page.payload.get("programme")
    if not isinstance(programme, dict):
        return None
    found = programme.get("programme_id") or programme.get("id")
    return found if isinstance(found, str) else None


# Tariff-page actions that are undone only by starting again: asked for with a tick first.
CONFIRMED_TARIFF_ACTIONS = frozenset({"DISCONNECT"})


def needs_confirmation(page: Page, action: str) -> bool:
    """Leaving, and disconnecting a tariff, are posted only with an explicit tick."""
    if action in CONFIRMED_TARIFF_ACTIONS:
        # Only where it is offered: anything else is refused as not offered (A4).
        return page.offers(action)
    return kind_of(page) == "leave_confirmation" and action not in ("BACK", "CLOSE")


def confirmation_prompt(page: Page) -> str:
    if kind_of(page) == "leave_confirmation":
        return str(_("Tick the box to confirm you want to leave."))
    return str(_("Tick the box to confirm you want to disconnect your tariff."))


def confirmation_data(page: Page) -> dict[str, bool] | None:
    """What a confirmed action carries: leaving says so (the sandbox asks); disconnecting not."""
    return {"confirmed": True} if kind_of(page) == "leave_confirmation" else None


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
