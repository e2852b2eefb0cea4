"""The load: customers with their own browser sessions, driven by threads for a fixed time.

Each simulated customer enters once with their own token (as `tests/journey.py`'s Customer
does), then keeps their cookies, CSRF token and the page's sequence number across every phase.
A period change posts the sequence number of the last page that customer saw and reads the next
one from the htmx partial it gets back, so the one-action guard (A5) never sees a repeat: any
answer that is not "the next page" is an error here, a stale one included.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum

import httpx

from tests.journey import Customer

# A customer who waits longer than this has given up: the request counts as an error.
REQUEST_TIMEOUT_S = 10.0
ENTERING_AT_ONCE = 10
# Starting fifty threads takes milliseconds; a start line nobody reaches is a bug, not a wait.
BARRIER_TIMEOUT_S = 30.0
# A bound on each client's loop whatever the clock does; far above what 10 s can reach.
MAX_REQUESTS_PER_CLIENT = 100_000
_SEQ = re.compile(r'name="seq" value="(\d+)"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The start of conversation.STALE_NOTICE (not imported: that module needs Django set up).
STALE_WORDS = "That page had already changed"
# Two months the stand-in has data for; a customer flips between them.
MONTHS = ("2025-01-01", "2025-02-01")


class Scenario(Enum):
    DASHBOARD = "dashboard (GET /)"
    PERIOD_CHANGE = "period change (POST /act)"
    HEALTHZ = "healthz (GET /healthz)"
    MIX = "dashboard + period change"


class Unexpected(Exception):
    """An answer that is not what a working app gives: counted as an error of its own kind."""


@dataclass
class Visitor:
    """One customer's browser session: cookies, the CSRF token, the page number last shown."""

    customer: Customer
    token: str
    csrf: str = ""
    seq: int = 0
    entry_seq: int = 0  # the page number right after entering
    flips: int = 0  # period changes made: which of the two months comes next
    turns: int = 0  # requests made in the soak's mix: which of look and change comes next

    @property
    def http(self) -> httpx.Client:
        return self.customer.http

    def read_page(self, html: str) -> None:
        """Take the sequence number (and the CSRF token) from a page or partial just shown."""
        seq, csrf = _SEQ.search(html), _CSRF.search(html)
        if seq is None or csrf is None:
            raise Unexpected("page without a form")
        self.seq, self.csrf = int(seq.group(1)), csrf.group(1)

    def reconnect(self) -> None:
        """A new connection pool with the same cookies, so no keep-alive socket idles between
        phases long enough for gunicorn (keepalive = 5 s) to close it under our feet."""
        old = self.http
        self.customer.http = httpx.Client(
            base_url=old.base_url, cookies=old.cookies, follow_redirects=False, timeout=30
        )
        old.close()

    def close(self) -> None:
        self.customer.close()


def enter_all(base_url: str, count: int) -> list[Visitor]:
    """`count` customers, entering a few at a time as they would at a busy moment."""
    with ThreadPoolExecutor(max_workers=ENTERING_AT_ONCE) as pool:
        entered = [pool.submit(enter, base_url, number) for number in range(count)]
    visitors = [future.result() for future in entered if future.exception() is None]
    if len(visitors) < count:
        for visitor in visitors:
            visitor.close()
        raise next(e for f in entered if (e := f.exception()) is not None)
    return visitors


def enter(base_url: str, number: int) -> Visitor:
    """A customer arriving from their energy app with a fresh Connect token (A1)."""
    token = f"cot_bench_{number:03d}_{secrets.token_hex(6)}"
    visitor = Visitor(Customer(base_url), token)
    entry = visitor.http.get("/", params={"fp_cot": token})
    if entry.status_code != 302:
        visitor.close()
        raise Unexpected(f"entry answered {entry.status_code}: {entry.text[:300]}")
    visitor.read_page(visitor.customer.get("/").text)
    visitor.entry_seq = visitor.seq
    return visitor


