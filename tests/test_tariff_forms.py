"""Every tariff form: prefill from the page, our own checks, the answer's shape, Connect's codes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from connect_app.connect.replies import Page
from connect_app.forms.address import AddressForm
from connect_app.forms.answer import Answer, TariffForm
from connect_app.forms.choices import ProviderForm, RegionForm, StructureForm, TariffChoiceForm
from connect_app.forms.contract import ContractTermForm
from connect_app.forms.names import ContinueForm, ProviderNameForm, TariffNameForm
from connect_app.forms.prices import FixedRateForm, SurchargeForm, TimeOfDayForm, parse_clock
from tests import tariff_payloads as sent

TODAY = dt.date(2025, 2, 20)


def form(cls: type[TariffForm], reply: dict[str, Any], data: Any = None, locale: str = "en") -> Any:
    return cls(data, page=Page.from_reply(reply), locale=locale, today=TODAY)


def answered(
    cls: type[TariffForm], reply: dict[str, Any], data: dict[str, Any], locale: str = "en"
) -> Answer:
    bound = form(cls, reply, data, locale)
    assert bound.is_valid(), bound.errors
    answer: Answer = bound.answer()
    return answer


def errors(cls: type[TariffForm], reply: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    bound = form(cls, reply, data)
    assert not bound.is_valid()
    return {name: [str(e) for e in errs] for name, errs in bound.errors.items()}


US_ADDRESS = {
    "address_line1": "  1600   Grant St ",
    "address_line2": "",
    "city": "Denver",
    "state": "CO",
    "post_code": "80202",
    "country_code": "US",
}

# --- address -----------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["postal_address_input", "postal_address_capture"])
def test_the_address_is_sent_trimmed_without_empty_parts(route: str) -> None:
    answer = answered(AddressForm, sent.address(route), US_ADDRESS)
    assert answer == Answer(
        {
            "postal_address": {
                "address_line1": "1600 Grant St",
                "city": "Denver",
                "state": "CO",
                "post_code": "80202",
                "country_code": "US",
            }
        }
    )


def test_the_address_is_prefilled_from_the_page() -> None:
    reply = sent.address(**sent.ADDRESS)
    bound = form(AddressForm, reply)
    assert bound["address_line1"].value() == "1600 Pennsylvania Ave"
    assert bound["state"].value() == "CO"
    assert bound["country_code"].value() == "US"


def test_a_us_address_asks_for_a_state_and_a_zip_code() -> None:
    us = form(AddressForm, sent.address(country_code="US"))
    assert us.fields["post_code"].label == "ZIP code"
    assert us.fields["post_code"].required
    assert us.fields["state"].label == "State (optional)"
    assert not us.fields["state"].required
    assert ("CO", "Colorado") in us.fields["state"].choices
    uk = form(AddressForm, sent.address(country_code="GB"))
    assert uk.fields["post_code"].label == "Post code"
    assert uk.fields["state"].label == "County or region (optional)"
    assert not uk.fields["state"].required


def test_phones_can_fill_the_address_in() -> None:
    bound = form(AddressForm, sent.address())
    autocomplete = {name: f.widget.attrs.get("autocomplete") for name, f in bound.fields.items()}
    assert autocomplete == {
        "address_line1": "address-line1",
        "address_line2": "address-line2",
        "city": "address-level2",
        "state": "address-level1",
        "post_code": "postal-code",
        "country_code": "country",
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"address_line1": " "}, "address_line1", "Enter the first line of your address."),
        ({"city": ""}, "city", "Enter your city or town."),
        ({"post_code": "8020"}, "post_code", "Enter the ZIP code, 5 digits."),
        ({"post_code": "80202-12"}, "post_code", "Enter the ZIP code, 5 digits."),
        ({"post_code": ""}, "post_code", "Enter the ZIP code, 5 digits."),
        ({"state": "ZZ"}, "state", "Choose your state from the list."),
        ({"country_code": "XX"}, "country_code", "Choose your country from the list."),
    ],
)
def test_our_own_checks_say_what_to_do(changes: dict[str, str], field: str, message: str) -> None:
    assert errors(AddressForm, sent.address(), {**US_ADDRESS, **changes})[field] == [message]


def test_a_us_address_may_leave_out_its_state() -> None:
    """As Flatpeak's web client lets it since June 2026: the ZIP code places the home."""
    answer = answered(AddressForm, sent.address(), {**US_ADDRESS, "state": ""})
    assert answer.data is not None
    assert answer.data["postal_address"] == {
        "address_line1": "1600 Grant St",
        "city": "Denver",
        "post_code": "80202",
        "country_code": "US",
    }
    no_zip = errors(AddressForm, sent.address(), {**US_ADDRESS, "state": "", "post_code": ""})
    assert no_zip == {"post_code": ["Enter the ZIP code, 5 digits."]}


