"""The PostgreSQL backend's health check (connect_app/postgres): it asks the socket, not the server.

Whatever engine the run's own database is, this talks to the machine's PostgreSQL server (the
one the operations tests use, TEST_DATABASE_URL's), through the app's backend, so it runs once,
in make test's first pass.
"""

from __future__ import annotations

import time
from typing import Any

import dj_database_url
import psycopg
from django.db.utils import ConnectionHandler

from support.instances import postgres_server_url


def test_a_live_connection_is_usable_and_one_the_server_ended_is_not(
    django_db_blocker: Any,
) -> None:
    config = dj_database_url.parse(postgres_server_url(), conn_health_checks=True)
    # The app's backend, with Django's defaults for every setting the URL does not give.
    kept = ConnectionHandler({"default": {**config, "ENGINE": "connect_app.postgres"}})["default"]
    # A connection of its own, outside the test database pytest-django guards.
    with django_db_blocker.unblock():
        _check(kept)


def _check(kept: Any) -> None:
    try:
        kept.ensure_connection()
        assert kept.vendor == "postgresql", kept.vendor
        assert kept.is_usable()
        with psycopg.connect(**kept.get_connection_params(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (kept.connection.info.backend_pid,))
        # The server's goodbye reaches the socket a moment after it is sent.
        for _ in range(100):
            if not kept.is_usable():
                break
            time.sleep(0.05)
        assert not kept.is_usable()
        # The next request, as Django starts one: the health check closes the ended connection
        # and the first query opens a new one instead of failing.
        ended = kept.connection.info.backend_pid
        kept.close_if_unusable_or_obsolete()
        with kept.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] != ended
    finally:
        kept.close()
