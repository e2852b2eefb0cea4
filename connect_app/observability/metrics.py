"""The instance's metrics, in Prometheus' text format, for whichever worker answers a scrape.

Under gunicorn each worker is a process of its own; gunicorn.conf.py gives them one
PROMETHEUS_MULTIPROC_DIR, where prometheus-client keeps every worker's values, and a scrape
adds them up. Without that variable (runserver, tests) the values live in this process.
The purge runs as a command of its own, so its figures come from the database (purge_tally).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator

from django.db import DatabaseError
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from connect_app.observability.purge_tally import Purge

logger = logging.getLogger(__name__)

# Labels come from requests and replies: anything not shaped like a route or an action is
# counted under "other", so a strange value cannot grow the series without bound.
_LABEL = re.compile(r"^[A-Za-z0-9_:.-]{1,64}$")
_SECONDS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

CONNECT_CALLS = Histogram(
    "connect_call_duration_seconds",
    "Calls to Connect by the route answered, the action sent and how they ended.",
    ["route", "action", "outcome"],
    buckets=_SECONDS,
    registry=None,
)
CUSTOMER_ACTIONS = Counter(
    "customer_actions",
    "What customers asked for (actions, form answers, entries) and what became of it.",
    ["action", "outcome"],
    registry=None,
)
HTTP_REQUESTS = Counter(
    "http_requests", "Requests answered, by view and status.", ["view", "status"], registry=None
)
HTTP_DURATION = Histogram(
    "http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view"],
    buckets=_SECONDS,
    registry=None,
)
_OWN = (CONNECT_CALLS, CUSTOMER_ACTIONS, HTTP_REQUESTS, HTTP_DURATION)


def label(value: str) -> str:
    return value if _LABEL.match(value) else "other"


def connect_call(route: str, action: str, outcome: str, seconds: float) -> None:
    CONNECT_CALLS.labels(label(route), label(action), outcome).observe(seconds)


def customer_action(action: str, outcome: str) -> None:
    CUSTOMER_ACTIONS.labels(label(action), outcome).inc()


def http_request(view: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(label(view), str(status)).inc()
    HTTP_DURATION.labels(label(view)).observe(seconds)


class PurgeCollector(Collector):
    """The purge's running totals, as the last `purge_conversations` left them."""

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        try:
            tally = Purge.objects.filter(pk=Purge.SINGLETON).first()
        except DatabaseError:
            logger.warning("purge figures left out of the scrape: the database did not answer")
            return
        purged = CounterMetricFamily(
            "conversations_purged", "Conversations deleted by the purge, in all its runs."
        )
        purged.add_metric([], tally.conversations if tally else 0)
        yield purged
        if tally is not None:
            last = GaugeMetricFamily(
                "conversations_purge_last_run_timestamp_seconds",
                "When the purge last finished (Unix time).",
            )
            last.add_metric([], tally.last_run_at.timestamp())
            yield last


def exposition() -> bytes:
    """Every metric of this instance, all workers together, in Prometheus' text format."""
    registry = CollectorRegistry(auto_describe=True)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        for metric in _OWN:
            registry.register(metric)
    registry.register(PurgeCollector())
    return generate_latest(registry)
