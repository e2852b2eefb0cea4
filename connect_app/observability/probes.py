"""/healthz, /readyz and /metrics: what load balancers, orchestrators and Prometheus ask.

Answered by a middleware ahead of Django's host check: probes and scrapers address an
instance by its own IP, which is never in DJANGO_ALLOWED_HOSTS, and they must not get a 400.

- /healthz is liveness: the process answers. Nothing else is asked, so a database outage
  never makes an orchestrator restart healthy processes.
- /readyz is readiness: the database answers a query within a few seconds and every
  migration is applied. Redis is not asked: the app works without it.
- /metrics is Prometheus' text format, for a bearer of CONNECT_METRICS_TOKEN; without that
  setting it does not exist (404).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from prometheus_client import CONTENT_TYPE_LATEST

from connect_app.observability import metrics

logger = logging.getLogger(__name__)

# How long the readiness query may take on PostgreSQL before the instance is called unready.
READINESS_QUERY_TIMEOUT_MS = 2000
_migrations_applied = False


def liveness(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def readiness(request: HttpRequest) -> HttpResponse:
    problem = _database_problem()
    if problem is not None:
        logger.warning("not ready: %s", problem)
        return JsonResponse({"status": "unavailable", "problem": problem}, status=503)
    return JsonResponse({"status": "ok"})


def _database_problem() -> str | None:
    global _migrations_applied
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # A database that accepts the connection but does not answer is not ready
                # either. SET LOCAL ends with this transaction, so customers' queries keep
                # the server's own limit.
                cursor.execute(f"SET LOCAL statement_timeout = {READINESS_QUERY_TIMEOUT_MS}")
            cursor.execute("SELECT 1")
        if not _migrations_applied:
            # Once every migration is applied it stays so for this process's life: a release
            # with new migrations starts new processes.
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if plan:
                return "migrations not applied"
            _migrations_applied = True
    except DatabaseError as error:
        # The connection is broken: the next request opens a new one, so readiness returns
        # as soon as the database does.
        connection.close_if_unusable_or_obsolete()
        return f"database unavailable ({type(error).__name__})"
    return None


def scrape(request: HttpRequest) -> HttpResponse:
    token = settings.CONNECT_METRICS_TOKEN
    if not token:
        return JsonResponse({"status": "not found"}, status=404)
    if not constant_time_compare(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return JsonResponse(
            {"status": "unauthorized"}, status=401, headers={"WWW-Authenticate": "Bearer"}
        )
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)


PROBES: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/healthz": liveness,
    "/readyz": readiness,
    "/metrics": scrape,
}


class ProbesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        request.metrics_view = request.path_info.strip("/")  # type: ignore[attr-defined]
        if request.method not in ("GET", "HEAD"):
            return JsonResponse(
                {"status": "method not allowed"}, status=405, headers={"Allow": "GET, HEAD"}
            )
        response = probe(request)
        response["Cache-Control"] = "no-store"
        return response
