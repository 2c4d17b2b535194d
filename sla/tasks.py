"""Celery tasks: thin wrappers around sla services. All idempotent and acknowledged late."""

from celery import shared_task

from .notifications import send_deliveries
from .services.sweep import sweep

# Seconds of sending per run of retry_deliveries (beat sends one a minute, expiring after 55 s).
RETRY_BUDGET = 45.0


@shared_task(acks_late=True, ignore_result=True)
def sweep_deadlines() -> dict:
    """Every minute (beat): warn and breach what is due. Safe to run twice at once (rows are locked, skipped)."""
    result = sweep()
    return {"warned": result.warned, "breached": result.breached}


@shared_task(acks_late=True, ignore_result=True)
def deliver(delivery_ids: list[int]) -> None:
    """Send these deliveries, claimed in batches first, so a repeat of this task sends nothing twice."""
    send_deliveries([int(delivery_id) for delivery_id in delivery_ids])


@shared_task(acks_late=True, ignore_result=True)
def retry_deliveries() -> int:
    """Every minute (beat): deliveries due for a retry, never enqueued, or stuck with a worker that died."""
    return sum(send_deliveries(budget=RETRY_BUDGET).values())
