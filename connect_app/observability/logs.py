"""Log lines an on-call engineer can follow: one request id throughout, never a token.

Plain text with timestamps by default; one JSON object per line with DJANGO_LOG_FORMAT=json,
for gunicorn's access log, a command's own output and a refused start-up too (gunicorn.conf.py
and connect_app/startup.py use what is here). Only the standard library is imported here,
because gunicorn's master process loads this module before Django.
"""

from __future__ import annotations

import atexit
import datetime as dt
import io
import json
import logging
import os
import re
import sys
from types import TracebackType
from typing import Any, NoReturn, TextIO

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
    """Rewrites the formatted message (and any exception text) with tokens masked.

    gunicorn's access line is a format over its atoms (a dict): the atoms are masked in place,
    so the JSON formatter still finds the method, path and status among them.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict):
            for name, value in record.args.items():
                if isinstance(value, str):
                    record.args[name] = redact(value)
        else:
            message = record.getMessage()
            cleaned = redact(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class RequestContext(logging.Filter):
    """Stamps each record with the request and conversation being served, if any.

    Django's own line about a response (`django.request`: "Unauthorized: /metrics") is written
    after the middleware has returned, so its request id is read from the request it names.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = context.request_id.get() or getattr(
                getattr(record, "request", None), "request_id", ""
            )
        if not getattr(record, "conversation", ""):
            record.conversation = context.conversation_id.get()
        status_code = getattr(record, "status_code", None)
        if isinstance(status_code, int) and not getattr(record, "status", None):
            record.status = status_code
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


def json_lines_wanted() -> bool:
    """DJANGO_LOG_FORMAT=json, read before any settings are (gunicorn.conf.py reads it so too)."""
    return os.environ.get("DJANGO_LOG_FORMAT", "").strip().lower() == "json"


def one_line(message: str, *, logger: str, level: int, exc_info: Any = None) -> str:
    """A line as the app's own log lines are, in the format the environment asks for."""
    record = logging.LogRecord(logger, level, "", 0, message, None, exc_info)
    formatter = JsonFormatter() if json_lines_wanted() else TextFormatter()
    return formatter.format(record)


def refuse_to_start(message: str, *, status: int = 78) -> NoReturn:
    """Stop a process that cannot work as configured: one line that says what to set.

    78 is EX_CONFIG of sysexits.h. Nothing else is written: no traceback to scroll past.
    """
    # Settings may not have configured logging yet (a bad setting stops them): the line goes
    # to standard error through a handler of its own, in the format the environment asks for,
    # and nowhere else.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines_wanted() else TextFormatter())
    logger = logging.getLogger("connect_app.startup")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.critical(message)
    finally:
        logger.removeHandler(handler)
    raise SystemExit(status)


class LinesAsRecords(io.TextIOBase):
    """A stream whose every line is written as one JSON log line: a management command's own
    output (migrate's progress, the purge's tally) in DJANGO_LOG_FORMAT=json.

    What the command writes is its product, so it is carried as written (create_connect_session's
    link keeps its token, as it does in text). Lines already written by the JSON formatter (the
    log handler writes to this stream too when it is stderr) pass through unchanged.
    """

    def __init__(self, stream: TextIO, *, logger: str, level: int) -> None:
        super().__init__()
        self._stream, self._logger, self._level = stream, logger, level
        self._pending = ""
        # A line is written once it ends ("  Applying x..." waits for its " OK"); what never
        # ends is written when the process does.
        atexit.register(self._finish)

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False  # no colours or prompts in a stream of JSON lines

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            self._emit(line)
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def _finish(self) -> None:
        if self._pending:
            self._emit(self._pending)
            self._pending = ""
            self._stream.flush()

    def _emit(self, line: str) -> None:
        if not line.strip():
            return
        if not line.startswith('{"time": '):
            line = JsonFormatter().format(
                logging.LogRecord(self._logger, self._level, "", 0, line.rstrip(), None, None)
            )
        self._stream.write(line + "\n")
        self._stream.flush()  # a log line is read as it is written, not when a buffer fills


def write_json_lines(command: str) -> None:
    """Make everything this process writes one JSON object per line: its output, its errors,
    and an exception nothing caught (one line with the traceback in `exception`)."""
    logger = f"command.{command}"
    sys.stdout = LinesAsRecords(sys.stdout, logger=logger, level=logging.INFO)
    sys.stderr = LinesAsRecords(sys.stderr, logger=logger, level=logging.ERROR)

    def uncaught(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        line = one_line(
            str(error) or kind.__name__,
            logger=logger,
            level=logging.CRITICAL,
            exc_info=(kind, error, tb),
        )
        sys.stderr.write(line + "\n")
        sys.stderr.flush()

    sys.excepthook = uncaught


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
