"""A demo customer's programme payments: one for each month of dispatch that has ended.

A month's earnings (from the data generator, so they match the dashboard) are paid on the 7th
of the next month. The newest payment is still pending; one older payment failed and was paid
again days later, and one was corrected afterwards, so every status and a negative amount show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from connect_sandbox.customers import DemoCustomer
from connect_sandbox.identifiers import stable_digits, stable_id
from connect_sandbox.performance import CENT, performance
from connect_sandbox.periods import Period, PeriodType, local_today
from connect_sandbox.wire import number

PAYMENT_DAY = 7
# A failed payment is sent again this many days later, as a payment of its own.
RETRY_AFTER = dt.timedelta(days=5)
# Which monthly payment (0 = newest) failed, and which was corrected; only with enough history
# for the failure not to be the pending one.
FAILED_AGE = 3
CORRECTED_AGE = 6
CORRECTION_DAY = 21
# A meter-data reconciliation clawed back this share of the corrected month.
CORRECTION_SHARE = Decimal("0.05")


class PaymentStatus(StrEnum):
    """Where a payment stands."""

    PAID = "PAID"
    PENDING = "PENDING"
    FAILED = "FAILED"


@dataclass(frozen=True)
class Payment:
    """One payment to the customer (negative: a correction taken back)."""

    id: str
    payment_date: dt.date
    period: Period
    amount: Decimal
    status: PaymentStatus

    def to_json(self) -> dict[str, Any]:
        """The payment as vpp_payment_history lists it."""
        return {
            "id": self.id,
            "payment_date": self.payment_date.isoformat(),
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
            "amount": number(self.amount),
            "status": self.status.value,
        }


def payment_date_for(month: Period) -> dt.date:
    """When a month's earnings are paid: the 7th of the following month."""
    return month.next().start.replace(day=PAYMENT_DAY)


def payment_history(customer: DemoCustomer, now: dt.datetime) -> tuple[Payment, ...]:
    """Every payment so far, newest first; empty before a first whole month of dispatch."""
    monthly = _monthly_payments(customer, now)
    if not monthly:
        return ()
    newest_first = list(reversed(monthly))
    newest_first[0] = replace(newest_first[0], status=PaymentStatus.PENDING)
    extras: list[Payment] = []
    if len(newest_first) > FAILED_AGE + 1:
        failed = replace(newest_first[FAILED_AGE], status=PaymentStatus.FAILED)
        newest_first[FAILED_AGE] = failed
        extras.append(_retry(customer, failed))
    if len(newest_first) > CORRECTED_AGE:
        extras.append(_correction(customer, newest_first[CORRECTED_AGE]))
    return tuple(
        sorted([*newest_first, *extras], key=lambda payment: payment.payment_date, reverse=True)
    )


def payment_method(customer: DemoCustomer) -> dict[str, str]:
    """The bank account payments go to, masked as the payment provider shows it."""
    return {
        "type": "BANK_ACCOUNT",
        "masked": f"•••• {stable_digits(4, customer.key, 'bank account')}",
    }


def payment_support(customer: DemoCustomer) -> dict[str, str]:
    """Who to contact about a payment, and the reference to quote."""
    programme = customer.programme
    reference = stable_digits(8, customer.key, programme.programme_id, "payee")
    return {
        "email": programme.payments_email,
        "reference": f"{programme.reference_prefix}-{reference}",
    }


def _monthly_payments(customer: DemoCustomer, now: dt.datetime) -> list[Payment]:
    """One PAID payment per ended month with earnings, oldest first."""
    today = local_today(customer, now)
    enrolled_on = customer.enrolled_on(today)
    if enrolled_on is None:
        return []
    payments = []
    month = Period.containing(PeriodType.MONTH, enrolled_on)
    while month.end < today:
        earnings = performance(customer, month, now).earnings
        if earnings > 0:
            payments.append(
                Payment(
                    id=_payment_id(customer, month, "monthly"),
                    payment_date=payment_date_for(month),
                    period=month,
                    amount=earnings,
                    status=PaymentStatus.PAID,
                )
            )
        month = month.next()
    return payments


def _retry(customer: DemoCustomer, failed: Payment) -> Payment:
    return Payment(
        id=_payment_id(customer, failed.period, "retry"),
        payment_date=failed.payment_date + RETRY_AFTER,
        period=failed.period,
        amount=failed.amount,
        status=PaymentStatus.PAID,
    )


def _correction(customer: DemoCustomer, corrected: Payment) -> Payment:
    clawback = (corrected.amount * CORRECTION_SHARE).quantize(CENT, rounding=ROUND_HALF_UP)
    return Payment(
        id=_payment_id(customer, corrected.period, "correction"),
        payment_date=corrected.payment_date.replace(day=CORRECTION_DAY),
        period=corrected.period,
        amount=-max(clawback, CENT),
        status=PaymentStatus.PAID,
    )


def _payment_id(customer: DemoCustomer, month: Period, kind: str) -> str:
    return stable_id("pay", customer.key, month.start.isoformat(), kind)