def test_a_uk_post_code_is_checked_and_written_as_royal_mail_does() -> None:
    uk = {**US_ADDRESS, "country_code": "GB", "state": "", "post_code": "sw1a1aa"}
    answer = answered(AddressForm, sent.address(country_code="GB"), uk)
    assert answer.data is not None
    assert answer.data["postal_address"]["post_code"] == "SW1A 1AA"
    assert "state" not in answer.data["postal_address"]
    bad = errors(AddressForm, sent.address(country_code="GB"), {**uk, "post_code": "12345"})
    assert bad["post_code"] == ["Enter a real post code, like SW1A 1AA."]


def test_country_names_come_from_babel_in_the_customer_s_language() -> None:
    choices = dict(form(AddressForm, sent.address(), locale="de").fields["country_code"].choices)
    assert choices["DE"] == "Deutschland"
    assert choices["US"] == "Vereinigte Staaten"


@pytest.mark.parametrize(
    ("code", "field"),
    [
        ("address_line1_missing", "address_line1"),
        ("city_missing", "city"),
        ("post_code_missing", "post_code"),
        ("country_code_missing", "country_code"),
        ("country_code_invalid", "country_code"),
        ("geo_location_not_found", None),
        ("data_json_invalid", None),
    ],
)
def test_connect_s_address_codes_land_on_their_field(code: str, field: str | None) -> None:
    bound = form(AddressForm, sent.address(), US_ADDRESS)
    assert bound.is_valid()
    bound.add_connect_error(code, "Connect's words.")
    key = field or "__all__"
    assert [str(e) for e in bound.errors[key]] == ["Connect's words."]
    assert bound["address_line1"].value() == US_ADDRESS["address_line1"]  # nothing lost


def test_a_field_with_an_error_is_described_by_it() -> None:
    bound = form(AddressForm, sent.address(), {**US_ADDRESS, "city": ""})
    bound.is_valid()
    bound.marked()
    attrs = bound.fields["city"].widget.attrs
    assert attrs["aria-invalid"] == "true"
    assert attrs["aria-describedby"] == "answer-city-error"
    assert "aria-invalid" not in bound.fields["address_line1"].widget.attrs
    assert bound.error_summary() == [("answer-city", "Enter your city or town.")]
    bound.add_connect_error("geo_location_not_found", "Not found.")
    # A problem of the whole form comes first, linked to nothing.
    assert bound.error_summary()[0] == (None, "Not found.")


# --- lists -------------------------------------------------------------------------------------


def test_a_provider_is_sent_by_id_and_only_one_the_page_listed() -> None:
    assert answered(ProviderForm, sent.providers(), {"provider": "prv_mesa"}) == Answer(
        {"provider": {"id": "prv_mesa"}}
    )
    assert errors(ProviderForm, sent.providers(), {"provider": "prv_other"}) == {
        "provider": ["Choose your energy provider, or say it is not listed."]
    }
    assert "provider" in errors(ProviderForm, sent.providers(), {})


def test_a_tariff_and_a_region_are_sent_as_chosen() -> None:
    assert answered(TariffChoiceForm, sent.tariffs(), {"tariff": "trt_flat"}) == Answer(
        {"tariff": {"id": "trt_flat"}}
    )
    regions = sent.tariff_page("region_select", regions=["CORS", "FR"], region="FR")
    assert form(RegionForm, regions)["region"].value() == "FR"
    assert answered(RegionForm, regions, {"region": "CORS"}) == Answer({"region": "CORS"})
    assert "region" in errors(RegionForm, regions, {"region": "DE"})


def test_anode_s_plan_structure_sends_the_option_in_data() -> None:
    answer = answered(
        StructureForm, sent.structure("tariff_structure_select"), {"option": "DYNAMIC"}
    )
    assert answer == Answer({"options": ["DYNAMIC"]})


def test_busbar_s_plan_structure_sends_the_choice_as_its_action() -> None:
    answer = answered(StructureForm, sent.structure("plan_structure"), {"option": "TIME_OF_DAY"})
    assert answer == Answer(None, action="TIME_OF_DAY")


