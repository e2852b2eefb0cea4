"""The sandbox's tariff flow over its Connect endpoint: every branch, both route spellings, and
every refusal Connect documents, each with the code that names its field (docs/tariff-flow.md).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from connect_sandbox.models import HostedPage, SandboxSession
from connect_sandbox.periods import local_today
from connect_sandbox.tariff.providers import GB, US, Provider
from tests.test_sandbox_protocol import CALLBACK_URL, call, customer, mint, start

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"
PROVIDER_LOGIN_URL = f"{SERVER}/sandbox/provider-login"
US_ADDRESS = {
    "address_line1": "1600 Glenarm Place",
    "city": "Denver",
    "state": "CO",
    "post_code": "80202",
    "country_code": "US",
}
GB_ADDRESS = {
    "address_line1": "221B Baker Street",
    "city": "London",
    "post_code": "NW1 6XE",
    "country_code": "GB",
}
SUNBELT, FRONT_RANGE, PRAIRIE = US.providers
THAMES_VALLEY, LOWLAND, HARBOUR = GB.providers
STANDARD, EVENING_PEAK = FRONT_RANGE.tariffs
WHOLESALE, _ = PRAIRIE.tariffs
AGILE, _ = HARBOUR.tariffs
# Three bands, one across midnight, as a customer might add a band to the two offered.
THREE_BANDS = [
    {"cost": 0.121, "valid_from": "07:00:00", "valid_to": "16:00:00"},
    {"cost": 0.327, "valid_from": "16:00:00", "valid_to": "21:00:00"},
    {"cost": 0.083, "valid_from": "21:00:00", "valid_to": "07:00:00"},
]
CONTRACT_END = "2031-06-30T00:00:00Z"


def sent(provider: Provider) -> dict[str, str]:
    """A supplier as pages carry it: a logo the sandbox serves itself by its full address."""
    found = provider.to_json()
    if found["logo_url"].startswith("/"):
        found["logo_url"] = SERVER + found["logo_url"]
    return found


def login_url(token: str) -> str:
    """The supplier's sign-in page, naming the session by itself (fp_cot)."""
    return f"{PROVIDER_LOGIN_URL}?fp_cot={token}"


def act(client: Client, token: str, route: str, action: str) -> dict[str, Any]:
    status, reply = call(client, {"connect_token": token, "route": route, "action": action})
    assert status == 200, reply
    return reply


def answer(
    client: Client, token: str, route: str, data: dict[str, Any] | None = None
) -> tuple[int, dict[str, Any]]:
    """A form page's answer: its data and no action, or the route alone (A11)."""
    body: dict[str, Any] = {"connect_token": token, "route": route}
    if data is not None:
        body["data"] = data
    return call(client, body)


def answered(
    client: Client, token: str, route: str, data: dict[str, Any] | None = None
) -> dict[str, Any]:
    status, reply = answer(client, token, route, data)
    assert status == 200, reply
    return reply


def restore(client: Client, token: str) -> dict[str, Any]:
    status, page = call(client, {"connect_token": token, "route": "session_restore"})
    assert status == 200
    return page


