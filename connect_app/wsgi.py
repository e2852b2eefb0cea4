"""WSGI entry point for gunicorn: configured by the environment alone, never by `.env`."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connect_app.settings")

application = get_wsgi_application()
