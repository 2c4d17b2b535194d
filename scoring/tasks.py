"""Celery tasks of the annual assessment: thin wrappers."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def recompute_drafts() -> int:
    """Nightly (beat): every draft or disputed scorecard of an open year gathers its facts again; confirmed and
    final cards keep theirs."""
    from .services.cycle import recompute_drafts as run

    return run()
