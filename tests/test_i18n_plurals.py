"""Counting in each language: 1 and 2 hours, days and months in the dashboard's sentence.

Through the summary builder (connect_app/pages/vpp_summary.py), in each catalogue's language:
the counted words must be that language's, in the form its plural rule picks for 1 and for 2.
These fail until the catalogues are translated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from connect_app.connect.replies import Page
from connect_app.management.commands.refresh_catalogues import CATALOGUE_LANGUAGES
from connect_app.pages import vpp_summary
from connect_app.pages.common import RenderContext
from tests.factories import summary_reply

LATER = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
# One dispatch entry each; the seed's programme is in Denver (UTC-7 in winter).
ENTRIES = {
    "DAY": ["2025-02-10T18:00:00-07:00", "2025-02-10T19:00:00-07:00"],
    "MONTH": ["2025-02-10", "2025-02-11"],
    "YEAR": ["2025-02-10", "2025-03-10"],
}
PERIODS = {
    "DAY": ("2025-02-10", "2025-02-10"),
    "MONTH": ("2025-02-01", "2025-02-28"),
    "YEAR": ("2025-01-01", "2025-12-31"),
}
ENGLISH_UNIT = {"DAY": ("hour", "hours"), "MONTH": ("day", "days"), "YEAR": ("month", "months")}


def summary_in(language: str, period_type: str, count: int) -> str:
    series = [
        {"date": date, "dispatched_kwh": 2.5, "earnings": 3.0}
        for date in ENTRIES[period_type][:count]
    ]
    start, end = PERIODS[period_type]
    reply: dict[str, Any] = summary_reply(
        **{
            "performance.period_type": period_type,
            "performance.period_start": start,
            "performance.period_end": end,
            "performance.series": series,
            "performance.earnings": 3.0 * count,
            "performance.energy_dispatched_kwh": 2.5 * count,
        }
    )
    with translation.override(language):
        view = vpp_summary.build(Page.from_reply(reply), RenderContext(locale=language, now=LATER))
    return view.summary


@pytest.mark.parametrize("count", [1, 2])
@pytest.mark.parametrize("period_type", ["DAY", "MONTH", "YEAR"])
def test_english_counts_as_english(period_type: str, count: int) -> None:
    """The reference the other languages are held against."""
    singular, plural = ENGLISH_UNIT[period_type]
    assert f"{count} {singular if count == 1 else plural}." in summary_in("en", period_type, count)


@pytest.mark.parametrize("count", [1, 2])
@pytest.mark.parametrize("period_type", ["DAY", "MONTH", "YEAR"])
@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_each_language_counts_in_its_own_words(language: str, period_type: str, count: int) -> None:
    english = summary_in("en", period_type, count)
    sentence = summary_in(language, period_type, count)
    singular, plural = ENGLISH_UNIT[period_type]
    counted = f"{count} {singular if count == 1 else plural}"
    assert counted not in sentence, f"{language} still says {counted!r}: {sentence!r}"
    assert sentence != english, f"{language} is English: {sentence!r}"
