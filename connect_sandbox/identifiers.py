"""Stable identifiers for the sandbox's demo objects: the same on every process and every run."""

from __future__ import annotations

import hashlib

from connect_sandbox.customers import DemoCustomer


def stable_id(prefix: str, *parts: str) -> str:
    """`prefix_` and 24 hex digits derived from `parts`, shaped like Flatpeak's object ids."""
    return f"{prefix}_{_digest(parts, 12).hex()}"


def stable_digits(count: int, *parts: str) -> str:
    """`count` decimal digits derived from `parts` (account numbers, references)."""
    number = int.from_bytes(_digest(parts, 8), "big")
    return str(number % 10**count).zfill(count)


def device_id(customer: DemoCustomer) -> str:
    """The customer's battery, as Flatpeak's Device object names it."""
    return stable_id("dev", customer.key, "battery")


def location_id(customer: DemoCustomer) -> str:
    """The customer's home, as Flatpeak's Location object names it."""
    return stable_id("loc", customer.key, "home")


def _digest(parts: tuple[str, ...], size: int) -> bytes:
    return hashlib.blake2b("|".join(parts).encode(), digest_size=size).digest()
