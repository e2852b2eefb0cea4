"""The sandbox's Connect endpoint, token minting and hosted pages, over Django's test client."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from pytest_django.fixtures import Settings

from connect_sandbox.customers import DEMO_CUSTOMERS, DemoCustomer, customer_by_key
from connect_sandbox.faults import Fault
from connect_sandbox.models import SandboxSession
from connect_sandbox.periods import Period, PeriodType, local_today

# Every Connect call locks its session row (select_for_update, a no-op on SQLite): it
# depends on the engine.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

CONNECT = "/sandbox/connect"
CALLBACK_URL = "http://testserver/sandbox/callback"
PAYMENTS_URL = "http://testserver/sandbox/payments"
SUMMARY_ACTIONS = [
    "CONNECT_TARIFF",
    "CHANGE_PERIOD",
    "MANAGE_PAYMENTS",
    "MANAGE_PARTICIPATION",
    "BACK",
    "CLOSE",
]
# The fields of one entry of a participation's timeline (participation_state[]).
TIMELINE_ENTRY_FIELDS = {
    "state",
    "status",
    "description",
    "occurred_at",
    "expected_at",
    "suspension_reasons",
}


def customer(key: str) -> DemoCustomer:
    found = customer_by_key(key)
    assert found is not None
    return found


def mint(client: Client, key: str = "active", fault: str = "none") -> str:
    response = client.post(
        "/sandbox/tokens", {"customer": key, "fault": fault}, content_type="application/json"
    )
    assert response.status_code == 201
    token: str = response.json()["connect_token"]
    return token


def call(client: Client, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = client.post(CONNECT, json.dumps(body), content_type="application/json")
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


def start(client: Client, token: str) -> dict[str, Any]:
    status, page = call(client, {"connect_token": token, "route": "session_start", "action": "VPP"})
    assert status == 200
    return page


def act(
    client: Client, token: str, route: str, action: str, data: dict[str, Any] | None = None
) -> tuple[int, dict[str, Any]]:
    body: dict[str, Any] = {"connect_token": token, "route": route, "action": action}
    if data is not None:
        body["data"] = data
    return call(client, body)


def current_month(key: str) -> Period:
    return Period.containing(PeriodType.MONTH, local_today(customer(key)))


def assert_error(reply: dict[str, Any], *, code: str, route: str, token: str) -> None:
    assert reply["object"] == "error"
    assert reply["live_mode"] is False
    assert reply["context"] == f"connect.{route}"
    assert reply["code"] == code
    assert reply["connect_token"] == token
    assert reply["message"]
    created = dt.datetime.fromisoformat(reply["time_created"].replace("Z", "+00:00"))
    assert created.tzinfo is not None


def two_decimals(value: object) -> bool:
    return isinstance(value, int | float) and round(float(value), 2) == value


@pytest.mark.parametrize("demo", [c for c in DEMO_CUSTOMERS if c.is_enrolled], ids=lambda c: c.key)
def test_enrolled_customers_start_on_this_months_summary(
    client: Client, demo: DemoCustomer, seed_summary: dict[str, Any]
) -> None:
    token = mint(client, demo.key)
    page = start(client, token)
    assert page["route"] == "vpp_summary"
    assert page["connect_token"] == token
    assert page["live_mode"] is False
    assert "data" not in page, "vpp_summary carries its payload at the top level"
    assert set(page) == set(seed_summary)
    assert set(page["programme"]) == set(seed_summary["programme"])
    assert set(page["performance"]) == set(seed_summary["performance"])
    assert page["timezone"] == demo.timezone
    assert page["currency_code"] == demo.currency_code
    assert page["programme"]["participation_state"] == demo.participation_state
    assert page["tariff_connected"] is demo.tariff_connected
    expected_actions = SUMMARY_ACTIONS[1:] if demo.tariff_connected else SUMMARY_ACTIONS
    assert page["actions"] == expected_actions
    performance = page["performance"]
    period = current_month(demo.key)
    assert performance["period_type"] == "MONTH"
    assert performance["period_start"] == period.start.isoformat()
    assert performance["period_end"] == period.end.isoformat()
    assert performance["has_next"] is False
    assert performance["available_period_types"] == ["DAY", "MONTH", "YEAR"]
    for entry in performance["series"]:
        assert set(entry) == {"date", "dispatched_kwh", "earnings"}
        assert two_decimals(entry["dispatched_kwh"]) and two_decimals(entry["earnings"])
    assert two_decimals(performance["energy_dispatched_kwh"])
    assert two_decimals(performance["earnings"])


def test_a_new_customer_starts_on_the_landing_page(client: Client) -> None:
    token = mint(client, "new")
    page = start(client, token)
    assert page["route"] == "vpp_landing"
    assert page["actions"] == ["CONNECT_TARIFF", "BACK", "CLOSE"]
    assert page["data"]["tariff_connected"] is False
    [programme] = page["data"]["programmes"]
    assert programme["subscription_status"] == "NOT_ENROLLED"
    assert programme["programme_display_name"] == "Community Powershare"
    status, address = act(client, token, "vpp_landing", "CONNECT_TARIFF")
    assert status == 200
    assert address["route"] == "postal_address_input"
    assert address["data"]["postal_address"]["country_code"] == "US"
    status, back = act(client, token, "postal_address_input", "BACK")
    assert back["route"] == "vpp_landing"


def test_restore_answers_the_current_page_and_period(client: Client) -> None:
    token = mint(client)
    start(client, token)
    previous = current_month("active").previous()
    data = {"period_type": "MONTH", "period_start": previous.start.isoformat()}
    status, changed = act(client, token, "vpp_summary", "CHANGE_PERIOD", data)
    assert status == 200
    status, restored = call(client, {"connect_token": token, "route": "session_restore"})
    assert status == 200
    assert restored == changed
    assert restored["performance"]["has_next"] is True


@pytest.mark.parametrize("period_type", ["DAY", "MONTH", "YEAR"])
def test_change_period_answers_the_requested_period(client: Client, period_type: str) -> None:
    token = mint(client)
    start(client, token)
    period = Period.containing(PeriodType(period_type), local_today(customer("active"))).previous()
    data = {"period_type": period_type, "period_start": period.start.isoformat()}
    status, page = act(client, token, "vpp_summary", "CHANGE_PERIOD", data)
    assert status == 200
    performance = page["performance"]
    assert performance["period_type"] == period_type
    assert performance["period_start"] == period.start.isoformat()
    assert performance["period_end"] == period.end.isoformat()
    assert performance["has_next"] is True
    total = sum(round(entry["dispatched_kwh"] * 100) for entry in performance["series"])
    assert round(performance["energy_dispatched_kwh"] * 100) == total


def test_change_period_refuses_what_cannot_be_reported(client: Client) -> None:
    token = mint(client)
    start(client, token)
    today = local_today(customer("active"))
    enrolled_on = customer("active").enrolled_on(today)
    assert enrolled_on is not None
    next_month = current_month("active").next().start.isoformat()
    invalid: list[Any] = [
        None,
        "MONTH",
        {},
        {"period_type": "WEEK", "period_start": "2025-02-01"},
        {"period_type": "MONTH", "period_start": "01/02/2025"},
        {"period_type": "MONTH", "period_start": "2025-02-15"},
        {"period_type": "YEAR", "period_start": f"{today.year}-02-01"},
        {"period_type": "MONTH", "period_start": next_month},
        {"period_type": "YEAR", "period_start": f"{enrolled_on.year - 1}-01-01"},
    ]
    for data in invalid:
        body = {"connect_token": token, "route": "vpp_summary", "action": "CHANGE_PERIOD"}
        if data is not None:
            body["data"] = data
        status, reply = call(client, body)
        assert status == 400, data
        assert_error(reply, code="data_json_invalid", route="vpp_summary", token=token)
    status, restored = call(client, {"connect_token": token, "route": "session_restore"})
    assert restored["performance"]["period_start"] == current_month("active").start.isoformat()


def test_back_returns_to_the_previous_page_then_to_the_callback(client: Client) -> None:
    token = mint(client, "suspended")
    start(client, token)
    previous = current_month("suspended").previous()
    data = {"period_type": "MONTH", "period_start": previous.start.isoformat()}
    act(client, token, "vpp_summary", "CHANGE_PERIOD", data)
    status, participation = act(client, token, "vpp_summary", "MANAGE_PARTICIPATION")
    assert status == 200
    assert participation["route"] == "vpp_participation"
    assert participation["actions"] == ["LEAVE_PROGRAMME", "BACK", "CLOSE"]
    payload = participation["data"]
    assert payload["current_state"] == "SUSPENDED"
    assert payload["suspension_reasons"] == ["AWAITING_TELEMETRY"]
    assert payload["control_active"] is False and payload["telemetry_active"] is False
    for entry in payload["participation_state"]:
        assert set(entry) == TIMELINE_ENTRY_FIELDS
    status, back = act(client, token, "vpp_participation", "BACK")
    assert status == 200
    assert back["route"] == "vpp_summary"
    assert back["performance"]["period_start"] == previous.start.isoformat()
    status, leaving = act(client, token, "vpp_summary", "BACK")
    assert status == 200
    assert leaving["route"] == "session_redirect"
    assert leaving["data"] == {"redirect_url": CALLBACK_URL}


def test_close_redirects_to_the_callback(client: Client) -> None:
    token = mint(client)
    start(client, token)
    act(client, token, "vpp_summary", "MANAGE_PARTICIPATION")
    status, reply = act(client, token, "vpp_participation", "CLOSE")
    assert status == 200
    assert reply == {
        "connect_token": token,
        "route": "session_redirect",
        "live_mode": False,
        "data": {"redirect_url": CALLBACK_URL},
    }


def test_manage_payments_redirects_and_restore_opens_the_history(client: Client) -> None:
    token = mint(client)
    first = start(client, token)
    status, reply = act(client, token, "vpp_summary", "MANAGE_PAYMENTS")
    assert status == 200
    assert reply["route"] == "session_redirect"
    # Connect's own pages are reached by an address that names the session by itself.
    assert reply["data"]["redirect_url"] == f"{PAYMENTS_URL}?fp_cot={token}"
    status, restored = call(client, {"connect_token": token, "route": "session_restore"})
    assert status == 200
    assert restored["route"] == "vpp_payment_history"
    status, back = act(client, token, "vpp_payment_history", "BACK")
    assert status == 200
    assert back == first


def test_restore_without_a_hosted_page_answers_the_current_page(client: Client) -> None:
    token = mint(client)
    first = start(client, token)
    act(client, token, "vpp_summary", "MANAGE_PAYMENTS")
    # Pressing on the dashboard instead of coming back: the payments trip is forgotten.
    status, close = act(client, token, "vpp_summary", "CLOSE")
    assert status == 200 and close["route"] == "session_redirect"
    status, restored = call(client, {"connect_token": token, "route": "session_restore"})
    assert status == 200
    assert restored == first


def test_an_action_the_page_does_not_offer_is_refused(client: Client) -> None:
    token = mint(client, "london")
    start(client, token)
    status, reply = act(client, token, "vpp_summary", "CONNECT_TARIFF")
    assert status == 400
    assert_error(reply, code="action_invalid", route="vpp_summary", token=token)
    assert reply["type"] == "invalid_request"
    assert reply["message"] == "Action parameter CONNECT_TARIFF is not supported"
    status, reply = act(client, token, "vpp_summary", "DANCE")
    assert status == 400 and reply["code"] == "action_invalid"


def test_an_action_for_another_page_is_refused(client: Client) -> None:
    token = mint(client)
    start(client, token)
    status, reply = act(client, token, "vpp_participation", "BACK")
    assert status == 400
    assert_error(reply, code="action_invalid", route="vpp_participation", token=token)
    assert "vpp_summary" in reply["message"]


def test_a_missing_action_is_refused(client: Client) -> None:
    token = mint(client)
    start(client, token)
    status, reply = call(client, {"connect_token": token, "route": "vpp_summary"})
    assert status == 400
    assert_error(reply, code="action_missing", route="vpp_summary", token=token)
    # session_start without an action is anode's start, which opens the tariff flow.
    status, reply = call(
        client, {"connect_token": token, "route": "session_start", "action": "DANCE"}
    )
    assert status == 400 and reply["code"] == "action_invalid"


def test_an_expired_token_is_refused(client: Client) -> None:
    token = mint(client)
    start(client, token)
    SandboxSession.objects.filter(token=token).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    status, reply = call(client, {"connect_token": token, "route": "session_restore"})
    assert status == 401
    assert_error(reply, code="token_expired", route="session_restore", token=token)
    assert reply["message"].startswith("Your session has expired")


def test_an_unknown_token_is_refused(client: Client) -> None:
    token = "cot_sandbox_000000000000000000000000"
    status, reply = call(
        client, {"connect_token": token, "route": "session_start", "action": "VPP"}
    )
    assert status == 401
    assert_error(reply, code="token_invalid", route="session_start", token=token)


def test_requests_that_are_not_connect_calls_get_error_objects(client: Client) -> None:
    response = client.post(CONNECT, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "request_invalid"
    status, reply = call(client, {"route": "session_start", "action": "VPP"})
    assert status == 400 and reply["code"] == "token_missing"
    status, reply = call(client, {"connect_token": mint(client)})
    assert status == 400 and reply["code"] == "route_missing"
    response = client.get(CONNECT)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json()["object"] == "error"


def _start_with_fault(client: Client, fault: str) -> tuple[str, dict[str, Any]]:
    """A session that shows its first page normally and then misbehaves."""
    token = mint(client, "active", fault)
    return token, start(client, token)


def _next_call(client: Client, token: str) -> Any:
    return client.post(
        CONNECT,
        json.dumps({"connect_token": token, "route": "vpp_summary", "action": "CLOSE"}),
        content_type="application/json",
    )


def test_slow_fault_outlasts_the_apps_time_out(client: Client, settings: Settings) -> None:
    settings.CONNECT_TIMEOUT_S = 0.05
    token, _ = _start_with_fault(client, "slow")
    started = time.perf_counter()
    response = _next_call(client, token)
    assert time.perf_counter() - started >= 1.05
    assert response.status_code == 504
    assert response.json()["type"] == "api_error"


def test_server_error_fault_answers_html(client: Client) -> None:
    token, _ = _start_with_fault(client, "server_error")
    response = _next_call(client, token)
    assert response.status_code == 502
    assert response["Content-Type"].startswith("text/html")
    assert b"Bad Gateway" in response.content


def test_malformed_fault_answers_cut_off_json(client: Client) -> None:
    token, first = _start_with_fault(client, "malformed")
    response = _next_call(client, token)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.dumps(first).startswith(response.content.decode())
    with pytest.raises(ValueError):
        json.loads(response.content)


def test_error_object_fault_is_a_rate_limit(client: Client) -> None:
    token, _ = _start_with_fault(client, "error_object")
    response = _next_call(client, token)
    assert response.status_code == 429
    reply = response.json()
    assert_error(reply, code="rate_limit", route="vpp_summary", token=token)
    assert reply["type"] == "rate_limit"
    assert reply["message"] == "Too many requests. Please wait a moment and try again."


def test_expired_fault_answers_token_expired(client: Client) -> None:
    token, _ = _start_with_fault(client, "expired")
    response = _next_call(client, token)
    assert response.status_code == 401
    assert_error(response.json(), code="token_expired", route="vpp_summary", token=token)


def test_a_fault_keeps_striking_and_leaves_the_session_as_it_was(client: Client) -> None:
    token, first = _start_with_fault(client, "error_object")
    for _ in range(2):
        status, _reply = act(client, token, "vpp_summary", "MANAGE_PARTICIPATION")
        assert status == 429
    response = client.post(
        f"/sandbox/sessions/{token}/fault", {"fault": "none"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {"fault": "none"}
    status, restored = call(client, {"connect_token": token, "route": "session_restore"})
    assert status == 200
    assert restored == first


def test_a_fault_can_be_switched_on_mid_session(client: Client) -> None:
    token = mint(client)
    start(client, token)
    response = client.post(
        f"/sandbox/sessions/{token}/fault",
        {"fault": "server_error"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert _next_call(client, token).status_code == 502


def test_switching_a_fault_needs_a_known_session_and_fault(client: Client) -> None:
    token = mint(client)
    bad_fault = client.post(
        f"/sandbox/sessions/{token}/fault", {"fault": "gremlins"}, content_type="application/json"
    )
    assert bad_fault.status_code == 400
    assert bad_fault.json()["code"] == "fault_invalid"
    unknown = client.post(
        "/sandbox/sessions/cot_sandbox_nobody/fault",
        {"fault": "none"},
        content_type="application/json",
    )
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "token_invalid"


def test_minting_a_token(client: Client) -> None:
    response = client.post(
        "/sandbox/tokens", {"customer": "active"}, content_type="application/json"
    )
    assert response.status_code == 201
    reply = response.json()
    assert set(reply) == {"connect_token", "expires_in", "live_mode"}
    assert reply["connect_token"].startswith("cot_sandbox_")
    assert reply["expires_in"] == 86400 and reply["live_mode"] is False
    assert SandboxSession.objects.get(token=reply["connect_token"]).fault == Fault.NONE
    for body, code in [
        ({"customer": "nobody"}, "customer_invalid"),
        ({"customer": "active", "fault": "gremlins"}, "fault_invalid"),
    ]:
        refused = client.post("/sandbox/tokens", body, content_type="application/json")
        assert refused.status_code == 400
        assert refused.json()["code"] == code


def test_the_demo_form_mints_a_token_and_opens_the_app(client: Client) -> None:
    response = client.post("/sandbox/demo", {"customer": "suspended", "fault": "malformed"})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/?fp_cot=cot_sandbox_")
    session = SandboxSession.objects.get(token=location.removeprefix("/?fp_cot="))
    assert session.customer_key == "suspended"
    assert session.fault == Fault.MALFORMED


def test_the_demo_form_refuses_unknown_choices(client: Client) -> None:
    for data in [{"customer": "nobody", "fault": "none"}, {"customer": "active", "fault": "x"}]:
        response = client.post("/sandbox/demo", data)
        assert response.status_code == 400
        assert b"That demo could not be opened" in response.content
    assert not SandboxSession.objects.exists()
    assert client.get("/sandbox/demo").status_code == 405


def test_the_demo_form_is_csrf_protected() -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/sandbox/demo", {"customer": "active", "fault": "none"})
    assert response.status_code == 403


def test_the_start_page_offers_every_customer_and_fault(client: Client) -> None:
    response = client.get("/sandbox/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Try the sandbox</h1>" in html
    assert html.count('action="/sandbox/demo"') == len(DEMO_CUSTOMERS)
    assert html.count("csrfmiddlewaretoken") == len(DEMO_CUSTOMERS)
    for demo in DEMO_CUSTOMERS:
        assert escape(demo.name) in html and escape(demo.summary) in html
        assert f'name="customer" value="{demo.key}"' in html
    for value, label in Fault.choices:
        assert f'<option value="{value}"' in html
        assert f">{label}</option>" in html
    assert html.count('<option value="none" selected>') == len(DEMO_CUSTOMERS)
    assert "style=" not in html and "<script" not in html


def test_the_start_page_speaks_the_visitors_language(client: Client) -> None:
    html = client.get("/sandbox/", headers={"Accept-Language": "de"}).content.decode()
    assert '<html lang="de">' in html
    assert "Testumgebung ausprobieren" in html and "Dashboard öffnen" in html
    assert "Alex – aktiv" in html  # a demo customer's name, translated


def test_the_payments_page_returns_to_the_app_with_the_token(client: Client) -> None:
    response = client.get("/sandbox/payments", {"fp_cot": "cot_sandbox_abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "sandbox billing page" in html
    assert "stands in for the payment provider's billing page" in html
    assert 'href="/?fp_cot=cot_sandbox_abc"' in html
    assert "Return to the app" in html
    assert "no-store" in response["Cache-Control"]


def test_the_callback_page_offers_the_start_again(client: Client) -> None:
    response = client.get("/sandbox/callback", {"fp_cot": "cot_sandbox_abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The sandbox session ended" in html
    assert "this is where your app would take over" in html.lower()
    # The sandbox's start, not "/", which would show the ended conversation again.
    assert '<a class="button button--primary" href="/sandbox/">Back to the start</a>' in html
    assert "cot_sandbox_abc" not in html


def test_the_token_never_reaches_the_logs(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    token = mint(client, "active", "error_object")
    start(client, token)
    act(client, token, "vpp_summary", "MANAGE_PARTICIPATION")
    act(client, token, "vpp_summary", "DANCE")
    assert caplog.records, "the sandbox logs its calls"
    assert token not in caplog.text
    assert token.removeprefix("cot_sandbox_") not in caplog.text
