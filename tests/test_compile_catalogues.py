"""The compiled catalogues keep each language's plural rule (Babel drops it without a locale)."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from connect_app.management.commands.compile_catalogues import compile_catalogue

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["es", "de", "fr", "nl"])
def test_a_compiled_catalogue_counts_with_its_language_s_plural_rule(
    language: str, tmp_path: Path
) -> None:
    po = tmp_path / language / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_bytes((LOCALE / language / "LC_MESSAGES" / "django.po").read_bytes())
    with po.open("rb") as source:
        wanted = read_po(source, locale=language).num_plurals
    with compile_catalogue(po).open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert f"nplurals={wanted};" in compiled.info()["plural-forms"]
    if language == "es":
        # Spanish's second form is for millions: 12 takes the third.
        assert compiled.plural(12) == 2  # type: ignore[attr-defined]
