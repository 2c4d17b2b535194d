from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(acks_late=True, ignore_result=True)
def heartbeat() -> None:
    """Scheduled by beat every minute, run by the worker: /healthz reads its time to tell both are alive."""
    WorkerHeartbeat.objects.update_or_create(name="worker", defaults={"beat_at": timezone.now()})
