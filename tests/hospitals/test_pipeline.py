import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from hospitals.models import Agreement, Cooperation, EligibilityCheck, Rectification
from hospitals.services import agreements, expiry, pipeline
from hospitals.workflows import COOPERATION, latest_agreement
from organization.roles import Role
from sla.models import Deadline, Notification, Reminder
from tests.conftest import client_for, run_pending_jobs
from tests.hospitals.conftest import make_hospital, pdf_scan, ready, walk
from tests.workflow_graph import assert_workflow_graph
from workflow.services import StaleState, TransitionNotPermitted, TransitionRefused

TODAY = timezone.localdate


def test_cooperation_graph():
    assert_workflow_graph(COOPERATION)


# --- submission -------------------------------------------------------------------------------------------
def test_submission_is_refused_with_the_exact_list_of_what_is_missing(cooperation, claims_head):
    cooperation.hospital.emergency_phone = ""
    cooperation.hospital.specialties = ""
    cooperation.hospital.save()
    walk(cooperation, claims_head, "shortlist", "contact", "negotiate")
    with translation.override("en"), pytest.raises(TransitionRefused) as exc:
        pipeline.act(cooperation, "submit", by=claims_head)
    message = " ".join(exc.value.messages)
    for item in (
        "key specialties",
        "emergency direct line",
        "establishment method",
        "eligibility checklist (0 of 8",
        "draft agreement",
    ):
        assert item in message or item in str(exc.value), item
    cooperation.refresh_from_db()
    assert cooperation.state == Cooperation.State.NEGOTIATING


@pytest.mark.covers("hospitals.cooperation", "shortlist", "contact", "negotiate", "submit")
def test_submission_opens_the_hq_clock_and_tells_the_approvers(submitted, hq_approver):
    assert submitted.state == Cooperation.State.SUBMITTED and submitted.submitted_at
    deadline = Deadline.objects.for_object(submitted).get()
    assert deadline.policy.code == "hq_network_approval" and deadline.is_running
    assert Notification.objects.filter(recipient=hq_approver, object_id=submitted.pk).exists()


def test_branch_staff_cannot_decide_and_hq_cannot_take_branch_steps(
    submitted, claims_head, hq_approver, cooperation
):
    with pytest.raises(TransitionNotPermitted):
        pipeline.act(submitted, "approve", by=claims_head)
    fresh = Cooperation.objects.create(
        hospital=make_hospital(cooperation.org, name="另一家医院"), org=cooperation.org
    )
    with pytest.raises(TransitionNotPermitted):
        pipeline.act(fresh, "shortlist", by=hq_approver)


# --- HQ decisions -----------------------------------------------------------------------------------------
@pytest.mark.covers("hospitals.cooperation", "approve")
def test_approval_meets_the_clock_and_notifies_the_branch(submitted, hq_approver, claims_head):
    pipeline.act(submitted, "approve", by=hq_approver, note="同意")
    submitted.refresh_from_db()
    assert submitted.state == Cooperation.State.APPROVED and submitted.decided_by == hq_approver
    assert Deadline.objects.for_object(submitted).get().state == Deadline.State.MET
    assert Notification.objects.filter(recipient=claims_head, object_id=submitted.pk).exists()


def test_private_or_low_grade_hospital_needs_explicit_special_approval(submitted, hq_approver):
    submitted.hospital.nature = "private"
    submitted.hospital.save()
    with pytest.raises(TransitionRefused, match=r"special approval|特批"):
        pipeline.act(submitted, "approve", by=hq_approver)
    pipeline.act(submitted, "approve", by=hq_approver, special_approval=True)
    submitted.refresh_from_db()
    assert submitted.state == Cooperation.State.APPROVED and submitted.special_approval_granted


