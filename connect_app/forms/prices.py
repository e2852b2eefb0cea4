"""Prices a customer types: one price, time-of-day bands, a market tariff's surcharge.

Customers type prices in the unit their bill uses (cents, pence per kWh); Connect takes major
units (A11): 24.5 typed in cents is sent as 0.245. Decimal all the way, a float only on the wire.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.lists import format_list
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from connect_app.connect.bands import Band, coverage, strip
from connect_app.connect.tariff_pages import PriceBand, Prices, SurchargePage
from connect_app.formatting import PriceUnit, clock, minor_amount, parse_number, price_unit
from connect_app.forms.answer import Answer, OtherAnswer, TariffForm

# Far beyond any household tariff, in major units per kWh: a typo, not a price.
MAX_PRICE = Decimal(20)
MAX_BANDS = 12
# The strip and the band cards share a colour per band; after six they repeat.
BAND_TONES = 6
_WIRE_TIME = "%H:%M:%S"
# What a page without bands starts from: the common day and night split.
DEFAULT_BANDS = (
    PriceBand(valid_from="07:00:00", valid_to="23:00:00"),
    PriceBand(valid_from="23:00:00", valid_to="07:00:00"),
)


def wire_number(value: Decimal) -> float | int:
    """A JSON number for Connect: 0.245, never "0.245" or 0.24500000000000002."""
    normalised = value.normalize()
    return int(normalised) if normalised == normalised.to_integral() else float(normalised)


class PriceField(forms.CharField):
    """A price per kWh typed in the customer's unit; cleaned to major units.

    `signed` takes a minus sign too (a surcharge may be a credit): such a field offers the full
    keyboard, since a phone's decimal keypad may have no minus key.
    """

    def __init__(
        self,
        *,
        unit: PriceUnit,
        locale: str,
        allow_zero: bool = False,
        signed: bool = False,
        **kwargs: Any,
    ):
        self.unit, self.locale, self.allow_zero, self.signed = unit, locale, allow_zero, signed
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("widget", forms.TextInput(attrs=number_attrs(signed=signed)))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        typed = parse_number(text, self.locale)
        if typed is None:
            raise forms.ValidationError(
                _("Enter the price as a number, like %(example)s.") % {"example": self.example()}
            )
        if typed < 0 and not self.signed:
            raise forms.ValidationError(_("The price cannot be negative."))
        if typed == 0 and not self.allow_zero:
            raise forms.ValidationError(_("Enter a price above zero."))
        value_major = typed / self.unit.factor
        if value_major > MAX_PRICE:
            raise forms.ValidationError(
                _("That price is too high. Enter it in %(unit)s per kWh, like %(example)s.")
                % {"unit": self.unit.name, "example": self.example()}
            )
        if value_major < -MAX_PRICE:
            raise forms.ValidationError(
                _("That credit is too large. Enter it in %(unit)s per kWh, like %(example)s.")
                % {"unit": self.unit.name, "example": self.example(credit=True)}
            )
        return value_major

    def example(self, *, credit: bool = False) -> str:
        example = Decimal("-0.015") if credit else Decimal("0.245")
        return minor_amount(example, self.unit.currency, self.locale)


def number_attrs(*, signed: bool = False) -> dict[str, str]:
    """A short number input's attributes; the decimal keypad only where no sign is typed."""
    attrs = {"autocomplete": "off", "class": "input--short"}
    return attrs if signed else {"inputmode": "decimal", **attrs}


class _PriceForm(TariffForm):
    """A form of prices in the currency its page names, typed in the bill's unit."""

    payload: Prices | SurchargePage

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.unit = price_unit(self.payload.currency_code, self.locale)

    def price_field(self, label: Any, **kwargs: Any) -> PriceField:
        return PriceField(unit=self.unit, locale=self.locale, label=label, **kwargs)

    def typed(self, price: Decimal | None) -> str | None:
        """A price from the page as the customer would type it; 0 is no price: nothing."""
        return minor_amount(price, self.payload.currency_code, self.locale) if price else None


