"""Response headers Django has no setting for, the language each request is answered in, and
the two headers' middleware made cheap: the CSP built once, compression at a cheaper level."""

from __future__ import annotations

import gzip
import secrets
from collections.abc import Callable

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.middleware.gzip import re_accepts_gzip
from django.utils import translation
from django.utils.cache import patch_vary_headers

from connect_app import languages

# zlib's fast strategy (levels 1-3): a period change's answer compressed for about half the CPU
# of Django's level 6, and under a tenth larger (2.99 KB against 2.74 KB).
GZIP_LEVEL = 3


class ContentSecurityPolicyMiddleware:
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY), built once at start-up.

    No page has a policy of its own or a nonce (no inline script or style anywhere), so every
    answer carries the same header; django-csp would build it anew for each one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = build_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # As django-csp: Django's own debugging pages (404, 500) have inline styles.
        if not (settings.DEBUG and response.status_code in (404, 500)):
            response.headers.setdefault(CSP_HEADER, self.policy)
        return response


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's, at GZIP_LEVEL instead of 6, padded against BREACH as Django pads."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        # Streams, short answers and encoded ones go Django's way (a stream at its level).
        short = not isinstance(response, HttpResponse) or len(response.content) < 200
        if short or "Content-Encoding" in response:
            return super().process_response(request, response)
        assert isinstance(response, HttpResponse)
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = _gzipped(response.content, self.max_random_bytes)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag  # no longer the same bytes
        response.headers["Content-Encoding"] = "gzip"
        return response


def _gzipped(content: bytes, max_random_bytes: int) -> bytes:
    """gzip with a file name of random length in its header, so that the compressed length
    does not give away how well a secret in the page compresses (BREACH)."""
    compressed = gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)
    header = bytearray(compressed[:10])
    header[3] = gzip.FNAME
    name = b"a" * secrets.randbelow(max_random_bytes) + b"\x00"
    return bytes(header) + name + compressed[10:]


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
