"""Issue 8: the network's rules exactly as seed 000 writes them (``../shared/seeds/000_*.txt``). Each test names the
seed sentence it checks; each failed on the code before issue 8."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from hospitals import coverage
from hospitals.eligibility import Verdict, condition_7
from hospitals.models import (
    AnnualEvaluation,
    Condition,
    Cooperation,
    EligibilityCheck,
    Function,
    FunctionApproval,
    Training,
)
from hospitals.services import agreements, expiry, pipeline
from hospitals.services.evaluation import submit_evaluation
from hospitals.workflows import COOPERATION, EVALUATION, latest_agreement
from organization.roles import Role
from sla.models import Deadline, Notification
from tests.conftest import client_for
from tests.hospitals.conftest import LIAISONS, in_network, make_hospital, pdf_scan, ready, walk
from tests.workflow_graph import assert_workflow_graph
from workflow.models import Event
from workflow.services import TransitionNotPermitted, TransitionRefused, perform_transition

TODAY = timezone.localdate
S = Cooperation.State


def test_evaluation_graph():
    assert_workflow_graph(EVALUATION)


def negotiating(cooperation, by, **ready_kwargs):
    ready(cooperation, **ready_kwargs)
    return walk(cooperation, by, "shortlist", "contact", "negotiate")


# --- 1. condition 7 as written, conditions met with evidence, the licence ------------------------------------------
@pytest.mark.parametrize(
    ("nature", "kind", "grade", "verdict"),
    [
        ("public", "general", "2a", Verdict.MEETS),  # 二级甲等 included: "含二级甲等"
        ("public", "general", "3c", Verdict.MEETS),  # 三级 is above 二级
        ("public", "general", "2b", Verdict.FAILS),  # below 二级甲等
        ("public", "general", "unrated", Verdict.FAILS),
        (
            "public",
            "specialty",
            "3a",
            Verdict.FAILS,
        ),  # a public specialty hospital that is not a trauma hospital
        ("private", "general", "3a", Verdict.SPECIAL),  # 私立性医院: only with HQ's approval
        ("private", "specialty", "2b", Verdict.SPECIAL),
        ("public", "trauma", "2c", Verdict.SPECIAL),  # 创伤性专科医院: only with HQ's approval
    ],
)
def test_condition_7_as_the_seed_writes_it(nature, kind, grade, verdict):
    """ "二级甲等（含二级甲等）以上综合性公立医院。规模大且管理规范的私立性医院或创伤性专科医院，经总公司审核同意后亦可
    选择为协作医院。\""""
    assert condition_7(nature=nature, kind=kind, grade=grade).verdict == verdict


def test_a_public_hospital_below_2a_cannot_be_submitted_and_the_reason_is_given(orgs, claims_head):
    """Condition 7: a public general hospital below 二级甲等 does not meet it (before: "needs special approval")."""
    hospital = make_hospital(orgs.jilin, grade="2b")
    cooperation = negotiating(Cooperation.objects.create(hospital=hospital, org=orgs.jilin), claims_head)
    with translation.override("en"), pytest.raises(TransitionRefused, match="Condition 7 is not met"):
        pipeline.act(cooperation, "submit", by=claims_head)
    specialty = make_hospital(orgs.jilin, name="长春市中医院", kind="specialty")
    other = negotiating(Cooperation.objects.create(hospital=specialty, org=orgs.jilin), claims_head)
    with translation.override("en"), pytest.raises(TransitionRefused, match="public specialty hospital"):
        pipeline.act(other, "submit", by=claims_head)
    assert Cooperation.objects.filter(state=S.SUBMITTED).count() == 0


def test_submission_needs_the_eight_conditions_met_with_evidence_not_just_recorded(cooperation, claims_head):
    """ "协作医院应具备的条件" 1–8: recorded as not met (or without evidence), the file does not go to HQ."""
    negotiating(cooperation, claims_head)
    EligibilityCheck.objects.filter(cooperation=cooperation, condition=Condition.PRICES).update(met=False)
    EligibilityCheck.objects.filter(cooperation=cooperation, condition=Condition.PUBLICITY).update(
        evidence=" "
    )
    with translation.override("en"), pytest.raises(TransitionRefused) as refused:
        pipeline.act(cooperation, "submit", by=claims_head)
    messages = " ".join(refused.value.messages)
    assert "Condition 5 is not met" in messages and "Condition 8 has no evidence" in messages


def test_an_expired_licence_fails_condition_1(cooperation, claims_head):
    """Condition 1: "具有合法、有效的经营许可证" — valid on its last day, not the day after."""
    hospital = cooperation.hospital
    hospital.licence_valid_until = TODAY()
    hospital.save()
    submitted = walk(negotiating(cooperation, claims_head), claims_head, "submit")
    assert submitted.state == S.SUBMITTED
    pipeline.act(submitted, "withdraw", by=claims_head, note="补充材料")
    hospital.licence_valid_until = TODAY() - dt.timedelta(days=1)
    hospital.save()
    with translation.override("en"), pytest.raises(TransitionRefused, match="licence expired on"):
        pipeline.act(submitted, "submit", by=claims_head)


def test_the_checklist_form_refuses_condition_7_for_a_hospital_that_fails_it(orgs, claims_head):
    hospital = make_hospital(orgs.jilin, grade="1")
    cooperation = Cooperation.objects.create(hospital=hospital, org=orgs.jilin)
    data = {f"met_{c.value}": "on" for c in Condition} | {f"evidence_{c.value}": "核实" for c in Condition}
    with translation.override("en"):
        response = client_for(claims_head).post(reverse("hospitals:eligibility", args=[cooperation.pk]), data)
    assert response.status_code == 200
    assert 'data-testid="error-met_7"' in response.content.decode()
    assert not EligibilityCheck.objects.exists()


def test_hq_sees_unmet_and_doubtful_checks_openly_and_cannot_approve_them(submitted, hq_approver):
    """HQ's screen shows the checks themselves, not folded away; the registry changed since submission."""
    hospital = submitted.hospital
    hospital.licence_valid_until = TODAY() - dt.timedelta(days=1)
    hospital.nature = "private"
    hospital.save()
    body = client_for(hq_approver).get(reverse("hospitals:approvals")).content.decode()
    section = body[body.index(f'data-testid="checks-{submitted.pk}"') :]
    main = body[body.index("<main") :]
    assert "<details" not in main  # the shell's menu is a disclosure on phones; the desk itself folds nothing
    assert 'class="verdict verdict-bad" data-check="licence"' in section
    assert 'class="verdict verdict-warn" data-check="condition-7"' in section
    with pytest.raises(TransitionRefused):
        pipeline.act(submitted, "approve", by=hq_approver, special_approval=True)


# --- 2. what HQ approved is what gets signed -------------------------------------------------------------------------
@pytest.mark.covers("hospitals.cooperation", "withdraw")
def test_the_branch_withdraws_to_change_the_draft_and_resubmits(submitted, claims_head, hq_approver):
    """Once submitted the draft is frozen; the branch withdraws it (HQ's clock cancelled, HQ told), changes it, and
    submits again."""
    agreement = latest_agreement(submitted)
    data = {"functions": ["emergency"], "term_start": agreement.term_start, "term_end": agreement.term_end}
    data |= {
        "insurer_signatory": "张总",
        "hospital_signatory": "李院长",
        "deviation": "",
        "other_functions": "",
    }
    with pytest.raises(ValidationError):
        agreements.save_agreement(submitted, data, by=claims_head)
    with pytest.raises(TransitionRefused):
        pipeline.act(submitted, "withdraw", by=claims_head)  # reasons are required
    pipeline.act(submitted, "withdraw", by=claims_head, note="医院要求调整合作功能")
    submitted.refresh_from_db()
    assert submitted.state == S.NEGOTIATING
    assert Deadline.objects.for_object(submitted).get().state == Deadline.State.CANCELLED
    assert Notification.objects.filter(recipient=hq_approver, kind="hospitals.changed").exists()
    agreements.save_agreement(submitted, data, by=claims_head)
    walk(submitted, claims_head, "submit")
    assert latest_agreement(submitted).functions == ["emergency"]


