"""Keeps the connect token out of every log line, whoever writes it."""

from __future__ import annotations

import logging
import re

# A token may appear as a query parameter (the entry URL) or bare (Flatpeak's cot_ prefix).
_TOKEN_PATTERNS = (
    re.compile(r"(?i)\b(fp_cot|connect_token)=[^&\s\"']+"),
    re.compile(r"(?i)(\"?connect_token\"?\s*:\s*\")[^\"]+"),
    re.compile(r"\bcot_[A-Za-z0-9_-]+"),
)
_REPLACEMENTS = (r"\1=[redacted]", r"\1[redacted]", "cot_[redacted]")


def redact(text: str) -> str:
    for pattern, replacement in zip(_TOKEN_PATTERNS, _REPLACEMENTS, strict=True):
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
