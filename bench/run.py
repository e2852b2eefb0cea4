"""`make bench`: what customers feel of the app as `make serve` runs it, against the budgets.

The app runs under gunicorn with `make serve`'s settings (DEBUG off, the assets built by
bin/build-assets and served by WhiteNoise) on a throwaway PostgreSQL database, and talks to
Connect's stand-in (support/connect_stub.py) answering every call after 300 ms. wrk drives the
load (bench/customers.lua): each wrk thread is one customer with their own session, changing
period over htmx as the browser does, with no reload between changes.

- Added latency: 10 customers, then 50, changing period back to back, then the same calls made
  by wrk straight to the stand-in, in turns (A, B, A, B, ...); the p95 of A over the p95 of B,
  the median of 3 pairs for each number of customers (bench/load.py). A drift of this shared
  machine hits both sides of a pair alike. Any error in a pair misses the budget.
- Errors with fifty customers, each looking at the dashboard and changing period, for 20 s.
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
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import ExitStack, contextmanager  # noqa: E402
from types import FrameType  # noqa: E402

from bench import Row, browser, instructions, load, report  # noqa: E402
from support import instances  # noqa: E402
from support.connect_stub import StubConnect, forwarded_to  # noqa: E402

# The added latency's budget for each number of customers changing period back to back.
ADDED_LATENCY_BUDGETS = {10: 1.10, 50: 1.5}
CALLS_PER_ACTION_BUDGET = 1.0


def added_latency(
    options: argparse.Namespace,
    app: instances.AppInstance,
    connect: StubConnect,
    customers: list[load.Customer],
    scratch: Path,
) -> list[Row]:
    """Period changes through the app against the same calls straight to Connect, in pairs.

    Each customer count takes its turn in every pair, so a drift of the machine reaches the few
    and the many alike.
    """
    counts = sorted(ADDED_LATENCY_BUDGETS)
    straight = load.direct(customers)
    say("warming up: a few seconds of each side")
    load.wrk(app.url, "act", customers, 3, scratch)
    load.wrk(connect.url, "direct", straight, 3, scratch)
    pairs: dict[int, list[tuple[load.Turn, load.Turn]]] = {count: [] for count in counts}
    cpu_ms: dict[int, list[float]] = {count: [] for count in counts}
    for number in range(options.pairs):
        for count in counts:
            load.look_all(customers[:count])
            cpu_before = app.cpu_seconds()
            a = load.wrk(app.url, "act", customers[:count], options.pair_seconds, scratch)
            cpu_ms[count].append((app.cpu_seconds() - cpu_before) * 1000 / max(a.requests, 1))
            b = load.wrk(connect.url, "direct", straight[:count], options.pair_seconds, scratch)
            pairs[count].append((a, b))
            say(
                f"{count} customers, pair {number + 1}: p95 {a.p95_ms:.1f} ms (p50 "
                f"{a.p50_ms:.1f}) via the app ({a.requests} period changes, {a.errors} errors), "
                f"{b.p95_ms:.1f} ms (p50 {b.p50_ms:.1f}) straight ({b.requests}, {b.errors} "
                f"errors): {load.added_latency(a, b):.3f}"
            )
    rows = [_added_latency_row(count, pairs[count]) for count in counts]
    rows.append(
        Row(
            "app CPU per period change, gunicorn user + system (information)",
            "; ".join(
                f"{statistics.median(cpu_ms[count]):.2f} ms with {count} customers (pairs "
                f"{min(cpu_ms[count]):.2f}-{max(cpu_ms[count]):.2f})"
                for count in counts
            ),
        )
    )
    return rows


def _added_latency_row(count: int, pairs: list[tuple[load.Turn, load.Turn]]) -> Row:
    """The median ratio against its budget; a pair with any error fails the budget too."""
    ratios = [load.added_latency(a, b) for a, b in pairs]
    ratio = statistics.median(ratios)
    errors = sum(a.errors + b.errors for a, b in pairs)
    via_app = [a.p95_ms for a, _ in pairs]
    straight = [b.p95_ms for _, b in pairs]
    budget = ADDED_LATENCY_BUDGETS[count]
    return Row(
        f"added latency: p95 of a period change over p95 straight to Connect ({count} customers, "
        f"median of {len(ratios)} pairs)",
        f"{ratio:.3f} (pairs {', '.join(f'{r:.3f}' for r in ratios)}; p95 {min(via_app):.0f}-"
        f"{max(via_app):.0f} ms against {min(straight):.0f}-{max(straight):.0f} ms; "
        f"{sum(a.requests for a, _ in pairs)} period changes, {errors} errors)",
        f"<= {budget:.2f}, errors 0",
        ratio <= budget and errors == 0,
    )


def soak(
    options: argparse.Namespace,
    app: instances.AppInstance,
    customers: list[load.Customer],
    scratch: Path,
) -> Row:
    """Every customer looks at the dashboard and changes period, back to back; no error allowed."""
    load.look_all(customers)
    before = sum(c.seq for c in customers)
    say(f"soak: {len(customers)} customers for {options.soak_seconds:g} s")
    run = load.wrk(app.url, "mix", customers, options.soak_seconds, scratch)
    time.sleep(options.latency_ms / 1000 + 1)  # the changes wrk left in flight land
    load.look_all(customers)
    # An answer 200 that was not the next page (the stale notice, say) advanced nothing; the
    # app may count more than wrk saw answered: those wrk left in flight at the end.
    not_next = max(0, run.changes_answered - (sum(c.seq for c in customers) - before))
    errors = run.errors + not_next
    return Row(
        f"errors, {len(customers)} customers for {options.soak_seconds:g} s (dashboard, "
        "period change, ...)",
        f"{errors} of {run.requests} requests (socket {run.socket_errors}, HTTP "
        f"{run.http_errors}, not the next page {not_next}; p95 {run.p95_ms:.0f} ms)",
        "0",
        errors == 0,
    )


def calls_per_action(connect: StubConnect, customers: list[load.Customer]) -> Row:
    """Calls Connect received for the customers' tokens, against the actions the app counted."""
    load.look_all(customers)
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
    parser.add_argument("--pairs", type=int, default=3, help="interleaved pairs (A, B)")
    parser.add_argument("--pair-seconds", type=float, default=10, help="seconds of each side")
    parser.add_argument("--soak-customers", type=int, default=50)
    parser.add_argument("--soak-seconds", type=float, default=20)
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
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_average = os.getloadavg()[0]
    with ExitStack() as stack:
        staged = load.stage(stack, "bench", options.latency_ms)
        scratch, connect, env = staged.scratch, staged.connect, staged.env
        logs = options.log_dir or scratch
        logs.mkdir(parents=True, exist_ok=True)
        with_sandbox = {**env, "CONNECT_SANDBOX_ENABLED": "1"}
        say("migrating a throwaway PostgreSQL database and building the assets")
        # With the sandbox's tables too, which only an instance with the sandbox on installs.
        instances.migrate(with_sandbox)
        instances.collect_static(env)
        description = (
            f"make bench {started}: gunicorn {_gunicorn_model(env)}, DEBUG off, PostgreSQL, "
            f"Connect's stand-in answering after {options.latency_ms:g} ms; {_machine()} shared "
            f"with wrk and the stand-in, load average {load_average:.2f} at the start"
        )
        rows = instructions.measure(
            env, changes=options.counted_changes, warm_up=options.counted_changes, say=say
        )
        with _serving("app", env, logs) as app:
            rows += under_load(options, app, connect, scratch)
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


