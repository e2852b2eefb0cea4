from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from django.core.management import CommandError, call_command
from pytest_httpx import HTTPXMock

from connect_app.flatpeak_api import lookups
from connect_app.flatpeak_api.client import Credentials, FlatpeakApi
from connect_app.flatpeak_api.errors import ApiRejected, ApiUnavailable, ApiUnreadable

BASE = "https://api.test"
TOKEN = "cot_test_token_0001"


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    lookups.clear()
    yield
    lookups.clear()


@pytest.fixture
def api() -> Iterator[FlatpeakApi]:
    http = httpx.Client(timeout=2)
    yield FlatpeakApi(Credentials(BASE, "acc_1", "sk_test_1"), http)
    http.close()


def login(httpx_mock: HTTPXMock, bearer: str = "bearer-1", expires_in: int = 3600) -> None:
    httpx_mock.add_response(
        url=f"{BASE}/login",
        json={"bearer_token": bearer, "expires_in": expires_in, "live_mode": False},
    )


def participation(pid: str, programme: str, state: str = "ACTIVE") -> dict[str, Any]:
    return {
        "object": "vpp-participation",
        "id": pid,
        "device_id": "dev_1",
        "current_state": state,
        "control_active": state == "ACTIVE",
        "telemetry_active": True,
        "suspension_reasons": [],
        "participation_state": [{"state": state, "status": "IN_PROGRESS"}],
        "programme": {"id": programme, "programme_display_name": "Powershare"},
    }


def test_login_uses_basic_auth_and_the_bearer_is_reused(
    api: FlatpeakApi, httpx_mock: HTTPXMock
) -> None:
    login(httpx_mock)
    httpx_mock.add_response(
        url=f"{BASE}/connect/{TOKEN}", json={"device_id": "dev_1"}, is_reusable=True
    )
    api.connect_session(TOKEN)
    api.connect_session(TOKEN)
    requests = httpx_mock.get_requests()
    assert [r.url.path for r in requests] == ["/login", f"/connect/{TOKEN}", f"/connect/{TOKEN}"]
    expected = base64.b64encode(b"acc_1:sk_test_1").decode()
    assert requests[0].headers["authorization"] == f"Basic {expected}"
    assert requests[1].headers["authorization"] == "Bearer bearer-1"


def test_an_expiring_bearer_is_refreshed_before_use(
    api: FlatpeakApi, httpx_mock: HTTPXMock
) -> None:
    login(httpx_mock, "short-lived", expires_in=30)  # inside the refresh margin: used once
    login(httpx_mock, "fresh")
    httpx_mock.add_response(url=f"{BASE}/connect/{TOKEN}", json={}, is_reusable=True)
    api.connect_session(TOKEN)
    api.connect_session(TOKEN)
    auths = [r.headers.get("authorization") for r in httpx_mock.get_requests()]
    assert auths[1] == "Bearer short-lived"
    assert auths[3] == "Bearer fresh"


def test_a_401_logs_in_again_once(api: FlatpeakApi, httpx_mock: HTTPXMock) -> None:
    login(httpx_mock, "revoked")
    httpx_mock.add_response(
        url=f"{BASE}/connect/{TOKEN}", status_code=401, json={"object": "error"}
    )
    login(httpx_mock, "new")
    httpx_mock.add_response(
        url=f"{BASE}/connect/{TOKEN}", json={"callback_url": "https://x.test/cb"}
    )
    assert api.connect_session(TOKEN).callback_url == "https://x.test/cb"


def test_a_second_401_is_a_rejection(api: FlatpeakApi, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url=f"{BASE}/login", json={"bearer_token": "b", "expires_in": 3600}, is_reusable=True
    )
    httpx_mock.add_response(
        url=f"{BASE}/connect/{TOKEN}", status_code=401, json={}, is_reusable=True
    )
    with pytest.raises(ApiRejected) as caught:
        api.connect_session(TOKEN)
    assert caught.value.status == 401


