"""Thin views: validate the request, move the conversation on, render the page it is on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial, wraps
from typing import Any, Concatenate

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails
from pydantic import ValidationError

from connect_app import branding, entry_limit, languages, problems, routes
from connect_app import conversation as conv
from connect_app.connect.client import ConnectClient, shared_http_client
from connect_app.connect.errors import TokenExpired
from connect_app.connect.kinds import kind_of, programme_id
from connect_app.connect.replies import Page
from connect_app.connect.vpp_payloads import Participation
from connect_app.flatpeak_api import lookups
from connect_app.flatpeak_api.client import FlatpeakApi
from connect_app.forms import ActionForm, EntryForm, SequenceForm
from connect_app.forms.answer import TariffForm
from connect_app.models import Conversation
from connect_app.observability import metrics
from connect_app.pages import figures_csv as figures
from connect_app.pages.common import RenderContext
from connect_app.pages.tariff.summary import connected_message

# A customer's own page: a browser may keep it and revalidate, no shared cache may.
PRIVATE = "private, no-cache"
NO_STORE = {"Cache-Control": "no-store"}
# The screens of a conversation without a page to show, and their status.
SCREENS: dict[conv.Screen, tuple[str, int]] = {
    "expired": ("connect_app/expired.html", 200),
    "closed": ("connect_app/closed.html", 200),
    "unavailable": ("connect_app/unavailable.html", 503),
}
# The tariff the customer has just confirmed on its summary, until the dashboard has said so.
TARIFF_CONFIRMED_KEY = "tariff_confirmed"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


View = Callable[..., HttpResponse]
ConversationView = Callable[Concatenate[HtmxHttpRequest, Conversation, ...], HttpResponse]


def allow(*methods: str) -> Callable[[View], View]:
    """Like require_GET/require_POST, but a wrong method gets the designed page, not a blank 405."""

    def decorator(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                return problems.wrong_method(request, methods)
            return view(request, *args, **kwargs)

        return checked

    return decorator


def with_conversation(view: ConversationView) -> View:
    """The browser's conversation, or the designed "session has ended" page."""

    @wraps(view)
    def found(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        conversation = conv.current(request.session)
        if conversation is None:
            return problems.no_session(request)
        return view(request, conversation, *args, **kwargs)

    return found


class ExitRedirect(HttpResponseRedirect):
    """A redirect that may also open the deep-link schemes an integrator allows (A8)."""

    @property
    def allowed_schemes(self) -> list[str]:  # type: ignore[override]
        return ["http", "https", *settings.CONNECT_ALLOWED_REDIRECT_SCHEMES]


@allow("GET", "HEAD")
def home(request: HtmxHttpRequest) -> HttpResponse:
    """The entry URL with a token (A1), the page the customer is on, or the welcome page."""
    if "fp_cot" in request.GET or "connect_token" in request.GET:
        return _enter(request)
    conversation = conv.current(request.session)
    if conversation is None:
        refusal = conv.refusal(request.session)
        return _refused(request, refusal) if refusal else _welcome(request)
    # Back from a provider page without the token in the URL (e.g. the back button).
    result = conv.come_back(conversation, _upstream(request))
    if isinstance(result, conv.Leave):
        return _leave(request, result.url)
    return _render(request, conversation)


@allow("POST")
@with_conversation
def take_action(request: HtmxHttpRequest, conversation: Conversation) -> HttpResponse:
    """One of the page's actions, pressed by the customer: forwarded at most once (A4, A5)."""
    page = conv.page_of(conversation)
    form = ActionForm(request.POST, page=page)
    if not form.is_valid():
        unticked = form.errors.get("confirmed")
        if unticked and page is not None and kind_of(page) == "leave_confirmation":
            # Sent without the tick: the same page, with our message at the box.
            partial = bool(request.htmx)
            return _render(request, conversation, partial=partial, confirm_error=str(unticked[0]))
        return problems.refused(request, _first_error(form))
    action = form.cleaned_data["action"]
    confirmed = routes.confirms_tariff(page, action) if page else None
    try:
        result = conv.forward(
            conversation,
            sequence=form.cleaned_data["seq"],
            action=action,
            data=form.cleaned_data["data"],
            upstream=_upstream(request),
        )
    except conv.ActionNotOffered as refusal:
        return problems.refused(request, str(refusal))
    if confirmed is not None and result is None:
        # Said once by the dashboard it returns to (in this answer, or after the redirect).
        request.session[TARIFF_CONFIRMED_KEY] = confirmed
    if request.htmx and result is None and _changes_period_only(page, action):
        return _period_answer(request, conversation)
    return _after(request, conversation, result)


@allow("POST")
@with_conversation
def answer(request: HtmxHttpRequest, conversation: Conversation) -> HttpResponse:
    """A tariff form's answer: checked here first, then sent once, its errors at their fields."""
    sequence = SequenceForm(request.POST)
    if not sequence.is_valid():
        return problems.refused(request, _first_error(sequence))
    seq = sequence.cleaned_data["seq"]
    page = conv.posted_from(conversation, seq)
    if page is None:
        # Answered already (a double tap, a second tab): the page it is on now, sent nothing.
        stale = conv.forward(
            conversation, sequence=seq, action=None, data=None, upstream=_upstream(request)
        )
        return _after(request, conversation, stale)
    route = routes.route_for(page)
    if route.form is None:
        return problems.refused(request, _("This page has nothing to fill in."))
    ctx = _render_context(request, conversation)
    form = route.form(request.POST, page=page, locale=ctx.locale, today=ctx.today())
    if form.is_edit() or not form.is_valid():
        # Nothing reaches Connect: the customer sees their own answers, and what to fix.
        return _render(request, conversation, form=form)
    reply = form.answer()
    result = conv.forward(
        conversation,
        sequence=seq,
        action=reply.action,
        data=reply.data,
        upstream=_upstream(request),
    )
    if isinstance(result, conv.Failed):
        # Connect refused or could not be reached: the same page, with what was typed and
        # Connect's message at the field its code names (instead of above the page).
        conv.take_notice(conversation)
        form.add_connect_error(result.code, result.message)
        return _render(request, conversation, form=form)
    return _after(request, conversation, result)


@allow("POST")
@with_conversation
def resume(request: HtmxHttpRequest, conversation: Conversation) -> HttpResponse:
    """Try the entry call again after Connect could not be reached."""
    form = SequenceForm(request.POST)
    if not form.is_valid():
        return problems.refused(request, _first_error(form))
    result = conv.resume(
        request.session, conversation, form.cleaned_data["seq"], _upstream(request)
    )
    if isinstance(result, conv.Refused):
        return _leave(request, reverse("home"))  # to the page that says the link is refused
    return _after(request, conversation, result)


@allow("POST")
def close_here(request: HtmxHttpRequest) -> HttpResponse:
    """Close a flow whose token has expired: Connect cannot be told, so we end it here."""
    conversation = conv.current(request.session)
    if conversation is None:
        # A link Connect refused on entry: nothing was stored, so there is nothing to end.
        if conv.refusal(request.session) is None:
            return problems.no_session(request)
        conv.forget_refusal(request.session)
        return TemplateResponse(request, "connect_app/closed.html", {}, headers=NO_STORE)
    result = conv.close_here(conversation, _upstream(request))
    if isinstance(result, conv.NotHere):
        return problems.refused(request, _("Use the Close button on the page to close it."))
    return _after(request, conversation, result)


@allow("GET", "HEAD")
@with_conversation
def figures_csv(request: HtmxHttpRequest, conversation: Conversation) -> HttpResponse:
    """The period on screen as a CSV download, from the stored page: Connect is not called."""
    page = _summary_on_screen(conversation)
    if page is None:
        return problems.refused(request, _("There are no figures to download on this page."))
    try:
        export = figures.build(page, timezone.now())
    except ValidationError:
        return problems.refused(request, _("The figures on this page could not be read."))
    return HttpResponse(
        export.text().encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(True, export.filename),
            # The customer's earnings: no shared cache may keep them.
            "Cache-Control": "private, no-store",
        },
    )