def start_tariff(client: Client, token: str, *, anode: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {"connect_token": token, "route": "session_start"}
    if not anode:
        body["action"] = "TARIFF"
    status, page = call(client, body)
    assert status == 200, page
    return page


def refused(reply: dict[str, Any], code: str, route: str) -> None:
    assert reply["object"] == "error"
    assert reply["code"] == code, reply
    assert reply["context"] == f"connect.{route}"
    assert reply["type"] == "invalid_request"


def to_provider_select(client: Client, key: str = "active") -> str:
    """A session of `key` on the provider page, its address given if the demo has none."""
    token = mint(client, key)
    start(client, token)
    page = act(client, token, "vpp_summary", "CONNECT_TARIFF")
    if page["route"] == "postal_address_input":
        page = answered(client, token, "postal_address_input", {"postal_address": US_ADDRESS})
    assert page["route"] == "provider_select"
    return token


def today_of(key: str) -> dt.date:
    return local_today(customer(key), timezone.now())


# --- the library branch, start to end ---------------------------------------------------------


def test_connect_tariff_from_the_dashboard_runs_to_the_summary_and_back(client: Client) -> None:
    token = mint(client, "active")
    summary = start(client, token)
    assert summary["tariff_connected"] is False

    address = act(client, token, "vpp_summary", "CONNECT_TARIFF")
    assert address["route"] == "postal_address_input"
    assert address["actions"] == ["BACK", "CLOSE"]
    assert address["data"] == {"postal_address": {"country_code": "US"}}
    assert (address["direction"], address["type"]) == ("IMPORT", "COMMODITY")

    providers = answered(client, token, "postal_address_input", {"postal_address": US_ADDRESS})
    assert providers["route"] == "provider_select"
    assert providers["actions"] == ["PROVIDER_MISSING", "ADDRESS_CHANGE", "BACK", "CLOSE"]
    assert providers["data"]["postal_address"] == US_ADDRESS
    listed = providers["data"]["providers"]
    assert [p["display_name"] for p in listed] == [
        "Sunbelt Electric",
        "Front Range Power",
        "Prairie Wind Energy",
    ]
    assert all(set(p) == {"id", "display_name", "logo_url"} for p in listed)
    # One logo the app can show under its CSP, the others served by the sandbox itself.
    assert listed[1]["logo_url"].startswith("data:image/svg+xml;base64,")
    assert listed[0]["logo_url"] == f"{SERVER}/sandbox/logos/{SUNBELT.id}.svg"
    assert listed == [sent(SUNBELT), sent(FRONT_RANGE), sent(PRAIRIE)]

    tariff_page = answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
    assert tariff_page["route"] == "tariff_select"
    assert tariff_page["actions"] == ["TARIFF_MISSING", "ADDRESS_CHANGE", "BACK", "CLOSE"]
    assert tariff_page["data"]["provider"] == sent(FRONT_RANGE)
    assert tariff_page["data"]["tariffs"] == [
        {"id": t.id, "name": t.name, "description": t.description} for t in FRONT_RANGE.tariffs
    ]

    structure = answered(client, token, "tariff_select", {"tariff": {"id": EVENING_PEAK.id}})
    assert structure["route"] == "plan_structure"
    assert structure["data"]["options"] == ["FIXED", "TIME_OF_DAY"]
    # busbar lists the choices as actions too, and takes the choice as the action.
    assert structure["actions"] == ["FIXED", "TIME_OF_DAY", "BACK", "CLOSE"]

    prices = act(client, token, "plan_structure", "TIME_OF_DAY")
    assert prices["route"] == "price_input"
    assert prices["data"]["structure_type"] == "TIME_OF_DAY"
    assert prices["data"]["currency_code"] == "USD"
    # Prefilled from the library tariff the customer picked.
    assert prices["data"]["hours"] == [
        {"cost": 0.121, "valid_from": "00:00:00", "valid_to": "16:00:00"},
        {"cost": 0.327, "valid_from": "16:00:00", "valid_to": "21:00:00"},
        {"cost": 0.121, "valid_from": "21:00:00", "valid_to": "00:00:00"},
    ]

    term = answered(client, token, "price_input", {"hours": THREE_BANDS})
    assert term["route"] == "contract_term_capture"
    assert term["data"] == {"contract_end_date": None, "provider": sent(FRONT_RANGE)}

    done = answered(client, token, "contract_term_capture", {"contract_end_date": CONTRACT_END})
    assert done["route"] == "tariffs_summary"
    assert "data" not in done, "busbar's tariffs_summary carries its payload at the top level"
    assert done["actions"] == ["EDIT", "DISCONNECT", "WRONG_TARIFF", "BACK", "CLOSE"]
    assert (done["timezone"], done["currency_code"]) == ("America/Denver", "USD")
    [tariff] = done["tariffs"]
    assert tariff["display_name"] == "Evening Peak Time-of-Day"
    assert tariff["status"] == "CONNECTED"
    assert tariff["connection_type"] == "LIBRARY"
    assert tariff["structure_type"] == "TIME_OF_DAY"
    assert tariff["contract_end_date"] == CONTRACT_END
    assert tariff["provider"] == sent(FRONT_RANGE)
    assert tariff["tariff_id"].startswith("trf_")
    today = tariff["prices"]["today"]
    assert [entry["tariff"]["cost"] for entry in today][6:8] == [0.083, 0.121]
    assert [entry["tariff"]["cost"] for entry in today][16:22] == [0.327] * 5 + [0.083]

    back = act(client, token, "tariffs_summary", "BACK")
    assert back["route"] == "vpp_summary"
    assert back["tariff_connected"] is True
    assert back["actions"] == [a for a in summary["actions"] if a != "CONNECT_TARIFF"]
    assert back["performance"] == summary["performance"]
    # The summary was the flow's last page: BACK from the dashboard leaves, as before.
    assert act(client, token, "vpp_summary", "BACK")["data"] == {"redirect_url": CALLBACK_URL}
    # Connected for this session only.
    assert start(client, mint(client, "active"))["tariff_connected"] is False


def test_back_inside_the_flow_returns_page_by_page_with_the_answers_kept(client: Client) -> None:
    token = to_provider_select(client)
    answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
    answered(client, token, "tariff_select", {"tariff": {"id": STANDARD.id}})
    fixed = act(client, token, "plan_structure", "FIXED")
    assert fixed["data"]["cost"] == 0.1465
    answered(client, token, "price_input", {"cost": 0.152})
    back = act(client, token, "contract_term_capture", "BACK")
    assert back["route"] == "price_input"
    assert back["data"]["cost"] == 0.152, "what the customer typed is what comes back"
    assert act(client, token, "price_input", "BACK")["route"] == "plan_structure"
    assert act(client, token, "plan_structure", "BACK")["route"] == "tariff_select"
    assert act(client, token, "tariff_select", "BACK")["route"] == "provider_select"
    assert act(client, token, "provider_select", "BACK")["route"] == "postal_address_input"
    address = act(client, token, "postal_address_input", "BACK")
    assert address["route"] == "vpp_summary" and address["tariff_connected"] is False


def test_a_customer_with_an_address_skips_the_address_page(client: Client) -> None:
    token = mint(client, "suspended")
    start(client, token)
    providers = act(client, token, "vpp_summary", "CONNECT_TARIFF")
    assert providers["route"] == "provider_select"
    assert providers["data"]["postal_address"] == {
        "address_line1": "1420 Larimer Street",
        "address_line2": "Apt 5B",
        "city": "Denver",
        "state": "CO",
        "post_code": "80202",
        "country_code": "US",
    }
    address = act(client, token, "provider_select", "ADDRESS_CHANGE")
    assert address["route"] == "postal_address_input"
    assert address["data"]["postal_address"]["address_line2"] == "Apt 5B"


def test_a_uk_address_lists_uk_suppliers_and_prices_in_pounds(client: Client) -> None:
    token = to_provider_select(client)
    act(client, token, "provider_select", "ADDRESS_CHANGE")
    # Trimmed, and the empty optional parts left out.
    given = {**GB_ADDRESS, "address_line1": "  221B Baker Street ", "address_line2": " "}
    providers = answered(client, token, "postal_address_input", {"postal_address": given})
    assert [p["id"] for p in providers["data"]["providers"]] == [
        THAMES_VALLEY.id,
        LOWLAND.id,
        HARBOUR.id,
    ]
    assert providers["data"]["postal_address"] == GB_ADDRESS


def test_a_uk_customer_without_a_tariff_gets_the_uk_pages_in_pounds(client: Client) -> None:
    token = mint(client, "manchester")
    summary = start(client, token)
    assert summary["tariff_connected"] is False and summary["currency_code"] == "GBP"
    address = act(client, token, "vpp_summary", "CONNECT_TARIFF")
    assert address["data"] == {"postal_address": {"country_code": "GB"}}
    given = {**GB_ADDRESS, "city": "Manchester", "post_code": "M1 1AE"}
    answered(client, token, "postal_address_input", {"postal_address": given})
    answered(client, token, "provider_select", {"provider": {"id": LOWLAND.id}})
    answered(client, token, "tariff_select", {"tariff": {"id": LOWLAND.tariffs[0].id}})
    fixed = act(client, token, "plan_structure", "FIXED")
    assert fixed["data"]["currency_code"] == "GBP" and fixed["data"]["cost"] == 0.245


def test_the_london_customer_opens_on_the_tariff_they_have(client: Client) -> None:
    token = mint(client, "london")
    summary = start_tariff(client, token)
    assert summary["route"] == "tariffs_summary"
    assert summary["currency_code"] == "GBP" and summary["timezone"] == "Europe/London"
    [tariff] = summary["tariffs"]
    assert tariff["display_name"] == "Lowland Economy 7"
    assert tariff["provider"] == sent(LOWLAND)
    assert "contract_end_date" not in tariff
    today = tariff["prices"]["today"]
    assert today[0]["valid_from"].startswith(today_of("london").isoformat())
    assert {entry["tariff"]["cost"] for entry in today} == {0.1498, 0.2911}
    providers = act(client, token, "tariffs_summary", "EDIT")
    assert providers["route"] == "provider_select"
    assert providers["data"]["postal_address"]["post_code"] == "N16 9PD"
    # Started in the tariff flow: BACK from its summary ends the session.
    act(client, token, "provider_select", "BACK")
    assert act(client, token, "tariffs_summary", "BACK")["data"] == {"redirect_url": CALLBACK_URL}


def test_wrong_tariff_goes_back_to_the_suppliers_tariffs(client: Client) -> None:
    token = mint(client, "london")
    start_tariff(client, token)
    tariffs = act(client, token, "tariffs_summary", "WRONG_TARIFF")
    assert tariffs["route"] == "tariff_select"
    assert tariffs["data"]["provider"] == sent(LOWLAND)


# --- the other branches -----------------------------------------------------------------------


def test_provider_not_listed_names_the_supplier_and_the_tariff(client: Client) -> None:
    token = to_provider_select(client)
    named = act(client, token, "provider_select", "PROVIDER_MISSING")
    assert named["route"] == "provider_name_capture"
    assert named["actions"] == ["ADDRESS_CHANGE", "BACK", "CLOSE"]
    # Nothing known yet: strings stay strings, empty.
    assert named["data"] == {"provider": {"name": ""}, "postal_address": US_ADDRESS}
    tariff = answered(
        client, token, "provider_name_capture", {"provider": {"name": " Mesa Co-op "}}
    )
    assert tariff["route"] == "tariff_name_input"
    mesa = {"id": "", "display_name": "Mesa Co-op", "logo_url": ""}
    assert tariff["data"] == {"tariff": {"name": ""}, "provider": mesa}
    structure = answered(client, token, "tariff_name_input", {"tariff": {"name": "Saver"}})
    assert structure["data"]["options"] == ["FIXED", "TIME_OF_DAY", "MARKET"]
    fixed = act(client, token, "plan_structure", "FIXED")
    assert fixed["data"] == {
        "structure_type": "FIXED",
        "currency_code": "USD",
        # A price nobody has given: 0, never null.
        "cost": 0.0,
        "provider": mesa,
    }
    answered(client, token, "price_input", {"cost": 0.245})
    # "Until I cancel" is the route alone.
    done = answered(client, token, "contract_term_capture")
    [tariff_entry] = done["tariffs"]
    assert tariff_entry["display_name"] == "Saver"
    assert tariff_entry["connection_type"] == "MANUAL"
    assert tariff_entry["contract_end_date"] == "0001-01-01T00:00:00Z"
    assert {e["tariff"]["cost"] for e in tariff_entry["prices"]["today"]} == {0.245}
    named_again = act(client, token, "tariffs_summary", "EDIT")
    assert named_again["route"] == "provider_select"


def test_tariff_not_listed_asks_for_its_name(client: Client) -> None:
    token = to_provider_select(client)
    answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
    named = act(client, token, "tariff_select", "TARIFF_MISSING")
    assert named["route"] == "tariff_name_input"
    assert named["data"]["provider"] == sent(FRONT_RANGE)
    structure = answered(client, token, "tariff_name_input", {"tariff": {"name": "Old plan"}})
    assert structure["route"] == "plan_structure"
    tod = act(client, token, "plan_structure", "TIME_OF_DAY")
    # Nothing known about this tariff's prices: a night and a day band to fill in.
    assert tod["data"]["hours"] == [
        {"cost": 0.0, "valid_from": "00:00:00", "valid_to": "07:00:00"},
        {"cost": 0.0, "valid_from": "07:00:00", "valid_to": "00:00:00"},
    ]


def test_a_direct_supplier_signs_in_on_its_site_and_comes_back_pending(client: Client) -> None:
    token = to_provider_select(client)
    away = answered(client, token, "provider_select", {"provider": {"id": SUNBELT.id}})
    assert away["route"] == "session_redirect"
    assert away["data"] == {"redirect_url": login_url(token)}
    assert SandboxSession.objects.get(token=token).away == HostedPage.PROVIDER_LOGIN
    pending = restore(client, token)
    assert pending["route"] == "tariff_connection_pending"
    assert pending["actions"] == ["EDIT", "DISCONNECT", "BACK", "CLOSE"]
    assert pending["data"]["provider"] == sent(SUNBELT)
    assert "few minutes" in pending["data"]["message"]
    dashboard = act(client, token, "tariff_connection_pending", "BACK")
    assert dashboard["route"] == "vpp_summary"
    assert dashboard["tariff_connected"] is True
    # The supplier's tariff is what a later tariff session shows.
    summary = start_tariff(client, token)
    [tariff] = summary["tariffs"]
    assert tariff["display_name"] == "Sunbelt Time-of-Use"
    assert tariff["connection_type"] == "DIRECT"


def test_a_failed_sign_in_comes_back_as_connection_failed(client: Client) -> None:
    token = to_provider_select(client)
    answered(client, token, "provider_select", {"provider": {"id": SUNBELT.id}})
    page = client.get("/sandbox/provider-login", {"fp_cot": token}).content.decode()
    assert "Make the sign-in fail" in page and f'value="{token}"' in page
    response = client.post("/sandbox/provider-login/failed", {"fp_cot": token})
    assert response.status_code == 303
    assert response["Location"] == f"/?fp_cot={token}"
    failed = restore(client, token)
    assert failed["route"] == "connection_failed"
    assert failed["actions"] == ["EDIT", "DISCONNECT", "RECONNECT", "BACK", "CLOSE"]
    assert failed["data"]["provider"] == sent(SUNBELT)
    again = act(client, token, "connection_failed", "RECONNECT")
    assert again["data"] == {"redirect_url": login_url(token)}
    assert restore(client, token)["route"] == "tariff_connection_pending"


def mint_for(client: Client, key: str, **urls: str) -> str:
    """A token minted at /sandbox/tokens naming the integrator's URLs."""
    response = client.post(
        "/sandbox/tokens", {"customer": key, **urls}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    token: str = response.json()["connect_token"]
    return token


def test_a_token_may_name_the_client_a_hosted_page_sends_the_customer_back_to(
    client: Client,
) -> None:
    other_client = "http://localhost:7070/?from=sandbox"
    token = mint_for(client, "active", connect_url=other_client)
    start_tariff(client, token, anode=True)
    answered(client, token, "postal_address_capture", {"postal_address": US_ADDRESS})
    away = answered(client, token, "provider_select", {"provider": {"id": SUNBELT.id}})
    # Followed as it is, the address still names the session.
    page = client.get(away["data"]["redirect_url"]).content.decode()
    back = f"http://localhost:7070/?from=sandbox&amp;fp_cot={token}"
    assert f'href="{back}"' in page
    failed = client.post("/sandbox/provider-login/failed", {"fp_cot": token})
    assert failed["Location"] == f"http://localhost:7070/?from=sandbox&fp_cot={token}"


@pytest.mark.parametrize(
    ("urls", "code"),
    [
        ({"connect_url": "javascript:alert(1)"}, "connect_url_invalid"),
        ({"connect_url": "http://"}, "connect_url_invalid"),
        ({"callback_url": "data:text/html,x"}, "callback_url_invalid"),
    ],
)
def test_a_token_refuses_urls_no_customer_may_be_sent_to(
    client: Client, urls: dict[str, str], code: str
) -> None:
    response = client.post(
        "/sandbox/tokens", {"customer": "active", **urls}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_a_token_naming_its_callback_ends_there(client: Client) -> None:
    token = mint_for(client, "london", callback_url="http://localhost:7070/done")
    start_tariff(client, token, anode=True)
    closed = act(client, token, "tariff_summary", "CLOSE")
    assert closed["data"] == {"redirect_url": "http://localhost:7070/done"}


@pytest.mark.parametrize(("failing", "after"), [(False, "pending"), (True, "failed")])
def test_session_start_after_the_sign_in_page_answers_as_session_restore(
    client: Client, failing: bool, after: str
) -> None:
    """Flatpeak's web client has no session_restore: coming back, it starts again."""
    token = mint(client, "active")
    start_tariff(client, token, anode=True)
    answered(client, token, "postal_address_capture", {"postal_address": US_ADDRESS})
    answered(client, token, "provider_select", {"provider": {"id": SUNBELT.id}})
    if failing:
        client.post("/sandbox/provider-login/failed", {"fp_cot": token})
    page = start_tariff(client, token, anode=True)
    assert page["route"] == f"tariff_connection_{after}"
    assert page["data"]["provider"] == sent(SUNBELT)
    # Only once: the session is back, so a later start starts afresh.
    assert SandboxSession.objects.get(token=token).away == HostedPage.NONE
    assert start_tariff(client, token, anode=True)["route"] == (
        "tariff_summary" if after == "pending" else "provider_select"
    )


def test_session_start_after_the_billing_page_opens_the_payment_history(client: Client) -> None:
    token = mint(client, "active")
    start(client, token)
    act(client, token, "vpp_summary", "MANAGE_PAYMENTS")
    assert start(client, token)["route"] == "vpp_payment_history"


def test_an_unknown_start_action_is_refused_even_on_the_way_back(client: Client) -> None:
    token = to_provider_select(client)
    answered(client, token, "provider_select", {"provider": {"id": SUNBELT.id}})
    status, reply = call(
        client, {"connect_token": token, "route": "session_start", "action": "PAY"}
    )
    assert status == 400
    refused(reply, "action_invalid", "session_start")
    assert restore(client, token)["route"] == "tariff_connection_pending"


def test_the_sandbox_serves_its_suppliers_logos(client: Client) -> None:
    for supplier in (SUNBELT, PRAIRIE, THAMES_VALLEY, HARBOUR):
        url = sent(supplier)["logo_url"]
        assert url.startswith(f"{SERVER}/sandbox/logos/prv_")
        response = client.get(url.removeprefix(SERVER))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.decode().startswith("<svg ")
    for supplier in (FRONT_RANGE, LOWLAND):
        assert supplier.logo_url.startswith("data:image/svg+xml;base64,")
    assert client.get("/sandbox/logos/prv_nobody.svg").status_code == 404


def test_a_failed_sign_in_marks_only_a_session_that_went_to_sign_in(client: Client) -> None:
    token = mint(client, "active")
    start(client, token)
    client.post("/sandbox/provider-login/failed", {"fp_cot": token})
    assert restore(client, token)["route"] == "vpp_summary"


def test_the_provider_login_page_is_csrf_protected() -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/sandbox/provider-login/failed", {"fp_cot": "cot_sandbox_abc"})
    assert response.status_code == 403


def market_session(client: Client) -> str:
    """A US session on the region page of Prairie Wind's market tariff."""
    token = to_provider_select(client)
    answered(client, token, "provider_select", {"provider": {"id": PRAIRIE.id}})
    structure = answered(client, token, "tariff_select", {"tariff": {"id": WHOLESALE.id}})
    assert structure["data"]["options"] == ["FIXED", "TIME_OF_DAY", "MARKET", "DYNAMIC"]
    region = act(client, token, "plan_structure", "MARKET")
    assert region["route"] == "region_select"
    assert region["data"] == {"regions": list(US.regions), "provider": sent(PRAIRIE)}
    return token


def test_a_market_tariff_takes_its_region_then_a_surcharge(client: Client) -> None:
    token = market_session(client)
    surcharge = answered(client, token, "region_select", {"region": "SPP"})
    assert surcharge["route"] == "surcharge_capture"
    # Nothing known yet: numbers all the same, and no region asked again.
    assert surcharge["data"] == {
        "currency_code": "USD",
        "surcharge": {"fixed": 0.0, "percentage": 0.0},
        "provider": sent(PRAIRIE),
    }
    # As Flatpeak's web client sends it: the surcharge alone.
    given = {"surcharge": {"fixed": 0.02, "percentage": 5}}
    term = answered(client, token, "surcharge_capture", given)
    assert term["route"] == "contract_term_capture"
    back = act(client, token, "contract_term_capture", "BACK")
    assert back["data"]["surcharge"] == {"fixed": 0.02, "percentage": 5.0}
    assert act(client, token, "surcharge_capture", "BACK")["data"]["region"] == "SPP"
    answered(client, token, "region_select", {"region": "SPP"})
    answered(client, token, "surcharge_capture", given)
    done = answered(client, token, "contract_term_capture")
    [tariff] = done["tariffs"]
    assert tariff["structure_type"] == "MARKET"
    assert tariff["connection_type"] == "MARKET"
    assert tariff["market_rates_source"] == US.market_rates_source
    for entry in tariff["prices"]["today"]:
        cost = Decimal(str(entry["tariff"]["cost"]))
        # The wholesale price plus 0.02, plus 5 %.
        assert US.market_low + Decimal("0.02") <= cost / Decimal("1.05") + Decimal("0.0001")
        assert cost <= (US.market_high + Decimal("0.02")) * Decimal("1.05")
    assert {e["tariff"]["confidence"] for e in tariff["prices"]["tomorrow"]} == {0.7}


def test_a_market_tariff_without_a_known_region_asks_for_one(client: Client) -> None:
    token = mint(client, "london")
    start_tariff(client, token)
    act(client, token, "tariffs_summary", "EDIT")
    answered(client, token, "provider_select", {"provider": {"id": HARBOUR.id}})
    answered(client, token, "tariff_select", {"tariff": {"id": AGILE.id}})
    region = act(client, token, "plan_structure", "DYNAMIC")
    assert region["route"] == "region_select"
    assert region["data"] == {"regions": list(GB.regions), "provider": sent(HARBOUR)}
    surcharge = answered(client, token, "region_select", {"region": "London"})
    assert surcharge["route"] == "surcharge_capture"
    assert "regions" not in surcharge["data"] and "region" not in surcharge["data"]
    assert surcharge["data"]["currency_code"] == "GBP"
    # Skip is the route alone.
    term = answered(client, token, "surcharge_capture")
    assert term["route"] == "contract_term_capture"
    [tariff] = answered(client, token, "contract_term_capture")["tariffs"]
    assert tariff["display_name"] == "Harbour Agile"
    assert tariff["structure_type"] == "DYNAMIC"
    assert act(client, token, "tariffs_summary", "WRONG_TARIFF")["route"] == "tariff_select"


def test_disconnecting_ends_on_complete_and_offers_the_tariff_again(client: Client) -> None:
    token = mint(client, "london")
    start(client, token)
    # The London customer's dashboard has a tariff, so it offers no CONNECT_TARIFF.
    summary = start_tariff(client, token)
    complete = act(client, token, "tariffs_summary", "DISCONNECT")
    assert complete["route"] == "complete_tariff"
    assert complete["data"] == {} and complete["actions"] == ["BACK", "CLOSE"]
    # "Next" on complete_tariff is the route alone; started in the tariff flow, it ends it.
    assert answered(client, token, "complete_tariff")["data"] == {"redirect_url": CALLBACK_URL}
    dashboard = start(client, token)
    assert dashboard["tariff_connected"] is False
    assert dashboard["actions"][0] == "CONNECT_TARIFF"
    assert summary["route"] == "tariffs_summary"


def test_complete_from_the_dashboard_returns_to_the_dashboard(client: Client) -> None:
    token = to_provider_select(client)
    answered(client, token, "provider_select", {"provider": {"id": SUNBELT.id}})
    restore(client, token)
    act(client, token, "tariff_connection_pending", "DISCONNECT")
    dashboard = answered(client, token, "complete_tariff")
    assert dashboard["route"] == "vpp_summary"
    assert dashboard["tariff_connected"] is False


def test_the_landing_page_connects_a_tariff_too(client: Client) -> None:
    token = mint(client, "new")
    landing = start(client, token)
    assert landing["actions"] == ["CONNECT_TARIFF", "BACK", "CLOSE"]
    act(client, token, "vpp_landing", "CONNECT_TARIFF")
    answered(client, token, "postal_address_input", {"postal_address": US_ADDRESS})
    answered(client, token, "provider_select", {"provider": {"id": SUNBELT.id}})
    restore(client, token)
    back = act(client, token, "tariff_connection_pending", "BACK")
    assert back["route"] == "vpp_landing"
    assert back["data"]["tariff_connected"] is True
    assert back["actions"] == ["BACK", "CLOSE"]


# --- anode --------------------------------------------------------------------------------------


def test_an_anode_session_walks_the_whole_flow_in_anode_names(client: Client) -> None:
    token = mint(client, "active")
    address = start_tariff(client, token, anode=True)
    assert address["route"] == "postal_address_capture"
    # A busbar name is not the page this session is on.
    status, wrong = answer(client, token, "postal_address_input", {"postal_address": US_ADDRESS})
    assert status == 400
    refused(wrong, "action_invalid", "postal_address_input")
    providers = answered(client, token, "postal_address_capture", {"postal_address": US_ADDRESS})
    assert providers["route"] == "provider_select"
    answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
    structure = answered(client, token, "tariff_select", {"tariff": {"id": EVENING_PEAK.id}})
    assert structure["route"] == "tariff_structure_select"
    # anode takes the choice in data.options, not as an action.
    assert structure["actions"] == ["BACK", "CLOSE"]
    status, reply = call(
        client,
        {"connect_token": token, "route": "tariff_structure_select", "action": "TIME_OF_DAY"},
    )
    refused(reply, "action_invalid", "tariff_structure_select")
    prices = answered(client, token, "tariff_structure_select", {"options": ["TIME_OF_DAY"]})
    assert prices["route"] == "rate_tod_capture"
    term = answered(client, token, "rate_tod_capture", {"hours": THREE_BANDS})
    assert term["route"] == "contract_term_capture"
    summary = answered(client, token, "contract_term_capture", {"contract_end_date": CONTRACT_END})
    assert summary["route"] == "tariff_summary"
    assert set(summary["data"]) == {
        "currency_code",
        "timezone",
        "market_rates_source",
        "tariff",
        "rates",
        "provider",
    }
    assert summary["data"]["tariff"] == {
        "name": "Evening Peak Time-of-Day",
        "structure_type": "TIME_OF_DAY",
        "tiered": False,
        "reconnect_required": False,
        "contract_end_date": CONTRACT_END,
    }
    today = summary["data"]["rates"]["today"]
    # Local hours with the programme's offset (Denver), each an hour long.
    first = dt.datetime.fromisoformat(today[0]["valid_from"])
    assert first.date() == today_of("active") and first.utcoffset() is not None
    assert first.hour == 0 and len(today) in (23, 24, 25)
    assert set(summary["data"]["rates"]) == {"yesterday", "today", "tomorrow"}
    # Started in the tariff flow: BACK ends the session at the callback.
    away = act(client, token, "tariff_summary", "BACK")
    assert away["route"] == "session_redirect"
    assert away["data"] == {"redirect_url": CALLBACK_URL}


def test_anode_names_the_fixed_price_and_failure_pages_its_own_way(client: Client) -> None:
    token = mint(client, "suspended")
    providers = start_tariff(client, token, anode=True)
    assert providers["route"] == "provider_select"
    answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
    answered(client, token, "tariff_select", {"tariff": {"id": STANDARD.id}})
    fixed = answered(client, token, "tariff_structure_select", {"options": ["FIXED"]})
    assert fixed["route"] == "rate_fixed_capture"
    assert fixed["data"]["cost"] == 0.1465
    act(client, token, "rate_fixed_capture", "BACK")
    act(client, token, "tariff_structure_select", "BACK")
    act(client, token, "tariff_select", "BACK")
    answered(client, token, "provider_select", {"provider": {"id": SUNBELT.id}})
    client.post("/sandbox/provider-login/failed", {"fp_cot": token})
    assert restore(client, token)["route"] == "tariff_connection_failed"
    act(client, token, "tariff_connection_failed", "RECONNECT")
    pending = restore(client, token)
    assert pending["actions"] == ["EDIT", "DISCONNECT", "DISMISS_DIRECT", "BACK", "CLOSE"]
    named = act(client, token, "tariff_connection_pending", "DISMISS_DIRECT")
    assert named["route"] == "tariff_name_capture"
    assert named["data"]["provider"] == sent(SUNBELT)


def test_a_tariff_start_on_the_busbar_body_uses_busbar_names(client: Client) -> None:
    token = mint(client, "active")
    address = start_tariff(client, token)
    assert address["route"] == "postal_address_input"
    # Nothing to go back to: BACK leaves for the callback.
    assert act(client, token, "postal_address_input", "BACK")["data"] == {
        "redirect_url": CALLBACK_URL
    }


def test_a_vpp_start_after_an_anode_one_speaks_busbar_again(client: Client) -> None:
    token = mint(client, "active")
    start_tariff(client, token, anode=True)
    start(client, token)
    assert act(client, token, "vpp_summary", "CONNECT_TARIFF")["route"] == "postal_address_input"


# --- refusals: Connect's codes, each for its field ------------------------------------------------


def address_error(client: Client, address: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    token = mint(client, "active")
    start_tariff(client, token)
    status, reply = answer(client, token, "postal_address_input", {"postal_address": address})
    # A refused answer leaves the page as it was: a corrected one goes through.
    fixed = answered(client, token, "postal_address_input", {"postal_address": US_ADDRESS})
    assert fixed["route"] == "provider_select"
    return status, reply


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"address_line1": ""}, "address_line1_missing"),
        ({"address_line1": "   "}, "address_line1_missing"),
        ({"city": None}, "city_missing"),
        ({"post_code": ""}, "post_code_missing"),
        ({"country_code": ""}, "country_code_missing"),
        ({"country_code": "UK"}, "country_code_invalid"),
        ({"country_code": "us"}, "country_code_invalid"),
        ({"country_code": "EU"}, "country_code_invalid"),
        ({"post_code": "8020"}, "geo_location_not_found"),
        ({"post_code": "80202-1234"}, "geo_location_not_found"),
        ({"post_code": "8020A"}, "geo_location_not_found"),
        ({"state": "Colorado"}, "geo_location_not_found"),
        ({**GB_ADDRESS, "post_code": "ABC 123"}, "geo_location_not_found"),
        ({**GB_ADDRESS, "post_code": "N16 9CD"}, "geo_location_not_found"),
        ({"city": 7}, "data_json_invalid"),
    ],
)
def test_an_address_connect_would_refuse_is_refused(
    client: Client, change: dict[str, Any], code: str
) -> None:
    status, reply = address_error(client, {**US_ADDRESS, **change})
    assert status == 400
    refused(reply, code, "postal_address_input")


