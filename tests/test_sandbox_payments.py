"""The sandbox's payment history: monthly earnings paid on the 7th, newest first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from connect_sandbox.customers import DEMO_CUSTOMERS, DemoCustomer, customer_by_key
from connect_sandbox.payments import (
    PaymentStatus,
    payment_date_for,
    payment_history,
    payment_method,
    payment_support,
)
from connect_sandbox.performance import performance
from connect_sandbox.periods import Period, PeriodType
from tests.test_sandbox_data import NOW, TODAY

PAYING = [
    demo for demo in DEMO_CUSTOMERS if demo.key in {"active", "suspended", "unenrolled", "london"}
]


def customer(key: str) -> DemoCustomer:
    found = customer_by_key(key)
    assert found is not None
    return found


def test_a_month_is_paid_on_the_seventh_of_the_next() -> None:
    assert payment_date_for(Period(PeriodType.MONTH, dt.date(2025, 2, 1))) == dt.date(2025, 3, 7)
    assert payment_date_for(Period(PeriodType.MONTH, dt.date(2025, 12, 1))) == dt.date(2026, 1, 7)


@pytest.mark.parametrize("demo", PAYING, ids=lambda c: c.key)
def test_monthly_payments_are_the_dashboards_earnings(demo: DemoCustomer) -> None:
    history = payment_history(demo, NOW)
    dates = [payment.payment_date for payment in history]
    assert dates == sorted(dates, reverse=True)
    assert [p.status for p in history].count(PaymentStatus.PENDING) == 1
    assert history[0].status is PaymentStatus.PENDING
    monthly = [p for p in history if p.payment_date.day == 7]
    assert len({p.period for p in monthly}) == len(monthly), "one a month"
    for payment in monthly:
        assert payment.period.end < TODAY, "only months that have ended"
        assert payment.payment_date == payment_date_for(payment.period)
        assert payment.amount == performance(demo, payment.period, NOW).earnings
        assert payment.amount > 0
    assert len({p.id for p in history}) == len(history)


@pytest.mark.parametrize("demo", PAYING, ids=lambda c: c.key)
def test_one_failed_payment_was_sent_again(demo: DemoCustomer) -> None:
    history = payment_history(demo, NOW)
    [failed] = [p for p in history if p.status is PaymentStatus.FAILED]
    [again] = [
        p for p in history if p.period == failed.period and p.id != failed.id and p.amount > 0
    ]
    assert again.status is PaymentStatus.PAID
    assert again.amount == failed.amount
    assert again.payment_date == failed.payment_date + dt.timedelta(days=5)
    assert history.index(again) == history.index(failed) - 1, "listed just above it"


def test_a_correction_takes_a_little_back() -> None:
    history = payment_history(customer("active"), NOW)
    [correction] = [p for p in history if p.amount < 0]
    [corrected] = [p for p in history if p.period == correction.period and p.amount > 0]
    assert correction.status is PaymentStatus.PAID
    assert correction.payment_date == corrected.payment_date.replace(day=21)
    assert -correction.amount == (corrected.amount * Decimal("0.05")).quantize(Decimal("0.01"))


def test_nothing_is_paid_before_a_first_whole_month_of_dispatch() -> None:
    assert payment_history(customer("enrolling"), NOW) == ()
    assert payment_history(customer("new"), NOW) == ()


def test_a_customer_who_left_is_paid_only_for_months_they_dispatched() -> None:
    riley = customer("unenrolled")
    ended_on = riley.dispatch_ended_on(TODAY)
    assert ended_on is not None
    history = payment_history(riley, NOW)
    assert history
    assert all(payment.period.start <= ended_on for payment in history)


def test_payment_method_and_support_are_stable_and_programme_specific() -> None:
    alex, priya = customer("active"), customer("london")
    assert payment_method(alex) == payment_method(alex)
    masked = payment_method(alex)["masked"]
    assert masked.startswith("•••• ") and masked[-4:].isdigit()
    assert payment_support(alex)["email"] == "payments@leap.example"
    assert payment_support(alex)["reference"].startswith("LEAP-")
    assert payment_support(priya)["reference"].startswith("NBE-")
    assert payment_support(alex) != payment_support(customer("suspended"))
