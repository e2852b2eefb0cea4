"""The tariff pages' builders: which page each route is, and what it shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from connect_app.connect.bands import Band, Coverage, Room, coverage, room_for_band, segments
from connect_app.connect.replies import Page
from connect_app.pages.common import RenderContext
from connect_app.pages.tariff import choices, summary
from connect_app.routes import route_for
from tests import tariff_payloads as sent

NOW = dt.datetime(2025, 2, 20, 18, 0, tzinfo=dt.UTC)
CTX = RenderContext(locale="en", now=NOW, time_zone="America/Denver")


def page(reply: dict[str, Any]) -> Page:
    return Page.from_reply(reply)


@pytest.mark.parametrize(
    ("reply", "template"),
    [
        (sent.fixed_rate("price_input"), "connect_app/tariff/question.html"),
        (sent.time_of_day("price_input"), "connect_app/tariff/time_of_day.html"),
    ],
)
def test_busbar_s_one_price_page_is_fixed_or_by_time_of_day(
    reply: dict[str, Any], template: str
) -> None:
    assert route_for(page(reply)).template == template


@pytest.mark.parametrize("name", list(sent.EVERY_PAGE))
def test_every_page_builds_and_names_its_provider(name: str) -> None:
    reply = sent.EVERY_PAGE[name]
    route = route_for(page(reply))
    assert route.template.startswith("connect_app/tariff/")
    view = route.build(page(reply), CTX)
    head = view.head
    assert head.title
    actions = [b.action for b in head.actions]
    if name in ("tariff_summary", "tariffs_summary"):
        # A connected tariff's finish: BACK is its confirmation, first; Close stays last.
        assert actions[0] == "BACK" and actions[-1] == "CLOSE"
    else:
        assert actions[-2:] == ["BACK", "CLOSE"]
    # The address and provider pages come before a provider is known; a name page, before
    # it is named.
    if name not in (
        "postal_address_input",
        "postal_address_capture",
        "provider_select",
        "provider_name_capture",
    ):
        assert head.provider is not None or name == "tariffs_summary"


def test_a_provider_logo_is_shown_only_when_it_needs_no_other_origin() -> None:
    view = choices.providers(page(sent.providers()), CTX)
    badges = {c.label: c.badge for c in view.choices if c.badge is not None}
    assert badges["Front Range Power"].logo is None  # https: a lettered badge
    assert badges["Front Range Power"].initial == "F"
    assert badges["Mesa Electric"].logo == sent.INLINE_LOGO
    assert badges["Summit Co-op"].logo is None


def test_a_search_marks_the_providers_it_leaves_out() -> None:
    view = choices.providers(page(sent.providers()), RenderContext("en", NOW, search="mesa"))
    assert [(c.label, c.shown) for c in view.choices] == [
        ("Front Range Power", False),
        ("Mesa Electric", True),
        ("Summit Co-op", False),
    ]
    assert view.shown_count == 1


def test_plan_structures_are_named_for_homeowners_and_not_offered_twice() -> None:
    view = choices.structures(page(sent.structure("plan_structure")), CTX)
    assert [(c.value, c.label) for c in view.choices] == [
        ("FIXED", "One price all day"),
        ("TIME_OF_DAY", "Prices by time of day"),
        ("MARKET", "Market prices"),
    ]
    assert all(c.description for c in view.choices)
    assert [b.action for b in view.head.actions] == ["BACK", "CLOSE"]
    anode = choices.structures(page(sent.structure()), CTX)
    assert anode.choices[-1].label == "Dynamic prices"


def test_the_summary_says_the_tariff_in_words_with_today_s_prices() -> None:
    view = summary.summary(page(sent.summary(contract_end_date="2027-06-30T00:00:00Z")), CTX)
    (tariff,) = view.tariffs
    assert tariff.name == "Home Saver"
    assert [(f.label, f.value) for f in tariff.facts] == [
        ("Provider", "Front Range Power"),
        ("Prices", "Prices by time of day"),
        ("Contract ends", "June 30, 2027"),
    ]
    assert view.prices is not None
    assert view.prices.day == "February 20, 2025"
    assert view.prices.values[:8] == (12.0,) * 7 + (31.0,)
    assert len(view.prices.values) == 24
    assert view.prices.unit == "¢/kWh"
    assert [(s.start, s.end, s.price) for s in view.prices.stretches] == [
        ("12:00\u202fAM", "7:00\u202fAM", "12¢/kWh"),
        # The day's end is named, never "12:00 AM", which reads as its start.
        ("7:00\u202fAM", "Midnight", "31¢/kWh"),
    ]
    # The chart's scale, worked out here: from zero past the dearest hour, as figures read.
    assert view.prices.chart()["scale"] == {
        "ticks": [0, 10, 20, 30, 40],
        "words": ["0", "10", "20", "30", "40"],
    }


def test_a_connected_tariff_s_summary_finishes_with_one_primary_confirmation() -> None:
    view = summary.summary(page(sent.summary()), CTX)
    # Words and state agree: it is connected, and the customer is asked to confirm it.
    assert view.head.title == "Your tariff is connected"
    assert view.head.lead == "Your programme now times your battery around these prices."
    assert view.question == "Is this the tariff on your electricity bill?"
    assert [(b.action, b.label, b.emphasis) for b in view.head.actions] == [
        # BACK returns to the dashboard with the tariff connected (CLOSE would end it all).
        ("BACK", "That’s my tariff", "primary"),
        ("WRONG_TARIFF", "This is the wrong tariff", "secondary"),
        ("EDIT", "Start again", "secondary"),
        ("CLOSE", "Close", "quiet"),
    ]
    # Disconnecting is asked again, with a tick, beside them.
    assert view.disconnect is not None and view.disconnect.label == "Disconnect tariff"
    busbar = summary.summary(page(sent.tariffs_summary()), CTX)
    assert busbar.head.title == "Your tariff is connected"
    assert [(b.action, b.emphasis) for b in busbar.head.actions][0] == ("BACK", "primary")


def test_a_summary_of_a_tariff_reported_wrong_asks_for_no_confirmation() -> None:
    reply = sent.tariffs_summary()
    reply["tariffs"][0]["status"] = "ERROR_REPORTED"
    view = summary.summary(page(reply), CTX)
    assert view.head.title == "Your tariff"
    assert view.head.lead == (
        "You have told us this is the wrong tariff. Start again to enter the right one."
    )
    assert view.question == ""
    assert [(b.action, b.label, b.emphasis) for b in view.head.actions][-2:] == [
        ("BACK", "Back", "quiet"),
        ("CLOSE", "Close", "quiet"),
    ]
    assert summary.confirmed_tariff(page(reply)) is None


def test_confirming_names_the_tariff_for_the_dashboard() -> None:
    assert summary.confirmed_tariff(page(sent.summary())) == "Home Saver"
    assert summary.confirmed_tariff(page(sent.summary(name=""))) == ""
    assert summary.confirmed_tariff(page(sent.tariffs_summary())) == "Home Saver"
    said = summary.connected_message("Home Saver")
    assert (said.headline, said.detail) == (
        "Your tariff “Home Saver” is connected.",
        "Your programme now times your battery around its prices.",
    )
    assert summary.connected_message("").headline == "Your tariff is connected."


def test_busbar_s_summary_lists_its_tariffs_at_the_top_level() -> None:
    view = summary.summary(page(sent.tariffs_summary()), CTX)
    (tariff,) = view.tariffs
    assert tariff.name == "Home Saver"
    assert ("Contract ends", "June 30, 2027") in [(f.label, f.value) for f in tariff.facts]
    assert ("Status", "Connected") in [(f.label, f.value) for f in tariff.facts]
    assert view.prices is not None and set(view.prices.values) == {24.5}


def test_no_end_date_and_no_rates_read_plainly() -> None:
    view = summary.summary(page(sent.summary(contract_end_date="0001-01-01T00:00:00Z")), CTX)
    assert ("Contract ends", "No end date") in [(f.label, f.value) for f in view.tariffs[0].facts]
    bare = sent.tariff_page("tariff_summary", tariff={"name": "X"}, rates={"today": []})
    assert summary.summary(page(bare), CTX).prices is None


@pytest.mark.parametrize(
    ("route", "title", "actions"),
    [
        (
            "tariff_connection_pending",
            "We are connecting your tariff",
            ["EDIT", "DISMISS_DIRECT", "BACK", "CLOSE"],
        ),
        (
            "connection_failed",
            "We could not connect your tariff",
            ["EDIT", "RECONNECT", "BACK", "CLOSE"],
        ),
        # After a connection or a disconnection alike: the words must fit both.
        ("complete_tariff", "All done", ["BACK", "CLOSE"]),
    ],
)
def test_status_pages_say_where_things_stand(route: str, title: str, actions: list[str]) -> None:
    view = route_for(page(sent.status(route))).build(page(sent.status(route)), CTX)
    assert view.head.title == title
    assert view.message == "A message from Connect."
    assert [b.action for b in view.head.actions] == actions


# --- band coverage -----------------------------------------------------------------------------


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def test_bands_across_midnight_cover_the_day() -> None:
    found = coverage([Band(t("07:00"), t("23:00")), Band(t("23:00"), t("07:00"))])
    assert found == Coverage(gaps=(), overlaps=(), empty=())


def test_gaps_and_overlaps_are_found_with_their_times() -> None:
    found = coverage([Band(t("00:00"), t("06:30")), Band(t("06:00"), t("22:00"))])
    assert found.overlaps == ((t("06:00"), t("06:30")),)
    assert found.gaps == ((t("22:00"), t("00:00")),)


def bands_of(*stretches: tuple[str, str]) -> list[Band]:
    return [Band(t(start), t(end)) for start, end in stretches]


def test_the_day_s_stretches_name_their_band_and_split_at_midnight() -> None:
    found = segments(bands_of(("07:00", "23:00"), ("23:00", "07:00")))
    assert [(s.start, s.end, s.band, s.overlap) for s in found] == [
        (0, 420, 1, False),
        (420, 1380, 0, False),
        (1380, 1440, 1, False),
    ]
    crossed = segments(bands_of(("00:00", "12:00"), ("11:00", "13:00")))
    assert [(s.start, s.end, s.band, s.overlap) for s in crossed] == [
        (0, 660, 0, False),
        (660, 720, 0, True),
        (720, 780, 1, False),
        (780, 1440, None, False),
    ]


@pytest.mark.parametrize(
    ("stretches", "room"),
    [
        # A stretch no band covers is filled first.
        ((("07:00", "22:00"), ("23:00", "07:00")), Room(Band(t("22:00"), t("23:00")), None)),
        ((("07:00", "23:00"),), Room(Band(t("23:00"), t("07:00")), None)),
        # A covered day: the later half of the last band, on the hour.
        ((("07:00", "23:00"), ("23:00", "07:00")), Room(Band(t("03:00"), t("07:00")), 1)),
        ((("00:00", "00:00"),), Room(Band(t("12:00"), t("00:00")), 0)),
        ((("07:00", "16:00"), ("16:00", "07:00")), Room(Band(t("23:00"), t("07:00")), 1)),
        # Shorter than two hours: on the half hour; a half hour: the band before it.
        ((("00:00", "23:00"), ("23:00", "00:00")), Room(Band(t("23:30"), t("00:00")), 1)),
        ((("00:00", "23:30"), ("23:30", "00:00")), Room(Band(t("11:00"), t("23:30")), 0)),
    ],
)
def test_a_new_band_fills_a_gap_or_halves_the_last_band(
    stretches: tuple[tuple[str, str], ...], room: Room
) -> None:
    assert room_for_band(bands_of(*stretches)) == room


def test_no_bands_leave_no_room_to_reason_about() -> None:
    assert room_for_band([]) is None
