"""Where an exit sends the browser (A8): the address it names, if the app may send it there.

What an exit is, and which of its fields holds the address, is in the route specification
(connect/route_spec.py).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings

from connect_app.connect.kinds import spec_of
from connect_app.connect.replies import ExitPayload, Page


def exit_url(page: Page, token: str) -> str | None:
    """Where an exit page sends the browser, if it is somewhere we may send it (A8)."""
    spec = spec_of(page)
    found = spec.payload.of(page)
    url = found.url if isinstance(found, ExitPayload) else ""
    if not url or not is_allowed_redirect(url):
        return None
    if spec.leaves != "away":
        return url
    # The page elsewhere learns the session from `fp_cot`, and sends it back with it (A1).
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(key == "fp_cot" for key, _ in query):
        return url
    query.append(("fp_cot", token))
    return urlunsplit(parts._replace(query=urlencode(query)))


def is_allowed_redirect(url: str) -> bool:
    """http(s) and the configured deep-link schemes only: never javascript:, data: or file:."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return bool(parts.netloc)
    return scheme in settings.CONNECT_ALLOWED_REDIRECT_SCHEMES