@pytest.mark.parametrize("code", ["option_invalid", "option_not_supported"])
def test_connect_s_structure_codes_land_on_the_choice(code: str) -> None:
    bound = form(StructureForm, sent.structure(), {"option": "FIXED"})
    assert bound.is_valid()
    bound.add_connect_error(code, "No.")
    assert list(bound.errors) == ["option"]


# --- names -------------------------------------------------------------------------------------


def test_names_are_trimmed_and_required() -> None:
    provider = sent.tariff_page("provider_name_capture", provider={"name": "Old"})
    assert form(ProviderNameForm, provider)["name"].value() == "Old"
    assert answered(ProviderNameForm, provider, {"name": "  Acme  Power "}) == Answer(
        {"provider": {"name": "Acme Power"}}
    )
    assert errors(ProviderNameForm, provider, {"name": "   "}) == {
        "name": ["Enter the name of your energy provider."]
    }
    for route in ("tariff_name_capture", "tariff_name_input"):
        tariff = sent.tariff_page(route, tariff={"name": ""})
        assert answered(TariffNameForm, tariff, {"name": "Home Saver"}) == Answer(
            {"tariff": {"name": "Home Saver"}}
        )
    bound = form(TariffNameForm, tariff, {"name": "x"})
    bound.is_valid()
    bound.add_connect_error("tariff_name_missing", "Name it.")
    assert list(bound.errors) == ["name"]


def test_complete_tariff_is_answered_by_its_route_alone() -> None:
    assert answered(ContinueForm, sent.status("complete_tariff"), {}) == Answer(None)


# --- prices ------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["rate_fixed_capture", "price_input"])
def test_a_price_typed_in_cents_is_sent_in_dollars(route: str) -> None:
    reply = sent.fixed_rate(route)
    bound = form(FixedRateForm, reply)
    assert bound.fields["cost"].label == "Price per kWh, in cents"
    assert answered(FixedRateForm, reply, {"cost": "24.5"}) == Answer({"cost": 0.245})
    assert answered(FixedRateForm, reply, {"cost": "30"}) == Answer({"cost": 0.3})


def test_the_customer_s_decimal_comma_is_understood() -> None:
    reply = sent.fixed_rate(currency_code="EUR")
    assert answered(FixedRateForm, reply, {"cost": "31,5"}, locale="de") == Answer({"cost": 0.315})
    assert answered(FixedRateForm, reply, {"cost": "31.5"}, locale="de") == Answer({"cost": 0.315})


def test_a_price_from_the_page_is_shown_in_the_customer_s_unit() -> None:
    assert form(FixedRateForm, sent.fixed_rate(cost=0.245))["cost"].value() == "24.5"
    pence = sent.fixed_rate(currency_code="GBP", cost=0.1832)
    bound = form(FixedRateForm, pence)
    assert bound["cost"].value() == "18.32"
    assert bound.fields["cost"].label == "Price per kWh, in pence"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the price you pay per kWh."),
        ("abc", "Enter the price as a number, like 24.5."),
        ("0", "Enter a price above zero."),
        ("-3", "The price cannot be negative."),
        ("2450", "That price is too high. Enter it in cents per kWh, like 24.5."),
    ],
)
def test_prices_are_checked_before_sending(typed: str, message: str) -> None:
    assert errors(FixedRateForm, sent.fixed_rate(), {"cost": typed}) == {"cost": [message]}


@pytest.mark.parametrize("code", ["cost_value_zero", "cost_value_negative"])
def test_connect_s_price_codes_land_on_the_price(code: str) -> None:
    bound = form(FixedRateForm, sent.fixed_rate(), {"cost": "24.5"})
    bound.is_valid()
    bound.add_connect_error(code, "No.")
    assert list(bound.errors) == ["cost"]


def bands(*rows: tuple[str, str, str]) -> dict[str, str]:
    """The time-of-day form's post: its formset's management fields, then each band's."""
    data = {"band-TOTAL_FORMS": str(len(rows)), "band-INITIAL_FORMS": str(len(rows))}
    for index, (start, end, price) in enumerate(rows):
        prefix = f"band-{index}-"
        data |= {f"{prefix}start": start, f"{prefix}end": end, f"{prefix}price": price}
    return data


def band_values(bound: TimeOfDayForm) -> list[tuple[Any, Any, Any]]:
    return [(r.start.value(), r.end.value(), r.price.value()) for r in bound.band_rows()]


