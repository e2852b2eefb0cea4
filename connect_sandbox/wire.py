"""The sandbox's JSON on the wire: request bodies in, their envelope checked, replies out.

The Connect endpoint and the REST stand-in read bodies, refuse with Connect's error object
(protocol §1.3) and write amounts and moments alike, so they do all three here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse

NOT_JSON = object()


def json_body(request: HttpRequest) -> Any:
    """The decoded JSON body, or NOT_JSON."""
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RequestDataTooBig):
        return NOT_JSON


@dataclass(frozen=True)
class Reply:
    """One answer: a status and a JSON body, a page or an error object."""

    status: int
    body: dict[str, Any]

    def response(self) -> JsonResponse:
        """The answer as an HTTP response."""
        return JsonResponse(self.body, status=self.status)


def page_reply(body: dict[str, Any]) -> Reply:
    """A page the customer moves to."""
    return Reply(200, body)


def error_reply(
    status: int,
    *,
    code: str,
    message: str,
    now: dt.datetime,
    route: str | None = None,
    token: str | None = None,
    error_type: str = "invalid_request",
    context: str | None = None,
) -> Reply:
    """Connect's error object; `context` names the route being answered unless given."""
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
    body["time_created"] = utc_stamp(now, timespec="milliseconds")
    return Reply(status, body)


@dataclass(frozen=True)
class Request:
    """A Connect call whose envelope (Part A2) has been checked: token and route are present."""

    token: str
    route: str
    action: object
    data: object


def token_of(body: object) -> str | None:
    """The connect_token of a request body, if it has one."""
    token = body.get("connect_token") if isinstance(body, dict) else None
    return token if isinstance(token, str) and token else None


def route_of(body: object) -> str | None:
    """The route a request body answers, if it names one."""
    route = body.get("route") if isinstance(body, dict) else None
    return route if isinstance(route, str) and route else None


def checked(body: object, now: dt.datetime) -> Request | Reply:
    """The request, or the error object saying which required field is missing.

    Checked before any session is looked at, so a call without a token is refused as such.
    """
    if not isinstance(body, dict):
        message = "The request body must be a JSON object."
        return error_reply(400, code="request_invalid", message=message, now=now)
    token, route = token_of(body), route_of(body)
    if token is None:
        message = "connect_token is required."
        return error_reply(400, code="token_missing", message=message, route=route, now=now)
    if route is None:
        message = "route is required."
        return error_reply(400, code="route_missing", message=message, token=token, now=now)
    return Request(token, route, body.get("action"), body.get("data"))


def number(value: Decimal) -> float:
    """A cent-rounded Decimal (money, kWh) as a JSON number.

    Connect sends plain numbers; a float's shortest repr of a two-decimal value is exactly
    those two decimals, so nothing is lost on the wire.
    """
    return float(value)


def utc_stamp(moment: dt.datetime, timespec: str = "seconds") -> str:
    """An aware moment as RFC 3339 in UTC with a "Z", to the second unless told otherwise."""
    return moment.astimezone(dt.UTC).isoformat(timespec=timespec).replace("+00:00", "Z")
