"""Read throughput measured by wrk, Debian's native HTTP load generator.

The bench's own generator is Python: on `/healthz` it needs most of a core itself, so on a
two-core machine it caps the very throughput it measures. wrk drives the same connections from
C at a small fraction of that, which leaves the cores to the app.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

# Requests slower than this count as errors (timeouts), as in the Python generator.
TIMEOUT_S = 10
_REQUESTS = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m)\b", re.MULTILINE)
_SOCKET_ERRORS = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.MULTILINE
)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_PERCENTILE = re.compile(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_TO_SECONDS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


class WrkMissing(RuntimeError):
    """wrk is not installed: `make bench` installs it (Debian's package `wrk`)."""


class WrkFailed(RuntimeError):
    """wrk exited with an error or printed something this module cannot read."""


@dataclass(frozen=True)
class WrkRun:
    """What one wrk run reported."""

    requests: int
    elapsed_s: float
    errors: int  # socket errors (timeouts included) and answers other than 2xx or 3xx
    p50_s: float
    p99_s: float

    @property
    def requests_per_s(self) -> float:
        return self.requests / self.elapsed_s if self.elapsed_s else 0.0


def executable() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise WrkMissing(
            "wrk is not installed; `make bench` installs it (apt-get install wrk, as root)"
        )
    return found


def run(url: str, *, connections: int, duration_s: float, headers: Mapping[str, str]) -> WrkRun:
    """`wrk` with one thread (plenty for ten connections, and the least CPU taken from the app)."""
    command = [
        executable(),
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{max(1, round(duration_s))}s",
        "--timeout",
        f"{TIMEOUT_S}s",
        "--latency",
        *(part for name, value in headers.items() for part in ("--header", f"{name}: {value}")),
        url,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=duration_s + TIMEOUT_S + 30, check=False
    )
    if done.returncode != 0:
        raise WrkFailed(f"wrk exited with {done.returncode}: {done.stderr.strip()[:500]}")
    return parse(done.stdout)


def parse(output: str) -> WrkRun:
    """wrk's summary as numbers; refuses output without a request count."""
    requests = _REQUESTS.search(output)
    if requests is None:
        raise WrkFailed(f"wrk printed no request count:\n{output[:1000]}")
    socket = _SOCKET_ERRORS.search(output)
    non_2xx = _NON_2XX.search(output)
    errors = (sum(int(n) for n in socket.groups()) if socket else 0) + (
        int(non_2xx.group(1)) if non_2xx else 0
    )
    latency = {p: float(v) * _TO_SECONDS[unit] for p, v, unit in _PERCENTILE.findall(output)}
    return WrkRun(
        requests=int(requests.group(1)),
        elapsed_s=float(requests.group(2)) * _TO_SECONDS[requests.group(3)],
        errors=errors,
        p50_s=latency.get("50", float("nan")),
        p99_s=latency.get("99", float("nan")),
    )