def under_load(
    options: argparse.Namespace, app: instances.AppInstance, connect: StubConnect, scratch: Path
) -> list[Row]:
    count = max(*ADDED_LATENCY_BUDGETS, options.soak_customers)
    say(f"entering {count} customers")
    customers = load.enter_all(app.url, count)
    try:
        rows = added_latency(
            options, app, connect, customers[: max(ADDED_LATENCY_BUDGETS)], scratch
        )
        rows.append(soak(options, app, customers[: options.soak_customers], scratch))
        rows.append(calls_per_action(connect, customers))
    finally:
        for customer in customers:
            customer.http.close()
    return rows


def _gunicorn_model(env: dict[str, str]) -> str:
    """The workers and threads gunicorn.conf.py chooses in this environment, as gunicorn says."""
    done = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config", "x:y"],
        cwd=instances.PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    said = dict(re.findall(r"^(\w+) += (.*)$", done.stdout, re.MULTILINE))
    if said.get("worker_class") == "gthread":
        return f"{said['workers']} workers x {said['threads']} threads"
    return f"{said.get('workers')} {said.get('worker_class')} workers"


def _machine() -> str:
    """The card of the machine measured on: its CPU model and cores."""
    models = re.findall(r"^model name\s*: (.*)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    return f"{models[0] if models else 'a CPU'}, {os.cpu_count()} cores"


_STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"bench [{time.monotonic() - _STARTED:5.1f} s]: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        say("interrupted; every server it started is stopped")
        sys.exit(130)
