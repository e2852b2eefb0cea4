"""The REST look-ups the pages use, cached briefly and never allowed to break a page.

A failed look-up is logged and answered with None: the page then renders without the extra
details, and says nothing is wrong with the customer's programme, because nothing is. Answers
are kept in Django's cache (shared.py): Redis shared by every instance when CACHE_URL is set.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from typing import TypeVar

import httpx
from django.conf import settings

from connect_app.connect.client import cookieless_jar
from connect_app.connect.vpp_payloads import Participation
from connect_app.flatpeak_api import shared
from connect_app.flatpeak_api.client import Credentials, FlatpeakApi
from connect_app.flatpeak_api.errors import ApiError

logger = logging.getLogger(__name__)

T = TypeVar("T")
# Participation changes over days, not seconds: one look-up serves a whole visit.
FOUND_TTL_S = 300.0
FAILED_TTL_S = 30.0
SANDBOX_ACCOUNT = ("acc_sandbox", "sk_test_sandbox")


@cache
def shared_http_client() -> httpx.Client:
    """A pooled client of its own, with a short time-out: these look-ups are extras."""
    return httpx.Client(
        timeout=httpx.Timeout(min(settings.CONNECT_TIMEOUT_S, 5.0)), cookies=cookieless_jar()
    )


def api_for(sandbox_api_url: str) -> FlatpeakApi | None:
    """The REST client when credentials are configured, or the sandbox's stand-in API."""
    if settings.FLATPEAK_ACCOUNT_ID and settings.FLATPEAK_API_KEY:
        credentials = Credentials(
            settings.FLATPEAK_API_URL, settings.FLATPEAK_ACCOUNT_ID, settings.FLATPEAK_API_KEY
        )
    elif settings.CONNECT_SANDBOX_ENABLED and not settings.FLATPEAK_CONNECT_URL:
        credentials = Credentials(sandbox_api_url, *SANDBOX_ACCOUNT)
    else:
        return None
    return FlatpeakApi(credentials, shared_http_client())


def participation(api: FlatpeakApi, token: str, programme_id: str | None) -> Participation | None:
    return _cached(
        ("participation", token, programme_id or ""),
        lambda: api.participation_for(token, programme_id),
    )


def callback_url(api: FlatpeakApi, token: str) -> str | None:
    return _cached(("callback", token), lambda: api.connect_session(token).callback_url)


def clear() -> None:
    shared.clear()


def _cached(key: tuple[str, ...], look_up: Callable[[], T | None]) -> T | None:
    name = shared.key("lookup", *key)
    hit = shared.get(name)
    if hit is not shared.MISSING:
        return hit  # type: ignore[no-any-return]
    try:
        value, ttl = look_up(), FOUND_TTL_S
    except ApiError as error:
        logger.warning(
            "flatpeak api look-up failed what=%s status=%s code=%s kind=%s",
            key[0],
            error.status or "-",
            error.code or "-",
            type(error).__name__,
        )
        value, ttl = None, FAILED_TTL_S
    shared.put(name, value, ttl)
    return value
