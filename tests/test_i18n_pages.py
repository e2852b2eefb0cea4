"""Every page and state, in every language, has no English left (tests/i18n_leaks.py).

The journeys run over real HTTP against the app and its sandbox on a live server, in each
language asked for on the entry URL; the tariff pages and the states the sandbox does not
produce (a generic page, Connect unreachable) go through the Django test client with Connect
mocked at its transport. These fail until the catalogues are translated; each failure names
the page, the language and the English found.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client
from pytest_httpx import HTTPXMock

from connect_app.management.commands.refresh_catalogues import CATALOGUE_LANGUAGES
from connect_app.models import Conversation
from connect_sandbox import leaving, participation
from tests import tariff_payloads
from tests.factories import error_reply, page_reply
from tests.i18n_leaks import english_for, leaks, sent_strings

TOKEN = "cot_test_token_0001"
CONNECT = "https://connect.test/"


def _sandbox_texts() -> set[str]:
    """What the sandbox's REST stand-in sends in English: timeline and leaving words."""
    texts: set[str] = set(leaving.NEXT_STEPS)
    for value in vars(participation).values():
        if isinstance(value, str):
            texts.add(value)
        for step in value if isinstance(value, tuple) else (value,):
            if isinstance(step, participation.Step):
                texts.add(step.description)
    return texts


SANDBOX_SENT = _sandbox_texts()


@dataclass
class Visitor:
    """A browser without JavaScript that speaks `language`, over real HTTP."""

    base_url: str
    language: str
    http: httpx.Client = field(init=False)
    pages: dict[str, str] = field(default_factory=dict)
    sent: dict[str, set[str]] = field(default_factory=dict)
    token: str = ""  # the journey's own conversation (ids are UUIDs: "the latest" is no order)

    def __post_init__(self) -> None:
        # The webview says English: `lang` on the entry URL must win over it.
        self.http = httpx.Client(
            base_url=self.base_url, timeout=30, headers={"Accept-Language": "en-US,en;q=0.9"}
        )

    def see(self, name: str, response: httpx.Response | None = None) -> BeautifulSoup:
        response = response or self.http.get("/")
        assert response.status_code < 500, f"{name}: {response.status_code}"
        self.pages[name] = response.text
        conversation = Conversation.objects.filter(connect_token=self.token).first()
        self.sent[name] = SANDBOX_SENT | sent_strings(conversation.page if conversation else {})
        return BeautifulSoup(response.text, "html.parser")

    def open(self, customer: str, fault: str = "none") -> str:
        reply = self.http.post("/sandbox/tokens", json={"customer": customer, "fault": fault})
        token: str = reply.json()["connect_token"]
        self.token = token
        entry = self.http.get("/", params={"fp_cot": token, "lang": self.language})
        assert entry.status_code == 302, entry.text
        return token

    def press(self, action: str, **fields: str) -> httpx.Response:
        """Submit the form whose button sends `action` (and whose fields match `fields`)."""
        soup = BeautifulSoup(self.http.get("/").text, "html.parser")
        for button in soup.select(f'form button[name="action"][value="{action}"]'):
            form = button.find_parent("form")
            assert form is not None
            data: dict[str, Any] = {
                str(i["name"]): i.get("value", "") for i in form.select("input[name]")
            }
            # A tick box is ticked by sending it; the other fields pick the button.
            wanted = {name: value for name, value in fields.items() if name != "confirmed"}
            if all(data.get(name) == value for name, value in wanted.items()):
                data.update(fields, action=action)
                return self.http.post(str(form["action"]), data=data)
        raise AssertionError(f"no {action} {fields} button on the page")


@pytest.fixture
def visitor_for(live_server: Any) -> Iterator[Callable[[str], Visitor]]:
    made: list[Visitor] = []

    def make(language: str) -> Visitor:
        made.append(Visitor(live_server.url, language))
        return made[-1]

    yield make
    for visitor in made:
        visitor.http.close()


def report(visitor: Visitor) -> str:
    lines = []
    for name, html in visitor.pages.items():
        found = leaks(html, visitor.language, visitor.sent[name])
        if found:
            lines.append(f"{name} in {visitor.language}: " + "; ".join(found))
    return "\n".join(lines)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_sandbox_journeys_have_no_english(
    visitor_for: Callable[[str], Visitor], language: str
) -> None:
    welcome = visitor_for(language)
    welcome.see("the sandbox's start page", welcome.http.get(f"/sandbox/?lang={language}"))
    # The start page's own form, sent without a customer: the sandbox's refusal page.
    welcome.see("sandbox demo refused", welcome.http.post("/sandbox/demo", data=_csrf(welcome)))

    v = visitor_for(language)
    v.open("active")
    v.see("dashboard MONTH")
    v.press("CHANGE_PERIOD", period_type="DAY")
    v.see("dashboard DAY")
    v.press("CHANGE_PERIOD", period_type="YEAR")
    v.see("dashboard YEAR")
    token = v.open("active")
    away = v.press("MANAGE_PAYMENTS")
    v.see("sandbox payments page", v.http.get(away.headers["location"]))
    v.http.get("/", params={"fp_cot": token})
    v.see("payment history")
    v.see("sandbox callback page", v.http.get("/sandbox/callback"))

    v.open("suspended")
    v.press("MANAGE_PARTICIPATION")
    v.see("participation")
    v.press("LEAVE_PROGRAMME")
    v.see("leaving confirm")
    v.press("CONFIRM_LEAVE", confirmed="on")
    v.see("leaving progress")

    v.open("new")
    v.see("landing")
    v.open("manchester")
    v.press("CONNECT_TARIFF")
    v.see("tariff flow's first page")
    v.see("sandbox provider login", v.http.get("/sandbox/provider-login", params={"fp_cot": "x"}))

    v.open("active", fault="error_object")
    v.press("CHANGE_PERIOD", period_type="DAY")
    v.see("notice with Connect's own message")
    v.open("active", fault="server_error")
    v.press("CHANGE_PERIOD", period_type="DAY")
    v.see("notice: Connect unavailable")
    v.open("active")
    stale = v.http.post("/act", data={"action": "BACK", "seq": "0", **_csrf(v)})
    assert stale.status_code in (303, 400)
    v.see("notice: the page had changed")
    v.open("active", fault="expired")
    v.press("CHANGE_PERIOD", period_type="DAY")
    v.see("expired")

    v.see("problem 404", v.http.get("/no-such-page"))
    v.see("problem 405", v.http.get("/act"))
    v.see("problem 400", v.http.post("/act", data={"action": "nope", **_csrf(v)}))
    csrf_free = httpx.Client(base_url=v.base_url, cookies=v.http.cookies)
    v.see("problem 403", csrf_free.post("/act", data={"action": "BACK", "seq": "1"}))
    csrf_free.close()

    for visitor in (welcome, v):
        assert visitor.pages, "no page was seen"
    found = "\n".join(filter(None, (report(welcome), report(v))))
    assert not found, f"English on pages in {language}:\n{found}"