def test_addresses_connect_takes(client: Client) -> None:
    for address in (
        GB_ADDRESS,
        {**GB_ADDRESS, "post_code": "sw1a1aa"},
        {**GB_ADDRESS, "post_code": "GIR 0AA"},
        {**US_ADDRESS, "state": "PR", "post_code": "00901"},
        # The state may be left out: Flatpeak's web client offers an empty choice.
        {key: value for key, value in US_ADDRESS.items() if key != "state"},
        {**US_ADDRESS, "state": ""},
        {
            "address_line1": "Rue de Rivoli 1",
            "city": "Paris",
            "post_code": "75001",
            "country_code": "FR",
        },
    ):
        token = mint(client, "active")
        start_tariff(client, token)
        status, reply = answer(client, token, "postal_address_input", {"postal_address": address})
        assert status == 200, (address, reply)


def test_an_address_in_a_country_without_listed_suppliers_asks_for_the_supplier(
    client: Client,
) -> None:
    token = mint(client, "active")
    start_tariff(client, token)
    address = {
        "address_line1": "Rue de Rivoli 1",
        "city": "Paris",
        "post_code": "75001",
        "country_code": "FR",
    }
    named = answered(client, token, "postal_address_input", {"postal_address": address})
    assert named["route"] == "provider_name_capture"
    answered(client, token, "provider_name_capture", {"provider": {"name": "EDF"}})
    structure = answered(client, token, "tariff_name_input", {"tariff": {"name": "Tempo"}})
    assert structure["data"]["options"] == ["FIXED", "TIME_OF_DAY"]


