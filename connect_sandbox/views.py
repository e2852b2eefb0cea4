"""HTTP face of the sandbox: the Connect endpoint, token minting and its hosted pages."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import replace
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from connect_sandbox import protocol
from connect_sandbox.customers import DEMO_CUSTOMERS, customer_by_key
from connect_sandbox.faults import Fault, faulty_response
from connect_sandbox.forms import DemoForm
from connect_sandbox.links import Links, is_navigable, with_absolute_logos, with_token
from connect_sandbox.models import HostedPage, SandboxSession
from connect_sandbox.tariff.providers import provider_by_id
from connect_sandbox.tokens import Binding, mint_token, minted
from connect_sandbox.wire import NOT_JSON, Reply, error_reply, json_body, route_of, token_of

logger = logging.getLogger(__name__)

# Browser clients on other origins call Connect directly (Flatpeak's web client does): JSON
# POSTs from any origin, never with credentials, since the token in the body is the credential.
CORS_PREFLIGHT = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST",
    "Access-Control-Allow-Headers": "Content-Type, Flatpeak-Version",
    "Access-Control-Max-Age": "600",
}
LOGO_MAX_AGE_S = 86_400
# The sandbox's own template engine (settings.TEMPLATES): its templates, its base, none of the
# app's context; the app's engine cannot load these templates, nor this one the app's.
ENGINE = "sandbox"


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The sandbox's start page: every demo customer, with the problems a session can simulate."""
    customers = [
        replace(customer, name=gettext(customer.name), summary=gettext(customer.summary))
        for customer in DEMO_CUSTOMERS
    ]
    context = {"demo_customers": customers, "faults": Fault.choices}
    return render(request, "sandbox/start.html", context, using=ENGINE)


@csrf_exempt
@never_cache
def connect(request: HttpRequest) -> HttpResponse:
    """Flatpeak Connect's single JSON endpoint, simulated (protocol Part A), open to any origin."""
    if request.method == "OPTIONS":
        return HttpResponse(status=204, headers=CORS_PREFLIGHT)
    response = _connect(request)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _connect(request: HttpRequest) -> HttpResponse:
    started = time.perf_counter()
    now = timezone.now()
    if request.method != "POST":
        message = "Connect accepts POST only."
        response = error_reply(405, code="method_not_allowed", message=message, now=now).response()
        response["Allow"] = "POST, OPTIONS"
        return response
    body = json_body(request)
    if body is NOT_JSON:
        message = "The request body must be JSON."
        return error_reply(400, code="request_invalid", message=message, now=now).response()
    token, route = token_of(body), route_of(body)
    session = SandboxSession.objects.filter(token=token).first() if token else None
    if token is not None and session is not None and session.fault_strikes():
        fault = Fault(session.fault)
        logger.info("sandbox connect fault=%s route=%s", fault.value, route)
        return faulty_response(
            fault,
            token=token,
            route=route,
            now=now,
            current_page=lambda: protocol.current_page(session, now),
        )
    links = Links(
        callback_url=request.build_absolute_uri(reverse("sandbox:callback")),
        payments_url=request.build_absolute_uri(reverse("sandbox:payments")),
        provider_login_url=request.build_absolute_uri(reverse("sandbox:provider_login")),
    )
    reply = protocol.answer(body, links=links, now=now)
    reply = Reply(reply.status, with_absolute_logos(reply.body, request.build_absolute_uri))
    action = body.get("action") if isinstance(body, dict) else None
    logger.info(
        "sandbox connect route=%s action=%s status=%s next=%s ms=%.0f",
        route,
        action if isinstance(action, str) else "-",
        reply.status,
        reply.body.get("route") or reply.body.get("code"),
        (time.perf_counter() - started) * 1000,
    )
    return reply.response()


@csrf_exempt
@require_POST
def tokens(request: HttpRequest) -> HttpResponse:
    """Mint a sandbox token from JSON {"customer": key, "fault": kind, "connect_url": url,
    "callback_url": url}, like POST /connect; the URLs are optional.

    connect_url is where the sandbox's hosted pages send the customer back, with fp_cot: give
    the address of another client (Flatpeak's web client, say) to have it resume the session.
    """
    now = timezone.now()
    body = json_body(request)
    fields = body if isinstance(body, dict) else {}
    customer = customer_by_key(str(fields.get("customer", "")))
    if customer is None:
        keys = ", ".join(c.key for c in DEMO_CUSTOMERS)
        return _setup_error(400, "customer_invalid", f"customer must be one of {keys}.", now)
    fault = _fault(fields.get("fault", Fault.NONE.value))
    if fault is None:
        return _fault_error(now)
    urls: dict[str, str] = {}
    for name in ("connect_url", "callback_url"):
        value = fields.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, str) or not is_navigable(value):
            message = f"{name} must be a web address or an app link."
            return _setup_error(400, f"{name}_invalid", message, now)
        urls[name] = value
    return JsonResponse(minted(mint_token(customer, fault, now, Binding(**urls))), status=201)


