"""Settings for the test run: the app's own settings, read with a development environment.

The environment is fixed before the app's settings module is imported, so a developer's .env
or shell cannot change what the tests see.
"""

from __future__ import annotations

import os

os.environ["DJANGO_IGNORE_DOTENV"] = "1"
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.pop("FLATPEAK_CONNECT_URL", None)
os.environ.pop("FLATPEAK_ACCOUNT_ID", None)
os.environ.pop("FLATPEAK_API_KEY", None)
# Each test process keeps its own cache in memory: clearing it must never empty a shared Redis.
os.environ.pop("CACHE_URL", None)

from connect_app.settings import *  # noqa: E402, F403

# No persistent connections: a live server's threads must not keep the test database open
# when pytest-django drops it.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
