"""The translation catalogues: complete, up to date with the code, and compiled without gettext.

`test_every_entry_is_translated` fails until translators have filled in every msgstr of a
language (it names the language and the msgids). `test_no_catalogue_is_stale` runs
`make messages`' own command in a copy of the project and fails when it would change a
catalogue's entries. Headers, dates and locations are not compared.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from connect_app.management.commands.compile_catalogues import compile_catalogue
from connect_app.management.commands.refresh_catalogues import CATALOGUE_LANGUAGES
from tests.environments import clean_env, run_python

# One xdist worker runs the whole module: the catalogues refreshed once (docs/testing.md).
pytestmark = pytest.mark.xdist_group("i18n_catalogues")

PROJECT = Path(__file__).resolve().parent.parent
LOCALE = PROJECT / "locale"
# What makemessages reads: the code and templates of the app and the sandbox, and manage.py.
SOURCES = ("connect_app", "connect_sandbox", "templates", "manage.py")

Key = tuple[str, str | None]  # (msgid, msgctxt)


def catalogue_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def read(path: Path, language: str) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language, abort_invalid=True)


def entries(catalogue: Catalog) -> list[Message]:
    return [message for message in catalogue if message.id]  # the header's id is ""


def key(message: Message) -> Key:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return (str(msgid), message.context)


def shown(message: Message) -> str:
    where = f" (context {message.context!r})" if message.context else ""
    return f"{key(message)[0]!r}{where}"


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_each_language_has_a_catalogue(language: str) -> None:
    path = catalogue_path(language)
    assert path.is_file(), f"{path} is missing: run `make messages`"
    assert entries(read(path, language)), f"{path} has no entries: run `make messages`"


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_every_entry_is_translated(language: str) -> None:
    """No empty msgstr (nor an empty plural form), and nothing left fuzzy."""
    catalogue = read(catalogue_path(language), language)
    untranslated, fuzzy = [], []
    for message in entries(catalogue):
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            fuzzy.append(shown(message))
        elif not forms or not all(str(form).strip() for form in forms):
            untranslated.append(shown(message))
    problems = []
    if untranslated:
        problems.append(
            f"{len(untranslated)} untranslated in {language}:\n  " + "\n  ".join(untranslated)
        )
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy in {language}:\n  " + "\n  ".join(fuzzy))
    assert not problems, f"{catalogue_path(language)}: " + "\n".join(problems)


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_plural_entries_have_the_language_s_number_of_forms(language: str) -> None:
    catalogue = read(catalogue_path(language), language)
    wrong = [
        shown(message)
        for message in entries(catalogue)
        if message.pluralizable
        and isinstance(message.string, tuple)
        and len(message.string) != catalogue.num_plurals
    ]
    assert not wrong, f"{language} wants {catalogue.num_plurals} plural forms: {wrong}"


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's sources and catalogues, refreshed by `make messages`' command."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.fail(
            "GNU gettext is needed to check the catalogues against the code: "
            "apt-get install gettext",
            pytrace=False,
        )
    copy = tmp_path_factory.mktemp("project")
    for name in SOURCES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    shutil.copytree(LOCALE, copy / "locale", ignore=shutil.ignore_patterns("*.mo"))
    # The app's start-up reads its stylesheet; makemessages does not follow the link.
    (copy / "static").symlink_to(PROJECT / "static", target_is_directory=True)
    result = run_python(
        ["manage.py", "refresh_catalogues", "--no-compile"],
        clean_env(DJANGO_DEBUG="1", PYTHONPATH=str(copy)),
        cwd=copy,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return copy / "locale"


def _keys(catalogue: Catalog) -> dict[Key, Message]:
    return {key(message): message for message in entries(catalogue)}


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_no_catalogue_is_stale(refreshed: Path, language: str) -> None:
    committed = _keys(read(catalogue_path(language), language))
    fresh = _keys(read(refreshed / language / "LC_MESSAGES" / "django.po", language))
    missing = sorted(set(fresh) - set(committed), key=str)
    obsolete = sorted(set(committed) - set(fresh), key=str)
    # The same msgid may gain or lose a plural between runs, a change the catalogue must see.
    plural_changed = sorted(
        (k for k in set(fresh) & set(committed) if fresh[k].id != committed[k].id), key=str
    )
    assert not (missing or obsolete or plural_changed), (
        f"locale/{language}/LC_MESSAGES/django.po is stale; run `make messages`.\n"
        f"  new in the code: {missing}\n  gone from the code: {obsolete}\n"
        f"  plural changed: {plural_changed}"
    )


# --- compiling without GNU gettext --------------------------------------------------------------

_SAMPLE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;\\n"

msgid "Page not found"
msgstr "Página no encontrada"

#, fuzzy
msgid "Not allowed"
msgstr "Adivinado"

msgid "There is nothing at this address."
msgstr ""

msgctxt "count"
msgid "on %(count)d day."
msgid_plural "on %(count)d days."
msgstr[0] "en %(count)d día."
msgstr[1] "en %(count)d de días."
msgstr[2] "en %(count)d días."
"""


@pytest.fixture
def sample_locale(tmp_path: Path, settings: Any) -> Path:
    po = tmp_path / "es" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(_SAMPLE, encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]  # resets Django's loaded translations
    return po


def test_babel_compiles_a_catalogue_django_reads(sample_locale: Path) -> None:
    call_command("compile_catalogues")
    assert sample_locale.with_suffix(".mo").is_file()
    with translation.override("es"):
        assert translation.gettext("Page not found") == "Página no encontrada"
        # Fuzzy and empty entries are left out: the English source shows instead.
        assert translation.gettext("Not allowed") == "Not allowed"
        assert translation.gettext("There is nothing at this address.") == (
            "There is nothing at this address."
        )
        # The catalogue's own plural rule: 1 and 2 take different forms.
        one = translation.npgettext("count", "on %(count)d day.", "on %(count)d days.", 1)
        two = translation.npgettext("count", "on %(count)d day.", "on %(count)d days.", 2)
        assert (one % {"count": 1}, two % {"count": 2}) == ("en 1 día.", "en 2 días.")


@pytest.mark.django_db
def test_a_compiled_catalogue_reaches_the_page(sample_locale: Path, client: Client) -> None:
    compile_catalogue(sample_locale)
    page = client.get("/no-such-page?lang=es")
    assert page.status_code == 404
    assert "Página no encontrada" in page.content.decode()


def test_compiling_again_leaves_an_up_to_date_file_alone(sample_locale: Path) -> None:
    mo = compile_catalogue(sample_locale)
    before = mo.stat().st_mtime_ns
    assert compile_catalogue(sample_locale).stat().st_mtime_ns == before
    os.utime(sample_locale, ns=(before + 10**9, before + 10**9))  # the .po edited since
    compile_catalogue(sample_locale)
    assert mo.stat().st_mtime_ns != before


def test_compiled_catalogues_are_build_output_not_committed() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "*.mo"], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert tracked.stdout == ""
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "locale/es/LC_MESSAGES/django.mo"], cwd=PROJECT, check=False
    )
    assert ignored.returncode == 0, ".mo files must be in .gitignore"
