"""Celery tasks of the injury-claims app: thin wrappers that call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def expire_guarantees() -> int:
    """Daily (beat): issued guarantee letters past their last valid day are expired (idempotent)."""
    from .services.guarantee import expire_guarantees as sweep

    return sweep()
