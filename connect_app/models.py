"""The rows behind a customer's Connect conversation (see conversation.py)."""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from connect_app.connect.replies import Page
from connect_app.observability.purge_tally import Purge

__all__ = ["ActionLog", "Conversation", "Purge"]


class ConversationQuerySet(models.QuerySet["Conversation"]):
    """Conversations, with the statements every action makes written as SQL once.

    A period change reads its conversation, claims it and records Connect's answer: the ORM
    compiled those three statements anew each time, at a cost of more instructions than the
    database took to run them. They are the same statements, written once per connection with
    parameters (PostgreSQL's and SQLite's SQL alike), the values prepared by the fields as the
    ORM prepares them.
    """

    def by_id(self, pk: uuid.UUID) -> Conversation | None:
        """The conversation with this id, or None: `filter(pk=pk).first()` without compiling."""
        connection = connections[self.db]
        sql = _sql_of(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql.select, [sql.pk.get_db_prep_value(pk, connection)])
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for index, converters, column in sql.converters:
            for convert in converters:
                values[index] = convert(values[index], column, connection)
        return Conversation.from_db(self.db, sql.names, values)

    def update_where(
        self,
        pk: uuid.UUID,
        *,
        states: Collection[str],
        at_sequence: int | None = None,
        **fields: Any,
    ) -> int:
        """`filter(pk=pk, state__in=states[, sequence=at_sequence]).update(**fields)`: the number
        of rows the database matched (0 or 1), which it decides, however many race."""
        self._for_write = True  # the database writes go to, as update() picks it
        using = self.db
        update, params = _update(connections[using], pk, states, at_sequence, fields)
        with connections[using].cursor() as cursor:
            cursor.execute(update, params)
            return int(cursor.rowcount)

    def update_and_log(
        self, pk: uuid.UUID, log: ActionLog, *, states: Collection[str], stale: str, **fields: Any
    ) -> bool:
        """`update_where(pk, states=states, **fields)` and `log` written together, never one
        without the other; the log's outcome is `stale` when no row was updated. True when one
        was.

        On PostgreSQL this is one statement (the update in a WITH, the log's insert reading it):
        atomic as a statement is, in one round trip instead of four (BEGIN, UPDATE, INSERT, COMMIT).
        """
        self._for_write = True
        using = self.db
        connection = connections[using]
        if connection.vendor != "postgresql":
            with transaction.atomic(using=using):
                updated = bool(self.update_where(pk, states=states, **fields))
                if not updated:
                    log.outcome = stale
                log.save(force_insert=True, using=using)
            return updated
        update_sql, update_params = _update(connection, pk, states, None, fields)
        log.created_at = timezone.now()  # auto_now_add, which only save() applies
        meta = ActionLog._meta
        columns = [f for f in meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        values = []
        params: list[Any] = list(update_params)
        for field in columns:
            if field.name == "outcome":
                # The log says what happened: the outcome, or stale when the update found no row.
                values.append("CASE WHEN EXISTS (SELECT 1 FROM moved) THEN %s ELSE %s END")
                params += [log.outcome, stale]
            else:
                values.append("%s")
                params.append(field.get_db_prep_save(getattr(log, field.attname), connection))
        sql = (
            f"WITH moved AS ({update_sql} RETURNING 1) "
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
            f"SELECT {', '.join(values)} RETURNING EXISTS (SELECT 1 FROM moved)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        updated = bool(row and row[0])
        if not updated:
            log.outcome = stale
        return updated


@dataclass(frozen=True)
class _Statements:
    """A connection's SQL for the conversation's row, and how to read the row it selects."""

    select: str
    names: list[str]
    # (column index, the backend's and the field's converters, the column they are given)
    converters: list[tuple[int, list[Any], Any]]
    pk: models.Field[Any, Any]
    table: str
    columns: dict[str, tuple[models.Field[Any, Any], str]]


# One per connection (each thread has its own), made on its first use and gone with it.
_STATEMENTS: weakref.WeakKeyDictionary[BaseDatabaseWrapper, _Statements] = (
    weakref.WeakKeyDictionary()
)


def _sql_of(connection: BaseDatabaseWrapper) -> _Statements:
    statements = _STATEMENTS.get(connection)
    if statements is None:
        meta = Conversation._meta
        quote = connection.ops.quote_name
        fields = list(meta.concrete_fields)
        table = quote(meta.db_table)
        converters = []
        for index, field in enumerate(fields):
            column = field.cached_col
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((index, found, column))
        statements = _STATEMENTS[connection] = _Statements(
            select=(
                f"SELECT {', '.join(f'{table}.{quote(f.column)}' for f in fields)} FROM {table} "
                f"WHERE {table}.{quote(meta.pk.column)} = %s LIMIT 1"
            ),
            names=[f.attname for f in fields],
            converters=converters,
            pk=meta.pk,
            table=table,
            columns={f.name: (f, quote(f.column)) for f in fields},
        )
    return statements


def _update(
    connection: BaseDatabaseWrapper,
    pk: uuid.UUID,
    states: Collection[str],
    at_sequence: int | None,
    fields: dict[str, Any],
) -> tuple[str, list[Any]]:
    """The conditional UPDATE of one conversation, and its parameters, as the ORM writes it."""
    sql = _sql_of(connection)
    assignments, params = [], []
    for name, value in fields.items():
        field, column = sql.columns[name]
        prepared = field.get_db_prep_save(value, connection)
        if prepared is None:
            assignments.append(f"{column} = NULL")
        else:
            assignments.append(f"{column} = %s")
            params.append(prepared)
    conditions = [
        f"{sql.columns['id'][1]} = %s",
        f"{sql.columns['state'][1]} IN ({', '.join(['%s'] * len(states))})",
    ]
    state = sql.columns["state"][0]
    params.append(sql.pk.get_db_prep_value(pk, connection))
    params += [state.get_db_prep_value(value, connection) for value in states]
    if at_sequence is not None:
        conditions.append(f"{sql.columns['sequence'][1]} = %s")
        params.append(at_sequence)
    return (
        f"UPDATE {sql.table} SET {', '.join(assignments)} WHERE {' AND '.join(conditions)}",
        params,
    )


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
