"""How a process of the app starts: settings that cannot work stop it with one line.

`manage.py` (and so the image's migrate, purge and manage) and `gunicorn.conf.py` (serve) come
through here before Django does anything else. A setting that is missing or wrong stops the
process with one line naming the variable and what to set, exit status 78, in the log format
the environment asks for (`DJANGO_LOG_FORMAT`), never with a traceback. A database that cannot
be reached stops a command the same way, with status 69.
"""

from __future__ import annotations

import atexit
import os
import sys
from typing import NoReturn

from django.core.exceptions import ImproperlyConfigured

from connect_app.observability import logs

DATABASE_UNREACHABLE = 69  # EX_UNAVAILABLE of sysexits.h


def load_settings() -> None:
    """Read the settings, or stop with the one line that says what to set."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connect_app.settings")
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading one setting reads them all)
    except ImproperlyConfigured as error:
        logs.refuse_to_start(str(error))


def whole_number(name: str, default: int) -> int:
    """A whole number gunicorn.conf.py reads before the settings, or the one line."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        logs.refuse_to_start(f"{name} must be a whole number, not {raw!r}")
    return int(raw)


def run_command(argv: list[str]) -> None:
    """`manage.py ARGS`: in JSON mode every line it writes is one JSON object."""
    if logs.json_lines_wanted():
        logs.write_json_lines(argv[1] if len(argv) > 1 else "help")
    load_settings()
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:  # an app's ready() refusing, e.g. the brand
        logs.refuse_to_start(str(error))
    except OperationalError as error:
        from django.db import connection

        if connection.connection is not None:
            raise  # connected, so not the database's address: a fault to see in full
        logs.refuse_to_start(
            f"The database named by DATABASE_URL cannot be reached: {_first_line(error)}",
            status=DATABASE_UNREACHABLE,
        )


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def leave_now(status: int) -> NoReturn:
    """End a process that has finished its work, without the interpreter's teardown of every
    module it loaded: on a busy machine that took a second or more of a container's stop.
    The exit handlers still run (logging's, Sentry's flush) and the database is told goodbye."""
    from django.db import connections

    connections.close_all()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
