"""Generated Connect replies: each is either refused as unreadable or shown, never a crash (A6, A7).

The contract for any reply body is two-sided. The client-side parse (`Page.from_reply` plus
`check_payload`) may refuse it with pydantic's ValidationError, which the client turns into
ConnectUnreadable: the customer reads the designed "couldn't read" page. Whatever it accepts,
the page builders must turn into the view-model of its kind of page, and the page template must
render, without raising anything at all: a reply that is accepted and then crashes the builder
is stored as the conversation's page and breaks every later page view.

Each case says which of the two it must be: refused, and for which field, or read, and what the
page then shows. The generated replies say it by their route: a summary is the dashboard or
refused, any other route the page of its kind, or the generic page, or refused.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any
from zoneinfo import available_timezones

import httpx
import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pydantic import ValidationError
from pytest_httpx import HTTPXMock

from connect_app.connect import client as client_module
from connect_app.connect.client import ConnectClient
from connect_app.connect.errors import ConnectError, ConnectRejected, ConnectUnreadable
from connect_app.connect.kinds import check_payload
from connect_app.connect.replies import Page, VppSummary
from connect_app.connect.route_spec import ROUTES as SPECIFIED_ROUTES
from connect_app.pages import generic, vpp_landing, vpp_summary
from connect_app.pages.common import RenderContext
from connect_app.routes import GENERIC, render, route_for
from tests.factories import page_reply, summary_reply

URL = "https://connect.test/"
TOKEN = "cot_property_token_0001"
NOW = dt.datetime(2025, 2, 20, 17, 30, tzinfo=dt.UTC)
CTX = RenderContext(locale="en", now=NOW)

# Enough examples to explore, few enough that the file runs in well under 30 seconds.
PURE = hypothesis_settings(max_examples=200, deadline=None, database=None)
VIEWS = hypothesis_settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- generated replies ------------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)

# Numbers as Connect could send them: ordinary, negative, huge (1e300, 10**40), tiny, many places.
amounts = st.one_of(
    st.sampled_from([0, 62.1, -3.2, 1e15, -1e15, 0.1234567890123456, 1e-9, 999999999.999]),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**40), max_value=10**40),
)
calendar_dates = st.one_of(
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.dates(),  # the whole calendar, 0001-01-01 to 9999-12-31
).map(dt.date.isoformat)
fixed_offsets = st.timedeltas(
    min_value=dt.timedelta(hours=-23, minutes=-59), max_value=dt.timedelta(hours=23, minutes=59)
).map(dt.timezone)
moments = st.datetimes(timezones=st.none() | st.just(dt.UTC) | fixed_offsets).map(
    dt.datetime.isoformat
)
broken_dates = st.sampled_from(
    ["", "yesterday", "2025-02-30", "2025-13-01", "0000-01-01", "2025-1-1", "20250201", "2025-02"]
)

ODD_ZONES = [
    "UTC",
    "Factory",
    "posixrules",
    "right/UTC",
    "Etc/GMT+12",
    "Etc/GMT-14",
    "Pacific/Kiritimati",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "",
    " UTC",
    "Mars/Olympus",
    "America",
    "../etc/passwd",
    "/etc/localtime",
    "zone.tab",
    "UTC\x00",
    "a" * 300,
]
zones = st.one_of(st.sampled_from(sorted(available_timezones())), st.sampled_from(ODD_ZONES))
currencies = st.one_of(
    st.sampled_from(
        ["USD", "GBP", "EUR", "JPY", "BHD", "CLF", "XAU", "XXX", "ZZZ", "usd", " gbp "]
    ),
    st.from_regex(r"\A[A-Za-z]{3}\Z"),
)
# Known period types and ones this app has never heard of (A6: kept, shown with a fallback).
period_types = st.sampled_from(["DAY", "MONTH", "YEAR", "day", " month ", "WEEK", "QUARTER", ""])
STATES = ["ACTIVE", "ENROLLING", "SUSPENDED", "UNENROLLING", "UNENROLLED", "FAILED", "NOT_ENROLLED"]
states = st.sampled_from([*STATES, "PAUSED_BY_GRID", "", "active"])
links = st.sampled_from(
    [
        "https://leap.example/programme",
        "javascript:alert(1)",
        "data:text/html,<b>hi</b>",
        "http://exa mple.com",
        "//evil.example",
    ]
)
ACTIONS = ["CHANGE_PERIOD", "CONNECT_TARIFF", "MANAGE_PAYMENTS", "MANAGE_PARTICIPATION", "BACK"]
actions = st.lists(
    st.sampled_from([*ACTIONS, "CLOSE", "SOMETHING_NEW", "lower", "HAS SPACE", ""])
    | st.text(max_size=10),
    max_size=8,
)
# Anything at all in place of a field: the wrong type, an unknown word, a broken date.
odd_values = st.one_of(json_values, broken_dates, st.sampled_from(["UNKNOWN_VALUE", "1e999"]))


def with_extras(
    fields: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    """A dictionary with some of its optional fields left out, and an unknown one sometimes."""
    return st.fixed_dictionaries(fields, optional={**optional, "unexpected_field": json_values})


series_entries = with_extras(
    {"date": calendar_dates | moments}, {"dispatched_kwh": amounts, "earnings": amounts}
)
performances = with_extras(
    {"period_type": period_types, "period_start": calendar_dates},
    {
        "period_end": calendar_dates,
        "available_period_types": st.lists(period_types, max_size=4),
        "has_previous": st.booleans(),
        "has_next": st.booleans(),
        "energy_dispatched_kwh": amounts,
        "earnings": amounts,
        "series": st.lists(series_entries, max_size=12),
    },
)
programmes = with_extras(
    {},
    {
        "provider_display_name": st.text(max_size=30),
        "programme_display_name": st.text(max_size=30),
        "learn_more_url": links,
        "participation_state": states,
    },
)
plausible_summaries = with_extras(
    {"route": st.just("vpp_summary"), "performance": performances},
    {
        "connect_token": st.just(TOKEN),
        "timezone": zones,
        "currency_code": currencies,
        "tariff_connected": st.booleans(),
        "programme": programmes,
        "actions": actions,
        "live_mode": st.booleans(),
    },
)
# Where a corruption may land in a summary reply.
SUMMARY_PATHS: list[tuple[str | int, ...]] = [
    ("timezone",),
    ("currency_code",),
    ("tariff_connected",),
    ("programme",),
    ("programme", "participation_state"),
    ("programme", "learn_more_url"),
    ("programme", "programme_display_name"),
    ("performance",),
    ("performance", "period_type"),
    ("performance", "period_start"),
    ("performance", "period_end"),
    ("performance", "available_period_types"),
    ("performance", "has_previous"),
    ("performance", "earnings"),
    ("performance", "energy_dispatched_kwh"),
    ("performance", "series"),
    ("performance", "series", 0),
    ("performance", "series", 0, "date"),
    ("performance", "series", 0, "earnings"),
    ("actions",),
    ("data",),
]
MISSING = "<missing>"


@st.composite
def summary_replies(draw: st.DrawFn) -> dict[str, Any]:
    """A plausible vpp_summary reply with up to three fields removed or replaced by junk."""
    reply = draw(plausible_summaries)
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        path = draw(st.sampled_from(SUMMARY_PATHS))
        value = draw(st.just(MISSING) | odd_values)
        corrupt(reply, path, value)
    return reply


def corrupt(target: Any, path: tuple[str | int, ...], value: Any) -> None:
    *parents, leaf = path
    for step in parents:
        if isinstance(step, int):
            if not isinstance(target, list) or len(target) <= step:
                return
        elif not isinstance(target, dict) or step not in target:
            return
        target = target[step]
    if isinstance(leaf, int):
        if isinstance(target, list) and len(target) > leaf:
            target[leaf] = None if value == MISSING else value
    elif isinstance(target, dict):
        if value == MISSING:
            target.pop(leaf, None)
        else:
            target[leaf] = value


landing_programmes = with_extras(
    {},
    {
        "programme_display_name": st.text(max_size=30) | json_scalars,
        "provider_display_name": st.text(max_size=30) | json_scalars,
        "learn_more_url": links | json_scalars,
        "subscription_status": st.sampled_from(["ACTIVE", "ENROLLING", "LEFT", "NEW_ONE"])
        | json_scalars,
    },
)
older_providers = with_extras(
    {}, {"id": json_scalars, "provider_name": json_scalars, "programme_name": json_scalars}
)
landing_replies = st.fixed_dictionaries(
    {
        "route": st.just("vpp_landing"),
        "data": with_extras(
            {},
            {
                "tariff_connected": st.booleans() | json_scalars,
                "programmes": st.lists(landing_programmes, max_size=4) | json_values,
                "providers": st.lists(older_providers, max_size=4) | json_values,
            },
        ),
    },
    optional={"actions": actions | json_values, "connect_token": st.just(TOKEN)},
)
# Exits (session_redirect, session_complete) send the browser away instead of showing a page:
# tests/test_views_journey.py follows them. No generated route names one.
EXITS = frozenset(name for spec in SPECIFIED_ROUTES if spec.leaves for name in spec.names)
route_names = st.one_of(
    st.sampled_from(["postal_address_input", "vpp_participation", "brand_new_route", "a.b:c-d"]),
    st.from_regex(r"\A[A-Za-z0-9_.:-]{1,100}\Z"),
    st.text(max_size=12),
    json_scalars,
).filter(lambda name: name not in EXITS)
generic_replies = with_extras(
    {"route": route_names},
    {
        "data": json_values,
        "actions": actions | json_values,
        "message": json_values,
        "title": json_values,
    },
)
replies = st.one_of(summary_replies(), landing_replies, generic_replies)
locales = st.sampled_from(["en", "en_GB", "de_DE", "fr_CA", "ar_EG", "ja", "hi_IN", "he", "th"])
nows = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
)


def parsed(reply: dict[str, Any]) -> Page | None:
    """The page the client would accept, or None if it refuses the reply.

    The client first mends text no page could print (NUL, lone surrogates), then validates.
    """
    try:
        page = Page.from_reply(client_module._checked(reply))
        check_payload(page)
    except (ValidationError, ConnectUnreadable):
        return None
    return page


def refused_fields(reply: dict[str, Any]) -> set[str]:
    """The fields the parse refuses the reply for, dotted ("performance.series.0.date"); empty
    when it reads the reply."""
    try:
        check_payload(Page.from_reply(client_module._checked(reply)))
    except ValidationError as error:
        return {".".join(str(step) for step in problem["loc"]) for problem in error.errors()}
    return set()


def assert_refused(reply: dict[str, Any], *fields: str) -> None:
    """The designed refusal: the client answers ConnectUnreadable (the customer reads that their
    programme sent something we couldn't read), for exactly these fields of the reply."""
    with pytest.raises(ConnectUnreadable):
        ConnectClient._read(200, json.dumps(reply).encode())
    assert refused_fields(reply) == set(fields)


def dashboard(reply: dict[str, Any], ctx: RenderContext = CTX) -> vpp_summary.VppSummaryView:
    """The designed reading of a summary: the dashboard, with a chart JSON.parse can read."""
    page = parsed(reply)
    assert page is not None, f"refused for {sorted(refused_fields(reply))}"
    route, view = render(page, ctx)
    assert route.template == "connect_app/vpp_summary.html"
    assert isinstance(view, vpp_summary.VppSummaryView)
    # dashboard.js reads this with JSON.parse, which has no NaN or Infinity.
    json.dumps(view.chart, allow_nan=False)
    return view


def bucket(view: vpp_summary.VppSummaryView, key: str) -> vpp_summary.Bucket:
    return next(b for b in view.buckets if b.key == key)


# --- the builders -----------------------------------------------------------------------------


@PURE
@given(reply=replies, locale=locales, now=nows)
@example(reply=summary_reply(**{"performance.earnings": 1e27}), locale="en", now=NOW)
@example(
    reply=summary_reply(
        **{"performance.series": [{"date": "9999-12-31T23:00:00-05:00", "earnings": 1}]}
    ),
    locale="en",
    now=NOW,
)
def test_a_reply_is_refused_by_the_parse_or_built_as_the_page_of_its_kind(
    reply: dict[str, Any], locale: str, now: dt.datetime
) -> None:
    ctx = RenderContext(locale=locale, now=now)
    page = parsed(reply)
    if page is None:
        # Refused: the client's designed error, for something the parse names.
        with pytest.raises(ConnectUnreadable):
            ConnectClient._read(200, json.dumps(reply).encode())
        assert refused_fields(reply)
        return
    route, view = render(page, ctx)
    if page.route == "vpp_summary":
        dashboard(reply, ctx)
    elif page.route == "vpp_landing":
        assert route.template == "connect_app/vpp_landing.html"
        assert isinstance(view, vpp_landing.VppLandingView)
    else:
        # Its kind's page, or the generic one when its payload does not fit that kind (A9).
        assert route.template in {route_for(page).template, GENERIC.template}
    if route.template == GENERIC.template:
        assert isinstance(view, generic.GenericView) and view.title


@PURE
@given(reply=summary_replies())
@example(reply=summary_reply(**{"performance.energy_dispatched_kwh": -1e28}))
@example(reply=summary_reply(**{"performance.series": [{"date": "0001-01-01T00:00:00+05:00"}]}))
def test_a_summary_the_parse_accepts_builds_a_dashboard(reply: dict[str, Any]) -> None:
    page = parsed(reply)
    if page is None:
        return
    view = vpp_summary.build(page, CTX)
    assert view.period_label
    assert view.time_zone_note.startswith("Times are in ")
    assert all(b.status in ("dispatched", "none", "not_yet") for b in view.buckets)


@PURE
@given(reply=landing_replies)
def test_a_landing_page_the_parse_accepts_builds(reply: dict[str, Any]) -> None:
    page = parsed(reply)
    if page is None:
        return
    view = vpp_landing.build(page, CTX)
    assert all(p.status_label for p in view.programmes)


@PURE
@given(reply=generic_replies)
def test_any_other_route_builds_a_generic_page_that_never_shows_a_token(
    reply: dict[str, Any],
) -> None:
    page = parsed(reply)
    if page is None:
        return
    view = generic.build(page, CTX)
    assert view.title
    assert len(view.fields) <= generic.MAX_FIELDS
    assert [a.action for a in view.actions][-2:] == ["BACK", "CLOSE"]
    assert all("token" not in f.label.lower() for f in view.fields)


# Each amount and what the dashboard shows for it as earnings and as energy; None: refused.
# A figure beyond a billion either way is no home battery's: the payload is corrupt (A7).
AMOUNTS: list[tuple[Any, str | None, str | None]] = [
    (0.1234567890123456, "$0.12", "0.12 kWh"),
    (1e-12, "$0.00", "0.0 kWh"),
    (1e9, "$1,000,000,000.00", "1,000,000,000.0 kWh"),
    (-1e9, "-$1,000,000,000.00", "-1,000,000,000.0 kWh"),
    (1_000_000_000.01, None, None),
    (1e15, None, None),
    (-1e15, None, None),
    (9.99e25, None, None),
    (1e27, None, None),
    (-1e27, None, None),
    (1e300, None, None),
    (10**30, None, None),
    ("1e40", None, None),
]


@pytest.mark.parametrize(
    ("amount", "as_earnings", "as_energy"), AMOUNTS, ids=[str(case[0]) for case in AMOUNTS]
)
@pytest.mark.parametrize("field", ["earnings", "energy_dispatched_kwh"])
def test_huge_and_tiny_amounts_are_refused_or_shown(
    field: str, amount: Any, as_earnings: str | None, as_energy: str | None
) -> None:
    """The period's figure, and the same amount in one day of its series."""
    entry = "earnings" if field == "earnings" else "dispatched_kwh"
    headline = summary_reply(**{f"performance.{field}": amount})
    in_series = summary_reply(**{"performance.series": [{"date": "2025-02-03", entry: amount}]})
    shown = as_earnings if field == "earnings" else as_energy
    if shown is None:
        assert_refused(headline, f"performance.{field}")
        assert_refused(in_series, f"performance.series.0.{entry}")
        return
    view = dashboard(headline)
    assert (view.earnings if field == "earnings" else view.energy) == shown
    day = bucket(dashboard(in_series), "2025-02-03")
    assert day.status == "dispatched"
    assert (day.earnings if field == "earnings" else day.energy) == shown


def series_at(moment: str, period_type: str) -> dict[str, Any]:
    """The seed summary (February 2025) in Tokyo, with one dispatch at `moment`."""
    return summary_reply(
        timezone="Asia/Tokyo",
        **{
            "performance.period_type": period_type,
            "performance.series": [{"date": moment, "earnings": 1.5, "dispatched_kwh": 2}],
        },
    )


@pytest.mark.parametrize(
    "moment",
    [
        "9999-12-31T23:00:00-05:00",  # after the end of the calendar in UTC
        "0001-01-01T00:00:00+05:00",  # before its start
        "9999-12-31T23:59:59",
        "0001-01-01T00:00:00",
    ],
)
@pytest.mark.parametrize("period_type", ["DAY", "MONTH", "YEAR", "WEEK"])
def test_series_moments_at_the_ends_of_the_calendar_are_refused(
    period_type: str, moment: str
) -> None:
    assert_refused(series_at(moment, period_type), "performance.series.0.date")


# 10:00 at UTC+23:59 is 19:01 on 2 February in Tokyo: where each period shows that dispatch, and
# what it is called. A DAY is 1 February, which it misses; WEEK is a type this app has never
# heard of, shown day by day from its start to its end (A6).
MOMENT_SHOWN = {
    "DAY": ("Saturday, February 1, 2025", 24, None),
    "MONTH": ("February 2025", 28, "2025-02-02"),
    "YEAR": ("2025", 12, "2025-02-01"),
    "WEEK": ("February 1, 2025 – February 28, 2025", 28, "2025-02-02"),
}


@pytest.mark.parametrize("period_type", list(MOMENT_SHOWN))
def test_a_moment_almost_a_day_ahead_of_utc_is_shown_on_its_local_day(period_type: str) -> None:
    view = dashboard(series_at("2025-02-03T10:00:00+23:59", period_type))
    label, buckets, key = MOMENT_SHOWN[period_type]
    assert (view.period_label, len(view.buckets)) == (label, buckets)
    dispatched = [(b.key, b.earnings, b.energy) for b in view.buckets if b.status == "dispatched"]
    assert dispatched == ([(key, "$1.50", "2.0 kWh")] if key else [])


def period_from(start: str, period_type: str, end: str | None = None) -> dict[str, Any]:
    reply = summary_reply(
        timezone="Pacific/Kiritimati",
        **{
            "performance.period_type": period_type,
            "performance.period_start": start,
            "performance.series": [],
        },
    )
    if end is None:
        del reply["performance"]["period_end"]
    else:
        reply["performance"]["period_end"] = end
    return reply


@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31", "9999-12-01", "9999-01-01"])
@pytest.mark.parametrize("period_type", ["DAY", "MONTH", "YEAR", "WEEK"])
def test_periods_at_the_ends_of_the_calendar_are_refused(period_type: str, start: str) -> None:
    assert_refused(period_from(start, period_type), "performance.period_start")
    assert_refused(
        period_from(start, period_type, end="9999-12-31"),
        "performance.period_start",
        "performance.period_end",
    )


@pytest.mark.parametrize("period_type", ["DAY", "MONTH", "YEAR", "WEEK"])
def test_a_period_that_ends_after_the_calendar_is_refused(period_type: str) -> None:
    assert_refused(
        period_from("2025-02-01", period_type, end="9999-12-31"), "performance.period_end"
    )


# The first and last periods a payload may name (1900 to 2199), as the dashboard calls them and
# how many buckets it draws. WEEK, unknown and without an end, is its first day alone.
EDGE_PERIODS = {
    ("DAY", "1900-01-01"): ("Monday, January 1, 1900", 24),
    ("DAY", "2199-12-31"): ("Tuesday, December 31, 2199", 24),
    ("MONTH", "1900-01-01"): ("January 1900", 31),
    ("MONTH", "2199-12-01"): ("December 2199", 31),
    ("YEAR", "1900-01-01"): ("1900", 12),
    ("YEAR", "2199-01-01"): ("2199", 12),
    ("WEEK", "1900-01-01"): ("January 1, 1900", 1),
    ("WEEK", "2199-12-31"): ("December 31, 2199", 1),
}


@pytest.mark.parametrize(("period_type", "start"), list(EDGE_PERIODS))
def test_the_first_and_last_periods_a_payload_may_name_are_shown(
    period_type: str, start: str
) -> None:
    view = dashboard(period_from(start, period_type))
    assert (view.period_label, len(view.buckets)) == EDGE_PERIODS[period_type, start]
    assert not view.is_current_period and not view.has_figures


# Each zone the dashboard reads, and its offset from UTC on 20 February 2025 (CTX's now), which
# the zone line states. A NUL is dropped before the parse (PostgreSQL could not store it).
ZONES_READ = {
    "UTC": 0,
    "Factory": 0,
    "posixrules": -5 * 60,  # the zone the tz database copies its POSIX rules from: New York
    "right/UTC": 0,
    "Etc/GMT+12": -12 * 60,  # POSIX signs: GMT+12 is twelve hours behind UTC
    "Etc/GMT-14": 14 * 60,
    "Pacific/Kiritimati": 14 * 60,
    "Asia/Kathmandu": 5 * 60 + 45,
    "Australia/Lord_Howe": 11 * 60,  # its summer: half an hour of daylight saving
    "America/St_Johns": -(3 * 60 + 30),
    "UTC\x00": 0,
}
# What the printed page and a browser without JavaScript say of the zones CLDR names.
ZONE_NOTES = {
    "Pacific/Kiritimati": "Times are in Kiribati (Kiritimati) Time.",
    "Asia/Kathmandu": "Times are in Nepal Time (Kathmandu).",
    "Australia/Lord_Howe": "Times are in Lord Howe Time (Lord Howe Island).",
    "America/St_Johns": "Times are in Newfoundland Time (St. John’s).",
}


@pytest.mark.parametrize("zone", ODD_ZONES)
def test_odd_time_zones_are_refused_or_shown(zone: str) -> None:
    reply = summary_reply(timezone=zone)
    if zone not in ZONES_READ:
        assert_refused(reply, "timezone")
        return
    view = dashboard(reply)
    assert view.zone_line["zone"] == zone.replace("\x00", "")
    assert view.zone_line["offsetMinutes"] == ZONES_READ[zone]
    if zone in ZONE_NOTES:
        assert view.time_zone_note == ZONE_NOTES[zone]


# What the dashboard's headline says for the seed's earnings (62.1) in each currency; None:
# refused, not an ISO 4217 code. A well-formed code is shown even if no money has it (ZZZ).
CURRENCIES = {
    "ZZZ": "ZZZ62.10",
    "XAU": "XAU62.10",
    "XXX": "¤62.10",
    "BHD": "BHD62.100",
    "JPY": "¥62",
    "CLF": "CLF62.1000",
    "usd": "$62.10",
    "US": None,
    "USDX": None,
    "": None,
    "€€€": None,
    "123": None,
}


@pytest.mark.parametrize("code", list(CURRENCIES))
def test_odd_currency_codes_are_refused_or_shown(code: str) -> None:
    reply = summary_reply(currency_code=code)
    shown = CURRENCIES[code]
    if shown is None:
        assert_refused(reply, "currency_code")
        return
    view = dashboard(reply)
    assert view.earnings == shown
    assert shown in view.summary


EXPECTED_BUCKETS = {"DAY": 24, "MONTH": 28, "YEAR": 12}


@pytest.mark.parametrize("period_type", ["DAY", "MONTH", "YEAR"])
def test_an_empty_series_shows_every_bucket_without_dispatch(period_type: str) -> None:
    reply = summary_reply(
        **{
            "performance.period_type": period_type,
            "performance.series": [],
            "performance.earnings": 0,
            "performance.energy_dispatched_kwh": 0,
        }
    )
    page = parsed(reply)
    assert page is not None
    view = vpp_summary.build(page, CTX)
    assert len(view.buckets) == EXPECTED_BUCKETS[period_type]
    assert {b.status for b in view.buckets} <= {"none", "not_yet"}
    assert "did not dispatch" in view.summary or "has not dispatched" in view.summary


@pytest.mark.parametrize("period_type", ["DAY", "MONTH", "YEAR", "WEEK"])
def test_a_ten_thousand_entry_series_is_summed_into_its_buckets(period_type: str) -> None:
    start = dt.datetime(2025, 2, 1, tzinfo=dt.UTC)
    entries = [
        {
            "date": (start + dt.timedelta(minutes=4 * i)).isoformat(),
            "dispatched_kwh": 0.01,
            "earnings": 0.01,
        }
        for i in range(10_000)
    ]
    reply = summary_reply(
        timezone="UTC",
        **{
            "performance.period_type": period_type,
            "performance.period_start": "2025-02-01",
            "performance.period_end": "2025-02-28",
            "performance.series": entries,
        },
    )
    page = parsed(reply)
    assert page is not None
    view = vpp_summary.build(page, CTX)
    assert view.buckets
    if period_type == "MONTH":
        # 10,000 four-minute entries from 1 February: 360 a day for 27 days, 280 on the 28th.
        assert view.buckets[0].earnings == "$3.60"


# --- the client's reading of JSON bytes --------------------------------------------------------


@PURE
@given(reply=replies, status=st.sampled_from([200, 201, 400, 404, 422]))
def test_read_refuses_with_connect_unreadable_exactly_what_the_parse_refuses(
    reply: dict[str, Any], status: int
) -> None:
    raw = json.dumps(reply).encode()
    expected = parsed(reply)
    if reply.get("object") == "error":
        with pytest.raises(ConnectRejected):
            ConnectClient._read(status, raw)
    elif expected is None:
        with pytest.raises(ConnectUnreadable):
            ConnectClient._read(status, raw)
    else:
        assert ConnectClient._read(status, raw) == expected


bodies = st.one_of(
    st.binary(max_size=200),
    replies.map(lambda r: json.dumps(r).encode()),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.text(max_size=50).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


@PURE
@given(status=st.integers(min_value=200, max_value=599), body=bodies)
@example(status=200, body='{"route": "vpp_summary"}'.encode("utf-16"))
@example(status=200, body=b"\xff\xfe\x00")
def test_the_client_turns_any_reply_into_a_page_or_a_connect_error(
    status: int, body: bytes
) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body))
    with httpx.Client(transport=transport) as http:
        client = ConnectClient(URL, http)
        try:
            page = client.restore(TOKEN)
        except ConnectError:
            return
    assert isinstance(page, Page)