def problems(bound: TimeOfDayForm) -> list[tuple[str | None, str]]:
    """The error summary: (the id it links to, the message)."""
    assert not bound.is_valid()
    return bound.error_summary()


@pytest.mark.parametrize("route", ["rate_tod_capture", "price_input"])
def test_time_of_day_bands_are_sent_in_major_units_with_seconds(route: str) -> None:
    answer = answered(
        TimeOfDayForm,
        sent.time_of_day(route),
        bands(("07:00", "23:00", "31.2"), ("23:00", "07:00", "9.5")),
    )
    assert answer == Answer(
        {
            "hours": [
                {"cost": 0.312, "valid_from": "07:00:00", "valid_to": "23:00:00"},
                {"cost": 0.095, "valid_from": "23:00:00", "valid_to": "07:00:00"},
            ]
        }
    )


def test_bands_are_typed_in_the_customer_s_numbers_and_on_a_24_hour_clock() -> None:
    typed = bands(("0", "7.30", "9,5"), ("7:30", "2400", "31,2"))
    answer = answered(TimeOfDayForm, sent.time_of_day(), typed, locale="de")
    assert answer.data == {
        "hours": [
            {"cost": 0.095, "valid_from": "00:00:00", "valid_to": "07:30:00"},
            {"cost": 0.312, "valid_from": "07:30:00", "valid_to": "00:00:00"},
        ]
    }


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("07:00", 420),
        ("7", 420),
        ("7.30", 450),
        ("7,30", 450),
        ("19h30", 1170),
        ("0730", 450),
        ("730", 450),
        (" 23 : 59 ", 1439),
        ("7:30 pm", 1170),
        ("12 am", 0),
        ("12 p.m.", 720),
        ("24:00", 1440),
        ("07:00:00", 420),
        ("24:30", None),
        ("25", None),
        ("7:60", None),
        ("13 pm", None),
        ("7:3", None),
        ("noon", None),
        ("", None),
    ],
)
def test_a_time_is_read_as_a_clock_is_written(typed: str, minutes: int | None) -> None:
    assert parse_clock(typed) == minutes


def test_the_page_s_bands_are_the_starting_point_and_midnight_ends_at_24() -> None:
    reply = sent.time_of_day(
        hours=[
            {"cost": 0.1, "valid_from": "00:00:00", "valid_to": "08:00:00"},
            {"cost": 0.25, "valid_from": "08:00:00", "valid_to": "20:00:00"},
            {"cost": 0.4, "valid_from": "20:00:00", "valid_to": "00:00:00"},
        ]
    )
    assert band_values(form(TimeOfDayForm, reply)) == [
        ("00:00", "08:00", "10"),
        ("08:00", "20:00", "25"),
        ("20:00", "24:00", "40"),
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            (("07:00", "22:00", "30"), ("23:00", "07:00", "9")),
            "No price is set from 22:00 to 23:00. "
            "Add a band or change the times so the bands cover the whole day.",
        ),
        (
            (("06:00", "23:00", "30"), ("23:00", "07:00", "9")),
            "The bands overlap from 06:00 to 07:00. Change the times so each hour has one price.",
        ),
        (
            (("07:00", "07:00", "30"), ("23:00", "07:00", "9")),
            "Band 1 starts and ends at the same time. Give it an end time.",
        ),
        (
            (("00:00", "12:00", "30"), ("01:00", "02:00", "9"), ("12:00", "24:00", "9")),
            "The bands overlap from 01:00 to 02:00. Change the times so each hour has one price.",
        ),
    ],
)
def test_bands_must_cover_the_day_once_and_it_says_which_hours(
    rows: tuple[tuple[str, str, str], ...], message: str
) -> None:
    bound = form(TimeOfDayForm, sent.time_of_day(), bands(*rows))
    # At the bands' fieldset, which the error summary links to.
    assert problems(bound) == [("answer-bands", message)]
    assert bound.day_problems() == [message]


def test_a_gap_across_midnight_is_named_as_one_stretch() -> None:
    bound = form(TimeOfDayForm, sent.time_of_day(), bands(("07:00", "23:00", "30")))
    assert bound.day_problems()[0].startswith("No price is set from 23:00 to 07:00.")


def test_one_band_from_midnight_to_midnight_is_the_whole_day() -> None:
    for end in ("00:00", "24:00"):
        answer = answered(TimeOfDayForm, sent.time_of_day(), bands(("00:00", end, "20")))
        assert answer.data == {
            "hours": [{"cost": 0.2, "valid_from": "00:00:00", "valid_to": "00:00:00"}]
        }


