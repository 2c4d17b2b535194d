"""The medical-fee guarantee (担保函) and prepayment (seed 000, 医疗费担保预付) on an injured person: drafted by the adjuster
for an eligible person only, approved and issued within 核赔 authority by somebody else, printed (numbered, registered,
QR-verifiable), prepayments of incurred costs × the liability share within the guarantee, and the settlement that
counts them — never paying again what was prepaid, recovering what was prepaid beyond its total.

Seed 000: "配合保险公司向平安车险的VIP客户提供伤者住院期间医疗费用担保服务；对保险责任及事故责任明确的案件，按事故责任比例及
承保信息，预付伤者实际已发生的医疗费。" and "报总公司车险意健险理赔部批准后，选择VIP客户对保险责任及事故责任明确的交通事故伤者开展
医疗费担保或垫付服务"."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from documents.models import IssuedDocument, Job
from documents.services import sha256_hex
from hospitals.models import Agreement, Cooperation, Function, FunctionApproval
from injury_claims.models import Guarantee, LiabilityRatio, Prepayment, Settlement, Survey
from injury_claims.selectors.printing import rmb_upper
from injury_claims.services import claims as claim_services
from injury_claims.services import guarantee as services
from injury_claims.services import reviews as review_services
from injury_claims.services import settlement as settlement_services
from injury_claims.tasks import expire_guarantees
from injury_claims.workflows.guarantee import GUARANTEE
from organization.models import ReviewKind
from organization.roles import Role
from organization.services import set_authority_matrix
from tests.conftest import english_client as client_for
from tests.conftest import run_pending_jobs
from tests.hospitals.conftest import in_network, make_hospital
from tests.workflow_graph import assert_workflow_graph
from workflow.services import StaleState, TransitionNotPermitted, TransitionRefused, perform_transition

from .conftest import claim_data, person_data
from .test_settlement import JILIN, _costs_approved, _ready

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
DRAFT = {"amount": D("5000.00"), "purpose": "住院期间医疗费用"}


def draft_values(**changes) -> dict:
    today = TODAY()
    return {**DRAFT, "valid_from": today, "valid_until": today + datetime.timedelta(days=30), **changes}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def hospital(orgs):
    """Jilin's cooperating hospital whose agreement in force has the guarantee function approved by HQ."""
    hospital = make_hospital(orgs.jilin)
    cooperation = in_network(Cooperation.objects.create(hospital=hospital, org=orgs.jilin))
    agreement = cooperation.agreements.get()
    agreement.functions = [*agreement.functions, Function.GUARANTEE]
    agreement.save()
    FunctionApproval.objects.create(agreement=agreement, function=Function.GUARANTEE, status="approved")
    return hospital


@pytest.fixture
def approvers(orgs, make_user):
    """Jilin's 核赔 matrix: level 1 up to 3,000, level 5 up to 100,000."""
    set_authority_matrix(orgs.jilin, ReviewKind.SETTLEMENT, {1: D("3000"), 5: D("100000")})
    low = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="g_low", settlement_approval_level=1)
    high = make_user(
        orgs.jilin, Role.CALCULATOR_APPROVER, username="g_high", settlement_approval_level=5, last_name="赵"
    )
    return low, high


def vip_claim(orgs, handler, hospital, *, report_no="RG0001", liability="main", **person):
    claim = claim_services.register_claim(
        claim_data(
            orgs.jilin,
            handler,
            report_no=report_no,
            liability=liability,
            vip_customer=True,
            vip_basis="金卡客户",
        ),
        [person_data("张伟", hospital=hospital, inpatient=True, **person)],
        by=handler,
    )
    Survey.objects.filter(claim=claim).update(state="done")
    return claim


@pytest.fixture
def person(orgs, follow_up_handler, hospital):
    return vip_claim(orgs, follow_up_handler, hospital).persons.get()


def issued(person, drafter, approver, **values) -> Guarantee:
    guarantee = services.draft(person, draft_values(**values), by=drafter)
    perform_transition(guarantee, "submit", by=drafter, expected_state="drafted")
    perform_transition(guarantee, "issue", by=approver, expected_state="submitted")
    guarantee.refresh_from_db()
    return guarantee


def prepay(guarantee, by, incurred: str, reference="BOC-P1"):
    return services.record_prepayment(
        guarantee,
        {"incurred": D(incurred), "statement": "住院费用清单", "paid_on": TODAY(), "reference": reference},
        by=by,
        expected_state="issued",
    )


def test_the_guarantee_is_a_sound_graph():
    assert_workflow_graph(GUARANTEE)


# --- eligibility -------------------------------------------------------------------------------------------
def _refused(person, by, words):
    with pytest.raises(ValidationError) as refused:
        services.draft(person, draft_values(), by=by)
    assert any(words in message for message in refused.value.messages), refused.value.messages
    assert not Guarantee.objects.exists()


def test_a_customer_who_is_not_a_vip_is_refused(person, follow_up_handler):
    """Seed 000: "向平安车险的VIP客户提供伤者住院期间医疗费用担保服务"."""
    person.claim.__class__.objects.filter(pk=person.claim_id).update(vip_customer=False, vip_basis="")
    _refused(person, follow_up_handler, "not recorded as a VIP customer")


def test_a_hospital_without_the_guarantee_function_is_refused(person, follow_up_handler, hospital):
    agreement = Agreement.objects.get(cooperation__hospital=hospital)
    agreement.functions = [Function.EMERGENCY]
    agreement.save()
    _refused(person, follow_up_handler, "does not include the medical-fee guarantee")


def test_a_function_still_waiting_for_hq_approval_is_refused(person, follow_up_handler):
    """Seed 000: "报总公司车险意健险理赔部批准后…开展医疗费担保或垫付服务" — requested is not approved."""
    FunctionApproval.objects.update(status="requested")
    _refused(person, follow_up_handler, "still waiting for HQ's approval")
    FunctionApproval.objects.update(status="refused")
    _refused(person, follow_up_handler, "HQ refused")


def test_a_hospital_out_of_the_network_or_of_another_branch_is_refused(
    person, follow_up_handler, hospital, orgs
):
    Cooperation.objects.filter(hospital=hospital).update(state="terminated", ended_on=TODAY())
    _refused(person, follow_up_handler, "not in the branch's cooperating network")
    # in the network, but through another branch's cooperation: not Jilin's agreement to offer
    Cooperation.objects.filter(hospital=hospital).update(state="active", ended_on=None, org=orgs.shenzhen)
    _refused(person, follow_up_handler, "not in the branch's cooperating network")


def test_unclear_liability_or_coverage_is_refused(person, follow_up_handler):
    """Seed 000: "对保险责任及事故责任明确的案件"."""
    claim = person.claim
    type(claim).objects.filter(pk=claim.pk).update(liability="", liability_ratio=None)
    _refused(person, follow_up_handler, "Accident liability is not clear")
    type(claim).objects.filter(pk=claim.pk).update(liability="main", liability_ratio=D("0.7"))
    Survey.objects.filter(claim=claim).update(state="on_site")
    _refused(person, follow_up_handler, "the survey is not done")


def test_an_outpatient_is_refused_every_reason_at_once(person, follow_up_handler):
    type(person).objects.filter(pk=person.pk).update(inpatient=False, role="driver")
    with pytest.raises(ValidationError) as refused:
        services.draft(person, draft_values(), by=follow_up_handler)
    assert len(refused.value.messages) == 2


def test_only_the_claim_workers_draft(person, outsider, approvers):
    for who in (outsider, approvers[1]):
        with pytest.raises(PermissionDenied):
            services.draft(person, draft_values(), by=who)


def test_one_open_letter_per_person_and_the_dates_are_checked(person, follow_up_handler):
    with pytest.raises(ValidationError, match="cannot end before"):
        services.draft(
            person, draft_values(valid_until=TODAY() - datetime.timedelta(days=1)), by=follow_up_handler
        )
    services.draft(person, draft_values(), by=follow_up_handler)
    with pytest.raises(ValidationError, match="already has an open guarantee"):
        services.draft(person, draft_values(), by=follow_up_handler)


