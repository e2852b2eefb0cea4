"""The figures table's rows, assembled in one pass.

A month has up to 31 rows; placed value by value through the template engine they were a third
of the dashboard's rendering time. format_html escapes every value, as the template would.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from connect_app.pages.vpp_summary import Bucket

register = template.Library()

_FIGURES = (
    '<tr class="row--{}"><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td></tr>'
)
_NOT_YET = '<tr class="row--{}"><th scope="row">{}</th><td class="num" colspan="2">{}</td></tr>'


@register.simple_tag
def figure_rows(buckets: Iterable[Bucket]) -> SafeString:
    """One table row per bucket: its label, then earnings and energy, or "Not yet"."""
    # Translators: in the figures table, a day, month or hour that has not happened yet.
    not_yet = pgettext("period still to come", "Not yet")
    rows = (
        format_html(_NOT_YET, b.status, b.label, not_yet)
        if b.status == "not_yet"
        else format_html(_FIGURES, b.status, b.label, b.earnings, b.energy)
        for b in buckets
    )
    # Each row is already safe: format_html escaped what went into it.
    return mark_safe("".join(rows))