@pytest.mark.covers("hospitals.cooperation", "return_for_changes", "reject", "negotiate")
def test_return_and_reject_need_reasons(submitted, hq_approver, claims_head):
    with pytest.raises(TransitionRefused):
        pipeline.act(submitted, "return_for_changes", by=hq_approver, note="  ")
    pipeline.act(submitted, "return_for_changes", by=hq_approver, note="补充急诊科室照片")
    submitted.refresh_from_db()
    assert submitted.state == Cooperation.State.RETURNED and submitted.decision_note == "补充急诊科室照片"
    walk(submitted, claims_head, "negotiate", "submit")
    with pytest.raises(TransitionRefused):
        pipeline.act(submitted, "reject", by=hq_approver)
    pipeline.act(submitted, "reject", by=hq_approver, note="距离过远")
    submitted.refresh_from_db()
    assert submitted.state == Cooperation.State.REJECTED


def test_two_approvers_at_once_one_wins_the_other_is_told(submitted, hq_approver, make_user, orgs):
    second = make_user(orgs.hq, Role.HQ_NETWORK_APPROVER)
    pipeline.act(submitted, "approve", by=hq_approver, expected_state="submitted")
    with pytest.raises(StaleState):
        pipeline.act(submitted, "reject", by=second, expected_state="submitted", note="不同意")
    submitted.refresh_from_db()
    assert submitted.state == Cooperation.State.APPROVED


# --- signing, activation, rectification, renewal, termination ---------------------------------------------
@pytest.mark.covers("hospitals.cooperation", "sign", "activate")
def test_signing_needs_the_date_and_activation_the_scan(approved, claims_head):
    with pytest.raises(TransitionRefused):
        pipeline.act(approved, "sign", by=claims_head)
    agreement = latest_agreement(approved)
    agreements.record_signing(agreement, signed_on=TODAY(), scan=None, by=claims_head)
    walk(approved, claims_head, "sign")
    with pytest.raises(TransitionRefused):
        pipeline.act(approved, "activate", by=claims_head)
    agreements.record_signing(agreement, signed_on=TODAY(), scan=pdf_scan(), by=claims_head)
    walk(approved, claims_head, "activate")
    assert approved.state == Cooperation.State.ACTIVE


def test_a_deviating_agreement_needs_the_legal_post_then_hq(
    cooperation, claims_head, hq_approver, legal_post
):
    """Seed 000: "如需对平安产险协作医院合作协议书样本内容进行修改，必须报本机构法律岗及总公司车险/意健险理赔部审核同意"."""
    ready(cooperation, deviation="急救费用月结")
    walk(cooperation, claims_head, "shortlist", "contact", "negotiate")
    with pytest.raises(TransitionRefused, match=r"legal post|法律岗"):
        pipeline.act(cooperation, "submit", by=claims_head)
    agreement = latest_agreement(cooperation)
    with pytest.raises(ValidationError, match=r"legal post reviews the change first|法律岗"):
        agreements.review_agreement(agreement, "hq", by=hq_approver)
    agreements.review_agreement(agreement, "legal", by=legal_post)
    walk(cooperation, claims_head, "submit")
    with pytest.raises(TransitionRefused, match=r"HQ's review of the deviation|总公司"):
        pipeline.act(cooperation, "approve", by=hq_approver)
    agreements.review_agreement(agreement, "hq", by=hq_approver)
    pipeline.act(cooperation, "approve", by=hq_approver)
    agreements.record_signing(agreement, signed_on=TODAY(), scan=None, by=claims_head)
    walk(cooperation, claims_head, "sign")
    assert cooperation.state == Cooperation.State.SIGNED


@pytest.mark.covers("hospitals.cooperation", "request_rectification", "close_rectification")
def test_rectification_with_a_deadline_reminds_the_responsible_persons(active, claims_head):
    with pytest.raises(TransitionRefused):
        pipeline.act(active, "request_rectification", by=claims_head, note="收费不规范")
    deadline = TODAY() + dt.timedelta(days=30)
    pipeline.act(active, "request_rectification", by=claims_head, note="收费不规范", deadline=deadline)
    active.refresh_from_db()
    assert active.state == Cooperation.State.RECTIFICATION
    assert Rectification.objects.get().deadline == deadline
    assert Reminder.objects.filter(recipient=claims_head, due_on=deadline).exists()
    pipeline.act(active, "close_rectification", by=claims_head, note="已整改")
    active.refresh_from_db()
    assert active.state == Cooperation.State.ACTIVE and Rectification.objects.get().outcome == "rectified"


