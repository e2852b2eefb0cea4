"""Create a Connect session through Flatpeak's REST API and print the URL that opens the app.

With FLATPEAK_ACCOUNT_ID and FLATPEAK_API_KEY set it talks to FLATPEAK_API_URL; without them it
talks to the embedded sandbox's stand-in API of the app at --app-url (which must be running).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from connect_app.flatpeak_api import lookups
from connect_app.flatpeak_api.errors import ApiError


class Command(BaseCommand):
    help = "Create a Connect session (REST) and print the URL that opens this app with its token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--location-id", required=True, help="loc_… of the customer's home")
        parser.add_argument("--device-id", help="dev_… of the battery (optional)")
        parser.add_argument("--provider-id", help="prv_… to preselect (optional)")
        parser.add_argument(
            "--connect-url",
            required=True,
            help="where Flatpeak returns the customer mid-session: this app's URL, or a deep link",
        )
        parser.add_argument(
            "--callback-url",
            required=True,
            help="where the customer goes when they finish or close",
        )
        parser.add_argument(
            "--app-url",
            default="http://127.0.0.1:8000",
            help="this app's address, for the printed link (default %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        app_url = options["app_url"].rstrip("/")
        api = lookups.api_for(f"{app_url}/sandbox/api")
        if api is None:
            raise CommandError(
                "Set FLATPEAK_ACCOUNT_ID and FLATPEAK_API_KEY, or run against the sandbox "
                "(leave FLATPEAK_CONNECT_URL unset)."
            )
        body = {
            "location_id": options["location_id"],
            "connect_url": options["connect_url"],
            "callback_url": options["callback_url"],
        }
        for field in ("device_id", "provider_id"):
            if options[field]:
                body[field] = options[field]
        try:
            token = api.create_session(body)
        except ApiError as error:
            raise CommandError(f"Flatpeak refused to create the session: {error.detail}") from None
        sandbox = api.credentials.account_id == lookups.SANDBOX_ACCOUNT[0]
        where = "the sandbox" if sandbox else settings.FLATPEAK_API_URL
        self.stderr.write(f"Created a Connect session with {where}. Open:")
        self.stdout.write(f"{app_url}/?{urlencode({'fp_cot': token})}")
