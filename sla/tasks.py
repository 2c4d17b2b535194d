"""Celery tasks: thin wrappers around sla services. All idempotent and acknowledged late."""

from celery import shared_task
from django.conf import settings

from workflow.queue import enqueue

from .notifications import send_deliveries
from .services.sweep import backlog, sweep

# Seconds of sending per run of retry_deliveries (beat sends one a minute, expiring after 55 s).
RETRY_BUDGET = 45.0


@shared_task(acks_late=True, ignore_result=True)
def sweep_deadlines(helpers: int | None = None) -> dict:
    """Every minute (beat): warn and breach what is due. Safe to run twice at once (rows are locked, skipped).

    When more than one batch is due (a burst: working-day clocks fall due together), it first asks
    ``SLA_SWEEP_HELPERS`` more sweeps to share the work: they take other batches (SKIP LOCKED) on the sweep
    queue's other worker processes, so a burst drains in the time of its share (bench/README.md, issue 14)."""
    helpers = settings.SLA_SWEEP_HELPERS if helpers is None else helpers
    if helpers and backlog():
        for _ in range(helpers):
            enqueue(sweep_deadlines, helpers=0)
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
