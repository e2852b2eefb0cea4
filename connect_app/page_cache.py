"""Rendered pages of a conversation, kept for a few seconds so reading one again is cheap.

A conversation's page is a pure function of what goes into the key below: the conversation, its
sequence number, the page stored (by digest, because the number is claimed before the answer is
stored), its time zone, the language and locale, the brand and forced theme, the browser's CSRF
secret, the host, the release, and the clock to the minute. The REST participation look-up it
may show is itself cached for minutes (flatpeak_api/lookups.py), so a few seconds more change
nothing a customer could see. Any action moves the sequence on, so the next read misses.

Never kept: a page with a notice pending (a notice is shown once), a conversation that is not
OPEN, a request with a query string (the entry URL, `lang`, a search), a browser without a CSRF
cookie yet. The CSRF token in the stored HTML is a placeholder: every answer gets a freshly
masked token, as a rendered page does (the mask is Django's defence against BREACH), and the
key's CSRF secret keeps two browsers from ever sharing an entry. The entry's key is also the
page's ETag, so a browser revalidating the same page gets 304 without a body.

Django's default cache holds the entries: this process's memory, or Redis when CACHE_URL is set.
A cache that cannot be reached is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone

from connect_app import branding, languages
from connect_app.models import Conversation

logger = logging.getLogger(__name__)

# Short: long enough for a burst of reloads and revalidations, and within the clock's minute.
DEFAULT_TTL_S = 20
_PREFIX = "page:"
# Never in a page: NUL is dropped from Connect's replies and no template writes one.
CSRF_PLACEHOLDER = "\x00csrf\x00"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Entry:
    """Where one rendering of a page is kept, and the ETag it is served with."""

    key: str

    @property
    def etag(self) -> str:
        return f'"{self.key.removeprefix(_PREFIX)[:32]}"'


def ttl_s() -> int:
    """CONNECT_PAGE_CACHE_TTL_S when set (0 turns the cache off), else the default."""
    return int(getattr(settings, "CONNECT_PAGE_CACHE_TTL_S", DEFAULT_TTL_S))


def entry_for(request: HttpRequest, conversation: Conversation, *, htmx: bool) -> Entry | None:
    """The entry this request's page would be kept under, or None when it must not be kept."""
    if (
        ttl_s() <= 0
        or request.method not in ("GET", "HEAD")
        or request.META.get("QUERY_STRING")
        or conversation.state != Conversation.State.OPEN
        or conversation.page is None
        or conversation.notice_kind
    ):
        return None
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return None  # rendering would mint the browser's first secret: keep that page out
    choice = languages.of(request)
    parts = (
        _release(),
        str(conversation.pk),
        str(conversation.sequence),
        _digest(json.dumps(conversation.page, separators=(",", ":"))),
        conversation.time_zone or "",
        choice.language,
        choice.locale,
        choice.html_lang,
        repr(branding.for_request(request)),
        str(secret),
        request.get_host(),
        "htmx" if htmx else "page",
        timezone.now().strftime("%Y-%m-%dT%H:%M"),
    )
    return Entry(_PREFIX + _digest("\x1f".join(parts)))


# A conversation's page is the customer's own: no shared cache may keep it.
PRIVATE = "private, no-cache"


def answer(request: HttpRequest, entry: Entry) -> HttpResponse | None:
    """The kept page for this entry (or 304 when the browser has it), else None."""
    try:
        html = django_cache.get(entry.key)
    except Exception as error:  # any backend's failure: render as if nothing were kept
        _unreachable("get", error)
        return None
    if not isinstance(html, str):
        return None
    if _revalidates(request, entry):
        return HttpResponseNotModified(headers={"ETag": entry.etag})
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["ETag"] = entry.etag
    response["Cache-Control"] = PRIVATE
    return response


def keep(entry: Entry, response: HttpResponse) -> None:
    """Keep a freshly rendered 200 page under its entry, its CSRF token made a placeholder."""
    if response.status_code != 200 or response.streaming:
        return
    html = response.content.decode(response.charset)
    token = _CSRF_INPUT.search(html)
    if token is not None:
        html = html.replace(token.group(1), CSRF_PLACEHOLDER)
    try:
        django_cache.set(entry.key, html, timeout=ttl_s())
    except Exception as error:
        _unreachable("set", error)
        return
    response["ETag"] = entry.etag


def _revalidates(request: HttpRequest, entry: Entry) -> bool:
    # GZipMiddleware weakens the ETag it passes on (W/"..."), so either form matches.
    wanted = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    return entry.etag in tags


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _release() -> str:
    """The templates and static files this process renders with, as one digest.

    Instances sharing Redis during a rolling deploy must not serve each other's pages. In
    development a template is edited while the server runs, so it is looked at every time.
    """
    return _sources(_edited_ns() if settings.DEBUG else 0)


@cache
def _sources(edited_ns: int) -> str:
    digest = hashlib.sha256()
    for path in _template_files():
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    manifest = Path(str(settings.STATIC_ROOT), "staticfiles.json")
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()


def _edited_ns() -> int:
    return max((path.stat().st_mtime_ns for path in _template_files()), default=0)


def _template_files() -> list[Path]:
    dirs = [engine.get("DIRS", []) for engine in settings.TEMPLATES]
    roots = [Path(str(d)) for each in dirs if isinstance(each, list) for d in each]
    return sorted(p for root in roots for p in root.rglob("*") if p.is_file())


def _unreachable(operation: str, error: Exception) -> None:
    logger.warning("page cache %s failed kind=%s", operation, type(error).__name__)
