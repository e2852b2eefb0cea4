"""Django's migrate, which can first wait for the database: `migrate --wait SECONDS`.

The image's `migrate` uses it, because compose starts the database and the migrations together.
The connection it waited for is the one the migrations then use: no second look-up of the
database's host name, which a container network's DNS may still be slow to answer.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.management.commands import migrate

from connect_app.management.database import wait_until_ready


class Command(migrate.Command):
    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--wait",
            type=float,
            default=0.0,
            metavar="SECONDS",
            help="first wait up to SECONDS for the database to accept connections",
        )

    def handle(self, *args: Any, wait: float, **options: Any) -> None:
        if wait > 0:
            still = wait_until_ready(timeout_s=wait, migrated=False)
            if still is not None:
                raise CommandError(
                    f"The database named by DATABASE_URL did not answer within {wait:g} s: {still}"
                )
        super().handle(*args, **options)
