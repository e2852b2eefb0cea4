"""The PostgreSQL backend's health check (connect_app/postgres): it asks the socket, not the server.

Run on PostgreSQL only (`-m postgres`, make test's second run).
"""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connections

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_a_live_connection_is_usable_and_one_the_server_ended_is_not() -> None:
    kept = connections.create_connection("default")
    try:
        kept.ensure_connection()
        assert kept.vendor == "postgresql", kept.vendor
        assert kept.is_usable()
        settings = kept.get_connection_params()
        with psycopg.connect(**settings, autocommit=True) as admin:
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
