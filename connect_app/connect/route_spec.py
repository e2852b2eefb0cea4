"""Every route Connect sends, described once: its published names, its payload, what it asks.

The app's tables are derived from this one: connect/kinds.py tells a reply's kind by it, the
client refuses a strict page whose payload does not fit (A7), the conversation follows its
exits (A8), and connect_app/routes.py binds each kind to a template, builder and form (a test
holds the two together). A new route is one entry here and its payload model in connect/, then
its builder, form and template bound by kind in connect_app/routes.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from connect_app.connect.replies import (
    CompletePayload,
    Page,
    Payload,
    RedirectPayload,
    UnknownPayload,
    VppLanding,
    VppSummary,
)
from connect_app.connect.tariff_payloads import (
    AddressPage,
    ContractTerm,
    Prices,
    ProviderList,
    ProviderNamePage,
    RegionChoice,
    StatusPage,
    StructureChoice,
    SurchargePage,
    TariffList,
    TariffNamePage,
    TariffSummary,
)
from connect_app.connect.vpp_payloads import (
    LeaveConfirmation,
    LeaveProgress,
    Participation,
    PaymentHistory,
)

# What a page is to the app, whichever name Connect gives it.
Kind = str
Test = Callable[[Page], bool]


@dataclass(frozen=True)
class RouteSpec:
    kind: Kind
    # Connect's names for it: busbar's, then anode's where they differ (docs/tariff-flow.md).
    names: tuple[str, ...]
    payload: type[Payload]
    # Answered by posting the route itself, with data or alone (A11), not by its actions only:
    # the page asks for something.
    answered: bool = False
    # Read field by field: a reply whose payload does not fit is unreadable (A7). Every other
    # page shows what it can read.
    strict: bool = False
    # Not a page but a way out (A8): "away" to a page elsewhere, from which the customer
    # comes back with the same token; "end" to the integrator's callback.
    leaves: Literal["away", "end"] | None = None
    # A name shared with a later entry means this page only when this holds.
    when: Test | None = None
    # Flatpeak documented the page without its route name (Part B §4.3, §4.4): a route no
    # entry names is this page when it looks like this, tried in the order of ROUTES.
    looks_like: Test | None = None


def _lists(key: str) -> Test:
    return lambda page: isinstance(page.payload.get(key), list)


def _leaving(page: Page) -> bool:
    payload = page.payload
    return "leave" in page.route and (
        "next_steps" in payload or "expected_completion_at" in payload
    )


def has_timeline(page: Page) -> bool:
    """A participation page that carries its own lifecycle (else the REST look-up may)."""
    return _lists("participation_state")(page)


def _participation(page: Page) -> bool:
    return has_timeline(page) or "current_state" in page.payload


def _bands(page: Page) -> bool:
    return Prices.of(page).time_of_day


GENERIC = RouteSpec("generic", (), UnknownPayload)

ROUTES: tuple[RouteSpec, ...] = (
    RouteSpec("vpp_summary", ("vpp_summary",), VppSummary, strict=True),
    RouteSpec("vpp_landing", ("vpp_landing",), VppLanding, strict=True),
    RouteSpec(
        "payment_history",
        ("vpp_payment_history", "payment_history"),
        PaymentHistory,
        looks_like=_lists("payments"),
    ),
    RouteSpec(
        "leave_confirmation",
        ("vpp_leave_action",),
        LeaveConfirmation,
        looks_like=_lists("consequences"),
    ),
    RouteSpec("leave_progress", ("vpp_leave_progress",), LeaveProgress, looks_like=_leaving),
    RouteSpec(
        "participation",
        ("vpp_participation", "vpp_participation_state", "vpp_enrolment_state"),
        Participation,
        looks_like=_participation,
    ),
    RouteSpec(
        "address", ("postal_address_input", "postal_address_capture"), AddressPage, answered=True
    ),
    RouteSpec("provider", ("provider_select",), ProviderList, answered=True),
    RouteSpec("provider_name", ("provider_name_capture",), ProviderNamePage, answered=True),
    RouteSpec("tariff", ("tariff_select",), TariffList, answered=True),
    RouteSpec(
        "tariff_name", ("tariff_name_input", "tariff_name_capture"), TariffNamePage, answered=True
    ),
    RouteSpec(
        "structure", ("plan_structure", "tariff_structure_select"), StructureChoice, answered=True
    ),
    # Busbar's one price page is either: time of day when it carries bands.
    RouteSpec(
        "time_of_day", ("price_input", "rate_tod_capture"), Prices, answered=True, when=_bands
    ),
    RouteSpec("fixed_rate", ("price_input", "rate_fixed_capture"), Prices, answered=True),
    RouteSpec("surcharge", ("surcharge_capture",), SurchargePage, answered=True),
    RouteSpec("region", ("region_select",), RegionChoice, answered=True),
    RouteSpec("contract_term", ("contract_term_capture",), ContractTerm, answered=True),
    RouteSpec("tariff_summary", ("tariffs_summary", "tariff_summary"), TariffSummary),
    RouteSpec("connection_pending", ("tariff_connection_pending",), StatusPage),
    RouteSpec("connection_failed", ("connection_failed", "tariff_connection_failed"), StatusPage),
    RouteSpec("tariff_complete", ("complete_tariff",), StatusPage, answered=True),
    RouteSpec("redirect", ("session_redirect",), RedirectPayload, leaves="away"),
    RouteSpec("complete", ("session_complete",), CompletePayload, leaves="end"),
    GENERIC,
)
