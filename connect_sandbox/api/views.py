"""HTTP face of the REST stand-in, under /sandbox/api/ (Part B §1.1, §2, §7).

Every answer is JSON; every failure is Flatpeak's error object with context `api.<operation>`.
Tokens, bearer or connect, never reach a log line.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from connect_sandbox.api.auth import (
    BEARER_LIFETIME,
    basic_credentials,
    bearer_account,
    credentials_valid,
    issue_bearer,
)
from connect_sandbox.api.create import CreateRequest, Problem, create_request
from connect_sandbox.api.listing import InvalidCursor, list_page
from connect_sandbox.api.objects import connect_session_object, participation_object
from connect_sandbox.api.records import record_by_id, records_for_device
from connect_sandbox.customers import DemoCustomer, customer_by_key
from connect_sandbox.models import SandboxSession
from connect_sandbox.tokens import mint_token, minted
from connect_sandbox.wire import error_reply, json_body

logger = logging.getLogger(__name__)

P = ParamSpec("P")
Endpoint = Callable[Concatenate[HttpRequest, dt.datetime, P], HttpResponse]

# One participation a page, so every client has to follow `has_more`.
PAGE_SIZE = 1
_REALM = 'realm="Flatpeak sandbox"'


def endpoint(
    method: str, operation: str, *, bearer: bool = True
) -> Callable[[Endpoint[P]], Callable[Concatenate[HttpRequest, P], HttpResponse]]:
    """A REST view: one HTTP method, a bearer token unless `bearer` is False, JSON errors."""

    def decorate(view: Endpoint[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
        def handle(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            now = timezone.now()
            response: HttpResponse
            if request.method != method:
                response = _error(405, "method_not_allowed", f"Use {method}.", operation, now)
                response["Allow"] = method
            elif bearer and bearer_account(request.headers.get("Authorization", ""), now) is None:
                response = _unauthorized(
                    "Send a live bearer token from /login as Authorization: Bearer.",
                    operation,
                    now,
                    scheme="Bearer",
                )
            else:
                response = view(request, now, *args, **kwargs)
            logger.info("sandbox api operation=%s status=%s", operation, response.status_code)
            return response

        functools.update_wrapper(handle, view)
        # Machine clients post JSON with a bearer token, not a browser form with a cookie.
        return csrf_exempt(never_cache(handle))

    return decorate


@endpoint("GET", "login", bearer=False)
def login(request: HttpRequest, now: dt.datetime) -> HttpResponse:
    """`GET /login` with HTTP Basic auth: a bearer token for the other endpoints."""
    credentials = basic_credentials(request.headers.get("Authorization", ""))
    if credentials is None or not credentials_valid(*credentials):
        return _unauthorized(
            "Log in with HTTP Basic auth: your account id and API key.", "login", now, "Basic"
        )
    return JsonResponse(
        {
            "bearer_token": issue_bearer(credentials[0], now),
            "expires_in": int(BEARER_LIFETIME.total_seconds()),
            "live_mode": False,
        }
    )


@endpoint("POST", "connect.create")
def create_connect_session(request: HttpRequest, now: dt.datetime) -> HttpResponse:
    """`POST /connect` (Version A): a session, answered as the connect_session object."""
    created = _create(request, "connect.create", now)
    if isinstance(created, JsonResponse):
        return created
    session, parsed = created
    return JsonResponse(_session_object(request, session, parsed.customer))


@endpoint("POST", "connect.sessions.create")
def create_connect_token(request: HttpRequest, now: dt.datetime) -> HttpResponse:
    """`POST /connect/sessions` (Version B): a session, answered with just its token."""
    created = _create(request, "connect.sessions.create", now)
    if isinstance(created, JsonResponse):
        return created
    return JsonResponse(minted(created[0]))


@endpoint("GET", "connect.retrieve")
def connect_session(request: HttpRequest, now: dt.datetime, token: str) -> HttpResponse:
    """`GET /connect/{connect_token}`: the connect_session object."""
    session = SandboxSession.objects.filter(token=token).first()
    customer = customer_by_key(session.customer_key) if session is not None else None
    if session is None or customer is None:
        message = "No Connect session has this token."
        return _error(404, "connect_session_not_found", message, "connect.retrieve", now)
    return JsonResponse(_session_object(request, session, customer))


@endpoint("GET", "vpp_participations.list")
def vpp_participations(request: HttpRequest, now: dt.datetime) -> HttpResponse:
    """`GET /vpp-participations?device_id=…`: a device's participations, a page at a time."""
    operation = "vpp_participations.list"
    device = request.GET.get("device_id", "")
    if not device:
        return _error(400, "device_id_missing", "device_id is required.", operation, now)
    after, before = request.GET.get("starting_after"), request.GET.get("ending_before")
    if after is not None and before is not None:
        message = "Use starting_after or ending_before, not both."
        return _error(400, "cursor_invalid", message, operation, now)
    try:
        page = list_page(
            records_for_device(device),
            lambda record: record.id,
            limit=PAGE_SIZE,
            starting_after=after,
            ending_before=before,
        )
    except InvalidCursor:
        message = "The cursor names no participation of this device."
        return _error(400, "cursor_invalid", message, operation, now)
    return JsonResponse(
        {
            "object": "list",
            "url": "/vpp-participations",
            "has_more": page.has_more,
            "data": [participation_object(record, now) for record in page.items],
        }
    )


@endpoint("GET", "vpp_participations.retrieve")
def vpp_participation(
    request: HttpRequest, now: dt.datetime, participation_id: str
) -> HttpResponse:
    """`GET /vpp-participations/{id}`: one participation."""
    record = record_by_id(participation_id)
    if record is None:
        message = "No VPP participation has this id."
        return _error(
            404, "vpp_participation_not_found", message, "vpp_participations.retrieve", now
        )
    return JsonResponse(participation_object(record, now))


def _create(
    request: HttpRequest, operation: str, now: dt.datetime
) -> tuple[SandboxSession, CreateRequest] | JsonResponse:
    parsed = create_request(json_body(request))
    if isinstance(parsed, Problem):
        return _error(400, parsed.code, parsed.message, operation, now)
    return mint_token(parsed.customer, now=now, binding=parsed.binding), parsed


def _session_object(
    request: HttpRequest, session: SandboxSession, customer: DemoCustomer
) -> dict[str, object]:
    # Demo sessions return to this app's entry URL and end on the sandbox's callback page.
    return connect_session_object(
        session,
        customer,
        default_connect_url=request.build_absolute_uri(get_script_prefix()),
        default_callback_url=request.build_absolute_uri(reverse("sandbox:callback")),
    )


def _unauthorized(message: str, operation: str, now: dt.datetime, scheme: str) -> JsonResponse:
    response = _error(401, "unauthorized", message, operation, now)
    response["WWW-Authenticate"] = f"{scheme} {_REALM}"
    return response


def _error(status: int, code: str, message: str, operation: str, now: dt.datetime) -> JsonResponse:
    context = f"api.{operation}"
    return error_reply(status, code=code, message=message, now=now, context=context).response()
