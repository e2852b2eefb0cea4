"""Compile the translation catalogues (locale/*/LC_MESSAGES/*.po) into the .mo files Django reads.

Babel does it, so a fresh machine needs no GNU gettext to run the app (`make setup` calls this);
`compilemessages` would need msgfmt. The .mo files are build output and never committed. Fuzzy
and untranslated entries are left out, so the page shows the English source for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogues() -> list[Path]:
    """Every .po file under the project's LOCALE_PATHS."""
    return [
        po for root in settings.LOCALE_PATHS for po in sorted(Path(root).glob("*/LC_MESSAGES/*.po"))
    ]


def compile_catalogue(po: Path) -> Path:
    """Write the .mo beside `po`, when it is missing or older than the .po; return its path."""
    mo = po.with_suffix(".mo")
    if mo.is_file() and mo.stat().st_mtime_ns >= po.stat().st_mtime_ns:
        return mo
    language = po.parent.parent.name
    try:
        with po.open("rb") as source:
            catalogue = read_po(source, locale=language, abort_invalid=True)
    except Exception as error:  # Babel raises its own and ValueError alike
        raise CommandError(f"{po}: {error}") from error
    if catalogue.locale is None:
        # makemessages leaves the header's Language empty, and Babel then writes a .mo with
        # no Plural-Forms: Django would count "12 días" with English's two forms.
        catalogue.locale = Locale.parse(language)
    # Written next to it and renamed, so a server reading the catalogue never sees half a file.
    partial = mo.with_suffix(".mo.tmp")
    with partial.open("wb") as target:
        write_mo(target, catalogue, use_fuzzy=False)
    partial.replace(mo)
    return mo


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo with Babel (no GNU gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        for po in catalogues():
            mo = compile_catalogue(po)
            if options["verbosity"] > 1:
                self.stdout.write(f"compiled {po} -> {mo}")
