"""App instances as `make serve` runs them, and the databases they use, for bench and tests.

An instance is `gunicorn -c gunicorn.conf.py connect_app.wsgi` with DEBUG off and a generated
secret key, bound to a free port that gunicorn picks itself (PORT=0), so there is no window in
which another process can take the port between choosing and binding it.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
from psycopg import sql

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# Variables this module decides; anything else in the caller's environment (PATH, gunicorn's
# WEB_CONCURRENCY and GUNICORN_THREADS knobs) is passed through as `make serve` would.
_OWNED_PREFIXES = ("DJANGO_", "FLATPEAK_", "CONNECT_")
_OWNED_NAMES = frozenset({"DATABASE_URL", "HOST", "PORT"})
_LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
_BOOT_TIMEOUT_S = 30.0
_STOP_TIMEOUT_S = 10.0


class InstanceFailed(RuntimeError):
    """An app instance did not start, or a management command failed; the message has its log."""


class PostgresUnreachable(RuntimeError):
    """The PostgreSQL server for throwaway databases could not be reached."""


def production_env(
    *, database_url: str, connect_url: str, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of `make serve`: DEBUG and HTTPS off, a fresh key, no .env file read."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(_OWNED_PREFIXES) and name not in _OWNED_NAMES
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        # The developer's .env says DEBUG=1; an instance must read only what is given here.
        DJANGO_IGNORE_DOTENV="1",
        DATABASE_URL=database_url,
        FLATPEAK_CONNECT_URL=connect_url,
        HOST="127.0.0.1",
        PORT="0",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra or {})
    return env


def manage(env: Mapping[str, str], *args: str, timeout_s: float = 180) -> None:
    """Run a manage.py command with the instances' environment; its output only on failure."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    if done.returncode != 0:
        raise InstanceFailed(
            f"manage.py {' '.join(args)} exited with {done.returncode}:\n{done.stdout}{done.stderr}"
        )


def migrate(env: Mapping[str, str]) -> None:
    manage(env, "migrate", "--noinput", "-v", "0")


def collect_static(env: Mapping[str, str]) -> None:
    """The assets as production builds them (bin/build-assets), into the env's static root."""
    done = subprocess.run(
        ["bin/build-assets"],
        cwd=PROJECT_ROOT,
        env={**env, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise InstanceFailed(f"bin/build-assets exited with {done.returncode}:\n{done.stderr}")


@dataclass
class AppInstance:
    """One gunicorn master (and its workers), logging to a file."""

    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    _log_file: IO[bytes]
    url: str = ""

    def log_tail(self, lines: int = 60) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its workers, live and exited (Linux /proc).

        A worker that exits (gunicorn recycles them every max_requests) is reaped by the master,
        and its time moves into the master's children's time, so differences stay right.
        """
        master = _proc_times(self.process.pid)
        if master is None:
            return float("nan")
        workers = (_proc_times(pid) for pid in _children_of(self.process.pid))
        return master.own + master.children + sum(w.own for w in workers if w is not None)

    def stop(self) -> None:
        """Quick shutdown (SIGINT to the master); SIGKILL to its process group if it hangs."""
        try:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGINT)
                try:
                    self.process.wait(timeout=_STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    # The master leads its own process group (start_new_session), workers too.
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait(timeout=_STOP_TIMEOUT_S)
        finally:
            self._log_file.close()


@dataclass(frozen=True)
class _CpuTimes:
    own: float  # user + system seconds of the process itself
    children: float  # user + system seconds of its children that it has reaped


_TICKS_PER_S = os.sysconf("SC_CLK_TCK")


def _proc_times(pid: int) -> _CpuTimes | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Fields after the command name, which is in parentheses and may itself hold spaces.
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime, cutime, cstime = (int(f) / _TICKS_PER_S for f in fields[11:15])
    return _CpuTimes(own=utime + stime, children=cutime + cstime)


def _children_of(parent: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended while we looked
        if int(stat[stat.rindex(")") + 2 :].split()[1]) == parent:
            children.append(int(entry.name))
    return children


def start_instance(
    name: str, env: Mapping[str, str], log_dir: Path, cwd: Path = PROJECT_ROOT
) -> AppInstance:
    """Start gunicorn and return once /healthz answers 200; stopped again if it never does."""
    log_path = log_dir / f"{name}.log"
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "connect_app.wsgi"],
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        # Its own process group: a Ctrl-C in the terminal reaches only us, and we stop it in
        # order; and a hung master can be killed together with its workers.
        start_new_session=True,
    )
    instance = AppInstance(name, process, log_path, log_file)
    try:
        instance.url = f"http://127.0.0.1:{_wait_for_port(instance)}"
        _wait_until_healthy(instance)
    except BaseException:
        instance.stop()
        raise
    return instance


def _wait_for_port(instance: AppInstance) -> int:
    deadline = time.monotonic() + _BOOT_TIMEOUT_S
    while time.monotonic() < deadline:
        match = _LISTENING.search(instance.log_path.read_text(encoding="utf-8", errors="replace"))
        if match:
            return int(match.group(1))
        _fail_if_exited(instance)
        time.sleep(0.05)
    raise InstanceFailed(f"{instance.name} never said where it listens:\n{instance.log_tail()}")


def _wait_until_healthy(instance: AppInstance) -> None:
    deadline = time.monotonic() + _BOOT_TIMEOUT_S
    with httpx.Client(base_url=instance.url, timeout=2) as http:
        while time.monotonic() < deadline:
            _fail_if_exited(instance)
            try:
                if http.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise InstanceFailed(f"{instance.name} never answered /healthz:\n{instance.log_tail()}")


def _fail_if_exited(instance: AppInstance) -> None:
    if instance.process.poll() is not None:
        raise InstanceFailed(
            f"{instance.name} exited with {instance.process.returncode}:\n{instance.log_tail()}"
        )


# --- PostgreSQL ---------------------------------------------------------------------------------


def postgres_server_url() -> str:
    """The server to create throwaway databases on: TEST_DATABASE_URL's, else the local one."""
    return os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES_URL


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@contextmanager
def throwaway_postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty database named `<prefix>_<random>`, dropped afterwards; yields its URL."""
    server = postgres_server_url()
    name = f"{prefix}_{secrets.token_hex(4)}"
    _administer(server, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(server, name)
    finally:
        # FORCE: an instance killed mid-request may leave a connection behind for a moment.
        _administer(
            server, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def postgres_problem() -> str | None:
    """Why the PostgreSQL server cannot be used for throwaway databases, or None if it can."""
    try:
        _connect_as_administrator(postgres_server_url()).close()
    except PostgresUnreachable as error:
        return str(error)
    return None


def _administer(server: str, statement: sql.Composed) -> None:
    with _connect_as_administrator(server) as connection:
        connection.execute(statement)


def _connect_as_administrator(server: str) -> psycopg.Connection[tuple[object, ...]]:
    try:
        return psycopg.connect(
            _with_database(server, "postgres"), autocommit=True, connect_timeout=5
        )
    except psycopg.OperationalError as error:
        raise PostgresUnreachable(
            f"PostgreSQL is not reachable at {_redacted(server)}: {error}".strip()
            + "\nStart it (e.g. `pg_ctlcluster 15 main start`) or point TEST_DATABASE_URL at a "
            "server where this user may create databases."
        ) from None


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=f"{user}{host}{port}"))
