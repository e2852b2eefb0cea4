"""The page cache: what makes two readings of a page share an entry, and what never may.

The first half is the module alone (requests built by hand, a conversation row in the
database); the second is the dashboard through its views, where an action, another browser or
another language must each see their own page, never a kept one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.test import Client, RequestFactory, override_settings
from django.test.signals import template_rendered
from django.utils import timezone
from pytest_httpx import HTTPXMock

from connect_app import page_cache
from connect_app.branding import THEME_SESSION_KEY
from connect_app.models import Conversation
from tests.factories import summary_reply
from tests.test_views import CONNECT, HTMX, enter, post, seq

pytestmark = pytest.mark.django_db
# Django's own unmasking, to see which secret a token in a page belongs to.
_unmask_cipher_token = vars(csrf)["_unmask_cipher_token"]
# Connect's answer to a change to January 2025 (the seed shows February).
JANUARY = summary_reply(
    **{
        "performance.period_start": "2025-01-01",
        "performance.period_end": "2025-01-31",
        "performance.series": [],
    }
)

SECRET = "a" * 32
OTHER_SECRET = "b" * 32


@pytest.fixture(autouse=True)
def _empty_cache(settings: Any) -> Iterator[None]:
    settings.FLATPEAK_CONNECT_URL = CONNECT
    cache.clear()
    yield
    cache.clear()


def conversation(**fields: Any) -> Conversation:
    values: dict[str, Any] = {
        "connect_token": "cot_cache_0001",
        "state": Conversation.State.OPEN,
        "page": {"route": "vpp_summary", "payload": {"period": "February 2025"}},
        "sequence": 3,
        **fields,
    }
    return Conversation.objects.create(**values)


def request(
    *,
    path: str = "/",
    method: str = "get",
    secret: str | None = SECRET,
    theme: str | None = None,
    language: str = "en",
) -> HttpRequest:
    built: HttpRequest = getattr(RequestFactory(), method)(path, HTTP_ACCEPT_LANGUAGE=language)
    built.session = SessionStore()
    if theme:
        built.session[THEME_SESSION_KEY] = theme
    if secret:
        built.META["CSRF_COOKIE"] = secret
    return built


def key(req: HttpRequest, talk: Conversation, *, htmx: bool = False) -> str:
    entry = page_cache.entry_for(req, talk, htmx=htmx)
    assert entry is not None
    return entry.key


# --- the module -------------------------------------------------------------------------------


def test_the_same_reading_shares_an_entry() -> None:
    talk = conversation()
    assert key(request(), talk) == key(request(), talk)


@pytest.mark.parametrize(
    "change",
    ["sequence", "page", "time_zone", "language", "theme", "secret", "htmx", "minute", "other"],
)
def test_anything_a_page_depends_on_moves_it_to_another_entry(
    change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    talk = conversation()
    before = key(request(), talk)
    changed_request = request()
    htmx = False
    if change == "sequence":
        talk.sequence += 1
    elif change == "page":
        talk.page = {"route": "vpp_summary", "payload": {"period": "January 2025"}}
    elif change == "time_zone":
        talk.time_zone = "Europe/London"
    elif change == "language":
        changed_request = request(language="de")
    elif change == "theme":
        changed_request = request(theme="dark")
    elif change == "secret":
        changed_request = request(secret=OTHER_SECRET)
    elif change == "htmx":
        htmx = True
    elif change == "minute":
        later = timezone.now() + dt.timedelta(minutes=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
    else:
        talk = conversation(page=talk.page)
    assert key(changed_request, talk, htmx=htmx) != before


@pytest.mark.parametrize(
    "why",
    ["notice", "closed", "expired", "away", "no page", "query", "post", "no csrf cookie", "off"],
)
def test_pages_that_are_never_kept(why: str, settings: Any) -> None:
    talk = conversation()
    req = request()
    if why == "notice":
        talk.notice_kind, talk.notice = "stale", "That page had already changed."
    elif why in ("closed", "expired", "away"):
        talk.state = {
            "closed": Conversation.State.CLOSED,
            "expired": Conversation.State.EXPIRED,
            "away": Conversation.State.AWAY,
        }[why]
    elif why == "no page":
        talk.page = None
    elif why == "query":
        req = request(path="/?q=march")
    elif why == "post":
        req = request(method="post")
    elif why == "no csrf cookie":
        req = request(secret=None)
    else:
        settings.CONNECT_PAGE_CACHE_TTL_S = 0
    assert page_cache.entry_for(req, talk, htmx=False) is None


def rendered(html: str) -> HttpResponse:
    return HttpResponse(html, content_type="text/html; charset=utf-8")


FORM = '<form><input type="hidden" name="csrfmiddlewaretoken" value="{}"></form><p>{}</p>'


def test_each_answer_masks_the_browser_secret_anew() -> None:
    talk, req = conversation(), request()
    entry = page_cache.entry_for(req, talk, htmx=False)
    assert entry is not None
    page_cache.keep(entry, rendered(FORM.format("x" * 64, "February")))
    first, second = page_cache.answer(request(), entry), page_cache.answer(request(), entry)
    assert first is not None and second is not None
    tokens = []
    for answer in (first, second):
        field = BeautifulSoup(answer.content, "html.parser").select_one("input")
        assert field is not None
        tokens.append(str(field["value"]))
    assert tokens[0] != tokens[1]
    assert [_unmask_cipher_token(t) for t in tokens] == [SECRET, SECRET]
    assert "x" * 64 not in first.content.decode()
    assert first["ETag"] == entry.etag


def test_an_entry_lasts_its_time_to_live_and_no_longer(monkeypatch: pytest.MonkeyPatch) -> None:
    talk, req = conversation(), request()
    entry = page_cache.entry_for(req, talk, htmx=False)
    assert entry is not None
    page_cache.keep(entry, rendered("<p>February</p>"))
    assert page_cache.answer(req, entry) is not None
    kept_at = page_cache.ttl_s()
    now = __import__("time").time()
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: now + kept_at + 1)
    assert page_cache.answer(req, entry) is None


def test_only_whole_200_pages_are_kept() -> None:
    talk, req = conversation(), request()
    entry = page_cache.entry_for(req, talk, htmx=False)
    assert entry is not None
    page_cache.keep(entry, HttpResponse("<p>oops</p>", status=503))
    assert page_cache.answer(req, entry) is None


@pytest.mark.parametrize("weak", [False, True])
def test_a_browser_that_has_the_page_gets_304(weak: bool) -> None:
    talk = conversation()
    entry = page_cache.entry_for(request(), talk, htmx=False)
    assert entry is not None
    page_cache.keep(entry, rendered("<p>February</p>"))
    revalidating = request()
    revalidating.META["HTTP_IF_NONE_MATCH"] = ("W/" if weak else "") + entry.etag
    answer = page_cache.answer(revalidating, entry)
    assert answer is not None and answer.status_code == 304 and not answer.content
    elsewhere = request()
    elsewhere.META["HTTP_IF_NONE_MATCH"] = '"something-else"'
    other = page_cache.answer(elsewhere, entry)
    assert other is not None and other.status_code == 200


def test_a_cache_that_cannot_be_reached_is_a_miss() -> None:
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1: every call fails at once.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    talk, req = conversation(), request()
    with override_settings(CACHES=unreachable):
        entry = page_cache.entry_for(req, talk, htmx=False)
        assert entry is not None
        page_cache.keep(entry, rendered("<p>February</p>"))  # logged, not raised
        assert page_cache.answer(req, entry) is None


# --- through the views ------------------------------------------------------------------------


class Renders:
    """Counts template renders: a page served from the cache renders none."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, **kwargs: Any) -> None:
        self.count += 1


