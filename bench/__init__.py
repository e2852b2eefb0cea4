"""`make bench` and `make lighthouse`: what no tool does, each budget printed beside its figure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of a report: a figure, and the budget it is held to (met None: information)."""

    name: str
    figure: str
    budget: str = ""
    met: bool | None = None


def report(rows: list[Row], description: str) -> bool:
    """Print the figures beside their budgets; whether every budget is met."""
    print(f"\n{description}\n")
    for row in rows:
        verdict = "" if row.met is None else "  met" if row.met else "  MISSED"
        budget = f"  (budget {row.budget})" if row.budget else ""
        print(f"  {row.name}: {row.figure}{budget}{verdict}")
    return all(row.met is not False for row in rows)