def _summary_on_screen(conversation: Conversation) -> Page | None:
    """The stored page when it is the vpp_summary the customer is looking at."""
    page = conv.screen(conversation)
    return page if isinstance(page, Page) and kind_of(page) == "vpp_summary" else None


def _enter(request: HtmxHttpRequest) -> HttpResponse:
    form = EntryForm(request.GET)
    if not form.is_valid():
        return problems.refused(request, str(EntryForm.INVALID))
    token = form.cleaned_data["token"]
    address = entry_limit.client_address(request)
    # An address that keeps offering tokens Connect refuses is turned away without asking
    # Connect; a token this browser already holds is known good and always resumes.
    if entry_limit.is_limited(address) and not conv.holds(request.session, token):
        metrics.customer_action("start", "limited")
        return problems.too_many_tries(request, entry_limit.seconds_left())
    result = conv.enter(request.session, token, _upstream(request))
    if isinstance(result, conv.Refused):
        entry_limit.count_refusal(address)
    # A host whose webview does not pass the system's setting names the palette (light/dark).
    branding.remember_theme(request.session, request.GET.get("theme", ""))
    if isinstance(result, conv.Leave):
        return _leave(request, result.url)
    # Drop the token from the address bar, history and any Referer (A1).
    return redirect("home")


def _refused(request: HttpRequest, refusal: conv.Refused) -> HttpResponse:
    """The designed page for a link Connect refused: an expired one, or another refusal."""
    if refusal.kind == TokenExpired.kind:
        template, context = "connect_app/expired.html", {}
    else:
        template, context = "connect_app/refused.html", {"said": refusal.said}
    return TemplateResponse(request, template, context, headers=NO_STORE)