def tod_session(client: Client) -> str:
    token = to_provider_select(client)
    answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
    answered(client, token, "tariff_select", {"tariff": {"id": EVENING_PEAK.id}})
    act(client, token, "plan_structure", "TIME_OF_DAY")
    return token


def band(valid_from: str, valid_to: str, cost: object = 0.2) -> dict[str, object]:
    return {"cost": cost, "valid_from": valid_from, "valid_to": valid_to}


@pytest.mark.parametrize(
    ("hours", "code", "said"),
    [
        (
            [band("07:00:00", "20:00:00"), band("23:00:00", "07:00:00")],
            "gap_in_time_period",
            "20:00 to 23:00",
        ),
        ([band("07:00:00", "20:00:00")], "gap_in_time_period", "20:00 to 07:00"),
        (
            [band("00:00:00", "12:00:00"), band("13:00:00", "00:00:00")],
            "gap_in_time_period",
            "12:00 to 13:00",
        ),
        (
            [band("07:00:00", "20:00:00"), band("19:00:00", "07:00:00")],
            "incomplete_time_period",
            "19:00 to 20:00",
        ),
        # Alone, a band from 07:00 to 07:00 is the whole day; beside another, it is empty.
        (
            [band("07:00:00", "07:00:00"), band("07:00:00", "07:00:00")],
            "incomplete_time_period",
            "Band 1",
        ),
        ([], "incomplete_time_period", "whole day"),
        (
            [band("07:00:00", "19:00:00", -0.1), band("19:00:00", "07:00:00")],
            "cost_value_negative",
            "Band 1",
        ),
        (
            [band("07:00:00", "19:00:00"), band("19:00:00", "07:00:00", 0)],
            "cost_value_zero",
            "Band 2",
        ),
        ([band("7:00", "19:00:00"), band("19:00:00", "07:00:00")], "valid_from_invalid", "Band 1"),
        (
            [band("07:00:00", "24:00:00"), band("19:00:00", "07:00:00")],
            "valid_to_invalid",
            "Band 1",
        ),
        (
            [band("07:00:00", "19:00:00", "0.2"), band("19:00:00", "07:00:00")],
            "data_json_invalid",
            "number",
        ),
        (
            [band("07:00:00", "19:00:00", True), band("19:00:00", "07:00:00")],
            "data_json_invalid",
            "number",
        ),
    ],
)
def test_bands_connect_would_refuse_are_refused(
    client: Client, hours: list[dict[str, object]], code: str, said: str
) -> None:
    token = tod_session(client)
    status, reply = answer(client, token, "price_input", {"hours": hours})
    assert status == 400
    refused(reply, code, "price_input")
    assert said in reply["message"]
    assert answered(client, token, "price_input", {"hours": THREE_BANDS})["route"] == (
        "contract_term_capture"
    )