@pytest.mark.covers("hospitals.cooperation", "terminate")
def test_termination_needs_a_reason(active, claims_head, hq_approver):
    pipeline.act(
        active,
        "request_rectification",
        by=claims_head,
        note="收费不规范",
        deadline=TODAY() + dt.timedelta(days=9),
    )
    with pytest.raises(TransitionRefused):
        pipeline.act(active, "terminate", by=claims_head)
    pipeline.act(active, "terminate", by=claims_head, note="多次整改不合格")
    active.refresh_from_db()
    assert active.state == Cooperation.State.TERMINATED and active.termination_reason == "多次整改不合格"
    assert active.ended_on == TODAY()
    assert Notification.objects.filter(recipient=hq_approver, title__contains=active.hospital.name).exists()


@pytest.mark.covers("hospitals.cooperation", "mark_renewal_due")
def test_expiry_reminders_at_90_60_30_days_once_each(active, claims_head, make_user, orgs):
    second = make_user(orgs.jilin, Role.MEDICAL_REVIEW_HEAD)
    agreement = latest_agreement(active)
    end = agreement.term_end
    assert expiry.send_expiry_reminders(end - dt.timedelta(days=120)) == 0
    assert (
        expiry.send_expiry_reminders(end - dt.timedelta(days=90)) == 2
    )  # first and second responsible persons
    active.refresh_from_db()
    assert active.state == Cooperation.State.RENEWAL_DUE
    assert expiry.send_expiry_reminders(end - dt.timedelta(days=85)) == 0
    assert expiry.send_expiry_reminders(end - dt.timedelta(days=60)) == 2
    assert expiry.send_expiry_reminders(end - dt.timedelta(days=30)) == 2
    assert Notification.objects.filter(recipient=second, kind="hospitals.agreement_expiring").count() == 3


# --- the agreement PDF --------------------------------------------------------------------------------------
def test_agreement_pdf_carries_name_term_and_functions_and_verifies(approved, claims_head, client):
    agreement = latest_agreement(approved)
    document = agreements.print_agreement(agreement, by=claims_head)
    data = document.file.open("rb").read()
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert approved.hospital.name in text
    assert f"{agreement.term_start:%Y}年{agreement.term_start.month}月{agreement.term_start.day}日" in text
    assert "医疗急救" in text or "Emergencyrescue" in text
    verify = client.post(reverse("documents:verify"), {"number": document.number, "sha256": document.sha256})
    assert 'data-verdict="genuine"' in verify.content.decode()
    tampered = bytearray(data)
    tampered[len(tampered) // 3] ^= 0x01
    upload = SimpleUploadedFile("a.pdf", bytes(tampered), content_type="application/pdf")
    verify = client.post(reverse("documents:verify"), {"number": document.number, "file": upload})
    assert 'data-verdict="not-genuine"' in verify.content.decode()


# --- views --------------------------------------------------------------------------------------------------
def test_detail_page_for_branch_and_hq_404_for_others(
    cooperation, claims_head, branch_manager, hq_approver, outsider, make_user, orgs
):
    url = reverse("hospitals:detail", args=[cooperation.hospital_id])
    for user in (claims_head, branch_manager, hq_approver):
        response = client_for(user).get(url)
        assert response.status_code == 200 and cooperation.hospital.name in response.content.decode()
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT)).get(url).status_code == 404
    assert client_for(claims_head).post(url).status_code == 405


def test_detail_query_count_is_constant(submitted, claims_head, django_assert_max_num_queries):
    client = client_for(claims_head)
    url = reverse("hospitals:detail", args=[submitted.hospital_id])
    client.get(url)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200


