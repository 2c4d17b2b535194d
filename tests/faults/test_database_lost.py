"""Issue 14, point 4 (PostgreSQL restarted): a print job whose database connection breaks while it runs is not
failed for good — the person would have to print again — but waits again, and beat's requeue task runs it later."""

from __future__ import annotations

import datetime

import pytest
from django.db import OperationalError

from documents import jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def flaky_kind():
    calls = []

    def run(job, progress):
        calls.append(job.pk)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return jobs.JobResult(filename="out.txt", data=b"made", mime_type="text/plain")

    jobs.register(jobs.JobKind("test.flaky", "test.flaky", run))
    yield calls
    jobs._KINDS.pop("test.flaky")


def test_a_job_that_lost_the_database_waits_again_and_is_made_by_the_requeue(
    flaky_kind, claims_head, monkeypatch
):
    queued = []
    monkeypatch.setattr(jobs, "_enqueue", lambda job_id: queued.append(job_id))
    job = jobs.start_job("test.flaky", by=claims_head)
    with pytest.raises(OperationalError):
        jobs.run_job(job.pk)  # the task fails (logged); its message is acknowledged
    job.refresh_from_db()
    assert (job.status, job.error, job.started_at) == ("pending", "", None)

    later = job.queued_at + jobs.REQUEUE_AFTER + datetime.timedelta(seconds=1)
    assert jobs.requeue_jobs(now=later) == 1 and queued[-1] == job.pk
    assert jobs.run_job(job.pk) == "done"
    job.refresh_from_db()
    assert job.status == "done" and job.file.read() == b"made" and len(flaky_kind) == 2
