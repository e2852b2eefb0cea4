"""When the contract ends (`contract_term_capture`): a date, or no end date at all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connect_app.connect.tariff_payloads import ContractTerm
from connect_app.forms.answer import Answer, OtherAnswer, TariffForm

# The button that answers "my contract has no end date": the route alone, no data (§6.1).
NO_END = "no_end"
LAST_YEAR = 2100


class ContractTermForm(TariffForm):
    PAYLOAD = ContractTerm
    payload: ContractTerm
    CODE_FIELDS = {"contract_end_date_invalid": "contract_end_date"}
    OTHER = OtherAnswer("choice", NO_END, _("No end date: it runs until I cancel"))

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if data is not None and data.get("choice") == NO_END:
            # "No end date" answers the page whatever half-typed date is in the field: the date
            # is not read, so it cannot be wrong.
            data = {"choice": NO_END}
        super().__init__(data, **kwargs)
        self.fields["contract_end_date"] = forms.DateField(
            label=_("Your contract ends on"),
            help_text=_("The date is on your bill or in your supplier's app."),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d"],
            error_messages={"invalid": _("Enter a real date, like 2027-06-30.")},
        )

    def prefill(self) -> dict[str, Any]:
        ends = self.payload.ends_on
        return {"contract_end_date": ends} if ends else {}

    def no_end(self) -> bool:
        return self.is_bound and self.data.get("choice") == NO_END

    def clean_contract_end_date(self) -> dt.date | None:
        end: dt.date | None = self.cleaned_data.get("contract_end_date")
        if self.no_end():
            return None
        if end is None:
            raise forms.ValidationError(
                _("Enter the date your contract ends, or choose “No end date”.")
            )
        if end < self.today:
            raise forms.ValidationError(_("Enter a date in the future."))
        if end.year >= LAST_YEAR:
            raise forms.ValidationError(_("Enter a date before %(year)s.") % {"year": LAST_YEAR})
        return end

    def answer(self) -> Answer:
        end = self.cleaned_data.get("contract_end_date")
        if end is None:
            return Answer(None)
        return Answer({"contract_end_date": f"{end.isoformat()}T00:00:00Z"})
