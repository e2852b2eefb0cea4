"""Where the REST look-ups and the REST bearer are kept: Django's default cache.

With CACHE_URL set, that is Redis through Django's own backend (`RedisCache`), so every instance
of the app shares one bearer and one answer per look-up; without it, each process's own memory,
as a single instance needs. Keys are hashes, because what they name (a Connect token, an
account) is a credential that is never written in clear outside the database.

The cache is a saving, never a dependency: a cache that cannot be reached is logged and treated
as empty, so the page does the look-up itself rather than fail.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)

_PREFIX = "flatpeak_api:"


# No entry (an entry may hold None: a look-up that found nothing is remembered too).
MISSING = object()


def key(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{_PREFIX}{digest}"


def get(name: str) -> Any:
    """The value stored under `name`, or MISSING."""
    try:
        entry = cache.get(name)
    except Exception as error:  # any backend's failure: the caller looks the value up itself
        _unreachable("get", error)
        return MISSING
    # Stored boxed in a tuple, so a remembered None differs from no entry.
    return entry[0] if isinstance(entry, tuple) and len(entry) == 1 else MISSING


def put(name: str, value: Any, ttl_s: float) -> None:
    if ttl_s <= 0:
        return
    try:
        # Whole seconds, at least one: the backends' unit.
        cache.set(name, (value,), timeout=max(1, int(ttl_s)))
    except Exception as error:
        _unreachable("set", error)


def drop(name: str) -> None:
    try:
        cache.delete(name)
    except Exception as error:
        _unreachable("delete", error)


def clear() -> None:
    """Forget everything (tests); on Redis this empties CACHE_URL's database."""
    cache.clear()


def _unreachable(operation: str, error: Exception) -> None:
    logger.warning("cache %s failed kind=%s", operation, type(error).__name__)
