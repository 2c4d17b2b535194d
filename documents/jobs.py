"""Background jobs: exports and prints run in the worker, never inside a request.

An app registers each kind of job (``register``) with the function that makes its result; a view calls
:func:`start_job` and redirects to the job's page, which polls until the file or document is ready. The job runs
with the requester's permissions, checked again by the job function when it runs.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import DatabaseError, InterfaceError, OperationalError, models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import IssuedDocument, Job

logger = logging.getLogger(__name__)

# A job nobody has started after this long: no worker is answering (the page stops polling and says so).
NO_WORKER_AFTER = datetime.timedelta(minutes=1)
# A job "running" for longer than this belonged to a worker that died; another worker may take it over.
STUCK_AFTER = datetime.timedelta(minutes=10)
# A job still waiting this long after it was queued lost its message (or no worker runs): queue it again.
REQUEUE_AFTER = datetime.timedelta(minutes=5)


# The job this worker thread is running: a document it issues is recorded on the job in the same transaction.
_running: ContextVar[int | None] = ContextVar("documents_running_job", default=None)


class JobFailed(Exception):
    """The job cannot be done for a reason the requester should read (translated)."""


@dataclass
class JobResult:
    filename: str = ""
    data: bytes = b""
    mime_type: str = ""
    document: IssuedDocument | None = None


Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class JobKind:
    slug: str
    label: str
    run: Callable[[Job, Progress], JobResult]
    # (user) -> may the requester still read the result? Checked again on every view of the job: someone who lost
    # the role since the export was made does not download it. None: the requester always may.
    readable: Callable[[object], bool] | None = None


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    _KINDS[kind.slug] = kind
    return kind


def get(slug: str) -> JobKind:
    try:
        return _KINDS[slug]
    except KeyError as exc:
        raise ImproperlyConfigured(f"Job kind {slug!r} is not registered (documents.jobs.register).") from exc


@transaction.atomic
def start_job(kind: str, *, by, params: dict | None = None, back: str = "") -> Job:
    """Record the job and queue it for the worker once the transaction commits. ``back``: the page the person
    came from (a local path), linked from the job's page."""
    get(kind)
    params = {
        **(params or {}),
        **({"back": back} if back.startswith("/") and not back.startswith("//") else {}),
    }
    job = Job.objects.create(kind=kind, requested_by=by, params=params, language=translation.get_language())
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from workflow.queue import enqueue

    from .tasks import run_job

    Job.objects.filter(pk=job_id).update(queued_at=timezone.now())
    enqueue(run_job, job_id)


def requeue_jobs(now: datetime.datetime | None = None, limit: int = 100) -> int:
    """Periodic (beat): queue again the jobs whose message was lost — never taken after REQUEUE_AFTER (the broker
    refused it, or it was lost with a broker's restart) — or whose worker died while running them. A job already
    taken by a live worker is not claimable, so a duplicate message does nothing."""
    now = now or timezone.now()
    stale = Job.objects.filter(
        Q(status=Job.Status.PENDING, queued_at__lt=now - REQUEUE_AFTER)
        | Q(status=Job.Status.PENDING, queued_at__isnull=True, created_at__lt=now - REQUEUE_AFTER)
        | Q(status=Job.Status.RUNNING, started_at__lt=now - STUCK_AFTER)
    ).order_by("created_at")
    ids = list(stale.values_list("pk", flat=True)[:limit])
    for job_id in ids:
        _enqueue(job_id)
    return len(ids)


def _claim(job_id: int) -> bool:
    now = timezone.now()
    return bool(
        Job.objects.filter(
            Q(status=Job.Status.PENDING) | Q(status=Job.Status.RUNNING, started_at__lt=now - STUCK_AFTER),
            pk=job_id,
        ).update(status=Job.Status.RUNNING, started_at=now, progress=0)
    )


def run_job(job_id: int) -> str | None:
    """Make the job's result (the worker calls this). Returns the new status, or None when the job was not
    waiting (done, failed, or running in a live worker): a repeated message does nothing."""
    if not _claim(job_id):
        return None
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    rows = Job.objects.filter(pk=job_id)

    def progress(done: int, total: int) -> None:
        rows.update(progress=done, total=total)

    running = _running.set(job.pk)
    with translation.override(job.language or None):
        try:
            result = get(job.kind).run(job, progress)
        except JobFailed as exc:
            return _finish(job, Job.Status.FAILED, error=str(exc))
        except (OperationalError, InterfaceError):
            # The database went away (a restart, a failover): not the job's fault, so not a failure the person has
            # to redo. It waits again and beat's requeue_jobs runs it later; if the database cannot even be told,
            # the job stays "running" and is taken over after STUCK_AFTER.
            logger.exception("background job %s (%s) lost the database; it will run again", job.pk, job.kind)
            with contextlib.suppress(DatabaseError):
                Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                    status=Job.Status.PENDING, started_at=None, progress=0, queued_at=timezone.now()
                )
            raise
        except Exception:
            logger.exception("background job %s (%s) failed", job.pk, job.kind)
            return _finish(
                job,
                Job.Status.FAILED,
                error=_("The file could not be made. Try again, or tell your administrator."),
            )
        finally:
            _running.reset(running)
    if result.data:
        job.file.save(result.filename, ContentFile(result.data), save=False)
    return _finish(
        job,
        Job.Status.DONE,
        file=job.file.name,
        filename=result.filename,
        mime_type=result.mime_type,
        document=result.document,
    )


def issued_by_running_job(kind: str, subject: models.Model) -> IssuedDocument | None:
    """The document of this kind and subject that the running job issued already: its worker died after the
    document was registered but before the job was marked done, and the job runs again. Printing returns it
    instead of issuing a second document with a new number (documents.services.issue_document)."""
    job_id = _running.get()
    if job_id is None:
        return None
    return IssuedDocument.objects.filter(
        pk__in=Job.objects.filter(pk=job_id).values("document"),
        kind=kind,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
    ).first()


def record_issued(document: IssuedDocument) -> None:
    """Called in the transaction that registers a document: the running job (if any) keeps it."""
    job_id = _running.get()
    if job_id is not None:
        Job.objects.filter(pk=job_id).update(document=document)


def _finish(job: Job, status: str, **fields) -> str:
    Job.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(), **fields)
    return status


def no_worker(job: Job, now: datetime.datetime | None = None) -> bool:
    """Waited a minute and no worker has started it: the page stops polling and says so."""
    now = now or timezone.now()
    if job.status == Job.Status.PENDING:
        return job.created_at < now - NO_WORKER_AFTER
    return (
        job.status == Job.Status.RUNNING and job.started_at is not None and job.started_at < now - STUCK_AFTER
    )


def visible_jobs(user) -> models.QuerySet[Job]:
    """A job is its requester's only."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(requested_by=user)
