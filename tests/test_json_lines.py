"""With DJANGO_LOG_FORMAT=json, every line serve, migrate, purge and manage write is one JSON
object with the same fields (time, level, logger, message, and what the line is about).

Each runs as the image runs it (bin/entrypoint, from this checkout) on its own SQLite database
with the sandbox on: migrate; serve, through which a sandbox customer opens the dashboard and
changes period, and /metrics is asked with and without its bearer; the purge once and as the
hourly loop compose.yaml runs, stopped by SIGTERM; and manage commands that succeed, warn and
fail. Every line of both streams is parsed.
"""

from __future__ import annotations

import json
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from support.smoke import (
    LOG_FIELDS,
    Browser,
    open_sandbox_dashboard,
    period_label,
    previous_period,
)
from tests.environments import PROJECT, clean_env

# One xdist worker runs the whole module: its gunicorn started once (docs/testing.md).
pytestmark = pytest.mark.xdist_group("json_lines")

METRICS_TOKEN = secrets.token_urlsafe(24)
Lines = list[dict[str, Any]]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    database = tmp_path_factory.mktemp("json-lines") / "db.sqlite3"
    return clean_env(
        PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin",
        DJANGO_LOG_FORMAT="json",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_HTTPS="0",
        DJANGO_PLAIN_STATIC="1",
        CONNECT_SANDBOX_ENABLED="1",
        CONNECT_METRICS_TOKEN=METRICS_TOKEN,
        DATABASE_URL=f"sqlite:///{database}",
        HOST="127.0.0.1",
        PORT="0",
        WEB_CONCURRENCY="1",
    )


def parsed(*streams: str) -> Lines:
    """Every line of the streams as a JSON object with the common fields; fails on any other."""
    lines = []
    for stream in streams:
        for line in stream.splitlines():
            entry = json.loads(line)  # a line that is not JSON fails here, quoted
            assert isinstance(entry, dict), line
            assert all(field in entry for field in LOG_FIELDS), line
            lines.append(entry)
    return lines