def actions_forwarded(visitor: Visitor) -> int:
    """How many of this customer's actions the app forwarded since entering, by its own count:
    every forwarded action advances the page number once (A5), whether or not its answer
    reached us. Only right once no request of the customer's is still in flight."""
    look_at_dashboard(visitor)
    return visitor.seq - visitor.entry_seq


# --- one request of each kind -------------------------------------------------------------------


def look_at_dashboard(visitor: Visitor) -> None:
    answer = visitor.http.get("/", timeout=REQUEST_TIMEOUT_S)
    if answer.status_code != 200:
        raise Unexpected(f"HTTP {answer.status_code}")
    visitor.read_page(answer.text)


def period_change_request(visitor: Visitor, headers: dict[str, str] | None = None) -> httpx.Request:
    """The POST htmx sends for a period button, from the page the customer last saw."""
    visitor.flips += 1
    return visitor.http.build_request(
        "POST",
        "/act",
        data={
            "csrfmiddlewaretoken": visitor.csrf,
            "seq": str(visitor.seq),
            "action": "CHANGE_PERIOD",
            "period_type": "MONTH",
            "period_start": MONTHS[visitor.flips % 2],
        },
        # With HX-Request the answer is the partial for #app, carrying the next number.
        headers={"HX-Request": "true", "HX-Target": "app", **(headers or {})},
        timeout=REQUEST_TIMEOUT_S,
    )


def change_period(visitor: Visitor) -> None:
    """Press a period button the way htmx does, and check the partial is the next page."""
    answer = visitor.http.send(period_change_request(visitor))
    if answer.status_code != 200:
        raise Unexpected(f"HTTP {answer.status_code}")
    read_next_page(visitor, answer.text)


def read_next_page(visitor: Visitor, partial: str) -> None:
    """The answer to an action must be the following page, never the stale notice (A5)."""
    if STALE_WORDS in partial:
        raise Unexpected("stale: the guard refused a fresh page")
    before = visitor.seq
    visitor.read_page(partial)
    if visitor.seq != before + 1:
        raise Unexpected(f"not the next page: from #{before} to #{visitor.seq}")


def check_health(visitor: Visitor) -> None:
    answer = visitor.http.get("/healthz", timeout=REQUEST_TIMEOUT_S)
    if answer.status_code != 200:
        raise Unexpected(f"HTTP {answer.status_code}")


STEPS: dict[Scenario, Callable[[Visitor], None]] = {
    Scenario.DASHBOARD: look_at_dashboard,
    Scenario.PERIOD_CHANGE: change_period,
    Scenario.HEALTHZ: check_health,
}


# --- a level: N clients for D seconds -----------------------------------------------------------


@dataclass
class LevelResult:
    """What N concurrent clients saw in the measured window of one scenario."""

    scenario: Scenario
    clients: int
    window_s: float
    latencies_s: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    # Period changes answered with the next page (the app's own count is taken at the end).
    actions: int = 0
    # Requests answered over the whole level, warm-up included, and the CPU the app and this
    # load generator spent on them: the cost of a request whatever else shares the machine.
    answered: int = 0
    app_cpu_s: float = 0.0
    generator_cpu_s: float = 0.0
    elapsed_s: float = 0.0

    @property
    def requests_per_s(self) -> float:
        return len(self.latencies_s) / self.window_s if self.window_s else 0.0

    def percentile_ms(self, percent: float) -> float:
        return percentile(self.latencies_s, percent) * 1000

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def app_cpu_ms_per_request(self) -> float:
        return self.app_cpu_s * 1000 / self.answered if self.answered else float("nan")

    @property
    def generator_cpu_percent(self) -> float:
        """Of one core: how much the load generator itself took from the app's CPUs."""
        return self.generator_cpu_s * 100 / self.elapsed_s if self.elapsed_s else float("nan")