def test_a_band_needs_its_times_and_price_each_at_its_field() -> None:
    bound = form(
        TimeOfDayForm, sent.time_of_day(), bands(("24:00", "", "x"), ("23:00", "07:00", "9"))
    )
    assert problems(bound) == [
        ("answer-band-0-start", "Enter a time like 07:00 for band 1."),
        ("answer-band-0-end", "Enter when band 1 ends."),
        ("answer-band-0-price", "Enter the price as a number, like 24.5."),
    ]
    # What was typed stays, to be corrected.
    assert band_values(bound)[0] == ("24:00", "", "x")


def test_a_post_that_is_not_the_page_s_form_gets_a_message_not_a_crash() -> None:
    missing = form(TimeOfDayForm, sent.time_of_day(), {"band-0-start": "07:00"})
    assert problems(missing) == [
        ("answer-bands", "This form was sent incomplete. Check your bands and send it again.")
    ]
    too_many = bands(*[("00:00", "24:00", "9")] * 13)
    assert problems(form(TimeOfDayForm, sent.time_of_day(), too_many)) == [
        ("answer-bands", "You can enter up to 12 bands.")
    ]


def test_adding_a_band_where_the_day_is_covered_halves_the_last_band() -> None:
    typed = bands(("07:00", "23:00", "31"), ("23:00", "07:00", "9"))
    added = form(TimeOfDayForm, sent.time_of_day(), {**typed, "edit": "add"})
    assert added.is_edit() and not added.is_bound and not added.is_valid()
    assert band_values(added) == [
        ("07:00", "23:00", "31"),
        ("23:00", "03:00", "9"),
        ("03:00", "07:00", ""),
    ]
    assert added.note == (
        "The bands already covered the whole day, so band 3 takes the later part of band 2, "
        "from 03:00 to 07:00. Enter its price."
    )
    # The new band's price takes the focus, and is described by what happened.
    price = added.marked().band_rows()[2].price.field.widget.attrs
    assert price["autofocus"] is True
    assert price["aria-describedby"] == "answer-bands-note"


def test_adding_a_band_to_a_day_with_a_gap_fills_the_gap() -> None:
    typed = bands(("07:00", "22:00", "31"), ("23:00", "07:00", "9"))
    added = form(TimeOfDayForm, sent.time_of_day(), {**typed, "edit": "add"})
    assert band_values(added)[2] == ("22:00", "23:00", "")
    assert added.note == "Band 3 covers 22:00 to 23:00, which no band did. Enter its price."


def test_adding_a_band_to_unreadable_times_starts_it_where_the_last_ends() -> None:
    typed = bands(("seven", "23:00", "31"))
    added = form(TimeOfDayForm, sent.time_of_day(), {**typed, "edit": "add"})
    assert band_values(added) == [("seven", "23:00", "31"), ("23:00", "", "")]
    assert added.note == ""


def test_no_more_than_twelve_bands_and_it_says_so() -> None:
    typed = bands(*[(f"{h:02d}:00", f"{h + 2:02d}:00", "9") for h in range(0, 24, 2)])
    added = form(TimeOfDayForm, sent.time_of_day(), {**typed, "edit": "add"})
    assert len(added.band_rows()) == 12
    assert added.note == "You can enter up to 12 bands."


def test_removing_a_band_keeps_what_was_typed_and_sends_nothing() -> None:
    typed = bands(("07:00", "23:00", "31"), ("23:00", "07:00", "9"))
    removed = form(TimeOfDayForm, sent.time_of_day(), {**typed, "edit": "remove-0"})
    assert removed.is_edit() and band_values(removed) == [("23:00", "07:00", "9")]
    # The last band is never removed, nor one that is not there.
    for edit in ("remove-0", "remove-5", "remove-x"):
        one = bands(("00:00", "24:00", "9"))
        assert band_values(form(TimeOfDayForm, sent.time_of_day(), {**one, "edit": edit})) == [
            ("00:00", "24:00", "9")
        ]


def test_each_field_is_named_by_its_band_s_legend_and_its_own_label() -> None:
    bound = form(TimeOfDayForm, sent.time_of_day()).marked()
    rows = bound.band_rows()
    assert [row.start.label for row in rows] == ["Starts at", "Starts at"]
    names = [row.start.field.widget.attrs["aria-labelledby"] for row in rows] + [
        row.price.field.widget.attrs["aria-labelledby"] for row in rows
    ]
    assert names == [
        "answer-band-0-legend answer-band-0-start-label",
        "answer-band-1-legend answer-band-1-start-label",
        "answer-band-0-legend answer-band-0-price-label",
        "answer-band-1-legend answer-band-1-price-label",
    ]
    assert rows[0].end.field.widget.attrs["aria-describedby"] == "answer-bands-clock-hint"


