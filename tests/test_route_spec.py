"""The route specification and the app's tables derived from it agree.

Every route Connect sends is one entry in connect/route_spec.py; connect_app/routes.py binds
each kind to a template, builder and form. Here every entry is held to having them all, under
every published name, and the protocol's facts (strict payloads, exits, shared names) to what
the code does with them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template.loader import get_template
from pydantic import ValidationError

from connect_app import routes
from connect_app.connect.kinds import check_payload, kind_of, spec_of
from connect_app.connect.replies import ExitPayload, Page, Payload
from connect_app.connect.route_spec import GENERIC, ROUTES, RouteSpec
from connect_app.pages.common import RenderContext
from tests import tariff_payloads
from tests.factories import page_reply, summary_reply

CTX = RenderContext(locale="en", now=dt.datetime(2025, 2, 20, 18, tzinfo=dt.UTC), time_zone="UTC")
PAGES = tuple(spec for spec in ROUTES if spec.leaves is None)
EXITS = tuple(spec for spec in ROUTES if spec.leaves is not None)

# What each VPP page carries, at the least, to be itself under any of its names.
VPP_DATA: dict[str, dict[str, Any]] = {
    "vpp_landing": {"programmes": [{"programme_display_name": "Community Powershare"}]},
    "participation": {"current_state": "ACTIVE"},
    "payment_history": {"payments": []},
    "leave_confirmation": {"consequences": ["Your battery stops earning."]},
    "leave_progress": {"next_steps": ["We settle your final earnings."]},
}


def sample(spec: RouteSpec, name: str) -> Page:
    """A realistic reply of the page `spec` under the route name `name`."""
    if spec.kind == "vpp_summary":
        return Page.from_reply(summary_reply())
    if spec.kind in VPP_DATA:
        return Page.from_reply(page_reply(name, VPP_DATA[spec.kind]))
    if spec is GENERIC:
        return Page.from_reply(page_reply(name, {"message": "Something new."}))
    if name == "price_input":  # busbar's one price page, either kind
        price = (
            tariff_payloads.fixed_rate if spec.kind == "fixed_rate" else tariff_payloads.time_of_day
        )
        return Page.from_reply(price(name))
    return Page.from_reply(tariff_payloads.EVERY_PAGE[name])


def named_pages() -> list[Any]:
    return [
        pytest.param(spec, name, id=f"{spec.kind}:{name}")
        for spec in PAGES
        for name in spec.names or ("a_route_nobody_documented",)
    ]


def test_kinds_are_distinct_and_every_page_is_bound_to_the_app() -> None:
    kinds = [spec.kind for spec in ROUTES]
    assert len(kinds) == len(set(kinds))
    assert set(routes.ROUTES) == {spec.kind for spec in PAGES}


@pytest.mark.parametrize(("spec", "name"), named_pages())
def test_every_page_has_its_model_builder_template_and_form(spec: RouteSpec, name: str) -> None:
    page = sample(spec, name)
    assert spec_of(page) is spec
    route = routes.route_for(page)
    assert get_template(route.template) is not None
    # A page that asks for something has a form (A9): no read-only dead ends; one that does
    # not is answered by its actions alone.
    assert (route.form is not None) == spec.answered
    view = route.build(page, CTX)
    assert view is not None
    if route.form is not None:
        form = route.form(page=page, locale="en", today=CTX.today())
        assert issubclass(spec.payload, form.PAYLOAD)
    # The builder or the form read the page through the model the specification names.
    assert spec.payload in page._typed


def test_the_tariff_pages_are_known_under_both_published_names() -> None:
    """docs/tariff-flow.md: busbar's name, then anode's, where they differ."""
    documented = {
        "address": ("postal_address_input", "postal_address_capture"),
        "provider": ("provider_select",),
        "provider_name": ("provider_name_capture",),
        "tariff": ("tariff_select",),
        "tariff_name": ("tariff_name_input", "tariff_name_capture"),
        "structure": ("plan_structure", "tariff_structure_select"),
        "time_of_day": ("price_input", "rate_tod_capture"),
        "fixed_rate": ("price_input", "rate_fixed_capture"),
        "surcharge": ("surcharge_capture",),
        "region": ("region_select",),
        "contract_term": ("contract_term_capture",),
        "tariff_summary": ("tariffs_summary", "tariff_summary"),
        "connection_pending": ("tariff_connection_pending",),
        "connection_failed": ("connection_failed", "tariff_connection_failed"),
        "tariff_complete": ("complete_tariff",),
    }
    assert {spec.kind: spec.names for spec in ROUTES if spec.kind in documented} == documented


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (tariff_payloads.fixed_rate("price_input"), "fixed_rate"),
        (tariff_payloads.time_of_day("price_input"), "time_of_day"),
    ],
)
def test_busbar_s_one_price_page_is_fixed_or_by_time_of_day(
    reply: dict[str, Any], kind: str
) -> None:
    assert kind_of(Page.from_reply(reply)) == kind


def test_a_name_two_entries_share_is_told_apart_by_the_earlier_one() -> None:
    names = [name for spec in ROUTES for name in spec.names]
    shared = {name for name in names if names.count(name) > 1}
    assert shared == {"price_input"}
    for name in shared:
        *earlier, last = [spec for spec in ROUTES if name in spec.names]
        assert all(spec.when is not None for spec in earlier) and last.when is None


def test_exits_are_not_pages_and_carry_where_they_go() -> None:
    assert {spec.names: spec.leaves for spec in EXITS} == {
        ("session_redirect",): "away",
        ("session_complete",): "end",
    }
    for spec in EXITS:
        assert issubclass(spec.payload, ExitPayload)
        assert not spec.answered and spec.kind not in routes.ROUTES


@pytest.mark.parametrize(
    ("route", "data", "url"),
    [
        ("session_redirect", {"redirect_url": " https://pay.example/x "}, "https://pay.example/x"),
        (
            "session_redirect",
            {"redirect_uri": "https://pay.example/zero"},
            "https://pay.example/zero",
        ),
        ("session_complete", {"callback_uri": "myapp://done"}, "myapp://done"),
        ("session_complete", {"callback_url": "https://example.com/cb"}, "https://example.com/cb"),
        ("session_complete", {"callback_url": 42}, ""),
        ("session_complete", {}, ""),
    ],
)
def test_an_exit_reads_its_address_from_the_keys_of_its_route(
    route: str, data: dict[str, Any], url: str
) -> None:
    found = spec_of(Page.from_reply(page_reply(route, data))).payload
    assert issubclass(found, ExitPayload)
    assert found.model_validate(data).url == url


def test_only_strict_pages_that_do_not_fit_are_unreadable() -> None:
    assert [spec.kind for spec in ROUTES if spec.strict] == ["vpp_summary", "vpp_landing"]
    with pytest.raises(ValidationError):
        check_payload(Page.from_reply(page_reply("vpp_summary", {"performance": "none"})))
    with pytest.raises(ValidationError):
        check_payload(Page.from_reply(page_reply("vpp_landing", {"programmes": "none"})))
    # Every other page shows what it can read (A6).
    check_payload(Page.from_reply(page_reply("tariff_select", {"tariffs": "none"})))
    check_payload(Page.from_reply(page_reply("vpp_participation", {"current_state": 7})))


def test_every_payload_is_a_payload_model() -> None:
    assert all(issubclass(spec.payload, Payload) for spec in ROUTES)
