"""A limit on entry URLs whose token Connect refuses, per client address and minute.

Anyone can make up entry URLs, and each costs a Connect call; a real customer's link works,
so refusals are what a guesser produces. Only refusals count, so many customers behind one
mobile carrier's address never limit each other. Counted in Django's cache, so instances
that share Redis (CACHE_URL) share the count; a cache that cannot be reached limits no one.
"""

from __future__ import annotations

import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

WINDOW_S = 60
_PREFIX = "refused-entries"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_address(request: HttpRequest) -> str:
    """The client's address: the connection's, or X-Forwarded-For's when a trusted proxy sent it.

    Trusted proxies are FORWARDED_ALLOW_IPS, as gunicorn reads it. X-Forwarded-For is read from
    the right: the first address that is not itself a trusted proxy is the client (the leftmost
    when every hop is trusted).
    """
    peer = str(request.META.get("REMOTE_ADDR", ""))
    if not _trusted(peer):
        return peer
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        if _parse(hop) is None:
            break  # a malformed hop: nothing to its left can be believed
        client = hop
        if not _trusted(hop):
            break
    return client


def _parse(value: str) -> Address | None:
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(value: str) -> bool:
    allowed = settings.FORWARDED_ALLOW_IPS
    if "*" in allowed:
        return True
    address = _parse(value)
    if address is None:
        return False
    for entry in allowed:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _key(address: str) -> str:
    return f"{_PREFIX}:{int(time.time() // WINDOW_S)}:{address}"


def is_limited(address: str) -> bool:
    """Whether this address has had as many refusals this minute as it may."""
    limit = settings.CONNECT_REFUSED_ENTRY_RATE
    if limit <= 0:
        return False
    try:
        return int(cache.get(_key(address), 0)) >= limit
    except Exception as error:  # any cache backend's failure: limit no one
        logger.warning("refused-entry limit not checked: %s", type(error).__name__)
        return False


def count_refusal(address: str) -> None:
    if settings.CONNECT_REFUSED_ENTRY_RATE <= 0:
        return
    key = _key(address)
    try:
        # add() only creates; incr() is atomic on Redis and in memory alike.
        cache.add(key, 0, timeout=WINDOW_S * 2)
        cache.incr(key)
    except Exception as error:  # any cache backend's failure: limit no one
        logger.warning("refused entry not counted: %s", type(error).__name__)


def seconds_left() -> int:
    """Until this address's window ends, for Retry-After."""
    return WINDOW_S - int(time.time() % WINDOW_S)
