"""Refresh the translation catalogues from the code and templates (`make messages`).

One place for makemessages' options, so `make messages` and the test that finds a stale
catalogue (tests/test_i18n_catalogues.py) run exactly the same thing. Needs GNU gettext
(xgettext, msgmerge); running the app does not.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

# Every language but English, the source: the catalogues translators fill in.
CATALOGUE_LANGUAGES = ("es", "de", "fr", "nl")
# Not the app's own text: dependencies, build output, screenshots, and the tests' strings.
IGNORED = ["node_modules", "staticfiles", "artifacts", "build", "tests", "bench"]


class Command(BaseCommand):
    help = "Refresh locale/<language>/LC_MESSAGES/django.po for es, de, fr and nl, then compile."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-compile", action="store_true", help="only refresh the .po files")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command(
            "makemessages",
            locale=list(CATALOGUE_LANGUAGES),
            extensions=["html", "py"],
            ignore_patterns=IGNORED,
            no_obsolete=True,
            # File names but no line numbers: a moved line does not change every catalogue.
            add_location="file",
            verbosity=options["verbosity"],
        )
        if not options["no_compile"]:
            call_command("compile_catalogues", verbosity=options["verbosity"])
