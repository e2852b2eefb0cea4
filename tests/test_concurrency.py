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

The PostgreSQL-only check at the end fails (rather than skips) when `-m postgres` is selected
without a PostgreSQL DATABASE_URL, so a misconfigured CI job cannot pass silently.
"""

from __future__ import annotations

import secrets
import socket
import sqlite3
import subprocess
import sys
import threading
import time
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
from tests.environments import clean_env
from tests.factories import page_reply, summary_reply
from tests.journey import Customer

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT = Path(__file__).resolve().parent.parent
POSTS = 20
START_TIMEOUT_S = 30.0


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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


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
    port = free_port()
    env = clean_env(
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_PLAIN_STATIC="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        FLATPEAK_CONNECT_URL=connect.url,
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="8",
    )
    if database_url.startswith("sqlite:"):
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert migrate.returncode == 0, migrate.stderr
    log = tmp / "gunicorn.log"
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    with log.open("w") as output:
        server = subprocess.Popen(
            [gunicorn, "-c", "gunicorn.conf.py", "connect_app.wsgi"],
            cwd=PROJECT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_until_serving(url, server), log.read_text()
        yield AppServer(url, database_url)
    finally:
        server.terminate()
        server.wait(timeout=30)
    errors = [line for line in log.read_text().splitlines() if "Traceback" in line]
    assert errors == [], log.read_text()


def wait_until_serving(url: str, server: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return True
        except httpx.TransportError:
            time.sleep(0.05)
    return False


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


@pytest.mark.postgres
def test_the_postgresql_run_is_on_postgresql() -> None:
    """Selected with `-m postgres`: the run must really be on PostgreSQL, or it fails here."""
    assert connection.vendor == "postgresql", (
        "the postgres tests were selected but DATABASE_URL does not name a PostgreSQL database "
        f"(this run uses {connection.vendor}); use DATABASE_URL=postgres://postgres@127.0.0.1:5432/test"
    )
