"""How long a conversation is kept: deleted once idle for CONNECT_RETENTION_HOURS.

A conversation holds the customer's pages (earnings, in the tariff flow a postal address) and,
while it can still talk to Connect, the token. Nothing in it is useful once the session is
over: a session lasts 24 hours and a token expires in 24, and the default 48 leaves support a
day to look at a failure. Deleted in small batches, each its own transaction, so the table is
never locked for long while customers use it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from connect_app.models import ActionLog, Conversation, Purge

BATCH = 500


@dataclass(frozen=True)
class Purged:
    conversations: int
    actions: int
    idle_since: dt.datetime


def purge(now: dt.datetime | None = None, batch: int = BATCH) -> Purged:
    """Delete every conversation not used since the retention window began, with its log."""
    now = now or timezone.now()
    idle_since = now - dt.timedelta(hours=settings.CONNECT_RETENTION_HOURS)
    conversations = actions = 0
    while True:
        with transaction.atomic():
            idle = Conversation.objects.filter(updated_at__lt=idle_since)
            ids = list(idle.values_list("pk", flat=True)[:batch])
            if not ids:
                break
            actions += ActionLog.objects.filter(conversation_id__in=ids).delete()[0]
            conversations += Conversation.objects.filter(pk__in=ids).delete()[0]
    _tally(conversations, actions, now)
    return Purged(conversations, actions, idle_since)


def _tally(conversations: int, actions: int, now: dt.datetime) -> None:
    """Add this run to the running totals the metrics report."""
    updated = Purge.objects.filter(pk=Purge.SINGLETON).update(
        conversations=F("conversations") + conversations,
        actions=F("actions") + actions,
        last_run_at=now,
    )
    if not updated:
        Purge.objects.get_or_create(
            pk=Purge.SINGLETON,
            defaults={"conversations": conversations, "actions": actions, "last_run_at": now},
        )
