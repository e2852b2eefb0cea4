"""Shared fixtures: payload files, a fixed clock, and a clean Connect client per test; and the
PostgreSQL pass's guard."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PAYLOADS = Path(__file__).parent / "payloads"


def pytest_sessionstart(session: pytest.Session) -> None:
    """`-m postgres` selects the tests that depend on the database engine, for make test's pass
    on PostgreSQL: on any other engine it would pass without testing what it is for, so it stops.
    """
    if session.config.getoption("markexpr") != "postgres":
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        raise pytest.UsageError(
            f"-m postgres selects the tests that depend on the database engine, but this run "
            f"uses {connection.vendor}: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"
        )


def load_payload(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PAYLOADS / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture
def seed_summary() -> dict[str, Any]:
    """The vpp_summary example from Flatpeak's reference page, as corrected JSON."""
    return load_payload("vpp_summary_seed.json")


@pytest.fixture(autouse=True)
def _fresh_http_client() -> Iterator[None]:
    from connect_app.connect.client import shared_http_client
    from connect_app.flatpeak_api import lookups

    yield
    # Each test gets clients built from its own settings (a time-out, say); close the old ones.
    for factory in (shared_http_client, lookups.shared_http_client):
        if factory.cache_info().currsize:
            factory().close()
        factory.cache_clear()
    lookups.clear()
