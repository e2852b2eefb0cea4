"""What the customer has told the tariff flow so far, kept on the session row between calls."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal
from typing import Any

from connect_sandbox.tariff.providers import Band, Connection, Structure


@dataclass(frozen=True)
class Answers:
    """Every answer is optional: pages are prefilled from what is known and skip what is not.

    Money is kept as Decimal strings, in major units per kWh, exactly as it arrived.
    """

    # The page (PageState JSON) the flow was opened from with CONNECT_TARIFF; None when the
    # session started in the tariff flow, whose BACK then leaves for the callback URL.
    origin: dict[str, str] | None = None
    postal_address: dict[str, str] | None = None
    provider_id: str = ""
    # A supplier or tariff the customer named because it was not listed.
    provider_name: str = ""
    tariff_id: str = ""
    tariff_name: str = ""
    structure: str = ""
    cost: str = ""
    hours: tuple[tuple[str, str, str], ...] = ()
    surcharge_fixed: str = ""
    surcharge_percentage: str = ""
    region: str = ""
    contract_end_date: str = ""
    connection: str = ""

    def to_json(self) -> dict[str, Any]:
        stored = asdict(self)
        stored["hours"] = [list(band) for band in self.hours]
        return stored

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Answers:
        known = {f.name for f in fields(cls)}
        values = {name: value for name, value in stored.items() if name in known}
        values["hours"] = tuple(tuple(band) for band in values.get("hours", ()))
        return cls(**values)

    def but(self, **changes: Any) -> Answers:
        return replace(self, **changes)

    @property
    def chosen_structure(self) -> Structure | None:
        return Structure(self.structure) if self.structure else None

    @property
    def chosen_connection(self) -> Connection | None:
        return Connection(self.connection) if self.connection else None

    @property
    def bands(self) -> tuple[Band, ...]:
        return tuple(Band(start, end, Decimal(cost)) for start, end, cost in self.hours)
