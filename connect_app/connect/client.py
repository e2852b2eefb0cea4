"""The one way this app talks to Flatpeak Connect: JSON over POST to a single URL (A2).

Every failure leaves this module as a `ConnectError` subclass; no raw dict leaves it either.
The token travels only in request bodies and is never logged.
"""

from __future__ import annotations

import json
import logging
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpx
from django.conf import settings
from pydantic import ValidationError

from connect_app.connect.errors import (
    OUTCOMES,
    ConnectError,
    ConnectRejected,
    ConnectUnavailable,
    ConnectUnreadable,
    TokenExpired,
)
from connect_app.connect.kinds import check_payload
from connect_app.connect.replies import Page
from connect_app.observability import metrics

logger = logging.getLogger(__name__)
# No Connect page nests deeper than a handful of levels; far deeper is garbage or an attack.
MAX_DEPTH = 64


def cookieless_jar() -> CookieJar:
    """A cookie jar that keeps nothing. A shared client serves every customer's calls: a cookie
    one customer's answer set would go out with the next customer's call."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


@cache
def shared_http_client() -> httpx.Client:
    """One pooled client per process: connection reuse, and httpx clients are thread-safe."""
    timeout = settings.CONNECT_TIMEOUT_S
    return httpx.Client(
        cookies=cookieless_jar(),
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        headers={
            "User-Agent": "connect-vpp-dashboard",
            "Accept": "application/json",
            "Accept-Encoding": "gzip",
        },
        follow_redirects=False,
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
    )


@lru_cache(maxsize=16)
def _address(url: str) -> httpx.URL:
    """Connect's endpoint, parsed once: httpx parses an address given as a string anew for
    every request (0.09 M instructions a call)."""
    return httpx.URL(url)


@dataclass(frozen=True)
class ConnectClient:
    """Start, restore and answer Connect pages for one Connect endpoint."""

    url: str
    http: httpx.Client

    def start(self, token: str) -> Page:
        """Begin the VPP flow for a token this browser has not used before (A1)."""
        return self._post({"connect_token": token, "route": "session_start", "action": "VPP"})

    def restore(self, token: str) -> Page:
        """Resume after a provider-hosted step sent the customer back to us (A1)."""
        return self._post({"connect_token": token, "route": "session_restore"})

    def act(
        self, token: str, *, route: str, action: str | None, data: dict[str, Any] | None = None
    ) -> Page:
        """Answer the page `route` with an action, its data, both, or neither (A2, A11).

        A form page is answered with `data` and no action; its "skip" answer is the route alone.
        """
        body: dict[str, Any] = {"connect_token": token, "route": route}
        if action is not None:
            body["action"] = action
        if data:
            body["data"] = data
        return self._post(body)

    def change_period(self, token: str, *, period_type: str, period_start: str) -> Page:
        """Ask for another reporting period (A3).

        Undocumented upstream, so its shape lives here and only here. The period is absolute
        (type plus first day), never "previous/next", so sending it twice is harmless.
        """
        return self.act(
            token,
            route="vpp_summary",
            action="CHANGE_PERIOD",
            data={"period_type": period_type, "period_start": period_start},
        )

    def _post(self, body: dict[str, Any]) -> Page:
        route, action = body["route"], body.get("action", "-")
        started = time.perf_counter()
        status: int | None = None
        try:
            status, raw = self._exchange(body)
            page = self._read(status, raw)
        except ConnectError as error:
            seconds = time.perf_counter() - started
            outcome = OUTCOMES[error.kind]
            metrics.connect_call(route, action, outcome, seconds)
            logger.warning(
                "connect call failed route=%s action=%s status=%s kind=%s detail=%s ms=%.0f",
                route,
                action,
                error.status if error.status is not None else status or "-",
                error.kind,
                error.detail,
                seconds * 1000,
                extra={
                    "route": route,
                    "action": action,
                    "outcome": outcome,
                    "status": error.status if error.status is not None else status,
                    "duration_ms": round(seconds * 1000),
                    "connect_request_id": getattr(error, "request_id", ""),
                },
            )
            raise
        seconds = time.perf_counter() - started
        metrics.connect_call(route, action, "ok", seconds)
        logger.info(
            "connect call route=%s action=%s status=%s next=%s ms=%.0f",
            route,
            action,
            status,
            page.route,
            seconds * 1000,
            extra={
                "route": route,
                "action": action,
                "outcome": "ok",
                "status": status,
                "duration_ms": round(seconds * 1000),
            },
        )
        return page

    def _exchange(self, body: dict[str, Any]) -> tuple[int, bytes]:
        """POST the body and read at most CONNECT_MAX_REPLY_BYTES of the reply."""
        try:
            with self.http.stream("POST", _address(self.url), json=body) as response:
                return response.status_code, _bounded_body(response)
        except httpx.TimeoutException:
            raise ConnectUnavailable("timed out") from None
        except httpx.HTTPError as error:
            raise ConnectUnavailable(type(error).__name__) from None

    @staticmethod
    def _read(status: int, raw: bytes) -> Page:
        try:
            reply = json.loads(raw, parse_constant=_no_constant)
        except _NotJsonNumber:
            raise ConnectUnreadable("reply holds NaN or Infinity", status=status) from None
        except RecursionError:
            raise ConnectUnreadable("reply nested too deeply", status=status) from None
        except (ValueError, UnicodeDecodeError):
            # A proxy's HTML error page or a cut-off body: the service is not answering properly.
            raise ConnectUnavailable("reply is not JSON", status=status) from None
        if _may_need_mending(raw):
            reply = _checked(reply)
        if isinstance(reply, dict) and reply.get("object") == "error":
            raise _rejection(reply, status)
        if status >= 500:
            raise ConnectUnavailable("server error without an error object", status=status)
        if not isinstance(reply, dict):
            raise ConnectUnreadable("reply is not a JSON object", status=status)
        try:
            page = Page.from_reply(reply)
            check_payload(page)
        except ValidationError as error:
            raise ConnectUnreadable(
                f"not a readable page: {error.error_count()} problems", status=status
            ) from None
        return page


class _NotJsonNumber(ValueError):
    """NaN, Infinity: Python's json reads them, JSON has no such numbers, no page can show one."""


