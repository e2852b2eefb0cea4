"""Template context every page needs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def sandbox(request: HttpRequest) -> dict[str, bool]:
    """Whether the app is talking to its embedded sandbox, so pages can label data as such."""
    return {"using_sandbox": not settings.FLATPEAK_CONNECT_URL}
