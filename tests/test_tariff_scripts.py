"""The tariff pages' script draws the time-of-day bar as the server does.

frontend/tariff/bands.js and day-bar.js redraw the day's bar while a customer types; the server
(connect_app/connect/bands.py, connect_app/forms/day_bar.py, forms/prices.parse_clock) draws it
with every answer and is the one that counts. Node runs the browser's modules here on the same
random band sets, and both must give the same stretches, owners, overlaps, tones and sizes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from connect_app.connect.bands import Band, segments
from connect_app.forms.day_bar import label_size, price_tones
from connect_app.forms.prices import parse_clock

FRONTEND = Path(__file__).resolve().parent.parent / "frontend" / "tariff"

# Reads the cases from stdin and answers them with the browser's own modules.
_RUN = """
import { segments, parseClock } from "%(bands)s";
import { priceTones, labelSize } from "%(bar)s";
let input = "";
for await (const chunk of process.stdin) input += chunk;
const cases = JSON.parse(input);
process.stdout.write(JSON.stringify({
  segments: cases.bands.map((bands) => segments(bands)),
  clocks: cases.clocks.map((text) => parseClock(text)),
  tones: cases.prices.map((prices) => priceTones(prices)),
  sizes: cases.lengths.map((minutes) => labelSize(minutes)),
}));
"""


def browser(cases: dict[str, Any]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed (it builds the front end too): apt-get install nodejs")
    script = _RUN % {
        "bands": (FRONTEND / "bands.js").as_uri(),
        "bar": (FRONTEND / "day-bar.js").as_uri(),
    }
    done = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def random_bands(rng: random.Random) -> list[tuple[int, int]]:
    """A few bands on the half hour, as a customer might type them: covering, gapped, crossed."""
    count = rng.choice([1, 1, 2, 3, 3, 4, 6])
    return [(rng.randrange(48) * 30, rng.randrange(48) * 30) for _ in range(count)]


def test_the_script_and_the_server_draw_the_same_bar() -> None:
    rng = random.Random(2026)
    band_sets = [random_bands(rng) for _ in range(300)]
    # The edges the rule is made of: the whole day, across midnight, empty among others.
    band_sets += [
        [(0, 0)],
        [(420, 420)],
        [(420, 1380), (1380, 420)],
        [(0, 720), (60, 120), (180, 240), (720, 0)],
        [(420, 420), (0, 0)],
        [(1380, 0), (0, 1380)],
    ]
    clocks = ["7", "07:30", "7.30", "0730", "19h30", "7:30 pm", "12 a.m.", "24:00", "24:30"]
    clocks += ["25", "7:60", "13pm", "noon", "", " 23 : 59 ", "07:00:00", "730", "2400"]
    prices: list[list[float | None]] = [
        [round(rng.uniform(1, 60), 1) if rng.random() > 0.15 else None for _ in range(n)]
        for n in [rng.randrange(1, 13) for _ in range(200)]
    ]
    prices += [[9.5, 9.5], [None, None], [1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 1, 2]]
    lengths = [0, 1, 29, 30, 119, 120, 239, 240, 479, 480, 1440]

    found = browser(
        {
            "bands": [[{"start": s, "end": e} for s, e in bands] for bands in band_sets],
            "clocks": clocks,
            "prices": prices,
            "lengths": lengths,
        }
    )

    expected_segments = [
        [
            {"start": s.start, "end": s.end, "band": s.band, "overlap": s.overlap}
            for s in segments([Band(_time(start), _time(end)) for start, end in bands])
        ]
        for bands in band_sets
    ]
    assert found["segments"] == expected_segments
    assert found["clocks"] == [parse_clock(text) for text in clocks]
    assert found["tones"] == [
        list(price_tones([None if p is None else Decimal(str(p)) for p in row])) for row in prices
    ]
    assert found["sizes"] == [label_size(minutes) for minutes in lengths]


def test_tones_run_from_the_cheapest_to_the_dearest() -> None:
    assert price_tones([Decimal(30), Decimal(10), Decimal(20)]) == (4, 0, 2)
    assert price_tones([Decimal(9), None, Decimal(9)]) == (2, None, 2)
    assert price_tones([Decimal(n) for n in range(1, 10)]) == (0, 1, 1, 2, 2, 3, 3, 4, 4)
