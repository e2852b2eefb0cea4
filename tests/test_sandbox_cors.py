"""The sandbox's Connect endpoint answers browsers on any origin, as Connect does (A12), and
nothing else of the app does."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.test_sandbox_protocol import mint

pytestmark = pytest.mark.django_db

ELSEWHERE = "https://connect-web.example"


def test_a_preflight_allows_json_posts_from_any_origin_without_credentials(
    client: Client,
) -> None:
    response = client.options(
        "/sandbox/connect",
        headers={
            "Origin": ELSEWHERE,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "POST"
    assert "content-type" in response["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in response
    assert not response.cookies


def test_pages_and_errors_alike_are_readable_cross_origin(client: Client) -> None:
    token = mint(client, "active")
    for body in (
        {"connect_token": token, "route": "session_start", "action": "TARIFF"},
        {"connect_token": token, "route": "nowhere", "action": "BACK"},
        {"route": "session_start"},
    ):
        response = client.post(
            "/sandbox/connect",
            json.dumps(body),
            content_type="application/json",
            headers={"Origin": ELSEWHERE},
        )
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response
    not_json = client.post(
        "/sandbox/connect", "{", content_type="application/json", headers={"Origin": ELSEWHERE}
    )
    assert not_json.status_code == 400 and not_json["Access-Control-Allow-Origin"] == "*"
    wrong = client.get("/sandbox/connect", headers={"Origin": ELSEWHERE})
    assert wrong.status_code == 405 and wrong["Allow"] == "POST, OPTIONS"


@pytest.mark.parametrize(
    "path", ["/", "/healthz", "/sandbox/tokens", "/sandbox/api/login", "/sandbox/callback"]
)
def test_nothing_else_of_the_app_is_cross_origin(client: Client, path: str) -> None:
    response = client.options(
        path, headers={"Origin": ELSEWHERE, "Access-Control-Request-Method": "POST"}
    )
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Origin" not in client.get(path, headers={"Origin": ELSEWHERE})
