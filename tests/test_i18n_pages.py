"""Every page and state, in every language, has no English left (tests/i18n_leaks.py).

The journeys run over real HTTP against the app and its sandbox on a live server, in each
language asked for on the entry URL; the tariff pages and the states the sandbox does not
produce (a generic page, Connect unreachable) go through the Django test client with Connect
mocked at its transport. These fail until the catalogues are translated; each failure names
the page, the language and the English found: ours, or English sent upstream (a timeline's
descriptions, a leaving page's points, an error's message), which a page says in its own words.
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

from connect_app.connect.client import shared_http_client
from connect_app.management.commands.refresh_catalogues import CATALOGUE_LANGUAGES
from connect_app.models import Conversation
from connect_sandbox import leaving, participation
from tests import tariff_payloads
from tests.factories import error_reply, page_reply
from tests.i18n_leaks import english_for, leaks, sent_names, sent_prose, sent_strings

TOKEN = "cot_test_token_0001"
CONNECT = "https://connect.test/"


def _sandbox_texts() -> set[str]:
    """What the sandbox's REST stand-in sends in English: timeline and leaving words."""
    texts: set[str] = {point.description for point in leaving.NEXT_STEPS}
    for value in vars(participation).values():
        if isinstance(value, str) and " " in value:
            texts.add(value)
        for step in value if isinstance(value, tuple) else (value,):
            if isinstance(step, participation.Step):
                texts.add(step.description)
    return texts


# English the sandbox sends beside a code (or in place of one): never on a page in another
# language, where the code is said in the page's own words (A7).
SANDBOX_PROSE = _sandbox_texts()


@dataclass
class Visitor:
    """A browser without JavaScript that speaks `language`, over real HTTP."""

    base_url: str
    language: str
    http: httpx.Client = field(init=False)
    pages: dict[str, str] = field(default_factory=dict)
    sent: dict[str, set[str]] = field(default_factory=dict)
    prose: dict[str, set[str]] = field(default_factory=dict)
    token: str = ""  # the journey's own conversation (ids are UUIDs: "the latest" is no order)
    # What the sandbox's error objects say in English (an unknown link, each fault).
    refusals: set[str] = field(default_factory=set)

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
        payload = conversation.page if conversation else {}
        self.sent[name] = sent_names(payload)
        self.prose[name] = SANDBOX_PROSE | self.refusals | sent_prose(payload)
        return BeautifulSoup(response.text, "html.parser")

    def learn_refusals(self) -> None:
        """Ask the sandbox what its error objects say: an unknown link, and each fault's."""
        said = self.http.post(
            "/sandbox/connect",
            json={"connect_token": "cot_nobody_knows_1", "route": "session_restore"},
        )
        self.refusals.add(said.json()["message"])
        for fault in ("error_object", "expired"):
            made = self.http.post("/sandbox/tokens", json={"customer": "active", "fault": fault})
            token = made.json()["connect_token"]
            start = {"connect_token": token, "route": "session_start", "action": "VPP"}
            assert self.http.post("/sandbox/connect", json=start).status_code == 200
            again = {"connect_token": token, "route": "session_restore"}
            self.refusals.add(self.http.post("/sandbox/connect", json=again).json()["message"])
        assert all(" " in said for said in self.refusals), self.refusals

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
                if "confirmed" not in fields:
                    data.pop("confirmed", None)  # left unticked
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
        found = leaks(html, visitor.language, visitor.sent[name], visitor.prose[name])
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
    v.learn_refusals()
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


# Every demo customer the sandbox offers, and every way it can be told to fail.
ENROLLED = ("active", "suspended", "enrolling", "unenrolled", "london", "manchester")
FAULTS = ("slow", "server_error", "malformed", "error_object", "expired")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_every_customer_and_fault_speaks_the_language(
    visitor_for: Callable[[str], Visitor], language: str, settings: Any
) -> None:
    """Issue 19 §4: every demo customer's dashboard (its participation details and timeline
    are in the page, open or not) and participation page, leaving (the tick left empty, then
    given), payment histories, and every fault, with nothing in English: ours or upstream's."""
    v = visitor_for(language)
    v.learn_refusals()
    for customer in ENROLLED:
        v.open(customer)
        v.see(f"{customer}: dashboard")
        v.press("MANAGE_PARTICIPATION")
        v.see(f"{customer}: participation")
    v.open("new")
    v.see("new: landing")

    v.open("active")
    v.press("MANAGE_PARTICIPATION")
    v.press("LEAVE_PROGRAMME")
    v.see("leaving")
    unticked = v.press("CONFIRM_LEAVE")
    soup = v.see("leaving, sent without the tick", unticked)
    assert soup.select_one("#confirmed-error") is not None
    v.press("CONFIRM_LEAVE", confirmed="on")
    v.see("leaving in progress")

    for customer in ("active", "unenrolled", "london"):
        token = v.open(customer)
        away = v.press("MANAGE_PAYMENTS")
        assert away.status_code == 303
        v.http.get("/", params={"fp_cot": token})  # back from the payment provider's page
        v.see(f"{customer}: payment history")

    settings.CONNECT_TIMEOUT_S = 0.5  # the slow fault answers just after it: not a long wait
    shared_http_client().close()
    shared_http_client.cache_clear()  # built again with that time-out
    for fault in FAULTS:
        v.open("active", fault=fault)
        v.press("CHANGE_PERIOD", period_type="YEAR")
        v.see(f"fault {fault}")
    v.http.get("/", params={"fp_cot": "cot_nobody_knows_2", "lang": language})
    v.see("a link the sandbox does not know")

    assert len(v.pages) == 2 * len(ENROLLED) + 1 + 3 + 3 + len(FAULTS) + 1
    found = report(v)
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
        # A code we know: the refusal's own message is not shown either.
        problems = leaks(html.content.decode(), language, prose=sent_prose(refusal))
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


def test_prose_sent_upstream_is_english_but_names_are_not() -> None:
    """A programme's name is shown as sent; its sentences are said in our words (A7)."""
    payload = {
        "programme": {"programme_display_name": "Community Powershare"},
        "consequences": [{"code": "NEW", "description": "You stop earning at once."}],
        "participation_state": [{"state": "ACTIVE", "description": "Your battery takes part."}],
    }
    assert sent_names(payload) == {"Community Powershare", "ACTIVE"}
    assert sent_prose(payload) == {"You stop earning at once.", "Your battery takes part."}
    html = "<html><body><h1>Community Powershare</h1><p>Your battery takes part.</p></body></html>"
    assert leaks(html, "de", sent_names(payload), sent_prose(payload)) == [
        "'Your battery takes part.' (sent upstream)"
    ]
    assert not leaks(
        html.replace("Your battery takes part.", "Ihre Batterie nimmt teil."),
        "de",
        sent_names(payload),
        sent_prose(payload),
    )


def test_accessible_names_and_script_data_are_read_too() -> None:
    msgid = english_for("es")[0].piece
    for html in (
        f'<button aria-label="{msgid}">→</button>',
        f'<img alt="{msgid}">',
        f'<input type="submit" value="{msgid}">',
        '<script type="application/json">' + json.dumps({"tooltip": msgid}) + "</script>",
    ):
        assert leaks(f"<html><body>{html}</body></html>", "es"), html
