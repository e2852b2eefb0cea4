"""Print what support needs to know about one conversation, by its id or a request id.

Never the token, never what the pages hold (earnings, addresses): its state, where it is, and
its last actions with their outcomes and timings.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connect_app.models import ActionLog, Conversation

LAST_ACTIONS = 20


class Command(BaseCommand):
    help = "Show a conversation's state and last actions, by conversation id or request id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("id", help="a conversation id, or a request id from the logs")

    def handle(self, *args: Any, **options: Any) -> None:
        conversation = _find(options["id"].strip())
        if conversation is None:
            raise CommandError(
                f"No conversation has the id or request id {options['id']!r} (it may have "
                "been purged after CONNECT_RETENTION_HOURS)."
            )
        page = conversation.page or {}
        lines = [
            f"conversation {conversation.pk}",
            f"  state       {conversation.state}",
            f"  route       {page.get('route', '-')}",
            f"  sequence    {conversation.sequence}",
            f"  time zone   {conversation.time_zone or '-'}",
            f"  token held  {'yes' if conversation.connect_token else 'no (blanked)'}",
            f"  notice      {conversation.notice_kind or '-'}",
            f"  created     {conversation.created_at.isoformat(timespec='seconds')}",
            f"  last used   {conversation.updated_at.isoformat(timespec='seconds')}",
            f"last {LAST_ACTIONS} actions, oldest first:",
        ]
        actions = list(conversation.log.order_by("-created_at", "-id")[:LAST_ACTIONS])
        for action in reversed(actions):
            lines.append(
                f"  {action.created_at.isoformat(timespec='seconds')}  #{action.sequence:<4} "
                f"{action.route:<28} {action.action:<18} {action.outcome:<22} "
                f"{action.duration_ms:>6} ms  request {action.request_id or '-'}"
                + (f"  connect {action.connect_request_id}" if action.connect_request_id else "")
            )
        if not actions:
            lines.append("  (none)")
        self.stdout.write("\n".join(lines))


def _find(wanted: str) -> Conversation | None:
    try:
        found = Conversation.objects.filter(pk=uuid.UUID(wanted)).first()
    except ValueError:
        found = None
    if found is not None:
        return found
    logged = ActionLog.objects.filter(request_id=wanted).select_related("conversation").first()
    return logged.conversation if logged else None
