"""Every request gets an id, kept in its log lines and action records, and is counted.

The id is the proxy's X-Request-ID when it is a sane token (letters, digits, `-_.`, at most
128 characters), so one id follows a request from the load balancer to Connect's logs;
otherwise a new one. It is echoed on the response, which gunicorn's access log reads.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from connect_app.observability import context, metrics

HEADER = "X-Request-ID"
_SANE = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


def request_id_from(request: HttpRequest) -> str:
    offered = request.headers.get(HEADER, "")
    return offered if _SANE.match(offered) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request_id_from(request)
        # Django's own line about the response is written after this middleware has returned;
        # the log filter finds the id on the request it names.
        request.request_id = request_id  # type: ignore[attr-defined]
        bound = (context.request_id.set(request_id), context.conversation_id.set(""))
        try:
            response = self.get_response(request)
        finally:
            context.request_id.reset(bound[0])
            context.conversation_id.reset(bound[1])
        response[HEADER] = request_id
        metrics.http_request(_view(request), response.status_code, time.perf_counter() - started)
        return response


def _view(request: HttpRequest) -> str:
    """The view's name (`home`, `sandbox:connect`), the probe's, or `unmatched`."""
    probe: str | None = getattr(request, "metrics_view", None)
    if probe:
        return probe
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return str(match.view_name)
    return "static" if request.path_info.startswith("/static/") else "unmatched"
