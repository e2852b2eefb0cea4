"""What every tariff form shares: its page, the answer it sends, and errors at their fields.

A tariff form checks what it can before anything is sent (A11). When Connect still refuses the
answer, its error code names the field the message belongs to (docs/tariff-flow.md), and the
form shows it there, keeping everything the customer typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from connect_app.connect.replies import Page, Payload


@dataclass(frozen=True)
class Answer:
    """What a form page sends: `data`, an `action`, both, or neither (skipping)."""

    data: dict[str, Any] | None
    action: str | None = None


@dataclass(frozen=True)
class OtherAnswer:
    """A second submit button that answers the page differently ("Skip", "No end date")."""

    name: str
    value: str
    label: Any  # lazily translated


class TariffForm(forms.Form):
    """A form built for one Connect page: its choices and prefill come from the payload."""

    # The page's payload model; the form reads it, never the raw payload.
    PAYLOAD: ClassVar[type[Payload]] = Payload
    # Connect's error codes that name one of this form's fields; any other code, or one whose
    # field the form lacks, is shown above the form.
    CODE_FIELDS: ClassVar[dict[str, str]] = {}
    # A way to answer the page without its fields, where Connect has one (§6.1: the route alone).
    OTHER: ClassVar[OtherAnswer | None] = None

    def __init__(
        self,
        data: Any = None,
        *,
        page: Page,
        locale: str,
        today: dt.date,
        initial: dict[str, Any] | None = None,
    ) -> None:
        self.page = page
        self.payload = self.PAYLOAD.of(page)
        self.locale = locale
        self.today = today
        super().__init__(
            data,
            initial=self.prefill() if initial is None else initial,
            auto_id="answer-%s",
        )

    @property
    def other(self) -> OtherAnswer | None:
        return self.OTHER

    def prefill(self) -> dict[str, Any]:
        """Initial values from the page's payload."""
        return {}

    def answer(self) -> Answer:
        """The answer for Connect, from cleaned data (call after is_valid())."""
        raise NotImplementedError

    def is_edit(self) -> bool:
        """Whether the post only changes the form itself (adds a band), sending nothing."""
        return False

    def add_connect_error(self, code: str, message: str) -> None:
        field = self.CODE_FIELDS.get(code)
        self.add_error(field if field in self.fields else None, message)

    def error_summary(self) -> list[tuple[str | None, str]]:
        """The error summary: each problem with the id of the field it links to (None: the
        form's own problems, first), the first message of each field."""
        summary: list[tuple[str | None, str]] = [
            (None, str(message)) for message in self.non_field_errors()
        ]
        return summary + [
            (self[name].auto_id, str(errors[0]))
            for name, errors in self.errors.items()
            if name != NON_FIELD_ERRORS and name in self.fields and errors
        ]

    def marked(self) -> TariffForm:
        """The form with aria-invalid and aria-describedby on every field, for rendering."""
        for name, field in self.fields.items():
            bound = self[name]
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}-hint")
            if bound.errors:
                described.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
        return self


def cleaned_text(value: Any) -> str:
    """A typed value trimmed, with inner runs of white space folded to one space."""
    return " ".join(str(value or "").split())


class TextField(forms.CharField):
    """Text as `cleaned_text` leaves it, once the field's own checks (length, required) pass."""

    def clean(self, value: Any) -> str:
        return cleaned_text(super().clean(value))
