"""Answering tariff pages through the views: checked here, sent once, errors at their fields."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from pytest_httpx import HTTPXMock

from tests import tariff_payloads as sent
from tests.factories import error_reply, summary_reply
from tests.test_tariff_forms import bands
from tests.test_views import CONNECT, HTMX, TOKEN, bodies, enter, seq, text

pytestmark = pytest.mark.django_db

US_ADDRESS = {
    "address_line1": "1600 Grant St",
    "city": "Denver",
    "state": "CO",
    "post_code": "80202",
    "country_code": "US",
}


@pytest.fixture(autouse=True)
def _real_connect_url(settings: Any) -> None:
    settings.FLATPEAK_CONNECT_URL = CONNECT


def answer(client: Client, sequence: int, fields: dict[str, str] | None = None, **more: str) -> Any:
    return client.post("/answer", {"seq": sequence, **(fields or {}), **more})


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_an_address_is_sent_as_data_without_an_action(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.address())
    httpx_mock.add_response(url=CONNECT, json=sent.providers())
    response = answer(client, seq(client), US_ADDRESS, address_line2="  ")
    assert response.status_code == 303 and response["Location"] == "/"
    assert bodies(httpx_mock)[-1] == {
        "connect_token": TOKEN,
        "route": "postal_address_input",
        "data": {"postal_address": US_ADDRESS},
    }
    assert "Who supplies your electricity?" in text(client.get("/"))


def test_our_own_check_sends_nothing_and_keeps_what_was_typed(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.address())
    response = answer(client, seq(client), {**US_ADDRESS, "post_code": "802"})
    assert response.status_code == 200  # the page again, designed: what to fix, what was typed
    page = soup(response)
    summary = page.select_one("#error-summary")
    assert summary is not None
    link = summary.select_one("a")
    assert link is not None and link["href"] == "#answer-post_code"
    assert link.get_text() == "Enter the ZIP code, 5 digits."
    field = page.select_one("#answer-post_code")
    assert field is not None
    assert field["aria-invalid"] == "true"
    assert field["aria-describedby"] == "answer-post_code-error"
    assert field["value"] == "802"
    city = page.select_one("#answer-city")
    assert city is not None and city["value"] == "Denver"
    assert len(bodies(httpx_mock)) == 1  # the entry only


def test_with_htmx_the_form_swaps_in_place(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock, sent.address())
    response = client.post("/answer", {"seq": seq(client), **US_ADDRESS, "city": ""}, headers=HTMX)
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert b"<html" not in response.content
    assert "Enter your city or town." in text(response)


def test_connect_s_field_error_lands_on_its_field_and_keeps_everything(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.address())
    httpx_mock.add_response(
        url=CONNECT, status_code=400, json=error_reply("city_missing", "City is required")
    )
    response = answer(client, seq(client), US_ADDRESS)
    page = soup(response)
    error = page.select_one("#answer-city-error")
    # Said in our words for the code (A7), at the field the code names.
    assert error is not None and error.get_text() == "Enter your city or town."
    line1 = page.select_one("#answer-address_line1")
    assert line1 is not None and line1["value"] == "1600 Grant St"
    assert len(bodies(httpx_mock)) == 2
    # The page is still answerable: a corrected answer goes through once more.
    httpx_mock.add_response(url=CONNECT, json=sent.providers())
    assert answer(client, seq(client), US_ADDRESS).status_code == 303
    assert len(bodies(httpx_mock)) == 3


def test_an_error_that_names_no_field_is_shown_above_the_form(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.address())
    httpx_mock.add_response(
        url=CONNECT,
        status_code=400,
        json=error_reply("geo_location_not_found", "We could not find that address."),
    )
    page = soup(answer(client, seq(client), US_ADDRESS))
    summary = page.select_one("#error-summary")
    assert summary is not None and "We could not find that address." in summary.get_text()
    assert page.select_one("[aria-invalid]") is None


def test_connect_unavailable_keeps_the_form_filled(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock, sent.address())
    httpx_mock.add_response(url=CONNECT, status_code=503, text="<html>down</html>")
    page = soup(answer(client, seq(client), US_ADDRESS))
    assert "We couldn't reach your energy programme" in page.get_text()
    field = page.select_one("#answer-post_code")
    assert field is not None and field["value"] == "80202"


def test_a_second_submit_of_the_same_page_is_not_sent(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.address())
    httpx_mock.add_response(url=CONNECT, json=sent.providers())
    sequence = seq(client)
    answer(client, sequence, US_ADDRESS)
    again = answer(client, sequence, US_ADDRESS)
    assert again.status_code == 303
    assert len(bodies(httpx_mock)) == 2
    assert "already changed" in text(client.get("/"))


def test_busbar_s_plan_structure_sends_the_choice_as_its_action(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.structure("plan_structure"))
    httpx_mock.add_response(url=CONNECT, json=sent.time_of_day("price_input"))
    answer(client, seq(client), option="TIME_OF_DAY")
    assert bodies(httpx_mock)[-1] == {
        "connect_token": TOKEN,
        "route": "plan_structure",
        "action": "TIME_OF_DAY",
    }


def test_skipping_sends_the_route_alone(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock, sent.surcharge(["London"]))
    httpx_mock.add_response(url=CONNECT, json=sent.contract_term())
    answer(client, seq(client), skip="1")
    assert bodies(httpx_mock)[-1] == {"connect_token": TOKEN, "route": "surcharge_capture"}


def test_adding_a_band_calls_nobody(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock, sent.time_of_day())
    typed = bands(("07:00", "23:00", "31"), ("23:00", "07:00", "9"))
    response = answer(client, seq(client), typed, edit="add")
    page = soup(response)
    assert len(page.select("[data-band]")) == 3
    price = page.select_one("#answer-band-0-price")
    assert price is not None and price["value"] == "31"
    note = page.select_one("#answer-bands-note")
    assert note is not None and "band 3 takes the later part of band 2" in note.get_text()
    assert len(bodies(httpx_mock)) == 1


def test_time_of_day_gaps_are_named_before_anything_is_sent(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.time_of_day())
    typed = bands(("07:00", "22:00", "31"), ("23:00", "07:00", "9"))
    page = soup(answer(client, seq(client), typed))
    error = page.select_one("#answer-bands-error")
    assert error is not None and "No price is set from 22:00 to 23:00" in error.get_text()
    link = page.select_one("#error-summary a")
    assert link is not None and link["href"] == "#answer-bands"
    fieldset = page.select_one("fieldset#answer-bands")
    assert fieldset is not None and fieldset["aria-invalid"] == "true"
    assert len(bodies(httpx_mock)) == 1


def test_connect_s_band_code_lands_on_the_band_s_field_keeping_what_was_typed(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.time_of_day())
    httpx_mock.add_response(
        url=CONNECT, status_code=400, json=error_reply("cost_value_zero", "Cost is zero.")
    )
    typed = bands(("07:00", "23:00", "31"), ("23:00", "07:00", "0,001"))
    page = soup(answer(client, seq(client), typed))
    price = page.select_one("#answer-band-1-price")
    assert price is not None and price["value"] == "0,001"
    assert price["aria-invalid"] == "true"
    assert price["aria-describedby"] == "answer-band-1-price-error"
    link = page.select_one("#error-summary a")
    assert link is not None and link["href"] == "#answer-band-1-price"
    assert bodies(httpx_mock)[-1]["data"]["hours"][1]["cost"] == 0.00001


CONFIRMED = "Your tariff “Home Saver” is connected."


def test_that_s_my_tariff_goes_back_to_the_dashboard_which_confirms_it_once(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.summary())
    httpx_mock.add_response(url=CONNECT, json=summary_reply(tariff_connected=True))
    response = client.post("/act", {"seq": seq(client), "action": "BACK"})
    assert response.status_code == 303  # without JavaScript: post, redirect, get
    assert bodies(httpx_mock)[-1] == {
        "connect_token": TOKEN,
        "route": "tariff_summary",
        "action": "BACK",
    }
    dashboard = soup(client.get("/"))
    said = dashboard.select_one(".tariff-connected[role=status]")
    assert said is not None and CONFIRMED in said.get_text(" ", strip=True)
    # Once: a reload of the dashboard does not say it again.
    assert soup(client.get("/")).select_one(".tariff-connected") is None


def test_with_htmx_the_dashboard_s_confirmation_comes_in_the_answer(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.tariffs_summary())
    httpx_mock.add_response(url=CONNECT, json=summary_reply(tariff_connected=True))
    response = client.post("/act", {"seq": seq(client), "action": "BACK"}, headers=HTMX)
    assert response.status_code == 200
    assert CONFIRMED in text(response)
    assert soup(client.get("/")).select_one(".tariff-connected") is None


@pytest.mark.parametrize("action", ["CLOSE", "EDIT"])
def test_only_that_s_my_tariff_confirms(client: Client, httpx_mock: HTTPXMock, action: str) -> None:
    enter(client, httpx_mock, sent.summary())
    httpx_mock.add_response(url=CONNECT, json=summary_reply(tariff_connected=True))
    client.post("/act", {"seq": seq(client), "action": action})
    assert soup(client.get("/")).select_one(".tariff-connected") is None


def test_back_from_a_page_before_the_summary_confirms_nothing(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.contract_term())
    httpx_mock.add_response(url=CONNECT, json=summary_reply())
    client.post("/act", {"seq": seq(client), "action": "BACK"})
    assert soup(client.get("/")).select_one(".tariff-connected") is None


def test_disconnecting_asks_for_a_tick_first(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock, sent.summary())
    refused = client.post("/act", {"seq": seq(client), "action": "DISCONNECT"})
    assert refused.status_code == 400
    assert "disconnect your tariff" in text(refused)
    assert len(bodies(httpx_mock)) == 1
    httpx_mock.add_response(url=CONNECT, json=sent.status("complete_tariff"))
    client.post("/act", {"seq": seq(client), "action": "DISCONNECT", "confirmed": "yes"})
    assert bodies(httpx_mock)[-1] == {
        "connect_token": TOKEN,
        "route": "tariff_summary",
        "action": "DISCONNECT",
    }


def test_the_provider_search_works_without_javascript(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.providers())
    page = soup(client.get("/", {"q": "mesa"}))
    shown = [li["data-choice-name"] for li in page.select("[data-choice-list] li:not([hidden])")]
    assert shown == ["mesa electric"]
    assert len(bodies(httpx_mock)) == 1


def test_a_page_with_nothing_to_fill_in_takes_no_answer(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.summary())
    response = answer(client, seq(client))
    assert response.status_code == 400
    assert len(bodies(httpx_mock)) == 1


@pytest.mark.parametrize("name", list(sent.EVERY_PAGE))
def test_every_tariff_page_renders_with_its_provider_back_and_close(
    client: Client, httpx_mock: HTTPXMock, name: str
) -> None:
    enter(client, httpx_mock, sent.EVERY_PAGE[name])
    page = soup(client.get("/"))
    buttons = [b.get_text(strip=True) for b in page.select("nav.actions button[name=action]")]
    if name in ("tariff_summary", "tariffs_summary"):
        # The flow's finish: BACK, worded as the confirmation it is, comes first.
        assert (buttons[0], buttons[-1]) == ("That’s my tariff", "Close")
    else:
        assert buttons[-2:] == ["Back", "Close"]
    assert page.select_one("h1") is not None
    if page.select_one("form[action='/answer']") is not None:
        assert page.select_one("input[name=csrfmiddlewaretoken]") is not None
    assert TOKEN not in page.decode()


def test_a_refused_choice_that_is_an_action_lands_on_the_choice(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.structure("plan_structure"))
    httpx_mock.add_response(
        url=CONNECT, status_code=400, json=error_reply("option_not_supported", "Not for you.")
    )
    page = soup(answer(client, seq(client), option="MARKET"))
    error = page.select_one("#answer-option-error")
    assert error is not None and error.get_text() == "Choose how your prices work."
    choices = page.select_one("fieldset#answer-option")
    assert choices is not None and choices["aria-invalid"] == "true"
    assert page.select_one("input[value=MARKET][checked]") is not None
    assert page.select_one(".notice") is None  # no retry of the refused choice


def test_a_message_that_echoes_the_token_does_not_show_it(
    client: Client, httpx_mock: HTTPXMock
) -> None:
    enter(client, httpx_mock, sent.address())
    httpx_mock.add_response(
        url=CONNECT, status_code=400, json=error_reply("city_unheard_of", f"No city for {TOKEN}.")
    )
    response = answer(client, seq(client), US_ADDRESS)
    assert TOKEN not in response.content.decode()
    # A code we have no words for: ours in general, then Connect's, with the token masked.
    assert "Your energy programme could not do that. No city for [hidden]." in text(response)


def test_conversation_pages_are_private(client: Client, httpx_mock: HTTPXMock) -> None:
    enter(client, httpx_mock, sent.address())
    assert client.get("/")["Cache-Control"] == "private, no-cache"
