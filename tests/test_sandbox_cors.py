"""The sandbox's Connect endpoint answers browsers on any origin, as Connect does (A12), and
nothing else of the app does; the app reaches the sandbox only over HTTP."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tests.test_sandbox_protocol import mint

pytestmark = pytest.mark.django_db

ELSEWHERE = "https://connect-web.example"
VIEWS = Path(__file__).resolve().parent.parent / "connect_app" / "views.py"


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


def test_the_app_imports_nothing_from_the_sandbox() -> None:
    """The app reaches the sandbox over HTTP only, as it reaches Connect."""
    package = VIEWS.parent
    found: dict[str, list[str]] = {}
    for module in package.rglob("*.py"):
        if package / "sandbox" in module.parents:
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        found[str(module.relative_to(package))] = [
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        ] + [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ]
    assert found["views.py"], "views.py imports something, so the walk found its imports"
    offending = {
        name: [i for i in imports if i.startswith("connect_sandbox")]
        for name, imports in found.items()
    }
    assert not {name: i for name, i in offending.items() if i}


def test_the_welcome_page_lists_the_sandbox_customers_only_with_the_sandbox_on(
    client: Client, settings: Settings
) -> None:
    page = client.get("/").content.decode()
    assert "Try the sandbox" in page and 'value="london"' in page
    settings.CONNECT_SANDBOX_ENABLED = False
    assert "Try the sandbox" not in client.get("/").content.decode()
