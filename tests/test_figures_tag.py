"""The figures table's rows: every value escaped, future buckets shown as "Not yet"."""

from __future__ import annotations

from django.template import Context, Template

from connect_app.pages.vpp_summary import Bucket
from connect_app.templatetags.figures import figure_rows


def bucket(status: str, label: str = "Sunday, February 16") -> Bucket:
    return Bucket("2025-02-16", label, "16", status, "£1.20", "1.1 kWh")


def test_a_bucket_with_figures_shows_earnings_then_energy() -> None:
    assert figure_rows([bucket("dispatched")]) == (
        '<tr class="row--dispatched"><th scope="row">Sunday, February 16</th>'
        '<td class="num">£1.20</td><td class="num">1.1 kWh</td></tr>'
    )


def test_a_bucket_not_reached_yet_says_so_across_both_columns() -> None:
    assert figure_rows([bucket("not_yet")]) == (
        '<tr class="row--not_yet"><th scope="row">Sunday, February 16</th>'
        '<td class="num" colspan="2">Not yet</td></tr>'
    )


def test_every_value_is_escaped() -> None:
    html = figure_rows([bucket('none" onclick="x', label="<b>&</b>")])
    assert "<b>" not in html
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in html
    assert 'class="row--none&quot; onclick=&quot;x"' in html


def test_the_tag_places_rows_in_a_template() -> None:
    rendered = Template("{% load figures %}{% figure_rows buckets %}").render(
        Context({"buckets": [bucket("none"), bucket("not_yet")]})
    )
    assert rendered.count("<tr ") == 2
