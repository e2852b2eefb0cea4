"""gunicorn settings for `make serve` and production, all overridable from the environment."""

from __future__ import annotations

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Threads, because a request spends most of its time waiting for Connect; the sandbox also
# calls back into the same server, which needs more than one thread per worker.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket sits at one path per user, so a second instance on the same host
# (make serve beside make bench, the scale-out test) would take it over; nothing here uses it.
control_socket_disable = True
accesslog = "-"
# %(U)s is the path without its query string: the entry URL's token never reaches the log.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
