"""The sandbox's demo customers: who they are, their programme and where they stand in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Programme:
    """A VPP programme as Connect describes it."""

    provider_id: str
    provider_display_name: str
    programme_id: str
    programme_display_name: str
    learn_more_url: str
    logo_url: str
    # Where customers write about payments, and the prefix of the reference they quote.
    payments_email: str
    reference_prefix: str
    # Days between asking to leave and having left; the battery keeps taking part meanwhile.
    notice_period_days: int = 14


@dataclass(frozen=True)
class PostalAddress:
    """Where a demo customer lives, as Connect's postal_address spells it."""

    address_line1: str
    city: str
    post_code: str
    country_code: str
    state: str = ""
    address_line2: str = ""

    def to_json(self) -> dict[str, str]:
        """The address as a page carries it: parts the customer has not got are left out."""
        parts = {
            "address_line1": self.address_line1,
            "address_line2": self.address_line2,
            "city": self.city,
            "state": self.state,
            "post_code": self.post_code,
            "country_code": self.country_code,
        }
        return {name: value for name, value in parts.items() if value}


@dataclass(frozen=True)
class DemoCustomer:
    """A homeowner the sandbox can play, with dates kept relative to "today".

    Dates are offsets rather than fixed days so that the demo looks the same whenever it runs:
    the active customer has always been enrolled for about twenty months.
    """

    key: str
    # In English, marked for translation: the welcome page shows them in the customer's
    # language (sandbox_demo), while the sandbox and its tests know each customer by these.
    name: str
    summary: str
    programme: Programme
    timezone: str
    currency_code: str
    participation_state: str
    tariff_connected: bool
    # Days before today that the customer enrolled; None: never enrolled.
    enrolled_days_ago: int | None
    # Days from enrolment to the first dispatch (consent, telemetry, registration).
    onboarding_days: int = 10
    # Days the onboarding checks ran late because the battery sent no data at first.
    onboarding_delay_days: int = 0
    # Days before today that dispatching stopped (suspension, leaving); None: still dispatching.
    dispatch_ended_days_ago: int | None = None
    # What one kWh dispatched earns, in the customer's currency.
    rate_per_kwh: Decimal = Decimal("1.15")
    suspension_reasons: tuple[str, ...] = ()
    # Known to the session from the start, so the tariff flow skips the address page.
    postal_address: PostalAddress | None = None

    @property
    def country_code(self) -> str:
        """The country the customer's home is in, from their address or their currency."""
        if self.postal_address is not None:
            return self.postal_address.country_code
        return "GB" if self.currency_code == "GBP" else "US"

    @property
    def zone(self) -> ZoneInfo:
        """The programme's time zone, in which days, months and "today" are counted."""
        return ZoneInfo(self.timezone)

    @property
    def is_enrolled(self) -> bool:
        """Whether the customer has ever enrolled (and so has a dashboard)."""
        return self.enrolled_days_ago is not None

    def enrolled_on(self, today: dt.date) -> dt.date | None:
        """The local date the customer enrolled, seen from `today`."""
        if self.enrolled_days_ago is None:
            return None
        return today - dt.timedelta(days=self.enrolled_days_ago)

    def first_dispatch_on(self, today: dt.date) -> dt.date | None:
        """The first local date the battery may be dispatched."""
        enrolled_on = self.enrolled_on(today)
        if enrolled_on is None:
            return None
        return enrolled_on + dt.timedelta(days=self.onboarding_days)

    def dispatch_ended_on(self, today: dt.date) -> dt.date | None:
        """The first local date with no more dispatching, if dispatching has stopped."""
        if self.dispatch_ended_days_ago is None:
            return None
        return today - dt.timedelta(days=self.dispatch_ended_days_ago)

    def may_dispatch_on(self, day: dt.date, today: dt.date) -> bool:
        """Whether `day` lies in the stretch when the programme could dispatch this battery."""
        first = self.first_dispatch_on(today)
        ended = self.dispatch_ended_on(today)
        return first is not None and first <= day and (ended is None or day < ended)


LEAP_COMMUNITY_POWERSHARE = Programme(
    provider_id="prv_8587fa49c7e5297ccc6c57e5",
    provider_display_name="Leap",
    programme_id="vpr_6a1f8e375db9de605baadd46",
    programme_display_name="Community Powershare",
    learn_more_url="https://leap.com/programmes/community-powershare",
    logo_url="https://leap.example/logo.svg",
    payments_email="payments@leap.example",
    reference_prefix="LEAP",
)

NORTHBRIDGE_EVENING_BOOST = Programme(
    provider_id="prv_3c41d9a07be2f55e18a9c0d4",
    provider_display_name="Northbridge Energy",
    programme_id="vpr_91b7e0c24d6a3f58c2e1b7a9",
    programme_display_name="Evening Boost",
    learn_more_url="https://northbridge.example.com/programmes/evening-boost",
    logo_url="https://northbridge.example.com/logo.svg",
    payments_email="payments@northbridge.example.com",
    reference_prefix="NBE",
)

