"""The earnings scale the server works out for the performance chart (pages/chart_scale.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from connect_app.pages.chart_scale import money_scale, number_scale, round_step


@pytest.mark.parametrize(
    ("span", "step"),
    [
        ("8.91", "2.5"),
        ("10", "2.5"),
        ("4", "1"),
        ("0.31", "0.1"),
        ("42.5", "20"),
        ("1234.5", "500"),
    ],
)
def test_a_step_is_the_smallest_round_one_that_covers_the_span_in_four(
    span: str, step: str
) -> None:
    assert round_step(Decimal(span)) == Decimal(step)


def test_the_scale_starts_at_zero_and_ends_on_a_whole_step_above_the_best_bucket() -> None:
    scale = money_scale([Decimal("8.91"), Decimal(0), Decimal("3.20")], "USD", "en_US")
    assert scale.ticks == tuple(Decimal(t) for t in ("0", "2.5", "5", "7.5", "10"))
    assert scale.words == ("$0", "$2.5", "$5", "$7.5", "$10")


def test_a_bucket_that_cost_money_takes_the_scale_below_zero() -> None:
    scale = money_scale([Decimal("-2.50"), Decimal(40)], "GBP", "en_GB")
    assert scale.ticks[0] < 0 < scale.ticks[-1]
    assert Decimal(0) in scale.ticks
    assert scale.words == ("-£20", "£0", "£20", "£40")


def test_figures_have_the_decimals_their_step_needs_in_the_customers_language() -> None:
    assert money_scale([Decimal("0.31")], "EUR", "de_DE").words == (
        "0\xa0€",
        "0,1\xa0€",
        "0,2\xa0€",
        "0,3\xa0€",
        "0,4\xa0€",
    )
    assert money_scale([Decimal("1234.5")], "USD", "en_US").words == (
        "$0",
        "$500",
        "$1K",
        "$1.5K",
    )


def test_a_scale_without_earnings_still_has_two_ends() -> None:
    assert money_scale([Decimal(0)], "USD", "en_US").ticks == (Decimal(0), Decimal(1))


def test_a_price_scale_writes_its_figures_as_the_customer_reads_numbers() -> None:
    scale = number_scale([Decimal("18.25"), Decimal("31.5")], "de_DE")
    assert scale.words == ("0", "10", "20", "30", "40")
    assert number_scale([Decimal("0.31")], "de_DE").words == ("0", "0,1", "0,2", "0,3", "0,4")
