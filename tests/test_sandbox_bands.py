"""The sandbox's time-of-day coverage check against every way of cutting a day into bands,
and against the app's own rule (connect_app/connect/bands.py) on any set of bands.

The sandbox stands in for Connect, so it keeps an implementation of its own (a sweep around the
clock, where the app counts minutes); the tests, outside the wall, hold the two to the same
verdicts and the same stretches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from connect_app.connect import bands as app_bands
from connect_sandbox.tariff.bands import DAY, Span, coverage, describe, span
from connect_sandbox.tariff.checks import Refused, hours

# Band boundaries on the quarter hour, as customers type them.
QUARTER = 15 * 60
boundaries = st.lists(
    st.integers(min_value=0, max_value=DAY // QUARTER - 1).map(lambda q: q * QUARTER),
    min_size=1,
    max_size=8,
    unique=True,
).map(sorted)


def clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:00"


def bands_between(cuts: list[int]) -> list[dict[str, object]]:
    """Bands from each cut to the next, the last one running across midnight to the first."""
    ends = [*cuts[1:], cuts[0]]
    return [
        {"cost": 0.2, "valid_from": clock(start), "valid_to": clock(end % DAY)}
        for start, end in zip(cuts, ends, strict=True)
    ]


@given(boundaries.filter(lambda cuts: len(cuts) >= 2))
def test_bands_that_cut_the_day_anywhere_are_taken(cuts: list[int]) -> None:
    taken = hours({"hours": bands_between(cuts)})
    assert len(taken) == len(cuts)


@given(boundaries.filter(lambda cuts: len(cuts) >= 3), st.data())
def test_leaving_a_band_out_is_a_gap_named_by_its_hours(
    cuts: list[int], data: st.DataObject
) -> None:
    bands = bands_between(cuts)
    missing = bands.pop(data.draw(st.integers(min_value=0, max_value=len(bands) - 1)))
    with pytest.raises(Refused) as refusal:
        hours({"hours": bands})
    assert refusal.value.code == "gap_in_time_period"
    assert f"{str(missing['valid_from'])[:5]} to " in refusal.value.message


@given(boundaries.filter(lambda cuts: len(cuts) >= 2), st.data())
def test_a_band_stretched_into_the_next_is_an_overlap(cuts: list[int], data: st.DataObject) -> None:
    count = len(cuts)
    index = data.draw(st.integers(min_value=0, max_value=count - 1))
    next_start, next_end = cuts[(index + 1) % count], cuts[(index + 2) % count]
    # Stretching into a band of a quarter hour would swallow it whole, which is another case.
    assume((next_end - next_start) % DAY > QUARTER)
    bands = bands_between(cuts)
    bands[index] = {**bands[index], "valid_to": clock((next_start + QUARTER) % DAY)}
    with pytest.raises(Refused) as refusal:
        hours({"hours": bands})
    assert refusal.value.code == "incomplete_time_period"
    assert "overlap" in refusal.value.message


def test_coverage_reads_midnight_as_the_end_of_the_day() -> None:
    whole = [span(0, 7 * 3600), span(7 * 3600, 0)]
    assert coverage([s for s in whole if s]).whole_day_once
    night = span(23 * 3600, 7 * 3600)
    assert night == Span(23 * 3600, DAY + 7 * 3600)
    assert span(7 * 3600, 7 * 3600) is None
    assert describe((Span(20 * 3600, 23 * 3600), Span(2 * 3600, 0))) == (
        "20:00 to 23:00, 02:00 to 24:00"
    )


def test_taken_bands_keep_the_prices_exactly_as_sent() -> None:
    taken = hours(
        {
            "hours": [
                {"cost": 0.1, "valid_from": "00:00:00", "valid_to": "12:00:00"},
                {"cost": 0.30000000000000004, "valid_from": "12:00:00", "valid_to": "00:00:00"},
            ]
        }
    )
    assert [Decimal(cost) for _, _, cost in taken] == [
        Decimal("0.1"),
        Decimal("0.30000000000000004"),
    ]


def test_a_long_band_holding_short_ones_overlaps_them_and_leaves_no_gap() -> None:
    # 00-12 holds 01-02 and 03-04: those two hours are priced twice, and nothing is missing.
    hour = 3600
    day = [
        Span(0, 12 * hour),
        Span(1 * hour, 2 * hour),
        Span(3 * hour, 4 * hour),
        Span(12 * hour, DAY),
    ]
    found = coverage(day)
    assert found.gaps == ()
    assert describe(found.overlaps) == "01:00 to 02:00, 03:00 to 04:00"
    bands = [("00:00:00", "12:00:00"), ("01:00:00", "02:00:00"), ("03:00:00", "04:00:00")]
    with pytest.raises(Refused) as refusal:
        hours({"hours": as_json([*bands, ("12:00:00", "00:00:00")])})
    assert refusal.value.code == "incomplete_time_period"
    assert refusal.value.message == "The bands overlap from 01:00 to 02:00, 03:00 to 04:00."


def test_a_gap_across_midnight_is_one_stretch() -> None:
    found = coverage([Span(7 * 3600, 12 * 3600), Span(13 * 3600, 23 * 3600)])
    assert describe(found.gaps) == "23:00 to 07:00, 12:00 to 13:00"
    assert found.overlaps == ()


# --- the sandbox's rule against the app's -------------------------------------------------------

MINUTES = 24 * 60
# Any set of bands on whole minutes, wrapping, nested, repeated or empty alike.
band_sets = st.lists(
    st.tuples(st.integers(0, MINUTES - 1), st.integers(0, MINUTES - 1)), min_size=1, max_size=6
)


def as_json(bands: Iterable[tuple[str, str]]) -> list[dict[str, object]]:
    return [{"cost": 0.2, "valid_from": start, "valid_to": end} for start, end in bands]


def time_of(minute: int) -> dt.time:
    return dt.time(minute // 60, minute % 60)


def minutes_in(stretches: Iterable[tuple[int, int]]) -> set[int]:
    """The minutes of the day in stretches (start, end) of minutes, an end at or before its
    start running across midnight."""
    found: set[int] = set()
    for start, end in stretches:
        found |= set(range(start, end)) if start < end else {*range(start, MINUTES), *range(end)}
    return found


def app_minutes(stretches: tuple[tuple[dt.time, dt.time], ...]) -> set[int]:
    return minutes_in((a.hour * 60 + a.minute, b.hour * 60 + b.minute) for a, b in stretches)


def sandbox_minutes(stretches: tuple[Span, ...]) -> set[int]:
    return minutes_in((s.start // 60, s.end // 60 % MINUTES) for s in stretches)


@given(band_sets)
def test_the_sandbox_answers_as_the_app_judges_any_set_of_bands(
    pairs: list[tuple[int, int]],
) -> None:
    bands = [(f"{time_of(start):%H:%M:%S}", f"{time_of(end):%H:%M:%S}") for start, end in pairs]
    app = app_bands.coverage([app_bands.Band(time_of(a), time_of(b)) for a, b in pairs])
    try:
        hours({"hours": as_json(bands)})
        verdict = "covered once"
    except Refused as refusal:
        verdict = refusal.code
    if app.empty or app.overlaps:
        assert verdict == "incomplete_time_period", (app, verdict)
    elif app.gaps:
        assert verdict == "gap_in_time_period", (app, verdict)
    else:
        assert verdict == "covered once", (app, verdict)


@given(band_sets)
def test_the_sandbox_finds_the_gaps_and_overlaps_the_app_finds(
    pairs: list[tuple[int, int]],
) -> None:
    app = app_bands.coverage([app_bands.Band(time_of(a), time_of(b)) for a, b in pairs])
    spans = [span(a * 60, b * 60) for a, b in pairs]
    if spans == [None]:
        spans = [Span(pairs[0][0] * 60, pairs[0][0] * 60 + DAY)]  # one band alone: the whole day
    ours = coverage([stretch for stretch in spans if stretch is not None])
    assert spans.count(None) == len(app.empty)
    assert sandbox_minutes(ours.gaps) == app_minutes(app.gaps)
    assert sandbox_minutes(ours.overlaps) == app_minutes(app.overlaps)
    assert ours.whole_day_once == (not app.gaps and not app.overlaps)