# --- approval ----------------------------------------------------------------------------------------------
@pytest.mark.covers("injury_claims.guarantee", "submit", "issue")
def test_approval_is_routed_by_the_settlement_authority_and_nobody_approves_their_own(
    person, follow_up_handler, approvers, claims_head, django_capture_on_commit_callbacks
):
    from sla.models import Notification

    low, high = approvers
    guarantee = services.draft(person, draft_values(), by=follow_up_handler)
    with django_capture_on_commit_callbacks(execute=True):
        perform_transition(guarantee, "submit", by=follow_up_handler, expected_state="drafted")
    told = Notification.objects.filter(kind="injury_claims.guarantee_to_approve")
    assert set(told.values_list("recipient__username", flat=True)) == {"g_high"}  # within the ceiling only
    guarantee.refresh_from_db()
    assert not guarantee.routed_to_hq and "5" in guarantee.route
    with pytest.raises(TransitionNotPermitted):  # ceiling 3,000 < 5,000
        perform_transition(guarantee, "issue", by=low, expected_state="submitted")
    with pytest.raises(TransitionNotPermitted):  # the drafter
        perform_transition(guarantee, "issue", by=follow_up_handler, expected_state="submitted")
    with pytest.raises(TransitionNotPermitted):  # the claims head holds no 核赔 level here
        perform_transition(guarantee, "issue", by=claims_head, expected_state="submitted")
    perform_transition(guarantee, "issue", by=high, expected_state="submitted")
    guarantee.refresh_from_db()
    assert guarantee.state == "issued" and guarantee.issued_by == high
    assert guarantee.agreement == Agreement.objects.get(cooperation__hospital=guarantee.hospital)


def test_above_every_branch_ceiling_hq_approves(person, follow_up_handler, approvers, orgs, make_user):
    guarantee = services.draft(person, draft_values(amount=D("200000")), by=follow_up_handler)
    perform_transition(guarantee, "submit", by=follow_up_handler, expected_state="drafted")
    guarantee.refresh_from_db()
    assert guarantee.routed_to_hq
    with pytest.raises(TransitionNotPermitted):
        perform_transition(guarantee, "issue", by=approvers[1], expected_state="submitted")
    hq = make_user(orgs.hq, Role.CALCULATOR_APPROVER, username="hq_calc")
    perform_transition(guarantee, "issue", by=hq, expected_state="submitted")


def test_eligibility_is_checked_again_when_issuing(person, follow_up_handler, approvers):
    guarantee = services.draft(person, draft_values(), by=follow_up_handler)
    perform_transition(guarantee, "submit", by=follow_up_handler, expected_state="drafted")
    FunctionApproval.objects.update(status="refused")
    with pytest.raises(TransitionRefused, match="HQ refused"):
        perform_transition(guarantee, "issue", by=approvers[1], expected_state="submitted")


@pytest.mark.covers("injury_claims.guarantee", "return_draft", "cancel")
def test_return_and_cancel_need_reasons_and_an_issued_letter_is_cancelled_by_an_approver(
    person, follow_up_handler, approvers
):
    guarantee = services.draft(person, draft_values(), by=follow_up_handler)
    perform_transition(guarantee, "submit", by=follow_up_handler, expected_state="drafted")
    with pytest.raises(TransitionRefused):
        perform_transition(guarantee, "return_draft", by=approvers[1], expected_state="submitted")
    perform_transition(
        guarantee, "return_draft", by=approvers[1], note="金额过高", expected_state="submitted"
    )
    perform_transition(guarantee, "submit", by=follow_up_handler, expected_state="drafted")
    perform_transition(guarantee, "issue", by=approvers[1], expected_state="submitted")
    with pytest.raises(TransitionNotPermitted):  # issued: the adjuster no longer cancels it
        perform_transition(guarantee, "cancel", by=follow_up_handler, note="x", expected_state="issued")
    perform_transition(guarantee, "cancel", by=approvers[1], note="伤者转院", expected_state="issued")
    guarantee.refresh_from_db()
    assert guarantee.state == "cancelled" and guarantee.closed_at is not None


def test_a_stale_state_is_refused(person, follow_up_handler, approvers):
    guarantee = issued(person, follow_up_handler, approvers[1])
    with pytest.raises(StaleState):
        perform_transition(guarantee, "cancel", by=approvers[1], note="x", expected_state="submitted")
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.record_prepayment(
            guarantee,
            {"incurred": D("100"), "paid_on": TODAY(), "reference": "R"},
            by=approvers[1],
            expected_state="submitted",
        )
    assert not Prepayment.objects.exists()


