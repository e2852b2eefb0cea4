"""`make bench`: throughput, latency and weight of the app as `make serve` runs it.

The app runs under gunicorn with the production settings of `make serve` (DEBUG off, hashed
compressed static files from WhiteNoise) on a throwaway SQLite database, and talks to a local
Connect stand-in that answers every call after a fixed latency (bench/connect_standin.py).

The budgets on speed are ratios measured in turns on this one server (bench/ratios.py): the
dashboard's read throughput against /healthz's, both driven by wrk (bench/wrk.py), and a period
change's app CPU per request against /healthz's. Then a thread per simulated customer drives the
dashboard, period changes and /healthz at each concurrency level, and a mixed soak at the
highest one, for the absolute figures; everything is printed in one table with the budgets it
is held to. The exit status is 1 if a budget fails.

Everything listens on 127.0.0.1 and every server started here is stopped on the way out,
Ctrl-C and errors included.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script (`python bench/run.py`), this directory is on sys.path, not the project.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import ExitStack, contextmanager  # noqa: E402
from types import FrameType  # noqa: E402

from bench import load, ratios, report, weight, wrk  # noqa: E402
from support import instances  # noqa: E402
from support.connect_standin import StandInProcess  # noqa: E402

# Direct calls to the stand-in before the run (at most), to show what its latency really costs.
CONNECT_PROBES = 50
READING_AND_ACTING = (load.Scenario.DASHBOARD, load.Scenario.PERIOD_CHANGE, load.Scenario.HEALTHZ)
# The ratio budgets are held at this many connections (clients).
RATIO_CLIENTS = 10
# What a browser sends besides its cookies: the dashboard is served compressed, as to a browser.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br"}


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the app as `make serve` runs it.")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured per level")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured seconds per level")
    parser.add_argument("--soak", type=float, default=30.0, help="seconds of the mixed soak")
    parser.add_argument("--clients", default="1,10,50", help="concurrency levels, comma-separated")
    parser.add_argument(
        "--pairs",
        type=int,
        default=ratios.MIN_PAIRS,
        help=f"interleaved pairs per ratio budget (at least {ratios.MIN_PAIRS} count)",
    )
    parser.add_argument(
        "--pair-seconds", type=float, default=5.0, help="seconds of each side of a pair"
    )
    parser.add_argument(
        "--connect-latency-ms", type=float, default=20.0, help="the stand-in's fixed latency"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="an EMPTY database to migrate and use (default: a throwaway SQLite file)",
    )
    parser.add_argument(
        "--log-dir", type=Path, help="keep the app's and the stand-in's logs here (default: drop)"
    )
    options = parser.parse_args(argv)
    options.levels = sorted({int(n) for n in options.clients.split(",") if n.strip()})
    if not options.levels or options.levels[0] < 1:
        parser.error("--clients needs whole numbers of at least 1")
    if options.pairs < 1 or options.pair_seconds < 1:
        parser.error("--pairs and --pair-seconds need at least 1")
    return options


def _stop_on_terminate(signum: int, frame: FrameType | None) -> None:
    # Unwinds through every `finally` and ExitStack callback, like Ctrl-C does.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    wrk.executable()  # before anything starts: without wrk there is no read budget
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        logs = options.log_dir or workdir
        logs.mkdir(parents=True, exist_ok=True)
        standin = StandInProcess(options.connect_latency_ms / 1000, logs / "standin.log")
        stack.callback(standin.stop)
        database_url = options.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
        env = instances.production_env(database_url=database_url, connect_url=standin.url)
        _say("migrating the database and collecting static files (as `make serve` does)")
        instances.migrate(env)
        instances.collect_static(env)
        app = instances.start_instance("app", env, logs)
        stack.callback(app.stop)
        with _log_shown_on_failure(app):
            findings = _measure(options, app, standin, _describe(options, database_url))
        print(report.render(findings))
        return 0 if all(b.passed for b in report.budgets(findings)) else 1
    return 1  # not reached: ExitStack does not swallow exceptions


def _measure(
    options: argparse.Namespace,
    app: instances.AppInstance,
    standin: StandInProcess,
    description: str,
) -> report.Findings:
    findings = report.Findings(description, options.connect_latency_ms / 1000)
    _say("timing calls straight to the Connect stand-in")
    # About a second of probing whatever the latency, but never fewer than a handful.
    probes = max(5, min(CONNECT_PROBES, int(1 / max(findings.connect_latency_s, 1e-3))))
    findings.connect_round_trips_s = standin.round_trips_s(probes)
    customers = max(*options.levels, RATIO_CLIENTS)
    _say(f"entering {customers} customers")
    visitors = load.enter_all(app.url, customers)
    try:
        _weigh(findings, visitors[0])
        calls_before = _calls(standin)
        findings.read_ratio = _read_ratio(options, app, visitors[0])
        findings.connect_calls_while_reading += _calls(standin) - calls_before
        findings.cpu_ratio = _cpu_ratio(options, app, visitors[:RATIO_CLIENTS], findings)
        for scenario in READING_AND_ACTING:
            if _had_errors(findings):
                # A request given up on may still be on its way to Connect: let it land first.
                _wait_until_connect_is_quiet(standin)
            calls_before = _calls(standin)
            for clients in options.levels:
                _say(f"{scenario.value}: {_clients(clients)}")
                result = _level(options, app, scenario, visitors[:clients])
                findings.levels.append(result)
                findings.answered_actions += result.actions
            if scenario is not load.Scenario.PERIOD_CHANGE:
                # Reading a page must never call Connect: only actions do.
                findings.connect_calls_while_reading += _calls(standin) - calls_before
        if options.soak > 0:
            most = visitors[: max(options.levels)]
            _say(f"soak: {len(most)} clients for {options.soak:g} s")
            findings.soak = _level(options, app, load.Scenario.MIX, most, soak=True)
            findings.answered_actions += findings.soak.actions
        _count_actions(findings, visitors, standin)
    finally:
        for visitor in visitors:
            visitor.close()
    return findings


def _level(
    options: argparse.Namespace,
    app: instances.AppInstance,
    scenario: load.Scenario,
    visitors: list[load.Visitor],
    *,
    soak: bool = False,
) -> load.LevelResult:
    return load.run_level(
        scenario,
        visitors,
        duration_s=options.soak if soak else options.duration,
        # The soak counts from its first request: errors at start-up are errors too.
        warmup_s=0 if soak else options.warmup,
        app_cpu=app.cpu_seconds,
    )


def _read_ratio(
    options: argparse.Namespace, app: instances.AppInstance, visitor: load.Visitor
) -> ratios.Ratio:
    """The dashboard's throughput against /healthz's, both by wrk, in interleaved pairs."""
    # One customer's browser: their cookies (session and CSRF) and a browser's encodings.
    cookies = "; ".join(f"{name}={value}" for name, value in visitor.http.cookies.items())
    dashboard_headers = {"Cookie": cookies, **BROWSER_HEADERS}
    load.look_at_dashboard(visitor)  # the cookies must open the dashboard, not the welcome page

    def dashboard() -> tuple[float, int]:
        return _wrk(app.url + "/", dashboard_headers, options.pair_seconds)

    def healthz() -> tuple[float, int]:
        return _wrk(app.url + "/healthz", BROWSER_HEADERS, options.pair_seconds)

    _say(f"warming up, then {options.pairs} pairs of wrk on / and /healthz")
    _wrk(app.url + "/", dashboard_headers, 1)
    _wrk(app.url + "/healthz", BROWSER_HEADERS, 1)
    ratio = ratios.Ratio(
        "dashboard GET /",
        "GET /healthz",
        "req/s",
        f"wrk, {RATIO_CLIENTS} connections, {options.pair_seconds:g} s each, one customer's "
        "cookies, Accept-Encoding as a browser",
    )
    return ratios.interleave(ratio, dashboard, healthz, options.pairs)


def _wrk(url: str, headers: dict[str, str], seconds: float) -> tuple[float, int]:
    run = wrk.run(url, connections=RATIO_CLIENTS, duration_s=seconds, headers=headers)
    return run.requests_per_s, run.errors


def _cpu_ratio(
    options: argparse.Namespace,
    app: instances.AppInstance,
    visitors: list[load.Visitor],
    findings: report.Findings,
) -> ratios.Ratio:
    """A period change's app CPU per request against /healthz's, in interleaved pairs."""

    def cpu_per_request(scenario: load.Scenario) -> tuple[float, int]:
        result = load.run_level(
            scenario,
            visitors,
            duration_s=options.pair_seconds,
            warmup_s=0,
            app_cpu=app.cpu_seconds,
        )
        findings.answered_actions += result.actions
        return result.app_cpu_ms_per_request, result.error_count

    _say(f"{options.pairs} pairs of period changes and /healthz, {len(visitors)} clients")
    ratio = ratios.Ratio(
        "period change POST /act",
        "GET /healthz",
        "app CPU ms/req",
        f"the bench's clients, {len(visitors)} at once, {options.pair_seconds:g} s each; "
        "gunicorn's user + system time over the requests answered",
    )
    return ratios.interleave(
        ratio,
        lambda: cpu_per_request(load.Scenario.PERIOD_CHANGE),
        lambda: cpu_per_request(load.Scenario.HEALTHZ),
        options.pairs,
    )


def _count_actions(
    findings: report.Findings, visitors: list[load.Visitor], standin: StandInProcess
) -> None:
    """Actions by the app's own count, against the calls Connect received."""
    if _had_errors(findings):
        _wait_until_connect_is_quiet(standin)
    findings.actions["session_start"] = len(visitors)
    findings.actions["CHANGE_PERIOD"] = sum(load.actions_forwarded(v) for v in visitors)
    findings.connect_calls = Counter(standin.calls_by_kind())


