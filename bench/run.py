"""`make bench`: what customers feel of the app as `make serve` runs it, against the budgets.

The app runs under gunicorn with `make serve`'s settings (DEBUG off, the assets built by
bin/build-assets and served by WhiteNoise) on a throwaway PostgreSQL database, and talks to
Connect's stand-in (support/connect_stub.py) answering every call after 300 ms. wrk drives the
load (bench/customers.lua): each wrk thread is one customer with their own session, changing
period over htmx as the browser does.

- Added latency: ten customers changing period, then the same calls made by wrk straight to the
  stand-in, in turns (A, B, A, B, ...); the p95 of A over the p95 of B, the median of the pairs.
  A drift of this shared machine hits both sides of a pair alike.
- Errors with fifty customers, each looking at the dashboard and changing period, for 30 s.
- Connect calls per action: the calls the stand-in received against the actions the app
  counted (the page number advances once per action it forwards).
- Instructions per period change, counted by callgrind in-process (bench/instructions.py), and
  where they go by layer: the same whatever else the machine is doing.
- Interaction to next paint and the bytes of a period change, in chromium (bench/browser.py),
  on a second instance with the sandbox on (the first has it off, as `make serve` with a
  Connect), the stand-in passing calls on to that sandbox after the same 300 ms.

The app's CPU per period change is printed for information. Exit status 1 if a budget is missed.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script (`python bench/run.py`), this directory is on sys.path, not the project.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import ExitStack, contextmanager  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from types import FrameType  # noqa: E402
from typing import Any  # noqa: E402

import httpx  # noqa: E402

from bench import Row, browser, instructions, report  # noqa: E402
from support import instances  # noqa: E402
from support.connect_stub import StubConnect, forwarded_to, vpp_summary_reply  # noqa: E402

SCRIPT = Path(__file__).resolve().parent / "customers.lua"
ADDED_LATENCY_BUDGET = 1.10
CALLS_PER_ACTION_BUDGET = 1.0
_SEQ = re.compile(r'name="seq" value="(\d+)"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


def wrk(url: str, mode: str, customers: list[Customer], seconds: float, scratch: Path) -> Any:
    """One wrk run, a thread and a connection per customer; wrk's figures (customers.lua)."""
    listing = scratch / f"customers-{mode}.tsv"
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
    return json.loads(figures[-1])


def added_latency(
    options: argparse.Namespace,
    app: instances.AppInstance,
    connect: StubConnect,
    customers: list[Customer],
    scratch: Path,
) -> list[Row]:
    """Period changes through the app against the same calls straight to Connect, in pairs."""
    direct = [Customer(f"cot_direct_{n:03d}", c.http) for n, c in enumerate(customers)]
    say("warming up: a few seconds of each side")
    wrk(app.url, "act", customers, 3, scratch)
    wrk(connect.url, "direct", direct, 3, scratch)
    ratios, via_app, straight, cpu_ms = [], [], [], []
    for pair in range(options.pairs):
        for customer in customers:
            customer.look()
        cpu_before = app.cpu_seconds()
        a = wrk(app.url, "act", customers, options.pair_seconds, scratch)
        cpu_ms.append((app.cpu_seconds() - cpu_before) * 1000 / max(a["requests"], 1))
        b = wrk(connect.url, "direct", direct, options.pair_seconds, scratch)
        errors = a["socket_errors"] + a["http_errors"] + b["socket_errors"] + b["http_errors"]
        ratios.append(a["p95_ms"] / b["p95_ms"])
        via_app.append(a["p95_ms"])
        straight.append(b["p95_ms"])
        say(
            f"pair {pair + 1}: p95 {a['p95_ms']:.1f} ms (p50 {a['p50_ms']:.1f}) via the app "
            f"({a['requests']} period changes), {b['p95_ms']:.1f} ms (p50 {b['p50_ms']:.1f}) "
            f"straight ({b['requests']}): {ratios[-1]:.3f}"
            + (f", {errors} errors" if errors else "")
        )
    ratio = statistics.median(ratios)
    return [
        Row(
            f"added latency: p95 of a period change over p95 straight to Connect "
            f"({len(customers)} customers, median of {len(ratios)} pairs)",
            f"{ratio:.3f} (pairs {', '.join(f'{r:.3f}' for r in ratios)}; p95 "
            f"{min(via_app):.0f}-{max(via_app):.0f} ms against {min(straight):.0f}-"
            f"{max(straight):.0f} ms)",
            f"<= {ADDED_LATENCY_BUDGET:.2f}",
            ratio <= ADDED_LATENCY_BUDGET,
        ),
        Row(
            "app CPU per period change, gunicorn user + system (information)",
            f"{statistics.median(cpu_ms):.2f} ms (pairs {min(cpu_ms):.2f}-{max(cpu_ms):.2f})",
        ),
    ]


def soak(
    options: argparse.Namespace,
    app: instances.AppInstance,
    customers: list[Customer],
    scratch: Path,
) -> Row:
    """Every customer looks at the dashboard and changes period, back to back; no error allowed."""
    for customer in customers:
        customer.look()
    before = sum(c.seq for c in customers)
    say(f"soak: {len(customers)} customers for {options.soak_seconds:g} s")
    run = wrk(app.url, "mix", customers, options.soak_seconds, scratch)
    time.sleep(options.latency_ms / 1000 + 1)  # the changes wrk left in flight land
    for customer in customers:
        customer.look()
    # An answer 200 that was not the next page (the stale notice, say) advanced nothing; the
    # app may count more than wrk saw answered: those wrk left in flight at the end.
    not_next = max(0, run["changes_answered"] - (sum(c.seq for c in customers) - before))
    errors = run["socket_errors"] + run["http_errors"] + not_next
    return Row(
        f"errors, {len(customers)} customers for {options.soak_seconds:g} s (dashboard, "
        "period change, ...)",
        f"{errors} of {run['requests']} requests (socket {run['socket_errors']}, HTTP "
        f"{run['http_errors']}, not the next page {not_next}; p95 {run['p95_ms']:.0f} ms)",
        "0",
        errors == 0,
    )