# --- prepayment --------------------------------------------------------------------------------------------
def test_prepayment_is_incurred_costs_times_the_share_from_the_data_capped_by_the_guarantee(
    person, follow_up_handler, approvers
):
    """Seed 000: "按事故责任比例…预付伤者实际已发生的医疗费" — main liability carries 0.7 (LiabilityRatio data)."""
    high = approvers[1]
    guarantee = issued(person, follow_up_handler, high)
    first = prepay(guarantee, high, "3000.55")
    assert (first.ratio, first.due, first.amount) == (D("0.700"), D("2100.39"), D("2100.39"))  # 2100.385 ↑
    with pytest.raises(ValidationError, match="cannot be lower"):
        prepay(guarantee, high, "2000")
    second = prepay(guarantee, high, "10000", reference="BOC-P2")  # due 7,000; 2,899.61 left of 5,000
    assert second.amount == D("2899.61") and any("Limited to" in line for line in second.explanation)
    with pytest.raises(ValidationError, match="used up"):
        prepay(guarantee, high, "12000", reference="BOC-P3")
    assert guarantee.prepaid() == D("5000.00")


def test_the_branchs_own_share_is_used(orgs, follow_up_handler, hospital, approvers):
    """The share is administered data per branch: Jilin's own 0.6 for main liability."""
    LiabilityRatio.objects.create(org=orgs.jilin, liability="main", ratio=D("0.6"))
    person = vip_claim(orgs, follow_up_handler, hospital, report_no="RG0002").persons.get()
    guarantee = issued(person, follow_up_handler, approvers[1])
    assert prepay(guarantee, approvers[1], "1000").amount == D("600.00")


def test_only_the_payment_post_records_a_prepayment_within_the_validity(person, follow_up_handler, approvers):
    guarantee = issued(person, follow_up_handler, approvers[1])
    with pytest.raises(PermissionDenied):
        prepay(guarantee, follow_up_handler, "1000")
    with pytest.raises(ValidationError, match="in the future"):
        services.record_prepayment(
            guarantee,
            {"incurred": D("1000"), "paid_on": TODAY() + datetime.timedelta(days=1), "reference": "R"},
            by=approvers[1],
        )
    Guarantee.objects.filter(pk=guarantee.pk).update(valid_from=TODAY() + datetime.timedelta(days=2))
    with pytest.raises(ValidationError, match="falls outside"):
        prepay(guarantee, approvers[1], "1000")


# --- the settlement counts the prepayments ------------------------------------------------------------------
@pytest.fixture
def standard(db):
    from injury_claims.models import CompensationStandard

    return CompensationStandard.objects.create(**JILIN)


def approved_settlement(person, handler, reviewer, calculator, approver) -> Settlement:
    """Costs of 3,000 approved; loss 4,800, all of it paid by 交强险 (test_settlement's figures)."""
    settlement = _ready(_costs_approved(person, handler, reviewer), handler)
    settlement_services.calculate(settlement, by=calculator)
    review = settlement_services.submit(settlement, by=calculator)
    review_services.decide_review(review, "approve", by=approver, expected_state="pending")
    settlement.refresh_from_db()
    return settlement


PAYEE = {"payee_kind": "injured", "payee_name": "张伟", "bank": "中国银行", "account": "6217000012345678"}


@pytest.mark.covers("injury_claims.guarantee", "close")
def test_what_was_prepaid_is_never_paid_again_at_settlement(
    person, follow_up_handler, reviewers, approvers, standard, make_user, orgs
):
    high = approvers[1]
    calculator = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="g_calc")
    guarantee = issued(person, follow_up_handler, high)
    prepay(guarantee, high, "3000")  # 2,100 prepaid
    settlement = approved_settlement(person, follow_up_handler, reviewers[0], calculator, high)
    assert settlement.total == D("4800.00") and settlement.state == "approved"
    assert settlement_services.remaining_to_pay(settlement) == D("2700.00")
    with pytest.raises(ValidationError, match="was prepaid to the hospital"):
        settlement_services.record_payment(settlement, {**PAYEE, "amount": D("2700.01")}, by=calculator)
    assert settlement.payment_problems() == ["¥0.00 paid and ¥2,100.00 prepaid of ¥4,800.00 approved."]
    payment = settlement_services.record_payment(settlement, {**PAYEE, "amount": D("2700.00")}, by=calculator)
    settlement_services.mark_paid(payment, reference="BOC-S1", paid_on=TODAY(), by=calculator)
    settlement.refresh_from_db()
    assert settlement.state == "paid"
    # the reconciliation closes the letter: medical 3,000 of which 2,100 prepaid, 2,900 of the guarantee unused
    perform_transition(guarantee, "close", by=follow_up_handler, expected_state="issued")
    guarantee.refresh_from_db()
    assert guarantee.state == "used"
    text = " ".join(guarantee.reconciliation)
    assert "¥900.00 of it is still owed" in text and "¥2,900.00 of the guarantee not used" in text


