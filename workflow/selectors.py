"""Read side of the workflow app."""

from __future__ import annotations

import datetime

from .models import WorkerHeartbeat


def last_heartbeat() -> datetime.datetime | None:
    """When the worker last ran the beat-scheduled heartbeat task (None: never)."""
    return WorkerHeartbeat.objects.filter(name="worker").values_list("beat_at", flat=True).first()
