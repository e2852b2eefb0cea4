"""Concurrency models side by side: the added latency of each, measured as `make bench` does.

    python bench/concurrency.py gthread:2x8 gthread:2x32 gevent:2 --customers 10 50

Each model is one instance of `make serve`'s configuration (gunicorn.conf.py; the model chosen by
the environment an integrator would set), all on one throwaway PostgreSQL database, talking to
one Connect stand-in answering after 300 ms. Every customer count is measured in rounds; in each
round every model takes a turn of its customers changing period (A), its instance started and
warmed up for the turn and stopped after it, and the same calls are made straight to the
stand-in (B), in an order that rotates from round to round, so a drift of this shared machine
reaches every model alike. Each model's figure is the median over the rounds
of its p95 over that round's p95 straight to the stand-in.

Models: `gthread:WxT` (W workers of T threads) and `gevent:W` (W workers of gevent's greenlets;
persistent database connections off, since a greenlet's connection is left open after its one
request). gevent is no dependency of the app: install it aside and name the directory,

    .venv/bin/pip install --target /tmp/gevent gevent==26.9.0
    python bench/concurrency.py gthread:2x32 gevent:2 --gevent-path /tmp/gevent
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script (`python bench/concurrency.py`), this directory is on sys.path, not the project.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import ExitStack, contextmanager  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import httpx  # noqa: E402
import psycopg  # noqa: E402

from bench import load  # noqa: E402
from support import instances  # noqa: E402
from support.connect_stub import StubConnect  # noqa: E402


@dataclass
class Model:
    """One concurrency model: its name, the environment that selects it, its customers, figures."""

    name: str
    env: dict[str, str]
    customers: list[load.Customer] = field(default_factory=list)
    ratios: dict[int, list[float]] = field(default_factory=dict)
    turns: dict[int, list[load.Turn]] = field(default_factory=dict)
    cpu_ms: dict[int, list[float]] = field(default_factory=dict)
    connections: dict[int, int] = field(default_factory=dict)  # the most held at once


def model(spec: str, gevent_path: str) -> Model:
    kind, _, shape = spec.partition(":")
    if kind == "gthread":
        workers, _, threads = shape.partition("x")
        return Model(spec, {"WEB_CONCURRENCY": workers, "GUNICORN_THREADS": threads})
    if kind == "gevent":
        return Model(
            spec,
            {
                "WEB_CONCURRENCY": shape,
                "GUNICORN_CMD_ARGS": "--worker-class gevent --worker-connections 1000",
                "PYTHONPATH": gevent_path,
                "DATABASE_CONN_MAX_AGE": "0",
            },
        )
    raise SystemExit(f"{spec}: a model is gthread:WORKERSxTHREADS or gevent:WORKERS")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("models", nargs="+", help="gthread:2x8, gevent:2, ...")
    parser.add_argument("--customers", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10, help="of each turn")
    parser.add_argument("--latency-ms", type=float, default=300)
    parser.add_argument("--log-dir", type=Path, help="keep the instances' logs here")
    parser.add_argument("--gevent-path", default="", help="a directory gevent is installed in")
    options = parser.parse_args(argv)
    models = [model(spec, options.gevent_path) for spec in options.models]
    with ExitStack() as stack:
        staged = load.stage(stack, "capacity", options.latency_ms)
        scratch, connect, env = staged.scratch, staged.connect, staged.env
        say("migrating a throwaway PostgreSQL database and building the assets")
        instances.migrate(env)
        instances.collect_static(env)
        logs = options.log_dir or scratch
        logs.mkdir(parents=True, exist_ok=True)
        for each in models:
            with serving(each, env, logs) as app:
                each.customers = load.enter_all(app.url, max(options.customers))
            say(f"{each.name}: {len(each.customers)} customers entered")
        for count in options.customers:
            measure(models, connect, count, options, env, logs, scratch)
        for each in models:
            for customer in each.customers:
                customer.http.close()
        print_table(models, options)
    return 0


@contextmanager
def serving(model: Model, env: dict[str, str], logs: Path) -> Iterator[instances.AppInstance]:
    """The model's instance for one turn, its customers pointed at it; stopped after the turn.

    One instance at a time: every thread keeps its own PostgreSQL connection, and the models
    side by side would hold more than the server allows (100), which other work shares.
    """
    app = instances.start_instance(model.name.replace(":", "-"), {**env, **model.env}, logs)
    try:
        worker = re.search(r"Using worker: (\w+)", app.log_path.read_text())
        if worker is None or worker.group(1) != model.name.partition(":")[0]:
            raise SystemExit(f"{model.name} runs {worker and worker.group(1)} workers")
        for customer in model.customers:
            customer.http.base_url = httpx.URL(app.url)
        yield app
    finally:
        app.stop()


@contextmanager
def peak_connections(database: str) -> Iterator[list[int]]:
    """The most connections to the database seen at once, sampled every 0.2 s while inside."""
    peak, done = [0], threading.Event()

    def sample() -> None:
        with psycopg.connect(database, autocommit=True) as connection:
            while not done.wait(0.2):
                row = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                ).fetchone()
                peak[0] = max(peak[0], int(row[0]) if row else 0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peak
    finally:
        done.set()
        sampler.join()


def measure(
    models: list[Model],
    connect: StubConnect,
    count: int,
    options: argparse.Namespace,
    env: dict[str, str],
    logs: Path,
    scratch: Path,
) -> None:
    straight = load.direct(models[0].customers[:count])
    for number in range(options.rounds):
        sides: list[Model | None] = [None, *models]
        shift = number % len(sides)
        sides = sides[shift:] + sides[:shift]
        turns: dict[str, load.Turn] = {}
        for side in sides:
            if side is None:
                load.wrk(connect.url, "direct", straight, 3, scratch)  # as warm as the app's side
                turns[""] = load.wrk(connect.url, "direct", straight, options.seconds, scratch)
                continue
            customers = side.customers[:count]
            with serving(side, env, logs) as app:
                load.look_all(customers)
                load.wrk(app.url, "act", customers, 3, scratch)  # a warm instance is measured
                load.look_all(customers)
                before = app.cpu_seconds()
                with peak_connections(env["DATABASE_URL"]) as peak:
                    turns[side.name] = load.wrk(app.url, "act", customers, options.seconds, scratch)
                side.connections[count] = max(side.connections.get(count, 0), peak[0])
                side.cpu_ms.setdefault(count, []).append(
                    (app.cpu_seconds() - before) * 1000 / max(turns[side.name].requests, 1)
                )
        b = turns[""]
        for each in models:
            a = turns[each.name]
            each.turns.setdefault(count, []).append(a)
            each.ratios.setdefault(count, []).append(load.added_latency(a, b))
        say(
            f"{count} customers, round {number + 1}: straight p95 {b.p95_ms:.0f} ms; "
            + "; ".join(
                f"{each.name} p95 {turns[each.name].p95_ms:.0f} ms "
                f"({each.ratios[count][-1]:.2f}, {turns[each.name].per_second:.0f}/s, "
                f"{turns[each.name].errors} errors)"
                for each in models
            )
        )


def print_table(models: list[Model], options: argparse.Namespace) -> None:
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M')}, Connect's stand-in after {options.latency_ms:g} "
        f"ms, {options.rounds} rounds of {options.seconds:g} s\n"
    )
    print(
        "| model | customers | added latency (median; rounds) | p95 via the app | changes/s | "
        "errors | CPU per change | PostgreSQL connections |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for count in options.customers:
        for each in models:
            ratios, turns = each.ratios[count], each.turns[count]
            print(
                f"| {each.name} | {count} | {statistics.median(ratios):.2f} "
                f"({', '.join(f'{r:.2f}' for r in ratios)}) | "
                f"{min(t.p95_ms for t in turns):.0f}-{max(t.p95_ms for t in turns):.0f} ms | "
                f"{statistics.median(t.per_second for t in turns):.0f} | "
                f"{sum(t.errors for t in turns)} | "
                f"{statistics.median(each.cpu_ms[count]):.1f} ms | {each.connections[count]} |"
            )


_STARTED = time.monotonic()


def say(message: str) -> None:
    print(
        f"concurrency [{time.monotonic() - _STARTED:5.1f} s]: {message}",
        file=sys.stderr,
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
