"""The dashboard's period controls, each a form of its own, assembled in one pass.

Six of them (the arrows, a tab per kind of period, Latest) are in every period change's answer;
placed attribute by attribute through the template engine they were half its rendering. Each is
a form that works without JavaScript: the page number, the period it asks for and the CSRF
token are its own fields. Every value is escaped, as the template would.

The kind of period on show stays in the tab order, so keyboards and screen readers reach it and
hear which kind is on: aria-current, aria-disabled, and a plain button that submits nothing. The
arrows with nowhere to go are disabled.
"""

from __future__ import annotations

from html import escape
from typing import Literal

from django import template
from django.utils.safestring import SafeString, mark_safe

from connect_app.pages.period_controls import PeriodChoice

register = template.Library()

Icon = Literal["previous", "next", "latest", ""]

_SVG = (
    '<svg aria-hidden="true" viewBox="0 0 24 24" width="{size}" height="{size}">'
    '<path d="{d}" /></svg>'
)
_PREVIOUS = _SVG.format(size=22, d="M15 5l-7 7 7 7")
_NEXT = _SVG.format(size=22, d="M9 5l7 7-7 7")
_LATEST = _SVG.format(size=18, d="M6 6l6 6-6 6M17 6v12")


@register.simple_tag(takes_context=True)
def period_control(context: template.Context, choice: PeriodChoice, icon: Icon = "") -> SafeString:
    """One CHANGE_PERIOD form: an arrow ("previous", "next"), Latest ("latest"), or a tab ("")."""
    act_url = escape(str(context["act_url"]))
    csrf_token = escape(str(context["csrf_token"]))
    fields = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">'
        f'<input type="hidden" name="seq" value="{escape(str(context["seq"]))}">'
        f'<input type="hidden" name="period_type" value="{escape(choice.period_type)}">'
        f'<input type="hidden" name="period_start" value="{escape(choice.period_start)}">'
    )
    return mark_safe(
        f'<form method="post" action="{act_url}" hx-post="{act_url}" hx-disabled-elt="find button">'
        f"{fields}{_button(choice, icon)}</form>"
    )


def _button(choice: PeriodChoice, icon: Icon) -> str:
    attributes: list[str] = []
    if choice.current:
        attributes.append('type="button"')
    else:
        attributes.append('type="submit"')
    # The id is the same in every language: the keyboard's focus is put back on it.
    attributes.append(f'id="period-{escape(choice.key)}"')
    attributes.append(f'class="{_class(choice, icon)}"')
    if not choice.current:
        attributes.append('name="action" value="CHANGE_PERIOD"')
    if icon in ("previous", "next"):
        attributes.append(f'data-step="{icon}"')
    if choice.current:
        attributes.append('aria-current="true" aria-disabled="true"')
    elif not choice.enabled:
        attributes.append("disabled")
    return f"<button {' '.join(attributes)}>{_face(choice, icon)}</button>"


def _class(choice: PeriodChoice, icon: Icon) -> str:
    if icon == "latest":
        return "period-latest"
    if icon:
        return "icon-button"
    return "chip chip--current" if choice.current else "chip"


def _face(choice: PeriodChoice, icon: Icon) -> str:
    name = escape(choice.name)
    if icon == "previous":
        return f'{_PREVIOUS}<span class="visually-hidden">{name}</span>'
    if icon == "next":
        return f'<span class="visually-hidden">{name}</span>{_NEXT}'
    if icon == "latest":
        return f"{name}{_LATEST}"
    return name