class FixedRateForm(_PriceForm):
    """One price all day. A 0 from Connect is no price yet (cost_value_zero): an empty field."""

    PAYLOAD = Prices
    payload: Prices
    CODE_FIELDS = {"cost_value_zero": "cost", "cost_value_negative": "cost"}

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["cost"] = self.price_field(
            _("Price per kWh, in %(unit)s") % {"unit": self.unit.name},
            help_text=_("The price of one unit of electricity on your bill, with tax."),
            error_messages={"required": _("Enter the price you pay per kWh.")},
        )

    def prefill(self) -> dict[str, Any]:
        cost = self.typed(self.payload.cost)
        return {"cost": cost} if cost else {}

    def answer(self) -> Answer:
        return Answer({"cost": wire_number(self.cleaned_data["cost"])})


@dataclass(frozen=True)
class BandRow:
    start: forms.BoundField
    end: forms.BoundField
    price: forms.BoundField
    number: int
    tone: int


class TimeOfDayForm(_PriceForm):
    """Bands of the day, each with a start, an end and a price; they must cover the day once.

    The bands are fields `start-N`, `end-N`, `price-N` for N below `bands`; adding and
    removing one is a post with `edit` that re-renders the form and sends nothing to Connect.
    """

    PAYLOAD = Prices
    payload: Prices
    CODE_FIELDS = {
        "cost_value_zero": "bands",
        "cost_value_negative": "bands",
        "valid_from_invalid": "bands",
        "valid_to_invalid": "bands",
        "gap_in_time_period": "bands",
        "incomplete_time_period": "bands",
    }

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        # Adding or removing a band is shown again unbound, with what was typed as its values.
        self.edited = bool(data is not None and data.get("edit"))
        if self.edited:
            kwargs["initial"] = edited_bands(data, str(data.get("edit")))
            data = None
        super().__init__(data, **kwargs)
        self.fields["bands"] = forms.IntegerField(
            min_value=1,
            max_value=MAX_BANDS,
            # The fieldset of the bands carries the field's id, for the error summary's link.
            widget=forms.HiddenInput(attrs={"id": "answer-bands-count"}),
            label=_("Price bands"),
        )
        raw = self.data.get("bands") if self.is_bound else self.initial.get("bands")
        for index in range(band_count(raw, default=2)):
            number = index + 1
            n = {"number": number}
            self.fields[f"start-{index}"] = _clock_field(
                _("Band %(number)s starts at") % n,
                _("Enter when band %(number)s starts.") % n,
                _("Enter a time like 07:00 for band %(number)s.") % n,
            )
            self.fields[f"end-{index}"] = _clock_field(
                _("Band %(number)s ends at") % n,
                _("Enter when band %(number)s ends.") % n,
                _("Enter a time like 23:00 for band %(number)s.") % n,
            )
            self.fields[f"price-{index}"] = self.price_field(
                _("Band %(number)s price per kWh, in %(unit)s")
                % {"number": number, "unit": self.unit.name},
                error_messages={"required": _("Enter the price of band %(number)s.") % n},
            )

    def prefill(self) -> dict[str, Any]:
        hours = self.payload.hours or DEFAULT_BANDS
        initial: dict[str, Any] = {"bands": len(hours[:MAX_BANDS])}
        for index, band in enumerate(hours[:MAX_BANDS]):
            initial[f"start-{index}"] = _wire_time(band.valid_from)
            initial[f"end-{index}"] = _wire_time(band.valid_to)
            price = self.typed(band.cost)
            if price:
                initial[f"price-{index}"] = price
        return initial

    def is_edit(self) -> bool:
        return self.edited

    # --- checking --------------------------------------------------------------------------

    def band_rows(self) -> list[tuple[str, str, str, int]]:
        """(start, end, price) field names and the band's number."""
        count = sum(1 for name in self.fields if name.startswith("start-"))
        return [(f"start-{i}", f"end-{i}", f"price-{i}", i + 1) for i in range(count)]

    def band_fields(self) -> list[BandRow]:
        """Each band's bound fields, for the template."""
        return [
            BandRow(self[start], self[end], self[price], number, (number - 1) % BAND_TONES)
            for start, end, price, number in self.band_rows()
        ]

    def strip_cells(self) -> list[int | None]:
        """The 24-hour strip: each half hour's band tone, None where no band covers it."""
        return [None if owner is None else owner % BAND_TONES for owner in strip(self.bands())]

    def bands(self) -> list[Band]:
        """The bands as typed, where both times parse (for the strip, before validation too)."""
        found = []
        for start_name, end_name, _price, _n in self.band_rows():
            start, end = self._time(start_name), self._time(end_name)
            if start is not None and end is not None:
                found.append(Band(start, end))
        return found

    def _time(self, name: str) -> dt.time | None:
        if hasattr(self, "cleaned_data") and name in self.cleaned_data:
            value = self.cleaned_data[name]
            return value if isinstance(value, dt.time) else None
        raw = self[name].value()
        if isinstance(raw, dt.time):
            return raw
        for pattern in ("%H:%M", "%H:%M:%S"):
            try:
                return dt.datetime.strptime(str(raw), pattern).time()
            except ValueError:
                continue
        return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        found = coverage(self.bands())
        if found.empty:
            # The first such band: one whole sentence, never a list glued together.
            message = _(
                "Band %(numbers)s starts and ends at the same time. Give it an end time."
            ) % {"numbers": found.empty[0] + 1}
        elif found.overlaps:
            message = _(
                "The bands overlap from %(stretches)s. Change the times so each hour has one price."
            ) % {"stretches": self._stretches(found.overlaps)}
        elif found.gaps:
            message = _(
                "No price is set from %(stretches)s. "
                "Add a band or change the times so the bands cover the whole day."
            ) % {"stretches": self._stretches(found.gaps)}
        else:
            return cleaned
        self.add_error("bands", message)
        return cleaned

    def _stretches(self, stretches: tuple[tuple[dt.time, dt.time], ...]) -> str:
        parts = [
            # Translators: one stretch of the day in a band message, e.g. "11:00 PM to 7:00 AM".
            gettext("%(start)s to %(end)s")
            % {"start": clock(start, self.locale), "end": clock(end, self.locale)}
            for start, end in stretches
        ]
        return str(format_list(parts, locale=self.locale))

    def answer(self) -> Answer:
        hours = []
        for start_name, end_name, price_name, _n in self.band_rows():
            hours.append(
                {
                    "cost": wire_number(self.cleaned_data[price_name]),
                    "valid_from": self.cleaned_data[start_name].strftime(_WIRE_TIME),
                    "valid_to": self.cleaned_data[end_name].strftime(_WIRE_TIME),
                }
            )
        return Answer({"hours": hours})


