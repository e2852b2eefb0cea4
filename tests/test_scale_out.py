"""Several app instances share one PostgreSQL: a customer's session works on any of them.

Two gunicorn instances run with the production settings of `make serve`, on one throwaway
PostgreSQL database and one Connect stand-in. One browser (one cookie jar) opens a tab on each:
what one instance shows, the other shows; an action on one is seen on the other; and the
one-action guard (A5) holds across them, so the same page's action posted to both at once
reaches Connect once.

PostgreSQL is the machine's server (127.0.0.1:5432, user postgres), or the one TEST_DATABASE_URL
names. If it cannot be reached the test fails: scale-out is a promise of the README, not an
optional extra.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup

from bench.connect_standin import ConnectStandIn
from bench.instances import (
    AppInstance,
    migrate,
    postgres_problem,
    production_env,
    start_instance,
    throwaway_postgres_database,
)
from connect_app.conversation import STALE_NOTICE
from tests.journey import Customer

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


@dataclass(frozen=True)
class Cluster:
    """Two instances of the app on one database, and the Connect they both call."""

    a: AppInstance
    b: AppInstance
    connect: ConnectStandIn

    def change_period_calls(self, token: str) -> int:
        return sum(1 for call in self.connect.log.calls(token) if call.kind == "CHANGE_PERIOD")


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


@pytest.fixture(scope="module")
def cluster(shared_database: str) -> Iterator[Cluster]:
    with ConnectStandIn(CONNECT_LATENCY_S) as connect, tempfile.TemporaryDirectory() as logs:
        env = production_env(
            database_url=shared_database, connect_url=connect.url, extra=INSTANCE_ENV
        )
        migrate(env)
        a = start_instance("instance-a", env, Path(logs))
        try:
            b = start_instance("instance-b", env, Path(logs))
            try:
                yield Cluster(a, b, connect)
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


def test_one_session_hops_between_instances(
    cluster: Cluster, tabs: tuple[Customer, Customer]
) -> None:
    on_a, on_b = tabs
    token = "cot_scale_out_hop_0001"
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

    kinds = [call.kind for call in cluster.connect.log.calls(token)]
    assert kinds == ["session_start", "CHANGE_PERIOD"]


def test_the_action_guard_holds_across_instances(
    cluster: Cluster, tabs: tuple[Customer, Customer]
) -> None:
    on_a, _ = tabs
    token = "cot_scale_out_guard_0001"
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