def test_signing_only_after_hq_approval_not_before_its_date_and_once(submitted, claims_head, hq_approver):
    """ "由双方适格领导签署协议书": a signed, scanned version cannot be signed again nor its scan replaced."""
    agreement = latest_agreement(submitted)
    with pytest.raises(ValidationError, match=r"once HQ has approved|总公司"):
        agreements.record_signing(agreement, signed_on=TODAY(), scan=None, by=claims_head)
    pipeline.act(submitted, "approve", by=hq_approver)
    with pytest.raises(ValidationError, match=r"before HQ's decision|总公司"):
        agreements.record_signing(
            agreement, signed_on=TODAY() - dt.timedelta(days=1), scan=None, by=claims_head
        )
    agreements.record_signing(agreement, signed_on=TODAY(), scan=None, by=claims_head)
    agreements.record_signing(agreement, signed_on=None, scan=pdf_scan(), by=claims_head)  # the missing scan
    walk(submitted, claims_head, "sign", "activate")
    scan_name = latest_agreement(submitted).signed_scan.name
    with pytest.raises(ValidationError, match=r"cannot be signed again|不能再次签署"):
        agreements.record_signing(agreement, signed_on=TODAY(), scan=pdf_scan(), by=claims_head)
    agreement.refresh_from_db()
    assert agreement.signed_on == TODAY() and agreement.signed_scan.name == scan_name


def test_signing_needs_both_sides_liaisons_and_phones(approved, claims_head):
    """ "与协作医院签署协议时，双方应设立合作项目联系人及联系电话"."""
    Cooperation.objects.filter(pk=approved.pk).update(hospital_liaison_phone="")
    with translation.override("en"), pytest.raises(ValidationError, match="project liaisons and phones"):
        agreements.record_signing(latest_agreement(approved), signed_on=TODAY(), scan=None, by=claims_head)
    assert latest_agreement(approved).signed_on is None


def test_submission_needs_both_liaisons(cooperation, claims_head):
    negotiating(cooperation, claims_head)
    Cooperation.objects.filter(pk=cooperation.pk).update(branch_liaison="")
    with translation.override("en"), pytest.raises(TransitionRefused, match="our project liaison"):
        pipeline.act(cooperation, "submit", by=claims_head)


def test_only_a_signed_and_scanned_version_is_filed_and_not_before_its_signing(approved, claims_head):
    """ "协议书原件扫描后以电子邮件形式报总公司车险部备案"."""
    agreement = latest_agreement(approved)
    with pytest.raises(ValidationError):
        agreements.record_filing(agreement, filed_on=TODAY(), plaque_hung=False, by=claims_head)
    agreements.record_signing(agreement, signed_on=TODAY(), scan=pdf_scan(), by=claims_head)
    with pytest.raises(ValidationError, match=r"before the signing|早于签订日期"):
        agreements.record_filing(
            agreement, filed_on=TODAY() - dt.timedelta(days=1), plaque_hung=False, by=claims_head
        )
    agreements.record_filing(agreement, filed_on=TODAY(), plaque_hung=True, by=claims_head)
    agreement.refresh_from_db()
    assert agreement.filed_with_hq_on == TODAY()


