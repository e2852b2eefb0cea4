"""What the sandbox Connect endpoint answers: a status and a JSON body, page or error object."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One answer of the Connect endpoint."""

    status: int
    body: dict[str, Any]


def page_reply(body: dict[str, Any]) -> Reply:
    """A page the customer moves to."""
    return Reply(200, body)


def error_reply(
    status: int,
    *,
    code: str,
    message: str,
    route: str | None,
    token: str | None,
    now: dt.datetime,
    error_type: str = "invalid_request",
    context: str | None = None,
) -> Reply:
    """Connect's error object (protocol §1.3); `context` names the route being answered."""
    body: dict[str, Any] = {
        "object": "error",
        "live_mode": False,
        "context": context or f"connect.{route or 'session'}",
        "type": error_type,
        "code": code,
        "message": message,
    }
    if token is not None:
        body["connect_token"] = token
    stamp = now.astimezone(dt.UTC).isoformat(timespec="milliseconds")
    body["time_created"] = stamp.replace("+00:00", "Z")
    return Reply(status, body)
