"""Minting sandbox connect tokens: the sandbox's side of Flatpeak's POST /connect."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

from django.utils import timezone

from connect_sandbox.customers import DemoCustomer
from connect_sandbox.faults import Fault
from connect_sandbox.models import SandboxSession

logger = logging.getLogger(__name__)

TOKEN_LIFETIME = dt.timedelta(days=1)
# Expired rows are kept a while so their tokens still answer token_expired, then dropped.
KEEP_EXPIRED_FOR = dt.timedelta(days=7)


@dataclass(frozen=True)
class Binding:
    """What an integrator ties a session to when creating it; blank fields take the defaults.

    connect_url is where hosted pages send the customer back to mid-session, callback_url
    where the session ends (Part B §2.1).
    """

    connect_url: str = ""
    callback_url: str = ""
    location_id: str = ""
    device_id: str = ""
    provider_id: str = ""


def mint_token(
    customer: DemoCustomer,
    fault: Fault = Fault.NONE,
    now: dt.datetime | None = None,
    binding: Binding | None = None,
) -> SandboxSession:
    """A new session for `customer`, failing as `fault` says once its first page is shown."""
    now = now or timezone.now()
    binding = binding or Binding()
    SandboxSession.objects.filter(expires_at__lt=now - KEEP_EXPIRED_FOR).delete()
    session = SandboxSession.objects.create(
        token=f"cot_sandbox_{secrets.token_hex(12)}",
        customer_key=customer.key,
        fault=fault,
        created_at=now,
        expires_at=now + TOKEN_LIFETIME,
        connect_url=binding.connect_url,
        callback_url=binding.callback_url,
        location_id=binding.location_id,
        device_id=binding.device_id,
        provider_id=binding.provider_id,
    )
    logger.info(
        "sandbox token minted customer=%s fault=%s integrator_urls=%s",
        customer.key,
        fault.value,
        "yes" if binding.connect_url else "no",
    )
    return session


def minted(session: SandboxSession) -> dict[str, object]:
    """A new session's token as Flatpeak's POST /connect/sessions answers it."""
    return {
        "connect_token": session.token,
        "expires_in": int(TOKEN_LIFETIME.total_seconds()),
        "live_mode": False,
    }