# --- 3. reviews and approvals by the people the seed names --------------------------------------------------------------
def pdf_text(document) -> str:
    data = document.file.open("rb").read()
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_the_guarantee_function_needs_hq_approval_recorded_by_an_hq_approver(
    cooperation, claims_head, hq_approver
):
    """ "报总公司车险意健险理赔部批准后…开展医疗费担保或垫付服务": the branch asks, HQ approves; the PDF says
    "经甲方总公司批准" only then."""
    negotiating(cooperation, claims_head)
    agreement = latest_agreement(cooperation)
    data = {
        "functions": [Function.EMERGENCY, Function.GUARANTEE, Function.OTHER],
        "other_functions": "节假日绿色通道",
        "term_start": agreement.term_start,
        "term_end": agreement.term_end,
        "insurer_signatory": "张总",
        "hospital_signatory": "李院长",
        "deviation": "",
    }
    agreement = agreements.save_agreement(cooperation, data, by=claims_head)
    approval = FunctionApproval.objects.get(agreement=agreement)
    assert approval.function == Function.GUARANTEE and approval.status == FunctionApproval.Status.REQUESTED
    assert Notification.objects.filter(recipient=hq_approver, kind="hospitals.function_requested").exists()
    url = reverse("hospitals:agreement_function", args=[agreement.pk, Function.GUARANTEE])
    assert client_for(claims_head).post(url, {"decision": "approve"}).status_code == 403
    approval.refresh_from_db()
    assert approval.status == FunctionApproval.Status.REQUESTED
    walk(cooperation, claims_head, "submit")
    pipeline.act(cooperation, "approve", by=hq_approver)
    with translation.override("en"), pytest.raises(ValidationError, match="needs HQ's approval"):
        agreements.record_signing(agreement, signed_on=TODAY(), scan=None, by=claims_head)
    draft_text = pdf_text(agreements.print_agreement(agreement, by=claims_head))
    assert "经甲方总公司批准" not in draft_text and "待总公司审批" in draft_text
    assert "节假日绿色通道" in draft_text  # function 六 with its description
    assert client_for(hq_approver).post(url, {"decision": "approve"}).status_code == 302
    approval.refresh_from_db()
    assert approval.status == FunctionApproval.Status.APPROVED and approval.decided_by == hq_approver
    agreements.record_signing(agreement, signed_on=TODAY(), scan=None, by=claims_head)
    assert "经甲方总公司批准" in pdf_text(agreements.print_agreement(agreement, by=claims_head))


def test_the_expert_team_needs_hq_approval_and_a_refusal_gives_reasons(cooperation, claims_head, hq_approver):
    """ "经报总公司车险意健险理赔部同意后，各机构可在协作医院挑选…高级医务人员兼任平安产险医疗顾问"."""
    negotiating(cooperation, claims_head, functions=(Function.EMERGENCY, Function.EXPERT_TEAM))
    agreement = latest_agreement(cooperation)
    data = {f: getattr(agreement, f) for f in ("functions", "other_functions", "term_start", "term_end")}
    data |= {"insurer_signatory": "张总", "hospital_signatory": "李院长", "deviation": ""}
    agreements.save_agreement(cooperation, data, by=claims_head)
    with pytest.raises(ValidationError):
        agreements.decide_function(agreement, Function.EXPERT_TEAM, approve=False, note="", by=hq_approver)
    agreements.decide_function(
        agreement, Function.EXPERT_TEAM, approve=False, note="劳务费办法未报批", by=hq_approver
    )
    assert FunctionApproval.objects.get().status == FunctionApproval.Status.REFUSED
    assert Notification.objects.filter(recipient=claims_head, kind="hospitals.function_decided").exists()


# --- 4. term and expiry -----------------------------------------------------------------------------------------------
@pytest.mark.covers("hospitals.cooperation", "expire")
def test_an_agreement_past_its_end_takes_the_hospital_out_of_the_network(orgs, claims_head, hq_approver):
    """An active cooperation whose term already ended (back-dated): not counted on any day after its end, and the
    daily job expires it, telling the responsible persons and HQ."""
    hospital = make_hospital(orgs.jilin)
    ended = TODAY() - dt.timedelta(days=1)
    cooperation = in_network(
        Cooperation.objects.create(hospital=hospital, org=orgs.jilin, created_by=claims_head),
        start=ended - dt.timedelta(days=3 * 365),
        end=ended,
    )
    assert coverage.coverage_for_org(orgs.jilin, on=ended).active == 1  # in force on its last day
    assert coverage.coverage_for_org(orgs.jilin, on=TODAY()).active == 0  # before the job even runs
    assert expiry.expire_ended() == 1
    cooperation.refresh_from_db()
    assert cooperation.state == S.EXPIRED and cooperation.ended_on == TODAY()
    assert Notification.objects.filter(recipient=claims_head, kind="hospitals.expired").exists()
    assert Notification.objects.filter(recipient=hq_approver, kind="hospitals.changed").exists()
    feed = client_for(hq_approver).get(reverse("hospitals:feed")).content.decode()
    assert str(COOPERATION.step("expire").done) in feed
    assert coverage.coverage_for_org(orgs.jilin, on=ended).active == 1  # the past stays as it was
    assert expiry.expire_ended() == 0
    page = (
        client_for(claims_head).get(reverse("hospitals:coverage"), {"on": ended.isoformat()}).content.decode()
    )
    assert 'data-testid="coverage-summary" data-org="jilin" data-required="6" data-active="1"' in page


def test_a_cooperation_with_a_signed_renewal_does_not_expire(active, claims_head):
    agreement = latest_agreement(active)
    assert expiry.expire_ended() == 0
    assert agreement.covers(TODAY())


# --- 5. renewal and termination as the seed says ---------------------------------------------------------------------
def evaluation_data(recommendation="renew"):
    return {
        "year": TODAY().year,
        "treatment_practice": "诊疗规范",
        "cooperation_quality": "配合良好",
        "complaints": "无",
        "recommendation": recommendation,
    }


@pytest.fixture
def renewal_due(active):
    expiry.send_expiry_reminders(latest_agreement(active).term_end - dt.timedelta(days=80))
    active.refresh_from_db()
    assert active.state == S.RENEWAL_DUE
    return active


@pytest.mark.covers("hospitals.cooperation", "renew")
@pytest.mark.covers("hospitals.evaluation", "decide")
def test_renewal_needs_hqs_decision_on_the_evaluation_and_the_next_version_signed_and_filed(
    renewal_due, claims_head, hq_approver
):
    """ "各二级机构协作医院设立及维护责任人每年对协作医院进行评估，并将评估结果报总公司车险/意健险理赔部，决定协作医院
    的续约或解约。\""""
    with translation.override("en"), pytest.raises(TransitionRefused, match="HQ has not decided to renew"):
        pipeline.act(renewal_due, "renew", by=claims_head)
    evaluation = submit_evaluation(renewal_due, evaluation_data(), by=claims_head)
    assert Notification.objects.filter(recipient=hq_approver, kind="hospitals.evaluation_submitted").exists()
    with pytest.raises(TransitionNotPermitted):
        perform_transition(evaluation, "decide", by=claims_head, decision="renew")
    perform_transition(evaluation, "decide", by=hq_approver, decision="renew")
    current = latest_agreement(renewal_due)
    data = {
        "functions": current.functions,
        "other_functions": "",
        "term_start": current.term_end + dt.timedelta(days=1),
        "term_end": current.term_end + dt.timedelta(days=3 * 365),
        "insurer_signatory": "张总",
        "hospital_signatory": "李院长",
        "deviation": "",
    }
    following = agreements.save_agreement(renewal_due, data, by=claims_head)
    assert following.version == 2
    with (
        translation.override("en"),
        pytest.raises(TransitionRefused, match="Record the signing of version 2"),
    ):
        pipeline.act(renewal_due, "renew", by=claims_head)
    agreements.record_signing(following, signed_on=TODAY(), scan=pdf_scan(), by=claims_head)
    with translation.override("en"), pytest.raises(TransitionRefused, match="File the signed version 2"):
        pipeline.act(renewal_due, "renew", by=claims_head)
    agreements.record_filing(following, filed_on=TODAY(), plaque_hung=True, by=claims_head)
    pipeline.act(renewal_due, "renew", by=claims_head)
    renewal_due.refresh_from_db()
    assert renewal_due.state == S.ACTIVE
    assert expiry.send_expiry_reminders(current.term_end - dt.timedelta(days=30)) == 0  # renewed: no reminder


def test_only_the_responsible_persons_evaluate_renew_or_terminate(renewal_due, adjuster, orgs, make_user):
    """ "各二级机构协作医院设立及维护的第一责任人为车险意健险理赔部负责人…该室负责人为…第二责任人"."""
    worker = make_user(orgs.jilin, Role.MEDICAL_REVIEWER)
    assert client_for(worker).get(reverse("hospitals:evaluate", args=[renewal_due.pk])).status_code == 403
    with pytest.raises(TransitionNotPermitted):
        pipeline.act(renewal_due, "renew", by=worker)
    with pytest.raises(TransitionNotPermitted):
        pipeline.act(renewal_due, "terminate", by=worker, note="不续约")
    second = make_user(orgs.jilin, Role.MEDICAL_REVIEW_HEAD)
    response = client_for(second).post(
        reverse("hospitals:evaluate", args=[renewal_due.pk]), evaluation_data()
    )
    assert response.status_code == 302
    assert AnnualEvaluation.objects.get().submitted_by == second


def test_a_cooperation_under_rectification_does_not_slip_into_renewal_due(active, claims_head):
    """ "保险公司向诊疗操作不规范的协作医院在合作期限内提出整改意见": the rectification stays open until its outcome."""
    pipeline.act(
        active,
        "request_rectification",
        by=claims_head,
        note="收费不规范",
        deadline=TODAY() + dt.timedelta(days=20),
    )
    end = latest_agreement(active).term_end
    assert expiry.send_expiry_reminders(end - dt.timedelta(days=80)) >= 1  # reminded nonetheless
    active.refresh_from_db()
    assert active.state == S.RECTIFICATION
    with pytest.raises(TransitionRefused):
        pipeline.act(active, "renew", by=claims_head)


@pytest.mark.covers("hospitals.cooperation", "terminate_now")
def test_termination_follows_a_rectification_request_or_hqs_decision(active, claims_head, hq_approver):
    """ "取消或提前终止经提整改意见仍操作不规范医院的合作资格" — except HQ terminating at once, with its reasons."""
    with translation.override("en"), pytest.raises(TransitionRefused, match="Request rectification first"):
        pipeline.act(active, "terminate", by=claims_head, note="操作不规范")
    with pytest.raises(TransitionNotPermitted):
        pipeline.act(active, "terminate_now", by=claims_head, note="操作不规范")
    with pytest.raises(TransitionRefused):
        pipeline.act(active, "terminate_now", by=hq_approver, note=" ")
    pipeline.act(active, "terminate_now", by=hq_approver, note="严重违规，总公司决定立即终止")
    active.refresh_from_db()
    assert active.state == S.TERMINATED and active.ended_on == TODAY()
    assert Notification.objects.filter(recipient=claims_head, kind="hospitals.decided").exists()


def test_an_hq_decision_to_terminate_on_the_evaluation_allows_the_branch_to_terminate(
    active, claims_head, hq_approver
):
    evaluation = submit_evaluation(active, evaluation_data("terminate"), by=claims_head)
    perform_transition(evaluation, "decide", by=hq_approver, decision="terminate")
    pipeline.act(active, "terminate", by=claims_head, note="总公司评估决定解约")
    active.refresh_from_db()
    assert active.state == S.TERMINATED


