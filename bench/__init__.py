"""The benchmark (`make bench`) and the helpers it shares with the scale-out test."""

from __future__ import annotations
