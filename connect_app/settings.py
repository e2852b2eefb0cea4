"""One settings module, read from the environment only (Part A10 of the Connect contract).

The development `.env` that `make setup` writes is read by `manage.py` (and so `make run`),
never here: the WSGI application that production serves sees only its real environment.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import TypeVar

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from connect_app.observability import logs

BASE_DIR = Path(__file__).resolve().parent.parent
N = TypeVar("N", int, float)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_number(name: str, default: N) -> N:
    """A whole number, or any number, as `default` is one."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return type(default)(raw)
    except ValueError:
        words = "a whole number" if type(default) is int else "a number"
        raise ImproperlyConfigured(f"{name} must be {words}, not {raw!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_colour(name: str, default: str) -> str:
    raw = env_str(name) or default
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", raw):
        raise ImproperlyConfigured(f"{name} must be a colour written #rrggbb, not {raw!r}")
    return raw.lower()


def env_image(name: str) -> Path | None:
    """An SVG or PNG file named by its path (relative to the project, or absolute)."""
    raw = env_str(name)
    if not raw:
        return None
    path = BASE_DIR / Path(raw).expanduser()  # an absolute path replaces BASE_DIR
    if not path.is_file():
        raise ImproperlyConfigured(f"{name} must name an SVG or PNG file; {raw!r} does not exist")
    with path.open("rb") as image:
        head = image.read(4096)
    kind = path.suffix.lower()
    # A PNG starts with its signature; an SVG's root element follows at most a short prolog.
    is_png = kind == ".png" and head.startswith(b"\x89PNG\r\n\x1a\n")
    is_svg = kind == ".svg" and b"<svg" in head
    if not (is_png or is_svg):
        raise ImproperlyConfigured(f"{name} must name an SVG or PNG file; {raw!r} is neither")
    return path.resolve()


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
# Django's generated placeholder keys are long enough, but they say they are not secret.
if not DEBUG and (
    SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 40 or len(set(SECRET_KEY)) < 8
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 40 characters, the same "
        "on every instance, when DJANGO_DEBUG is off: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))' makes one."
    )
if not SECRET_KEY:
    SECRET_KEY = "dev-only-" + "x" * 40  # DEBUG only: never accepted with DEBUG off (above)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must list the host names this app serves, comma-separated "
        "(e.g. vpp.example.com)."
    )

# --- Flatpeak Connect (Part A10) ---
# Unset: the embedded sandbox served by this same app, reached over real HTTP.
FLATPEAK_CONNECT_URL = env_str("FLATPEAK_CONNECT_URL")
FLATPEAK_API_URL = env_str("FLATPEAK_API_URL", "https://api.flatpeak.com")
FLATPEAK_ACCOUNT_ID = env_str("FLATPEAK_ACCOUNT_ID")
FLATPEAK_API_KEY = env_str("FLATPEAK_API_KEY")
CONNECT_TIMEOUT_S = env_number("CONNECT_TIMEOUT_S", 10.0)
if CONNECT_TIMEOUT_S <= 0:
    raise ImproperlyConfigured("CONNECT_TIMEOUT_S must be greater than zero")
# Deep-link schemes (besides http and https) that Connect may send the browser to (A8).
CONNECT_ALLOWED_REDIRECT_SCHEMES = [s.lower() for s in env_list("CONNECT_ALLOWED_REDIRECT_SCHEMES")]
# The sandbox mints tokens and switches faults for anyone who can reach it: on by default only
# while debugging without a Connect; in production only when CONNECT_SANDBOX_ENABLED=1 says so.
CONNECT_SANDBOX_ENABLED = env_bool("CONNECT_SANDBOX_ENABLED", DEBUG and not FLATPEAK_CONNECT_URL)
if not FLATPEAK_CONNECT_URL and not CONNECT_SANDBOX_ENABLED:
    raise ImproperlyConfigured(
        "Set FLATPEAK_CONNECT_URL to Connect's address, or CONNECT_SANDBOX_ENABLED=1 to serve "
        "the embedded sandbox."
    )
# Largest reply body read from Connect; anything bigger is treated as unreadable.
CONNECT_MAX_REPLY_BYTES = env_number("CONNECT_MAX_REPLY_BYTES", 2_000_000)
# Entries whose token Connect refuses, per client address and minute; past it, that address
# gets a 429 for the rest of the minute and Connect is not called. 0 turns the limit off.
CONNECT_REFUSED_ENTRY_RATE = env_number("CONNECT_REFUSED_ENTRY_RATE", 10)
# Proxies whose X-Forwarded-For names the client (as gunicorn reads the same variable):
# addresses or networks, comma-separated, or * for any.
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# A conversation not used for this long is deleted by `manage.py purge_conversations`; a
# session lasts 24 hours and a token expires in 24, so 48 leaves a day for support to look.
CONNECT_RETENTION_HOURS = env_number("CONNECT_RETENTION_HOURS", 48)
if CONNECT_RETENTION_HOURS < 1:
    raise ImproperlyConfigured("CONNECT_RETENTION_HOURS must be at least 1")
