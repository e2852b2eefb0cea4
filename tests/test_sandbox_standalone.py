"""The simulator stands on its own: a Django app of its own, installed only when it is on, with
its own templates, base and stylesheet; the app and the sandbox reach each other over HTTP
only, and neither can load the other's code or templates."""

from __future__ import annotations

import ast
import secrets
import sqlite3
from pathlib import Path

import pytest
from django.template import TemplateDoesNotExist, engines
from django.test import Client
from pytest_django.fixtures import Settings

from tests.environments import PROJECT, SETUP, clean_env, run_python

pytestmark = pytest.mark.django_db

KEY = secrets.token_urlsafe(50)
# The production environment, save the sandbox's flag: debugging off, a Connect of its own.
PRODUCTION = {
    "DJANGO_SECRET_KEY": KEY,
    "DJANGO_ALLOWED_HOSTS": "vpp.example.com",
    "FLATPEAK_CONNECT_URL": "https://connect.example.com",
}


def _tables(database: Path) -> set[str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


@pytest.mark.parametrize("sandbox", ["0", "1"], ids=["sandbox off", "sandbox on"])
def test_a_migrate_creates_the_simulators_tables_only_when_it_is_on(
    tmp_path: Path, sandbox: str
) -> None:
    database = tmp_path / "db.sqlite3"
    env = clean_env(
        **PRODUCTION, CONNECT_SANDBOX_ENABLED=sandbox, DATABASE_URL=f"sqlite:///{database}"
    )
    migrated = run_python(["manage.py", "migrate", "--noinput"], env)
    assert migrated.returncode == 0, migrated.stderr
    tables = _tables(database)
    assert {"connect_app_conversation", "connect_app_actionlog", "connect_app_purge"} <= tables
    simulator = {name for name in tables if name.startswith("sandbox_")}
    if sandbox == "1":
        assert simulator == {"sandbox_sandboxsession", "sandbox_bearertoken"}
    else:
        assert simulator == set()
        assert "Applying sandbox." not in migrated.stdout


def test_with_the_sandbox_off_nothing_of_it_is_installed_or_served() -> None:
    shown = run_python(
        [
            "-c",
            f"{SETUP}; from django.apps import apps; from django.template import engines; "
            "from django.test import Client; "
            "print(apps.is_installed('connect_sandbox'), [e.name for e in engines.all()], "
            "Client(HTTP_HOST='vpp.example.com').get('/sandbox/', secure=True).status_code)",
        ],
        clean_env(**PRODUCTION, CONNECT_SANDBOX_ENABLED="0", DJANGO_PLAIN_STATIC="1"),
    )
    assert shown.stdout.split() == ["False", "['django']", "404"], shown.stderr


def test_neither_side_can_load_the_others_templates() -> None:
    app, sandbox = engines["django"], engines["sandbox"]
    with pytest.raises(TemplateDoesNotExist):
        app.get_template("sandbox/start.html")
    with pytest.raises(TemplateDoesNotExist):
        sandbox.get_template("base.html")
    with pytest.raises(TemplateDoesNotExist):
        sandbox.get_template("connect_app/home.html")
    own = PROJECT / "connect_sandbox" / "templates" / "sandbox"
    for template in sorted(own.glob("*.html")):
        if template.name != "base.html":
            assert template.read_text().startswith('{% extends "sandbox/base.html" %}'), template


def test_the_sandbox_wears_its_own_frame_not_the_apps(client: Client) -> None:
    html = client.get("/sandbox/").content.decode()
    assert 'href="/static/sandbox/sandbox.css"' in html
    stylesheet = client.get("/static/sandbox/sandbox.css")
    stylesheet.close()  # a file WhiteNoise streams
    assert stylesheet.status_code == 200
    # Nothing of the app's frame: its stylesheet, brand colours, scripts or product name.
    for part in ("css/app.css", "/brand/", "dashboard.js", "htmx", "Battery earnings"):
        assert part not in html, part
    assert "<strong>Sandbox</strong> · simulated data, not a real programme" in html


def test_the_welcome_page_sends_a_newcomer_to_the_sandboxs_start(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/sandbox/"
    # The language asked for on the way in is kept for the start page.
    assert "Testumgebung ausprobieren" in client.get("/?lang=de", follow=True).content.decode()


def test_with_a_connect_the_welcome_page_is_the_apps_own(
    client: Client, settings: Settings
) -> None:
    settings.FLATPEAK_CONNECT_URL = "https://connect.example.com"
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Open this page from your energy app to see your own figures." in html
    assert "/sandbox/" not in html and "Sandbox" not in html


def _imports(package: Path) -> dict[str, list[str]]:
    found = {}
    for module in package.rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        found[str(module.relative_to(PROJECT))] = [
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        ] + [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ]
    return found


@pytest.mark.parametrize(
    ("package", "other"), [("connect_app", "connect_sandbox"), ("connect_sandbox", "connect_app")]
)
def test_neither_side_imports_the_other(package: str, other: str) -> None:
    """Each reaches the other over HTTP only, as the app reaches Connect (make lint says so too)."""
    found = _imports(PROJECT / package)
    assert found[f"{package}/views.py"], "views.py imports something, so the walk found imports"
    offending = {
        name: [i for i in imports if i == other or i.startswith(f"{other}.")]
        for name, imports in found.items()
    }
    assert not {name: i for name, i in offending.items() if i}
