"""Delete conversations idle for CONNECT_RETENTION_HOURS, with their action logs (hourly)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from connect_app import retention


class Command(BaseCommand):
    help = "Delete conversations not used for CONNECT_RETENTION_HOURS, and their action logs."

    def handle(self, *args: Any, **options: Any) -> None:
        purged = retention.purge()
        self.stdout.write(
            f"purged {purged.conversations} conversations and {purged.actions} actions "
            f"not used since {purged.idle_since.isoformat(timespec='seconds')}"
        )
        # The sandbox keeps rows of its own; it is reached by name, never imported (layers).
        if apps.is_installed("connect_sandbox"):
            call_command("purge_sandbox", stdout=self.stdout, stderr=self.stderr)