def _after(
    request: HtmxHttpRequest, conversation: Conversation, result: conv.Result
) -> HttpResponse:
    if isinstance(result, conv.Leave):
        return _leave(request, result.url)
    if isinstance(result, conv.Stale):
        # Another request moved the conversation on: show what it is on now.
        conversation.refresh_from_db()
    if request.htmx:
        return _render(request, conversation, partial=True)
    # Post/redirect/get: a reload never re-posts the action.
    return HttpResponseRedirect(reverse("home"), status=303)


def _changes_period_only(before: Page | None, action: str) -> bool:
    """A period change on the dashboard: the answer may be the period alone, if it stays there."""
    return action == "CHANGE_PERIOD" and before is not None and kind_of(before) == "vpp_summary"


def _period_answer(request: HtmxHttpRequest, conversation: Conversation) -> HttpResponse:
    """The dashboard's new period over htmx: only what changes with it, swapped into
    #period-view, with the page number and the notices out of band (vpp_summary.html's
    period_answer). Anything else Connect answered (another page, one that renders
    generically, the tariff's word still to say) is the whole page, as every other answer."""
    page = conv.screen(conversation)
    if not isinstance(page, Page) or TARIFF_CONFIRMED_KEY in request.session:
        return _render(request, conversation, partial=True)
    vm = routes.render_period(page, _render_context(request, conversation))
    if vm is None:
        return _render(request, conversation, partial=True)
    notice = conv.take_notice(conversation)  # none after a change that went through, but said
    context = {**_shared_context(conversation, notice), "vm": vm, "period_answer": True}
    template = routes.route_for(page).template
    response = TemplateResponse(request, f"{template}#period_answer", context)
    response["Cache-Control"] = PRIVATE
    response["HX-Retarget"] = "#period-view"
    return response


def _leave(request: HtmxHttpRequest, url: str) -> HttpResponse:
    if request.htmx:
        # htmx follows HX-Redirect with a full navigation, which a deep link needs.
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    response = ExitRedirect(url)
    response.status_code = 303
    return response