@csrf_exempt
@require_POST
def session_fault(request: HttpRequest, token: str) -> HttpResponse:
    """Switch the fault a session simulates, from JSON {"fault": kind}."""
    now = timezone.now()
    body = json_body(request)
    fault = _fault(body.get("fault") if isinstance(body, dict) else None)
    if fault is None:
        return _fault_error(now)
    updated = SandboxSession.objects.filter(token=token).update(fault=fault)
    if not updated:
        return _setup_error(404, "token_invalid", "No sandbox session has this token.", now)
    logger.info("sandbox fault switched fault=%s", fault.value)
    return JsonResponse({"fault": fault.value})


@require_POST
def demo(request: HttpRequest) -> HttpResponse:
    """Open a demo customer's dashboard from the start page's form."""
    form = DemoForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "sandbox/demo_invalid.html",
            {"problems": [error for errors in form.errors.values() for error in errors]},
            status=400,
            using=ENGINE,
        )
    customer = customer_by_key(form.cleaned_data["customer"])
    assert customer is not None, "the form only accepts known customers"
    session = mint_token(customer, form.cleaned_data["fault"])
    return HttpResponseRedirect(f"{get_script_prefix()}?{urlencode({'fp_cot': session.token})}")


@require_GET
@never_cache
def payments(request: HttpRequest) -> HttpResponse:
    """The sandbox's stand-in for a payment provider's hosted billing page."""
    context = {"return_url": _return_url(request.GET.get("fp_cot", ""))}
    return render(request, "sandbox/payments.html", context, using=ENGINE)


@require_GET
@never_cache
def provider_login(request: HttpRequest) -> HttpResponse:
    """The sandbox's stand-in for an energy supplier's login (the DIRECT tariff connection)."""
    token = request.GET.get("fp_cot", "")
    context = {"return_url": _return_url(token), "token": token}
    return render(request, "sandbox/provider_login.html", context, using=ENGINE)


@require_POST
def provider_login_failed(request: HttpRequest) -> HttpResponse:
    """The login page's "sign-in fails": back to the app, where the connection has failed."""
    token = request.POST.get("fp_cot", "")
    if token:
        SandboxSession.objects.filter(token=token, away=HostedPage.PROVIDER_LOGIN).update(
            away=HostedPage.PROVIDER_FAILED
        )
    return HttpResponseRedirect(_return_url(token), status=303)


@require_GET
def provider_logo(request: HttpRequest, provider_id: str) -> HttpResponse:
    """A sandbox supplier's logo, as Connect serves its suppliers' logos from its own servers."""
    supplier = provider_by_id(provider_id)
    if supplier is None:
        raise Http404("No sandbox supplier has this id.")
    response = HttpResponse(supplier.logo.svg(), content_type="image/svg+xml")
    response["Cache-Control"] = f"public, max-age={LOGO_MAX_AGE_S}"
    return response


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Where a sandbox session ends: the integrator's callback_url."""
    return render(request, "sandbox/callback.html", using=ENGINE)


def _return_url(token: str) -> str:
    """Where a hosted page sends the customer back: the session's connect_url with the token.

    Demo sessions (and tokens this sandbox does not know) go back to the app's entry URL.
    """
    if not token:
        return get_script_prefix()
    session = SandboxSession.objects.filter(token=token).only("connect_url").first()
    if session is not None and is_navigable(session.connect_url):
        return with_token(session.connect_url, token)
    return f"{get_script_prefix()}?{urlencode({'fp_cot': token})}"


def _fault(value: object) -> Fault | None:
    return Fault(value) if isinstance(value, str) and value in Fault.values else None


def _fault_error(now: dt.datetime) -> JsonResponse:
    kinds = ", ".join(Fault.values)
    return _setup_error(400, "fault_invalid", f"fault must be one of {kinds}.", now)


def _setup_error(status: int, code: str, message: str, now: dt.datetime) -> JsonResponse:
    reply = error_reply(status, code=code, message=message, now=now, context="api.sandbox")
    return reply.response()