DEMO_CUSTOMERS: tuple[DemoCustomer, ...] = (
    DemoCustomer(
        key="active",
        name=gettext_noop("Alex — active"),
        summary=gettext_noop(
            "Enrolled for about twenty months and earning from evening dispatches."
        ),
        programme=LEAP_COMMUNITY_POWERSHARE,
        timezone="America/Denver",
        currency_code="USD",
        participation_state="ACTIVE",
        tariff_connected=False,
        enrolled_days_ago=610,
        onboarding_days=9,
        rate_per_kwh=Decimal("1.14"),
    ),
    DemoCustomer(
        key="suspended",
        name=gettext_noop("Sam — suspended"),
        summary=gettext_noop(
            "Dispatching paused a few weeks ago because the battery stopped sending data."
        ),
        programme=LEAP_COMMUNITY_POWERSHARE,
        timezone="America/Denver",
        currency_code="USD",
        participation_state="SUSPENDED",
        tariff_connected=False,
        enrolled_days_ago=430,
        onboarding_days=11,
        dispatch_ended_days_ago=24,
        rate_per_kwh=Decimal("1.136"),
        suspension_reasons=("AWAITING_TELEMETRY",),
        postal_address=PostalAddress(
            address_line1="1420 Larimer Street",
            address_line2="Apt 5B",
            city="Denver",
            state="CO",
            post_code="80202",
            country_code="US",
        ),
    ),
    DemoCustomer(
        key="enrolling",
        name=gettext_noop("Jordan — enrolling"),
        summary=gettext_noop(
            "Joined five days ago; the battery was offline at first, so the checks run late."
        ),
        programme=LEAP_COMMUNITY_POWERSHARE,
        timezone="America/Denver",
        currency_code="USD",
        participation_state="ENROLLING",
        tariff_connected=False,
        enrolled_days_ago=5,
        onboarding_days=14,
        onboarding_delay_days=3,
        rate_per_kwh=Decimal("1.12"),
        postal_address=PostalAddress(
            address_line1="2750 Pearl Street",
            city="Boulder",
            state="CO",
            post_code="80302",
            country_code="US",
        ),
    ),
    DemoCustomer(
        key="unenrolled",
        name=gettext_noop("Riley — left the programme"),
        summary=gettext_noop("Took part for about eight months and left three months ago."),
        programme=LEAP_COMMUNITY_POWERSHARE,
        timezone="America/Denver",
        currency_code="USD",
        participation_state="UNENROLLED",
        tariff_connected=False,
        enrolled_days_ago=345,
        onboarding_days=9,
        dispatch_ended_days_ago=92,
        rate_per_kwh=Decimal("1.18"),
    ),
    DemoCustomer(
        key="new",
        name=gettext_noop("Casey — new customer"),
        summary=gettext_noop(
            "Has never joined a programme, so the flow starts on the programme overview."
        ),
        programme=LEAP_COMMUNITY_POWERSHARE,
        timezone="America/Denver",
        currency_code="USD",
        participation_state="NOT_ENROLLED",
        tariff_connected=False,
        enrolled_days_ago=None,
    ),
    DemoCustomer(
        key="london",
        name=gettext_noop("Priya — active in London"),
        summary=gettext_noop(
            "A UK home earning in pounds, with its electricity tariff already connected."
        ),
        programme=NORTHBRIDGE_EVENING_BOOST,
        timezone="Europe/London",
        currency_code="GBP",
        participation_state="ACTIVE",
        tariff_connected=True,
        enrolled_days_ago=450,
        onboarding_days=12,
        rate_per_kwh=Decimal("1.16"),
        postal_address=PostalAddress(
            address_line1="14 Albion Road",
            city="London",
            post_code="N16 9PD",
            country_code="GB",
        ),
    ),
    DemoCustomer(
        key="manchester",
        name=gettext_noop("Tom — active in Manchester"),
        summary=gettext_noop("A UK home earning in pounds that has not connected its tariff yet."),
        programme=NORTHBRIDGE_EVENING_BOOST,
        timezone="Europe/London",
        currency_code="GBP",
        participation_state="ACTIVE",
        tariff_connected=False,
        enrolled_days_ago=200,
        onboarding_days=8,
        rate_per_kwh=Decimal("1.21"),
    ),
)

_BY_KEY = {customer.key: customer for customer in DEMO_CUSTOMERS}


def customer_by_key(key: str) -> DemoCustomer | None:
    """The demo customer with this key, if there is one."""
    return _BY_KEY.get(key)


def other_programme(programme: Programme) -> Programme:
    """The demo programme that is not `programme`: where a customer took part before."""
    if programme == LEAP_COMMUNITY_POWERSHARE:
        return NORTHBRIDGE_EVENING_BOOST
    return LEAP_COMMUNITY_POWERSHARE


def demo_customer_choices() -> list[tuple[str, str]]:
    """(key, name) pairs for a form's choices."""
    return [(customer.key, customer.name) for customer in DEMO_CUSTOMERS]
