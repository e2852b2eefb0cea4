"""Delete conversations idle for CONNECT_RETENTION_HOURS, with their action logs (hourly).

Once by default, for cron or a Kubernetes CronJob; with `--every SECONDS` it keeps running and
purges again after each interval, as compose.yaml's `purge` service does. That loop waits for
the database and its migrations before the first purge, logs a failed purge and tries again at
the next interval, and stops at once on SIGTERM or SIGINT (it is the container's first process,
which the kernel gives no default handling of either).
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from connect_app import retention, startup
from connect_app.management.database import wait_until_ready

logger = logging.getLogger(__name__)
# How long the loop waits for the database and its migrations before giving up (exit 1, for
# the container's restart policy to start it again).
READY_TIMEOUT_S = 300.0


class Command(BaseCommand):
    help = "Delete conversations not used for CONNECT_RETENTION_HOURS, and their action logs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="keep running, and purge again every SECONDS until stopped",
        )

    def handle(self, *args: Any, every: int | None = None, **options: Any) -> None:
        if every is None:
            self.purge()
            return
        if every < 1:
            raise CommandError("--every takes a number of seconds, at least 1")
        stop = threading.Event()
        for stopping in (signal.SIGTERM, signal.SIGINT):
            signal.signal(stopping, lambda number, frame: stop.set())
        still = wait_until_ready(timeout_s=READY_TIMEOUT_S, migrated=True, stop=stop)
        if still is not None and not stop.is_set():
            raise CommandError(f"The database is not ready for the purge: {still}")
        while not stop.is_set():
            try:
                self.purge()
            except DatabaseError as error:
                logger.error("the purge failed, and runs again in %d s: %s", every, error)
            stop.wait(every)
        startup.leave_now(0)  # stopped: at once, as a container's stop wants

    def purge(self) -> None:
        purged = retention.purge()
        self.stdout.write(
            f"purged {purged.conversations} conversations and {purged.actions} actions "
            f"not used since {purged.idle_since.isoformat(timespec='seconds')}"
        )
        # The sandbox keeps rows of its own; it is reached by name, never imported (layers).
        if apps.is_installed("connect_sandbox"):
            call_command("purge_sandbox", stdout=self.stdout, stderr=self.stderr)
