from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from connect_app import formatting as fmt


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "text"),
    [
        (Decimal("62.10"), "USD", "en", "$62.10"),
        (Decimal("-3.20"), "USD", "en", "-$3.20"),
        (Decimal("62.1"), "GBP", "en_GB", "£62.10"),
        (Decimal("62.10"), "EUR", "de_DE", "62,10\xa0€"),
        (Decimal("1234"), "JPY", "en", "¥1,234"),
        (Decimal("5"), "USD", "en_GB", "US$5.00"),
    ],
)
def test_money_follows_currency_and_locale(
    amount: Decimal, currency: str, locale: str, text: str
) -> None:
    assert fmt.money(amount, currency, locale) == text


def test_energy_has_one_or_two_decimals() -> None:
    assert fmt.energy(Decimal("54.7"), "en") == "54.7 kWh"
    assert fmt.energy(Decimal("0"), "en") == "0.0 kWh"
    assert fmt.energy(Decimal("1234.567"), "en") == "1,234.57 kWh"
    assert fmt.energy(Decimal("3.5"), "de_DE") == "3,5 kWh"


def test_period_labels_in_words() -> None:
    assert fmt.period_label("MONTH", dt.date(2025, 2, 1), None, "en") == "February 2025"
    assert fmt.period_label("YEAR", dt.date(2025, 1, 1), None, "en") == "2025"
    assert fmt.period_label("DAY", dt.date(2025, 2, 3), None, "en_GB") == "Monday, 3 February 2025"
    assert (
        fmt.period_label("WEEK", dt.date(2025, 2, 3), dt.date(2025, 2, 9), "en")
        == "February 3, 2025 – February 9, 2025"
    )


def test_hour_and_zone_names() -> None:
    denver = ZoneInfo("America/Denver")
    assert fmt.hour(dt.datetime(2025, 2, 3, 18, tzinfo=denver), "en") == "6:00\u202fPM"
    assert fmt.hour(dt.datetime(2025, 2, 3, 18, tzinfo=denver), "en_GB") == "18:00"
    assert fmt.time_zone_name(denver, "en") == "Mountain Time"


def test_humanise() -> None:
    assert fmt.humanise("postal_address_input") == "Postal address input"
    assert fmt.humanise("NOT_ENROLLED") == "Not enrolled"
    assert fmt.humanise("") == ""


def test_equal_instants_on_different_local_dates_get_their_own_labels() -> None:
    # Midnight of 4 February in Kiribati (UTC+14) is midnight of 3 February in Honolulu (UTC-10).
    kiribati = dt.datetime(2025, 2, 4, tzinfo=ZoneInfo("Pacific/Kiritimati"))
    honolulu = dt.datetime(2025, 2, 3, tzinfo=ZoneInfo("Pacific/Honolulu"))
    assert kiribati == honolulu
    assert fmt.day_of_month(kiribati, "en") == "4"
    assert fmt.day_of_month(honolulu, "en") == "3"


@pytest.mark.parametrize(
    ("zone", "locale", "label"),
    [
        ("UTC", "en", "GMT+00:00"),
        ("Etc/UTC", "de", "GMT+00:00"),
        # POSIX's sign: Etc/GMT+12 is twelve hours behind.
        ("Etc/GMT+12", "en", "GMT-12:00"),
        ("America/Denver", "en", "Mountain Time (Denver)"),
    ],
)
def test_a_zone_of_no_place_is_named_by_its_offset_not_an_unknown_region(
    zone: str, locale: str, label: str
) -> None:
    assert fmt.time_zone_label(ZoneInfo(zone), locale) == label
