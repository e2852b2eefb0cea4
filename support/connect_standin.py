"""A local stand-in for Flatpeak Connect that answers after a fixed latency and counts calls.

It speaks just enough of Connect's JSON (A2) for the dashboard: `session_start`,
`session_restore` and `CHANGE_PERIOD` are answered with a `vpp_summary` page for the period
asked for, built from `tests/payloads/vpp_summary_seed.json` (the reference example), so the
app parses, validates and renders the same shape and size of reply it gets in production.

Every call sleeps the same fixed time before it is answered, so whatever a request to the app
costs beyond that is the app's own overhead. The stand-in counts calls by kind (the route for
session calls, else the action), so a caller can check that each customer action became exactly
one Connect call, also across app instances.

Run on its own (`python -m support.connect_standin --latency-ms 20`) it prints one JSON line with
its URL and serves until it is interrupted; `GET /_standin/calls[?token=...]` returns the counts
and `POST /_standin/reset` clears them. In-process, use `ConnectStandIn` as a context manager.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import hashlib
import json
import select
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEED_PAYLOAD = PROJECT_ROOT / "tests" / "payloads" / "vpp_summary_seed.json"
CONNECT_PATH = "/connect"
CALLS_PATH = "/_standin/calls"
RESET_PATH = "/_standin/reset"
DEFAULT_LATENCY_S = 0.020
# The seed shows February 2025; every session starts there, like a customer opening "this month".
FIRST_PERIOD = ("MONTH", dt.date(2025, 2, 1))
LAST_DAY_WITH_DATA = dt.date(2025, 2, 28)
# Connect lists only buckets with a dispatch; about half the days of a month have one.
DISPATCH_PERCENT = 45
PRICE_PER_KWH = Decimal("1.135")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Call:
    """One request Connect received: whose it was, what it was, and the data it carried."""

    token: str
    kind: str  # "session_start", "session_restore", or the action ("CHANGE_PERIOD", "BACK", ...)
    data: dict[str, Any] | None


class CallLog:
    """Every call received, safe to add to from the server's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[Call] = []

    def record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def calls(self, token: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if token is None or c.token == token]

    def by_kind(self, token: str | None = None) -> dict[str, int]:
        return dict(Counter(call.kind for call in self.calls(token)))

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()


# --- the vpp_summary reply ----------------------------------------------------------------------


@cache
def _seed() -> dict[str, Any]:
    seed: dict[str, Any] = json.loads(SEED_PAYLOAD.read_text(encoding="utf-8"))
    return seed


def _share(label: str, modulo: int) -> int:
    """A stable pseudo-random number for a label: the same period always shows the same data."""
    return int.from_bytes(hashlib.sha256(label.encode()).digest()[:4], "big") % modulo


def _entry(when: str, kwh: Decimal) -> dict[str, Any]:
    earnings = (kwh * PRICE_PER_KWH).quantize(CENT)
    return {"date": when, "dispatched_kwh": float(kwh), "earnings": float(earnings)}


def _daily_kwh(day: dt.date) -> Decimal:
    if day > LAST_DAY_WITH_DATA or _share(f"dispatch {day}", 100) >= DISPATCH_PERCENT:
        return Decimal(0)
    return Decimal(200 + _share(f"kwh {day}", 700)) / 100


