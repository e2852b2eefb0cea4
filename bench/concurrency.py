"""Concurrency models side by side: the added latency of each, measured as `make bench` does.

    python bench/concurrency.py gthread:2x8 gthread:2x32 gevent:2 --customers 10 50

Each model is one instance of `make serve`'s configuration (gunicorn.conf.py; the model chosen by
the environment an integrator would set), all on one throwaway PostgreSQL database, talking to
one Connect stand-in answering after 300 ms. Every customer count is measured in rounds; in each
round every instance takes a turn of its customers changing period (A) and the same calls are
made straight to the stand-in (B), in an order that rotates from round to round, so a drift of
this shared machine reaches every model alike. Each model's figure is the median over the rounds
of its p95 over that round's p95 straight to the stand-in.

Models: `gthread:WxT` (W workers of T threads) and `gevent:W` (W workers of gevent's greenlets,
gevent importable from --gevent-path; persistent database connections off, since a greenlet's
connection would outlive nothing but its one request).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script (`python bench/concurrency.py`), this directory is on sys.path, not the project.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from contextlib import ExitStack  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from bench import load  # noqa: E402
from support import instances  # noqa: E402
from support.connect_stub import StubConnect, vpp_summary_reply  # noqa: E402


@dataclass
class Model:
    """One concurrency model: its name, the environment that selects it, and its instance."""

    name: str
    env: dict[str, str]
    app: instances.AppInstance | None = None
    customers: list[load.Customer] = field(default_factory=list)
    ratios: dict[int, list[float]] = field(default_factory=dict)
    turns: dict[int, list[load.Turn]] = field(default_factory=dict)
    cpu_ms: dict[int, list[float]] = field(default_factory=dict)


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
    parser.add_argument("--gevent-path", default="", help="a directory gevent is installed in")
    options = parser.parse_args(argv)
    models = [model(spec, options.gevent_path) for spec in options.models]
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="concurrency-")))
        connect = stack.enter_context(
            StubConnect(
                latency_s=options.latency_ms / 1000, keep_alive=True, always=vpp_summary_reply
            )
        )
        database = stack.enter_context(instances.throwaway_postgres_database("capacity"))
        env = instances.production_env(
            database_url=database,
            connect_url=connect.url,
            extra={"DJANGO_STATIC_ROOT": str(scratch / "static")},
        )
        say("migrating a throwaway PostgreSQL database and building the assets")
        instances.migrate(env)
        instances.collect_static(env)
        for each in models:
            each.app = instances.start_instance(each.name, {**env, **each.env}, scratch)
            stack.callback(each.app.stop)
            worker = re.search(r"Using worker: (\w+)", each.app.log_path.read_text())
            if worker is None or worker.group(1) != each.name.partition(":")[0]:
                raise SystemExit(f"{each.name} runs {worker and worker.group(1)} workers")
            each.customers = load.enter_all(each.app.url, max(options.customers))
            say(f"{each.name}: {each.app.url}, {len(each.customers)} customers entered")
        for count in options.customers:
            measure(models, connect, count, options, scratch)
        for each in models:
            for customer in each.customers:
                customer.http.close()
        print_table(models, options)
    return 0


def measure(
    models: list[Model],
    connect: StubConnect,
    count: int,
    options: argparse.Namespace,
    scratch: Path,
) -> None:
    straight = load.direct(models[0].customers[:count])
    say(f"{count} customers: warming every side up")
    load.wrk(connect.url, "direct", straight, 3, scratch)
    for each in models:
        assert each.app is not None
        load.wrk(each.app.url, "act", each.customers[:count], 3, scratch)
    for number in range(options.rounds):
        sides: list[Model | None] = [None, *models]
        shift = number % len(sides)
        sides = sides[shift:] + sides[:shift]
        turns: dict[str, load.Turn] = {}
        for side in sides:
            if side is None:
                turns[""] = load.wrk(connect.url, "direct", straight, options.seconds, scratch)
                continue
            assert side.app is not None
            customers = side.customers[:count]
            load.look_all(customers)
            before = side.app.cpu_seconds()
            turns[side.name] = load.wrk(side.app.url, "act", customers, options.seconds, scratch)
            side.cpu_ms.setdefault(count, []).append(
                (side.app.cpu_seconds() - before) * 1000 / max(turns[side.name].requests, 1)
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
        "| model | customers | added latency (median; rounds) | p95 via the app | "
        "changes/s | errors | CPU per change |"
    )
    print("|---|---|---|---|---|---|---|")
    for count in options.customers:
        for each in models:
            ratios, turns = each.ratios[count], each.turns[count]
            print(
                f"| {each.name} | {count} | {statistics.median(ratios):.2f} "
                f"({', '.join(f'{r:.2f}' for r in ratios)}) | "
                f"{min(t.p95_ms for t in turns):.0f}-{max(t.p95_ms for t in turns):.0f} ms | "
                f"{statistics.median(t.per_second for t in turns):.0f} | "
                f"{sum(t.errors for t in turns)} | "
                f"{statistics.median(each.cpu_ms[count]):.1f} ms |"
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
