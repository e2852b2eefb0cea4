"""What the customer's answers so far select, and the tariff they add up to once connected.

The address and its country, the provider and its tariff, the prices a page is prefilled
with, and the connected tariff a summary describes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from connect_sandbox.customers import DemoCustomer
from connect_sandbox.tariff.answers import Answers
from connect_sandbox.tariff.prices import Pricing
from connect_sandbox.tariff.providers import (
    MARKET_STRUCTURES,
    PRESET_TARIFFS,
    Connection,
    Country,
    LibraryTariff,
    Provider,
    Structure,
    country,
    provider_by_id,
    tariff_by_id,
)

# Bands a time-of-day page offers when nothing is known yet: night and day, prices to fill in.
BLANK_BANDS = (("00:00:00", "07:00:00"), ("07:00:00", "00:00:00"))


def postal_address(customer: DemoCustomer, answers: Answers) -> dict[str, str] | None:
    """The customer's address: as answered in this session, else as the demo knows it."""
    if answers.postal_address is not None:
        return answers.postal_address
    return customer.postal_address.to_json() if customer.postal_address else None


def country_code(customer: DemoCustomer, answers: Answers) -> str:
    address = postal_address(customer, answers)
    return address["country_code"] if address else customer.country_code


def market(customer: DemoCustomer, answers: Answers) -> Country:
    return country(country_code(customer, answers))


def provider(answers: Answers) -> Provider | None:
    return provider_by_id(answers.provider_id) if answers.provider_id else None


def provider_json(answers: Answers) -> dict[str, str]:
    """The supplier as later pages carry it; a named one has no id or logo yet (empty)."""
    chosen = provider(answers)
    if chosen is not None:
        return chosen.to_json()
    return {"id": "", "display_name": answers.provider_name, "logo_url": ""}


def library_tariff(answers: Answers) -> LibraryTariff | None:
    chosen = provider(answers)
    return chosen.tariff(answers.tariff_id) if chosen and answers.tariff_id else None


def offered_structures(customer: DemoCustomer, answers: Answers) -> tuple[Structure, ...]:
    chosen = provider(answers)
    if chosen is not None:
        return chosen.structures
    return market(customer, answers).structures_when_unlisted


def regions(customer: DemoCustomer, answers: Answers) -> tuple[str, ...]:
    return market(customer, answers).regions


def known_cost(answers: Answers) -> Decimal | None:
    """The fixed price to prefill: the customer's, else the library tariff's."""
    if answers.cost:
        return Decimal(answers.cost)
    tariff = library_tariff(answers)
    return tariff.cost if tariff is not None and tariff.structure is Structure.FIXED else None


def known_bands(answers: Answers) -> list[dict[str, object]]:
    """The bands to prefill: the customer's, else the library tariff's, else blank ones."""
    if answers.hours:
        return [band.to_json() for band in answers.bands]
    tariff = library_tariff(answers)
    if tariff is not None and tariff.bands:
        return [band.to_json() for band in tariff.bands]
    # No price yet: 0, as Connect writes a price it does not know (NOT_KNOWN in replies.py).
    return [{"cost": 0.0, "valid_from": start, "valid_to": end} for start, end in BLANK_BANDS]


def with_preset(customer: DemoCustomer, answers: Answers) -> Answers:
    """The answers, with the supplier and tariff the demo customer came with if none is chosen:
    changing a tariff starts from the one the customer has."""
    found = tariff_by_id(PRESET_TARIFFS.get(customer.key, ""))
    if answers.provider_id or answers.provider_name or found is None:
        return answers
    supplier, tariff = found
    return answers.but(provider_id=supplier.id, tariff_id=tariff.id)


@dataclass(frozen=True)
class Connected:
    """The tariff a session has connected, as its summary describes it."""

    id: str
    name: str
    provider: dict[str, str]
    connection: Connection
    pricing: Pricing
    contract_end_date: str
    market_rates_source: str


def connected(customer: DemoCustomer, answers: Answers) -> Connected:
    """The connected tariff: fetched from a DIRECT supplier, entered in this session, or the
    one the demo customer came with."""
    code = country_code(customer, answers)
    place = country(code)
    chosen = provider(answers)
    if answers.connection == Connection.DIRECT and chosen and chosen.direct_tariff:
        return _from_library(chosen, chosen.direct_tariff, Connection.DIRECT, code, answers)
    structure = answers.chosen_structure
    if structure is not None:
        library = library_tariff(answers)
        name = library.name if library is not None else answers.tariff_name
        pricing = Pricing(
            structure=structure,
            country_code=code,
            country=place,
            cost=Decimal(answers.cost) if answers.cost else None,
            bands=answers.bands,
            surcharge_fixed=Decimal(answers.surcharge_fixed or 0),
            surcharge_percentage=Decimal(answers.surcharge_percentage or 0),
        )
        return Connected(
            id=library.id if library is not None else "",
            name=name,
            provider=provider_json(answers),
            connection=answers.chosen_connection or Connection.MANUAL,
            pricing=pricing,
            contract_end_date=answers.contract_end_date,
            market_rates_source=place.market_rates_source if structure in MARKET_STRUCTURES else "",
        )
    found = tariff_by_id(PRESET_TARIFFS.get(customer.key, "")) or _first_library_tariff(place)
    return _from_library(*found, Connection.LIBRARY, code, answers)


def _from_library(
    supplier: Provider,
    tariff: LibraryTariff,
    connection: Connection,
    code: str,
    answers: Answers,
) -> Connected:
    pricing = Pricing(
        structure=tariff.structure,
        country_code=code,
        country=country(code),
        cost=tariff.cost,
        bands=tariff.bands,
    )
    return Connected(
        id=tariff.id,
        name=tariff.name,
        provider=supplier.to_json(),
        connection=connection,
        pricing=pricing,
        contract_end_date=answers.contract_end_date,
        market_rates_source="",
    )


def _first_library_tariff(place: Country) -> tuple[Provider, LibraryTariff]:
    # A customer connected before the session, with no tariff named for them: any will do.
    for supplier in (*place.providers, *country("US").providers):
        if supplier.tariffs:
            return supplier, supplier.tariffs[0]
    raise LookupError("the sandbox knows no library tariff")