def test_bands_across_midnight_and_on_the_minute_are_taken(client: Client) -> None:
    token = tod_session(client)
    hours = [
        band("23:30:00", "06:30:00", 0.09),
        band("06:30:00", "16:00:00", 0.2),
        band("16:00:00", "23:30:00", 0.3),
    ]
    answered(client, token, "price_input", {"hours": hours})
    back = act(client, token, "contract_term_capture", "BACK")
    assert back["data"]["hours"] == sorted(hours, key=lambda b: str(b["valid_from"]))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"cost": -0.2}, "cost_value_negative"),
        ({"cost": 0}, "cost_value_zero"),
        ({"cost": 0.0}, "cost_value_zero"),
        ({"cost": "0.2"}, "data_json_invalid"),
        ({}, "data_json_invalid"),
    ],
)
def test_a_fixed_price_connect_would_refuse_is_refused(
    client: Client, data: dict[str, Any], code: str
) -> None:
    token = to_provider_select(client)
    answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
    answered(client, token, "tariff_select", {"tariff": {"id": STANDARD.id}})
    act(client, token, "plan_structure", "FIXED")
    status, reply = answer(client, token, "price_input", data)
    assert status == 400
    refused(reply, code, "price_input")


def test_a_non_finite_price_is_refused(client: Client) -> None:
    token = to_provider_select(client)
    answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
    answered(client, token, "tariff_select", {"tariff": {"id": STANDARD.id}})
    act(client, token, "plan_structure", "FIXED")
    # Python's json reads NaN, which no JSON number can be.
    body = json.dumps({"connect_token": token, "route": "price_input", "data": {"cost": 0}})
    body = body.replace('"cost": 0', '"cost": NaN')
    response = client.post("/sandbox/connect", body, content_type="application/json")
    assert response.status_code == 400
    refused(response.json(), "data_json_invalid", "price_input")


