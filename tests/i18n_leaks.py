"""Finding English on a page that should speak another language.

The English source strings are the catalogue's msgids. One that the language's catalogue
translates into something else (or does not translate yet) must not be on that language's
page; one the translator kept as it is (a proper noun, "OK") may be. Names that Connect or the
REST API sent (a programme, a provider, an e-mail address) are shown as sent, so they are taken
off the page before looking. Their prose is not (A7): where it comes with a code, or stands for
one, the page says it in its own words, so a sentence sent upstream is English on the page too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

LOCALE = Path(__file__).resolve().parent.parent / "locale"
# Attributes whose values are read out or shown: accessible names, hints, button values, and
# the words a script shows later ("Still loading…").
SPOKEN_ATTRIBUTES = (
    "aria-label",
    "alt",
    "title",
    "placeholder",
    "aria-description",
    "data-still-loading",
)
# Placeholders (%(name)s, %s, {0}) and markup split a msgid into the pieces shown verbatim.
_NOT_SHOWN = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sd]|\{[^}]*\}|<[^>]+>")
# A piece must be worth finding: a word of four letters, or two words, not "in" or "of".
_WORTH = re.compile(r"[^\W\d_]{4,}|[^\W\d_]{2,}\W+[^\W\d_]{2,}")


@dataclass(frozen=True)
class English:
    msgid: str
    piece: str
    pattern: re.Pattern[str]


def _pieces(msgid: str) -> list[str]:
    pieces = []
    for part in _NOT_SHOWN.split(msgid):
        piece = " ".join(part.split()).strip(" .,:;·—-()«»\"'!?")
        if _WORTH.search(piece):
            pieces.append(piece)
    return pieces


@cache
def english_for(language: str) -> tuple[English, ...]:
    """The English pieces that must not show on a page in `language`."""
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as source:
        catalogue = read_po(source, locale=language)
    found = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        kept = not message.fuzzy and all(strings) and set(strings) <= set(ids)
        if kept:
            continue  # the same in both languages: a proper noun, "OK"
        for msgid in ids:
            for piece in _pieces(str(msgid)):
                pattern = re.compile(rf"(?<!\w){re.escape(piece)}(?!\w)")
                found.append(English(str(msgid), piece, pattern))
    return tuple(found)


def shown_text(html: str) -> list[str]:
    """What a person reads or hears: text, accessible names, button values, script data."""
    soup = BeautifulSoup(html, "html.parser")
    texts: list[str] = []
    for data in soup.select('script[type="application/json"]'):
        texts.extend(_strings(json.loads(data.get_text() or "null")))
        data.decompose()
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    for element in soup.find_all(True):
        for attribute in SPOKEN_ATTRIBUTES:
            if element.has_attr(attribute):
                texts.append(str(element[attribute]))
        if element.name == "input" and element.get("type") in ("submit", "button"):
            texts.append(str(element.get("value", "")))
    if soup.title is not None:
        texts.append(soup.title.get_text())
    body = soup.body or soup
    texts.append(body.get_text(" "))
    return [" ".join(text.split()) for text in texts if text.strip()]


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# Where a payload carries prose for the customer rather than names: a timeline step's
# description, a leaving page's points, an error's message.
PROSE_KEYS = frozenset({"description", "message", "consequences", "next_steps"})


def sent_strings(value: object) -> set[str]:
    """Every string in what Connect sent (a page's payload), to be shown as sent."""
    return {" ".join(text.split()) for text in _strings(value) if len(text.strip()) > 1}


def sent_names(value: object) -> set[str]:
    """What Connect sent that is shown as sent: everything but its prose."""
    return sent_strings(_without_prose(value))


def sent_prose(value: object) -> set[str]:
    """The sentences Connect sent for the customer, which a page says in its own words."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found |= sent_strings(item) if key in PROSE_KEYS else sent_prose(item)
    elif isinstance(value, list):
        for item in value:
            found |= sent_prose(item)
    return {text for text in found if " " in text}


def _without_prose(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_prose(v) for k, v in value.items() if k not in PROSE_KEYS}
    if isinstance(value, list):
        return [_without_prose(item) for item in value]
    return value


def leaks(
    html: str, language: str, sent: Iterable[str] = (), prose: Iterable[str] = ()
) -> list[str]:
    """The English on the page: our msgids' pieces, and the `prose` sent upstream in English."""
    texts = shown_text(html)
    found = [
        f"{sentence!r} (sent upstream)"
        for sentence in prose
        if any(sentence in text for text in texts)
    ]
    # Longest first, so a sentence goes before a word that is part of it.
    for string in sorted(set(sent), key=len, reverse=True):
        texts = [text.replace(string, " ¦ ") for text in texts]
    for english in english_for(language):
        if any(english.pattern.search(text) for text in texts):
            found.append(f"{english.piece!r} (from msgid {english.msgid!r})")
    return sorted(set(found))