def test_wrong_credentials_are_a_rejection(api: FlatpeakApi, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{BASE}/login", status_code=401, json={"object": "error"})
    with pytest.raises(ApiRejected):
        api.connect_session(TOKEN)


def test_not_found(api: FlatpeakApi, httpx_mock: HTTPXMock) -> None:
    login(httpx_mock)
    httpx_mock.add_response(status_code=404, json={"object": "error", "code": "not_found"})
    with pytest.raises(ApiRejected) as caught:
        api.connect_session(TOKEN)
    assert (caught.value.status, caught.value.code) == (404, "not_found")


def test_timeouts_and_server_errors_are_unavailable(
    api: FlatpeakApi, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("slow"))
    with pytest.raises(ApiUnavailable):
        api.connect_session(TOKEN)
    login(httpx_mock)
    httpx_mock.add_response(status_code=503, text="<html>")
    with pytest.raises(ApiUnavailable):
        api.connect_session(TOKEN)


def test_pagination_follows_has_more(api: FlatpeakApi, httpx_mock: HTTPXMock) -> None:
    login(httpx_mock)
    httpx_mock.add_response(url=f"{BASE}/connect/{TOKEN}", json={"device_id": "dev_1"})
    httpx_mock.add_response(
        url=f"{BASE}/vpp-participations?device_id=dev_1",
        json={
            "object": "list",
            "has_more": True,
            "data": [participation("vpo_1", "vpr_old", "UNENROLLED")],
        },
    )
    httpx_mock.add_response(
        url=f"{BASE}/vpp-participations?device_id=dev_1&starting_after=vpo_1",
        json={"object": "list", "has_more": False, "data": [participation("vpo_2", "vpr_now")]},
    )
    found = api.participation_for(TOKEN, "vpr_now")
    assert found is not None and found.id == "vpo_2" and found.state == "ACTIVE"


def test_a_list_without_data_is_unreadable(api: FlatpeakApi, httpx_mock: HTTPXMock) -> None:
    login(httpx_mock)
    httpx_mock.add_response(json={"object": "list"})
    with pytest.raises(ApiUnreadable):
        list(api.participations("dev_1"))


def test_lookups_turn_failures_into_nothing(
    api: FlatpeakApi, httpx_mock: HTTPXMock, caplog: pytest.LogCaptureFixture
) -> None:
    httpx_mock.add_exception(httpx.ConnectError("refused"))
    assert lookups.participation(api, TOKEN, "vpr_now") is None
    assert lookups.participation(api, TOKEN, "vpr_now") is None  # cached: no second call
    assert len(httpx_mock.get_requests()) == 1
    assert "look-up failed what=participation" in caplog.text
    assert TOKEN not in caplog.text and "sk_test_1" not in caplog.text


@pytest.mark.parametrize("path", ["/connect", "/connect/sessions"])
def test_create_session_accepts_both_published_shapes(
    api: FlatpeakApi, httpx_mock: HTTPXMock, path: str
) -> None:
    login(httpx_mock)
    if path == "/connect":
        httpx_mock.add_response(
            url=f"{BASE}/connect", json={"id": "cot_new", "object": "connect_session"}
        )
    else:
        httpx_mock.add_response(url=f"{BASE}/connect", status_code=404, json={"object": "error"})
        httpx_mock.add_response(url=f"{BASE}/connect/sessions", json={"connect_token": "cot_new"})
    assert api.create_session({"location_id": "loc_1"}) == "cot_new"


def test_create_connect_session_command_prints_the_app_url(
    httpx_mock: HTTPXMock, settings: Any
) -> None:
    settings.FLATPEAK_ACCOUNT_ID, settings.FLATPEAK_API_KEY, settings.FLATPEAK_API_URL = (
        "acc_1",
        "sk_test_1",
        BASE,
    )
    login(httpx_mock)
    httpx_mock.add_response(url=f"{BASE}/connect", json={"id": "cot_made_here"})
    out = io.StringIO()
    call_command(
        "create_connect_session",
        "--location-id",
        "loc_1",
        "--connect-url",
        "myapp://connect",
        "--callback-url",
        "myapp://done",
        "--app-url",
        "https://vpp.example.com/",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert out.getvalue().strip() == "https://vpp.example.com/?fp_cot=cot_made_here"
    body = httpx_mock.get_requests()[-1].read()
    assert b'"location_id":"loc_1"' in body.replace(b" ", b"")


def test_create_connect_session_without_any_api_explains(settings: Any) -> None:
    settings.FLATPEAK_ACCOUNT_ID = ""
    settings.FLATPEAK_CONNECT_URL = "https://connect.test/"
    with pytest.raises(CommandError, match="FLATPEAK_ACCOUNT_ID"):
        call_command(
            "create_connect_session",
            "--location-id",
            "loc_1",
            "--connect-url",
            "x",
            "--callback-url",
            "y",
        )