def entrypoint(env: dict[str, str], *words: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bin/entrypoint", *words],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def migrated(env: dict[str, str]) -> Lines:
    done = entrypoint(env, "migrate")
    assert done.returncode == 0, done.stderr
    return parsed(done.stdout, done.stderr)


def test_migrate_writes_one_object_per_line_a_migration_on_each(migrated: Lines) -> None:
    applied = [line["message"] for line in migrated if line["logger"] == "command.migrate"]
    assert "  Applying connect_app.0001_initial... OK" in applied
    assert all(line["level"] == "INFO" for line in migrated)


@pytest.fixture(scope="module")
def served(env: dict[str, str], migrated: Lines, tmp_path_factory: pytest.TempPathFactory) -> Lines:
    """serve's lines, after a customer's visit and two scrapes, and once stopped by SIGTERM."""
    logs = tmp_path_factory.mktemp("serve")
    with (logs / "out").open("w") as out, (logs / "err").open("w") as err:
        server = subprocess.Popen(
            ["bin/entrypoint", "serve"], cwd=PROJECT, env=env, stdout=out, stderr=err
        )
        try:
            visit(f"http://127.0.0.1:{port_of(server, logs / 'out')}")
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            finally:
                server.kill()  # nothing left running, whatever happened
                server.wait()
    return parsed((logs / "out").read_text(), (logs / "err").read_text())


def port_of(server: subprocess.Popen[bytes], log: Path) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
        if found:
            return int(found.group(1))
        assert server.poll() is None, log.read_text()
        time.sleep(0.1)
    raise AssertionError(f"gunicorn never said where it listens:\n{log.read_text()}")


def visit(base: str) -> None:
    browser = Browser()
    deadline = time.monotonic() + 30
    while browser.get(f"{base}/readyz").status != 200:
        assert time.monotonic() < deadline, "never ready"
        time.sleep(0.2)
    page = open_sandbox_dashboard(browser, base)
    action, form = previous_period(page)
    assert period_label(browser.post(base + action, form).body) != period_label(page)
    assert browser.get(f"{base}/metrics", {"X-Request-ID": "scrape-refused-1"}).status == 401
    scrape = browser.get(f"{base}/metrics", {"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert scrape.status == 200
    assert browser.get(f"{base}/no-such-page").status == 404
    time.sleep(0.5)  # an access line is written once its answer has gone


def test_serve_access_lines_carry_the_request_as_fields(served: Lines) -> None:
    access = [line for line in served if line["logger"] == "gunicorn.access"]
    fields = {"method", "path", "status", "bytes", "duration_ms", "remote_addr", "request_id"}
    assert access and all(fields <= line.keys() for line in access)
    posted = next(line for line in access if line["path"] == "/act")
    assert (posted["method"], posted["status"]) == ("POST", 303)  # see the next page
    assert isinstance(posted["duration_ms"], int) and isinstance(posted["bytes"], int)
    # The path without its query, and no token in it: the sandbox's look-up names one.
    lookup = next(line for line in access if line["path"].startswith("/sandbox/api/connect/"))
    assert lookup["path"] == "/sandbox/api/connect/cot_[redacted]"
    assert not any(re.search(r"fp_cot|cot_(?!\[redacted\])", json.dumps(line)) for line in served)


def test_serve_django_request_warnings_carry_the_request_id_and_status(served: Lines) -> None:
    refused = next(
        line
        for line in served
        if line["logger"] == "django.request" and line["message"] == "Unauthorized: /metrics"
    )
    assert (refused["request_id"], refused["status"], refused["level"]) == (
        "scrape-refused-1",
        401,
        "WARNING",
    )
    missing = next(line for line in served if line["message"] == "Not Found: /no-such-page")
    assert missing["status"] == 404 and missing["request_id"]


def test_serve_writes_the_app_and_gunicorn_lines_alike(served: Lines) -> None:
    loggers = {line["logger"] for line in served}
    assert {"gunicorn.error", "gunicorn.access", "connect_app.connect.client"} <= loggers
    call = next(line for line in served if line["logger"] == "connect_app.connect.client")
    assert call["route"] == "session_start" and call["outcome"] == "ok"
    assert any(line["message"] == "Handling signal: term" for line in served)


def test_purge_once_writes_its_tally_as_lines(env: dict[str, str], migrated: Lines) -> None:
    done = entrypoint(env, "purge")
    assert done.returncode == 0, done.stderr
    lines = parsed(done.stdout, done.stderr)
    said = [line["message"] for line in lines if line["logger"] == "command.purge_conversations"]
    assert said[0].startswith("purged 0 conversations and 0 actions not used since ")


def test_the_purge_loop_stops_at_once_on_sigterm(
    env: dict[str, str], migrated: Lines, tmp_path: Path
) -> None:
    with (tmp_path / "out").open("w") as out, (tmp_path / "err").open("w") as err:
        loop = subprocess.Popen(
            ["bin/entrypoint", "purge", "--every", "3600"],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=err,
        )
        try:
            deadline = time.monotonic() + 60
            while "purged " not in (tmp_path / "out").read_text():
                assert loop.poll() is None, (tmp_path / "err").read_text()
                assert time.monotonic() < deadline, "the loop never purged"
                time.sleep(0.1)
            loop.send_signal(signal.SIGTERM)
            # It sleeps for an hour between purges; SIGTERM ends that sleep, not a timeout.
            assert loop.wait(timeout=30) == 0
        finally:
            loop.kill()
            loop.wait()
    lines = parsed((tmp_path / "out").read_text(), (tmp_path / "err").read_text())
    assert sum(line["message"].startswith("purged ") for line in lines) == 2  # ours, the sandbox's


@pytest.mark.parametrize(
    ("words", "status", "level", "says"),
    [
        (["check", "--deploy"], 0, "ERROR", "connect_app.W001"),
        (["show_conversation", "404"], 1, "ERROR", "CommandError: No conversation has the id"),
        (["shell", "-c", "print('hello')"], 0, "INFO", "hello"),
        (["shell", "-c", "raise RuntimeError('broken')"], 1, "CRITICAL", "broken"),
    ],
    ids=["warns", "fails", "prints", "raises"],
)
def test_manage_writes_its_output_and_its_errors_as_lines(
    env: dict[str, str], migrated: Lines, words: list[str], status: int, level: str, says: str
) -> None:
    done = entrypoint(env, "manage", *words)
    assert done.returncode == status, done.stderr
    lines = parsed(done.stdout, done.stderr)
    line = next(line for line in lines if says in line["message"])
    assert line["level"] == level and line["logger"] == f"command.{words[0]}"
    if level == "CRITICAL":  # an uncaught exception: its traceback inside the one line
        assert "RuntimeError: broken" in line["exception"]
