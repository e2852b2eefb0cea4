#!/usr/bin/env python
"""Django's command-line entry point, for development and operations alike.

It reads the development `.env` that `make setup` writes (variables set in the environment
win), so `manage.py runserver` works at once; DJANGO_IGNORE_DOTENV=1 skips it. The WSGI
application production serves never reads `.env` (connect_app/wsgi.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> None:
    if os.environ.get("DJANGO_IGNORE_DOTENV") != "1":
        from dotenv import load_dotenv

        load_dotenv(Path(__file__).resolve().parent / ".env", override=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connect_app.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