def _shared_context(conversation: Conversation, notice: conv.Notice | None) -> dict[str, Any]:
    """What every answer's template gets: where actions post, the page number, the notice."""
    return {
        # Every action form posts here; reversed once rather than by each form's {% url %}.
        "act_url": reverse("act"),
        "seq": conversation.sequence,
        "notice": notice,
        "retry": conversation.retry if notice else None,
    }


def _render(
    request: HtmxHttpRequest,
    conversation: Conversation,
    *,
    partial: bool = False,
    form: TariffForm | None = None,
    confirm_error: str = "",
) -> HttpResponse:
    notice = conv.take_notice(conversation)
    confirmed = request.session.pop(TARIFF_CONFIRMED_KEY, None)
    ctx = _render_context(request, conversation)
    context = {**_shared_context(conversation, notice), "confirm_error": confirm_error}
    status = 200
    page = conv.screen(conversation)
    if not isinstance(page, Page):
        template, status = SCREENS[page]
    else:
        if routes.wants_participation(page):
            ctx = replace(ctx, participation=_participation(request, conversation, page))
        route, context["vm"] = routes.render(page, ctx)
        template = route.template
        if isinstance(confirmed, str) and kind_of(page) == "vpp_summary":
            context["tariff_connected"] = connected_message(confirmed)
        if route.form is not None:
            # An answer that needs fixing comes back as the page, with what was typed and what
            # to fix: a designed answer (200), as form services do, swapped in place by htmx.
            partial = partial or bool(request.htmx and form is not None)
            form = form or route.form(page=page, locale=ctx.locale, today=ctx.today())
            context["form"] = form.marked()
        context["page"] = page
        context["answer_url"] = reverse("answer")
    if partial:
        template += "#content"
        status = 200  # htmx 2 swaps only 2xx answers
    response = TemplateResponse(request, template, context, status=status)
    # A customer's own page: a browser may keep it and revalidate, no shared cache may.
    response["Cache-Control"] = PRIVATE
    return response


def _locale(request: HttpRequest) -> str:
    # The language in use, with the region of `lang` or of Accept-Language (languages.py).
    return languages.of(request).locale


def _render_context(request: HttpRequest, conversation: Conversation) -> RenderContext:
    return RenderContext(
        locale=_locale(request),
        now=timezone.now(),
        time_zone=conversation.time_zone or "UTC",
        search=request.GET.get("q", "").strip()[:80],
    )


def _welcome(request: HttpRequest) -> HttpResponse:
    if not settings.FLATPEAK_CONNECT_URL:
        # Talking to the embedded sandbox, nobody arrives with a real token: the sandbox's own
        # start page offers its demo customers (the app never reads them itself).
        return redirect("sandbox:start")
    return TemplateResponse(request, "connect_app/home.html")


def _participation(
    request: HttpRequest, conversation: Conversation, page: Page
) -> Participation | None:
    api = _api(request)
    if api is None:
        return None
    return lookups.participation(api, conversation.connect_token, programme_id(page))


def _upstream(request: HttpRequest) -> conv.Upstream:
    return conv.Upstream(_client(request), partial(_callback_url, request))


def _callback_url(request: HttpRequest, token: str) -> str | None:
    """The session's callback URL from the REST API, for a close that came without one (A8)."""
    api = _api(request)
    return lookups.callback_url(api, token) if api else None


def _api(request: HttpRequest) -> FlatpeakApi | None:
    # Sandbox mode uses the sandbox's stand-in REST API, served by this same app.
    return lookups.api_for(request.build_absolute_uri("/sandbox/api"))


def _client(request: HttpRequest) -> ConnectClient:
    # Unset FLATPEAK_CONNECT_URL means the embedded sandbox, reached over HTTP like the real one.
    url = settings.FLATPEAK_CONNECT_URL or request.build_absolute_uri(reverse("sandbox:connect"))
    return ConnectClient(url, shared_http_client())


def _first_error(form: Any) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("That request was not valid.")
