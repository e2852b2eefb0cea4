"""Any route we have no page of our own for (A9): its words, its fields and its actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, pgettext

from connect_app.connect.replies import Page, UnknownPayload
from connect_app.formatting import humanise
from connect_app.pages.common import ActionButton, RenderContext, action_buttons

MAX_FIELDS = 60
MAX_TEXT = 300


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class GenericView:
    title: str
    messages: tuple[str, ...]
    fields: tuple[Field, ...]
    actions: tuple[ActionButton, ...]


def build(page: Page, ctx: RenderContext) -> GenericView:
    unknown = UnknownPayload.of(page)
    return GenericView(
        # The route's name as Connect spells it, humanised: Connect sends no title of its own.
        title=humanise(page.route) or gettext("Next step"),
        messages=tuple(_text(message) for message in unknown.messages),
        fields=tuple(_flatten(unknown.details, ""))[:MAX_FIELDS],
        actions=action_buttons(page),
    )


def _flatten(value: Any, label: str, depth: int = 0) -> list[Field]:
    """Nested payloads as "Postal address › City: Denver" rows, never deeper than four levels."""
    if depth > 4:
        return []
    if isinstance(value, list) and all(not isinstance(item, dict | list) for item in value):
        # Translators: the value of a field whose list Connect sent empty.
        none = pgettext("empty list", "None")
        return [Field(label, _text(", ".join(_scalar(i) for i in value) or none))]
    if isinstance(value, dict):
        # Belt and braces: no credential is ever shown.
        named = ((humanise(str(k)), v) for k, v in value.items() if "token" not in str(k).lower())
        children = ((f"{label} › {name}" if label else name, item) for name, item in named)
    elif isinstance(value, list):
        children = ((f"{label} {index}", item) for index, item in enumerate(value, start=1))
    else:
        # Translators: the name of a field Connect sent without one.
        return [Field(label or gettext("Value"), _text(_scalar(value)))]
    rows: list[Field] = []
    for child, item in children:
        rows += _flatten(item, child, depth + 1)
        if len(rows) >= MAX_FIELDS:
            break
    return rows


def _scalar(value: Any) -> str:
    if value is None or value == "":
        # Translators: the value of a field Connect sent empty.
        return gettext("Not given")
    if isinstance(value, bool):
        # Translators: the value of a yes-or-no field of a page this app has no design for.
        return pgettext("field value", "Yes") if value else pgettext("field value", "No")
    return str(value)


def _text(value: str) -> str:
    value = value.strip()
    return value if len(value) <= MAX_TEXT else value[: MAX_TEXT - 1] + "…"
