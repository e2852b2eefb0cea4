"""The payment history page: what the programme has paid, is paying, or failed to pay."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext, pgettext_lazy

from connect_app import formatting as fmt
from connect_app.connect.pages import Page
from connect_app.connect.vpp_payloads import Payment, PaymentHistory
from connect_app.pages.common import ActionButton, RenderContext, Tone, action_buttons

# A payment's badge. Lazy: looked up in the request's language.
_STATUS: dict[str, tuple[Promise, Tone]] = {
    # Translators: a payment's status: the money has been paid.
    "PAID": (pgettext_lazy("payment status", "Paid"), "good"),
    # Translators: a payment's status: on its way, not yet paid.
    "PENDING": (pgettext_lazy("payment status", "Pending"), "progress"),
    # Translators: a payment's status: it did not go through.
    "FAILED": (pgettext_lazy("payment status", "Failed"), "bad"),
}
# How a payment reaches the customer, for the methods Connect documents; others are shown as
# Connect spells them, humanised.
_METHODS: dict[str, Promise] = {
    # Translators: followed by the account's masked number, "Bank account •••• 4821".
    "BANK_ACCOUNT": pgettext_lazy("payment method", "Bank account"),
}


@dataclass(frozen=True)
class PaymentRow:
    date: str
    covers: str
    amount: str
    negative: bool
    status_label: str
    status_tone: Tone


@dataclass(frozen=True)
class PaymentHistoryView:
    programme_name: str
    rows: tuple[PaymentRow, ...]
    total_paid: str
    has_failed: bool
    payment_method: str
    support_email: str
    support_reference: str
    actions: tuple[ActionButton, ...]


def build(page: Page, ctx: RenderContext) -> PaymentHistoryView:
    history = PaymentHistory.of(page)
    currency = history.currency_code
    rows = tuple(_row(p, currency, ctx.locale) for p in history.payments)
    paid = sum((p.amount for p in history.payments if p.status == "PAID"), start=Decimal(0))
    method = history.payment_method
    support = history.support
    return PaymentHistoryView(
        programme_name=history.programme.programme_display_name or gettext("Your VPP programme"),
        rows=rows,
        total_paid=fmt.money(paid, currency, ctx.locale),
        has_failed=_unresolved_failure(history.payments),
        payment_method=_method(method.type or "", method.masked or "") if method else "",
        support_email=(support.email or "") if support else "",
        support_reference=(support.reference or "") if support else "",
        actions=action_buttons(page),
    )


def _row(payment: Payment, currency: str, locale: str) -> PaymentRow:
    known = _STATUS.get(payment.status)
    if known is not None:
        label, tone = str(known[0]), known[1]
    else:  # a status this app does not know: as Connect spells it, humanised
        label, tone = fmt.humanise(payment.status) or gettext("Unknown"), "neutral"
    covers = ""
    if payment.period_start is not None:
        covers = fmt.period_label("MONTH", payment.period_start, None, locale)
        if payment.period_end and payment.period_end.replace(day=1) != payment.period_start:
            covers = fmt.period_label("", payment.period_start, payment.period_end, locale)
    return PaymentRow(
        # Translators: a payment's date when the programme has not set one yet.
        date=fmt.long_date(payment.payment_date, locale)
        if payment.payment_date
        else gettext("Not set"),
        covers=covers,
        amount=fmt.money(payment.amount, currency, locale),
        negative=payment.amount < 0,
        status_label=label,
        status_tone=tone,
    )


def _method(code: str, masked: str) -> str:
    """ "Bank account •••• 4821": the method's name, then its masked number as Connect sends it."""
    known = _METHODS.get(code.upper())
    name = str(known) if known is not None else fmt.humanise(code)
    if name and masked:
        # Translators: a payment method and its masked number, "Bank account •••• 4821".
        joined = pgettext("payment method", "%(method)s %(number)s")
        return joined % {"method": name, "number": masked}
    return name or masked


def _unresolved_failure(payments: tuple[Payment, ...]) -> bool:
    """A failed payment that no later payment for the same period has made good."""
    paid_periods = {p.period_start for p in payments if p.status == "PAID" and p.period_start}
    return any(
        p.status == "FAILED" and (p.period_start is None or p.period_start not in paid_periods)
        for p in payments
    )
