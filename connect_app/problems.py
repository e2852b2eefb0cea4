"""The designed pages for requests that cannot be answered as asked: never a bare error page.

Django's error handlers (400, 403, 404, 500, a failed CSRF check) and the views' own refusals
all answer with one template, in the customer's language, with a way on.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def problem(
    request: HttpRequest,
    status: int,
    title: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> TemplateResponse:
    return TemplateResponse(
        request,
        "connect_app/problem.html",
        {"title": title, "message": message},
        status=status,
        headers=headers,
    )


def refused(request: HttpRequest, message: str) -> TemplateResponse:
    """Bad input: said plainly, nothing sent to Connect (HTTP 400)."""
    return problem(request, 400, _("That did not work"), message)


def wrong_method(request: HttpRequest, allowed: tuple[str, ...]) -> TemplateResponse:
    return problem(
        request,
        405,
        _("That did not work"),
        _("This address does not take that request."),
        headers={"Allow": ", ".join(allowed)},
    )


def no_session(request: HttpRequest) -> TemplateResponse:
    return problem(
        request,
        400,
        _("Your session has ended"),
        _("Open your battery earnings again from your energy app to carry on."),
    )


def too_many_tries(request: HttpRequest, retry_after_s: int) -> TemplateResponse:
    return problem(
        request,
        429,
        _("Too many tries"),
        _(
            "This link could not be opened. Wait a minute, then open your battery "
            "earnings again from your energy app."
        ),
        headers={"Retry-After": str(retry_after_s)},
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return problem(
        request,
        403,
        _("This page was open too long"),
        _("For your security, reload the page and try again."),
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return refused(request, _("The request could not be understood."))


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return problem(request, 403, _("Not allowed"), _("This page cannot be opened like this."))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return problem(request, 404, _("Page not found"), _("There is nothing at this address."))


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this handler outside the response cycle, so the template is rendered here.
    return problem(
        request,
        500,
        _("Something went wrong on our side"),
        _("Nothing you did caused this. Please try again in a moment."),
    ).render()
