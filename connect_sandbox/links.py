"""Where a session sends the browser: the sandbox's hosted pages and the integrator's URLs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MAX_URL_LENGTH = 2000
# Schemes that run or embed content instead of navigating: never a place to send a customer.
_UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript", "file", "blob", "about"})
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*$")


@dataclass(frozen=True)
class Links:
    """Absolute URLs a session_redirect can point at."""

    callback_url: str
    payments_url: str
    provider_login_url: str

    def with_callback(self, callback_url: str) -> Links:
        """These links, ending at the integrator's callback_url instead (blank: unchanged)."""
        return replace(self, callback_url=callback_url) if callback_url else self


def with_absolute_logos(body: Any, absolute: Callable[[str], str]) -> Any:
    """`body` with every `logo_url` that is a path on this server made a full address.

    The sandbox's pages name its own logos by path; a client on another origin (Flatpeak's
    web client) can only load them by their full address, which only the request knows.
    """
    if isinstance(body, dict):
        return {
            key: absolute(value)
            if key == "logo_url" and isinstance(value, str) and _is_path(value)
            else with_absolute_logos(value, absolute)
            for key, value in body.items()
        }
    if isinstance(body, list):
        return [with_absolute_logos(item, absolute) for item in body]
    return body


def _is_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def with_token(url: str, token: str) -> str:
    """`url` with `fp_cot=<token>` appended, unless it already carries one."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(key == "fp_cot" for key, _ in query):
        return url
    query.append(("fp_cot", token))
    return urlunsplit(parts._replace(query=urlencode(query)))


def is_navigable(url: str) -> bool:
    """Whether `url` is a web address or an app's deep link, safe to put in a link or redirect.

    Integrators may give native deep links (`myapp://…`), so any scheme is accepted except
    those that run code or embed content.
    """
    if not url or len(url) > MAX_URL_LENGTH or any(c.isspace() or ord(c) < 32 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if not _SCHEME.match(scheme) or scheme in _UNSAFE_SCHEMES:
        return False
    return bool(parts.netloc) if scheme in ("http", "https") else bool(parts.netloc or parts.path)
