"""The postal address form (`postal_address_input` / `postal_address_capture`)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from connect_app.formatting import countries
from connect_app.forms.answer import Answer, TariffForm, cleaned_text

# USPS codes of the states, the District of Columbia and the inhabited territories.
US_STATES: tuple[tuple[str, str], ...] = (
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
    ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
    ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"),
    ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"),
    ("SC", "South Carolina"), ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"),
    ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"),
    ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
    ("AS", "American Samoa"), ("GU", "Guam"), ("MP", "Northern Mariana Islands"),
    ("PR", "Puerto Rico"), ("VI", "U.S. Virgin Islands"),
)  # fmt: skip
_US_STATE_CODES = {code for code, _name in US_STATES}
_US_STATE_NAMES = {name.casefold(): code for code, name in US_STATES}

US_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
# The shapes of a UK post code (outward code, space optional, inward code), BFPO aside.
UK_POST_CODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]"
    r"([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)


class AddressForm(TariffForm):
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
        self.fields["address_line1"] = forms.CharField(
            label=_("Address line 1"),
            max_length=200,
            error_messages={"required": _("Enter the first line of your address.")},
            widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
        )
        self.fields["address_line2"] = forms.CharField(
            label=_("Address line 2 (optional)"),
            max_length=200,
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
        )
        self.fields["city"] = forms.CharField(
            label=_("City"),
            max_length=100,
            error_messages={"required": _("Enter your city or town.")},
            widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        )
        if self.is_us:
            # Connect places a US home by its ZIP code; the state may be left out.
            self.fields["state"] = forms.ChoiceField(
                label=_("State (optional)"),
                choices=[("", _("Choose your state")), *US_STATES],
                required=False,
                error_messages={"invalid_choice": _("Choose your state from the list.")},
                widget=forms.Select(attrs={"autocomplete": "address-level1"}),
            )
        else:
            self.fields["state"] = forms.CharField(
                label=_("County or region (optional)"),
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "address-level1"}),
            )
        self.fields["post_code"] = forms.CharField(
            label=_("ZIP code") if self.is_us else _("Post code"),
            max_length=16,
            error_messages={
                "required": _("Enter the ZIP code, 5 digits.")
                if self.is_us
                else _("Enter your post code.")
            },
            widget=forms.TextInput(
                attrs={
                    "autocomplete": "postal-code",
                    "inputmode": "numeric" if self.is_us else "text",
                    "class": "input--short",
                }
            ),
        )
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

    def prefill(self, payload: dict[str, Any]) -> dict[str, Any]:
        address = payload.get("postal_address")
        if not isinstance(address, dict):
            return {}
        fields = ("address_line1", "address_line2", "city", "state", "post_code", "country_code")
        found = {key: address[key] for key in fields if isinstance(address.get(key), str)}
        if "country_code" in found:
            found["country_code"] = found["country_code"].strip().upper()
        if found.get("country_code") == "US" and "state" in found:
            # Connect may write the state as "co" or "Colorado": the select knows "CO".
            state = found["state"].strip()
            code = state.upper()
            found["state"] = (
                code if code in _US_STATE_CODES else _US_STATE_NAMES.get(state.casefold(), "")
            )
        return found

    def clean_address_line1(self) -> str:
        return cleaned_text(self.cleaned_data["address_line1"])

    def clean_address_line2(self) -> str:
        return cleaned_text(self.cleaned_data["address_line2"])

    def clean_city(self) -> str:
        return cleaned_text(self.cleaned_data["city"])

    def clean_state(self) -> str:
        # A US state is one of the select's codes already; elsewhere it is free text.
        return cleaned_text(self.cleaned_data.get("state"))

    def clean_post_code(self) -> str:
        post_code = cleaned_text(self.cleaned_data["post_code"]).upper()
        if self.is_us:
            if not US_ZIP.match(post_code):
                raise forms.ValidationError(_("Enter the ZIP code, 5 digits."))
            # ZIP+4 as typed from a letter: Connect takes the five-digit ZIP code.
            post_code = post_code[:5]
        elif self._country() == "GB":
            if not UK_POST_CODE.match(post_code):
                raise forms.ValidationError(_("Enter a real post code, like SW1A 1AA."))
            # One space before the inward code, as Royal Mail writes it.
            compact = post_code.replace(" ", "")
            post_code = f"{compact[:-3]} {compact[-3:]}"
        return post_code

    def answer(self) -> Answer:
        fields = ("address_line1", "address_line2", "city", "state", "post_code", "country_code")
        address = {key: self.cleaned_data[key] for key in fields if self.cleaned_data.get(key)}
        return Answer({"postal_address": address})
