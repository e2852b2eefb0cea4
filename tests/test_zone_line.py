"""The zone line's sentences: one per difference a viewer's clock can have from the programme's."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from connect_app.pages.zone_line import zone_line

DENVER = ZoneInfo("America/Denver")
# A winter instant: Denver is on Mountain Standard Time (UTC-7), Tokyo on UTC+9, India UTC+5:30.
WINTER = dt.datetime(2026, 1, 15, 18, 30, tzinfo=dt.UTC)
SUMMER = dt.datetime(2026, 7, 15, 18, 30, tzinfo=dt.UTC)


def test_the_programme_zone_and_its_offset_now() -> None:
    assert zone_line(DENVER, "en_US", WINTER)["zone"] == "America/Denver"
    assert zone_line(DENVER, "en_US", WINTER)["offsetMinutes"] == -7 * 60
    assert zone_line(DENVER, "en_US", SUMMER)["offsetMinutes"] == -6 * 60


def test_a_viewer_in_tokyo_reads_how_far_behind_the_programme_is() -> None:
    line = zone_line(DENVER, "en_US", WINTER)
    # Keyed by how far the programme's clock is ahead of the viewer's: -7h - (+9h) = -16h.
    assert line["sentences"][str(-16 * 60)] == (
        "Times are in Mountain Time (Denver), 16 hours behind you."
    )


def test_ahead_singular_and_fractions_are_whole_sentences_in_the_locale() -> None:
    line = zone_line(DENVER, "en_US", WINTER)["sentences"]
    assert line[str(60)] == "Times are in Mountain Time (Denver), 1 hour ahead of you."  # UTC-8
    assert line[str(-750)] == "Times are in Mountain Time (Denver), 12.5 hours behind you."
    german = zone_line(DENVER, "de_DE", WINTER)["sentences"]
    assert "12,5 Stunden" in german[str(-750)]
    assert "Rocky-Mountains-Zeit (Denver)" in german[str(-750)]


def test_the_same_offset_says_so_and_an_unknown_one_falls_back() -> None:
    line = zone_line(DENVER, "en_US", WINTER)
    assert line["sentences"]["0"] == "Times are in Mountain Time (Denver), the same time as yours."
    assert line["fallback"] == "Times are in Mountain Time (Denver)."


def test_every_offset_in_use_has_a_sentence_and_no_other() -> None:
    sentences = zone_line(DENVER, "en_US", WINTER)["sentences"]
    # UTC-12 (Baker Island) to UTC+14 (Kiritimati): from 19 hours ahead to 7 hours behind.
    assert str(5 * 60) in sentences and str(-21 * 60) in sentences
    assert str(-22 * 60) not in sentences
    assert str(-7) not in sentences  # no zone is 7 minutes off an hour
    assert 30 <= len(sentences) <= 50
