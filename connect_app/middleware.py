"""Response headers Django has no setting for, and the language each request is answered in."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from connect_app import languages

# The dashboard needs none of these features; saying so stops an embedding host lending them.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Answers whose words depend on the language: pages and downloads, not stylesheets or JSON.
_IN_WORDS = ("text/html", "text/plain", "text/csv")


class LanguageMiddleware:
    """Answer every request in the customer's language (connect_app/languages.py).

    Django's LocaleMiddleware reads a cookie and Accept-Language; this app also keeps the
    `lang` of the entry URL in the session, and keeps the region for Babel, so it chooses for
    itself. `lang` is read from any GET, so the welcome page and the sandbox's pages follow
    it too; an unknown value is ignored.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        wanted = request.GET.get("lang", "") if request.method in ("GET", "HEAD") else ""
        if wanted and session is not None:
            languages.remember(session, wanted)
        # Reading the session's `lang` would mark every answer as varying by cookie, the
        # brand stylesheet's too; only answers in words do (below).
        accessed = session.accessed if session is not None else False
        choice = languages.for_request(request)
        if session is not None:
            session.accessed = accessed
        request.connect_language = choice  # type: ignore[attr-defined]
        request.LANGUAGE_CODE = choice.language
        with translation.override(choice.language):
            response = self.get_response(request)
        if response.get("Content-Type", "").startswith(_IN_WORDS):
            if session is not None:
                session.accessed = True  # SessionMiddleware then adds Vary: Cookie (`lang`)
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", choice.language)
        return response
