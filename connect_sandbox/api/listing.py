"""Cursor pagination of REST lists (`starting_after` / `ending_before`, Part B §7.3)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


class InvalidCursor(ValueError):
    """A cursor that names no item of the list."""


@dataclass(frozen=True)
class ListPage(Generic[T]):
    """One page of a list, and whether more lie beyond it in the direction of travel."""

    items: list[T]
    has_more: bool


def list_page(
    items: Sequence[T],
    id_of: Callable[[T], str],
    *,
    limit: int,
    starting_after: str | None = None,
    ending_before: str | None = None,
) -> ListPage[T]:
    """The page after `starting_after`, before `ending_before`, or else the first page."""
    if ending_before is not None:
        before = list(items[: _position(items, id_of, ending_before)])
        return ListPage(before[-limit:], len(before) > limit)
    start = 0 if starting_after is None else _position(items, id_of, starting_after) + 1
    rest = list(items[start:])
    return ListPage(rest[:limit], len(rest) > limit)


def _position(items: Sequence[T], id_of: Callable[[T], str], cursor: str) -> int:
    for index, item in enumerate(items):
        if id_of(item) == cursor:
            return index
    raise InvalidCursor(cursor)