def percentile(values: list[float], percent: float) -> float:
    """Nearest-rank percentile: a value that was actually observed, never an interpolation."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * percent // 100))
    return ordered[int(rank) - 1]


@dataclass
class _Tally:
    """One client thread's own counts, merged after the threads end (no lock per request)."""

    latencies_s: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    actions: int = 0
    answered: int = 0


def run_level(
    scenario: Scenario,
    visitors: list[Visitor],
    *,
    duration_s: float,
    warmup_s: float,
    app_cpu: Callable[[], float] = lambda: float("nan"),
) -> LevelResult:
    """Every visitor is one client thread, requesting back to back for warmup + duration."""
    for visitor in visitors:
        visitor.reconnect()
    tallies = [_Tally() for _ in visitors]
    start = threading.Barrier(len(visitors) + 1)
    clock: dict[str, float] = {}
    threads = [
        threading.Thread(
            target=_client_loop,
            args=(scenario, visitor, tally, start, clock),
            name=f"client-{i}",
            # Ctrl-C ends the run at once; each loop also ends by itself at the deadline.
            daemon=True,
        )
        for i, (visitor, tally) in enumerate(zip(visitors, tallies, strict=True))
    ]
    for thread in threads:
        thread.start()
    # All threads are ready: set the window, then release them together.
    app_cpu_before, generator_cpu_before = app_cpu(), time.process_time()
    now = time.perf_counter()
    clock.update(measure_from=now + warmup_s, until=now + warmup_s + duration_s)
    start.wait(timeout=BARRIER_TIMEOUT_S)
    try:
        for thread in threads:
            thread.join()
    except BaseException:
        # Ctrl-C or SIGTERM: let each client finish its request before anything is closed.
        clock["until"] = 0.0
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT_S + 1)
        raise
    result = LevelResult(
        scenario,
        len(visitors),
        duration_s,
        app_cpu_s=app_cpu() - app_cpu_before,
        generator_cpu_s=time.process_time() - generator_cpu_before,
        elapsed_s=time.perf_counter() - now,
    )
    for tally in tallies:
        result.latencies_s.extend(tally.latencies_s)
        result.errors.update(tally.errors)
        result.actions += tally.actions
        result.answered += tally.answered
    return result


def _client_loop(
    scenario: Scenario,
    visitor: Visitor,
    tally: _Tally,
    start: threading.Barrier,
    clock: dict[str, float],
) -> None:
    start.wait(timeout=BARRIER_TIMEOUT_S)
    measure_from = clock["measure_from"]
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        began = time.perf_counter()
        # Read each time round: the main thread brings the deadline forward on interruption.
        if began >= clock["until"]:
            return
        step = _next_step(scenario, visitor)
        try:
            step(visitor)
        except (Unexpected, httpx.HTTPError) as error:
            # Errors count from the first request, warm-up included: none is acceptable.
            tally.errors[_error_kind(error)] += 1
            _resynchronise(visitor)
            continue
        tally.answered += 1
        if step is change_period:
            tally.actions += 1
        if began >= measure_from:
            tally.latencies_s.append(time.perf_counter() - began)


def _next_step(scenario: Scenario, visitor: Visitor) -> Callable[[Visitor], None]:
    if scenario is Scenario.MIX:
        # Look, change, look, change...: half of each customer's requests are actions.
        visitor.turns += 1
        return change_period if visitor.turns % 2 == 0 else look_at_dashboard
    return STEPS[scenario]


def _error_kind(error: Exception) -> str:
    if isinstance(error, Unexpected):
        # The part before a colon names the kind; what follows differs case by case.
        return str(error).split(":")[0]
    return type(error).__name__


def _resynchronise(visitor: Visitor) -> None:
    """After an error, read the page again so the next action carries the current number."""
    # If even that fails, the next step fails too and is counted; nothing to add here.
    with contextlib.suppress(Unexpected, httpx.HTTPError):
        look_at_dashboard(visitor)
