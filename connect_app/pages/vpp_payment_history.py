"""The payment history page: what the programme has paid, is paying, or failed to pay."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext, pgettext_lazy

from connect_app import formatting as fmt
from connect_app.connect.replies import Page
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
# A negative amount is money taken back (a correction), not a payment: its own words.
_TAKEN_BACK: dict[str, tuple[Promise, Tone]] = {
    # Translators: a payment's status: a correction has been taken back from the customer.
    "PAID": (pgettext_lazy("payment status", "Deducted"), "neutral"),
    # Translators: a payment's status: a correction will be taken back from the customer.
    "PENDING": (pgettext_lazy("payment status", "To be deducted"), "progress"),
    # Translators: a payment's status: taking back a correction did not go through.
    "FAILED": (pgettext_lazy("payment status", "Not deducted"), "neutral"),
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
    covers: str  # "For February 2025", "An adjustment to February 2025", or ""
    amount: str
    negative: bool
    status_label: str
    status_tone: Tone
    # What a failed payment came to: "Paid again on March 12, 2025.", or "Not paid yet."
    note: str = ""
    status_sent: str = ""  # a status we have no words for, as sent


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
    rows = tuple(_row(p, history.payments, currency, ctx.locale) for p in history.payments)
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


def _row(payment: Payment, payments: tuple[Payment, ...], currency: str, locale: str) -> PaymentRow:
    negative = payment.amount < 0
    known = (_TAKEN_BACK if negative else _STATUS).get(payment.status)
    note = sent = ""
    if known is not None:
        label, tone = str(known[0]), known[1]
    else:  # a status this app does not know: our words, and the status as sent below them
        label, tone = gettext("Other status"), "neutral"
        sent = fmt.humanise(payment.status)
    if payment.status == "FAILED" and not negative:
        again = _made_good(payment, payments)
        if again is None:
            # What to do is said once, above the table (has_failed).
            note = gettext("Not paid yet.")
        elif again.payment_date is None:
            tone, note = "neutral", gettext("Paid again later.")
        else:
            tone = "neutral"
            # Translators: %(date)s is the date a failed payment was sent again, "Mar 12, 2025".
            note = gettext("Paid again on %(date)s.") % {
                "date": fmt.medium_date(again.payment_date, locale)
            }
    covers = ""
    if payment.period_start is not None:
        period = fmt.period_label("MONTH", payment.period_start, None, locale)
        if payment.period_end and payment.period_end.replace(day=1) != payment.period_start:
            period = fmt.period_label("", payment.period_start, payment.period_end, locale)
        covers = (
            # Translators: %(period)s is what a correction is for, "February 2025".
            gettext("An adjustment to %(period)s")
            if negative
            # Translators: %(period)s is what a payment is for, "February 2025".
            else gettext("For %(period)s")
        ) % {"period": period}
    return PaymentRow(
        # Translators: a payment's date when the programme has not set one yet.
        date=fmt.medium_date(payment.payment_date, locale)
        if payment.payment_date
        else gettext("Not set"),
        covers=covers,
        amount=fmt.money(payment.amount, currency, locale),
        negative=negative,
        status_label=label,
        status_tone=tone,
        note=note,
        status_sent=sent,
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
    return any(
        p.status == "FAILED" and p.amount >= 0 and _made_good(p, payments) is None for p in payments
    )


def _made_good(failed: Payment, payments: tuple[Payment, ...]) -> Payment | None:
    """The payment that paid the failed one's period after all, if one did."""
    if failed.period_start is None:
        return None
    return next(
        (
            p
            for p in payments
            if p.status == "PAID" and p.amount > 0 and p.period_start == failed.period_start
        ),
        None,
    )
