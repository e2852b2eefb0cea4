from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup
from django.test import Client
from pytest_httpx import HTTPXMock

from connect_app.models import ActionLog, Conversation
from tests.factories import error_reply, page_reply, summary_reply

pytestmark = pytest.mark.django_db

CONNECT = "https://connect.test/"
TOKEN = "cot_test_token_0001"
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _real_connect_url(settings: Any) -> None:
    settings.FLATPEAK_CONNECT_URL = CONNECT


def bodies(httpx_mock: HTTPXMock) -> list[dict[str, Any]]:
    return [json.loads(r.content) for r in httpx_mock.get_requests()]


def enter(client: Client, httpx_mock: HTTPXMock, reply: dict[str, Any] | None = None) -> None:
    httpx_mock.add_response(url=CONNECT, json=reply or summary_reply())
    response = client.get(f"/?fp_cot={TOKEN}")
    assert response.status_code == 302
    assert response["Location"] == "/"


def seq(client: Client) -> int:
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    field = soup.select_one("input[name=seq]")
    assert field is not None
    return int(str(field["value"]))


def post(client: Client, action: str, sequence: int, **fields: str) -> Any:
    return client.post("/act", {"action": action, "seq": sequence, **fields})


def text(response: Any) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_entry_starts_the_vpp_flow_and_drops_the_token_from_the_url(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock)
    assert bodies(httpx_mock) == [
        {"connect_token": TOKEN, "route": "session_start", "action": "VPP"}
    ]
    page = client.get("/")
    assert page.status_code == 200
    assert TOKEN not in page.content.decode()
    assert "Community Powershare" in text(page)
    assert "$62.10" in text(page)


def test_connect_token_alias_works_too(client: Client, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=summary_reply())
    assert client.get(f"/?connect_token={TOKEN}")["Location"] == "/"