def _no_constant(name: str) -> Any:
    raise _NotJsonNumber(name)


def _bounded_body(response: httpx.Response) -> bytes:
    """The body, inflated here (not by httpx) so a small gzip bomb cannot grow past the limit."""
    limit, status = settings.CONNECT_MAX_REPLY_BYTES, response.status_code
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
        raise ConnectUnreadable(f"unsupported content-encoding {encoding[:20]}")
    # 47 = 32 + 15: accept a gzip or a zlib header, the two forms "gzip"/"deflate" take.
    inflater = zlib.decompressobj(47) if encoding not in ("", "identity") else None
    parts: list[bytes] = []
    size = 0
    try:
        for chunk in _raw_chunks(response):
            if inflater is not None:
                chunk = inflater.decompress(chunk, limit + 1 - size)
                if inflater.unconsumed_tail:
                    size = limit + 1
            size += len(chunk)
            if size > limit:
                raise ConnectUnreadable(f"reply larger than {limit} bytes", status=status)
            parts.append(chunk)
    except zlib.error:
        raise ConnectUnreadable("reply is not validly compressed", status=status) from None
    return b"".join(parts)


def _raw_chunks(response: httpx.Response) -> Iterator[bytes]:
    try:
        yield from response.iter_raw()
    except httpx.StreamConsumed:
        # A response built in memory (httpx.MockTransport in tests) has no stream to read.
        yield response.content


def _may_need_mending(raw: bytes) -> bool:
    """Whether the reply may hold what _checked mends or refuses: most replies cannot.

    A lone surrogate or a NUL comes as a \\u escape, or raw in UTF-16/32 (NUL bytes) or as a
    surrogate's UTF-8 bytes (which json.loads lets through; they start with 0xED); nesting
    deeper than MAX_DEPTH needs more brackets than that.
    """
    if b"\\u" in raw or b"\xed" in raw or b"\x00" in raw:
        return True
    return raw.count(b"{") + raw.count(b"[") > MAX_DEPTH


def _checked(value: Any, depth: int = 0) -> Any:
    """The reply with lone surrogates mended, refused if nested deeper than any page could be.

    JSON may escape lone surrogates ("\\udfff"), which no page can print; they are replaced.
    NUL characters are dropped.
    """
    if depth > MAX_DEPTH:
        raise ConnectUnreadable("reply nested too deeply")
    if isinstance(value, str):
        # NUL is valid JSON but PostgreSQL's jsonb refuses to store it, and no page needs it.
        value = value.replace("\x00", "") if "\x00" in value else value
        if value.isascii():
            return value
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_checked(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {_checked(k, depth + 1): _checked(v, depth + 1) for k, v in value.items()}
    return value


def _rejection(reply: dict[str, Any], status: int) -> ConnectRejected:
    code = reply.get("code") if isinstance(reply.get("code"), str) else ""
    message = reply.get("message") if isinstance(reply.get("message"), str) else ""
    error_type = reply.get("type") if isinstance(reply.get("type"), str) else ""
    request_id = reply.get("request_id") if isinstance(reply.get("request_id"), str) else ""
    cls = TokenExpired if code == "token_expired" else ConnectRejected
    return cls(
        str(message)[:500],
        code=str(code),
        error_type=str(error_type),
        status=status,
        request_id=str(request_id)[:128],
    )
