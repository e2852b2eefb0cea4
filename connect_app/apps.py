from __future__ import annotations

from django.apps import AppConfig


class ConnectAppConfig(AppConfig):
    name = "connect_app"
    verbose_name = "Connect VPP dashboard"
