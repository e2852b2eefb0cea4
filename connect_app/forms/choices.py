"""Forms that pick one of the page's own choices: provider, tariff, region, plan structure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connect_app.forms.answer import Answer, TariffForm
from connect_app.pages.tariff.common import structure_options


def listed(payload: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The payload's list of choice objects that carry an id."""
    items = payload.get(key)
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _pick(label: Any, choices: list[tuple[str, str]], required: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": required},
    )


class ProviderForm(TariffForm):
    CODE_FIELDS = {"provider_invalid": "provider"}

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        providers = listed(self.page.payload, "providers")
        self.fields["provider"] = _pick(
            _("Your energy provider"),
            [(p["id"], str(p.get("display_name") or p["id"])) for p in providers],
            _("Choose your energy provider, or say it is not listed."),
        )

    def answer(self) -> Answer:
        return Answer({"provider": {"id": self.cleaned_data["provider"]}})


class TariffChoiceForm(TariffForm):
    CODE_FIELDS = {"tariff_invalid": "tariff"}

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        tariffs = listed(self.page.payload, "tariffs")
        self.fields["tariff"] = _pick(
            _("Your tariff"),
            [(t["id"], str(t.get("name") or t["id"])) for t in tariffs],
            _("Choose your tariff, or say it is not listed."),
        )

    def answer(self) -> Answer:
        return Answer({"tariff": {"id": self.cleaned_data["tariff"]}})


def regions(payload: dict[str, Any]) -> list[str]:
    found = payload.get("regions")
    if not isinstance(found, list):
        return []
    return [r for r in found if isinstance(r, str) and r.strip()]


class RegionForm(TariffForm):
    CODE_FIELDS = {"region_invalid": "region"}

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["region"] = _pick(
            _("Your region"),
            [(r, r) for r in regions(self.page.payload)],
            _("Choose your region."),
        )

    def prefill(self, payload: dict[str, Any]) -> dict[str, Any]:
        region = payload.get("region")
        return {"region": region} if isinstance(region, str) else {}

    def answer(self) -> Answer:
        return Answer({"region": self.cleaned_data["region"]})


class StructureForm(TariffForm):
    CODE_FIELDS = {"option_invalid": "option", "option_not_supported": "option"}

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.options = structure_options(self.page.payload, self.page.actions)
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
