"""Several app instances share one PostgreSQL: a customer's session works on any of them.

Two gunicorn instances run with the production settings of `make serve`, on one throwaway
PostgreSQL database and one Connect stand-in. One browser (one cookie jar) opens a tab on each:
what one instance shows, the other shows; an action on one is seen on the other; and the
one-action guard (A5) holds across them, so the same page's action posted to both at once
reaches Connect once.

Every test runs twice: with each instance keeping its REST look-ups in its own memory, and with
both sharing them through Redis (CACHE_URL), where one instance's look-up and REST login also
serve the other (checked against a REST stand-in that counts its calls).

PostgreSQL is the machine's server (127.0.0.1:5432, user postgres), or the one TEST_DATABASE_URL
names; Redis is the machine's (127.0.0.1:6379), or the one TEST_REDIS_URL names. If either cannot
be reached the test fails: scale-out is a promise of the README, not an optional extra.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import redis
from bs4 import BeautifulSoup

from connect_app.conversation import STALE_NOTICE
from support.connect_stub import StubConnect, vpp_summary_reply
from support.instances import (
    AppInstance,
    migrate,
    postgres_problem,
    production_env,
    start_instance,
    throwaway_postgres_database,
)
from tests.journey import Customer

# One xdist worker runs the whole module: its instances and database started once (docs/testing.md).
pytestmark = pytest.mark.xdist_group("scale_out")

CONNECT_LATENCY_S = 0.02
# Small instances: two of them and the test share the machine with the rest of the suite.
INSTANCE_ENV = {
    "WEB_CONCURRENCY": "2",
    "GUNICORN_THREADS": "4",
    # Pages name static files through the plain storage, so no collectstatic (and no manifest
    # in the shared staticfiles/) is needed; nothing here fetches a static file.
    "DJANGO_PLAIN_STATIC": "1",
}
RACES = 4
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@dataclass(frozen=True)
class Cluster:
    """Two instances of the app on one database, and the Connect they both call."""

    a: AppInstance
    b: AppInstance
    connect: StubConnect
    rest: RestStandIn
    shared_cache: bool

    def change_period_calls(self, token: str) -> int:
        return sum(1 for call in self.connect.calls(token) if call.kind == "CHANGE_PERIOD")


@dataclass(frozen=True)
class Shown:
    """What the dashboard shows that must be the same whichever instance rendered it."""

    programme: str
    period: str
    seq: str


@pytest.fixture(scope="module")
def shared_database() -> Iterator[str]:
    problem = postgres_problem()
    if problem is not None:
        pytest.fail(f"The scale-out test needs PostgreSQL. {problem}", pytrace=False)
    with throwaway_postgres_database("scale_out") as url:
        yield url


@dataclass
class RestStandIn:
    """Flatpeak's REST API as far as the dashboard's look-ups go, counting the calls it gets.

    The account id is new each run, so no bearer or look-up cached in Redis by an earlier run
    can answer for this one.
    """

    account_id: str = field(default_factory=lambda: f"acc_scale_out_{secrets.token_hex(4)}")
    calls: Counter[str] = field(default_factory=Counter)  # by the path's first segment

    def serve(self) -> Iterator[str]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server API)
                what = self.path.strip("/").split("/")[0].split("?")[0]
                stand_in.calls[what] += 1
                answers: dict[str, dict[str, object]] = {
                    "login": {"bearer_token": f"bt_{stand_in.account_id}", "expires_in": 3600},
                    "connect": {"device_id": "dev_scale_out"},
                    "vpp-participations": {"data": [], "has_more": False},
                }
                body = answers.get(what, {"code": "not_found"})
                data = json.dumps(body).encode()
                self.send_response(404 if "code" in body else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module", params=["memory", "redis"])
def cluster(request: pytest.FixtureRequest, shared_database: str) -> Iterator[Cluster]:
    shared_cache = request.param == "redis"
    if shared_cache:
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5).ping()
        except redis.RedisError as error:
            pytest.fail(f"The scale-out test needs Redis at {REDIS_URL}: {error}", pytrace=False)
    rest = RestStandIn()
    with (
        StubConnect(
            latency_s=CONNECT_LATENCY_S, keep_alive=True, always=vpp_summary_reply
        ) as connect,
        tempfile.TemporaryDirectory() as logs,
        contextlib.contextmanager(rest.serve)() as rest_url,
    ):
        extra = {
            **INSTANCE_ENV,
            "FLATPEAK_API_URL": rest_url,
            "FLATPEAK_ACCOUNT_ID": rest.account_id,
            "FLATPEAK_API_KEY": "sk_test_scale_out",
            **({"CACHE_URL": REDIS_URL} if shared_cache else {}),
        }
        env = production_env(database_url=shared_database, connect_url=connect.url, extra=extra)
        migrate(env)
        a = start_instance("instance-a", env, Path(logs))
        try:
            b = start_instance("instance-b", env, Path(logs))
            try:
                yield Cluster(a, b, connect, rest, shared_cache)
            finally:
                b.stop()
        finally:
            a.stop()


@pytest.fixture(autouse=True)
def _instance_logs_on_failure(cluster: Cluster) -> Iterator[None]:
    yield
    # pytest shows a test's captured output only when it fails: then these logs are there.
    for instance in (cluster.a, cluster.b):
        print(f"--- {instance.name} ({instance.url}) ---\n{instance.log_tail(40)}")


@pytest.fixture
def tabs(cluster: Cluster) -> Iterator[tuple[Customer, Customer]]:
    """Two tabs of one browser, one on each instance: two clients, one cookie jar."""
    on_a, on_b = Customer(cluster.a.url), Customer(cluster.b.url)
    # httpx shares a http.cookiejar.CookieJar it is given (a Cookies object would be copied).
    on_b.http.cookies = on_a.http.cookies.jar
    yield on_a, on_b
    on_a.close()
    on_b.close()


def enter(tab: Customer, token: str) -> None:
    """Arrive from the energy app with a token (A1), as Customer.open does with the sandbox."""
    entry = tab.http.get("/", params={"fp_cot": token})
    assert entry.status_code == 302, entry.text
    assert entry.headers["location"] == "/"


def shown(tab: Customer) -> Shown:
    soup = tab.soup()
    programme = soup.select_one(".programme__title")
    period = soup.select_one("#period-label")
    seq = soup.select_one("input[name=seq]")
    assert programme is not None and period is not None and seq is not None, soup.get_text()
    return Shown(programme.get_text(strip=True), period.get_text(strip=True), str(seq["value"]))


def press_at_once(both: tuple[Customer, Customer], label: str) -> list[httpx.Response]:
    """Both tabs press the same button of the same page, released together (double tap)."""
    on_a, on_b = both
    on_a.soup()
    assert on_a.last is not None
    # The same page in both tabs, parsed twice: each thread reads only its own tree.
    on_b.shown = BeautifulSoup(on_a.last.text, "html.parser")
    together = threading.Barrier(2)
    answers: list[httpx.Response] = []
    failures: list[BaseException] = []

    def press(tab: Customer) -> None:
        together.wait(timeout=10)
        try:
            answers.append(tab.press(label))
        except BaseException as error:  # re-raised below, in the test's thread
            failures.append(error)

    threads = [threading.Thread(target=press, args=(tab,)) for tab in both]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if failures:
        raise failures[0]
    return answers


def unique(name: str) -> str:
    """A token no earlier run used: Redis outlives a run, and must not answer for this one."""
    return f"cot_scale_out_{name}_{secrets.token_hex(4)}"


def test_one_session_hops_between_instances(
    cluster: Cluster, tabs: tuple[Customer, Customer]
) -> None:
    on_a, on_b = tabs
    token = unique("hop")
    enter(on_a, token)

    # The session and its conversation live in PostgreSQL, so B knows the customer A let in.
    first = shown(on_a)
    assert shown(on_b) == first
    assert first.period == "February 2025"

    # An action on B moves the conversation for A too.
    assert on_b.press("Previous period").status_code == 303
    after = shown(on_a)
    assert after.period == "January 2025"
    assert after.programme == first.programme
    assert int(after.seq) == int(first.seq) + 1
    assert shown(on_b) == after

    kinds = [call.kind for call in cluster.connect.calls(token)]
    assert kinds == ["session_start", "CHANGE_PERIOD"]


def test_the_action_guard_holds_across_instances(
    cluster: Cluster, tabs: tuple[Customer, Customer]
) -> None:
    on_a, _ = tabs
    token = unique("guard")
    enter(on_a, token)

    for race in range(RACES):
        before = cluster.change_period_calls(token)
        answers = press_at_once(tabs, "Previous period")
        # Both posts are answered (post/redirect/get), but only one reached Connect.
        assert [a.status_code for a in answers] == [303, 303], [a.text[:300] for a in answers]
        assert cluster.change_period_calls(token) == before + 1, f"race {race}"
        # The post that lost says so on the next page, on whichever instance shows it.
        assert STALE_NOTICE in on_a.text(), f"race {race}"

    assert cluster.change_period_calls(token) == RACES


def test_rest_lookups_are_shared_only_through_redis(
    cluster: Cluster, tabs: tuple[Customer, Customer]
) -> None:
    on_a, on_b = tabs
    enter(on_a, unique("lookups"))
    before = Counter(cluster.rest.calls)
    shown(on_a)  # the dashboard looks up the participation: session, then the device's list
    shown(on_b)
    calls = cluster.rest.calls - before
    if cluster.shared_cache:
        # B found A's answer in Redis: one look-up for the two instances.
        assert calls["connect"] == 1, calls
        assert calls["vpp-participations"] == 1, calls
    else:
        # Each instance has its own memory, so each asked for itself.
        assert calls["connect"] == 2, calls
    # One login per account in Redis; one per process at most in memory (two workers each).
    assert cluster.rest.calls["login"] <= (1 if cluster.shared_cache else 4)