def test_step_through_the_page(cooperation, claims_head):
    client = client_for(claims_head)
    response = client.post(
        reverse("hospitals:act", args=[cooperation.pk, "shortlist"]), {"expected_state": "collected"}
    )
    assert response.status_code == 302
    cooperation.refresh_from_db()
    assert cooperation.state == Cooperation.State.SHORTLISTED


def test_stale_step_is_told_and_changes_nothing(cooperation, claims_head):
    client = client_for(claims_head)
    client.post(reverse("hospitals:act", args=[cooperation.pk, "shortlist"]), {"expected_state": "collected"})
    response = client.post(
        reverse("hospitals:act", args=[cooperation.pk, "contact"]), {"expected_state": "collected"}
    )
    # The page again, with the step's form telling what happened (not a 500, not a silent redirect).
    body = response.content.decode()
    assert response.status_code == 200 and "已被他人修改" in body
    cooperation.refresh_from_db()
    assert cooperation.state == Cooperation.State.SHORTLISTED


def test_step_permissions(cooperation, branch_manager, outsider, hq_approver):
    url = reverse("hospitals:act", args=[cooperation.pk, "shortlist"])
    assert client_for(branch_manager).post(url, {"expected_state": "collected"}).status_code == 403
    assert client_for(outsider).post(url, {"expected_state": "collected"}).status_code == 404
    assert (
        client_for(hq_approver).post(url, {"expected_state": "collected"}).status_code == 403
    )  # sees it, may not act
    assert client_for(branch_manager).get(url).status_code == 405
    cooperation.refresh_from_db()
    assert cooperation.state == Cooperation.State.COLLECTED


def test_hq_decisions_only_by_hq_approvers(submitted, claims_head, hq_approver):
    url = reverse("hospitals:act", args=[submitted.pk, "approve"])
    # The branch sees its cooperation but may not decide: 403 (an outsider would get 404).
    assert client_for(claims_head).post(url, {"expected_state": "submitted"}).status_code == 403
    queue = reverse("hospitals:approvals")
    response = client_for(hq_approver).post(url, {"expected_state": "submitted", "next": queue})
    assert response.status_code == 302 and response["Location"] == queue
    submitted.refresh_from_db()
    assert submitted.state == Cooperation.State.APPROVED


def test_approval_queue_shows_every_branch_to_hq_only(
    submitted, hq_approver, claims_head, shenzhen_hospital, orgs, django_assert_max_num_queries
):
    other = Cooperation.objects.create(hospital=shenzhen_hospital, org=orgs.shenzhen, state="submitted")
    client = client_for(hq_approver)
    with django_assert_max_num_queries(15):
        body = client.get(reverse("hospitals:approvals")).content.decode()
    assert (
        f'data-testid="submission-{submitted.pk}"' in body and f'data-testid="submission-{other.pk}"' in body
    )
    assert client_for(claims_head).get(reverse("hospitals:approvals")).status_code == 404


def test_eligibility_form_requires_evidence_for_met_conditions(
    cooperation, claims_head, outsider, branch_manager
):
    url = reverse("hospitals:eligibility", args=[cooperation.pk])
    client = client_for(claims_head)
    assert client.get(url).status_code == 200
    response = client.post(url, {"method": "direct", "met_1": "on", "evidence_1": ""})
    assert response.status_code == 200 and not EligibilityCheck.objects.exists()
    data = {
        "method": "direct",
        **{f"met_{c}": "on" for c in range(1, 9)},
        **{f"evidence_{c}": "核实" for c in range(1, 9)},
    }
    assert client.post(url, data).status_code == 302
    assert EligibilityCheck.objects.filter(cooperation=cooperation, met=True).count() == 8
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(branch_manager).get(url).status_code == 403


def test_agreement_form_validates_and_saves(cooperation, claims_head, outsider):
    url = reverse("hospitals:agreement", args=[cooperation.pk])
    client = client_for(claims_head)
    base = {
        "functions": ["emergency", "treatment"],
        "term_start": "2026-12-01",
        "term_end": "2029-11-30",
        "insurer_signatory": "张总",
        "hospital_signatory": "李院长",
    }
    assert client.post(url, {**base, "term_end": "2026-11-01"}).status_code == 200
    assert client.post(url, {**base, "functions": ["other"]}).status_code == 200  # no description
    assert not Agreement.objects.exists()
    assert client.post(url, base).status_code == 302
    assert Agreement.objects.get().functions == ["emergency", "treatment"]
    assert client_for(outsider).post(url, base).status_code == 404


