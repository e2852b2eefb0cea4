"""The benchmark's arithmetic: wrk's summary read right, and ratios taken from interleaved pairs.

Single-layer unit tests: wrk's output is a fixed sample of what Debian's wrk 4 prints, and the
measurements are plain functions, so nothing here depends on how fast the machine is.
"""

from __future__ import annotations

import pytest

from bench import ratios, wrk

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:41849/
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    25.97ms   21.67ms 129.53ms   61.97%
    Req/Sec   422.64     65.08   595.00     76.00%
  Latency Distribution
     50%   25.49ms
     75%   41.17ms
     90%   55.77ms
     99%  184.06us
  2108 requests in 5.01s, 34.39MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:    420.85
Transfer/sec:      6.87MB
"""


def test_wrk_summary_is_read_with_every_kind_of_error() -> None:
    run = wrk.parse(WRK_OUTPUT)
    assert run.requests == 2108
    assert run.elapsed_s == pytest.approx(5.01)
    assert run.requests_per_s == pytest.approx(2108 / 5.01)
    assert run.errors == 2 + 3 + 4
    assert run.p50_s == pytest.approx(0.02549)
    assert run.p99_s == pytest.approx(0.00018406)


def test_a_clean_wrk_run_has_no_errors() -> None:
    clean = "\n".join(
        line for line in WRK_OUTPUT.splitlines() if "errors" not in line and "Non-2xx" not in line
    )
    assert wrk.parse(clean).errors == 0


def test_wrk_output_without_a_request_count_is_refused() -> None:
    with pytest.raises(wrk.WrkFailed):
        wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_pairs_are_taken_in_turns_and_their_median_ratio_is_the_figure() -> None:
    taken: list[str] = []
    a_figures = iter([10.0, 30.0, 20.0, 50.0, 40.0])

    def a() -> tuple[float, int]:
        taken.append("A")
        return next(a_figures), 0

    def b() -> tuple[float, int]:
        taken.append("B")
        return 10.0, 1 if len(taken) == 4 else 0

    ratio = ratios.interleave(ratios.Ratio("a", "b", "units", "how"), a, b, 5)
    assert taken == ["A", "B"] * 5
    assert [p.ratio for p in ratio.pairs] == [1.0, 3.0, 2.0, 5.0, 4.0]
    assert ratio.median == 3.0
    assert ratio.errors == 1
    assert ratio.enough_pairs


def test_fewer_than_five_pairs_do_not_make_a_figure() -> None:
    ratio = ratios.Ratio("a", "b", "units", "how", [ratios.Pair(1.0, 2.0)] * 4)
    assert not ratio.enough_pairs