@pytest.mark.parametrize("kind", ["arrays", "objects"])
def test_json_nested_too_deep_to_parse_is_a_connect_error(kind: str) -> None:
    depth = 100_000
    if kind == "arrays":
        body = b'{"route": "vpp_summary", "x": ' + b"[" * depth + b"]" * depth + b"}"
    else:
        body = b'{"route": "vpp_summary", "x": ' + b'{"a": ' * depth + b"1" + b"}" * (depth + 1)
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    with httpx.Client(transport=transport) as http, pytest.raises(ConnectError):
        ConnectClient(URL, http).restore(TOKEN)


# --- the whole page, rendered by the views -----------------------------------------------------


@pytest.fixture
def connect(settings: Any, httpx_mock: HTTPXMock) -> dict[str, Any]:
    """Connect answers every call with `connect["reply"]` (set by the test for each example)."""
    settings.FLATPEAK_CONNECT_URL = URL
    current: dict[str, Any] = {"reply": None}

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=json.dumps(current["reply"]).encode())

    httpx_mock.add_callback(answer, url=URL, is_reusable=True, is_optional=True)
    return current


accept_languages = st.sampled_from(
    ["", "en-GB,en;q=0.8", "de-DE", "ar-EG", "ja", "*", "zz-ZZ", "en;q=abc", "x" * 300]
)


