"""Celery tasks: thin wrappers around sla services. All idempotent and acknowledged late."""

from celery import shared_task

from .notifications import due_delivery_ids, send_delivery
from .services.sweep import sweep


@shared_task(acks_late=True, ignore_result=True)
def sweep_deadlines() -> dict:
    """Every minute (beat): warn and breach what is due. Safe to run twice at once (rows are locked, skipped)."""
    result = sweep()
    return {"warned": result.warned, "breached": result.breached}


@shared_task(acks_late=True, ignore_result=True)
def deliver(delivery_ids: list[int]) -> None:
    """Send these deliveries; each is claimed first, so a repeat of this task sends nothing twice."""
    for delivery_id in delivery_ids:
        send_delivery(int(delivery_id))


@shared_task(acks_late=True, ignore_result=True)
def retry_deliveries() -> int:
    """Every minute (beat): deliveries due for a retry, never enqueued, or stuck with a worker that died."""
    ids = due_delivery_ids()
    for delivery_id in ids:
        send_delivery(delivery_id)
    return len(ids)