def test_signed_scan_upload_is_checked_and_served_only_to_permitted(approved, claims_head, outsider):
    agreement = latest_agreement(approved)
    client = client_for(claims_head)
    url = reverse("hospitals:agreement_signing", args=[agreement.pk])
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    client.post(url, {"signed_on": TODAY().isoformat(), "scan": fake})
    agreement.refresh_from_db()
    assert not agreement.signed_scan
    client.post(url, {"signed_on": TODAY().isoformat(), "scan": pdf_scan()})
    agreement.refresh_from_db()
    assert agreement.signed_scan and agreement.signed_on == TODAY()
    scan_url = reverse("hospitals:agreement_scan", args=[agreement.pk])
    assert client.get(scan_url).status_code == 200
    assert client_for(outsider).get(scan_url).status_code == 404


def test_board_counts_by_state_with_constant_queries(
    cooperation, claims_head, orgs, django_assert_max_num_queries
):
    client = client_for(claims_head)
    client.get(reverse("hospitals:board"))
    for i in range(25):
        Cooperation.objects.create(
            hospital=make_hospital(orgs.jilin, name=f"医院{i}"), org=orgs.jilin, state="active"
        )
    with django_assert_max_num_queries(10):
        body = client.get(reverse("hospitals:board")).content.decode()
    assert body.count("医院") >= 20


def test_print_view_issues_the_pdf_for_branch_workers_only(approved, claims_head, branch_manager, outsider):
    agreement = latest_agreement(approved)
    url = reverse("hospitals:agreement_print", args=[agreement.pk])
    assert client_for(branch_manager).post(url).status_code == 403
    assert client_for(outsider).post(url).status_code == 404
    assert client_for(claims_head).get(url).status_code == 405
    client = client_for(claims_head)
    response = client.post(url)
    # Issue 7: printing ran inside the request; now the request only queues it for the worker.
    agreement.refresh_from_db()
    assert response.status_code == 302 and agreement.document is None
    (job,) = run_pending_jobs()
    agreement.refresh_from_db()
    assert response["Location"] == reverse("documents:job", args=[job.pk])
    assert job.status == "done" and job.document == agreement.document is not None
    page = client.get(response["Location"]).content.decode()
    assert reverse("documents:detail", args=[agreement.document.number]) in page


def test_review_views_legal_by_the_legal_post_and_hq_by_hq(
    cooperation, claims_head, hq_approver, branch_manager, outsider, legal_post
):
    ready(cooperation, deviation="急救费用月结")
    agreement = latest_agreement(cooperation)
    legal = reverse("hospitals:agreement_review", args=[agreement.pk, "legal"])
    hq = reverse("hospitals:agreement_review", args=[agreement.pk, "hq"])
    assert client_for(branch_manager).post(legal).status_code == 403
    assert client_for(outsider).post(legal).status_code == 404
    assert client_for(claims_head).post(hq).status_code == 403
    assert (
        client_for(claims_head)
        .post(reverse("hospitals:agreement_review", args=[agreement.pk, "other"]))
        .status_code
        == 404
    )
    assert client_for(claims_head).post(legal).status_code == 403  # the claims head is not the legal post
    assert client_for(legal_post).post(hq).status_code == 403
    assert client_for(legal_post).post(legal).status_code == 302
    assert client_for(hq_approver).post(hq).status_code == 302
    agreement.refresh_from_db()
    assert (agreement.legal_reviewed_by, agreement.hq_reviewed_by) == (legal_post, hq_approver)