def test_the_bar_shows_each_stretch_in_its_price_s_tone_with_its_price() -> None:
    bound = form(
        TimeOfDayForm,
        sent.time_of_day(),
        bands(("07:00", "16:00", "24,5"), ("16:00", "19:00", "41"), ("19:00", "07:00", "9.8")),
    )
    bar = [(s.x, s.width, s.tone, s.size, s.label) for s in bound.day_bar()]
    assert bar == [
        ("0.000%", "29.167%", "price-tone-0", "mid", "9.8p"),  # 19:00-07:00, across midnight
        ("29.167%", "37.500%", "price-tone-2", "long", "24.5p"),
        ("66.667%", "12.500%", "price-tone-4", "short", "41p"),
        ("79.167%", "20.833%", "price-tone-0", "mid", "9.8p"),
    ]
    # Each band's fieldset wears its stretch's tone: cheapest to dearest.
    assert [row.tone for row in bound.band_rows()] == [
        "price-tone-2",
        "price-tone-4",
        "price-tone-0",
    ]


def test_the_bar_shows_gaps_overlaps_and_bands_without_a_price() -> None:
    bound = form(
        TimeOfDayForm,
        sent.time_of_day(),
        bands(("00:00", "12:00", ""), ("11:00", "18:00", "30"), ("bad", "24:00", "9")),
    )
    assert [(s.tone, s.label) for s in bound.day_bar()] == [
        ("price-tone-none", ""),
        ("is-overlap", ""),
        ("price-tone-4", "30p"),
        ("is-gap", ""),
    ]


@pytest.mark.parametrize(
    ("code", "where"),
    [
        ("valid_from_invalid", "answer-band-0-start"),
        ("valid_to_invalid", "answer-band-0-end"),
        ("cost_value_zero", "answer-band-0-price"),
        ("gap_in_time_period", "answer-bands"),
        ("incomplete_time_period", "answer-bands"),
        ("data_json_invalid", None),
    ],
)
def test_connect_s_codes_land_on_the_one_band_s_field(code: str, where: str | None) -> None:
    bound = form(TimeOfDayForm, sent.time_of_day(), bands(("00:00", "24:00", "20")))
    assert bound.is_valid()
    bound.add_connect_error(code, "No.")
    assert bound.error_summary() == [(where, "No.")]
    if where and where != "answer-bands":
        assert bound.marked().band_rows()[0].start.field.widget.attrs.get("aria-invalid") == (
            "true" if where.endswith("start") else None
        )


@pytest.mark.parametrize(
    ("code", "where"),
    [
        # A price Connect finds zero or negative: the cheapest band's, the one it rounded.
        ("cost_value_zero", "answer-band-2-price"),
        ("cost_value_negative", "answer-band-2-price"),
        # Which band's time Connect refused, it does not say: the bands as a whole.
        ("valid_from_invalid", "answer-bands"),
        ("valid_to_invalid", "answer-bands"),
    ],
)
def test_connect_s_band_codes_land_on_the_band_they_can_only_mean(code: str, where: str) -> None:
    typed = bands(("07:00", "16:00", "24.5"), ("16:00", "19:00", "41"), ("19:00", "07:00", "0.01"))
    bound = form(TimeOfDayForm, sent.time_of_day(), typed)
    assert bound.is_valid()
    bound.add_connect_error(code, "No.")
    assert bound.error_summary() == [(where, "No.")]


def test_a_cost_code_among_bands_of_the_same_lowest_price_goes_to_the_bands() -> None:
    typed = bands(("07:00", "19:00", "9"), ("19:00", "07:00", "9"))
    bound = form(TimeOfDayForm, sent.time_of_day(), typed)
    assert bound.is_valid()
    bound.add_connect_error("cost_value_zero", "No.")
    assert bound.error_summary() == [("answer-bands", "No.")]


def test_a_surcharge_is_sent_in_major_units_with_its_region() -> None:
    reply = sent.surcharge(["London", "South East"])
    answer = answered(
        SurchargeForm, reply, {"fixed": "2.5", "percentage": "5%", "region": "London"}
    )
    assert answer == Answer({"surcharge": {"fixed": 0.025, "percentage": 5}, "region": "London"})
    assert answered(SurchargeForm, sent.surcharge(), {"percentage": "7,5"}, locale="de").data == {
        "surcharge": {"fixed": 0, "percentage": 7.5}
    }


