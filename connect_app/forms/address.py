"""The postal address form (`postal_address_input` / `postal_address_capture`)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from localflavor.gb.forms import GBPostcodeField
from localflavor.us.forms import USZipCodeField
from localflavor.us.us_states import STATES_NORMALIZED, US_STATES, US_TERRITORIES

from connect_app.connect.tariff_payloads import AddressPage
from connect_app.formatting import countries
from connect_app.forms.answer import Answer, TariffForm, TextField, cleaned_text

# The states, the District of Columbia and the inhabited territories, by name: not the armed
# forces' postal codes, which are no place a home battery stands.
STATES = tuple(sorted(US_STATES + US_TERRITORIES, key=lambda state: str(state[1])))
FIELDS = ("address_line1", "address_line2", "city", "state", "post_code", "country_code")


class AddressForm(TariffForm):
    PAYLOAD = AddressPage
    payload: AddressPage
    CODE_FIELDS = {
        "address_line1_missing": "address_line1",
        "city_missing": "city",
        "post_code_missing": "post_code",
        "country_code_missing": "country_code",
        "country_code_invalid": "country_code",
    }

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        country = self._country()
        self.is_us = country == "US"
        self.fields["address_line1"] = TextField(
            label=_("Address line 1"),
            max_length=200,
            error_messages={"required": _("Enter the first line of your address.")},
            widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
        )
        self.fields["address_line2"] = TextField(
            label=_("Address line 2 (optional)"),
            max_length=200,
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
        )
        self.fields["city"] = TextField(
            label=_("City"),
            max_length=100,
            error_messages={"required": _("Enter your city or town.")},
            widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        )
        if self.is_us:
            # Connect places a US home by its ZIP code; the state may be left out.
            self.fields["state"] = forms.ChoiceField(
                label=_("State (optional)"),
                choices=[("", _("Choose your state")), *STATES],
                required=False,
                error_messages={"invalid_choice": _("Choose your state from the list.")},
                widget=forms.Select(attrs={"autocomplete": "address-level1"}),
            )
        else:
            self.fields["state"] = TextField(
                label=_("County or region (optional)"),
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "address-level1"}),
            )
        self.fields["post_code"] = _post_code_field(self._country())
        self.fields["country_code"] = forms.ChoiceField(
            label=_("Country"),
            choices=[("", _("Choose your country")), *countries(self.locale)],
            error_messages={
                "required": _("Choose your country."),
                "invalid_choice": _("Choose your country from the list."),
            },
            widget=forms.Select(attrs={"autocomplete": "country"}),
        )

    def _country(self) -> str:
        typed = self.data.get("country_code") if self.is_bound else None
        if isinstance(typed, str) and re.fullmatch(r"[A-Za-z]{2}", typed.strip()):
            return typed.strip().upper()
        return str(self.initial.get("country_code") or "").upper()

    def prefill(self) -> dict[str, Any]:
        address = self.payload.postal_address
        found = {key: getattr(address, key) for key in FIELDS if getattr(address, key)}
        if "country_code" in found:
            found["country_code"] = found["country_code"].upper()
        if found.get("country_code") == "US" and "state" in found:
            # Connect may write the state as "co" or "Colorado": the select knows "CO".
            found["state"] = STATES_NORMALIZED.get(found["state"].casefold(), "")
        return found

    def clean_post_code(self) -> str:
        post_code = cleaned_text(self.cleaned_data["post_code"]).upper()
        # ZIP+4 as typed from a letter: Connect takes the five-digit ZIP code.
        return post_code[:5] if self.is_us else post_code

    def answer(self) -> Answer:
        address = {key: self.cleaned_data[key] for key in FIELDS if self.cleaned_data.get(key)}
        return Answer({"postal_address": address})


def _post_code_field(country: str) -> forms.CharField:
    """The ZIP code (US) or post code field: checked by localflavor where it knows the country
    (US, and GB, which it writes as Royal Mail does: "SW1A 1AA"), in our own words."""
    attrs = {"autocomplete": "postal-code", "class": "input--short"}
    field: forms.CharField
    if country == "US":
        zip_code = _("Enter the ZIP code, 5 digits.")
        field = USZipCodeField(
            label=_("ZIP code"),
            max_length=16,
            error_messages={"required": zip_code, "invalid": zip_code},
            widget=forms.TextInput(attrs={**attrs, "inputmode": "numeric"}),
        )
        return field
    kind = GBPostcodeField if country == "GB" else forms.CharField
    field = kind(
        label=_("Post code"),
        max_length=16,
        error_messages={
            "required": _("Enter your post code."),
            "invalid": _("Enter a real post code, like SW1A 1AA."),
        },
        widget=forms.TextInput(attrs={**attrs, "inputmode": "text"}),
    )
    return field