def _clock_field(label: str, required: str, invalid: str) -> forms.TimeField:
    """A time of day, typed as HH:MM (a time input in the browser)."""
    return forms.TimeField(
        label=label,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time", "step": 60}, format="%H:%M"),
        error_messages={"required": required, "invalid": invalid},
    )


def edited_bands(data: Any, edit: str) -> dict[str, Any]:
    """The initial values after "add a band" or "remove band N", keeping what was typed."""
    count = band_count(data.get("bands"), default=1)
    rows = [
        {key: str(data.get(f"{key}-{i}", ""))[:32] for key in ("start", "end", "price")}
        for i in range(count)
    ]
    if edit == "add" and count < MAX_BANDS:
        # The new band starts where the last one ends: the usual way to split a day.
        rows.append({"start": rows[-1]["end"], "end": "", "price": ""})
    elif edit.startswith("remove-") and count > 1:
        index = edit.removeprefix("remove-")
        if index.isdigit() and int(index) < count:
            rows.pop(int(index))
    initial: dict[str, Any] = {"bands": len(rows)}
    for i, row in enumerate(rows):
        initial.update({f"{key}-{i}": value for key, value in row.items()})
    return initial


def band_count(raw: Any, *, default: int) -> int:
    """How many bands a posted or initial `bands` asks for, from 1 to MAX_BANDS."""
    try:
        return max(1, min(MAX_BANDS, int(str(raw))))
    except (TypeError, ValueError):
        return default


