"""The one row the sandbox keeps per connect token, shared by every app process."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from connect_app.sandbox.faults import Fault


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
