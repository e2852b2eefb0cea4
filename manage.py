#!/usr/bin/env python
"""Django's command-line entry point, for development and operations alike.

It reads the development `.env` that `make setup` writes (variables set in the environment
win), so `manage.py runserver` works at once; DJANGO_IGNORE_DOTENV=1 skips it. The WSGI
application production serves never reads `.env` (connect_app/wsgi.py). A setting that cannot
work stops it with one line, and with DJANGO_LOG_FORMAT=json every line it writes is one JSON
object (connect_app/startup.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> None:
    if os.environ.get("DJANGO_IGNORE_DOTENV") != "1":
        from dotenv import load_dotenv

        load_dotenv(Path(__file__).resolve().parent / ".env", override=False)
    from connect_app import startup

    startup.run_command(sys.argv)


if __name__ == "__main__":
    main()
