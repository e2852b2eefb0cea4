"""Django's PostgreSQL backend, with a connection health check that sends nothing.

Django checks a kept connection once a request before using it (CONN_HEALTH_CHECKS) with a
`SELECT 1`: a round trip to the server on every request, a fifth of a period change's queries.
A connection the server has ended (a restart, an idle time-out, an administrator) has said so
on its socket: the server's goodbye, or the end of the stream, is waiting to be read. An idle
connection that is alive has nothing to read, since this app listens for no notifications. So
asking the socket whether anything is waiting tells the two apart without a round trip; a
connection whose peer vanished silently fails its first query, as it would fail `SELECT 1`
(after the same time-out), and Django closes it at the end of that request.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import Error
from psycopg.pq import ConnStatus, TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None:
            return False
        try:
            pgconn = self.connection.pgconn
            if pgconn.status != ConnStatus.OK:
                return False
            if pgconn.transaction_status not in (TransactionStatus.IDLE, TransactionStatus.INTRANS):
                return False
            # poll, not select: select refuses a descriptor above 1023, which a process with
            # many threads and connections can reach.
            watch = select.poll()
            watch.register(pgconn.socket, select.POLLIN)
            waiting = watch.poll(0)
        except (Error, OSError, ValueError):
            return False
        return not waiting