def test_every_change_of_the_network_is_reported_to_hq(approved, claims_head, hq_approver):
    """ "各分支机构协作医院变更，必须及时报备总公司车险意健险理赔部"."""
    agreements.record_signing(latest_agreement(approved), signed_on=TODAY(), scan=pdf_scan(), by=claims_head)
    walk(approved, claims_head, "sign", "activate")
    pipeline.act(
        approved,
        "request_rectification",
        by=claims_head,
        note="病历查阅不配合",
        deadline=TODAY() + dt.timedelta(days=5),
    )
    pipeline.act(approved, "close_rectification", by=claims_head, note="已整改")
    changes = Notification.objects.filter(recipient=hq_approver, kind="hospitals.changed")
    assert changes.count() == 3  # activated, rectification requested, rectification closed


# --- 6. filing is tracked -----------------------------------------------------------------------------------------------
def test_an_unfiled_signed_version_is_listed_and_reminded_weekly_until_filed(
    active, claims_head, hq_approver, make_user, orgs
):
    """ "协议书原件扫描后以电子邮件形式报总公司车险部备案"."""
    agreement = latest_agreement(active)
    monday = TODAY() - dt.timedelta(days=TODAY().weekday())
    assert expiry.send_filing_reminders(monday) == 1
    assert expiry.send_filing_reminders(monday + dt.timedelta(days=3)) == 0  # once a week
    assert expiry.send_filing_reminders(monday + dt.timedelta(days=7)) == 1
    listed = client_for(claims_head).get(reverse("hospitals:list"), {"filing": "unfiled"}).content.decode()
    assert active.hospital.name in listed
    desk = client_for(hq_approver).get(reverse("hospitals:approvals")).content.decode()
    assert 'data-testid="unfiled"' in desk and active.hospital.name in desk
    page = (
        client_for(claims_head).get(reverse("hospitals:detail", args=[active.hospital_id])).content.decode()
    )
    assert 'data-testid="unfiled"' in page
    agreements.record_filing(agreement, filed_on=TODAY(), plaque_hung=False, by=claims_head)
    assert expiry.send_filing_reminders(monday + dt.timedelta(days=14)) == 0
    listed = client_for(claims_head).get(reverse("hospitals:list"), {"filing": "unfiled"}).content.decode()
    assert active.hospital.name not in listed


# --- 7. a hospital can come back --------------------------------------------------------------------------------------
def test_a_rejected_hospital_can_be_proposed_again_with_its_own_history(submitted, claims_head, hq_approver):
    pipeline.act(submitted, "reject", by=hq_approver, note="距离过远")
    url = reverse("hospitals:propose", args=[submitted.hospital_id])
    assert client_for(claims_head).post(url).status_code == 302
    cooperations = list(Cooperation.objects.filter(hospital=submitted.hospital).order_by("pk"))
    assert [c.state for c in cooperations] == [S.REJECTED, S.COLLECTED]
    page = (
        client_for(claims_head)
        .get(reverse("hospitals:detail", args=[submitted.hospital_id]))
        .content.decode()
    )
    assert 'data-testid="past-cooperations"' in page and "距离过远" in page
    client_for(claims_head).post(url)  # an open cooperation: no second one
    assert Cooperation.objects.filter(hospital=submitted.hospital).count() == 2
    assert Event.objects.filter(verb="proposed_again").count() == 1


# --- 8. activity records only for hospitals in the network on the day -------------------------------------------------
def test_activity_is_recorded_only_for_a_hospital_in_the_network_on_its_date(orgs, claims_head):
    hospital = make_hospital(orgs.jilin)
    start = TODAY() - dt.timedelta(days=100)
    in_network(Cooperation.objects.create(hospital=hospital, org=orgs.jilin), start=start)
    url = reverse("hospitals:activity_add", args=["trainings"])
    data = {"hospital": hospital.pk, "topic": "人伤培训", "attendees": "10"}
    before = client_for(claims_head).post(url, {**data, "on": (start - dt.timedelta(days=1)).isoformat()})
    assert before.status_code == 200 and "不在协作网络内" in before.content.decode()
    assert not Training.objects.exists()
    assert client_for(claims_head).post(url, {**data, "on": start.isoformat()}).status_code == 302
    assert Training.objects.count() == 1
    never = make_hospital(orgs.jilin, name="从未合作的医院")
    response = client_for(claims_head).post(url, {**data, "hospital": never.pk, "on": TODAY().isoformat()})
    assert response.status_code == 200 and Training.objects.count() == 1


