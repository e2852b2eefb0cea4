"""What an integrator's on-call relies on, against real gunicorn, PostgreSQL and Redis.

Each instance runs as production does (DEBUG off, `gunicorn.conf.py`) on a throwaway PostgreSQL
database, and talks to a Connect stand-in over HTTP. Readiness follows the database through a
TCP relay the test can cut; one scrape adds up both workers; the JSON log is one object per
line with the request's id; two instances sharing Redis share the limit on refused entries;
and an error report reaches a stand-in Sentry with no token in it.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import brotli  # type: ignore[import-untyped]
import httpx
import pytest

from support.connect_stub import Reply, StubConnect
from support.instances import (
    AppInstance,
    migrate,
    postgres_problem,
    production_env,
    start_instance,
    throwaway_postgres_database,
)
from tests.factories import error_reply, summary_reply

# One xdist worker runs the whole module: its PostgreSQL database made and migrated once
# (docs/testing.md).
pytestmark = pytest.mark.xdist_group("operations")

TOKEN = "cot_operations_secret_7Hq"
METRICS_TOKEN = "scrape-" + secrets.token_hex(12)  # a secret: at least 24 characters
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SMALL = {"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4", "DJANGO_PLAIN_STATIC": "1"}


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    problem = postgres_problem()
    if problem is not None:
        pytest.fail(f"These tests need PostgreSQL. {problem}", pytrace=False)
    with throwaway_postgres_database("operations") as url:
        migrate(production_env(database_url=url, connect_url="http://127.0.0.1:9/"))
        yield url


@pytest.fixture
def connect() -> Iterator[StubConnect]:
    with StubConnect() as stub:
        yield stub


@pytest.fixture
def instances(tmp_path: Path) -> Iterator[list[AppInstance]]:
    started: list[AppInstance] = []
    yield started
    for instance in started:
        instance.stop()


def start(
    instances: list[AppInstance],
    tmp_path: Path,
    database_url: str,
    connect: StubConnect,
    **extra: str,
) -> AppInstance:
    env = production_env(
        database_url=database_url, connect_url=connect.url, extra={**SMALL, **extra}
    )
    instance = start_instance(f"app{len(instances)}", env, tmp_path)
    instances.append(instance)
    return instance


class Relay:
    """A TCP relay to PostgreSQL that the test can cut and restore, as a network would."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            if self._listener is not None:
                # shutdown() first: close() alone leaves a socket that another thread is
                # accepting on still listening.
                with contextlib.suppress(OSError):
                    self._listener.shutdown(socket.SHUT_RDWR)
                self._listener.close()
                self._listener = None
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def __enter__(self) -> Relay:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cut()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._open.extend((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()


def through(relay: Relay, database_url: str) -> str:
    parts = urlsplit(database_url)
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{relay.port}"))


def pg_address(database_url: str) -> tuple[str, int]:
    parts = urlsplit(database_url)
    return parts.hostname or "127.0.0.1", parts.port or 5432


def test_readiness_follows_the_database(
    database: str, connect: StubConnect, instances: list[AppInstance], tmp_path: Path
) -> None:
    relay = Relay(pg_address(database))
    app = start(instances, tmp_path, through(relay, database), connect)
    with relay, httpx.Client(base_url=app.url, timeout=10) as http:
        assert http.get("/readyz").status_code == 200
        relay.cut()
        cut_at = time.monotonic()
        while http.get("/readyz").status_code != 503:
            assert time.monotonic() - cut_at < 5, "still ready 5 s after the database went away"
            time.sleep(0.1)
        unready_after = time.monotonic() - cut_at
        assert http.get("/healthz").status_code == 200  # alive: nothing to restart
        relay.restore()
        back_at = time.monotonic()
        while http.get("/readyz").status_code != 200:
            assert time.monotonic() - back_at < 10, "not ready 10 s after the database returned"
            time.sleep(0.1)
    print(f"\nunready {unready_after:.2f} s after the database went away")


def _samples(text: str, name: str) -> dict[str, float]:
    found = {}
    for line in text.splitlines():
        if line.startswith(name):
            key, value = line.rsplit(" ", 1)
            found[key] = float(value)
    return found


def test_one_scrape_shows_every_worker(
    database: str, connect: StubConnect, instances: list[AppInstance], tmp_path: Path
) -> None:
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    app = start(
        instances,
        tmp_path,
        database,
        connect,
        GUNICORN_THREADS="1",
        CONNECT_METRICS_TOKEN=METRICS_TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    )
    auth = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    served = 'http_requests_total{status="200",view="readyz"}'

    def probe(_: int) -> int:
        # A connection each, so the kernel hands them to whichever worker is waiting.
        return httpx.get(f"{app.url}/readyz", headers={"Connection": "close"}).status_code

    with httpx.Client(base_url=app.url, timeout=10, headers=auth) as http:
        before = _samples(http.get("/metrics").text, "http_requests_total").get(served, 0.0)
        sent, workers = 0, set[str]()
        while len(workers) < 2:
            assert sent < 600, f"one worker answered everything: {workers}"
            with ThreadPoolExecutor(8) as pool:
                assert set(pool.map(probe, range(60))) == {200}
            sent += 60
            workers = {re.sub(r"\D", "", path.name) for path in metrics_dir.glob("counter_*.db")}
        # Whichever worker answers the scrape, it shows both workers' counts.
        scrapes = [
            _samples(
                http.get("/metrics", headers={"Connection": "close"}).text, "http_requests_total"
            )
            for _ in range(6)
        ]
    assert {scrape[served] - before for scrape in scrapes} == {float(sent)}


def test_json_logs_carry_the_request_id_and_never_the_token(
    database: str, connect: StubConnect, instances: list[AppInstance], tmp_path: Path
) -> None:
    app = start(instances, tmp_path, database, connect, DJANGO_LOG_FORMAT="json")
    connect.reply(Reply.json({**summary_reply(), "connect_token": TOKEN}))
    with httpx.Client(base_url=app.url, timeout=10) as http:
        entry = http.get(f"/?fp_cot={TOKEN}", headers={"X-Request-ID": "ops-entry-1"})
        assert entry.status_code == 302 and entry.headers["X-Request-ID"] == "ops-entry-1"
        assert http.get("/").status_code == 200
    time.sleep(0.5)  # the access log is written after the response
    text = app.log_path.read_text()
    assert TOKEN not in text
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert all({"time", "level", "logger"} <= line.keys() for line in lines)
    call = next(line for line in lines if line["logger"] == "connect_app.connect.client")
    assert (call["request_id"], call["route"], call["outcome"]) == (
        "ops-entry-1",
        "session_start",
        "ok",
    )
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    entry_line = next(line for line in access if line.get("request_id") == "ops-entry-1")
    assert (entry_line["method"], entry_line["path"], entry_line["status"]) == ("GET", "/", 302)
    assert isinstance(entry_line["duration_ms"], int)


def test_text_logs_have_timestamps_and_request_ids(
    database: str, connect: StubConnect, instances: list[AppInstance], tmp_path: Path
) -> None:
    app = start(instances, tmp_path, database, connect)
    httpx.get(f"{app.url}/healthz", headers={"X-Request-ID": "ops-text-1"})
    time.sleep(0.5)
    line = next(line for line in app.log_path.read_text().splitlines() if "ops-text-1" in line)
    assert re.match(r"^\[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] ", line), line
    assert '"GET /healthz HTTP/1.1" 200' in line and line.endswith("request_id=ops-text-1")


def test_two_instances_sharing_redis_share_the_limit_on_refused_entries(
    database: str, connect: StubConnect, instances: list[AppInstance], tmp_path: Path
) -> None:
    shared = {"CACHE_URL": REDIS_URL, "CONNECT_REFUSED_ENTRY_RATE": "4"}
    a = start(instances, tmp_path, database, connect, **shared)
    b = start(instances, tmp_path, database, connect, **shared)
    connect.always(Reply.json(error_reply("connect_token_invalid"), status=401))
    # A client address of this run's own (the proxy, 127.0.0.1, is trusted by default).
    client = {"X-Forwarded-For": f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.7"}
    for n, app in enumerate((a, b, a, b)):
        assert httpx.get(f"{app.url}/?fp_cot=cot_guess_{n:04d}", headers=client).status_code == 302
    refused = httpx.get(f"{a.url}/?fp_cot=cot_guess_0004", headers=client)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert httpx.get(f"{b.url}/?fp_cot=cot_guess_0005", headers=client).status_code == 429
    assert len(connect.requests) == 4


class SentryStandIn:
    """An HTTP endpoint that keeps what a Sentry SDK sends it, decompressed."""

    def __init__(self) -> None:
        self.received: list[bytes] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the http.server API)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "br":
                    body = brotli.decompress(body)
                stand_in.received.append(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def dsn(self) -> str:
        return f"http://publickey@127.0.0.1:{self.server.server_address[1]}/1"


def test_error_reports_reach_sentry_without_tokens_or_personal_data(
    database: str, connect: StubConnect, instances: list[AppInstance], tmp_path: Path
) -> None:
    sentry = SentryStandIn()
    relay = Relay(pg_address(database))
    app = start(instances, tmp_path, through(relay, database), connect, SENTRY_DSN=sentry.dsn)
    connect.always(Reply.json({**summary_reply(), "connect_token": TOKEN}))
    relay.cut()  # every page now fails on the database: a real, unhandled error
    with httpx.Client(base_url=app.url, timeout=10) as http:
        http.cookies.set("sessionid", "cookie-value-" + TOKEN)
        crashed = http.get(f"/?fp_cot={TOKEN}&lang=de", headers={"Referer": f"/?fp_cot={TOKEN}"})
    assert crashed.status_code == 500
    assert "Traceback" not in crashed.text
    deadline = time.monotonic() + 10
    while not any(b'"exception"' in body for body in sentry.received):
        assert time.monotonic() < deadline, "no error report arrived"
        time.sleep(0.1)
    sentry.server.shutdown()
    sentry.server.server_close()
    relay.cut()
    sent = b"\n".join(sentry.received)
    assert TOKEN.encode() not in sent
    assert b"cookie-value" not in sent
    assert b"OperationalError" in sent


def test_redis_down_is_not_unready_and_customers_carry_on(
    database: str, connect: StubConnect, instances: list[AppInstance], tmp_path: Path
) -> None:
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        dead_redis = f"redis://127.0.0.1:{closed.getsockname()[1]}/0"
    app = start(instances, tmp_path, database, connect, CACHE_URL=dead_redis)
    connect.reply(Reply.json({**summary_reply(), "connect_token": TOKEN}))
    with httpx.Client(base_url=app.url, timeout=10) as http:
        assert http.get("/readyz").status_code == 200
        # The refused-entry count and the REST look-ups live in Redis: without it they give
        # way, and the customer's dashboard still opens.
        assert http.get(f"/?fp_cot={TOKEN}").status_code == 302
        assert http.get("/").status_code == 200