def calls_per_action(connect: StubConnect, customers: list[Customer]) -> Row:
    """Calls Connect received for the customers' tokens, against the actions the app counted."""
    for customer in customers:
        customer.look()
    actions = sum(c.seq - c.entered_at for c in customers)
    kinds = connect.kinds("cot_bench_")
    changes = kinds.pop("CHANGE_PERIOD", 0)
    entries = kinds.pop("session_start", 0)
    others = sum(kinds.values()) + abs(entries - len(customers))
    ratio = changes / actions if actions else float("nan")
    return Row(
        "Connect calls per customer action",
        f"{ratio:.4f} ({changes} calls for {actions} period changes; {entries} entries for "
        f"{len(customers)} customers, {others} other calls)",
        "exactly 1.00",
        ratio == CALLS_PER_ACTION_BUDGET and others == 0,
    )


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--latency-ms", type=float, default=300, help="the stand-in's latency")
    parser.add_argument("--customers", type=int, default=10, help="for the added latency")
    parser.add_argument("--pairs", type=int, default=5, help="interleaved pairs (A, B)")
    parser.add_argument("--pair-seconds", type=float, default=10, help="seconds of each side")
    parser.add_argument("--soak-customers", type=int, default=50)
    parser.add_argument("--soak-seconds", type=float, default=30)
    parser.add_argument("--taps", type=int, default=7, help="interactions measured in chromium")
    parser.add_argument(
        "--cpu-slowdown", type=float, default=browser.CPU_SLOWDOWN, help="chromium's, as a phone"
    )
    parser.add_argument(
        "--counted-changes", type=int, default=20, help="period changes counted by callgrind"
    )
    parser.add_argument("--log-dir", type=Path, help="keep the app's log here")
    return parser.parse_args(argv)


def _stop_on_terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds every `finally`, as Ctrl-C does


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (make bench does, as root)")
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    description = (
        f"make bench {time.strftime('%Y-%m-%d %H:%M')}: gunicorn "
        f"{os.environ.get('WEB_CONCURRENCY', '2')} workers x "
        f"{os.environ.get('GUNICORN_THREADS', '8')} threads, DEBUG off, PostgreSQL, Connect's "
        f"stand-in answering after {options.latency_ms:g} ms; {os.cpu_count()} CPUs shared "
        f"with wrk and the stand-in, load average {os.getloadavg()[0]:.2f} at the start"
    )
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        logs = options.log_dir or scratch
        logs.mkdir(parents=True, exist_ok=True)
        connect = stack.enter_context(
            StubConnect(
                latency_s=options.latency_ms / 1000, keep_alive=True, always=vpp_summary_reply
            )
        )
        database = stack.enter_context(instances.throwaway_postgres_database("bench"))
        env = instances.production_env(
            database_url=database,
            connect_url=connect.url,
            extra={"DJANGO_STATIC_ROOT": str(scratch / "static")},
        )
        with_sandbox = {**env, "CONNECT_SANDBOX_ENABLED": "1"}
        say("migrating a throwaway PostgreSQL database and building the assets")
        # With the sandbox's tables too, which only an instance with the sandbox on installs.
        instances.migrate(with_sandbox)
        instances.collect_static(env)
        rows = instructions.measure(
            env, changes=options.counted_changes, warm_up=options.counted_changes, say=say
        )
        with _serving("app", env, logs) as app:
            rows += load(options, app, connect, scratch)
        # The same, with the sandbox on for the tariff pages, reached through the stand-in.
        with _serving("app-with-sandbox", with_sandbox, logs) as app:
            say(
                "chromium: interaction to next paint and bytes; Connect (the sandbox) after "
                f"{options.latency_ms:g} ms"
            )
            connect.always(forwarded_to(f"{app.url}/sandbox/connect"))
            rows += browser.measure(app.url, options.taps, say, options.cpu_slowdown)
    return 0 if report(rows, description) else 1


@contextmanager
def _serving(name: str, env: dict[str, str], logs: Path) -> Iterator[instances.AppInstance]:
    app = instances.start_instance(name, env, logs)
    try:
        yield app
    except Exception:
        print(f"--- the app's log ({app.log_path}) ---\n{app.log_tail()}", file=sys.stderr)
        raise
    finally:
        app.stop()


def load(
    options: argparse.Namespace, app: instances.AppInstance, connect: StubConnect, scratch: Path
) -> list[Row]:
    count = max(options.customers, options.soak_customers)
    say(f"entering {count} customers")
    customers = [enter(app.url, n) for n in range(count)]
    try:
        rows = added_latency(options, app, connect, customers[: options.customers], scratch)
        rows.append(soak(options, app, customers[: options.soak_customers], scratch))
        rows.append(calls_per_action(connect, customers))
    finally:
        for customer in customers:
            customer.http.close()
    return rows


_STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"bench [{time.monotonic() - _STARTED:5.1f} s]: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        say("interrupted; every server it started is stopped")
        sys.exit(130)