def test_liaisons_are_part_of_what_hq_approved(submitted, claims_head):
    """Once submitted, the liaisons change only by withdrawing; once active, they change when people change."""
    url = reverse("hospitals:eligibility", args=[submitted.pk])
    response = client_for(claims_head).post(url, {**LIAISONS, "branch_liaison": "新联系人"})
    submitted.refresh_from_db()
    assert submitted.branch_liaison == LIAISONS["branch_liaison"]
    # The page has no form then: the refusal says why (found by the bad-input corpus: it said nothing).
    assert response.status_code == 200 and 'data-testid="refused"' in response.content.decode()
    bad_phone = client_for(claims_head).post(url, {**LIAISONS, "branch_liaison_phone": "x"})
    assert 'data-testid="refused"' in bad_phone.content.decode()


# --- the pages stay constant in queries ---------------------------------------------------------------------------------
def desk_item(orgs, head, n: int) -> None:
    """One submission with a guarantee request, one evaluation waiting for HQ, one unfiled signed version."""
    submitted = Cooperation.objects.create(
        hospital=make_hospital(orgs.jilin, name=f"上报医院{n}"), org=orgs.jilin, created_by=head, **LIAISONS
    )
    ready(submitted, functions=(Function.EMERGENCY, Function.GUARANTEE))
    Cooperation.objects.filter(pk=submitted.pk).update(state=S.SUBMITTED, submitted_at=timezone.now())
    FunctionApproval.objects.create(
        agreement=latest_agreement(submitted), function=Function.GUARANTEE, requested_by=head
    )
    running = in_network(
        Cooperation.objects.create(hospital=make_hospital(orgs.jilin, name=f"合作医院{n}"), org=orgs.jilin)
    )
    running.agreements.update(filed_with_hq_on=None)
    AnnualEvaluation.objects.create(
        cooperation=running, org=orgs.jilin, submitted_by=head, **evaluation_data()
    )


def test_hqs_desk_costs_the_same_queries_however_much_waits(orgs, claims_head, hq_approver):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(hq_approver)
    desk_item(orgs, claims_head, 0)
    client.get(reverse("hospitals:approvals"))
    with CaptureQueriesContext(connection) as one:
        body = client.get(reverse("hospitals:approvals")).content.decode()
    assert len(re.findall(r'data-testid="(?:function|evaluation)-\d+"', body)) == 2
    for n in range(1, 6):
        desk_item(orgs, claims_head, n)
    with CaptureQueriesContext(connection) as six:
        body = client.get(reverse("hospitals:approvals")).content.decode()
    assert len(re.findall(r'data-testid="(?:function|evaluation)-\d+"', body)) == 12
    assert len(six) == len(one)


def test_the_hospital_page_costs_the_same_queries_with_more_versions_and_evaluations(
    active, claims_head, hq_approver
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(claims_head)
    url = reverse("hospitals:detail", args=[active.hospital_id])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    current = latest_agreement(active)
    for version in (2, 3):
        following = active.agreements.create(
            version=version,
            functions=[Function.GUARANTEE, Function.EXPERT_TEAM],
            term_start=current.term_end + dt.timedelta(days=version),
            term_end=current.term_end + dt.timedelta(days=400 * version),
            insurer_signatory="张总",
            hospital_signatory="李院长",
        )
        for code in (Function.GUARANTEE, Function.EXPERT_TEAM):
            FunctionApproval.objects.create(agreement=following, function=code, requested_by=claims_head)
    for _ in range(3):
        evaluation = submit_evaluation(active, evaluation_data(), by=claims_head)
        perform_transition(evaluation, "decide", by=hq_approver, decision="renew")
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)
