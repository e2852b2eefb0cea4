"""Minting sandbox connect tokens, the sandbox's stand-in for Flatpeak's POST /connect."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.utils import timezone

from connect_app.sandbox.customers import DemoCustomer
from connect_app.sandbox.faults import Fault
from connect_app.sandbox.models import SandboxSession

logger = logging.getLogger(__name__)

TOKEN_LIFETIME = dt.timedelta(days=1)
# Expired rows are kept a while so their tokens still answer token_expired, then dropped.
KEEP_EXPIRED_FOR = dt.timedelta(days=7)


def mint_token(
    customer: DemoCustomer, fault: Fault = Fault.NONE, now: dt.datetime | None = None
) -> SandboxSession:
    """A new session for `customer`, failing as `fault` says once its first page is shown."""
    now = now or timezone.now()
    SandboxSession.objects.filter(expires_at__lt=now - KEEP_EXPIRED_FOR).delete()
    session = SandboxSession.objects.create(
        token=f"cot_sandbox_{secrets.token_hex(12)}",
        customer_key=customer.key,
        fault=fault,
        created_at=now,
        expires_at=now + TOKEN_LIFETIME,
    )
    logger.info("sandbox token minted customer=%s fault=%s", customer.key, fault.value)
    return session
