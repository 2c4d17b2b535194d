"""Celery tasks of the hospital network: thin wrappers taking ids."""

from __future__ import annotations

from celery import shared_task

from . import imports


@shared_task(acks_late=True, ignore_result=True)
def run_import(import_id: int, language: str | None = None) -> None:
    """Validate and run a registry import (all or nothing). Does nothing once the import is done or failed."""
    imports.process_import(import_id, language=language)


@shared_task(acks_late=True, ignore_result=True)
def requeue_imports() -> int:
    """Every few minutes (beat): imports still waiting five minutes after their upload lost their message (the
    broker refused it or restarted), and imports whose worker died while running them (imports.process.STUCK_AFTER):
    queue them again. A finished import, or one a live worker runs, ignores a repeat."""
    import datetime

    from django.db.models import Q
    from django.utils import timezone

    from workflow.queue import enqueue

    from .imports.process import stuck
    from .models import HospitalImport

    now = timezone.now()
    stale = (
        HospitalImport.objects.filter(stuck(now))
        .exclude(Q(status=HospitalImport.Status.PENDING, created_at__gte=now - datetime.timedelta(minutes=5)))
        .order_by("created_at")
        .values_list("pk", flat=True)[:100]
    )
    ids = list(stale)
    for import_id in ids:
        enqueue(run_import, import_id)
    return len(ids)


@shared_task(acks_late=True, ignore_result=True)
def agreement_expiry_reminders() -> int:
    """Daily (beat): cooperations whose agreement has ended without a renewal leave the network (expired); then
    reminders at 90, 60 and 30 days before an agreement ends, and renewal due at 90 days."""
    from .services.expiry import expire_ended, send_expiry_reminders

    return expire_ended() + send_expiry_reminders()


@shared_task(acks_late=True, ignore_result=True)
def agreement_filing_reminders() -> int:
    """Weekly (beat): signed versions not yet filed with HQ are reminded to the responsible persons."""
    from .services.expiry import send_filing_reminders

    return send_filing_reminders()
