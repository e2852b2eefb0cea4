"""Template context every page needs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from connect_app.branding import Brand, for_request


def sandbox(request: HttpRequest) -> dict[str, bool]:
    """Whether the app is talking to its embedded sandbox, so pages can label data as such."""
    return {"using_sandbox": not settings.FLATPEAK_CONNECT_URL}


def brand(request: HttpRequest) -> dict[str, Brand]:
    """The integrator's name, logo and colours, and the theme the entry URL forced, if any."""
    return {"brand": for_request(request)}
