"""Forms that pick one of the page's own choices: provider, tariff, region, plan structure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connect_app.connect.tariff_payloads import (
    ProviderList,
    RegionChoice,
    StructureChoice,
    TariffList,
)
from connect_app.forms.answer import Answer, TariffForm


def _pick(label: Any, choices: list[tuple[str, str]], required: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": required},
    )


class ProviderForm(TariffForm):
    PAYLOAD = ProviderList
    payload: ProviderList
    CODE_FIELDS = {"provider_invalid": "provider"}

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["provider"] = _pick(
            _("Your energy provider"),
            [(p.id, p.display_name) for p in self.payload.providers],
            _("Choose your energy provider, or say it is not listed."),
        )

    def answer(self) -> Answer:
        return Answer({"provider": {"id": self.cleaned_data["provider"]}})


class TariffChoiceForm(TariffForm):
    PAYLOAD = TariffList
    payload: TariffList
    CODE_FIELDS = {"tariff_invalid": "tariff"}

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["tariff"] = _pick(
            _("Your tariff"),
            [(t.id, t.name or t.id) for t in self.payload.tariffs],
            _("Choose your tariff, or say it is not listed."),
        )

    def answer(self) -> Answer:
        return Answer({"tariff": {"id": self.cleaned_data["tariff"]}})


class RegionForm(TariffForm):
    PAYLOAD = RegionChoice
    payload: RegionChoice
    CODE_FIELDS = {"region_invalid": "region"}

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["region"] = _pick(
            _("Your region"),
            [(r, r) for r in self.payload.regions],
            _("Choose your region."),
        )

    def prefill(self) -> dict[str, Any]:
        return {"region": self.payload.region} if self.payload.region else {}

    def answer(self) -> Answer:
        return Answer({"region": self.cleaned_data["region"]})


class StructureForm(TariffForm):
    PAYLOAD = StructureChoice
    payload: StructureChoice
    CODE_FIELDS = {"option_invalid": "option", "option_not_supported": "option"}

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.options = self.payload.offered(self.page.actions)
        self.fields["option"] = _pick(
            _("How your prices work"),
            [(o, o) for o in self.options],
            _("Choose how your prices work."),
        )

    def answer(self) -> Answer:
        option = self.cleaned_data["option"]
        # Busbar's plan_structure lists its choices as actions: the choice is then the action.
        if option in self.page.actions:
            return Answer(None, action=option)
        return Answer({"options": [option]})
