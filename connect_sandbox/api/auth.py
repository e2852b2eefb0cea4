"""Who may call the REST stand-in: Basic credentials for /login, bearer tokens after (§1.1).

Bearer tokens live in the database, so every app process accepts every token, and only their
digests are stored. Neither the API key nor a token is ever logged.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import secrets

from connect_sandbox.models import BearerToken

SANDBOX_ACCOUNT_ID = "acc_sandbox"
SANDBOX_API_KEY = "sk_test_sandbox"
BEARER_LIFETIME = dt.timedelta(hours=1)


def basic_credentials(authorization: str) -> tuple[str, str] | None:
    """(account id, API key) from an `Authorization: Basic …` header, if it holds them."""
    scheme, _, encoded = authorization.strip().partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    account_id, colon, api_key = decoded.partition(":")
    return (account_id, api_key) if colon else None


def credentials_valid(account_id: str, api_key: str) -> bool:
    """Whether these are the sandbox account's credentials."""
    # Both are compared, each in constant time, so timing tells nothing about either.
    account_ok = hmac.compare_digest(account_id.encode(), SANDBOX_ACCOUNT_ID.encode())
    key_ok = hmac.compare_digest(api_key.encode(), SANDBOX_API_KEY.encode())
    return account_ok and key_ok


def issue_bearer(account_id: str, now: dt.datetime) -> str:
    """A new bearer token for `account_id`, valid for BEARER_LIFETIME."""
    BearerToken.objects.filter(expires_at__lte=now).delete()
    token = secrets.token_urlsafe(32)
    BearerToken.objects.create(
        digest=_digest(token), account_id=account_id, expires_at=now + BEARER_LIFETIME
    )
    return token


def bearer_account(authorization: str, now: dt.datetime) -> str | None:
    """The account of a live token in an `Authorization: Bearer …` header, if there is one."""
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    found = BearerToken.objects.filter(digest=_digest(token.strip()), expires_at__gt=now).first()
    return found.account_id if found is not None else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