@pytest.mark.django_db
@VIEWS
@given(reply=replies, accept_language=accept_languages)
@example(reply=page_reply("odd_page", {"message": "a lone \ud800 surrogate"}), accept_language="")
@example(reply=summary_reply(**{"programme.programme_display_name": "\udfff"}), accept_language="")
@example(reply=page_reply("odd_page", {"message": "a NUL \x00 in the text"}), accept_language="")
def test_any_reply_renders_as_a_designed_page(
    connect: dict[str, Any], reply: dict[str, Any], accept_language: str
) -> None:
    connect["reply"] = reply
    # A savepoint per example: a database error in one example must not fail the next ones.
    with transaction.atomic():
        render_through_the_views(reply, accept_language)


def render_through_the_views(reply: dict[str, Any], accept_language: str) -> None:
    """A refused reply is the designed "couldn't read" page; a read one the page of its kind."""
    browser = Client(headers={"Accept-Language": accept_language})
    entry = browser.get("/", {"fp_cot": TOKEN})
    assert (entry.status_code, entry["Location"]) == (302, "/")
    shown = browser.get("/")
    assert TOKEN not in shown.content.decode()
    soup = BeautifulSoup(shown.content, "html.parser")
    assert soup.h1 is not None and soup.h1.get_text(strip=True)
    templates = {template.name for template in shown.templates}
    page = parsed(reply)
    if page is None:
        assert shown.status_code == 503 and "connect_app/unavailable.html" in templates
        # In the language the page is in, whatever the browser asked for.
        language = soup.html.get("lang") if soup.html else None
        assert isinstance(language, str)
        with translation.override(language):
            said = str(ConnectUnreadable.message)
        assert said in soup.get_text(" ", strip=True)
        return
    assert shown.status_code == 200
    if page.route == "vpp_summary":
        assert "connect_app/vpp_summary.html" in templates
        assert soup.select_one("#period-label") is not None
    elif page.route == "vpp_landing":
        assert "connect_app/vpp_landing.html" in templates
    else:
        # Its kind's page, or the generic one when its payload does not fit that kind (A9).
        assert templates & {route_for(page).template, GENERIC.template}


def test_the_seed_reply_is_read_exactly() -> None:
    """A control for the properties above: the realistic reply is accepted and built in full."""
    page = parsed(summary_reply())
    assert page is not None
    model = VppSummary.model_validate(page.payload)
    assert model.performance.earnings == Decimal("62.1")
    view = vpp_summary.build(page, CTX)
    assert view.earnings == "$62.10" and len(view.buckets) == 28
