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
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from connect_app.connect.bands import MINUTES, Band, coverage, room_for_band
from connect_app.connect.tariff_payloads import PriceBand, Prices, SurchargePage
from connect_app.formatting import (
    PriceUnit,
    clock_24h,
    minor_amount,
    parse_number,
    price_label,
    price_unit,
)
from connect_app.forms.answer import Answer, OtherAnswer, TariffForm
from connect_app.forms.day_bar import BarStretch, day_bar, price_tones

# Far beyond any household tariff, in major units per kWh: a typo, not a price.
MAX_PRICE = Decimal(20)
MAX_BANDS = 12
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


class ClockField(forms.CharField):
    """A time of day on the 24-hour clock, as it is shown on the day's bar: "07:00", with "7",
    "7.30", "0730" or "7:30 pm" taken too; "24:00" ends a band at midnight.

    Not the browser's time input: that one shows the device's clock (12 hours on an American
    phone, whatever language the page speaks) and "12:00 AM" for the end of the day.
    """

    def __init__(self, *, end: bool = False, **kwargs: Any):
        self.end = end
        kwargs.setdefault("max_length", 16)
        # A phone's decimal keypad: digits and a separator, which is all a time needs.
        attrs = {"inputmode": "decimal", "autocomplete": "off", "class": "input--clock"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        minutes = parse_clock(text)
        if minutes is None or (minutes == MINUTES and not self.end):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return dt.time(minutes // 60 % 24, minutes % 60)


_CLOCK = re.compile(r"(\d{1,2})(?:[:.,h](\d{2}))?(?::00)?(am|pm)?|(\d{1,2})(\d{2})(am|pm)?")


def parse_clock(text: str) -> int | None:
    """Minutes after midnight of a time typed on a clock; 1440 for "24:00", None if it is none."""
    typed = re.sub(r"\s+", "", text).lower().replace("a.m.", "am").replace("p.m.", "pm")
    match = _CLOCK.fullmatch(typed)
    if match is None:
        return None
    hour_text, minute_text, meridiem = match.group(1, 2, 3)
    if hour_text is None:
        hour_text, minute_text, meridiem = match.group(4, 5, 6)
    hour, minute = int(hour_text), int(minute_text or 0)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        return None
    return hour * 60 + minute


# Said when a thirteenth band is asked for (Django's formset fills in `num`, as we do).
TOO_MANY_BANDS = ngettext_lazy(
    "You can enter up to %(num)d band.", "You can enter up to %(num)d bands.", "num"
)


class BandForm(forms.Form):
    """One band of the day: when it starts and ends, and its price. The fieldset's legend names
    the band, so the labels need not."""

    def __init__(self, *args: Any, unit: PriceUnit, locale: str, number: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.number = number
        n = {"number": number}
        self.fields["start"] = ClockField(
            label=_("Starts at"),
            error_messages={
                "required": _("Enter when band %(number)s starts.") % n,
                "invalid": _("Enter a time like 07:00 for band %(number)s.") % n,
            },
        )
        self.fields["end"] = ClockField(
            end=True,
            label=_("Ends at"),
            error_messages={
                "required": _("Enter when band %(number)s ends.") % n,
                "invalid": _("Enter a time like 23:00 for band %(number)s.") % n,
            },
        )
        self.fields["price"] = PriceField(
            unit=unit,
            locale=locale,
            label=_("Price per kWh, in %(unit)s") % {"unit": unit.name},
            error_messages={"required": _("Enter the price of band %(number)s.") % n},
        )

    def time(self, name: str) -> dt.time | None:
        """A time as typed, where it reads as one (for the bar, before validation too)."""
        minutes = parse_clock(str(self[name].value() or ""))
        if minutes is None or (minutes == MINUTES and name == "start"):
            return None
        return dt.time(minutes // 60 % 24, minutes % 60)


class BaseBandFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The bands of a day: each checked by its own form, then together, for covering the day
    once."""

    default_error_messages = {
        "missing_management_form": _(
            "This form was sent incomplete. Check your bands and send it again."
        ),
        "too_many_forms": TOO_MANY_BANDS,
    }

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs(index)
        # Every band posted is checked, an empty one too (a formset would let it pass).
        return {**kwargs, "number": (index or 0) + 1, "empty_permitted": False}

    def clean(self) -> None:
        if not self.management_form.is_valid() or any(self.errors):
            return
        message = coverage_problem(
            [Band(form.cleaned_data["start"], form.cleaned_data["end"]) for form in self.forms],
            self.form_kwargs["locale"],
        )
        if message:
            raise forms.ValidationError(message)


BandFormSet = forms.formset_factory(
    BandForm,
    formset=BaseBandFormSet,
    extra=0,
    max_num=MAX_BANDS,
    absolute_max=MAX_BANDS,
    validate_max=True,
)


def coverage_problem(bands: list[Band], locale: str) -> str | None:
    """What keeps the bands from pricing the whole day once, in one whole sentence; or None."""
    found = coverage(bands)
    if found.empty:
        # The first such band: one whole sentence, never a list glued together.
        return _("Band %(numbers)s starts and ends at the same time. Give it an end time.") % {
            "numbers": found.empty[0] + 1
        }
    if found.overlaps:
        return _(
            "The bands overlap from %(stretches)s. Change the times so each hour has one price."
        ) % {"stretches": _stretches(found.overlaps, locale)}
    if found.gaps:
        return _(
            "No price is set from %(stretches)s. "
            "Add a band or change the times so the bands cover the whole day."
        ) % {"stretches": _stretches(found.gaps, locale)}
    return None


def _stretches(stretches: tuple[tuple[dt.time, dt.time], ...], locale: str) -> str:
    parts = [
        # Translators: one stretch of the day in a band message, e.g. "23:00 to 07:00".
        gettext("%(start)s to %(end)s")
        % {"start": clock_24h(start), "end": clock_24h(end, end=True)}
        for start, end in stretches
    ]
    return str(format_list(parts, locale=locale))


@dataclass(frozen=True)
class BandRow:
    """One band's fieldset: its fields, its number and legend, its tone on the day's bar."""

    number: int
    start: forms.BoundField
    end: forms.BoundField
    price: forms.BoundField
    tone: str
    legend_id: str


class TimeOfDayForm(_PriceForm):
    """Bands of the day, each with a start, an end and a price; they must cover the day once.

    The bands are a formset (`band-N-start`, `band-N-end`, `band-N-price`). Adding and removing
    one is a post with `edit` that shows the form again with what was typed, sending nothing to
    Connect; adding one where the bands already cover the day halves the last band.
    """

    PAYLOAD = Prices
    payload: Prices
    # The band field each of Connect's codes is about; which band, Connect does not say.
    BAND_CODES = {
        "cost_value_zero": "price",
        "cost_value_negative": "price",
        "valid_from_invalid": "start",
        "valid_to_invalid": "end",
    }
    DAY_CODES = frozenset({"gap_in_time_period", "incomplete_time_period"})
    # The fieldset of the bands: where a problem of the whole day is shown and linked.
    FIELDSET_ID = "answer-bands"

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        self.edit = str(data.get("edit") or "") if data is not None else ""
        # Adding or removing a band is shown again unbound, with what was typed as its values.
        super().__init__(None if self.edit else data, **kwargs)
        options: dict[str, Any] = {
            "prefix": "band",
            "auto_id": "answer-%s",
            "form_kwargs": {"unit": self.unit, "locale": self.locale},
        }
        # What the page says after adding a band where it went ("band 4 covers ..."); the new
        # band's price then takes the focus, described by it.
        self.note = ""
        self.added = False
        self.day_errors: list[str] = []
        if self.edit:
            typed = _typed_rows(BandFormSet(data, **options))
            rows, self.note = edited_bands(typed, self.edit)
            self.added = len(rows) > len(typed)
            self.bands = BandFormSet(initial=rows, **options)
        elif self.is_bound:
            self.bands = BandFormSet(data, **options)
        else:
            self.bands = BandFormSet(initial=self.initial.get("bands") or [], **options)

    def prefill(self) -> dict[str, Any]:
        rows = []
        for band in (self.payload.hours or DEFAULT_BANDS)[:MAX_BANDS]:
            rows.append(
                {
                    "start": _wire_clock(band.valid_from, end=False),
                    "end": _wire_clock(band.valid_to, end=True),
                    "price": self.typed(band.cost) or "",
                }
            )
        return {"bands": rows}

    def is_edit(self) -> bool:
        return bool(self.edit)

    def is_valid(self) -> bool:
        return super().is_valid() and self.bands.is_valid()

    def answer(self) -> Answer:
        hours = [
            {
                "cost": wire_number(band.cleaned_data["price"]),
                "valid_from": band.cleaned_data["start"].strftime(_WIRE_TIME),
                "valid_to": band.cleaned_data["end"].strftime(_WIRE_TIME),
            }
            for band in self.bands.forms
        ]
        return Answer({"hours": hours})

    # --- Connect's codes and the error summary --------------------------------------------------

    def add_connect_error(self, code: str, message: str) -> None:
        field = self.BAND_CODES.get(code)
        at = self._band_at_fault(code) if field else None
        if field and at is not None:
            self.bands.forms[at].add_error(field, message)
        elif field or code in self.DAY_CODES:
            self.day_errors.append(message)
        else:
            self.add_error(None, message)

    def _band_at_fault(self, code: str) -> int | None:
        """The band a code names, where what was sent tells: the only band, or, for a price
        Connect finds zero or negative, the one cheapest band (Connect rounds finer prices)."""
        forms_ = self.bands.forms
        if len(forms_) == 1:
            return 0
        if self.BAND_CODES[code] != "price":
            return None
        prices = [form.cleaned_data.get("price") for form in forms_]
        known = [price for price in prices if price is not None]
        if len(known) != len(prices) or known.count(min(known)) != 1:
            return None
        return prices.index(min(known))

    def day_problems(self) -> list[str]:
        """Problems of the bands together, shown at their fieldset."""
        return [str(message) for message in self.bands.non_form_errors()] + self.day_errors

    def error_summary(self) -> list[tuple[str | None, str]]:
        summary: list[tuple[str | None, str]] = [
            (None, str(message)) for message in self.non_field_errors()
        ]
        summary += [(self.FIELDSET_ID, message) for message in self.day_problems()]
        for band in self.bands.forms:
            summary += [(band[name].auto_id, str(errs[0])) for name, errs in band.errors.items()]
        return summary

    def marked(self) -> TimeOfDayForm:
        for row in self.band_rows():
            for bound in (row.start, row.end, row.price):
                attrs = bound.field.widget.attrs
                # "Band 2 Starts at": the legend and the field's own label, unique on the page.
                attrs["aria-labelledby"] = f"{row.legend_id} {bound.auto_id}-label"
                described = [CLOCK_HINT_ID] if bound.name != "price" else []
                if self.added and bound.name == "price" and row.number == len(self.bands.forms):
                    attrs["autofocus"] = True
                    if self.note:
                        described.append(NOTE_ID)
                if bound.errors:
                    described.append(f"{bound.auto_id}-error")
                    attrs["aria-invalid"] = "true"
                if described:
                    attrs["aria-describedby"] = " ".join(described)
        return self

    # --- what the page shows ----------------------------------------------------------------

    def band_rows(self) -> list[BandRow]:
        tones = self._tones()
        return [
            BandRow(
                number=band.number,
                start=band["start"],
                end=band["end"],
                price=band["price"],
                tone="price-tone-none" if tone is None else f"price-tone-{tone}",
                legend_id=f"answer-band-{index}-legend",
            )
            for index, (band, tone) in enumerate(zip(self.bands.forms, tones, strict=True))
        ]

    def day_bar(self) -> tuple[BarStretch, ...]:
        """The day's bar of the bands as typed, where their times read (before validation too)."""
        known = []
        for row, band in enumerate(self.bands.forms):
            start, end = band.time("start"), band.time("end")
            if start is not None and end is not None:
                known.append((row, Band(start, end)))
        prices = self._prices()
        labels = [
            price_label(price / self.unit.factor, self.unit.currency, self.locale)
            if price is not None
            else ""
            for price in prices
        ]
        return day_bar(known, price_tones(prices), labels)

    def bar_options(self) -> dict[str, str]:
        """What the script needs to write a price on the bar as the server does."""
        return {
            "locale": self.locale.replace("_", "-"),
            "currency": self.unit.currency,
            "sign": self.unit.sign if self.unit.factor != 1 else "",
        }

    def _prices(self) -> list[Decimal | None]:
        """Each band's price as typed, in the customer's unit, where it reads as one above 0."""
        found = []
        for band in self.bands.forms:
            price = parse_number(str(band["price"].value() or ""), self.locale)
            found.append(price if price is not None and price > 0 else None)
        return found

    def _tones(self) -> tuple[int | None, ...]:
        return price_tones(self._prices())


# The hint on the 24-hour clock, which every time field of the page is described by, and the
# note that says where an added band went.
CLOCK_HINT_ID = "answer-bands-clock-hint"
NOTE_ID = "answer-bands-note"


def _typed_rows(posted: forms.BaseFormSet) -> list[dict[str, str]]:  # type: ignore[type-arg]
    """Each band as it was typed, from a posted formset (whether or not it is valid)."""
    return [
        {name: str(band[name].value() or "")[:32] for name in ("start", "end", "price")}
        for band in posted.forms
    ]


def edited_bands(rows: list[dict[str, str]], edit: str) -> tuple[list[dict[str, str]], str]:
    """The bands after "add a band" or "remove band N", keeping what was typed; and what the
    page says about it (a band added with its times known says where it went).

    A new band fills the first stretch no band covers; where the bands already cover the day,
    it takes the later half of the last band, which then ends where the new one starts.
    """
    rows = [dict(row) for row in rows]
    if edit.startswith("remove-"):
        index = edit.removeprefix("remove-")
        if len(rows) > 1 and index.isdigit() and int(index) < len(rows):
            rows.pop(int(index))
        return rows, ""
    if edit != "add":
        return rows, ""
    if len(rows) >= MAX_BANDS:
        return rows, str(TOO_MANY_BANDS % {"num": MAX_BANDS})
    known = []
    for row, typed in enumerate(rows):
        start, end = parse_clock(typed["start"]), parse_clock(typed["end"])
        if start is not None and end is not None and start < MINUTES:
            known.append((row, Band(_clock_time(start), _clock_time(end))))
    room = room_for_band([band for _row, band in known])
    if room is None:
        # Nothing to go by: the new band starts where the last one ends.
        rows.append({"start": rows[-1]["end"] if rows else "", "end": "", "price": ""})
        return rows, ""
    begins, ends = clock_24h(room.band.start), clock_24h(room.band.end, end=True)
    rows.append({"start": begins, "end": ends, "price": ""})
    added = len(rows)
    if room.shortened is None:
        note = _(
            "Band %(added)s covers %(start)s to %(end)s, which no band did. Enter its price."
        ) % {"added": added, "start": begins, "end": ends}
        return rows, str(note)
    split = known[room.shortened][0]
    rows[split]["end"] = begins
    note = _(
        "The bands already covered the whole day, so band %(added)s takes the later part of "
        "band %(split)s, from %(start)s to %(end)s. Enter its price."
    ) % {"added": added, "split": split + 1, "start": begins, "end": ends}
    return rows, str(note)


def _clock_time(minutes: int) -> dt.time:
    return dt.time(minutes // 60 % 24, minutes % 60)


def _wire_clock(value: str, *, end: bool) -> str:
    """ "07:00:00" from Connect as the page shows it, "07:00" ("24:00" for an end at
    midnight); anything else blank."""
    if not re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value):
        return ""
    minutes = parse_clock(value[:5])
    return "" if minutes is None or minutes == MINUTES else clock_24h(_clock_time(minutes), end=end)


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
        # "Skip" answers the page with its route alone (§6.1): whatever was typed is not read,
        # so it cannot be wrong (every field is optional).
        self.skipping = data is not None and bool(data.get("skip"))
        super().__init__({"skip": "1"} if self.skipping else data, **kwargs)
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