def test_a_surcharge_can_be_skipped_with_the_route_alone() -> None:
    assert answered(SurchargeForm, sent.surcharge(["London"]), {"skip": "1"}) == Answer(None)
    # Whatever was typed before choosing Skip is not read, so it cannot be wrong.
    typed = {"fixed": "abc", "percentage": "500", "region": "Atlantis", "skip": "1"}
    assert answered(SurchargeForm, sent.surcharge(["London"]), typed) == Answer(None)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "__all__", "Enter what your supplier adds to the market price, or choose Skip."),
        ({"percentage": "120"}, "percentage", "Enter a percentage from -100 to 100."),
        ({"percentage": "-100.5"}, "percentage", "Enter a percentage from -100 to 100."),
        (
            {"fixed": "-2500"},
            "fixed",
            "That credit is too large. Enter it in pence per kWh, like -1.5.",
        ),
        ({"percentage": "lots"}, "percentage", "Enter the percentage as a number, like 5."),
    ],
)
def test_a_surcharge_is_checked(data: dict[str, str], field: str, message: str) -> None:
    assert errors(SurchargeForm, sent.surcharge(), data)[field] == [message]


def test_a_surcharge_may_be_a_credit() -> None:
    answer = answered(SurchargeForm, sent.surcharge(), {"fixed": "-1.5", "percentage": "-100"})
    assert answer == Answer({"surcharge": {"fixed": -0.015, "percentage": -100}})
    german = answered(SurchargeForm, sent.surcharge(), {"fixed": "-0,8"}, locale="de")
    assert german == Answer({"surcharge": {"fixed": -0.008, "percentage": 0}})


def test_a_surcharge_s_fields_take_a_minus_sign_on_a_phone() -> None:
    """A phone's decimal keypad may have no minus key: the surcharge asks for the keyboard."""
    bound = form(SurchargeForm, sent.surcharge())
    for name in ("fixed", "percentage"):
        assert "inputmode" not in bound.fields[name].widget.attrs
    fixed = form(FixedRateForm, sent.fixed_rate())
    assert fixed.fields["cost"].widget.attrs["inputmode"] == "decimal"


def test_a_region_listed_on_the_surcharge_page_is_not_insisted_on() -> None:
    bound = form(SurchargeForm, sent.surcharge(["London", "South East"]))
    assert bound.fields["region"].label == "Your region (optional)"
    answer = answered(SurchargeForm, sent.surcharge(["London"]), {"percentage": "5"})
    assert answer == Answer({"surcharge": {"fixed": 0, "percentage": 5}})
    found = errors(SurchargeForm, sent.surcharge(["London"]), {"percentage": "5", "region": "X"})
    assert found["region"] == ["Choose your region."]


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        # Connect's 0 is nothing known (no customer can send a 0 price): an empty field.
        ({"fixed": 0, "percentage": 0}, {"fixed": None, "percentage": None}),
        ({"fixed": 0.0, "percentage": 5}, {"fixed": None, "percentage": "5"}),
        ({"fixed": None, "percentage": None}, {"fixed": None, "percentage": None}),
        ({"fixed": 0.025, "percentage": -3}, {"fixed": "2.5", "percentage": "-3"}),
    ],
)
def test_a_surcharge_of_zero_prefills_an_empty_field(
    given: dict[str, Any], shown: dict[str, Any]
) -> None:
    reply = sent.surcharge()
    reply["data"]["surcharge"] = given
    bound = form(SurchargeForm, reply)
    assert {name: bound[name].value() for name in shown} == shown


@pytest.mark.parametrize(("cost", "shown"), [(0, None), (0.0, None), (None, None), (0.31, "31")])
def test_a_price_of_zero_prefills_an_empty_field(cost: Any, shown: str | None) -> None:
    assert form(FixedRateForm, sent.fixed_rate(cost=cost))["cost"].value() == shown
    hours = [
        {"cost": cost, "valid_from": "00:00:00", "valid_to": "07:00:00"},
        {"cost": cost, "valid_from": "07:00:00", "valid_to": "00:00:00"},
    ]
    bound = form(TimeOfDayForm, sent.time_of_day(hours=hours))
    assert [(r.start.value(), r.price.value()) for r in bound.band_rows()] == [
        ("00:00", shown or ""),
        ("07:00", shown or ""),
    ]