@pytest.fixture
def renders() -> Iterator[Renders]:
    counter = Renders()
    template_rendered.connect(counter)
    yield counter
    template_rendered.disconnect(counter)


def label(response: Any) -> str:
    found = BeautifulSoup(response.content, "html.parser").select_one("#period-label")
    assert found is not None
    return found.get_text(strip=True)


def token(response: Any) -> str:
    field = BeautifulSoup(response.content, "html.parser").select_one(
        "input[name=csrfmiddlewaretoken]"
    )
    assert field is not None
    return str(field["value"])


def test_reading_again_is_served_kept_and_still_posts(
    client: Client, httpx_mock: HTTPXMock, renders: Renders
) -> None:
    enter(client, httpx_mock)
    first = client.get("/")  # mints the CSRF cookie: not kept
    second = client.get("/")
    renders.count = 0
    third = client.get("/")
    assert renders.count == 0, "the third reading should come from the cache"
    assert label(third) == label(second) == label(first)
    assert third["ETag"] == second["ETag"]
    # The kept page's form still posts: its token belongs to this browser.
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.cookies = client.cookies
    httpx_mock.add_response(url=CONNECT, json=JANUARY)
    answer = csrf_client.post(
        "/act",
        {
            "csrfmiddlewaretoken": token(third),
            "seq": seq(client),
            "action": "CHANGE_PERIOD",
            "period_type": "MONTH",
            "period_start": "2025-01-01",
        },
    )
    assert answer.status_code == 303


