"""Slow work off the request (issue 7, point 7): background jobs and the document-number lock."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from documents import jobs
from documents.models import DocumentSequence, IssuedDocument, Job
from documents.services import issue_document
from tests.conftest import client_for

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def kinds():
    """Two job kinds of the tests: one that makes a small file, one that refuses."""

    def make(job, progress):
        progress(1, 2)
        return jobs.JobResult(
            filename="out.txt", data=b"made for " + job.params["who"].encode(), mime_type="text/plain"
        )

    def refuse(job, progress):
        raise jobs.JobFailed("不能做")

    def crash(job, progress):
        raise RuntimeError("bug")

    for slug, run in (("test.make", make), ("test.refuse", refuse), ("test.crash", crash)):
        jobs.register(jobs.JobKind(slug, slug, run))
    yield
    for slug in ("test.make", "test.refuse", "test.crash"):
        jobs._KINDS.pop(slug)


def test_a_job_is_made_once_and_its_file_is_the_requesters_only(kinds, claims_head, outsider):
    job = jobs.start_job("test.make", by=claims_head, params={"who": "jl"})
    assert jobs.run_job(job.pk) == "done"
    assert jobs.run_job(job.pk) is None  # a repeated message does nothing
    job.refresh_from_db()
    assert (job.status, job.progress, job.total, job.filename) == ("done", 1, 2, "out.txt")
    download = reverse("documents:job_download", args=[job.pk])
    response = client_for(claims_head).get(download)
    assert response.status_code == 200 and response.getvalue() == b"made for jl"
    assert response["Cache-Control"] == "private, no-store"
    assert client_for(outsider).get(download).status_code == 404
    assert client_for(outsider).get(reverse("documents:job", args=[job.pk])).status_code == 404


def test_the_page_polls_while_waiting_and_stops_with_a_message_when_no_worker_answers(kinds, claims_head):
    job = jobs.start_job("test.make", by=claims_head, params={"who": "jl"})
    client = client_for(claims_head)
    page = client.get(reverse("documents:job", args=[job.pk]), **HTMX).content.decode()
    assert 'hx-trigger="every 1s"' in page and "job-no-worker" not in page
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(seconds=61))
    page = client.get(reverse("documents:job", args=[job.pk]), **HTMX).content.decode()
    assert 'data-testid="job-no-worker"' in page and "hx-trigger" not in page


def test_a_refused_job_says_why_and_a_crashed_one_says_it_failed(kinds, claims_head):
    refused = jobs.start_job("test.refuse", by=claims_head)
    crashed = jobs.start_job("test.crash", by=claims_head)
    assert jobs.run_job(refused.pk) == jobs.run_job(crashed.pk) == "failed"
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert refused.error == "不能做" and "could not be made" not in refused.error
    assert crashed.error and "bug" not in crashed.error
    page = client_for(claims_head).get(reverse("documents:job", args=[refused.pk])).content.decode()
    assert 'data-testid="job-failed"' in page and "不能做" in page


def test_a_job_left_running_by_a_dead_worker_is_taken_over(kinds, claims_head):
    job = jobs.start_job("test.make", by=claims_head, params={"who": "jl"})
    Job.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert jobs.run_job(job.pk) is None  # a live worker may still be on it
    Job.objects.filter(pk=job.pk).update(started_at=timezone.now() - dt.timedelta(minutes=11))
    assert jobs.run_job(job.pk) == "done"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_number_lock_is_not_held_while_a_pdf_renders(orgs, make_user, monkeypatch):
    """Issue 7: issue_document held the sequence row's lock for the whole render, so every print of a kind waited
    for the slowest one. Now one print renders while another of the same kind is issued to the end."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from documents import services

    user = make_user(orgs.jilin)
    real_render = services.render_pdf
    release = threading.Event()

    def render(template_name, context):
        if context.get("body") == "slow":
            release.wait(20)
        return real_render(template_name, context)

    monkeypatch.setattr(services, "render_pdf", render)
    numbers: dict[str, str] = {}

    def issue(body: str) -> None:
        try:
            document = issue_document(
                kind="test",
                template_name="testapp/test_document.html",
                context={"body": body},
                subject=orgs.jilin,
                org=orgs.jilin,
                by=user,
                title=body,
            )
            numbers[body] = document.number
        finally:
            connections.close_all()

    slow = threading.Thread(target=issue, args=("slow",))
    slow.start()
    for _ in range(200):  # until the slow print has its number and is rendering
        if DocumentSequence.objects.filter(kind="test", last=1).exists():
            break
        threading.Event().wait(0.05)
    fast = threading.Thread(target=issue, args=("fast",))
    fast.start()
    fast.join(15)
    finished_while_slow_rendered = not fast.is_alive() and slow.is_alive()
    release.set()
    slow.join(20)
    assert finished_while_slow_rendered
    assert numbers["slow"].endswith("-000001") and numbers["fast"].endswith("-000002")
    assert IssuedDocument.objects.count() == 2
