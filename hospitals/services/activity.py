"""Recording network activity (trainings, advisors, dispatches, HK cases) and the maintenance log."""

from __future__ import annotations

from django.db import models, transaction

from workflow.services import record_event

from ..activities import ActivityKind
from ..models import Cooperation, MaintenanceLog


@transaction.atomic
def record_activity(kind: ActivityKind, record: models.Model, *, by) -> models.Model:
    """Save a validated, unsaved activity record for the person's branch and put it on the hospital's record."""
    record.org = by.org.secondary
    record.save()
    record_event(record.hospital, kind.verb, by=by, note=kind.summary(record))
    return record


@transaction.atomic
def record_maintenance(cooperation: Cooperation, entry: MaintenanceLog, *, by) -> MaintenanceLog:
    entry.cooperation, entry.by = cooperation, by
    entry.save()
    note = f"{entry.on:%Y-%m-%d} {entry.get_kind_display()}: {entry.note[:200]}"
    record_event(cooperation, "maintenance_recorded", by=by, note=note)
    return entry