def test_plan_structure_refusals(client: Client) -> None:
    token = mint(client, "suspended")
    start_tariff(client, token, anode=True)
    answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
    answered(client, token, "tariff_select", {"tariff": {"id": STANDARD.id}})
    for data, code in (
        ({"options": ["MARKET"]}, "option_not_supported"),
        ({"options": ["CHEAP"]}, "option_invalid"),
        ({"options": ["FIXED", "TIME_OF_DAY"]}, "option_invalid"),
        ({"options": "FIXED"}, "option_invalid"),
        ({}, "option_invalid"),
    ):
        status, reply = answer(client, token, "tariff_structure_select", data)
        assert status == 400
        refused(reply, code, "tariff_structure_select")


def test_a_busbar_structure_the_tariff_does_not_offer_is_not_an_action(client: Client) -> None:
    token = to_provider_select(client)
    answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
    answered(client, token, "tariff_select", {"tariff": {"id": STANDARD.id}})
    status, reply = call(
        client, {"connect_token": token, "route": "plan_structure", "action": "MARKET"}
    )
    assert status == 400
    refused(reply, "action_invalid", "plan_structure")
    # busbar takes anode's data.options as well.
    fixed = answered(client, token, "plan_structure", {"options": ["FIXED"]})
    assert fixed["route"] == "price_input"


def test_choice_and_name_refusals(client: Client) -> None:
    token = to_provider_select(client)
    for data, code in (
        ({"provider": {"id": "prv_nobody"}}, "provider_invalid"),
        # A UK supplier is not on a US address's list.
        ({"provider": {"id": LOWLAND.id}}, "provider_invalid"),
        ({"provider": "prv_x"}, "data_json_invalid"),
    ):
        status, reply = answer(client, token, "provider_select", data)
        assert status == 400
        refused(reply, code, "provider_select")
    answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
    status, reply = answer(client, token, "tariff_select", {"tariff": {"id": AGILE.id}})
    refused(reply, "tariff_invalid", "tariff_select")
    act(client, token, "tariff_select", "TARIFF_MISSING")
    status, reply = answer(client, token, "tariff_name_input", {"tariff": {"name": "  "}})
    refused(reply, "tariff_name_missing", "tariff_name_input")
    act(client, token, "tariff_name_input", "BACK")
    act(client, token, "tariff_select", "BACK")
    act(client, token, "provider_select", "PROVIDER_MISSING")
    status, reply = answer(client, token, "provider_name_capture", {"provider": {"name": ""}})
    refused(reply, "provider_name_missing", "provider_name_capture")
    status, reply = answer(
        client, token, "provider_name_capture", {"provider": {"name": "x" * 201}}
    )
    refused(reply, "data_json_invalid", "provider_name_capture")


def test_surcharge_refusals(client: Client) -> None:
    token = market_session(client)
    answered(client, token, "region_select", {"region": "SPP"})
    for data, code in (
        ({"surcharge": {"fixed": 0.01, "percentage": -100.5}}, "surcharge_percentage_invalid"),
        ({"surcharge": {"fixed": 0.01}, "region": "Texas"}, "region_invalid"),
        ({"surcharge": {"fixed": 0.01}, "region": 7}, "region_invalid"),
        ({"surcharge": {"fixed": "0.01"}}, "data_json_invalid"),
        ({"surcharge": {"fixed": True}}, "data_json_invalid"),
        ({"surcharge": {}}, "data_json_invalid"),
        ({"surcharge": {"fixed": None, "percentage": None}}, "data_json_invalid"),
        ({"region": "SPP"}, "data_json_invalid"),
    ):
        status, reply = answer(client, token, "surcharge_capture", data)
        assert status == 400, data
        refused(reply, code, "surcharge_capture")


@pytest.mark.parametrize(
    ("surcharge", "kept"),
    [
        # Credits: a negative fixed part, a percentage down to the whole price.
        ({"fixed": -0.015, "percentage": -100}, {"fixed": -0.015, "percentage": -100.0}),
        ({"fixed": 0.01}, {"fixed": 0.01, "percentage": 0.0}),
        # Zeros are no surcharge, as Flatpeak's web client sends its "skip".
        ({"fixed": 0, "percentage": 0}, {"fixed": 0.0, "percentage": 0.0}),
    ],
)
def test_surcharges_connect_takes(
    client: Client, surcharge: dict[str, float], kept: dict[str, float]
) -> None:
    token = market_session(client)
    answered(client, token, "region_select", {"region": "SPP"})
    # A region given again on the surcharge page is taken when it is one of the market's.
    given = {"surcharge": surcharge, "region": "MISO"}
    assert answered(client, token, "surcharge_capture", given)["route"] == "contract_term_capture"
    back = act(client, token, "contract_term_capture", "BACK")
    assert back["data"]["surcharge"] == kept
    assert act(client, token, "surcharge_capture", "BACK")["data"]["region"] == "MISO"


def test_a_surcharge_of_zeros_prices_the_market_as_skipping_does(client: Client) -> None:
    prices = []
    for answer_data in ({"surcharge": {"fixed": 0, "percentage": 0}}, None):
        token = market_session(client)
        answered(client, token, "region_select", {"region": "SPP"})
        answered(client, token, "surcharge_capture", answer_data)
        [tariff] = answered(client, token, "contract_term_capture")["tariffs"]
        prices.append(tariff["prices"]["today"])
    assert prices[0] == prices[1]


def test_a_region_the_page_does_not_list_is_refused(client: Client) -> None:
    token = mint(client, "london")
    start_tariff(client, token)
    act(client, token, "tariffs_summary", "EDIT")
    answered(client, token, "provider_select", {"provider": {"id": HARBOUR.id}})
    answered(client, token, "tariff_select", {"tariff": {"id": AGILE.id}})
    act(client, token, "plan_structure", "MARKET")
    status, reply = answer(client, token, "region_select", {"region": "CAISO"})
    assert status == 400
    refused(reply, "region_invalid", "region_select")


@pytest.mark.parametrize(
    "end",
    [
        "2031-06-30",
        "30/06/2031",
        "2031-06-30 00:00:00",
        "2031-02-30T00:00:00Z",
        "2001-06-30T00:00:00Z",
        20310630,
        None,
    ],
)
def test_a_contract_end_connect_would_refuse_is_refused(client: Client, end: object) -> None:
    token = to_provider_select(client)
    answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
    answered(client, token, "tariff_select", {"tariff": {"id": STANDARD.id}})
    act(client, token, "plan_structure", "FIXED")
    answered(client, token, "price_input", {"cost": 0.15})
    status, reply = answer(client, token, "contract_term_capture", {"contract_end_date": end})
    assert status == 400
    refused(reply, "contract_end_date_invalid", "contract_term_capture")


def test_contract_ends_connect_takes(client: Client) -> None:
    tomorrow = today_of("active") + dt.timedelta(days=1)
    for end in (
        f"{tomorrow.isoformat()}T00:00:00-07:00",
        "2031-06-30T23:59:59.5+01:00",
        # Connect's "no end date" sentinel: kept as the route alone is, and shown as such.
        "0001-01-01T00:00:00Z",
    ):
        token = to_provider_select(client)
        answered(client, token, "provider_select", {"provider": {"id": FRONT_RANGE.id}})
        answered(client, token, "tariff_select", {"tariff": {"id": STANDARD.id}})
        act(client, token, "plan_structure", "FIXED")
        answered(client, token, "price_input", {"cost": 0.15})
        [tariff] = answered(client, token, "contract_term_capture", {"contract_end_date": end})[
            "tariffs"
        ]
        assert tariff["contract_end_date"] == end


def test_form_pages_need_data_and_other_pages_an_action(client: Client) -> None:
    token = mint(client, "active")
    start_tariff(client, token)
    status, reply = answer(client, token, "postal_address_input")
    assert status == 400
    refused(reply, "data_json_invalid", "postal_address_input")
    status, reply = call(
        client, {"connect_token": token, "route": "postal_address_input", "data": ["x"]}
    )
    refused(reply, "data_json_invalid", "postal_address_input")
    status, reply = answer(client, token, "postal_address_input", {"postal_address": "Denver"})
    refused(reply, "data_json_invalid", "postal_address_input")
    answered(client, token, "postal_address_input", {"postal_address": US_ADDRESS})
    status, reply = answer(client, token, "provider_select")
    refused(reply, "data_json_invalid", "provider_select")
    london = mint(client, "london")
    start_tariff(client, london)
    status, reply = answer(client, london, "tariffs_summary", {"tariff": {"id": "x"}})
    assert status == 400
    refused(reply, "action_missing", "tariffs_summary")
    status, reply = call(
        client, {"connect_token": london, "route": "tariffs_summary", "action": "SAVE"}
    )
    refused(reply, "action_invalid", "tariffs_summary")


def test_a_refused_answer_changes_nothing(client: Client) -> None:
    token = tod_session(client)
    before = SandboxSession.objects.get(token=token)
    answer(client, token, "price_input", {"hours": [band("07:00:00", "20:00:00")]})
    after = SandboxSession.objects.get(token=token)
    assert (after.page, after.history, after.tariff) == (before.page, before.history, before.tariff)


def test_a_session_row_keeps_answers_as_json(client: Client) -> None:
    token = tod_session(client)
    answered(client, token, "price_input", {"hours": THREE_BANDS})
    stored = SandboxSession.objects.get(token=token).tariff
    json.dumps(stored)
    assert stored["hours"][0] == ["07:00:00", "16:00:00", "0.121"]
    assert stored["origin"]["route"] == "vpp_summary"
