"""The REST look-ups' cache: a remembered None is an answer, and a Redis that is down is no error.

Through Django's cache API with real backends: local memory, and Redis on a port where nothing
listens (the look-up then happens anyway, as if nothing were cached).
"""

from __future__ import annotations

from django.test import override_settings

from connect_app.flatpeak_api import shared

NOBODY_LISTENS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_a_remembered_none_differs_from_no_entry() -> None:
    name = shared.key("lookup", "participation", "cot_none")
    assert shared.get(name) is shared.MISSING
    shared.put(name, None, 30)
    assert shared.get(name) is None
    shared.drop(name)
    assert shared.get(name) is shared.MISSING


def test_keys_never_hold_the_token_in_clear() -> None:
    assert "cot_secret" not in shared.key("lookup", "callback", "cot_secret")


def test_an_expired_lifetime_stores_nothing() -> None:
    name = shared.key("bearer", "https://api", "acc")
    shared.put(name, "bt_x", 0)
    assert shared.get(name) is shared.MISSING


@override_settings(CACHES=NOBODY_LISTENS)
def test_a_redis_that_is_down_reads_as_empty_and_writes_are_dropped() -> None:
    name = shared.key("lookup", "participation", "cot_down")
    shared.put(name, "value", 30)  # logged, not raised
    assert shared.get(name) is shared.MISSING
    shared.drop(name)
