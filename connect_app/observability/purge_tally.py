"""The purge's running totals: one row in the app's database, kept for /metrics.

The purge runs as a command of its own, so what it did cannot live in a worker's memory; every
instance reads this row when Prometheus scrapes it. One of the app's models (models.py lists
it with the others), written by retention.py; it lives here so that the metrics that read it
need nothing of the app above observability.
"""

from __future__ import annotations

from django.db import models


class Purge(models.Model):
    """The purge's running totals: one row, for the metrics every instance serves."""

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON)
    conversations = models.PositiveBigIntegerField(default=0)
    actions = models.PositiveBigIntegerField(default=0)
    last_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.conversations} conversations purged, last at {self.last_run_at}"
