"""Which language a page speaks: `lang` on the entry URL (kept), Accept-Language, English.

Through the Django test client against the real middleware, session and database; Connect is
mocked at its HTTP transport. The words themselves are the catalogues' business
(test_i18n_pages.py); here each page says which language and locale it chose: <html lang>,
Content-Language, and how Babel wrote its money.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from pytest_httpx import HTTPXMock

from connect_app import languages
from tests.environments import clean_env, run_python
from tests.factories import summary_reply

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parent.parent
CONNECT = "https://connect.test/"
TOKEN = "cot_test_token_0001"


@pytest.fixture(autouse=True)
def _real_connect_url(settings: Any) -> None:
    settings.FLATPEAK_CONNECT_URL = CONNECT


def html_lang(response: Any) -> str:
    root = BeautifulSoup(response.content, "html.parser").html
    assert root is not None
    return str(root["lang"])


def enter(client: Client, httpx_mock: HTTPXMock, query: str = "", **headers: str) -> None:
    httpx_mock.add_response(url=CONNECT, json=summary_reply())
    response = client.get(f"/?fp_cot={TOKEN}{query}", headers=headers)
    assert response["Location"] == "/"


# --- choosing, as a unit ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remembered", "header", "language", "locale"),
    [
        (None, "", "en", "en"),
        (None, "de-AT,de;q=0.9,en;q=0.5", "de", "de_AT"),
        (None, "pt-BR,fr-CA;q=0.8,en;q=0.5", "fr", "fr_CA"),  # pt is not offered: next best
        (None, "ja,zh;q=0.8", "en", "en"),  # nothing offered is accepted
        (None, "en-GB", "en", "en_GB"),
        (None, "nl-BE", "nl", "nl_BE"),
        ("de", "de-AT", "de", "de_AT"),  # lang=de: the region from the same language's tag
        ("es", "en-US", "es", "es"),  # a region of another language is not borrowed
        ("es-MX", "es-ES", "es", "es_MX"),  # lang's own region wins
        ("es_mx", "", "es", "es_MX"),
        ("nl-NL", "", "nl", "nl_NL"),
        ("xx", "fr", "fr", "fr"),  # an unknown remembered value is ignored
        ("de-XX", "", "de", "de"),  # a region Babel does not know: the language alone
        ("zh-Hant-TW", "", "en", "en"),  # a tag, but not an offered language
    ],
)
def test_the_language_and_the_locale_chosen(
    remembered: str | None, header: str, language: str, locale: str
) -> None:
    choice = languages.choose(remembered, header)
    assert (choice.language, choice.locale) == (language, locale)


@pytest.mark.parametrize(
    "raw", ["", "e", "english", "de--AT", "<script>", "de-AT-" + "x" * 40, "12", "es MX"]
)
def test_what_is_not_a_language_tag_is_not_one(raw: str) -> None:
    assert languages.asked(raw) is None


def test_html_lang_carries_the_region_where_known() -> None:
    assert languages.choose("es-MX", "").html_lang == "es-MX"
    assert languages.choose(None, "nl-be").html_lang == "nl-BE"
    assert languages.choose(None, "").html_lang == "en"


# --- over HTTP ---------------------------------------------------------------------------------


def test_lang_on_the_entry_url_is_kept_for_the_session(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, "&lang=de", HTTP_ACCEPT_LANGUAGE="en-US")
    page = client.get("/", headers={"Accept-Language": "en-US"})
    assert page.status_code == 200
    assert html_lang(page) == "de"
    assert page["Content-Language"] == "de"
    # A later page of the same session, whatever the webview says it accepts.
    again = client.get("/", headers={"Accept-Language": "fr-FR"})
    assert html_lang(again) == "de"


def test_lang_with_a_region_shapes_the_money(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock, "&lang=es-MX")
    mexico = client.get("/")
    assert html_lang(mexico) == "es-MX"
    # The seed's earnings in dollars, as Mexico writes them; Spain writes "62,10 US$".
    assert "USD62.10" in mexico.content.decode()
    spain = Client()
    enter(spain, httpx_mock, "&lang=es-ES")
    assert "62,10\xa0US$" in spain.get("/").content.decode()


def test_lang_without_a_region_takes_accept_language_s_region_of_that_language(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, "&lang=en", HTTP_ACCEPT_LANGUAGE="de-DE,en-GB;q=0.8")
    page = client.get("/", headers={"Accept-Language": "de-DE,en-GB;q=0.8"})
    assert html_lang(page) == "en-GB"
    assert "US$62.10" in page.content.decode()  # en-GB spells out which dollar


def test_without_lang_the_best_accepted_language_speaks(client: Client) -> None:
    page = client.get("/", headers={"Accept-Language": "it;q=1.0, nl-BE;q=0.9, en;q=0.5"})
    assert html_lang(page) == "nl-BE"
    assert page["Content-Language"] == "nl"
    assert "Accept-Language" in page["Vary"]


def test_without_anything_offered_it_is_english(client: Client) -> None:
    page = client.get("/", headers={"Accept-Language": "ja-JP,ko;q=0.5"})
    assert html_lang(page) == "en"
    assert page["Content-Language"] == "en"


@pytest.mark.parametrize("value", ["xx", "klingon", "de-", "<b>", "", "es" * 30])
def test_an_unknown_lang_is_ignored_never_an_error(client: Client, value: str) -> None:
    page = client.get("/", {"lang": value}, headers={"Accept-Language": "fr"})
    assert page.status_code == 200
    assert html_lang(page) == "fr"


def test_an_unknown_lang_does_not_replace_a_known_one(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, "&lang=nl")
    assert html_lang(client.get("/?lang=xx")) == "nl"


def test_lang_on_the_welcome_page_carries_on_into_the_journey(client: Client) -> None:
    welcome = client.get("/?lang=fr")
    assert html_lang(welcome) == "fr"
    assert html_lang(client.get("/")) == "fr"


def test_problem_pages_speak_the_language_in_use(client: Client) -> None:
    client.get("/?lang=de")
    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    assert html_lang(missing) == "de"
    refused = client.put("/", headers={"Accept-Language": "es"})
    assert refused.status_code == 405
    assert html_lang(refused) == "de"


def test_the_sandbox_s_own_pages_speak_it_too(client: Client, settings: Any) -> None:
    settings.FLATPEAK_CONNECT_URL = ""
    client.get("/?lang=nl")
    page = client.get("/sandbox/payments", {"return": "/"})
    assert page.status_code == 200
    assert html_lang(page) == "nl"


def test_only_answers_in_words_vary_by_language(client: Client) -> None:
    client.get("/?lang=de")
    sheet = client.get(client.get("/").context["brand"].stylesheet_url)
    assert sheet.status_code == 200
    assert "Content-Language" not in sheet
    assert "Accept-Language" not in sheet.get("Vary", "")


def test_a_language_not_offered_by_connect_languages_is_not_chosen(
    client: Client, settings: Any
) -> None:
    settings.LANGUAGES = [("en", "English"), ("es", "Español")]
    assert html_lang(client.get("/", headers={"Accept-Language": "de,es;q=0.5"})) == "es"
    # Not offered, so ignored: the header's Spanish stays.
    assert html_lang(client.get("/?lang=fr", headers={"Accept-Language": "es"})) == "es"


# --- CONNECT_LANGUAGES at start-up --------------------------------------------------------------

SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "print(','.join(code for code, _ in settings.LANGUAGES))"
)


def start(**variables: str) -> subprocess.CompletedProcess[str]:
    return run_python(["-c", SHOW], clean_env(DJANGO_DEBUG="1", **variables))


@pytest.mark.parametrize(
    ("configured", "offered"),
    [
        (None, "en,es,de,fr,nl"),
        ("de", "en,de"),
        (" NL , fr ", "en,fr,nl"),
        ("en", "en"),
    ],
)
def test_connect_languages_offers_fewer_and_english_always(
    configured: str | None, offered: str
) -> None:
    result = start(**({} if configured is None else {"CONNECT_LANGUAGES": configured}))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == offered


def test_an_unknown_language_stops_the_start_up_naming_the_variable() -> None:
    result = start(CONNECT_LANGUAGES="de,it")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: "
        "CONNECT_LANGUAGES may list only en, es, de, fr, nl, not it"
    )