def test_the_settlement_page_shows_guaranteed_prepaid_and_the_remainder(
    person, follow_up_handler, reviewers, approvers, standard, make_user, orgs
):
    high = approvers[1]
    calculator = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="g_calc")
    prepay(issued(person, follow_up_handler, high), high, "3000")
    settlement = approved_settlement(person, follow_up_handler, reviewers[0], calculator, high)
    page = client_for(calculator).get(settlement.get_absolute_url()).content.decode()
    print(page[page.find("guarantee-figures") - 50 : page.find("guarantee-figures") + 900])
    assert re.search(r'data-testid="guaranteed">¥5,?000\.00<', page)
    assert re.search(r'data-testid="prepaid">¥2,?100\.00<', page)
    assert re.search(r'data-testid="remainder">¥2,?700\.00<', page)
    assert 'value="2700.00"' in page  # the payment form offers what is left, not the total


def test_prepaid_beyond_the_total_is_recovered_and_the_settlement_is_then_paid(
    person, follow_up_handler, reviewers, approvers, standard, make_user, orgs
):
    high = approvers[1]
    calculator = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="g_calc")
    guarantee = issued(person, follow_up_handler, high, amount=D("10000"))
    prepay(guarantee, high, "9000")  # 6,300 prepaid; the cost review approves only 3,000 later
    settlement = approved_settlement(person, follow_up_handler, reviewers[0], calculator, high)
    assert "recover ¥1,500.00 first" in settlement.payment_problems()[0]
    with pytest.raises(ValidationError):
        settlement_services.record_payment(settlement, {**PAYEE, "amount": D("1")}, by=calculator)
    with pytest.raises(ValidationError, match="At most"):
        services.record_recovery(
            guarantee, {"amount": D("1500.01"), "paid_on": TODAY(), "reference": "R"}, by=high
        )
    with pytest.raises(PermissionDenied):
        services.record_recovery(
            guarantee, {"amount": D("1500"), "paid_on": TODAY(), "reference": "R"}, by=follow_up_handler
        )
    services.record_recovery(
        guarantee, {"amount": D("1500"), "paid_on": TODAY(), "reference": "HOSP-R1"}, by=high
    )
    settlement.refresh_from_db()
    assert settlement.state == "paid" and not settlement.payments.exists()
    assert settlement.prepaid() == D("4800.00")


def test_a_total_prepaid_exactly_is_paid_at_approval(
    orgs, follow_up_handler, hospital, reviewers, approvers, standard, make_user
):
    high = approvers[1]
    calculator = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="g_calc")
    person = vip_claim(orgs, follow_up_handler, hospital, report_no="RG0003", liability="full").persons.get()
    prepay(issued(person, follow_up_handler, high), high, "4800")  # full liability: 4,800 × 1
    settlement = approved_settlement(person, follow_up_handler, reviewers[0], calculator, high)
    assert settlement.state == "paid" and settlement.paid_at is not None
    person.claim.refresh_from_db()
    assert person.claim.closed_at is not None


# --- expiry --------------------------------------------------------------------------------------------------
@pytest.mark.covers("injury_claims.guarantee", "expire")
def test_the_daily_sweep_expires_issued_letters_past_their_validity_once(
    person, follow_up_handler, approvers, orgs, hospital
):
    guarantee = issued(person, follow_up_handler, approvers[1])
    other = vip_claim(orgs, follow_up_handler, hospital, report_no="RG0004").persons.get()
    draft = services.draft(other, draft_values(), by=follow_up_handler)
    yesterday = TODAY() - datetime.timedelta(days=1)
    past = {"valid_from": yesterday - datetime.timedelta(days=30), "valid_until": yesterday}
    Guarantee.objects.filter(pk__in=[guarantee.pk, draft.pk]).update(**past)
    today = Guarantee.objects.filter(pk=guarantee.pk)
    assert expire_guarantees() == 1
    assert today.get().state == "expired"
    assert Guarantee.objects.get(pk=draft.pk).state == "drafted"  # only issued letters expire
    assert expire_guarantees() == 0  # idempotent
    with pytest.raises(ValidationError, match="issued letter"):
        services.record_prepayment(
            guarantee, {"incurred": D("100"), "paid_on": TODAY(), "reference": "R"}, by=approvers[1]
        )


