"""Customers under load, driven by Debian's wrk (bench/customers.lua), for `make bench` and
bench/concurrency.py: each wrk thread is one customer with their own session on one kept-alive
connection, swapping the htmx answer in as the browser does (no reload between changes).

A turn is one side of an interleaved pair: the customers changing period through the app (A),
or the same calls made by wrk straight to Connect's stand-in (B). The added latency is the p95
of A over the p95 of B; a drift of this shared machine hits both sides of a pair alike.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from support import instances
from support.connect_stub import StubConnect, vpp_summary_reply

SCRIPT = Path(__file__).resolve().parent / "customers.lua"
_SEQ = re.compile(r'name="seq" value="(\d+)"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Customers arrive a few at a time: one by one, fifty entries behind a 300 ms Connect took 18 s.
_ARRIVING_AT_ONCE = 8


@dataclass
class Customer:
    """One customer's browser session, entered with their own token."""

    token: str
    http: httpx.Client
    csrf: str = ""
    seq: int = 0
    entered_at: int = 0  # the page number right after entering

    def look(self) -> None:
        """Read the page number and CSRF token from the dashboard (uncompressed)."""
        page = self.http.get("/")
        seq, csrf = _SEQ.search(page.text), _CSRF.search(page.text)
        if page.status_code != 200 or seq is None or csrf is None:
            raise RuntimeError(f"{self.token}: the dashboard answered {page.status_code}")
        self.seq, self.csrf = int(seq.group(1)), csrf.group(1)

    def line(self) -> str:
        cookies = "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())
        return f"{cookies}\t{self.csrf}\t{self.seq}\t{self.token}\n"


def enter(origin: str, number: int) -> Customer:
    """A customer arriving from their energy app with a fresh Connect token (A1)."""
    token = f"cot_bench_{number:03d}_{os.urandom(4).hex()}"
    customer = Customer(token, httpx.Client(base_url=origin, timeout=30))
    entry = customer.http.get("/", params={"fp_cot": token})
    if entry.status_code != 302:
        raise RuntimeError(f"entry answered {entry.status_code}: {entry.text[:300]}")
    customer.look()
    customer.entered_at = customer.seq
    return customer


def enter_all(origin: str, count: int) -> list[Customer]:
    with ThreadPoolExecutor(_ARRIVING_AT_ONCE) as arriving:
        return list(arriving.map(lambda number: enter(origin, number), range(count)))


def look_all(customers: list[Customer]) -> None:
    """Every customer reads the page shown (a turn left their numbers where wrk counted them)."""
    with ThreadPoolExecutor(_ARRIVING_AT_ONCE) as looking:
        list(looking.map(Customer.look, customers))


def direct(customers: list[Customer]) -> list[Customer]:
    """Stand-ins for the customers, making their calls straight to Connect's stand-in."""
    return [Customer(f"cot_direct_{n:03d}", c.http) for n, c in enumerate(customers)]


@dataclass(frozen=True)
class Turn:
    """One wrk run's figures (customers.lua): latency of every request, errors, answers."""

    requests: int
    seconds: float
    p95_ms: float
    p50_ms: float
    changes_answered: int
    socket_errors: int
    http_errors: int

    @property
    def errors(self) -> int:
        return self.socket_errors + self.http_errors

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk(url: str, mode: str, customers: list[Customer], seconds: float, scratch: Path) -> Turn:
    """One wrk run, a thread and a connection per customer (modes in customers.lua)."""
    listing = scratch / f"customers-{mode}-{os.getpid()}.tsv"
    listing.write_text("".join(c.line() for c in customers))
    count = str(len(customers))
    command = ["wrk", "-t", count, "-c", count, "-d", f"{round(seconds)}s", "--timeout", "10s"]
    done = subprocess.run(
        [*command, "-s", str(SCRIPT), url, "--", mode, str(listing)],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    figures = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not figures:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr}{done.stdout}"[:2000])
    parsed: dict[str, Any] = json.loads(figures[-1])
    return Turn(**parsed)


def added_latency(via_app: Turn, straight: Turn) -> float:
    return via_app.p95_ms / straight.p95_ms


@dataclass(frozen=True)
class Stage:
    """What a bench run stands on: a scratch directory, Connect's stand-in answering every call
    with a summary after the latency asked for, and the production environment pointed at it
    and at a throwaway PostgreSQL database."""

    scratch: Path
    connect: StubConnect
    env: dict[str, str]


def stage(stack: ExitStack, name: str, latency_ms: float) -> Stage:
    """A Stage whose parts `stack` closes; `name` prefixes the scratch directory and database."""
    scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"{name}-")))
    connect = stack.enter_context(
        StubConnect(latency_s=latency_ms / 1000, keep_alive=True, always=vpp_summary_reply)
    )
    database = stack.enter_context(instances.throwaway_postgres_database(name))
    env = instances.production_env(
        database_url=database,
        connect_url=connect.url,
        extra={"DJANGO_STATIC_ROOT": str(scratch / "static")},
    )
    return Stage(scratch, connect, env)
