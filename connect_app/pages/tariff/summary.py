"""The tariff in words and today's prices: `tariff_summary` (anode), `tariffs_summary` (busbar).

Also the pages around it that only tell the customer where things stand: pending, failed and
complete.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy
from pydantic import ValidationError

from connect_app import formatting as fmt
from connect_app.connect.kinds import CONFIRMED_ACTIONS
from connect_app.connect.replies import Page
from connect_app.connect.tariff_payloads import (
    Provider,
    Rate,
    StatusPage,
    TariffFacts,
    TariffSummary,
)
from connect_app.pages.chart_scale import Scale, number_scale
from connect_app.pages.common import ActionButton, RenderContext, action_buttons, action_label
from connect_app.pages.tariff.common import ProviderBadge, TariffPageView, badge, structure_words

# A tariff's status as Connect documents it (busbar's tariffs_summary); others are humanised.
STATUSES = {
    # Translators: a tariff's status: the programme receives its prices.
    "CONNECTED": pgettext_lazy("tariff status", "Connected"),
    # Translators: a tariff's status: the customer has said it is the wrong tariff.
    "ERROR_REPORTED": pgettext_lazy("tariff status", "Reported as wrong"),
}


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class PriceStretch:
    start: str
    end: str
    price: str


@dataclass(frozen=True)
class TodaysPrices:
    """Today's prices by hour for the chart, and as stretches of one price for the table."""

    day: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]  # minor units per kWh (what the customer typed)
    unit: str  # "¢/kWh"
    stretches: tuple[PriceStretch, ...]
    # Each hour's price as the table writes it, "24.5¢/kWh", for the chart's tooltips: the
    # script shows these as they are rather than putting a number and a unit together itself.
    texts: tuple[str, ...] = ()
    # The price scale as drawn, in the customer's way of writing numbers ("24,5" in German).
    scale: Scale | None = None

    def chart(self) -> dict[str, Any]:
        drawn = {
            "labels": list(self.labels),
            "values": list(self.values),
            "unit": self.unit,
            "texts": list(self.texts),
        }
        if self.scale:
            drawn["scale"] = {
                "ticks": [float(t) for t in self.scale.ticks],
                "words": list(self.scale.words),
            }
        return drawn


@dataclass(frozen=True)
class TariffCard:
    name: str
    provider: ProviderBadge | None
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class SummaryView:
    head: TariffPageView
    tariffs: tuple[TariffCard, ...]
    prices: TodaysPrices | None
    disconnect: ActionButton | None
    # Asked above the actions when the tariff is connected, "That’s my tariff" first among them.
    question: str = ""


def summary(page: Page, ctx: RenderContext) -> SummaryView:
    """Both summary shapes: one tariff under `data`, or busbar's top-level `tariffs[]`.

    A connected tariff's summary is the flow's finish: it says so, and its one primary action,
    "That’s my tariff", sends BACK, which returns to where the flow began (the dashboard) with
    the tariff connected; Close would end the whole session.
    """
    found = TariffSummary.of(page)
    zone = ctx.zone(found.timezone or None)
    facts = _tariffs(found)
    tariffs = tuple(_facts(tariff, provider, ctx) for tariff, provider in facts)
    rates = found.todays_rates()
    connected = _connected(facts)
    reported = any(t.status.upper() == "ERROR_REPORTED" for t, _provider in facts)
    if connected:
        title = ngettext("Your tariff is connected", "Your tariffs are connected", len(tariffs))
        lead = _("Your programme now times your battery around these prices.")
    elif reported:
        title = _("Your tariff")
        lead = _("You have told us this is the wrong tariff. Start again to enter the right one.")
    else:
        title = _("Your tariff")
        lead = _("Check that this is the tariff on your electricity bill.")
    return SummaryView(
        head=TariffPageView(
            title=title,
            lead=lead,
            provider=tariffs[0].provider if len(tariffs) == 1 else None,
            actions=_actions(page, confirming=connected),
        ),
        tariffs=tariffs,
        prices=todays_prices(rates, zone, found.currency_code, ctx) if rates else None,
        disconnect=_confirmed_action(page),
        question=_("Is this the tariff on your electricity bill?") if connected else "",
    )


def _tariffs(found: TariffSummary) -> list[tuple[TariffFacts, Provider | None]]:
    if found.lists_tariffs:
        return [(tariff, tariff.provider) for tariff in found.tariffs[:10]]
    return [(found.tariff or TariffFacts(), found.provider)]


def _connected(facts: list[tuple[TariffFacts, Provider | None]]) -> bool:
    """Whether the page shows connected tariffs: anode's summary is of the connected tariff
    and says no status; busbar's lists each with its own."""
    return bool(facts) and all(t.status.upper() in ("", "CONNECTED") for t, _provider in facts)


def _actions(page: Page, *, confirming: bool) -> tuple[ActionButton, ...]:
    """The page's actions; on a connected tariff's summary, BACK worded as the confirmation it
    is, first and primary, then "This is the wrong tariff", the other answer. Disconnecting is
    asked again before it is sent, as leaving a programme is, so it is not among them."""
    buttons = action_buttons(page, exclude=CONFIRMED_ACTIONS)
    if not confirming:
        return buttons
    others = sorted(
        (button for button in buttons if button.action != "BACK"),
        key=lambda button: button.action != "WRONG_TARIFF",
    )
    # Translators: the summary's main button: the customer confirms the tariff shown is theirs.
    return (ActionButton("BACK", _("That’s my tariff"), "primary"), *others)