def test_a_letter_valid_through_today_does_not_expire(person, follow_up_handler, approvers):
    guarantee = issued(person, follow_up_handler, approvers[1])
    Guarantee.objects.filter(pk=guarantee.pk).update(valid_until=TODAY())
    assert expire_guarantees() == 0


# --- the printed letter -------------------------------------------------------------------------------------
def text_of(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_the_letter_is_numbered_registered_verifiable_and_addressed_to_the_hospital(
    person, follow_up_handler, approvers, client
):
    guarantee = issued(person, follow_up_handler, approvers[1])
    response = client_for(follow_up_handler).post(
        reverse("injury_claims:guarantee_print", args=[guarantee.pk])
    )
    (job,) = run_pending_jobs()
    assert response.status_code == 302 and job.status == Job.Status.DONE, job.error
    document = job.document
    data = document.file.open("rb").read()
    assert re.fullmatch(r"GL-\d{4}-\d{6}", document.number) and document.subject == guarantee
    assert document.sha256 == sha256_hex(data)
    text = text_of(data)
    assert "医疗费担保函" in text and guarantee.hospital.name in text and person.name in text
    assert "5,000.00" in text and rmb_upper(D("5000")) in text and "伍仟元整" in text
    assert person.claim.report_no in text and document.number in text
    guarantee.refresh_from_db()
    assert guarantee.number == document.number
    verdict = client.post(reverse("documents:verify"), {"number": document.number, "sha256": document.sha256})
    assert 'data-verdict="genuine"' in verdict.content.decode()


def test_a_draft_is_not_printed(person, follow_up_handler):
    guarantee = services.draft(person, draft_values(), by=follow_up_handler)
    response = client_for(follow_up_handler).post(
        reverse("injury_claims:guarantee_print", args=[guarantee.pk])
    )
    assert response.status_code == 302 and not Job.objects.exists()
    assert not IssuedDocument.objects.exists()


# --- pages -------------------------------------------------------------------------------------------------
def test_the_person_page_offers_a_draft_only_when_eligible(person, follow_up_handler):
    url = person.get_absolute_url()
    page = client_for(follow_up_handler).get(url).content.decode()
    assert 'data-testid="guarantee-draft"' in page
    type(person).objects.filter(pk=person.pk).update(inpatient=False)
    page = client_for(follow_up_handler).get(url).content.decode()
    assert 'data-testid="guarantee-draft"' not in page and "not admitted as an inpatient" in page


def test_drafting_from_the_page_and_invalid_input_changes_nothing(person, follow_up_handler):
    client = client_for(follow_up_handler)
    url = reverse("injury_claims:guarantee_new", args=[person.pk])
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"amount": "0", "valid_from": TODAY().isoformat(), "valid_until": TODAY().isoformat()}
    )
    assert bad.status_code == 200 and "must be above zero" in bad.content.decode()
    early = {"amount": "100", "valid_from": TODAY().isoformat(), "valid_until": "2000-01-01"}
    assert "cannot end before" in client.post(url, early).content.decode()
    assert not Guarantee.objects.exists()
    good = {
        "amount": "5000",
        "valid_from": TODAY().isoformat(),
        "valid_until": (TODAY() + datetime.timedelta(days=10)).isoformat(),
    }
    response = client.post(url, good)
    guarantee = Guarantee.objects.get()
    assert response.status_code == 302 and response["Location"] == guarantee.get_absolute_url()


