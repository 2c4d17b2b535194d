"""Celery tasks of the documents app: thin wrappers taking ids."""

from celery import shared_task

from . import jobs


@shared_task(acks_late=True, ignore_result=True)
def requeue_jobs() -> int:
    """Every minute (beat): jobs whose message was lost or whose worker died are queued again."""
    return jobs.requeue_jobs()


@shared_task(acks_late=True, ignore_result=True)
def run_job(job_id: int) -> str | None:
    """Make a background job's file or document. A repeat of a finished or running job does nothing."""
    return jobs.run_job(int(job_id))
