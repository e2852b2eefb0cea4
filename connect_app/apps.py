from __future__ import annotations

from django.apps import AppConfig


class ConnectAppConfig(AppConfig):
    name = "connect_app"
    verbose_name = "Connect VPP dashboard"

    def ready(self) -> None:
        from connect_app import checks  # noqa: F401 (registers the deployment checks)

        # The brand's palette is derived once, now: an unreadable palette in app.css stops the
        # start-up instead of the first page.
        from connect_app.branding import stylesheet

        stylesheet()