def test_the_step_form_with_a_stale_state_is_told_to_reload(person, follow_up_handler, approvers):
    guarantee = services.draft(person, draft_values(), by=follow_up_handler)
    client = client_for(follow_up_handler)
    url = reverse("injury_claims:guarantee_step", args=[guarantee.pk, "submit"])
    assert client.post(url, {"expected_state": "drafted"}).status_code == 302
    response = client.post(url, {"expected_state": "drafted"}, follow=True)
    assert 'class="toast toast-error"' in response.content.decode()  # "someone else changed it: reload"
    assert Guarantee.objects.get().state == "submitted"


def test_the_prepayment_form_shows_errors_and_records_nothing(person, follow_up_handler, approvers):
    high = approvers[1]
    guarantee = issued(person, follow_up_handler, high)
    url = reverse("injury_claims:guarantee_prepayment", args=[guarantee.pk])
    client = client_for(high)
    bad = client.post(url, {"expected_state": "issued", "incurred": "-5", "paid_on": TODAY().isoformat()})
    assert bad.status_code == 200 and 'data-testid="prepayment-form"' in bad.content.decode()
    stale = client.post(
        url,
        {"expected_state": "submitted", "incurred": "100", "paid_on": TODAY().isoformat(), "reference": "R"},
    )
    assert stale.status_code == 200 and "Someone else changed" in stale.content.decode()
    assert not Prepayment.objects.exists()
    ok = client.post(
        url,
        {"expected_state": "issued", "incurred": "1000", "paid_on": TODAY().isoformat(), "reference": "R1"},
    )
    assert ok.status_code == 302 and Prepayment.objects.get().amount == D("700.00")
    assert client_for(follow_up_handler).post(url, {}).status_code == 403  # the adjuster does not pay


def test_the_vip_status_is_recorded_with_its_basis(person, follow_up_handler):
    claim = person.claim
    url = reverse("injury_claims:claim_vip", args=[claim.pk])
    client = client_for(follow_up_handler)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"vip_customer": "on", "vip_basis": ""})
    assert bad.status_code == 200 and "Say why the insured is a VIP customer" in bad.content.decode()
    claim.refresh_from_db()
    assert claim.vip_customer and claim.vip_basis == "金卡客户"
    cleared = client.post(url, {})
    assert cleared.status_code == 302, cleared.context["form"].errors
    claim.refresh_from_db()
    assert not claim.vip_customer and claim.vip_basis == ""


GUARANTEE_URLS = [
    ("injury_claims:guarantee", "GET"),
    ("injury_claims:guarantee_step", "POST"),
    ("injury_claims:guarantee_prepayment", "POST"),
    ("injury_claims:guarantee_recovery", "POST"),
    ("injury_claims:guarantee_print", "POST"),
]


def test_another_branch_gets_404_and_the_wrong_method_405(person, follow_up_handler, approvers, outsider):
    guarantee = issued(person, follow_up_handler, approvers[1])
    client, mine = client_for(outsider), client_for(approvers[1])
    for name, method in GUARANTEE_URLS:
        args = [guarantee.pk, "cancel"] if name.endswith("_step") else [guarantee.pk]
        url = reverse(name, args=args)
        assert getattr(client, method.lower())(url).status_code == 404, name
        wrong = mine.post(url) if method == "GET" else mine.get(url)
        assert wrong.status_code == 405, name
    for name, args in (
        ("injury_claims:guarantee_new", [person.pk]),
        ("injury_claims:claim_vip", [person.claim_id]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404
        assert mine.put(reverse(name, args=args)).status_code == 405
    assert Guarantee.objects.get().state == "issued"


def test_the_branch_list_costs_the_same_queries_for_few_or_many(
    orgs, follow_up_handler, hospital, approvers, outsider, django_assert_max_num_queries
):
    for n in range(5):
        person = vip_claim(orgs, follow_up_handler, hospital, report_no=f"RL{n}").persons.get()
        guarantee = issued(person, follow_up_handler, approvers[1])
        prepay(guarantee, approvers[1], "1000", reference=f"P{n}")
    client = client_for(follow_up_handler)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("injury_claims:guarantees")).content.decode()
    assert page.count('data-testid="guarantee-row"') == 5 and "¥700.00" in page
    assert (
        client.get(reverse("injury_claims:guarantees"), {"state": "used"})
        .content.decode()
        .count('data-testid="guarantee-row"')
        == 0
    )
    assert (
        client_for(outsider)
        .get(reverse("injury_claims:guarantees"))
        .content.decode()
        .count('data-testid="guarantee-row"')
        == 0
    )
