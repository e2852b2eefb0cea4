"""Nothing kept longer than it is useful: the purge, its figures, and a year of it.

The year is simulated by moving the clock (time-machine), not by waiting: 1,000 customers each
open the dashboard once a week and act on it, the purge runs every hour, and the tables never
hold more than the visits of the retention window.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from connect_app import retention
from connect_app.models import ActionLog, Conversation, Purge
from connect_sandbox.models import BearerToken, SandboxSession

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 1, 5, 0, 0, tzinfo=dt.UTC)
PAGE: dict[str, Any] = {"route": "vpp_summary", "actions": [], "payload": {}}


def visit(actions: int = 3, customers: int = 1) -> Conversation:
    """Customers' visits as the app stores them: a conversation each and its action log."""
    conversations = Conversation.objects.bulk_create(
        Conversation(connect_token="cot_visit", page=PAGE, sequence=1) for _ in range(customers)
    )
    ActionLog.objects.bulk_create(
        ActionLog(conversation=c, sequence=n, route="vpp_summary", action="X", outcome="ok")
        for c in conversations
        for n in range(1, actions + 1)
    )
    return conversations[0]


# The purge's batched DELETEs are SQL that depends on the engine: on PostgreSQL too. The year
# below runs that same SQL 8,760 times over; once, on SQLite, is enough for what it adds.
@pytest.mark.postgres
def test_the_purge_deletes_only_what_has_been_idle_past_the_window(settings: Any) -> None:
    settings.CONNECT_RETENTION_HOURS = 48
    with time_machine.travel(START, tick=False) as clock:
        old, kept = visit(), visit()
        clock.shift(dt.timedelta(hours=47))
        Conversation.objects.filter(pk=kept.pk).update(updated_at=timezone.now())  # used again
        clock.shift(dt.timedelta(hours=2))
        purged = retention.purge(batch=1)
    assert (purged.conversations, purged.actions) == (1, 3)
    assert list(Conversation.objects.values_list("pk", flat=True)) == [kept.pk]
    assert ActionLog.objects.filter(conversation=old.pk).count() == 0
    assert ActionLog.objects.filter(conversation=kept.pk).count() == 3


@pytest.mark.postgres
def test_the_command_says_what_it_deleted_and_keeps_the_running_totals(settings: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        visit(), visit(2)
        SandboxSession.objects.create(
            token="cot_sandbox_old", customer_key="active", expires_at=timezone.now()
        )
        BearerToken.objects.create(digest="d" * 64, account_id="acc", expires_at=timezone.now())
        clock.shift(dt.timedelta(hours=settings.CONNECT_RETENTION_HOURS + 1))
        fresh = SandboxSession.objects.create(
            token="cot_sandbox_new",
            customer_key="active",
            expires_at=timezone.now() + dt.timedelta(hours=24),
        )
        out = io.StringIO()
        call_command("purge_conversations", stdout=out)
        call_command("purge_conversations", stdout=io.StringIO())
    said = out.getvalue()
    assert "purged 2 conversations and 5 actions" in said
    assert "purged 1 sandbox sessions and 1 sandbox bearer tokens" in said
    assert list(SandboxSession.objects.values_list("token", flat=True)) == [fresh.token]
    tally = Purge.objects.get()
    assert (tally.conversations, tally.actions) == (2, 5)
    assert tally.last_run_at == START + dt.timedelta(hours=settings.CONNECT_RETENTION_HOURS + 1)


def test_a_year_of_weekly_visits_stays_within_the_retention_window(settings: Any) -> None:
    settings.CONNECT_RETENTION_HOURS = 48
    customers, weeks, actions_per_visit = 1000, 52, 3
    # Each customer visits at the same hour of the week, the hours spread at random.
    rng = random.Random(7)
    hour_of_week = [rng.randrange(7 * 24) for _ in range(customers)]
    visits_by_hour: dict[int, int] = {}
    for hour in hour_of_week:
        visits_by_hour[hour] = visits_by_hour.get(hour, 0) + 1
    most_conversations = most_actions = 0
    with time_machine.travel(START, tick=False) as clock:
        for hour in range(weeks * 7 * 24):
            arriving = visits_by_hour.get(hour % (7 * 24), 0)
            if arriving:
                visit(actions_per_visit, customers=arriving)
            retention.purge()
            most_conversations = max(most_conversations, Conversation.objects.count())
            most_actions = max(most_actions, ActionLog.objects.count())
            clock.shift(dt.timedelta(hours=1))
    # At any hour the tables hold the visits of the last 48 hours (and the hour that just
    # began), never more: about 2/7 of a week's visits.
    window = [
        sum(visits_by_hour.get((h - back) % (7 * 24), 0) for back in range(49))
        for h in range(7 * 24)
    ]
    assert most_conversations == max(window)
    assert most_actions == max(window) * actions_per_visit
    assert most_conversations < customers * 0.35
    total = Purge.objects.get()
    assert total.conversations + Conversation.objects.count() == customers * weeks
    print(
        f"\na year of weekly visits by {customers} customers, purged hourly: at most "
        f"{most_conversations} conversations and {most_actions} actions at once; "
        f"{total.conversations} purged; {Conversation.objects.count()} left"
    )
