"""The request being served, as every log line and action record written during it sees it.

Context variables, not thread locals: each of gunicorn's threads (and any task) has its own.
"""

from __future__ import annotations

from contextvars import ContextVar

# The X-Request-ID of the request being served ("" outside a request: commands, start-up).
request_id: ContextVar[str] = ContextVar("request_id", default="")
# The id of the conversation the request is about, once it is known; never the token.
conversation_id: ContextVar[str] = ContextVar("conversation_id", default="")
