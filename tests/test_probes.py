"""/healthz, /readyz and /metrics in-process; tests/test_operations.py runs them under gunicorn."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from connect_app.observability import probes
from support.connect_stub import Reply, StubConnect
from tests.factories import summary_reply

# Readiness asks the database in its own SQL and reads the migrations: it depends on the engine.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def connect(settings: Any) -> Iterator[StubConnect]:
    with StubConnect() as stub:
        settings.FLATPEAK_CONNECT_URL = stub.url
        yield stub


def test_liveness_asks_nothing_of_the_database(client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert len(queries) == 0


def test_readiness_asks_the_database_and_the_migrations(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readiness_is_unready_while_a_migration_is_not_applied(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Pending:
        def __init__(self, connection: Any) -> None:
            self.loader = type("Loader", (), {"graph": type("G", (), {"leaf_nodes": list})()})()

        def migration_plan(self, targets: Any) -> list[str]:
            return ["0099_not_applied"]

    monkeypatch.setattr(probes, "_migrations_applied", False)
    monkeypatch.setattr(probes, "MigrationExecutor", Pending)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "problem": "migrations not applied"}


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_any_host_name(client: Client, path: str) -> None:
    """Orchestrators probe by the instance's own address, never in DJANGO_ALLOWED_HOSTS."""
    assert client.get(path, headers={"Host": "10.1.2.3:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "10.1.2.3:8000"}).status_code == 400


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
def test_probes_take_only_get_and_head(client: Client, path: str, settings: Any) -> None:
    settings.CONNECT_METRICS_TOKEN = "scrape-token-1"
    response = client.post(path)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


def test_metrics_do_not_exist_without_a_token(client: Client, settings: Any) -> None:
    settings.CONNECT_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("authorization", ["", "Bearer wrong", "scrape-token-1", "Basic x"])
def test_metrics_need_the_bearer_token(client: Client, settings: Any, authorization: str) -> None:
    settings.CONNECT_METRICS_TOKEN = "scrape-token-1"
    response = client.get("/metrics", headers={"Authorization": authorization})
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"


def _scrape(client: Client) -> str:
    response = client.get("/metrics", headers={"Authorization": "Bearer scrape-token-1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return response.content.decode()


def _value(text: str, sample: str) -> float:
    for line in text.splitlines():
        if line.startswith(sample + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_customers_actions_and_connect_calls(
    client: Client, settings: Any, connect: StubConnect
) -> None:
    settings.CONNECT_METRICS_TOKEN = "scrape-token-1"
    before = _scrape(client)
    connect.reply(Reply.json(summary_reply()))
    assert client.get("/?fp_cot=cot_metrics_token_1").status_code == 302
    assert client.get("/").status_code == 200
    after = _scrape(client)
    call = 'connect_call_duration_seconds_count{action="VPP",outcome="ok",route="session_start"}'
    entry = 'customer_actions_total{action="start",outcome="ok"}'
    page = 'http_requests_total{status="200",view="home"}'
    for sample in (call, entry, page):
        assert _value(after, sample) == _value(before, sample) + 1, sample