def _days_of(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _series(period_type: str, start: dt.date) -> list[dict[str, Any]]:
    """The sparse series Connect sends: only the buckets in which the battery dispatched."""
    if period_type == "DAY":
        kwh = _daily_kwh(start)
        if not kwh:
            return []
        # Evening peak, 17:00 and 18:00 local time (the seed's zone is America/Denver, UTC-7).
        half = (kwh / 2).quantize(CENT)
        return [_entry(f"{start}T17:00:00-07:00", half), _entry(f"{start}T18:00:00-07:00", half)]
    if period_type == "YEAR":
        months = []
        for month in range(1, 13):
            first = dt.date(start.year, month, 1)
            last = first.replace(day=calendar.monthrange(start.year, month)[1])
            kwh = sum((_daily_kwh(day) for day in _days_of(first, last)), Decimal(0))
            if kwh:
                months.append(_entry(first.isoformat(), kwh))
        return months
    last = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return [
        _entry(day.isoformat(), _daily_kwh(day)) for day in _days_of(start, last) if _daily_kwh(day)
    ]


def _period_end(period_type: str, start: dt.date) -> dt.date:
    if period_type == "DAY":
        return start
    if period_type == "YEAR":
        return dt.date(start.year, 12, 31)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


@lru_cache(maxsize=256)  # bounded: the period comes from the caller
def _summary_payload(period_type: str, start: dt.date) -> dict[str, Any]:
    """The seed's vpp_summary with the performance of the period asked for (cached: it is pure)."""
    series = _series(period_type, start)
    performance = dict(_seed()["performance"])
    performance.update(
        period_type=period_type,
        period_start=start.isoformat(),
        period_end=_period_end(period_type, start).isoformat(),
        has_previous=True,
        has_next=_period_end(period_type, start) < LAST_DAY_WITH_DATA,
        energy_dispatched_kwh=float(sum(Decimal(str(e["dispatched_kwh"])) for e in series)),
        earnings=float(sum(Decimal(str(e["earnings"])) for e in series)),
        series=series,
    )
    return {**_seed(), "performance": performance}


def _requested_period(data: object) -> tuple[str, dt.date]:
    if isinstance(data, dict):
        try:
            return str(data["period_type"]), dt.date.fromisoformat(str(data["period_start"]))
        except (KeyError, ValueError):
            pass
    return FIRST_PERIOD


def reply_for(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Connect's answer to one request body: the dashboard, or an error object."""
    token = body.get("connect_token")
    if not isinstance(token, str) or not token:
        return 401, {"object": "error", "code": "token_invalid", "message": "No connect_token."}
    period_type, start = (
        _requested_period(body.get("data"))
        if body.get("action") == "CHANGE_PERIOD"
        else FIRST_PERIOD
    )
    return 200, {**_summary_payload(period_type, start), "connect_token": token}


def kind_of(body: dict[str, Any]) -> str:
    route = str(body.get("route", ""))
    return route if route.startswith("session_") else str(body.get("action", "-"))


# --- the HTTP server ----------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    # Keep-alive, as Connect does: the app's pooled client reuses its connections.
    protocol_version = "HTTP/1.1"
    # An idle keep-alive connection is dropped after this long, so no thread lingers for ever.
    timeout = 30
    # Headers and body leave in two writes; with Nagle on, the body would wait for the app's
    # delayed ACK (up to 40 ms on Linux) and that wait would be billed to the app as overhead.
    disable_nagle_algorithm = True
    server: _Server

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if path == RESET_PATH:
            self.server.log.reset()
            self._send(200, {"reset": True})
            return
        if path != CONNECT_PATH:
            self._send(404, {"object": "error", "code": "not_found", "message": path})
            return
        try:
            request = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            request = None
        if not isinstance(request, dict):
            self._send(400, {"object": "error", "code": "request_invalid", "message": "Not JSON."})
            return
        data = request.get("data")
        self.server.log.record(
            Call(
                str(request.get("connect_token", "")),
                kind_of(request),
                data if isinstance(data, dict) else None,
            )
        )
        time.sleep(self.server.latency_s)
        self._send(*reply_for(request))

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != CALLS_PATH:
            self._send(404, {"object": "error", "code": "not_found", "message": parts.path})
            return
        token = parse_qs(parts.query).get("token", [None])[0]
        counts = self.server.log.by_kind(token)
        self._send(200, {"total": sum(counts.values()), "by_kind": counts})

    def _send(self, status: int, body: dict[str, Any]) -> None:
        raw = json.dumps(body, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: at hundreds of calls a second a line each would cost more than the call."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The app opens many connections at once under load; the default backlog of 5 would make
    # some of them wait for a SYN retry (a second), which is not latency the app caused.
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], latency_s: float, log: CallLog) -> None:
        super().__init__(address, _Handler)
        self.latency_s = latency_s
        self.log = log


class ConnectStandIn:
    """The stand-in, served from a background thread of this process."""

    def __init__(self, latency_s: float = DEFAULT_LATENCY_S, port: int = 0) -> None:
        self.log = CallLog()
        self._server = _Server(("127.0.0.1", port), latency_s, self.log)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="connect-standin", daemon=True
        )

    @property
    def url(self) -> str:
        """The URL to give the app as FLATPEAK_CONNECT_URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{CONNECT_PATH}"

    def start(self) -> ConnectStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> ConnectStandIn:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


class StandInProcess:
    """The stand-in in a process of its own, for the benchmark.

    In the load generator's process it would share the GIL with fifty client threads, and its
    answers would take the fixed latency plus their scheduling delays, billed to the app.
    """

    def __init__(self, latency_s: float, log_path: Path) -> None:
        self._log_file = log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "support.connect_standin",
                "--latency-ms",
                str(latency_s * 1000),
            ],
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._log_file,
            start_new_session=True,
        )
        try:
            self.url = self._announced_url()
        except BaseException:
            self.stop()
            raise
        self._http = httpx.Client(timeout=10)

    def _announced_url(self) -> str:
        assert self.process.stdout is not None
        # Bounded: the child prints its URL (or dies, closing the pipe) as soon as it starts.
        ready, _, _ = select.select([self.process.stdout], [], [], 30)
        line = self.process.stdout.readline() if ready else b""
        if not line:
            raise RuntimeError("the Connect stand-in did not start (see its log)")
        url: str = json.loads(line)["url"]
        return url

    def round_trips_s(self, samples: int) -> list[float]:
        """Time direct period changes, then forget them: the latency the app cannot beat."""
        body = {
            "connect_token": "cot_probe",
            "route": "vpp_summary",
            "action": "CHANGE_PERIOD",
            "data": {"period_type": "MONTH", "period_start": "2025-01-01"},
        }
        times = []
        for _ in range(samples):
            began = time.perf_counter()
            self._http.post(self.url, json=body).raise_for_status()
            times.append(time.perf_counter() - began)
        self._http.post(self.url.removesuffix(CONNECT_PATH) + RESET_PATH).raise_for_status()
        return times

    def calls_by_kind(self) -> dict[str, int]:
        """Calls received so far, by kind ("session_start", "CHANGE_PERIOD", ...)."""
        base = self.url.removesuffix(CONNECT_PATH)
        counts: dict[str, int] = self._http.get(base + CALLS_PATH).json()["by_kind"]
        return counts

    def stop(self) -> None:
        if hasattr(self, "_http"):
            self._http.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._log_file.close()


def _stop_on_terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--latency-ms", type=float, default=DEFAULT_LATENCY_S * 1000)
    parser.add_argument("--port", type=int, default=0)
    options = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    server = _Server(("127.0.0.1", options.port), options.latency_ms / 1000, CallLog())
    try:
        host, port = server.server_address[:2]
        print(json.dumps({"url": f"http://{host!s}:{port}{CONNECT_PATH}"}), flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
