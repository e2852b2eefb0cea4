"""Log lines an on-call engineer can follow: one request id throughout, never a token.

Plain text with timestamps by default; one JSON object per line with DJANGO_LOG_FORMAT=json,
for gunicorn's access log too (gunicorn.conf.py uses these classes). Only the standard library
is imported here, because gunicorn's master process loads this module before Django.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any

from connect_app.observability import context

# A token may appear as a query parameter (the entry URL) or bare (Flatpeak's cot_ prefix).
_TOKEN_PATTERNS = (
    (re.compile(r"(?i)\b(fp_cot|connect_token)=[^&\s\"']+"), r"\1=[redacted]"),
    (re.compile(r"(?i)(\"?connect_token\"?\s*:\s*\")[^\"]+"), r"\1[redacted]"),
    (re.compile(r"\bcot_[A-Za-z0-9_-]+"), "cot_[redacted]"),
)

# What a record may carry besides its message (`extra=` of the call, or the request's context),
# in the order a JSON line lists them.
FIELDS = (
    "request_id",
    "conversation",
    "route",
    "action",
    "outcome",
    "status",
    "duration_ms",
    "connect_request_id",
)


def redact(text: str) -> str:
    for pattern, replacement in _TOKEN_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactTokens(logging.Filter):
    """Rewrites the formatted message (and any exception text) with tokens masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class RequestContext(logging.Filter):
    """Stamps each record with the request and conversation being served, if any."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = context.request_id.get()
        if not getattr(record, "conversation", ""):
            record.conversation = context.conversation_id.get()
        return True


class TextFormatter(logging.Formatter):
    """`time level logger message key=value ...`: readable, and still greppable by request."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        tags = " ".join(
            f"{name}={value}"
            for name in ("request_id", "conversation")
            if (value := getattr(record, name, ""))
        )
        return f"{line} {tags}" if tags else line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the fields above."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update(_access_fields(record.args))
        else:
            entry["message"] = record.getMessage()
        for name in FIELDS:
            value = getattr(record, name, None)
            if value not in (None, "") and name not in entry:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def _access_fields(atoms: dict[str, Any]) -> dict[str, Any]:
    """gunicorn's access-log atoms as fields. The path is `U`, without its query string, so
    the entry URL's token never reaches the log."""
    fields: dict[str, Any] = {
        "message": f"{atoms.get('m', '-')} {atoms.get('U', '-')} {atoms.get('s', '-')}",
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "status": _number(atoms.get("s")),
        "bytes": _number(atoms.get("B")),
        "duration_ms": _number(atoms.get("M")),
        "remote_addr": atoms.get("h"),
    }
    request_id = atoms.get("{x-request-id}o")
    if request_id and request_id != "-":
        fields["request_id"] = request_id
    return fields


def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def config(*, log_format: str, level: str) -> dict[str, Any]:
    """Django's LOGGING: everything to stderr, through the token filter, in the chosen format."""
    formatter = "json" if log_format == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "redact_tokens": {"()": RedactTokens},
            "request_context": {"()": RequestContext},
        },
        "formatters": {"text": {"()": TextFormatter}, "json": {"()": JsonFormatter}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_context", "redact_tokens"],
                "formatter": formatter,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # httpx logs every request line at INFO; our own log line says more and less.
            "httpx": {"level": "WARNING"},
            "httpcore": {"level": "WARNING"},
            # runserver's request log would otherwise print the entry URL with its token.
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }
