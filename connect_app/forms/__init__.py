"""Every input the app accepts from a browser, validated before anything reaches Connect."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from connect_app.connect.kinds import kind_of, needs_confirmation
from connect_app.connect.periods import PERIOD_TYPES, is_aligned
from connect_app.connect.replies import Page

_FormClass = TypeVar("_FormClass", bound=type[forms.Form])


class _SharedFields(dict[str, forms.Field]):
    """A form class's fields, given to each of its forms as they are: no deep copy."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


def checks_only(form_class: _FormClass) -> _FormClass:
    """A form that checks what is posted and is never rendered nor changed per request shares
    its class's fields: Django deep-copies every field, widget and validator for each form
    (about 0.4 M instructions a period change), for forms that change their fields per page.
    A field's checking keeps nothing of a request, so one instance serves every thread."""
    form_class.base_fields = _SharedFields(form_class.base_fields)
    return form_class


@checks_only
class EntryForm(forms.Form):
    """The entry URL's token: `fp_cot`, or its alias `connect_token` (A1)."""

    fp_cot = forms.CharField(required=False, max_length=200)
    connect_token = forms.CharField(required=False, max_length=200)

    INVALID = _("This link is incomplete. Open your battery earnings again from your energy app.")
    _shape = re.compile(r"^[A-Za-z0-9_\-.]{8,200}$")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        token = (cleaned.get("fp_cot") or cleaned.get("connect_token") or "").strip()
        if not self._shape.match(token):
            raise forms.ValidationError(self.INVALID)
        cleaned["token"] = token
        return cleaned


@checks_only
class SequenceForm(forms.Form):
    """The number of the page a post was made from (A5)."""

    seq = forms.IntegerField(min_value=0, max_value=2_147_483_647)


@checks_only
class ActionForm(SequenceForm):
    """A customer's action, with the period it asks for when it is CHANGE_PERIOD (A3), and the
    tick an action that cannot be undone needs (leaving, disconnecting a tariff)."""

    action = forms.CharField(
        max_length=64, validators=[RegexValidator(r"^[A-Z0-9_]+$", _("Unknown action."))]
    )
    period_type = forms.ChoiceField(choices=[(t, t) for t in PERIOD_TYPES], required=False)
    period_start = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    # The tick box of a confirmation page (leaving a programme).
    confirmed = forms.BooleanField(required=False)

    def __init__(self, data: Any, *, page: Page | None) -> None:
        super().__init__(data)
        self.page = page

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        action = cleaned.get("action")
        if self.page is not None and action and needs_confirmation(self.page, action):
            leaving = kind_of(self.page) == "leave_confirmation"
            if not cleaned.get("confirmed"):
                # At the tick box: the leaving page shows it there.
                self.add_error(
                    "confirmed",
                    _("Tick the box to confirm you want to leave.")
                    if leaving
                    else _("Tick the box to confirm you want to disconnect your tariff."),
                )
                return cleaned
            # Leaving says it was confirmed (the sandbox asks); disconnecting sends nothing more.
            cleaned["data"] = {"confirmed": True} if leaving else None
            return cleaned
        if action != "CHANGE_PERIOD":
            cleaned["data"] = None
            return cleaned
        period_type, start = cleaned.get("period_type"), cleaned.get("period_start")
        if not period_type or start is None:
            raise forms.ValidationError(_("Choose a period type and the day it starts."))
        if not is_aligned(period_type, start):
            raise forms.ValidationError(
                _("A month starts on its first day and a year on 1 January.")
            )
        cleaned["data"] = {"period_type": period_type, "period_start": start.isoformat()}
        return cleaned
