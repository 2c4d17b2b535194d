"""Defects a review of issue 7's change found, each fixed and kept fixed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from hospitals.models import Agreement, Condition, Cooperation, EligibilityCheck, Function
from hospitals.services import agreements
from organization.models import User
from organization.roles import Role
from sla.models import Notification, SlaPolicy
from tests.conftest import client_for, download_export, run_pending_jobs
from tests.hospitals.conftest import LIAISONS, make_hospital
from workflow.history import create_baseline_rows, history_of
from workflow.services import TransitionRefused, perform_transition

TODAY = timezone.localdate()


def history_block(body: str) -> str:
    return (
        body.split('data-testid="history"', 1)[1].split("</table>", 1)[0]
        if 'data-testid="history"' in body
        else ""
    )


@pytest.fixture
def submittable(orgs):
    cooperation = Cooperation.objects.create(
        hospital=make_hospital(orgs.jilin), org=orgs.jilin, method="direct"
    )
    Cooperation.objects.filter(pk=cooperation.pk).update(state="negotiating", **LIAISONS)
    EligibilityCheck.objects.bulk_create(
        EligibilityCheck(cooperation=cooperation, condition=c, met=True, evidence="核实") for c in Condition
    )
    Agreement.objects.create(
        cooperation=cooperation,
        functions=[Function.EMERGENCY],
        term_start=TODAY,
        term_end=TODAY + dt.timedelta(days=365),
        insurer_signatory="张总",
        hospital_signatory="李院长",
    )
    cooperation.refresh_from_db()
    return cooperation


def test_staff_phone_numbers_and_e_mails_are_masked_in_the_org_history(orgs, make_user):
    person = make_user(orgs.jilin, Role.CLAIMS_ADJUSTER, phone="13800001111", email="wang@example.com")
    person.phone, person.email = "13912345678", "li@example.com"
    person.save()
    reader = make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT)
    block = history_block(
        client_for(reader).get(reverse("organization:org_detail", args=[orgs.jilin.pk])).content.decode()
    )
    assert "139****5678" in block and "13912345678" not in block and "13800001111" not in block
    assert "l***@example.com" in block and "li@example.com" not in block


def test_a_sub_branch_cannot_print_the_letter_of_a_branch_mediator(orgs, make_user):
    mediator = make_user(
        orgs.jilin,
        Role.MEDIATOR,
        mediator_trained_on=dt.date(2026, 1, 1),
        mediator_authorised_by="22",
        mediator_valid_until=dt.date(2099, 1, 1),
    )
    sub_admin = make_user(orgs.jilinshi, Role.ADMINISTRATOR)
    client = client_for(sub_admin)
    assert client.post(reverse("injury_claims:mediator_letter", args=[mediator.pk])).status_code == 404
    assert mediator.username not in client.get(reverse("injury_claims:mediators")).content.decode()
    assert run_pending_jobs() == []


def test_a_step_whose_clock_policy_was_switched_off_is_refused_with_a_reason_not_a_500(
    submittable, claims_head
):
    SlaPolicy.objects.filter(code="hq_network_approval").update(is_active=False)
    with pytest.raises(TransitionRefused, match="hq_network_approval"):
        perform_transition(submittable, "submit", by=claims_head)
    response = client_for(claims_head).post(
        reverse("hospitals:act", args=[submittable.pk, "submit"]), {"expected_state": "negotiating"}
    )
    assert response.status_code == 200 and "hq_network_approval" in response.content.decode()
    assert Cooperation.objects.get(pk=submittable.pk).state == "negotiating"


def test_jobs_that_lost_their_message_or_their_worker_are_queued_again(claims_head, orgs):
    make_hospital(orgs.jilin)
    from documents import jobs
    from documents.models import Job

    lost = jobs.start_job("hospitals.export", by=claims_head)
    dead = jobs.start_job("hospitals.export", by=claims_head)
    fresh = jobs.start_job("hospitals.export", by=claims_head)
    long_ago = timezone.now() - dt.timedelta(minutes=11)
    Job.objects.filter(pk=lost.pk).update(queued_at=long_ago)
    Job.objects.filter(pk=dead.pk).update(status="running", started_at=long_ago, queued_at=long_ago)
    assert jobs.requeue_jobs() == 2
    queued = dict(Job.objects.values_list("pk", "queued_at"))
    assert queued[lost.pk] > long_ago and queued[dead.pk] > long_ago
    assert jobs.run_job(dead.pk) == "done"  # the dead worker's job can be taken over
    assert fresh.pk not in {lost.pk, dead.pk}


def test_a_broker_that_refuses_the_message_does_not_fail_the_request(claims_head, orgs, caplog):
    """Redis down at the moment of the click: the job is recorded, the person is sent to its page, the sweep
    queues it later."""
    from config.celery import app
    from documents.models import Job

    def fresh_pools():  # the app looks its pools up again for the current broker URL (kombu keeps one per URL)
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.broker_url, app.conf.task_publish_retry, app.conf.broker_connection_timeout
    # Nothing listens on port 1: the connection is refused at once.
    app.conf.broker_url, app.conf.task_publish_retry, app.conf.broker_connection_timeout = (
        "redis://127.0.0.1:1/0",
        False,
        1,
    )
    fresh_pools()
    try:
        with __import__("django.test", fromlist=["TestCase"]).TestCase.captureOnCommitCallbacks(execute=True):
            response = client_for(claims_head).post(reverse("hospitals:export"))
    finally:
        app.conf.broker_url, app.conf.task_publish_retry, app.conf.broker_connection_timeout = previous
        fresh_pools()
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == "pending"
    assert "could not queue documents.tasks.run_job" in caplog.text


def test_the_liaisons_change_once_active_but_not_the_checklist(submittable, claims_head):
    """Issue 8 revises issue 7's review: the liaisons are part of what HQ approves (frozen from submission to
    signing) and change again once the cooperation runs, when people change."""
    Cooperation.objects.filter(pk=submittable.pk).update(state="active")
    client = client_for(claims_head)
    url = reverse("hospitals:eligibility", args=[submittable.pk])
    page = client.get(url).content.decode()
    assert 'name="met_1"' not in page and 'name="hospital_liaison"' in page
    response = client.post(
        url, {**LIAISONS, "hospital_liaison": "赵主任", "hospital_liaison_phone": "0431-88782200"}
    )
    assert response.status_code == 302
    submittable.refresh_from_db()
    assert (submittable.hospital_liaison, submittable.hospital_liaison_phone) == ("赵主任", "0431-88782200")
    assert EligibilityCheck.objects.filter(cooperation=submittable).count() == 8
    bad = client.post(url, {**LIAISONS, "hospital_liaison_phone": "120"})
    assert bad.status_code == 200 and 'data-testid="error-hospital_liaison_phone"' in bad.content.decode()


def test_a_notice_is_written_in_the_products_language_whatever_the_actors(
    submittable, claims_head, hq_approver
):
    perform_transition(submittable, "submit", by=claims_head)
    with translation.override("en"):
        perform_transition(submittable, "approve", by=hq_approver, note="ok")
    decided = Notification.objects.get(recipient=claims_head, kind="hospitals.decided")
    assert "总公司已批准" in decided.title and "Approved" not in decided.title


def test_logging_in_adds_no_history_row_and_empty_saves_are_not_shown(orgs, make_user, client):
    person = make_user(orgs.jilin, Role.CLAIMS_ADJUSTER, username="logger")
    rows = person.history.count()
    response = client.post(reverse("login"), {"username": "logger", "password": "pw-for-tests-0001"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.history.count() == rows and person.last_login is not None
    person.save()  # nothing changed
    assert all(
        row["changes"] or row["kind"] != "changed" for row in history_of(User.history.filter(id=person.pk))
    )


def test_the_baseline_of_existing_staff_includes_their_roles(orgs, make_user):
    person = make_user(orgs.jilin, Role.CLAIMS_ADJUSTER, username="old_timer")
    person.history.all().delete()  # as if the user existed before history was kept
    create_baseline_rows(apps, "organization", ["User"], m2m={"User": ["groups"]})
    person.cost_review_level = 4
    person.save()
    (change, _baseline) = history_of(User.history.filter(id=person.pk))
    assert [c["field"] for c in change["changes"]] == ["费用审核权限级别"]
    assert Group.objects.filter(name=Role.CLAIMS_ADJUSTER).exists()


def test_a_print_is_not_credited_to_the_next_editor_of_the_agreement(
    submittable, claims_head, make_user, orgs
):
    other = make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="signer")
    hq = make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="approver")
    perform_transition(submittable, "submit", by=claims_head)
    perform_transition(submittable, "approve", by=hq)
    agreement = submittable.agreements.get()
    agreements.print_agreement(agreement, by=claims_head)
    agreement.refresh_from_db()
    agreements.record_signing(agreement, signed_on=TODAY, scan=None, by=other)
    (latest, *_rest) = history_of(Agreement.history.filter(id=agreement.pk))
    assert latest["who"] == other
    assert [c["field"] for c in latest["changes"]] == ["签订日期"]


def test_history_shows_times_in_shanghai(orgs, make_user):
    person = make_user(orgs.jilin, Role.CLAIMS_ADJUSTER)
    person.date_joined = timezone.make_aware(dt.datetime(2026, 11, 24, 8, 30))
    person.save()
    (change, *_rest) = history_of(User.history.filter(id=person.pk))
    assert any(c["new"] == "2026-11-24 08:30" for c in change["changes"])


def test_an_export_is_not_downloadable_after_the_role_is_gone(claims_head, orgs):
    make_hospital(orgs.jilin)
    response = download_export(client_for(claims_head), reverse("hospitals:export"))
    url = response.wsgi_request.path
    claims_head.groups.clear()
    assert client_for(claims_head).get(url).status_code == 404


def test_an_import_of_someone_who_lost_the_role_imports_nothing(claims_head):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hospitals.models import Hospital, HospitalImport
    from hospitals.tasks import run_import

    data = "医院名称,省份,城市,地址,性质,等级\n某医院,吉林省,长春市,某路1号,公立,三级甲等\n".encode()
    imp = HospitalImport.objects.create(
        org=claims_head.org.secondary,
        created_by=claims_head,
        file=SimpleUploadedFile("a.csv", data),
        original_name="a.csv",
        total_rows=1,
    )
    claims_head.groups.clear()
    run_import(imp.pk)
    imp.refresh_from_db()
    assert imp.status == "failed" and not Hospital.objects.exists()
