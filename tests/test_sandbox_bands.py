"""The sandbox's time-of-day coverage check against every way of cutting a day into bands."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

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
