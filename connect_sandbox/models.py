"""The rows the sandbox keeps, shared by every app process: sessions and REST bearer tokens."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from connect_sandbox.faults import Fault


class HostedPage(models.TextChoices):
    """A page outside the conversation that a session_redirect sent the customer to."""

    NONE = "", "None"
    PAYMENTS = "payments", "Payment provider's billing page"
    PROVIDER_LOGIN = "provider_login", "Energy supplier's login"
    # The supplier's login, where the customer's sign-in failed.
    PROVIDER_FAILED = "provider_failed", "Energy supplier's login, failed"


class RouteNames(models.TextChoices):
    """Which published spelling of the tariff routes a session answers with (Part B §6.1).

    busbar's session_start carries an action; anode's has none, and its clients (Flatpeak's
    public web client among them) know only anode's names.
    """

    BUSBAR = "busbar", "busbar"
    ANODE = "anode", "anode"


class SandboxSession(models.Model):
    """A sandbox Connect session: whose it is, which page it is on and how it misbehaves."""

    token = models.CharField(primary_key=True, max_length=64)
    customer_key = models.CharField(max_length=32)
    fault = models.CharField(max_length=16, choices=Fault.choices, default=Fault.NONE)
    # The current page ({"route", and for vpp_summary "period_type", "period_start"});
    # null until session_start.
    page = models.JSONField(null=True, blank=True)
    # Pages BACK returns to, most recent last.
    history = models.JSONField(default=list, blank=True)
    # Faults only strike once the customer has seen a first page, so the demo shows the
    # dashboard and then the failure.
    first_page_served = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # What the integrator gave when creating the session through the REST stand-in; blank
    # for demo sessions, which use the sandbox's own pages and the customer's own ids.
    connect_url = models.CharField(max_length=2000, blank=True, default="")
    callback_url = models.CharField(max_length=2000, blank=True, default="")
    location_id = models.CharField(max_length=64, blank=True, default="")
    device_id = models.CharField(max_length=64, blank=True, default="")
    provider_id = models.CharField(max_length=64, blank=True, default="")
    # Where the last session_redirect sent the customer, so session_restore knows what they
    # are coming back from.
    away = models.CharField(max_length=16, choices=HostedPage.choices, blank=True, default="")
    # What the customer did in this session; the demo customer itself never changes.
    # None: as the demo customer is; True or False: connected or disconnected in this session.
    tariff_connected = models.BooleanField(null=True, blank=True, default=None)
    # The tariff flow's answers so far and the page it was started from (sandbox.tariff).
    tariff = models.JSONField(default=dict, blank=True)
    route_names = models.CharField(
        max_length=8, choices=RouteNames.choices, default=RouteNames.BUSBAR
    )
    leave_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="sandbox_expires_at_idx")]

    def __str__(self) -> str:
        # Never the token: this string can end up in logs and admin pages.
        return f"sandbox session for {self.customer_key}"

    def is_expired(self, now: dt.datetime) -> bool:
        """Whether the token can no longer be used."""
        return now >= self.expires_at

    def fault_strikes(self) -> bool:
        """Whether this call should get the injected fault instead of an answer."""
        return self.first_page_served and self.fault != Fault.NONE


class BearerToken(models.Model):
    """A bearer token of the REST stand-in, stored as a digest so the table holds no secret."""

    digest = models.CharField(primary_key=True, max_length=64)
    account_id = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"sandbox bearer token for {self.account_id}"
