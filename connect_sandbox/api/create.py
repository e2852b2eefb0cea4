"""Reading a request to create a Connect session, in either published shape (Part B §2.1)."""

from __future__ import annotations

from dataclasses import dataclass

from connect_sandbox.customers import DEMO_CUSTOMERS, DemoCustomer, customer_by_key
from connect_sandbox.links import is_navigable
from connect_sandbox.tokens import Binding

# Not a Flatpeak field: lets an integrator pick which demo customer the session plays.
CUSTOMER_FIELD = "sandbox_customer"
DEFAULT_CUSTOMER = "active"
MAX_ID_LENGTH = 64


@dataclass(frozen=True)
class Problem:
    """Why a create request was refused: an error code and its message."""

    code: str
    message: str


@dataclass(frozen=True)
class CreateRequest:
    """A valid create request: the demo customer to play and what the session is bound to."""

    customer: DemoCustomer
    binding: Binding


def create_request(body: object) -> CreateRequest | Problem:
    """The create request in `body`, or the first problem with it."""
    if not isinstance(body, dict):
        return Problem("request_invalid", "The request body must be a JSON object.")
    location = body.get("location_id")
    if location is None or location == "":
        return Problem("location_id_missing", "location_id is required.")
    for name in ("location_id", "device_id", "provider_id"):
        value = body.get(name)
        if value is not None and not (isinstance(value, str) and 0 < len(value) <= MAX_ID_LENGTH):
            return Problem(f"{name}_invalid", f"{name} must be an id of up to 64 characters.")
    for name in ("connect_url", "callback_url"):
        value = body.get(name)
        if value is None or value == "":
            return Problem(f"{name}_missing", f"{name} is required.")
        if not isinstance(value, str) or not is_navigable(value):
            return Problem(f"{name}_invalid", f"{name} must be a web address or an app link.")
    route_options = body.get("route_options")
    if route_options is not None and not isinstance(route_options, dict):
        return Problem("route_options_invalid", "route_options must be a JSON object.")
    key = body.get(CUSTOMER_FIELD, DEFAULT_CUSTOMER)
    customer = customer_by_key(key) if isinstance(key, str) else None
    if customer is None:
        keys = ", ".join(demo.key for demo in DEMO_CUSTOMERS)
        return Problem(f"{CUSTOMER_FIELD}_invalid", f"{CUSTOMER_FIELD} must be one of {keys}.")
    return CreateRequest(
        customer,
        Binding(
            connect_url=body["connect_url"],
            callback_url=body["callback_url"],
            location_id=body["location_id"],
            device_id=body.get("device_id") or "",
            provider_id=body.get("provider_id") or "",
        ),
    )
