"""The integrator's logo (CONNECT_BRAND_LOGO) among the static files, wherever it lives.

One file, not its folder: the logo may sit beside files that must never be served. It is found
as `brand/<its file name>`, so `collectstatic` copies (and hashes) it with the app's own files
and WhiteNoise serves it from this origin. Settings are read on every call, not kept, so a test
can point CONNECT_BRAND_LOGO elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, overload

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

from connect_app.branding import LOGO_PREFIX


class BrandLogoFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[Any]:
        return []  # settings.py has already refused a logo that is missing or of another kind

    @overload
    def find(self, path: str, find_all: Literal[False] = False) -> str | None: ...

    @overload
    def find(self, path: str, find_all: Literal[True]) -> list[str]: ...

    def find(self, path: str, find_all: bool = False) -> str | list[str] | None:
        logo = _logo()
        if logo is None or path != f"{LOGO_PREFIX}/{logo.name}":
            # Not found is an empty list either way, as Django's own finders answer: a None
            # would be taken for a match by staticfiles.finders.find and served as a path.
            return []
        return [str(logo)] if find_all else str(logo)

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        logo = _logo()
        if logo is None:
            return
        storage = FileSystemStorage(location=logo.parent)
        storage.prefix = LOGO_PREFIX  # type: ignore[attr-defined]
        yield logo.name, storage


def _logo() -> Path | None:
    logo: Path | None = settings.CONNECT_BRAND_LOGO
    return logo
