"""Waiting for the database, which is the last piece of a deployment to be ready.

Compose starts the database, the migrations and the purge together (Debian's podman-compose
ignores `depends_on` conditions altogether), and an orchestrator may start them in any order:
the migrations wait for the database to accept connections (`migrate --wait`), and the purge
for the migrations (`purge_conversations --every`).
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)


def problem(*, migrated: bool) -> str | None:
    """What keeps the database from use now (with `migrated`, a migration not applied yet)."""
    try:
        connection.ensure_connection()
        if migrated:
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                return "its migrations are not applied yet"
    except DatabaseError as error:
        connection.close()
        text = str(error).strip()
        return text.splitlines()[0] if text else type(error).__name__
    return None


def wait_until_ready(
    *, timeout_s: float, migrated: bool, stop: threading.Event | None = None
) -> str | None:
    """None once the database is ready; otherwise what was still wrong when `timeout_s` ran
    out or `stop` was set. Each new problem is logged once, not every second."""
    stop = stop or threading.Event()
    deadline = time.monotonic() + timeout_s
    said = None
    while (now := problem(migrated=migrated)) is not None:
        if now != said:
            logger.info("waiting for the database: %s", now)
            said = now
        if time.monotonic() >= deadline or stop.wait(1.0):
            return now
    return None
