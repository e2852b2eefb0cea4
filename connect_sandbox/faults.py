"""Failure injection: how a sandbox session misbehaves once it has shown its first page."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from connect_sandbox.wire import Reply, error_reply

# Long enough to outlast the app's own time-out, short enough not to tie up a worker for long.
MAX_SLOW_SECONDS = 30.0
_BAD_GATEWAY_HTML = (
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    "<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer.</p></body></html>"
)


class Fault(models.TextChoices):
    """The kinds of trouble a session can be told to simulate."""

    NONE = "none", pgettext_lazy("simulated problem", "None")
    SLOW = "slow", _("Slow replies (time-out)")
    SERVER_ERROR = "server_error", _("Server error")
    MALFORMED = "malformed", _("Malformed reply")
    ERROR_OBJECT = "error_object", _("Rate limited")
    EXPIRED = "expired", _("Expired session")


def slow_seconds() -> float:
    """How long a slow reply takes: just past the app's Connect time-out."""
    return min(float(settings.CONNECT_TIMEOUT_S) + 1.0, MAX_SLOW_SECONDS)


def faulty_response(
    fault: Fault,
    *,
    token: str,
    route: str | None,
    now: dt.datetime,
    current_page: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """The broken answer for `fault`; the session itself is left as it was."""
    if fault is Fault.SLOW:
        time.sleep(slow_seconds())
        return error_reply(
            504,
            code="gateway_timeout",
            message="Connect took too long to answer. Please try again.",
            route=route,
            token=token,
            now=now,
            error_type="api_error",
        ).response()
    if fault is Fault.SERVER_ERROR:
        return HttpResponse(_BAD_GATEWAY_HTML, status=502, content_type="text/html; charset=utf-8")
    if fault is Fault.MALFORMED:
        # The real page, cut off half way, as a dropped connection or a buggy proxy would leave it.
        whole = json.dumps(current_page())
        return HttpResponse(whole[: len(whole) // 2], content_type="application/json")
    if fault is Fault.ERROR_OBJECT:
        return error_reply(
            429,
            code="rate_limit",
            message="Too many requests. Please wait a moment and try again.",
            route=route,
            token=token,
            now=now,
            error_type="rate_limit",
        ).response()
    if fault is Fault.EXPIRED:
        return expired_reply(token=token, route=route, now=now).response()
    raise ValueError(f"{fault} is not a fault")


def expired_reply(*, token: str, route: str | None, now: dt.datetime) -> Reply:
    """The token_expired error object, for a simulated or a real expiry."""
    return error_reply(
        401,
        code="token_expired",
        message="Your session has expired. Please start again from the app.",
        route=route,
        token=token,
        now=now,
    )