# --- contract term -----------------------------------------------------------------------------


def test_a_contract_end_is_sent_as_rfc_3339() -> None:
    answer = answered(
        ContractTermForm,
        sent.contract_term(),
        {"contract_end_date": "2027-06-30", "choice": "date"},
    )
    assert answer == Answer({"contract_end_date": "2027-06-30T00:00:00Z"})


def test_no_end_date_sends_the_route_alone() -> None:
    assert answered(ContractTermForm, sent.contract_term(), {"choice": "no_end"}) == Answer(None)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the date your contract ends, or choose “No end date”."),
        ("2025-02-19", "Enter a date in the future."),
        ("30/06/2027", "Enter a real date, like 2027-06-30."),
        ("2150-01-01", "Enter a date before 2100."),
    ],
)
def test_a_contract_end_is_checked(typed: str, message: str) -> None:
    found = errors(
        ContractTermForm, sent.contract_term(), {"contract_end_date": typed, "choice": "date"}
    )
    assert found == {"contract_end_date": [message]}


def test_a_contract_end_from_the_page_is_prefilled_unless_it_means_none() -> None:
    with_end = sent.tariff_page("contract_term_capture", contract_end_date="2027-01-31T00:00:00Z")
    assert form(ContractTermForm, with_end)["contract_end_date"].value() == dt.date(2027, 1, 31)
    no_end = sent.tariff_page("contract_term_capture", contract_end_date="0001-01-01T00:00:00Z")
    assert form(ContractTermForm, no_end)["contract_end_date"].value() is None


def test_wire_numbers_are_exact() -> None:
    from connect_app.forms.prices import wire_number

    assert wire_number(Decimal("24.5") / 100) == 0.245
    assert wire_number(Decimal("5.000")) == 5
    assert isinstance(wire_number(Decimal("5.000")), int)


@pytest.mark.parametrize("typed", ["NaN", "Infinity", "-inf", "1E+3", "sNaN"])
def test_numbers_no_bill_prints_are_refused_not_crashed_on(typed: str) -> None:
    assert errors(FixedRateForm, sent.fixed_rate(), {"cost": typed}) == {
        "cost": ["Enter the price as a number, like 24.5."]
    }
    found = errors(SurchargeForm, sent.surcharge(), {"percentage": typed})
    assert found["percentage"] == ["Enter the percentage as a number, like 5."]


def test_a_zip_plus_four_is_sent_as_the_zip_code() -> None:
    answer = answered(AddressForm, sent.address(), {**US_ADDRESS, "post_code": "80202-1234"})
    assert answer.data is not None
    assert answer.data["postal_address"]["post_code"] == "80202"


def test_a_state_connect_spells_out_is_preselected() -> None:
    for state in ("Colorado", "co"):
        reply = sent.address(**{**sent.ADDRESS, "state": state})
        assert form(AddressForm, reply)["state"].value() == "CO"


def test_no_end_date_answers_whatever_half_typed_date_is_there() -> None:
    answer = answered(
        ContractTermForm,
        sent.contract_term(),
        {"contract_end_date": "2027-13", "choice": "no_end"},
    )
    assert answer == Answer(None)
    today = answered(
        ContractTermForm,
        sent.contract_term(),
        {"contract_end_date": "2025-02-20", "choice": "date"},
    )
    assert today == Answer({"contract_end_date": "2025-02-20T00:00:00Z"})


def test_every_answer_the_forms_send_is_one_the_sandbox_takes() -> None:
    """The app's checks and the sandbox's, which stands in for Connect's, agree."""
    from connect_sandbox.tariff import checks, places

    whole_day = answered(TimeOfDayForm, sent.time_of_day(), bands(("00:00", "00:00", "20")))
    assert whole_day.data is not None
    checks.hours(whole_day.data)
    across = answered(
        TimeOfDayForm,
        sent.time_of_day(),
        bands(("07:00", "23:00", "31"), ("23:00", "07:00", "9")),
    )
    assert across.data is not None
    checks.hours(across.data)
    for country, typed in (("US", "80202-1234"), ("US", "80202"), ("GB", "sw1a1aa")):
        address = {**US_ADDRESS, "country_code": country, "post_code": typed}
        if country == "GB":
            address["state"] = ""
        data = answered(AddressForm, sent.address(country_code=country), address).data
        assert data is not None
        assert places.post_code_problem(data["postal_address"]["post_code"], country) is None
