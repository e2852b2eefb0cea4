"""System checks for settings that are legal but unsafe in production (`check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def sandbox_in_production(**kwargs: Any) -> list[CheckMessage]:
    if settings.CONNECT_SANDBOX_ENABLED and not settings.DEBUG:
        return [
            Warning(
                "The embedded Connect sandbox is served with DJANGO_DEBUG off: anyone who can "
                "reach /sandbox/ can mint tokens and switch faults.",
                hint="Unset CONNECT_SANDBOX_ENABLED in production; set FLATPEAK_CONNECT_URL.",
                id="connect_app.W001",
            )
        ]
    return []