# /metrics answers only requests bearing this token; unset, there is no /metrics at all. A
# short token, or one still holding a compose file's `${...}`, is not a secret: it is refused.
CONNECT_METRICS_TOKEN = env_str("CONNECT_METRICS_TOKEN")
if CONNECT_METRICS_TOKEN and (len(CONNECT_METRICS_TOKEN) < 24 or "${" in CONNECT_METRICS_TOKEN):
    raise ImproperlyConfigured(
        "CONNECT_METRICS_TOKEN must be a secret of at least 24 random characters (not a "
        "placeholder holding '${'), or empty for no /metrics."
    )

# --- The integrator's brand (README "Make it yours"; connect_app/branding.py) ---
CONNECT_BRAND_NAME = env_str("CONNECT_BRAND_NAME") or "Battery earnings"
# The palettes' shades of it are derived at start-up to meet WCAG AA (connect_app/contrast.py).
CONNECT_BRAND_ACCENT = env_colour("CONNECT_BRAND_ACCENT", "#0b6b4f")
# Served as a static file of our own (connect_app.staticfinders.BrandLogoFinder).
CONNECT_BRAND_LOGO = env_image("CONNECT_BRAND_LOGO")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "connect_app",
]

MIDDLEWARE = [
    # First, so every log line of a request (other middleware's too) carries its id.
    "connect_app.observability.requests.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Pages shrink to a fifth; the compressed body is padded against BREACH, as Django's, and
    # the CSRF token is masked anew in every response.
    "connect_app.middleware.GZipMiddleware",
    # Before WhiteNoise, so static files carry the same protective headers as pages.
    "connect_app.middleware.ContentSecurityPolicyMiddleware",
    "connect_app.middleware.PermissionsPolicyMiddleware",
    # /healthz, /readyz, /metrics: after the protective headers, before the host check.
    "connect_app.observability.probes.ProbesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session, which keeps the entry URL's `lang`.
    "connect_app.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "connect_app.urls"
WSGI_APPLICATION = "connect_app.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
                "connect_app.context_processors.sandbox",
                "connect_app.context_processors.brand",
                "connect_app.languages.context",
            ],
            "builtins": ["template_partials.templatetags.partials"],
            # Listing loaders turns off Django's implicit caching, so the cached loader is named:
            # parsing templates on every request was half the cost of a page.
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            ["django.template.loaders.filesystem.Loader"],
                        )
                    ],
                )
            ],
        },
    }
]

# The Connect simulator (connect_sandbox/) is a Django app of its own, installed only when it is
# served: with it off, none of its URLs, templates or tables exist (a production migrate creates
# none). Its pages have an engine of their own, reading only its templates with none of the
# app's context processors; the app's engine above reads only templates/, so neither side can
# load the other's templates.
if CONNECT_SANDBOX_ENABLED:
    INSTALLED_APPS.append("connect_sandbox")
    TEMPLATES.append(
        {
            "NAME": "sandbox",
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [BASE_DIR / "connect_sandbox" / "templates"],
        }
    )

_DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {
        "default": dj_database_url.parse(
            _DATABASE_URL,
            conn_max_age=env_number("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError:
    DATABASES = {"default": {"ENGINE": ""}}
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.postgresql",
    "django.db.backends.sqlite3",
):
    # Only the scheme is quoted: the rest of the URL may hold a password.
    raise ImproperlyConfigured(
        "DATABASE_URL must be a postgres://user:password@host:5432/name URL (or sqlite:///path), "
        f"not {_DATABASE_URL.partition(':')[0]}://…"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not accept connections fails a request (and readiness) in
    # seconds, not after the operating system's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # Django's backend, with a health check that asks the socket instead of sending SELECT 1.
    DATABASES["default"]["ENGINE"] = "connect_app.postgres"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once; the action guard relies on it under load.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            # Write-ahead logging lets readers run beside the one writer, and NORMAL syncs at
            # checkpoints instead of every commit: safe against corruption, far faster.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Several instances share the REST look-ups and the REST bearer through Redis when CACHE_URL
# names one (e.g. redis://127.0.0.1:6379/0); unset, each process keeps its own in memory.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// URL")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # A Redis that does not answer costs a page a second at most (then it looks up).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# The session holds only the conversation's id (the token stays in the database), so a signed
# cookie carries it: no session query on every request, and nothing to share between instances
# beyond DJANGO_SECRET_KEY. Signed, not encrypted: the id alone gives nothing away.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_AGE = 60 * 60 * 24
SESSION_COOKIE_HTTPONLY = True
# An integrator embedding the app in a cross-site iframe needs "None" (with Secure).
SESSION_COOKIE_SAMESITE = env_str("DJANGO_COOKIE_SAMESITE", "Lax") or "Lax"
CSRF_COOKIE_SAMESITE = SESSION_COOKIE_SAMESITE
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "connect_app.problems.csrf_failure"

# HTTPS hardening: on by default in production, switchable off for a local `make serve`.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Probes and scrapers speak plain HTTP to the instance itself, behind the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# No Referer ever leaves our origin, and our own URLs carry no token after entry (A1).
# "no-referrer" would be stricter still, but it makes browsers send "Origin: null" with every
# POST, which defeats CSRF origin checking; "same-origin" keeps that check working.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
DATA_UPLOAD_MAX_MEMORY_SIZE = 16_384  # our forms are tiny; anything bigger is refused with 400
DATA_UPLOAD_MAX_NUMBER_FIELDS = 50

# Frame embedding: denied unless an integrator lists the origins that may frame the app.
CONNECT_FRAME_ANCESTORS = env_list("CONNECT_FRAME_ANCESTORS") or ["'none'"]
X_FRAME_OPTIONS = "DENY"
_FORM_ACTION = ["'self'", "https:"] + [f"{scheme}:" for scheme in CONNECT_ALLOWED_REDIRECT_SCHEMES]
if DEBUG:
    _FORM_ACTION.append("http:")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": CONNECT_FRAME_ANCESTORS,
        # A form post may end in a redirect to the targets A8 allows (provider pages, deep links).
        "form-action": _FORM_ACTION,
    }
}

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Our Chart.js bundle (vendor/chart.bundle.js), built by `make setup` from the npm package
    # with only the parts the dashboard uses, and served as our own file.
    BASE_DIR / "build" / "static",
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "connect_app.staticfinders.BrandLogoFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31_536_000  # hashed names change with content, so cache for a year
# In development WhiteNoise serves straight from the source folders, with no collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Languages (README "Configuration"; connect_app/languages.py chooses one per request) ---
LANGUAGE_CODE = "en"  # what is left when nothing the customer accepts is offered
USE_I18N = True
_LANGUAGE_NAMES = {
    "en": "English",
    "es": "Español",
    "de": "Deutsch",
    "fr": "Français",
    "nl": "Nederlands",
}
_offered = [code.lower() for code in env_list("CONNECT_LANGUAGES", ",".join(_LANGUAGE_NAMES))]
_unknown = [code for code in _offered if code not in _LANGUAGE_NAMES]
if _unknown:
    raise ImproperlyConfigured(
        f"CONNECT_LANGUAGES may list only {', '.join(_LANGUAGE_NAMES)}, not {', '.join(_unknown)}"
    )
# English is always offered: it is the source language every other one falls back to.
LANGUAGES = [(code, name) for code, name in _LANGUAGE_NAMES.items() if code in {"en", *_offered}]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
TIME_ZONE = "UTC"

# Plain text with timestamps by default; DJANGO_LOG_FORMAT=json for one JSON object per line
# (gunicorn.conf.py follows the same variable for its access log). Tokens are always redacted.
DJANGO_LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "text").lower()
if DJANGO_LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be text or json, not {DJANGO_LOG_FORMAT!r}")
DJANGO_LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO").upper()
if DJANGO_LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        "DJANGO_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, "
        f"not {DJANGO_LOG_LEVEL!r}"
    )
LOGGING = logs.config(log_format=DJANGO_LOG_FORMAT, level=DJANGO_LOG_LEVEL)
# Python's warnings (a static root not collected, a deprecation) are log lines too, in the same
# format, rather than bare text in a JSON stream.
logging.captureWarnings(True)

# Error reporting, when an integrator names a Sentry (or compatible) DSN: tokens, cookies,
# bodies and addresses are scrubbed before anything leaves (observability/errors.py).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from connect_app.observability import errors

    try:
        errors.start_reporting(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", "production"))
    except ValueError as error:  # sentry_sdk's BadDsn
        raise ImproperlyConfigured(
            f"SENTRY_DSN must be a DSN from your Sentry project, https://KEY@HOST/PROJECT ({error})"
        ) from None
