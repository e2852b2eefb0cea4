"""Which language a page speaks, and which Babel locale shapes its numbers, money and dates.

The language is one of settings.LANGUAGES (CONNECT_LANGUAGES may offer fewer than five): the
`lang` of the entry URL, kept in the session because a host knows its app's language better
than a webview's Accept-Language does; else the best match of Accept-Language; else English.
The region of a tag still matters to Babel (`en-GB` writes £1,234.50 and 31/12/2025, `en-US`
$1,234.50 and 12/31/2025), so the locale is the language in use with the region of `lang`, or
else of the best Accept-Language tag of that same language, or else the language alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils.translation.trans_real import parse_accept_lang_header

FALLBACK = "en"
# Beside the conversation's id and the theme in the signed-cookie session.
SESSION_KEY = "connect_language"
# A BCP 47 tag as hosts write it (es-MX, es_MX, zh-Hant-TW): language, then subtags.
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
_REGION = re.compile(r"[A-Za-z]{2}|[0-9]{3}")
_MAX_TAG = 35
_MAX_HEADER = 500  # Django's own limit for the header (ACCEPT_LANGUAGE_HEADER_MAX_LENGTH)


@dataclass(frozen=True)
class Tag:
    language: str  # lower case, e.g. "es"
    region: str | None  # upper case, e.g. "MX"

    def __str__(self) -> str:
        return f"{self.language}-{self.region}" if self.region else self.language


@dataclass(frozen=True)
class Choice:
    """The language a request is answered in, and the locale its figures are written in."""

    language: str  # one of the offered codes: "de"
    region: str | None  # "AT" when known

    @property
    def html_lang(self) -> str:
        """For <html lang>: the full tag where the region is known ("de-AT")."""
        return str(Tag(self.language, self.region))

    @property
    def locale(self) -> str:
        """Babel's locale identifier: "de_AT", or "de" when Babel knows no such region."""
        return babel_locale(self.language, self.region)


def offered() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def parse_tag(raw: str) -> Tag | None:
    """A language tag's language and region; None for anything that is not a tag."""
    raw = raw.strip()
    if len(raw) > _MAX_TAG or not _TAG.fullmatch(raw):
        return None
    language, *subtags = re.split(r"[-_]", raw)
    # The region follows the language and an optional four-letter script (zh-Hant-TW).
    region = next((s.upper() for s in subtags[:2] if _REGION.fullmatch(s)), None)
    return Tag(language.lower(), region)


def asked(raw: str) -> Tag | None:
    """A `lang` value naming an offered language, else None (an unknown `lang` is ignored)."""
    tag = parse_tag(raw)
    return tag if tag is not None and tag.language in offered() else None


def remember(session: SessionBase, raw: str) -> None:
    """Keep the language the entry URL asked for, when it is one the app offers."""
    tag = asked(raw)
    if tag is not None and session.get(SESSION_KEY) != str(tag):
        session[SESSION_KEY] = str(tag)


def accepted(header: str) -> list[Tag]:
    """The offered languages of an Accept-Language header, best first."""
    tags = (asked(raw) for raw, _quality in parse_accept_lang_header(header[:_MAX_HEADER].lower()))
    return [tag for tag in tags if tag is not None]


# A pure function of two strings, asked on every request with the same few: remembered.
@lru_cache(maxsize=1024)
def choose(remembered: str | None, accept_language: str) -> Choice:
    """The language in use: the session's `lang`, else Accept-Language's best, else English."""
    from_header = accepted(accept_language)
    chosen = asked(remembered) if remembered else None
    if chosen is None:
        chosen = from_header[0] if from_header else Tag(FALLBACK, None)
    region = chosen.region or next(
        (tag.region for tag in from_header if tag.language == chosen.language and tag.region),
        None,
    )
    return Choice(chosen.language, region)


def for_request(request: HttpRequest) -> Choice:
    session: SessionBase | None = getattr(request, "session", None)
    remembered = session.get(SESSION_KEY) if session is not None else None
    return choose(
        remembered if isinstance(remembered, str) else None,
        request.headers.get("Accept-Language", ""),
    )


def of(request: HttpRequest) -> Choice:
    """The choice LanguageMiddleware made for this request (worked out again outside it)."""
    choice = getattr(request, "connect_language", None)
    return choice if isinstance(choice, Choice) else for_request(request)


@lru_cache(maxsize=256)
def babel_locale(language: str, region: str | None) -> str:
    if region:
        try:
            return str(Locale.parse(f"{language}_{region}"))
        except (UnknownLocaleError, ValueError):
            pass
    return language


def context(request: HttpRequest) -> dict[str, str]:
    """Template context: <html lang> is always the language in use, with its region."""
    return {"html_lang": of(request).html_lang}
