"""The name pages: a provider or a tariff that was not listed, typed in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connect_app.connect.tariff_pages import ProviderNamePage, TariffNamePage
from connect_app.forms.answer import Answer, TariffForm, cleaned_text


class _NameForm(TariffForm):
    KEY = ""  # "provider" or "tariff": the answer's object

    def _name_field(self, label: Any, hint: Any, required: Any, autocomplete: str) -> None:
        self.fields["name"] = forms.CharField(
            label=label,
            help_text=hint,
            max_length=100,
            error_messages={"required": required},
            widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
        )

    def typed_name(self) -> str:
        """The name typed before, as the page repeats it."""
        return ""

    def prefill(self) -> dict[str, Any]:
        name = self.typed_name()
        return {"name": name} if name else {}

    def clean_name(self) -> str:
        name = cleaned_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"])
        return name

    def answer(self) -> Answer:
        return Answer({self.KEY: {"name": self.cleaned_data["name"]}})


class ProviderNameForm(_NameForm):
    PAYLOAD = ProviderNamePage
    payload: ProviderNamePage
    KEY = "provider"
    CODE_FIELDS = {"provider_name_missing": "name"}

    def typed_name(self) -> str:
        return self.payload.provider.name if self.payload.provider else ""

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self._name_field(
            _("Energy provider's name"),
            _("As it appears on your electricity bill."),
            _("Enter the name of your energy provider."),
            "organization",
        )


class TariffNameForm(_NameForm):
    PAYLOAD = TariffNamePage
    payload: TariffNamePage
    KEY = "tariff"
    CODE_FIELDS = {"tariff_name_missing": "name"}

    def typed_name(self) -> str:
        return self.payload.tariff.name

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self._name_field(
            _("Tariff name"),
            _("As it appears on your electricity bill, for example “Home Saver”."),
            _("Enter the name of your tariff."),
            "off",
        )


class ContinueForm(TariffForm):
    """A page that is answered by its route alone (`complete_tariff`'s "Next")."""

    def answer(self) -> Answer:
        return Answer(None)