def test_filing_view_validates_the_date(approved, claims_head, outsider):
    agreement = latest_agreement(approved)
    agreements.record_signing(agreement, signed_on=TODAY(), scan=pdf_scan(), by=claims_head)
    url = reverse("hospitals:agreement_filing", args=[agreement.pk])
    future = (TODAY() + dt.timedelta(days=3)).isoformat()
    client_for(claims_head).post(url, {"filed_on": future})
    agreement.refresh_from_db()
    assert agreement.filed_with_hq_on is None
    assert client_for(outsider).post(url, {"filed_on": TODAY().isoformat()}).status_code == 404
    client_for(claims_head).post(url, {"filed_on": TODAY().isoformat(), "plaque_hung": "on"})
    agreement.refresh_from_db()
    approved.refresh_from_db()
    assert agreement.filed_with_hq_on == TODAY() and approved.plaque_hung


def test_demo_network_has_every_state_expiring_agreements_and_a_shortfall(db, monkeypatch):
    from django.core.management import call_command

    from hospitals.coverage import national_coverage

    monkeypatch.setattr(
        "injury_claims.claims_demo.CLAIMS_PER_BRANCH", 1
    )  # the network is what is checked here
    call_command("seed_demo", stdout=None)
    states = set(Cooperation.objects.values_list("state", flat=True))
    assert states == set(Cooperation.State.values)
    assert Cooperation.objects.count() >= 60
    soon = TODAY() + dt.timedelta(days=60)
    assert Agreement.objects.filter(term_end__gte=TODAY(), term_end__lte=soon).exists()
    assert any(org.shortfall for org in national_coverage().orgs)


def test_agreement_form_over_htmx_returns_the_form_or_redirects(cooperation, claims_head):
    url = reverse("hospitals:agreement", args=[cooperation.pk])
    client = client_for(claims_head)
    bad = client.post(
        url,
        {"functions": ["emergency"], "term_start": "2026-12-01", "term_end": "2026-11-01"},
        HTTP_HX_REQUEST="true",
    )
    body = bad.content.decode()
    assert bad.status_code == 200 and body.lstrip().startswith("<form") and 'class="errorlist"' in body
    good = client.post(
        url,
        {
            "functions": ["emergency"],
            "term_start": "2026-12-01",
            "term_end": "2029-11-30",
            "insurer_signatory": "张总",
            "hospital_signatory": "李院长",
        },
        HTTP_HX_REQUEST="true",
    )
    assert good.status_code == 204 and good["HX-Redirect"] == reverse(
        "hospitals:detail", args=[cooperation.hospital_id]
    )


def test_signing_by_an_outsider_is_404_and_changes_nothing(approved, outsider):
    agreement = latest_agreement(approved)
    url = reverse("hospitals:agreement_signing", args=[agreement.pk])
    assert client_for(outsider).post(url, {"signed_on": TODAY().isoformat()}).status_code == 404
    agreement.refresh_from_db()
    assert agreement.signed_on is None


def test_board_and_approvals_are_404_for_roles_outside_the_network(cooperation, make_user, orgs):
    agent = make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT)
    assert client_for(agent).get(reverse("hospitals:board")).status_code == 404
    assert client_for(agent).get(reverse("hospitals:approvals")).status_code == 404
    assert client_for(agent).post(reverse("hospitals:board")).status_code == 405


def test_what_hq_sees_is_frozen_once_submitted(submitted, claims_head):
    """COOPERATION.editable: the draft agreement and the checklist change only while the file is prepared."""
    from django.core.exceptions import ValidationError

    agreement = latest_agreement(submitted)
    data = {"functions": agreement.functions, "hospital_signatory": "另一位院长"}
    with pytest.raises(ValidationError):
        agreements.save_agreement(submitted, data, by=claims_head)
    with pytest.raises(ValidationError):
        pipeline.save_eligibility(submitted, {1: (True, "改")}, by=claims_head)
    client = client_for(claims_head)
    page = client.get(reverse("hospitals:agreement", args=[submitted.pk])).content.decode()
    assert 'data-testid="frozen"' in page
    response = client.post(reverse("hospitals:agreement", args=[submitted.pk]), {"functions": ["emergency"]})
    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.hospital_signatory == "李院长"
