"""Races on printed documents (documents numbering): two people printing the same agreement at the same instant,
their two print jobs run by two workers at once, and one print job taken by two workers at once (its message
delivered twice). Numbers never repeat and follow each other; a job issues exactly one document.

WeasyPrint is replaced by a stub that writes the document number into a few bytes: the race is in numbering and
registering, and a real render (up to a second each) would spend the suite's budget on CPU, not on the race.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from django.urls import reverse
from django.utils import timezone

from documents import jobs
from documents.models import IssuedDocument, Job
from hospitals.models import Agreement, Cooperation, Function
from organization.roles import Role
from tests.conftest import english_client

from .harness import Pairs, Tally
from .test_hospital_races import cooperations

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_render(monkeypatch):
    from documents import services

    def render(template_name: str, context: dict) -> bytes:
        return f"%PDF-1.4 {context['document_number']} {context['verify_link']}".encode()

    monkeypatch.setattr(services, "render_pdf", render)


def agreements(org, n: int) -> list[Agreement]:
    today = timezone.localdate()
    return Agreement.objects.bulk_create(
        Agreement(
            cooperation=c,
            functions=[Function.EMERGENCY],
            term_start=today,
            term_end=today + dt.timedelta(days=365),
            insurer_signatory="张总",
            hospital_signatory="李院长",
        )
        for c in cooperations(org, n, "打印", Cooperation.State.NEGOTIATING)
    )


def assert_numbers_follow_each_other(tally: Tally) -> list[str]:
    numbers = list(
        IssuedDocument.objects.filter(kind="cooperation_agreement")
        .order_by("number")
        .values_list("number", flat=True)
    )
    tally.duplicate_numbers = len(numbers) - len(set(numbers))
    assert tally.duplicate_numbers == 0
    serials = [int(n.rsplit("-", 1)[1]) for n in numbers]
    assert serials == list(range(1, len(numbers) + 1)), "a gap or a repeat in the numbering"
    return numbers


def test_two_people_print_the_same_agreement_at_once_and_two_workers_run_the_prints_at_once(orgs, make_user):
    """Both clicks are accepted (each person follows their own print job); the two jobs then run side by side in
    two workers: two documents with two different numbers, next to each other, each job linked to its own."""
    clients = [
        english_client(make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username=f"jl_head_{who}"))
        for who in "ab"
    ]
    tally = Tally("documents: two people print the same agreement at once, two workers run both prints")
    with Pairs() as pairs:
        for agreement in agreements(orgs.jilin, 100):
            url = reverse("hospitals:agreement_print", args=[agreement.pk])
            a, b = pairs.run(partial(clients[0].post, url), partial(clients[1].post, url))
            tally.pairs += 1
            clicks = [a.result(), b.result()]
            assert [r.status_code for r in clicks] == [302, 302]
            made = list(Job.objects.filter(params__agreement=agreement.pk).order_by("pk"))
            assert len(made) == 2 and {r["Location"] for r in clicks} == {
                reverse("documents:job", args=[j.pk]) for j in made
            }
            a, b = pairs.run(partial(jobs.run_job, made[0].pk), partial(jobs.run_job, made[1].pk))
            assert [a.result(), b.result()] == ["done", "done"]
            issued = [Job.objects.get(pk=j.pk).document for j in made]
            assert None not in issued and issued[0].number != issued[1].number
            tally.win("both printed")
    tally.done()
    numbers = assert_numbers_follow_each_other(tally)
    assert len(numbers) == 2 * tally.pairs


def test_one_print_job_taken_by_two_workers_at_once_issues_one_document(orgs, make_user):
    """A print's message delivered twice (the broker redelivers after a lost acknowledgement, or the requeue sweep
    meets the worker): both workers try to run the job at the same instant; one issues the document, the other
    does nothing."""
    head = make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="jl_head")
    tally = Tally("documents: one print job run by two workers at once")
    with Pairs() as pairs:
        for agreement in agreements(orgs.jilin, 100):
            job = jobs.start_job("hospitals.agreement_print", by=head, params={"agreement": agreement.pk})
            a, b = pairs.run(partial(jobs.run_job, job.pk), partial(jobs.run_job, job.pk))
            tally.pairs += 1
            results = [a.result(), b.result()]
            assert results in (["done", None], [None, "done"]), results
            tally.win("worker a" if results[0] == "done" else "worker b")
            assert IssuedDocument.objects.filter(object_id=agreement.cooperation_id).count() == 1
            assert Job.objects.get(pk=job.pk).document is not None
    tally.done()
    assert len(assert_numbers_follow_each_other(tally)) == tally.pairs