def test_after_an_action_the_next_reading_shows_the_new_page(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock)
    client.get("/")
    before = client.get("/")
    kept = client.get("/")
    assert label(kept) == label(before)
    httpx_mock.add_response(url=CONNECT, json=JANUARY)
    number = seq(client)
    moved = post(client, "CHANGE_PERIOD", number, period_type="MONTH", period_start="2025-01-01")
    assert moved.status_code == 303
    after = client.get("/")
    assert label(after) != label(before)
    assert seq(client) == number + 1
    assert after["ETag"] != before["ETag"]


def test_a_period_change_partial_is_never_a_kept_page(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock)
    client.get("/")
    client.get("/")
    httpx_mock.add_response(url=CONNECT, json=JANUARY)
    number = seq(client)
    partial = client.post(
        "/act",
        {
            "action": "CHANGE_PERIOD",
            "seq": number,
            "period_type": "MONTH",
            "period_start": "2025-01-01",
        },
        headers=HTMX,
    )
    field = BeautifulSoup(partial.content, "html.parser").select_one("input[name=seq]")
    assert field is not None and int(str(field["value"])) == number + 1


def test_two_browsers_never_share_an_entry(
    client: Client, httpx_mock: HTTPXMock, renders: Renders
) -> None:
    enter(client, httpx_mock)
    client.get("/")
    client.get("/")  # kept for this browser
    other = Client()
    other.cookies[client.cookies["sessionid"].key] = client.cookies["sessionid"].value
    other.get("/")  # the other browser's first reading mints its own CSRF secret
    renders.count = 0
    theirs = other.get("/")
    assert renders.count > 0, "another browser's reading must be rendered for it"
    mine = client.get("/")
    assert _unmask_cipher_token(token(theirs)) == other.cookies["csrftoken"].value
    assert _unmask_cipher_token(token(mine)) == client.cookies["csrftoken"].value
    assert theirs["ETag"] != mine["ETag"]


def test_another_language_is_its_own_page(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    client.get("/")
    english = client.get("/", headers={"Accept-Language": "en"})
    german = client.get("/", headers={"Accept-Language": "de"})
    assert english["Content-Language"] == "en" and german["Content-Language"] == "de"
    assert german["ETag"] != english["ETag"]
    assert 'lang="de' in german.content.decode()


def test_a_notice_is_shown_once_even_with_a_page_kept(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock)
    client.get("/")
    kept = client.get("/")
    Conversation.objects.update(notice_kind="stale", notice="That page had already changed.")
    with_notice = client.get("/")
    assert "That page had already changed" in with_notice.content.decode()
    assert not with_notice.has_header("ETag")
    again = client.get("/")
    assert "That page had already changed" not in again.content.decode()
    assert label(again) == label(kept)


def test_revalidating_the_page_on_screen_gets_304(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    client.get("/")
    page = client.get("/")
    answer = client.get("/", headers={"If-None-Match": page["ETag"]})
    assert answer.status_code == 304 and not answer.content
