"""One action per page view (A5), under real concurrency: twenty posts of the same button.

A double tap, a second tab or a retrying proxy can deliver the same form many times at once.
Here twenty threads post the same page's form (same session cookie, same sequence number) at
the same moment, while Connect (the stub) takes 200 ms to answer, so the posts overlap. Exactly
one may reach Connect; every post gets an ordinary answer (never a 500); the audit log has one
row for the action.

The app runs as in production: gunicorn with gunicorn.conf.py (two worker processes, threads),
DEBUG off, so the posts race across processes as well as threads. Its database is the run's:

- SQLite (the default run): a database file of its own, migrated for this module. pytest-django's
  `live_server` cannot stand in here: on SQLite its test database is in memory, and every request
  thread shares one connection to it, which fails with "database table is locked" under
  concurrent writes. No deployment works like that; a file with one connection per thread does.
- PostgreSQL (DATABASE_URL=postgres://...): the test database pytest-django created, which the
  test then reads directly; `transactional_db` empties it again afterwards.

`-m postgres` without a PostgreSQL DATABASE_URL stops the run before any test (tests/conftest.py),
so a misconfigured CI job cannot pass silently on SQLite.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from bs4 import BeautifulSoup
from django.db import connection

from support.connect_stub import Reply, StubConnect, form_for
from support.instances import migrate, production_env, start_instance
from tests.factories import page_reply, summary_reply
from tests.journey import Customer

# The one-action guard is a claim made in SQL: it depends on the engine (make test runs this
# module on SQLite and again on PostgreSQL). One xdist worker runs it all: gunicorn starts once.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.xdist_group("concurrency"),
]

POSTS = 20


@dataclass(frozen=True)
class AppServer:
    """The app under gunicorn, and how to read the database it writes to."""

    url: str
    database_url: str

    def count_actions(self, token: str, action: str) -> int:
        query = (
            "SELECT COUNT(*) FROM connect_app_actionlog AS log"
            " JOIN connect_app_conversation AS conv ON conv.id = log.conversation_id"
            " WHERE conv.connect_token = {0} AND log.action = {0}"
        )
        if self.database_url.startswith("sqlite:"):
            with sqlite3.connect(self.database_url.removeprefix("sqlite:///")) as db:
                row = db.execute(query.format("?"), (token, action)).fetchone()
        else:
            import psycopg

            with psycopg.connect(self.database_url) as db:
                row = db.execute(query.format("%s"), (token, action)).fetchone()
        assert row is not None
        return int(row[0])


@pytest.fixture(scope="module")
def connect() -> Iterator[StubConnect]:
    with StubConnect() as stub:
        yield stub


def database_for_the_server(tmp: Path) -> str:
    """The run's database, as a URL the server process can use."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp / 'app.sqlite3'}"
    assert connection.vendor == "postgresql", connection.vendor
    user = quote(str(settings["USER"] or ""))
    password = quote(str(settings["PASSWORD"] or ""))
    credentials = f"{user}:{password}@" if password else f"{user}@"
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{credentials}{host}:{port}/{settings['NAME']}"


@pytest.fixture(scope="module")
def app_server(
    django_db_setup: None,
    django_db_blocker: Any,
    connect: StubConnect,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[AppServer]:
    tmp = tmp_path_factory.mktemp("app")
    with django_db_blocker.unblock():
        database_url = database_for_the_server(tmp)
    # gunicorn picks its own free port (support/instances.py): parallel test workers never
    # reach for the same one.
    env = production_env(
        database_url=database_url,
        connect_url=connect.url,
        extra={
            "DJANGO_PLAIN_STATIC": "1",
            "DJANGO_LOG_LEVEL": "WARNING",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "8",
        },
    )
    if database_url.startswith("sqlite:"):
        migrate(env)
    server = start_instance("app", env, tmp)
    try:
        yield AppServer(server.url, database_url)
    finally:
        server.stop()
    log = server.log_path.read_text()
    assert [line for line in log.splitlines() if "Traceback" in line] == [], log


@pytest.fixture
def customer(app_server: AppServer, connect: StubConnect) -> Iterator[Customer]:
    connect.reset()
    person = Customer(app_server.url)
    yield person
    person.close()


def post_at_once(customer: Customer, path: str, fields: dict[str, str]) -> list[httpx.Response]:
    """POST the same form from POSTS threads, released together, with the customer's cookies."""
    start = threading.Barrier(POSTS)

    def post(_: int) -> httpx.Response:
        with httpx.Client(
            base_url=customer.base_url, cookies=customer.http.cookies, timeout=30
        ) as http:
            start.wait(timeout=30)
            return http.post(path, data=fields)

    with ThreadPoolExecutor(max_workers=POSTS) as pool:
        return list(pool.map(post, range(POSTS)))


@pytest.mark.parametrize(
    ("button", "action", "reply"),
    [
        (
            "Manage participation",
            "MANAGE_PARTICIPATION",
            page_reply("vpp_participation", {"current_state": "ACTIVE"}),
        ),
        (
            "Previous period",
            "CHANGE_PERIOD",
            summary_reply(
                **{"performance.period_start": "2025-01-01", "performance.period_end": "2025-01-31"}
            ),
        ),
    ],
    ids=["manage participation", "previous period"],
)
def test_twenty_simultaneous_posts_of_one_page_reach_connect_once(
    app_server: AppServer,
    customer: Customer,
    connect: StubConnect,
    button: str,
    action: str,
    reply: dict[str, Any],
) -> None:
    token = f"cot_concurrency_{secrets.token_hex(6)}"
    connect.reply(Reply.json(summary_reply()))
    entry = customer.http.get("/", params={"fp_cot": token})
    assert entry.status_code == 302
    page = BeautifulSoup(customer.get().text, "html.parser")
    form, fields = form_for(page, button)
    assert "csrfmiddlewaretoken" in fields and "seq" in fields
    # Every call from now on is answered slowly, so the twenty posts are all in flight together.
    connect.always(Reply.json(reply, delay_s=0.2))

    answers = post_at_once(customer, str(form["action"]), fields)

    statuses = sorted(a.status_code for a in answers)
    assert all(200 <= s < 400 for s in statuses), statuses
    assert [r.action for r in connect.requests] == ["VPP", action]
    assert app_server.count_actions(token, action) == 1
    after = customer.get()
    assert after.status_code == 200
    assert BeautifulSoup(after.text, "html.parser").select_one("h1, #period-label") is not None