def _wire_time(value: str) -> str:
    """ "07:00:00" from Connect as "07:00" for a time input; anything else blank."""
    return value[:5] if re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value) else ""


# A surcharge's percentage: down to the whole market price taken off, at most doubling it.
MIN_PERCENTAGE, MAX_PERCENTAGE = Decimal(-100), Decimal(100)


class SurchargeForm(_PriceForm):
    """What a market tariff adds to the market price: a fixed amount, a percentage, or both.

    Either may be negative, a credit. A 0 from Connect is nothing known: an empty field.
    """

    PAYLOAD = SurchargePage
    payload: SurchargePage
    OTHER = OtherAnswer("skip", "1", _("Skip"))
    CODE_FIELDS = {
        "cost_value_negative": "fixed",
        "surcharge_percentage_invalid": "percentage",
        "region_invalid": "region",
    }

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        # "Skip" answers the page with its route alone (§6.1), whatever was typed.
        self.skipping = self.is_bound and bool(self.data.get("skip"))
        self.fields["fixed"] = self.price_field(
            _("Added to each kWh, in %(unit)s (optional)") % {"unit": self.unit.name},
            allow_zero=True,
            signed=True,
            required=False,
            help_text=_(
                "A fixed amount your supplier adds to the market price of every kWh. "
                "For a credit, type a minus sign first."
            ),
        )
        self.fields["percentage"] = forms.CharField(
            label=_("Added as a percentage (optional)"),
            help_text=_(
                "A share of the market price your supplier adds, such as 5%. "
                "For a discount, type a minus sign first."
            ),
            required=False,
            max_length=16,
            widget=forms.TextInput(attrs=number_attrs(signed=True)),
        )
        listed = self.payload.regions
        if listed:
            # Connect may list the regions here too, but does not insist on one: the region has
            # its own page (region_select) before this one.
            self.fields["region"] = forms.ChoiceField(
                label=_("Your region (optional)"),
                choices=[("", _("Choose your region")), *[(r, r) for r in listed]],
                required=False,
                error_messages={"invalid_choice": _("Choose your region.")},
            )
            # Asked first: it decides which surcharge applies.
            self.order_fields(["region", "fixed", "percentage"])

    def prefill(self) -> dict[str, Any]:
        surcharge = self.payload.surcharge
        initial: dict[str, Any] = {}
        # null and 0 alike leave the field empty: nothing to add, or nothing known.
        fixed = self.typed(surcharge.fixed)
        if fixed:
            initial["fixed"] = fixed
        if surcharge.percentage:
            initial["percentage"] = str(surcharge.percentage.normalize())
        if self.payload.region:
            initial["region"] = self.payload.region
        return initial

    def clean_percentage(self) -> Decimal | None:
        text = self.cleaned_data.get("percentage") or ""
        if not text.strip():
            return None
        value = parse_number(text.strip().rstrip("%"), self.locale)
        if value is None:
            raise forms.ValidationError(_("Enter the percentage as a number, like 5."))
        if not MIN_PERCENTAGE <= value <= MAX_PERCENTAGE:
            raise forms.ValidationError(_("Enter a percentage from -100 to 100."))
        return value

    def full_clean(self) -> None:
        super().full_clean()
        if self.skipping:
            self._errors = forms.utils.ErrorDict()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.skipping:
            return cleaned
        if not self.errors and cleaned.get("fixed") is None and cleaned.get("percentage") is None:
            raise forms.ValidationError(
                _("Enter what your supplier adds to the market price, or choose Skip.")
            )
        return cleaned

    def answer(self) -> Answer:
        if self.skipping:
            return Answer(None)
        fixed = self.cleaned_data.get("fixed") or Decimal(0)
        percentage = self.cleaned_data.get("percentage") or Decimal(0)
        data: dict[str, Any] = {
            "surcharge": {"fixed": wire_number(fixed), "percentage": wire_number(percentage)}
        }
        if self.cleaned_data.get("region"):
            data["region"] = self.cleaned_data["region"]
        return Answer(data)
