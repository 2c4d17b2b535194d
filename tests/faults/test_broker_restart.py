"""Issue 14, point 4: Redis (the broker) goes away and comes back. A private redis-server without persistence
(tests.faults.support.RedisServer): its restart loses every queued message, the worst case.

- While it is down, a print request and a registry upload still succeed (no 500): the job and the import are
  rows in PostgreSQL; queueing them fails, is logged, and beat's requeue tasks queue them once Redis is back.
- Messages queued before a restart are lost with it; the same requeue tasks queue the work again, and a message
  that survived as well (Redis with an append-only file) makes no second document or import."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from documents import jobs
from documents.models import IssuedDocument, Job
from documents.tasks import requeue_jobs, run_job
from hospitals.models import Hospital, HospitalImport
from hospitals.tasks import requeue_imports, run_import
from hospitals.workflows import latest_agreement
from tests.conftest import client_for
from tests.faults.support import send, wait_for
from tests.faults.test_worker_kill import ROWS, registry_csv

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def print_and_upload(user, cooperation) -> tuple[Job, HospitalImport]:
    client = client_for(user)
    agreement = latest_agreement(cooperation)
    printed = client.post(reverse("hospitals:agreement_print", args=[agreement.pk]))
    uploaded = client.post(
        reverse("hospitals:import"), {"file": SimpleUploadedFile("医院.csv", registry_csv())}
    )
    assert (printed.status_code, uploaded.status_code) == (302, 302)
    job, imp = Job.objects.get(), HospitalImport.objects.get()
    assert printed["Location"] == reverse("documents:job", args=[job.pk])
    assert uploaded["Location"] == reverse("hospitals:import_status", args=[imp.pk])
    return job, imp


def beat_requeues(broker: str) -> None:
    """Five minutes later (moved back instead of waited for), beat's requeue tasks run."""
    earlier = timezone.now() - jobs.REQUEUE_AFTER - datetime.timedelta(seconds=1)
    Job.objects.update(created_at=earlier, queued_at=earlier)
    HospitalImport.objects.update(created_at=earlier)
    send(requeue_jobs, broker=broker)
    send(requeue_imports, broker=broker)


def done_once(job: Job, imp: HospitalImport, worker) -> None:
    wait_for(
        lambda: (
            Job.objects.get(pk=job.pk).status == "done"
            and HospitalImport.objects.get(pk=imp.pk).status == "done"
        ),
        90,
        "the print and the import to be done",
        worker.tail,
    )
    job.refresh_from_db()
    assert IssuedDocument.objects.count() == 1 and job.document is not None
    assert (
        Hospital.objects.filter(name__startswith="压力测试医院").count() == ROWS
        and HospitalImport.objects.get(pk=imp.pk).created_count == ROWS
    )


def test_with_redis_down_the_requests_succeed_and_the_work_is_done_once_redis_is_back(
    stack, approved, claims_head, caplog
):
    redis, worker = stack
    redis.stop()
    job, imp = print_and_upload(claims_head, approved)
    assert "could not queue documents.tasks.run_job" in caplog.text
    assert "could not queue hospitals.tasks.run_import" in caplog.text
    assert (job.status, imp.status) == ("pending", "pending")
    # The job's page answers too, while nobody has taken it on.
    assert client_for(claims_head).get(reverse("documents:job", args=[job.pk])).status_code == 200

    redis.start()
    worker.start()
    beat_requeues(redis.url)
    done_once(job, imp, worker)


def test_messages_lost_with_a_redis_restart_are_queued_again_and_done_once(stack, approved, claims_head):
    redis, worker = stack
    job, imp = print_and_upload(claims_head, approved)  # no worker yet: both messages wait in Redis
    assert redis.queued() == 2
    redis.stop()
    redis.start()
    assert redis.queued() == 0  # lost with the restart

    worker.start()
    # A message that would have survived (append-only file) arrives as well as the requeued ones.
    send(run_job, job.pk, broker=redis.url)
    send(run_import, imp.pk, broker=redis.url)
    beat_requeues(redis.url)
    done_once(job, imp, worker)
    assert jobs.run_job(job.pk) is None