def _csrf(visitor: Visitor) -> dict[str, str]:
    soup = BeautifulSoup(visitor.http.get("/sandbox/").text, "html.parser")
    field = soup.select_one("input[name=csrfmiddlewaretoken]")
    assert field is not None
    return {"csrfmiddlewaretoken": str(field["value"])}


# --- pages the sandbox does not walk to: Connect mocked at its transport -----------------------

GENERIC = page_reply("some_future_route", {"title": "A page from the future"})
OTHER_PAGES: dict[str, dict[str, Any]] = {
    **{f"tariff {name}": payload for name, payload in tariff_payloads.EVERY_PAGE.items()},
    "generic": GENERIC,
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_every_other_page_has_no_english(
    client: Client, httpx_mock: HTTPXMock, settings: Any, language: str
) -> None:
    settings.FLATPEAK_CONNECT_URL = CONNECT
    found = []
    welcome = client.get("/", {"lang": language})
    assert welcome.status_code == 200
    problems = leaks(welcome.content.decode(), language)
    if problems:
        found.append(f"welcome in {language}: " + "; ".join(problems))
    client.cookies.clear()
    for name, reply in OTHER_PAGES.items():
        httpx_mock.add_response(url=CONNECT, json=reply)
        entry = client.get("/", {"fp_cot": TOKEN, "lang": language})
        assert entry.status_code == 302, name
        page = client.get("/")
        assert page.status_code == 200, name
        problems = leaks(page.content.decode(), language, sent_strings(reply))
        if problems:
            found.append(f"{name} in {language}: " + "; ".join(problems))
        client.cookies.clear()
    # Connect cannot be reached at the entry: the unavailable page.
    httpx_mock.add_exception(httpx.ConnectError("refused"), url=CONNECT)
    client.get("/", {"fp_cot": TOKEN, "lang": language})
    unavailable = client.get("/")
    assert unavailable.status_code == 503
    problems = leaks(unavailable.content.decode(), language)
    if problems:
        found.append(f"unavailable in {language}: " + "; ".join(problems))
    # A link Connect refuses, then the same address past the limit on refused links.
    cache.clear()
    settings.CONNECT_REFUSED_ENTRY_RATE = 1
    client.cookies.clear()
    refusal = error_reply("connect_token_invalid", "Unknown token.")
    httpx_mock.add_response(url=CONNECT, json=refusal, status_code=401)
    client.get("/", {"fp_cot": TOKEN + "x", "lang": language})
    refused = client.get("/")
    limited = client.get("/", {"fp_cot": TOKEN + "y", "lang": language})
    assert (refused.status_code, limited.status_code) == (200, 429)
    for name, html in (("refused", refused), ("too many tries", limited)):
        problems = leaks(html.content.decode(), language, sent_strings(refusal))
        if problems:
            found.append(f"{name} in {language}: " + "; ".join(problems))
    assert not found, "\n".join(found)


# --- the detector itself ------------------------------------------------------------------------


def test_the_english_page_is_full_of_msgids(client: Client) -> None:
    """Read as if it were Spanish, the English sandbox start page shows English: the check can
    fail."""
    html = client.get("/sandbox/", headers={"Accept-Language": "en"}).content.decode()
    assert english_for("es"), "the Spanish catalogue has no entries: run `make messages`"
    assert len(leaks(html, "es")) > 5


def test_what_connect_sent_is_not_english_of_ours() -> None:
    msgid = english_for("es")[0].piece
    html = f"<html><body><p>{msgid}</p><p>Community Powershare</p></body></html>"
    assert leaks(html, "es")
    assert not leaks(html, "es", sent=[msgid])


def test_accessible_names_and_script_data_are_read_too() -> None:
    msgid = english_for("es")[0].piece
    for html in (
        f'<button aria-label="{msgid}">→</button>',
        f'<img alt="{msgid}">',
        f'<input type="submit" value="{msgid}">',
        '<script type="application/json">' + json.dumps({"tooltip": msgid}) + "</script>",
    ):
        assert leaks(f"<html><body>{html}</body></html>", "es"), html
