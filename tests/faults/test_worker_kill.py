"""Issue 14, point 4: a real Celery worker (Redis + PostgreSQL) killed with SIGKILL in the middle of a print and of a
registry import, then restarted: the beat's requeue task hands the abandoned work to the new worker, which finishes
it; nothing is lost and nothing is done twice. (The sweep's drill is tests/sla/test_worker_kill.py.)

A worker that died leaves its job "running"; beat queues it again once it has been running longer than a live one
could (documents.jobs.STUCK_AFTER, hospitals.imports.process.STUCK_AFTER): the tests move its start back by that
much instead of waiting. The killed worker's own message comes back from Redis an hour later (visibility timeout):
that repeat is sent too, and does nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents import jobs
from documents.models import DocumentSequence, IssuedDocument, Job
from hospitals.imports.process import STUCK_AFTER as IMPORT_STUCK_AFTER
from hospitals.models import Agreement, Cooperation, Hospital, HospitalImport
from hospitals.tasks import requeue_imports, run_import
from hospitals.workflows import latest_agreement
from tests.conftest import client_for
from tests.faults.support import send, wait_for
from workflow.models import Event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
LATER = datetime.timedelta(seconds=1)


def request_print(user, cooperation) -> tuple[Job, Agreement]:
    agreement = latest_agreement(cooperation)
    response = client_for(user).post(reverse("hospitals:agreement_print", args=[agreement.pk]))
    assert response.status_code == 302
    return Job.objects.get(), agreement


def beat_requeues_the_job(job: Job, broker: str) -> None:
    """As if STUCK_AFTER had passed: beat's requeue task finds the abandoned job and queues it again."""
    from documents.tasks import requeue_jobs

    Job.objects.filter(pk=job.pk).update(started_at=timezone.now() - jobs.STUCK_AFTER - LATER)
    send(requeue_jobs, broker=broker)


def job_status(job: Job) -> str:
    return Job.objects.values_list("status", flat=True).get(pk=job.pk)


def test_print_killed_while_rendering_is_printed_once_by_the_next_worker(stack, approved, claims_head):
    redis, worker = stack
    worker.start(stall="render")
    job, agreement = request_print(claims_head, approved)
    worker.wait_stalled()
    worker.kill()

    # The number was taken, nothing was registered; the job is left "running" by a dead worker.
    assert DocumentSequence.objects.get().last == 1
    assert not IssuedDocument.objects.exists() and job_status(job) == "running"

    worker.start()
    beat_requeues_the_job(job, redis.url)
    wait_for(lambda: job_status(job) == "done", 60, "the job to be done", worker.tail)

    job.refresh_from_db()
    agreement.refresh_from_db()
    (document,) = IssuedDocument.objects.all()
    assert job.document == agreement.document == document
    assert document.number.endswith("-000002")  # the dead worker's number is a gap (logged), never reused
    # The dead worker's own message, back from Redis after the visibility timeout, does nothing.
    assert jobs.run_job(job.pk) is None
    assert IssuedDocument.objects.count() == 1
    assert Event.objects.filter(verb="document_issued").count() == 1


def test_print_killed_after_issuing_is_not_issued_twice(stack, approved, claims_head):
    redis, worker = stack
    worker.start(stall="finish")
    job, agreement = request_print(claims_head, approved)
    worker.wait_stalled()
    worker.kill()

    (document,) = IssuedDocument.objects.all()  # registered and committed before the kill
    assert job_status(job) == "running"

    worker.start()
    beat_requeues_the_job(job, redis.url)
    wait_for(lambda: job_status(job) == "done", 60, "the job to be done", worker.tail)

    job.refresh_from_db()
    agreement.refresh_from_db()
    assert list(IssuedDocument.objects.all()) == [document]  # one print job, one document
    assert job.document == agreement.document == document
    assert DocumentSequence.objects.get().last == 1
    assert Event.objects.filter(verb="document_issued").count() == 1
    assert jobs.run_job(job.pk) is None


ROWS = 300
HEADER = "医院名称,省份,城市,区县,地址,性质,等级,类型,床位数,急诊直线电话,电脑化明细清单"


def registry_csv() -> bytes:
    lines = [HEADER] + [
        f"压力测试医院{i:04d},吉林省,长春市,朝阳区,工农大路{i}号,公立,二级甲等,综合医院,100,,否"
        for i in range(ROWS)
    ]
    return "\r\n".join(lines).encode("utf-8")


def import_status(imp: HospitalImport) -> str:
    return HospitalImport.objects.values_list("status", flat=True).get(pk=imp.pk)


def test_import_killed_inside_its_transaction_is_imported_once_by_the_next_worker(stack, claims_head):
    from django.core.files.uploadedfile import SimpleUploadedFile

    redis, worker = stack
    worker.start(stall="import")
    response = client_for(claims_head).post(
        reverse("hospitals:import"), {"file": SimpleUploadedFile("医院.csv", registry_csv())}
    )
    assert response.status_code == 302
    imp = HospitalImport.objects.get()
    worker.wait_stalled()  # every hospital inserted in the import's transaction, not committed
    worker.kill()

    # The database rolled the transaction back: nothing half imported.
    assert not Hospital.objects.exists() and not Cooperation.objects.exists()
    assert not Event.objects.filter(verb="imported").exists()
    assert import_status(imp) == "running"

    worker.start()
    HospitalImport.objects.filter(pk=imp.pk).update(started_at=timezone.now() - IMPORT_STUCK_AFTER - LATER)
    send(requeue_imports, broker=redis.url)
    wait_for(lambda: import_status(imp) == "done", 60, "the import to be done", worker.tail)

    run_import(imp.pk)  # the dead worker's message, back from Redis later: nothing more
    imp.refresh_from_db()
    assert imp.created_count == ROWS and imp.errors == []
    assert Hospital.objects.count() == Cooperation.objects.count() == ROWS
    assert Event.objects.filter(verb="imported").count() == ROWS
