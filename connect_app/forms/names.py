"""The name pages: a provider or a tariff that was not listed, typed in."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from connect_app.connect.tariff_payloads import ProviderNamePage, TariffNamePage
from connect_app.forms.answer import Answer, TariffForm, TextField


class _NameForm(TariffForm):
    KEY = ""  # "provider" or "tariff": the answer's object
    # The name field's label, hint, message when it is left empty, and autocomplete token.
    NAME_FIELD: ClassVar[tuple[Any, Any, Any, str]]

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        label, hint, required, autocomplete = self.NAME_FIELD
        self.fields["name"] = TextField(
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

    def answer(self) -> Answer:
        return Answer({self.KEY: {"name": self.cleaned_data["name"]}})


class ProviderNameForm(_NameForm):
    PAYLOAD = ProviderNamePage
    payload: ProviderNamePage
    KEY = "provider"
    CODE_FIELDS = {"provider_name_missing": "name"}

    NAME_FIELD = (
        _("Energy provider's name"),
        _("As it appears on your electricity bill."),
        _("Enter the name of your energy provider."),
        "organization",
    )

    def typed_name(self) -> str:
        return self.payload.provider.name if self.payload.provider else ""


class TariffNameForm(_NameForm):
    PAYLOAD = TariffNamePage
    payload: TariffNamePage
    KEY = "tariff"
    CODE_FIELDS = {"tariff_name_missing": "name"}

    NAME_FIELD = (
        _("Tariff name"),
        _("As it appears on your electricity bill, for example “Home Saver”."),
        _("Enter the name of your tariff."),
        "off",
    )

    def typed_name(self) -> str:
        return self.payload.tariff.name


class ContinueForm(TariffForm):
    """A page that is answered by its route alone (`complete_tariff`'s "Next")."""

    def answer(self) -> Answer:
        return Answer(None)