def _had_errors(findings: report.Findings) -> bool:
    return any(r.errors for r in [*findings.levels, *filter(None, [findings.soak])]) or bool(
        findings.cpu_ratio and findings.cpu_ratio.errors
    )


def _wait_until_connect_is_quiet(standin: StandInProcess) -> None:
    deadline = time.monotonic() + load.REQUEST_TIMEOUT_S * 2
    calls = _calls(standin)
    while time.monotonic() < deadline:
        time.sleep(1)
        calls, before = _calls(standin), calls
        if calls == before:
            return


def _clients(count: int) -> str:
    return f"{count} client{'' if count == 1 else 's'}"


def _calls(standin: StandInProcess) -> int:
    return sum(standin.calls_by_kind().values())


def _weigh(findings: report.Findings, visitor: load.Visitor) -> None:
    _say("weighing a first load and a period change")
    findings.first_load = weight.first_load(visitor)
    findings.period_change = weight.period_change(visitor)
    findings.answered_actions += 1


def _describe(options: argparse.Namespace, database_url: str) -> str:
    # gunicorn.conf.py's defaults, unless the environment overrides them as `make serve` allows.
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    threads = os.environ.get("GUNICORN_THREADS", "8")
    database = database_url.split(":", 1)[0]
    # Latency on a shared machine depends on what else runs: say how busy it was.
    load_average = os.getloadavg()[0]
    return (
        f"make bench: gunicorn {workers} workers x {threads} threads, DEBUG off, {database}, "
        f"Connect stand-in answering after {options.connect_latency_ms:g} ms\n"
        f"{options.duration:g} s measured per level after {options.warmup:g} s of warm-up; "
        f"{os.cpu_count()} CPUs shared by the app, the stand-in and the load generator "
        f"(load average {load_average:.2f} at the start)"
    )


@contextmanager
def _log_shown_on_failure(app: instances.AppInstance) -> Iterator[None]:
    try:
        yield
    except Exception:  # not on Ctrl-C or SIGTERM: the log would only hide what the user did
        print(f"--- last lines of the app's log ({app.log_path}) ---", file=sys.stderr)
        print(app.log_tail(), file=sys.stderr)
        raise


_STARTED = time.monotonic()


def _say(message: str) -> None:
    print(f"bench [{time.monotonic() - _STARTED:5.1f} s]: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        _say("interrupted; every server it started is stopped")
        sys.exit(130)