def test_coming_back_with_the_same_token_restores(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    enter(client, httpx_mock)
    assert bodies(httpx_mock)[1] == {"connect_token": TOKEN, "route": "session_restore"}
    assert Conversation.objects.count() == 1


def test_a_new_token_starts_a_new_conversation(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    httpx_mock.add_response(json=summary_reply())
    client.get("/?fp_cot=cot_another_token_02")
    assert bodies(httpx_mock)[1]["route"] == "session_start"
    assert Conversation.objects.count() == 2


@pytest.mark.parametrize(
    "query", ["fp_cot=", "fp_cot=short", "fp_cot=has%20space%20inside", "connect_token="]
)
def test_a_bad_token_is_refused_without_calling_connect(client: Client, query: str) -> None:
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert "This link is incomplete." in text(response)


def test_full_page_and_htmx_partial(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    full = client.get("/").content.decode()
    assert full.lstrip().startswith("<!DOCTYPE html>")
    httpx_mock.add_response(json=summary_reply())
    partial = change_period_over_htmx(client)
    assert partial.status_code == 200
    html = partial.content.decode()
    assert "<html" not in html
    assert 'id="period-label"' in html
    assert "<title>" in html  # htmx updates the document title from it


def change_period_over_htmx(client: Client) -> Any:
    return client.post(
        "/act",
        {
            "action": "CHANGE_PERIOD",
            "seq": seq(client),
            "period_type": "MONTH",
            "period_start": "2025-01-01",
        },
        headers=HTMX,
    )


def test_a_period_change_over_htmx_answers_with_the_period_alone(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock)
    before = seq(client)
    httpx_mock.add_response(json=summary_reply())
    answer = change_period_over_htmx(client)
    assert answer.status_code == 200
    assert answer["HX-Retarget"] == "#period-view"
    soup = BeautifulSoup(answer.content, "html.parser")
    assert soup.title is not None  # htmx updates the document title from it
    assert soup.select_one("section.performance #period-label") is not None
    assert soup.select_one("canvas[data-chart]") is not None
    # Nothing that stays as it is: the programme, its actions, the zone line's sentences.
    assert soup.select_one("h1, nav.actions, #zone-line-data") is None
    assert "Manage participation" not in soup.get_text()
    # Out of band: the page number every other form posts, and the notices, emptied.
    number = soup.select_one("input[name=seq][hx-swap-oob]")
    assert number is not None and number["hx-swap-oob"] == "outerHTML:input[name=seq]"
    assert {int(str(i["value"])) for i in soup.select("input[name=seq]")} == {before + 1}
    notices = soup.select_one("#notices")
    assert notices is not None and notices["hx-swap-oob"] == "true"
    assert notices.get_text(strip=True) == ""
    # The whole page it is swapped into has the same period view, and every form its number.
    page = BeautifulSoup(client.get("/").content, "html.parser")
    assert page.select_one("#period-view > section.performance") is not None
    assert page.select_one("#notices") is not None
    assert page.select_one("[hx-swap-oob]") is None


def test_a_period_change_that_fails_answers_with_the_whole_page_and_its_notice(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock)
    httpx_mock.add_response(status_code=502, content=b"<html>")
    answer = change_period_over_htmx(client)
    assert answer.status_code == 200
    assert "HX-Retarget" not in answer
    soup = BeautifulSoup(answer.content, "html.parser")
    assert soup.select_one("h1") is not None
    assert "We couldn't reach your energy programme" in soup.get_text()


def test_a_period_change_answered_by_another_page_answers_with_that_whole_page(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock)
    httpx_mock.add_response(json=page_reply("some_new_page", {"title": "Somewhere else"}))
    answer = change_period_over_htmx(client)
    assert answer.status_code == 200
    assert "HX-Retarget" not in answer
    assert "#period-view" not in answer.content.decode()


def test_change_period_posts_the_absolute_period_then_redirects(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock)
    january = summary_reply(
        **{"performance.period_start": "2025-01-01", "performance.period_end": "2025-01-31"}
    )
    httpx_mock.add_response(json=january)
    response = post(
        client, "CHANGE_PERIOD", seq(client), period_type="MONTH", period_start="2025-01-01"
    )
    assert response.status_code == 303
    assert response["Location"] == "/"
    assert bodies(httpx_mock)[-1]["data"] == {"period_type": "MONTH", "period_start": "2025-01-01"}
    assert "January 2025" in text(client.get("/"))


def test_an_action_the_page_does_not_offer_is_refused(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, summary_reply(actions=["CHANGE_PERIOD", "BACK", "CLOSE"]))
    response = post(client, "MANAGE_PAYMENTS", seq(client))
    assert response.status_code == 400
    assert "That is no longer offered on this page." in text(response)
    assert len(httpx_mock.get_requests()) == 1  # only the entry call


def test_a_period_type_the_page_does_not_list_is_refused(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, summary_reply(**{"performance.available_period_types": ["MONTH"]}))
    response = post(
        client, "CHANGE_PERIOD", seq(client), period_type="DAY", period_start="2025-02-01"
    )
    assert response.status_code == 400
    assert len(httpx_mock.get_requests()) == 1


def test_every_period_tab_asks_connect_for_exactly_the_period_it_names(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    # Listed in any case, with a type the app cannot send: only the ones it can become tabs,
    # and each is accepted when pressed.
    listed = ["day", "Week", "month", "YEAR"]
    enter(client, httpx_mock, summary_reply(**{"performance.available_period_types": listed}))
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    tabs = soup.select(".period-types button")
    assert [t.get_text(strip=True) for t in tabs] == ["Day", "Month", "Year"]
    day = soup.select_one("#period-day")
    assert day is not None
    form = day.find_parent("form")
    assert form is not None
    fields = {str(i["name"]): str(i.get("value", "")) for i in form.select("input[type=hidden]")}
    # The seed's February 2025 last earned on the 28th: Day opens there, not on the 1st.
    assert (fields["period_type"], fields["period_start"]) == ("DAY", "2025-02-28")
    httpx_mock.add_response(json=summary_reply())
    response = client.post("/act", {**fields, "action": "CHANGE_PERIOD"})
    assert response.status_code == 303
    assert bodies(httpx_mock)[-1]["data"] == {"period_type": "DAY", "period_start": "2025-02-28"}


@pytest.mark.parametrize(
    "fields",
    [
        {"period_type": "MONTH", "period_start": "2025-02-03"},  # not the first of the month
        {"period_type": "YEAR", "period_start": "2025-02-01"},
        {"period_type": "WEEK", "period_start": "2025-02-01"},
        {"period_type": "MONTH", "period_start": "February"},
        {"period_type": "MONTH"},
    ],
)
def test_malformed_periods_are_refused(
    client: Client, httpx_mock: HTTPXMock, fields: dict[str, str]
) -> None:
    enter(client, httpx_mock)
    response = post(client, "CHANGE_PERIOD", seq(client), **fields)
    assert response.status_code == 400
    assert len(httpx_mock.get_requests()) == 1


@pytest.mark.parametrize(
    "data",
    [{}, {"action": "BACK"}, {"action": "BACK", "seq": "x"}, {"action": "lower case", "seq": "1"}],
)
def test_malformed_action_posts_are_refused(
    client: Client, httpx_mock: HTTPXMock, data: dict[str, str]
) -> None:
    enter(client, httpx_mock)
    assert client.post("/act", data).status_code == 400
    assert len(httpx_mock.get_requests()) == 1


def test_a_stale_post_is_not_forwarded_and_says_so(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    first = seq(client)
    httpx_mock.add_response(json=page_reply("vpp_participation"))
    assert post(client, "MANAGE_PARTICIPATION", first).status_code == 303
    again = post(client, "MANAGE_PARTICIPATION", first)  # double tap, or a second tab
    assert again.status_code == 303
    assert len(httpx_mock.get_requests()) == 2
    assert "nothing was sent again" in text(client.get("/"))
    assert ActionLog.objects.filter(action="MANAGE_PARTICIPATION").count() == 1


def test_back_and_close_are_always_allowed(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock, page_reply("some_page", actions=[]))
    httpx_mock.add_response(json=summary_reply())
    assert post(client, "BACK", seq(client)).status_code == 303
    assert bodies(httpx_mock)[-1] == {
        "connect_token": TOKEN,
        "route": "some_page",
        "action": "BACK",
    }


def test_an_error_object_is_shown_beside_the_page(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    httpx_mock.add_response(status_code=429, json=error_reply("rate_limit", "Slow down, please."))
    response = client.post("/act", {"action": "MANAGE_PAYMENTS", "seq": seq(client)}, headers=HTMX)
    soup = BeautifulSoup(response.content, "html.parser")
    alert = soup.select_one("[role=alert]")
    # A code we know is said in our words, not Connect's (A7).
    assert alert is not None and "Your energy programme is busy right now." in alert.get_text()
    assert "Slow down" not in alert.get_text()
    assert soup.select_one("#period-label") is not None  # the page stays usable
    retry = alert.select_one("button[name=action]")
    assert retry is not None and retry["value"] == "MANAGE_PAYMENTS"


def test_a_timeout_offers_to_try_the_same_action_again(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock)
    httpx_mock.add_exception(httpx.ReadTimeout("slow"))
    post(client, "CHANGE_PERIOD", seq(client), period_type="YEAR", period_start="2025-01-01")
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    alert = soup.select_one("[role=alert]")
    assert alert is not None and "We couldn't reach your energy programme" in alert.get_text()
    hidden = {i["name"]: i["value"] for i in alert.select("input[type=hidden]")}
    assert hidden["period_type"] == "YEAR" and hidden["period_start"] == "2025-01-01"
    httpx_mock.add_response(json=summary_reply())
    assert client.post("/act", {**hidden, "action": "CHANGE_PERIOD"}).status_code == 303
    assert bodies(httpx_mock)[-1]["data"] == {"period_type": "YEAR", "period_start": "2025-01-01"}


def test_the_notice_is_shown_once(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    httpx_mock.add_response(status_code=502, content=b"<html>")
    post(client, "MANAGE_PAYMENTS", seq(client))
    assert "We couldn't reach your energy programme" in text(client.get("/"))
    assert "We couldn't reach your energy programme" not in text(client.get("/"))


def test_an_expired_token_gets_its_own_screen_with_close(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock)
    httpx_mock.add_response(status_code=401, json=error_reply("token_expired", "Expired"))
    post(client, "MANAGE_PAYMENTS", seq(client))
    page = client.get("/")
    assert "Your session has expired" in text(page)
    # A dead credential is not kept, nor the page it showed.
    stored = Conversation.objects.get()
    assert (stored.state, stored.connect_token, stored.page) == ("expired", "", None)
    closed = client.post("/close")
    assert closed.status_code == 303
    assert "You can close this window" in text(client.get("/"))
    assert len(httpx_mock.get_requests()) == 2  # Close did not call Connect with a dead token


def test_close_here_is_only_for_expired_sessions(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    assert client.post("/close").status_code == 400


def test_entry_failure_shows_a_retry_screen(client: Client, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ConnectError("refused"))
    client.get(f"/?fp_cot={TOKEN}")
    screen = client.get("/")
    assert screen.status_code == 503
    assert "We could not load your programme" in text(screen)
    soup = BeautifulSoup(screen.content, "html.parser")
    sequence = soup.select_one("form[action='/resume'] input[name=seq]")
    assert sequence is not None
    httpx_mock.add_response(json=summary_reply())
    assert client.post("/resume", {"seq": sequence["value"]}).status_code == 303
    assert bodies(httpx_mock)[-1]["route"] == "session_start"
    assert "Community Powershare" in text(client.get("/"))
    # The same retry form again is stale: nothing more is sent.
    client.post("/resume", {"seq": sequence["value"]})
    assert len(httpx_mock.get_requests()) == 2


def test_session_redirect_leaves_with_the_token_appended(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock)
    httpx_mock.add_response(
        json=page_reply("session_redirect", {"redirect_url": "https://pay.example.com/setup?x=1"})
    )
    response = post(client, "MANAGE_PAYMENTS", seq(client))
    assert response.status_code == 303
    assert response["Location"] == f"https://pay.example.com/setup?x=1&fp_cot={TOKEN}"


def test_htmx_leaves_through_hx_redirect(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    httpx_mock.add_response(
        json=page_reply(
            "session_redirect", {"redirect_url": f"https://pay.example.com/?fp_cot={TOKEN}"}
        )
    )
    response = client.post("/act", {"action": "MANAGE_PAYMENTS", "seq": seq(client)}, headers=HTMX)
    assert response["HX-Redirect"] == f"https://pay.example.com/?fp_cot={TOKEN}"  # not added twice


def test_back_from_away_without_the_token_restores(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    httpx_mock.add_response(
        json=page_reply("session_redirect", {"redirect_url": "https://pay.example.com/"})
    )
    post(client, "MANAGE_PAYMENTS", seq(client))
    httpx_mock.add_response(json=summary_reply())
    assert "Community Powershare" in text(client.get("/"))
    assert bodies(httpx_mock)[-1] == {"connect_token": TOKEN, "route": "session_restore"}


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "myapp://done", "//evil"],
)
def test_unsafe_redirects_are_not_followed(client: Client, httpx_mock: HTTPXMock, url: str) -> None:
    enter(client, httpx_mock)
    httpx_mock.add_response(json=page_reply("session_redirect", {"redirect_url": url}))
    response = post(client, "MANAGE_PAYMENTS", seq(client))
    assert response["Location"] == "/"
    assert "sent something we couldn't read" in text(client.get("/"))


def test_configured_deep_links_are_followed(
    client: Client, httpx_mock: HTTPXMock, settings: Any
) -> None:
    settings.CONNECT_ALLOWED_REDIRECT_SCHEMES = ["myapp"]
    enter(client, httpx_mock)
    httpx_mock.add_response(
        json=page_reply("session_complete", {"callback_uri": "myapp://vpp/done"})
    )
    response = post(client, "CLOSE", seq(client))
    assert response.status_code == 303
    assert response["Location"] == "myapp://vpp/done"


def test_close_without_a_url_ends_on_a_closing_page(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock)
    httpx_mock.add_response(json=page_reply("session_complete", {}))
    post(client, "CLOSE", seq(client))
    page = client.get("/")
    assert "You can close this window" in text(page)


def test_generic_route_shows_fields_and_actions_but_never_the_token(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    # A route nobody has documented: the generic page, named after it (A9).
    reply = page_reply(
        "home_survey_input",
        {"postal_address": {"city": "Denver", "country_code": "US"}, "connect_token": TOKEN},
        actions=["ADDRESS_CHANGE", "BACK", "CLOSE"],
    )
    enter(client, httpx_mock, reply)
    page = client.get("/")
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.h1 is not None and soup.h1.get_text() == "Home survey input"
    assert "Postal address › City Denver" in text(page)
    buttons = [b.get_text(strip=True) for b in soup.select("button[name=action]")]
    assert buttons == ["Change address", "Back", "Close"]
    assert TOKEN not in page.content.decode()


def test_landing_route_has_its_own_page(client: Client, httpx_mock: HTTPXMock) -> None:
    reply = page_reply(
        "vpp_landing",
        {
            "tariff_connected": False,
            "programmes": [
                {
                    "provider_display_name": "Leap",
                    "programme_display_name": "Community Powershare",
                    "subscription_status": "NOT_ENROLLED",
                }
            ],
        },
        actions=["CONNECT_TARIFF", "BACK", "CLOSE"],
    )
    enter(client, httpx_mock, reply)
    page = text(client.get("/"))
    assert "Earn with your battery" in page
    assert "Not enrolled" in page and "Connect tariff" in page


def test_posts_without_a_session_are_refused(client: Client) -> None:
    response = client.post("/act", {"action": "BACK", "seq": 1})
    assert response.status_code == 400
    assert "Your session has ended" in text(response)


def test_csrf_is_required(httpx_mock: HTTPXMock) -> None:
    browser = Client(enforce_csrf_checks=True)
    enter(browser, httpx_mock)
    response = browser.post("/act", {"action": "BACK", "seq": 1})
    assert response.status_code == 403
    assert "reload the page" in text(response)
    assert len(httpx_mock.get_requests()) == 1


def test_welcome_page_without_a_session_offers_no_demo_customers(
    client: Client, settings: Any
) -> None:
    # Served beside a real Connect, the sandbox's demo customers are not the app's to offer.
    settings.CONNECT_SANDBOX_ENABLED = True
    page = client.get("/")
    assert page.status_code == 200
    assert "Open this page from your energy app" in text(page)
    assert "Try the sandbox" not in text(page)


def test_not_found_is_designed(client: Client) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_healthz_does_not_call_connect(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
