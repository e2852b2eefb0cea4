"""gunicorn settings for `make serve`, the image and production; the environment overrides."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import gunicorn.workers.gthread

# The app's settings are read here, in the master, before any worker starts: one that cannot
# work stops gunicorn with one line saying what to set, rather than a traceback per worker.
# They import nothing of prometheus-client, which must wait for the metrics directory below.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from connect_app import startup  # noqa: E402

startup.load_settings()

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{startup.whole_number('PORT', 8000)}"
# Threads, because a request spends most of its time waiting for Connect (about 300 ms) and
# only milliseconds on the CPU; the sandbox also calls back into the same server, which needs
# more than one thread per worker. A worker per core: the threads of one share its core.
worker_class = "gthread"
# (gunicorn itself reads WEB_CONCURRENCY before this file, and fails on a word with its own
# traceback: that one is gunicorn's.)
workers = startup.whole_number("WEB_CONCURRENCY", 2)
# Sized to what waits on Connect, not to the CPU: every change in flight holds a thread for
# Connect's whole latency, so an instance answers at most workers x threads / latency changes a
# second (2 x 8 threads capped one at about 40 a second, whatever the CPU had left). 2 x 32
# keeps 50 customers changing period back to back off that cap (issue 22; README, "Performance
# budgets"). A thread is made only when every other is busy, and each keeps its own PostgreSQL
# connection (DATABASE_CONN_MAX_AGE), so instances x workers x threads must stay within
# PostgreSQL's max_connections (100 unless configured).
threads = startup.whole_number("GUNICORN_THREADS", 32)
timeout = startup.whole_number("GUNICORN_TIMEOUT", 30)
graceful_timeout = 10
keepalive = 5
# A stopping worker keeps an idle kept-alive connection open a while, for a request already on
# its way; gunicorn allows 2 s. Half a second is ample for that, and an instance whose idle
# connections are its own (the sandbox calls its instance back) or a proxy's no longer spends
# 2 s more stopping: compose's `down`, in which podman-compose stops the instances one after
# the other, took 6-7 s for it. Requests being answered still get graceful_timeout.
gunicorn.workers.gthread.STOP_KEEPALIVE_LINGER = 0.5
max_requests = 5000
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicorn's control socket sits at one path per user, so a second instance on the same host
# (make serve beside make bench, the scale-out test) would take it over; nothing here uses it.
control_socket_disable = True

# Every worker keeps its metrics in one directory, which a scrape of any worker adds up
# (prometheus-client's multiprocess mode). Set here, before any worker imports the app.
# One directory per gunicorn instance: on_starting empties it.
_own_metrics_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _own_metrics_dir:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="battery-earnings-metrics-")
_metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def on_starting(server: Any) -> None:
    # Values left by an earlier run of this directory would be added to this run's.
    for leftover in Path(_metrics_dir).glob("*.db"):
        leftover.unlink()


def on_exit(server: Any) -> None:
    if _own_metrics_dir:
        shutil.rmtree(_metrics_dir, ignore_errors=True)


def worker_exit(server: Any, worker: Any) -> None:
    # A worker that served and is now leaving skips the interpreter's teardown (compose's
    # `down` waited a second or more for it on a busy machine), with the status it was leaving
    # with. A worker that never booted leaves as gunicorn expects, which reports its failure.
    leaving = sys.exc_info()[1]
    if isinstance(leaving, SystemExit) and worker.booted:
        code = leaving.code
        startup.leave_now(code if isinstance(code, int) else 0 if code is None else 1)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


accesslog = "-"
errorlog = "-"
# %(U)s is the path without its query string: the entry URL's token never reaches the log.
access_log_format = (
    '%(t)s %(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s'
)
if os.environ.get("DJANGO_LOG_FORMAT", "").strip().lower() == "json":
    # The same one-object-per-line format as the app's own log lines (its access fields are
    # read from the atoms above); imports only the standard library.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "redact_tokens": {"()": "connect_app.observability.logs.RedactTokens"},
        },
        "formatters": {"json": {"()": "connect_app.observability.logs.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["redact_tokens"],
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }
