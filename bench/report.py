"""The benchmark's figures as a readable table, and the budgets they are held to."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bench.load import LevelResult, Scenario, percentile
from bench.ratios import MIN_PAIRS, Ratio
from bench.weight import Transfer

KB = 1000  # budgets are in kilobytes of 1000 bytes, the stricter reading

# The budgets this app is held to (the figures are printed next to them). The two on speed are
# ratios of interleaved pairs on one server (bench/ratios.py): a machine's drift cancels out.
READ_THROUGHPUT_RATIO_BUDGET = 0.25  # dashboard GET / over /healthz, wrk at 10 connections
PERIOD_CHANGE_CPU_RATIO_BUDGET = 4.0  # a period change's app CPU over /healthz's
FIRST_LOAD_BUDGET_BYTES = 110 * KB
PERIOD_CHANGE_BUDGET_BYTES = 8 * KB
CONNECT_CALLS_PER_ACTION = 1.0


@dataclass(frozen=True)
class Budget:
    name: str
    figure: str
    limit: str
    passed: bool


@dataclass
class Findings:
    """Everything one run measured."""

    description: str
    connect_latency_s: float
    levels: list[LevelResult] = field(default_factory=list)
    soak: LevelResult | None = None
    first_load: list[Transfer] = field(default_factory=list)
    period_change: Transfer | None = None
    # By kind, by the app's count: entries, and page numbers advanced by period changes.
    actions: Counter[str] = field(default_factory=Counter)
    answered_actions: int = 0  # period changes whose answer was the next page
    connect_calls: Counter[str] = field(default_factory=Counter)  # by kind, as Connect saw them
    connect_calls_while_reading: int = 0  # during the dashboard and healthz phases
    connect_round_trips_s: list[float] = field(default_factory=list)  # straight to the stand-in
    read_ratio: Ratio | None = None  # dashboard throughput over /healthz's, by wrk
    cpu_ratio: Ratio | None = None  # a period change's app CPU over /healthz's

    def level(self, scenario: Scenario, clients: int) -> LevelResult | None:
        return next(
            (r for r in self.levels if r.scenario is scenario and r.clients == clients), None
        )

    @property
    def standin_ms(self) -> float:
        """What a call straight to the stand-in takes, as the load generator measures it.

        It holds the configured latency plus the stand-in's own work and the load generator's
        own HTTP client, neither of which is the app's; without a measurement, the latency.
        """
        if self.connect_round_trips_s:
            return percentile(self.connect_round_trips_s, 50) * 1000
        return self.connect_latency_s * 1000

    def overhead_ms(self, result: LevelResult, percent: float) -> float:
        """The app's own share of a period change: its latency minus the stand-in's."""
        return result.percentile_ms(percent) - self.standin_ms

    def overhead_beyond_latency_ms(self, result: LevelResult, percent: float) -> float:
        """The stricter reading: everything beyond the configured latency counts."""
        return result.percentile_ms(percent) - self.connect_latency_s * 1000

    @property
    def calls_per_action(self) -> float:
        actions = sum(self.actions.values())
        return sum(self.connect_calls.values()) / actions if actions else float("nan")


def render(findings: Findings) -> str:
    return "\n".join(
        [
            findings.description,
            "",
            *_pairs(findings.read_ratio),
            "",
            *_pairs(findings.cpu_ratio),
            "",
            *_levels_table(findings),
            "",
            *_ratios(findings),
            "",
            *_overheads(findings),
            "",
            *_connect_calls(findings),
            "",
            *_weights(findings),
            "",
            *_soak(findings),
            "",
            "budgets",
            *(
                f"  {'PASS' if b.passed else 'FAIL'}  {b.name}: {b.figure} (budget {b.limit})"
                for b in budgets(findings)
            ),
        ]
    )


def _levels_table(findings: Findings) -> list[str]:
    lines = [
        f"{'scenario':<28}{'clients':>8}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'errors':>7}{'app CPU ms/req':>16}{'load gen CPU':>14}"
    ]
    for r in findings.levels:
        lines.append(
            f"{r.scenario.value:<28}{r.clients:>8}{r.requests_per_s:>8.1f}"
            f"{r.percentile_ms(50):>8.1f}{r.percentile_ms(95):>8.1f}{r.percentile_ms(99):>8.1f}"
            f"{r.error_count:>7}{r.app_cpu_ms_per_request:>16.1f}"
            f"{r.generator_cpu_percent:>13.0f}%"
        )
    lines.append("(app CPU: gunicorn master and workers, user + system; load gen CPU: of one core)")
    for r in findings.levels:
        if r.errors:
            lines.append(f"errors, {r.scenario.value} at {r.clients}: {_kinds(r)}")
    return lines


def _kinds(result: LevelResult) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in result.errors.most_common()) or "none"


def _ratios(findings: Findings) -> list[str]:
    parts = []
    for health in (r for r in findings.levels if r.scenario is Scenario.HEALTHZ):
        dashboard = findings.level(Scenario.DASHBOARD, health.clients)
        if dashboard is not None and health.requests_per_s:
            ratio = dashboard.requests_per_s / health.requests_per_s
            parts.append(f"{ratio:.2f} at {health.clients}")
    return ["dashboard throughput / healthz throughput: " + (", ".join(parts) or "n/a")]


def _pairs(ratio: Ratio | None) -> list[str]:
    if ratio is None:
        return ["ratio: not measured"]
    lines = [
        f"{ratio.a_name} / {ratio.b_name}, {ratio.unit}, interleaved pairs (A, B, A, B, ...):",
        f"  ({ratio.how})",
        f"  {'pair':>6}{'A':>12}{'B':>12}{'A / B':>9}{'errors':>8}",
    ]
    for number, pair in enumerate(ratio.pairs, start=1):
        lines.append(
            f"  {number:>6}{pair.a:>12.2f}{pair.b:>12.2f}{pair.ratio:>9.2f}{pair.errors:>8}"
        )
    lines.append(f"  median of {len(ratio.pairs)} pairs: {ratio.median:.2f}")
    return lines


def _overheads(findings: Findings) -> list[str]:
    lines = [
        f"app overhead per period change, for information (its latency - the stand-in's, "
        f"{findings.standin_ms:.1f} ms at p50):"
    ]
    if findings.connect_round_trips_s:
        trips = findings.connect_round_trips_s
        lines.append(
            f"  (a call straight to the stand-in, configured to answer after "
            f"{findings.connect_latency_s * 1000:g} ms, took p50 {percentile(trips, 50) * 1000:.1f}"
            f" ms, p95 {percentile(trips, 95) * 1000:.1f} ms)"
        )
    for r in findings.levels:
        if r.scenario is Scenario.PERIOD_CHANGE:
            lines.append(
                f"  {r.clients:>3} client{'' if r.clients == 1 else 's'}: "
                f"p50 {findings.overhead_ms(r, 50):.1f} ms, "
                f"p95 {findings.overhead_ms(r, 95):.1f} ms "
                f"(beyond the configured {findings.connect_latency_s * 1000:g} ms: "
                f"p50 {findings.overhead_beyond_latency_ms(r, 50):.1f}, "
                f"p95 {findings.overhead_beyond_latency_ms(r, 95):.1f})"
            )
    return lines


def _connect_calls(findings: Findings) -> list[str]:
    actions = ", ".join(f"{n} {kind}" for kind, n in sorted(findings.actions.items()))
    calls = ", ".join(f"{n} {kind}" for kind, n in sorted(findings.connect_calls.items()))
    return [
        f"Connect calls per customer action: {_ratio(findings.calls_per_action)}",
        f"  actions forwarded (by the page numbers the app advanced): {actions}",
        f"  period changes answered with the next page: {findings.answered_actions}",
        f"  calls Connect received: {calls}",
        f"  calls during dashboard and healthz load: {findings.connect_calls_while_reading}",
    ]


def _weights(findings: Findings) -> list[str]:
    lines = [
        "bytes on the wire (Accept-Encoding: gzip, br; headers + body as sent):",
        f"  {'response':<58}{'encoding':>9}{'body':>9}{'decoded':>9}{'wire':>9}",
    ]
    for t in [*findings.first_load, *([findings.period_change] if findings.period_change else [])]:
        lines.append(
            f"  {t.what[:58]:<58}{t.encoding:>9}{t.body_bytes:>9}{t.decoded_bytes:>9}"
            f"{t.wire_bytes:>9}"
        )
    lines.append(f"  first load total: {first_load_bytes(findings):,} bytes")
    return lines


def _soak(findings: Findings) -> list[str]:
    soak = findings.soak
    if soak is None:
        return ["soak: not run"]
    return [
        f"soak: {soak.clients} clients for {soak.window_s:.0f} s, dashboard + period change mix",
        f"  {len(soak.latencies_s)} requests, {soak.requests_per_s:.1f} req/s, "
        f"p50 {soak.percentile_ms(50):.1f} ms, p95 {soak.percentile_ms(95):.1f} ms, "
        f"p99 {soak.percentile_ms(99):.1f} ms",
        f"  app CPU {soak.app_cpu_ms_per_request:.1f} ms per request",
        f"  errors: {soak.error_count} ({_kinds(soak)})",
    ]


def _ratio(value: float) -> str:
    # Exactly one shows as 1.00; anything else with enough digits not to look like 1.00.
    return "1.00" if value == CONNECT_CALLS_PER_ACTION else f"{value:.4f}"


def _ratio_figure(ratio: Ratio, errors: str) -> str:
    spread = ", ".join(f"{p.ratio:.2f}" for p in ratio.pairs)
    return f"{ratio.median:.2f}, median of {len(ratio.pairs)} pairs ({spread}; {errors})"


def first_load_bytes(findings: Findings) -> int:
    return sum(t.wire_bytes for t in findings.first_load)


def budgets(findings: Findings) -> list[Budget]:
    found: list[Budget] = []
    if findings.read_ratio is not None:
        read = findings.read_ratio
        found.append(
            Budget(
                "dashboard throughput / /healthz's, wrk at 10 connections",
                _ratio_figure(read, f"{read.errors} errors"),
                f">= {READ_THROUGHPUT_RATIO_BUDGET:.2f}, no errors, {MIN_PAIRS}+ pairs",
                read.enough_pairs
                and read.errors == 0
                and read.median >= READ_THROUGHPUT_RATIO_BUDGET,
            )
        )
    if findings.cpu_ratio is not None:
        cpu = findings.cpu_ratio
        found.append(
            Budget(
                "period change app CPU / /healthz's",
                _ratio_figure(cpu, f"{cpu.errors} errors"),
                f"<= {PERIOD_CHANGE_CPU_RATIO_BUDGET:.0f}, no errors, {MIN_PAIRS}+ pairs",
                cpu.enough_pairs
                and cpu.errors == 0
                and cpu.median <= PERIOD_CHANGE_CPU_RATIO_BUDGET,
            )
        )
    if findings.soak is not None:
        soak = findings.soak
        found.append(
            Budget(
                f"errors, {soak.clients} clients for {soak.window_s:.0f} s",
                str(soak.error_count),
                "0",
                soak.error_count == 0,
            )
        )
    total = first_load_bytes(findings)
    found.append(
        Budget(
            "first load",
            f"{total / KB:.1f} KB",
            f"<= {FIRST_LOAD_BUDGET_BYTES / KB:.0f} KB",
            0 < total <= FIRST_LOAD_BUDGET_BYTES,
        )
    )
    if findings.period_change is not None:
        size = findings.period_change.wire_bytes
        found.append(
            Budget(
                "period change",
                f"{size / KB:.1f} KB",
                f"<= {PERIOD_CHANGE_BUDGET_BYTES / KB:.0f} KB",
                size <= PERIOD_CHANGE_BUDGET_BYTES,
            )
        )
    ratio = findings.calls_per_action
    found.append(
        Budget(
            "Connect calls per customer action",
            f"{_ratio(ratio)} (and {findings.connect_calls_while_reading} while reading)",
            "exactly 1.00, and 0 for reads",
            ratio == CONNECT_CALLS_PER_ACTION and findings.connect_calls_while_reading == 0,
        )
    )
    return found
