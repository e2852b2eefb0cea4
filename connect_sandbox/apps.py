"""Registers the sandbox as a Django app of its own."""

from __future__ import annotations

from django.apps import AppConfig


class SandboxConfig(AppConfig):
    """The embedded Connect simulator."""

    name = "connect_sandbox"
    label = "sandbox"
    verbose_name = "Connect sandbox"
    default_auto_field = "django.db.models.BigAutoField"
