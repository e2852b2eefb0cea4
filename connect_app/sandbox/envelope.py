"""The fields every Connect call carries (Part A2): checked before any session is looked at."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from connect_app.sandbox.replies import Reply, error_reply


@dataclass(frozen=True)
class Request:
    """A Connect call whose envelope has been checked: token and route are present."""

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
    """The request, or the error object saying which required field is missing."""
    if not isinstance(body, dict):
        return error_reply(
            400,
            code="request_invalid",
            message="The request body must be a JSON object.",
            route=None,
            token=None,
            now=now,
        )
    token, route = token_of(body), route_of(body)
    if token is None:
        return error_reply(
            400,
            code="token_missing",
            message="connect_token is required.",
            route=route,
            token=None,
            now=now,
        )
    if route is None:
        return error_reply(
            400,
            code="route_missing",
            message="route is required.",
            route=None,
            token=token,
            now=now,
        )
    return Request(token, route, body.get("action"), body.get("data"))
