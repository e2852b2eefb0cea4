"""The rows behind a customer's Connect conversation (see conversation.py)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import connections, models, transaction
from django.db.models.sql import UpdateQuery
from django.utils import timezone

from connect_app.connect.replies import Page
from connect_app.observability.purge_tally import Purge

__all__ = ["ActionLog", "Conversation", "Purge"]


class ConversationQuerySet(models.QuerySet["Conversation"]):
    """Conversations, with the one write that goes with a line of the action log."""

    def update_and_log(self, log: ActionLog, *, stale: str, **fields: Any) -> bool:
        """`self.update(**fields)` and `log` written together, never one without the other; the
        log's outcome is `stale` when no row was updated. True when one was.

        On PostgreSQL this is one statement (the update in a WITH, the log's insert reading it):
        atomic as a statement is, in one round trip instead of four (BEGIN, UPDATE, INSERT, COMMIT).
        """
        using = self.db
        if connections[using].vendor != "postgresql":
            with transaction.atomic(using=using):
                updated = bool(self.update(**fields))
                if not updated:
                    log.outcome = stale
                log.save(force_insert=True, using=using)
            return updated
        update = self.query.chain(UpdateQuery)
        assert isinstance(update, UpdateQuery)
        update.add_update_values(fields)
        update_sql, update_params = update.get_compiler(using).as_sql()
        log.created_at = timezone.now()  # auto_now_add, which only save() applies
        meta = ActionLog._meta
        columns = [f for f in meta.concrete_fields if not f.primary_key]
        quote = connections[using].ops.quote_name
        values = []
        params: list[Any] = list(update_params)
        for field in columns:
            if field.name == "outcome":
                # The log says what happened: the outcome, or stale when the update found no row.
                values.append("CASE WHEN EXISTS (SELECT 1 FROM moved) THEN %s ELSE %s END")
                params += [log.outcome, stale]
            else:
                values.append("%s")
                params.append(
                    field.get_db_prep_save(getattr(log, field.attname), connections[using])
                )
        sql = (
            f"WITH moved AS ({update_sql} RETURNING 1) "
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
            f"SELECT {', '.join(values)} RETURNING EXISTS (SELECT 1 FROM moved)"
        )
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        updated = bool(row and row[0])
        if not updated:
            log.outcome = stale
        return updated


class Conversation(models.Model):
    """One browser session's conversation with Connect: its token and the page it is on."""

    class State(models.TextChoices):
        OPEN = "open"  # a page is (or is about to be) shown
        AWAY = "away"  # sent to a provider-hosted page; expected back with the same token
        EXPIRED = "expired"  # Connect said the token expired; nothing more can be sent
        CLOSED = "closed"  # the customer closed the flow and no callback URL was given

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The credential for every Connect call (A2). Held only here, never in a URL or a log, and
    # blanked as soon as the conversation can no longer talk to Connect.
    connect_token = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    # The page Connect last sent, as Page.model_dump(); null until the first reply arrives and
    # again once the flow has ended (the closing pages need none of it).
    page = models.JSONField(null=True, blank=True)
    # Bumped atomically by every forwarded action: a post naming an older number is stale (A5).
    sequence = models.PositiveIntegerField(default=0)
    # The programme's IANA time zone as last stated by Connect, for pages that do not state it.
    time_zone = models.CharField(max_length=64, blank=True)
    # A one-shot message shown beside the page: why the last action did not go through.
    notice_kind = models.CharField(max_length=20, blank=True)
    notice = models.CharField(max_length=500, blank=True)
    # Where Close sends the browser once the flow has ended without Connect naming a URL (an
    # expired token, a close without one): the session's callback, looked up while the token
    # still could be, kept instead of it.
    callback_url = models.CharField(max_length=2000, blank=True)
    # What "Try again" resends after a failure: {"action": ..., "data": {...}} or {"entry": ...}.
    retry = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved on by every change (conversation.py sets it on each update), so the purge can tell
    # how long a conversation has been idle.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ConversationQuerySet.as_manager()

    # The page as a typed object, read once a request (conversation.page_of); never stored.
    shown: Page | None = None

    def __str__(self) -> str:
        route = (self.page or {}).get("route", "-")
        return f"conversation {self.id} on {route} (#{self.sequence}, {self.state})"

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        self.shown = None  # read again with the row
        super().refresh_from_db(*args, **kwargs)


class ActionLog(models.Model):
    """Every call made to Connect for a conversation, with its outcome: the audit of A5."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="log")
    sequence = models.PositiveIntegerField()
    route = models.CharField(max_length=100)
    action = models.CharField(max_length=64)
    outcome = models.CharField(max_length=40)
    duration_ms = models.PositiveIntegerField(default=0)
    # The X-Request-ID of the request that made the call, so support can go from a log line to
    # the conversation (manage.py show_conversation), and Connect's own id for its error.
    request_id = models.CharField(max_length=128, blank=True, db_index=True)
    connect_request_id = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.route}/{self.action} -> {self.outcome}"
