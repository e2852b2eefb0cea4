"""Delete the sandbox's dead sessions and bearer tokens, as the app purges its conversations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from connect_sandbox.models import BearerToken, SandboxSession


class Command(BaseCommand):
    help = "Delete sandbox sessions older than CONNECT_RETENTION_HOURS and expired bearers."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        # A session's token lives a day; past the retention window nothing can use it, and an
        # app conversation that still names it has been purged too.
        cutoff = now - dt.timedelta(hours=settings.CONNECT_RETENTION_HOURS)
        sessions = SandboxSession.objects.filter(created_at__lt=cutoff).delete()[0]
        bearers = BearerToken.objects.filter(expires_at__lt=now).delete()[0]
        self.stdout.write(f"purged {sessions} sandbox sessions and {bearers} sandbox bearer tokens")