def confirmed_tariff(page: Page) -> str | None:
    """The name of the tariff this summary shows connected ("" when it has none, or there are
    several), for the dashboard to confirm once the customer has said it is theirs; None when
    the page shows no connected tariff."""
    try:
        found = TariffSummary.of(page)
    except ValidationError:
        return None
    facts = _tariffs(found)
    if not _connected(facts):
        return None
    names = [tariff.name or tariff.display_name for tariff, _provider in facts]
    return names[0][:80] if len(names) == 1 else ""


@dataclass(frozen=True)
class ConnectedMessage:
    """The dashboard's confirmation, shown once, after "That’s my tariff"."""

    headline: str
    detail: str


def connected_message(name: str) -> ConnectedMessage:
    return ConnectedMessage(
        headline=_("Your tariff “%(name)s” is connected.") % {"name": name}
        if name
        else _("Your tariff is connected."),
        detail=_("Your programme now times your battery around its prices."),
    )


def _confirmed_action(page: Page) -> ActionButton | None:
    offered = [a for a in page.actions if a in CONFIRMED_ACTIONS]
    return ActionButton(offered[0], action_label(offered[0]), "secondary") if offered else None


def _facts(tariff: TariffFacts, provider: Provider | None, ctx: RenderContext) -> TariffCard:
    found = badge(provider)
    facts = []
    if found is not None:
        facts.append(Fact(_("Provider"), found.name))
    if tariff.structure_type:
        facts.append(Fact(_("Prices"), structure_words(tariff.structure_type)[0]))
    facts.append(Fact(_("Contract ends"), _contract_end(tariff, ctx)))
    if tariff.status:
        known = STATUSES.get(tariff.status.upper())
        facts.append(Fact(_("Status"), str(known) if known else fmt.humanise(tariff.status)))
    return TariffCard(
        name=tariff.name or tariff.display_name or _("Your tariff"),
        provider=found,
        facts=tuple(facts),
    )


def _contract_end(tariff: TariffFacts, ctx: RenderContext) -> str:
    if tariff.open_ended:
        return _("No end date")
    if tariff.ends_on is None:
        return _("Not given")
    return fmt.long_date(tariff.ends_on, ctx.locale)


def todays_prices(
    rates: tuple[Rate, ...], zone: Any, currency: str, ctx: RenderContext
) -> TodaysPrices | None:
    """Hour by hour from the day's rates, each with a cost and its moments."""
    entries = [
        (rate.valid_from, rate.valid_to, rate.cost)
        for rate in rates
        if rate.cost is not None and rate.valid_from and rate.valid_to
    ]
    if not entries:
        return None
    # "today" is Connect's today: the day its rates begin on, in the programme's zone.
    day = min(start for start, _end, _cost in entries).astimezone(zone).date()
    unit = fmt.price_unit(currency, ctx.locale)
    labels, values, prices = [], [], []
    for hour in range(24):
        moment = dt.datetime.combine(day, dt.time(hour), zone)
        price = next((c for s, e, c in entries if s <= moment < e), None)
        labels.append(fmt.hour(moment, ctx.locale))
        values.append(float(price * unit.factor) if price is not None else None)
        prices.append(price)
    if all(value is None for value in values):
        return None
    return TodaysPrices(
        day=fmt.long_date(day, ctx.locale),
        labels=tuple(labels),
        values=tuple(values),
        unit=f"{unit.sign}/kWh",
        stretches=_stretches(prices, labels, currency, ctx.locale),
        texts=tuple(
            fmt.price_per_kwh(price, currency, ctx.locale) if price is not None else ""
            for price in prices
        ),
        scale=number_scale([p * unit.factor for p in prices if p is not None], ctx.locale),
    )


def _stretches(
    prices: list[Decimal | None], labels: list[str], currency: str, locale: str
) -> tuple[PriceStretch, ...]:
    found = []
    start = 0
    for hour in range(1, 25):
        if hour == 24 or prices[hour] != prices[start]:
            price = prices[start]
            if price is not None:
                # The day's end in words: "12:00 AM" or "0:00" there read as its start.
                end = labels[hour] if hour < 24 else pgettext("end of the day", "Midnight")
                found.append(
                    PriceStretch(labels[start], end, fmt.price_per_kwh(price, currency, locale))
                )
            start = hour
    return tuple(found)


@dataclass(frozen=True)
class StatusView:
    head: TariffPageView
    message: str
    tone: str  # "progress", "bad" or "good": the badge of the state
    disconnect: ActionButton | None
    continue_label: str = ""  # complete_tariff is answered by its route alone


_STATUS: dict[str, tuple[Any, Any, str]] = {
    "pending": (
        gettext_lazy("We are connecting your tariff"),
        # Lazy like the rest of this table: at import time no language is active yet.
        gettext_lazy(
            "Your provider is sending us your tariff. This usually takes a few minutes; "
            "you can close this page meanwhile."
        ),
        "progress",
    ),
    "failed": (
        gettext_lazy("We could not connect your tariff"),
        gettext_lazy(
            "Your provider did not let us fetch your tariff. Try again, or enter it yourself."
        ),
        "bad",
    ),
    "complete": (
        # Translators: complete_tariff follows a connection and a disconnection alike.
        gettext_lazy("All done"),
        gettext_lazy("There is nothing more to do here. Continue to go back to where you were."),
        "good",
    ),
}


def status(kind: str) -> Any:
    def build(page: Page, ctx: RenderContext) -> StatusView:
        title, lead, tone = _STATUS[kind]
        found = StatusPage.of(page)
        return StatusView(
            head=TariffPageView(
                title=str(title),
                lead=str(lead),
                provider=badge(found.provider),
                actions=action_buttons(page, exclude=CONFIRMED_ACTIONS),
            ),
            message=found.message,
            tone=tone,
            disconnect=_confirmed_action(page),
            continue_label=_("Continue") if kind == "complete" else "",
        )

    return build
