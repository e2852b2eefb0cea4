"""The sandbox's REST stand-in: login, bearer tokens, Connect sessions, VPP participations."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from connect_sandbox.customers import customer_by_key
from connect_sandbox.identifiers import device_id, location_id
from connect_sandbox.models import BearerToken, SandboxSession
from tests.test_sandbox_protocol import CALLBACK_URL, act, call, mint, start
from tests.test_sandbox_tariff_flow import SUNBELT, US_ADDRESS, answered

pytestmark = pytest.mark.django_db

API = "/sandbox/api"
APP_CONNECT_URL = "https://app.example.com/connect"
APP_CALLBACK_URL = "https://app.example.com/done"
CREATE_BODY = {
    "location_id": "loc_641b90b758fb8e6293716e40",
    "connect_url": APP_CONNECT_URL,
    "callback_url": APP_CALLBACK_URL,
}


def basic(account: str, key: str) -> str:
    return "Basic " + base64.b64encode(f"{account}:{key}".encode()).decode()


def login(client: Client) -> str:
    response = client.get(
        f"{API}/login", headers={"Authorization": basic("acc_sandbox", "sk_test_sandbox")}
    )
    assert response.status_code == 200
    token: str = response.json()["bearer_token"]
    return token


def get(client: Client, path: str, bearer: str, **params: str) -> tuple[int, dict[str, Any]]:
    response = client.get(f"{API}{path}", params, headers={"Authorization": f"Bearer {bearer}"})
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


def post(client: Client, path: str, bearer: str, body: object) -> tuple[int, dict[str, Any]]:
    response = client.post(
        f"{API}{path}",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {bearer}"},
    )
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


def assert_api_error(reply: dict[str, Any], *, code: str, context: str) -> None:
    assert reply["object"] == "error"
    assert reply["live_mode"] is False
    assert reply["type"] == "invalid_request"
    assert reply["code"] == code
    assert reply["context"] == context
    assert reply["message"]
    assert reply["time_created"].endswith("Z")


def participations_of(client: Client, bearer: str, device: str) -> list[dict[str, Any]]:
    """Every participation of a device, following `has_more` as a client must."""
    found: list[dict[str, Any]] = []
    params = {"device_id": device}
    for _ in range(10):
        status, page = get(client, "/vpp-participations", bearer, **params)
        assert status == 200
        assert page["object"] == "list" and page["url"] == "/vpp-participations"
        assert len(page["data"]) <= 1
        found += page["data"]
        if not page["has_more"]:
            return found
        params = {"device_id": device, "starting_after": page["data"][-1]["id"]}
    raise AssertionError("has_more never ended")


def test_login_answers_a_bearer_token(client: Client) -> None:
    response = client.get(
        f"{API}/login", headers={"Authorization": basic("acc_sandbox", "sk_test_sandbox")}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    reply = response.json()
    assert set(reply) == {"bearer_token", "expires_in", "live_mode"}
    assert reply["expires_in"] == 3600 and reply["live_mode"] is False
    token = reply["bearer_token"]
    assert len(token) >= 32
    # Only a digest is stored, so the table never holds a usable token.
    assert not BearerToken.objects.filter(digest=token).exists()
    assert BearerToken.objects.count() == 1
    assert login(client) != token, "every login mints a new token"


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        basic("acc_sandbox", "sk_test_wrong"),
        basic("acc_other", "sk_test_sandbox"),
        basic("acc_sandbox", ""),
        "Basic not-base64!",
        "Basic " + base64.b64encode(b"no colon").decode(),
        "Bearer sk_test_sandbox",
    ],
)
def test_login_refuses_anything_but_the_sandbox_credentials(
    client: Client, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get(f"{API}/login", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic ")
    assert_api_error(response.json(), code="unauthorized", context="api.login")
    assert not BearerToken.objects.exists()


def test_login_is_a_get(client: Client) -> None:
    response = client.post(
        f"{API}/login", headers={"Authorization": basic("acc_sandbox", "sk_test_sandbox")}
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/connect/cot_sandbox_000"),
        ("post", "/connect"),
        ("post", "/connect/sessions"),
        ("get", "/vpp-participations"),
        ("get", "/vpp-participations/vpo_000"),
    ],
)
def test_every_other_endpoint_needs_a_live_bearer(client: Client, method: str, path: str) -> None:
    send = getattr(client, method)
    expired = login(client)
    BearerToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    # Refused while its row is still there: expiry is checked, not just existence.
    response = send(f"{API}{path}", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    live = login(client)
    assert not BearerToken.objects.filter(expires_at__lte=timezone.now()).exists()
    for authorization in [None, "Bearer ", "Bearer made-up", f"Bearer {expired}", f"Basic {live}"]:
        headers = {"Authorization": authorization} if authorization else {}
        response = send(f"{API}{path}", headers=headers)
        assert response.status_code == 401, authorization
        assert response["WWW-Authenticate"].startswith("Bearer ")
        assert_api_error(response.json(), code="unauthorized", context=response.json()["context"])
    accepted = send(f"{API}{path}", headers={"Authorization": f"Bearer {live}"})
    assert accepted.status_code != 401


def test_create_version_a_answers_the_connect_session(client: Client) -> None:
    bearer = login(client)
    body = {**CREATE_BODY, "device_id": "dev_63a6087272941ef077a8fd3e", "provider_id": "prv_x"}
    status, session = post(client, "/connect", bearer, body)
    assert status == 200
    assert list(session) == [
        "id",
        "location_id",
        "object",
        "live_mode",
        "data_available",
        "time_created",
        "time_expiry",
        "device_id",
        "provider_id",
        "connect_url",
        "callback_url",
    ]
    assert session["id"].startswith("cot_")
    assert session["object"] == "connect_session" and session["live_mode"] is False
    assert session["location_id"] == body["location_id"]
    assert session["device_id"] == body["device_id"]
    assert session["provider_id"] == "prv_x"
    assert (session["connect_url"], session["callback_url"]) == (APP_CONNECT_URL, APP_CALLBACK_URL)
    created = dt.datetime.fromisoformat(session["time_created"].replace("Z", "+00:00"))
    expiry = dt.datetime.fromisoformat(session["time_expiry"].replace("Z", "+00:00"))
    assert expiry - created == dt.timedelta(days=1)
    stored = SandboxSession.objects.get(token=session["id"])
    assert stored.customer_key == "active"
    status, again = get(client, f"/connect/{session['id']}", bearer)
    assert again == session


def test_create_version_b_answers_a_token(client: Client) -> None:
    bearer = login(client)
    body = {**CREATE_BODY, "route_options": {"advanced_tariff_capture": False}}
    status, reply = post(client, "/connect/sessions", bearer, body)
    assert status == 200
    assert set(reply) == {"connect_token", "expires_in", "live_mode"}
    assert reply["connect_token"].startswith("cot_")
    assert reply["expires_in"] == 86400 and reply["live_mode"] is False
    stored = SandboxSession.objects.get(token=reply["connect_token"])
    assert (stored.connect_url, stored.callback_url) == (APP_CONNECT_URL, APP_CALLBACK_URL)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"location_id": None}, "location_id_missing"),
        ({"location_id": ""}, "location_id_missing"),
        ({"location_id": 7}, "location_id_invalid"),
        ({"connect_url": None}, "connect_url_missing"),
        ({"callback_url": ""}, "callback_url_missing"),
        ({"connect_url": "javascript:alert(1)"}, "connect_url_invalid"),
        ({"callback_url": "data:text/html,hi"}, "callback_url_invalid"),
        ({"callback_url": "https://"}, "callback_url_invalid"),
        ({"device_id": ["dev_1"]}, "device_id_invalid"),
        ({"route_options": "all"}, "route_options_invalid"),
        ({"sandbox_customer": "nobody"}, "sandbox_customer_invalid"),
    ],
)
@pytest.mark.parametrize(
    ("path", "context"),
    [("/connect", "api.connect.create"), ("/connect/sessions", "api.connect.sessions.create")],
)
def test_create_refuses_bad_requests(
    client: Client, change: dict[str, Any], code: str, path: str, context: str
) -> None:
    bearer = login(client)
    body = {k: v for k, v in {**CREATE_BODY, **change}.items() if v is not None}
    status, reply = post(client, path, bearer, body)
    assert status == 400
    assert_api_error(reply, code=code, context=context)
    assert not SandboxSession.objects.exists()


def test_create_can_pick_the_demo_customer(client: Client) -> None:
    bearer = login(client)
    body = {**CREATE_BODY, "sandbox_customer": "london"}
    status, reply = post(client, "/connect/sessions", bearer, body)
    summary = start(client, reply["connect_token"])
    assert summary["currency_code"] == "GBP"


def test_a_created_session_ends_at_its_callback_url(client: Client) -> None:
    bearer = login(client)
    _, created = post(client, "/connect", bearer, CREATE_BODY)
    token = created["id"]
    start(client, token)
    status, closed = act(client, token, "vpp_summary", "CLOSE")
    assert closed["data"] == {"redirect_url": APP_CALLBACK_URL}
    status, back = act(client, token, "vpp_summary", "BACK")
    assert back["data"] == {"redirect_url": APP_CALLBACK_URL}


def test_hosted_pages_return_to_the_sessions_connect_url(client: Client) -> None:
    bearer = login(client)
    body = {**CREATE_BODY, "connect_url": "myapp://nova/flatpeak/connect?tab=energy"}
    _, reply = post(client, "/connect/sessions", bearer, body)
    token = reply["connect_token"]
    start(client, token)
    _, away = act(client, token, "vpp_summary", "MANAGE_PAYMENTS")
    payments = client.get(urlsplit(away["data"]["redirect_url"]).path, {"fp_cot": token})
    expected = f'href="myapp://nova/flatpeak/connect?tab=energy&amp;fp_cot={token}"'
    assert expected in payments.content.decode()
    call(client, {"connect_token": token, "route": "session_restore"})
    act(client, token, "vpp_payment_history", "BACK")
    act(client, token, "vpp_summary", "CONNECT_TARIFF")
    answered(client, token, "postal_address_input", {"postal_address": US_ADDRESS})
    away = answered(client, token, "provider_select", {"provider": {"id": SUNBELT.id}})
    assert urlsplit(away["data"]["redirect_url"]).path == "/sandbox/provider-login"
    login_page = client.get("/sandbox/provider-login", {"fp_cot": token})
    assert expected in login_page.content.decode()


def test_a_demo_session_reads_back_with_the_customers_ids(client: Client) -> None:
    bearer = login(client)
    token = mint(client, "suspended")
    status, session = get(client, f"/connect/{token}", bearer)
    assert status == 200
    sam = customer_by_key("suspended")
    assert sam is not None
    assert session["device_id"] == device_id(sam) and session["device_id"].startswith("dev_")
    assert session["location_id"] == location_id(sam)
    assert session["provider_id"] == sam.programme.provider_id
    assert session["callback_url"] == CALLBACK_URL
    assert session["connect_url"] == "http://testserver/"
    assert session["data_available"] is True
    status, missing = get(client, "/connect/cot_sandbox_nobody", bearer)
    assert status == 404
    assert_api_error(missing, code="connect_session_not_found", context="api.connect.retrieve")


def test_participations_come_one_a_page_and_the_current_one_is_last(client: Client) -> None:
    bearer = login(client)
    token = mint(client, "active")
    _, session = get(client, f"/connect/{token}", bearer)
    device = session["device_id"]
    status, first = get(client, "/vpp-participations", bearer, device_id=device)
    assert first["has_more"] is True and len(first["data"]) == 1
    everything = participations_of(client, bearer, device)
    assert len(everything) == 2
    former, current = everything
    assert former["current_state"] == "UNENROLLED"
    assert former["programme"]["id"] != current["programme"]["id"]
    summary = start(client, token)
    assert current["programme"]["id"] == summary["programme"]["programme_id"]
    assert current["current_state"] == "ACTIVE"
    assert former["time_created"] < current["time_created"]
    for item in everything:
        assert list(item) == [
            "object",
            "id",
            "live_mode",
            "device_id",
            "location_id",
            "current_state",
            "control_active",
            "telemetry_active",
            "suspension_reasons",
            "participation_state",
            "time_updated",
            "time_created",
            "provider",
            "programme",
            "account_id",
        ]
        assert item["object"] == "vpp-participation" and item["id"].startswith("vpo_")
        assert item["live_mode"] is False and item["account_id"] == "acc_sandbox"
        assert item["device_id"] == device and item["location_id"] == session["location_id"]
        assert set(item["provider"]) == {"id", "provider_display_name", "logo_url"}
        assert set(item["programme"]) == {"id", "programme_display_name", "learn_more_url"}
        statuses = [entry["status"] for entry in item["participation_state"]]
        assert statuses.count("IN_PROGRESS") == 1
        status, alone = get(client, f"/vpp-participations/{item['id']}", bearer)
        assert status == 200 and alone == item
    # The same timeline as the Connect participation page.
    _, page = act(client, token, "vpp_summary", "MANAGE_PARTICIPATION")
    assert current["participation_state"] == page["data"]["participation_state"]
    status, back = get(
        client, "/vpp-participations", bearer, device_id=device, ending_before=current["id"]
    )
    assert back["data"] == [former] and back["has_more"] is False


def test_participation_lists_refuse_bad_queries(client: Client) -> None:
    bearer = login(client)
    context = "api.vpp_participations.list"
    status, reply = get(client, "/vpp-participations", bearer)
    assert status == 400
    assert_api_error(reply, code="device_id_missing", context=context)
    new = customer_by_key("new")
    assert new is not None
    for device in [device_id(new), "dev_unknown"]:
        status, empty = get(client, "/vpp-participations", bearer, device_id=device)
        assert status == 200 and empty["data"] == [] and empty["has_more"] is False
    active = customer_by_key("active")
    assert active is not None
    for cursors in [
        {"starting_after": "vpo_nowhere"},
        {"starting_after": "vpo_a", "ending_before": "vpo_b"},
    ]:
        status, reply = get(
            client, "/vpp-participations", bearer, device_id=device_id(active), **cursors
        )
        assert status == 400
        assert_api_error(reply, code="cursor_invalid", context=context)
    status, reply = get(client, "/vpp-participations/vpo_nowhere", bearer)
    assert status == 404
    assert_api_error(
        reply, code="vpp_participation_not_found", context="api.vpp_participations.retrieve"
    )


def test_no_token_reaches_the_logs(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    bearer = login(client)
    _, created = post(client, "/connect", bearer, CREATE_BODY)
    token = created["id"]
    get(client, f"/connect/{token}", bearer)
    get(client, "/vpp-participations", bearer, device_id=created["device_id"])
    client.get(f"{API}/connect/{token}", headers={"Authorization": "Bearer wrong"})
    assert "sandbox api operation=login status=200" in caplog.text
    assert bearer not in caplog.text
    assert token not in caplog.text and token.removeprefix("cot_sandbox_") not in caplog.text
    assert "sk_test_sandbox" not in caplog.text


def test_the_entry_url_of_a_created_session_carries_only_the_token(client: Client) -> None:
    bearer = login(client)
    _, created = post(client, "/connect/sessions", bearer, CREATE_BODY)
    token = created["connect_token"]
    start(client, token)
    _, away = act(client, token, "vpp_summary", "MANAGE_PAYMENTS")
    page = client.get("/sandbox/payments", {"fp_cot": token}).content.decode()
    link = page.split('href="')[-1].split('"')[0].replace("&amp;", "&")
    assert link.startswith(APP_CONNECT_URL)
    assert parse_qs(urlsplit(link).query) == {"fp_cot": [token]}
