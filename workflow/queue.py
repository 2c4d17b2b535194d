"""Handing work to the Celery worker without letting a broker outage break the person's request.

Work is queued after the transaction that records it commits (``transaction.on_commit``). If the broker cannot
take the message at that moment (Redis restarting, say), the row that describes the work is already committed:
the error is logged and the work waits for its periodic sweep (deliveries: ``sla.tasks.retry_deliveries``; jobs:
``documents.tasks.requeue_jobs``), instead of the person getting a 500 for something that did happen.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> bool:
    """``task.delay(*args, **kwargs)``; False (and a logged error) when the broker refused it."""
    try:
        task.delay(*args, **kwargs)
    except Exception:
        logger.exception("could not queue %s%r; its periodic sweep will pick it up", task.name, args)
        return False
    return True
