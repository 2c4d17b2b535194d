"""Issue 10: settlement after the cost review — loss assessment (定损) with the documents checklist and the payment
clock, calculation (理算) with the calculator, approval (核赔) by authority, payment and the claim's closing.

Seed 001 p25: "只要其中一个人伤跟踪流程费用审核通过，即可对审核通过的人伤发起理算".
Seed 002: "三个工作日到账承诺" (the payment clock, which may not pause)."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from injury_claims.models import (
    CompensationStandard,
    DocumentRequirement,
    Review,
    Settlement,
)
from injury_claims.services import reviews as review_services
from injury_claims.services import settlement as services
from injury_claims.workflows import SETTLEMENT
from organization.models import ReviewKind
from organization.roles import Role
from organization.services import set_authority_matrix
from sla.models import Deadline
from tests.workflow_graph import assert_workflow_graph
from workflow.services import TransitionRefused, perform_transition

from .test_claims import _submit_costs

pytestmark = pytest.mark.django_db

JILIN = {  # LAW.md §4.1: 吉林高院 2023年度人身损害赔偿执行标准 (data year 2022)
    "province": "22",
    "area": "",
    "stat_year": 2022,
    "effective_from": datetime.date(2023, 9, 1),
    "effective_to": datetime.date(2024, 8, 31),
    "urban_disposable_income": Decimal("35471"),
    "urban_consumption": Decimal("21835"),
    "average_wage": Decimal("87222"),
    "funeral_expenses": Decimal("43611"),
    "hospital_meal_allowance": Decimal("100"),
    "nursing_daily_wage": Decimal("334.18"),
    "source": "吉高法〔2023〕112号 (LAW.md §4.1)",
}
FACTS = {"birth_date": "1990-03-07", "hospital_days": 10, "nutrition": "500", "transport": "300"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def standard(db):
    return CompensationStandard.objects.create(**JILIN)


@pytest.fixture
def approvers(orgs, make_user):
    set_authority_matrix(orgs.jilin, ReviewKind.SETTLEMENT, {1: Decimal("10000"), 5: Decimal("100000")})
    calculator = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="calc", settlement_approval_level=5)
    low = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="appr_low", settlement_approval_level=1)
    high = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="appr_high", settlement_approval_level=5)
    return calculator, low, high


def _costs_approved(person, handler, reviewer, amount=Decimal("3000")) -> Settlement:
    review = _submit_costs(person, handler, amount=amount, first=True)
    review_services.decide_review(review, "approve", by=reviewer, expected_state="pending")
    return Settlement.objects.get(person=person)


def _documents(settlement, by):
    for requirement in settlement.requirements():
        services.receive_document(settlement, requirement, received_on=timezone.localdate(), by=by)
    settlement.refresh_from_db()


def _ready(settlement, handler) -> Settlement:
    services.save_facts(settlement, FACTS, by=handler)
    _documents(settlement, handler)
    perform_transition(settlement, "confirm_assessment", by=handler, expected_state="assessment")
    settlement.refresh_from_db()
    return settlement


def test_the_settlement_process_is_a_sound_graph():
    assert_workflow_graph(SETTLEMENT)


def test_p25_a_person_is_settled_while_another_is_still_followed_up(claim, follow_up_handler, reviewers):
    """Seed 001 p25: "只要其中一个人伤跟踪流程费用审核通过，即可对审核通过的人伤发起理算"."""
    zhang, li = claim.persons.order_by("pk")
    settlement = _costs_approved(zhang, follow_up_handler, reviewers[0])
    li.refresh_from_db()
    assert settlement.state == "assessment" and li.state == "first_follow_up"
    assert not Settlement.objects.filter(person=li).exists()


@pytest.mark.covers("injury_claims.settlement", "confirm_assessment")
def test_the_documents_checklist_blocks_and_its_completion_starts_the_payment_clock(
    claim, follow_up_handler, reviewers, standard
):
    """Seed 002: "三个工作日到账承诺" — the clock starts when the documents are complete, runs across calculation and
    approval, and cannot be paused."""
    zhang = claim.persons.order_by("pk").first()
    settlement = _costs_approved(zhang, follow_up_handler, reviewers[0])
    services.save_facts(settlement, FACTS, by=follow_up_handler)
    with pytest.raises(TransitionRefused, match="Documents still missing"):
        perform_transition(
            settlement, "confirm_assessment", by=follow_up_handler, expected_state="assessment"
        )
    names = {r.name for r in settlement.requirements()}
    assert "出院记录（小结）" in names  # inpatient's own list on top of the common one
    assert "死亡证明" not in names
    _documents(settlement, follow_up_handler)
    assert settlement.documents_complete_on is not None
    perform_transition(settlement, "confirm_assessment", by=follow_up_handler, expected_state="assessment")
    clock = Deadline.objects.for_object(settlement).get()
    assert clock.policy.code == "payment" and clock.started_at == settlement.documents_complete_on
    assert clock.state == Deadline.State.OPEN


def test_a_document_in_the_future_or_off_the_list_is_refused(claim, follow_up_handler, reviewers):
    zhang = claim.persons.order_by("pk").first()
    settlement = _costs_approved(zhang, follow_up_handler, reviewers[0])
    death = DocumentRequirement.objects.get(code="death_certificate", category__code="death_at_scene")
    with pytest.raises(ValidationError, match="not on this person's checklist"):
        services.receive_document(settlement, death, received_on=timezone.localdate(), by=follow_up_handler)
    first = settlement.requirements().first()
    with pytest.raises(ValidationError):
        services.receive_document(
            settlement,
            first,
            received_on=timezone.localdate() + datetime.timedelta(days=1),
            by=follow_up_handler,
        )
    assert not settlement.documents.exists()


def test_calculation_uses_the_reference_figures_and_shows_each_formula(
    claim, follow_up_handler, reviewers, approvers, standard
):
    calculator = approvers[0]
    zhang = claim.persons.order_by("pk").first()
    settlement = _ready(_costs_approved(zhang, follow_up_handler, reviewers[0]), follow_up_handler)
    calculation = services.calculate(settlement, by=calculator)
    items = {row["code"]: row for row in calculation.items}
    # 住院伙食补助费: 100 元/天 (Jilin) × 10 days
    assert Decimal(items["hospital_meals"]["amount"]) == Decimal("1000.00")
    assert "100" in items["hospital_meals"]["formula"] and "吉高法" in " ".join(
        items["hospital_meals"]["sources"]
    )
    assert Decimal(items["medical"]["amount"]) == Decimal("3000.00")  # the cost review's approved amount
    assert calculation.loss == Decimal("4800.00")  # 3,000 + 1,000 + 500 + 300
    # one victim, liable: the 交强险 medical bucket (18,000) covers medical, meals and nutrition; transport is in
    # the death/disability bucket (180,000): everything is paid by 交强险
    assert Decimal(calculation.allocation["compulsory"]) == Decimal("4800.00")
    assert calculation.payable == Decimal("4800.00")
    assert calculation.region.startswith("吉林") and calculation.settings_used


def test_an_adjustment_needs_its_reason_and_is_kept(claim, follow_up_handler, reviewers, approvers, standard):
    calculator = approvers[0]
    zhang = claim.persons.order_by("pk").first()
    settlement = _ready(_costs_approved(zhang, follow_up_handler, reviewers[0]), follow_up_handler)
    first = services.calculate(settlement, by=calculator)
    with pytest.raises(ValidationError, match="give the reason"):
        services.parse_adjustments({"transport": ("200", "")}, first)
    adjustments = services.parse_adjustments({"transport": ("200", "票据仅200元")}, first)
    second = services.calculate(settlement, by=calculator, adjustments=adjustments)
    transport = next(row for row in second.items if row["code"] == "transport")
    assert (
        transport["adjusted"] and transport["reason"] == "票据仅200元" and Decimal(transport["amount"]) == 200
    )
    assert second.version == 2 and second.loss == first.loss - 100


def test_the_limits_are_shared_and_a_person_added_later_changes_the_shares(
    claim, follow_up_handler, reviewers, approvers, standard
):
    """LAW.md §1.1: the 交强险 limits are per accident, all victims together (medical 18,000 when liable)."""
    calculator = approvers[0]
    zhang, li = claim.persons.order_by("pk")
    big = {"birth_date": "1985-01-01", "hospital_days": 10, "follow_up_treatment": "16000"}
    a = _costs_approved(zhang, follow_up_handler, reviewers[1], amount=Decimal("4000"))
    services.save_facts(a, big, by=follow_up_handler)
    _documents(a, follow_up_handler)
    perform_transition(a, "confirm_assessment", by=follow_up_handler, expected_state="assessment")
    alone = services.calculate(a, by=calculator)
    assert Decimal(alone.allocation["compulsory"]) == Decimal("18000.00")  # 21,000 medical, limit 18,000
    b = _costs_approved(li, follow_up_handler, reviewers[1], amount=Decimal("4000"))
    services.save_facts(b, big, by=follow_up_handler)
    shared = services.calculate(a, by=calculator)
    assert Decimal(shared.allocation["compulsory"]) == Decimal("9000.00")  # two equal losses share 18,000
    assert shared.allocation["victims"] == 2


@pytest.mark.covers("injury_claims.settlement", "submit", "approve")
def test_approval_is_routed_by_amount_and_nobody_approves_their_own_calculation(
    claim, follow_up_handler, reviewers, approvers, standard
):
    calculator, low, high = approvers
    zhang = claim.persons.order_by("pk").first()
    settlement = _ready(_costs_approved(zhang, follow_up_handler, reviewers[0]), follow_up_handler)
    services.calculate(settlement, by=calculator, adjustments={"transport": (Decimal("6000"), "长途转院")})
    review = services.submit(settlement, by=calculator)
    assert review.kind == "settlement" and review.amount == Decimal("10500.00")
    from injury_claims.selectors.claims import review_queue

    assert review not in review_queue(low)  # ceiling 10,000 < 10,500
    assert review in review_queue(high) and review not in review_queue(calculator)
    assert review not in review_queue(reviewers[1])  # a medical reviewer does not approve settlements
    with pytest.raises(TransitionRefused):
        review_services.decide_review(review, "approve", by=calculator, expected_state="pending")
    from django.urls import reverse

    from tests.conftest import client_for

    page = client_for(high).get(reverse("injury_claims:review", args=[review.pk])).content.decode()
    assert 'data-testid="adjustments"' in page and "长途转院" in page  # the approver sees every adjustment
    review_services.decide_review(review, "approve", by=high, expected_state="pending")
    settlement.refresh_from_db()
    assert settlement.state == "approved" and settlement.total == Decimal("10500.00")


@pytest.mark.covers("injury_claims.settlement", "return_calculation")
def test_a_returned_calculation_goes_back_to_the_calculator(
    claim, follow_up_handler, reviewers, approvers, standard
):
    calculator, _low, high = approvers
    zhang = claim.persons.order_by("pk").first()
    settlement = _ready(_costs_approved(zhang, follow_up_handler, reviewers[0]), follow_up_handler)
    services.calculate(settlement, by=calculator)
    review = services.submit(settlement, by=calculator)
    review_services.decide_review(
        review, "return_for_changes", by=high, note="误工证明不全", expected_state="pending"
    )
    settlement.refresh_from_db()
    assert settlement.state == "calculation"


@pytest.mark.covers("injury_claims.settlement", "pay")
def test_payment_closes_the_claim_meets_the_clock_and_tells_the_injured(
    orgs, follow_up_handler, reviewers, approvers, standard
):
    from injury_claims.services import claims as claim_services
    from sla.models import Delivery

    from .conftest import claim_data, person_data

    calculator, _low, high = approvers
    claim = claim_services.register_claim(
        claim_data(orgs.jilin, follow_up_handler),
        [person_data("张伟", mobile="13912345678", consents_to_messages=True)],
        by=follow_up_handler,
    )
    zhang = claim.persons.get()
    settlement = _ready(_costs_approved(zhang, follow_up_handler, reviewers[0]), follow_up_handler)
    services.calculate(settlement, by=calculator)
    review = services.submit(settlement, by=calculator)
    review_services.decide_review(review, "approve", by=high, expected_state="pending")
    settlement.refresh_from_db()
    values = {"payee_kind": "injured", "payee_name": "张伟", "bank": "中国银行", "amount": Decimal("4800.00")}
    with pytest.raises(ValidationError):
        services.record_payment(settlement, {**values, "account": "12ab"}, by=calculator)
    with pytest.raises(ValidationError):
        services.record_payment(
            settlement, {**values, "amount": Decimal("4800.01"), "account": "6217000012345678"}, by=calculator
        )
    payment = services.record_payment(settlement, {**values, "account": "6217 0000 1234 5678"}, by=calculator)
    assert payment.account_masked == "6217********5678" and payment.account == "6217000012345678"
    with connection.cursor() as cursor:
        cursor.execute("SELECT account FROM injury_claims_payment WHERE id = %s", [payment.pk])
        assert "6217000012345678" not in cursor.fetchone()[0]
    services.mark_paid(payment, reference="BOC20261124001", paid_on=timezone.localdate(), by=calculator)
    settlement.refresh_from_db()
    claim.refresh_from_db()
    assert settlement.state == "paid" and claim.closed_at is not None
    assert Deadline.objects.for_object(settlement).get().state == Deadline.State.MET
    assert Delivery.objects.filter(kind="injury_claims.injured_paid", object_id=settlement.pk).exists()


def test_a_person_added_to_a_closed_claim_reopens_it(orgs, follow_up_handler, reviewers, approvers, standard):
    from injury_claims.models import Claim
    from injury_claims.services import claims as claim_services

    from .conftest import claim_data, person_data

    claim = claim_services.register_claim(
        claim_data(orgs.jilin, follow_up_handler), [person_data()], by=follow_up_handler
    )
    Claim.objects.filter(pk=claim.pk).update(closed_at=timezone.now())
    claim.refresh_from_db()
    claim_services.add_person(claim, person_data("王五"), by=follow_up_handler)
    claim.refresh_from_db()
    assert claim.closed_at is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("postgresql" not in connection.vendor, reason="row locks need PostgreSQL")
def test_two_approvers_decide_the_same_settlement_one_wins_the_other_is_told(orgs, make_user):
    from tests.conftest import ensure_reference_data

    from .conftest import claim_data, person_data

    ensure_reference_data()
    from injury_claims.services import claims as claim_services

    handler = make_user(orgs.jilin, Role.INJURY_FOLLOW_UP, username="race_h")
    set_authority_matrix(orgs.jilin, ReviewKind.COST, {1: Decimal("50000")})
    set_authority_matrix(orgs.jilin, ReviewKind.SETTLEMENT, {1: Decimal("50000")})
    reviewer = make_user(orgs.jilin, Role.MEDICAL_REVIEWER, username="race_rv", cost_review_level=1)
    calculator = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="race_calc")
    a = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="race_a", settlement_approval_level=1)
    b = make_user(orgs.jilin, Role.CALCULATOR_APPROVER, username="race_b", settlement_approval_level=1)
    CompensationStandard.objects.create(**JILIN)
    claim = claim_services.register_claim(claim_data(orgs.jilin, handler), [person_data()], by=handler)
    settlement = _ready(_costs_approved(claim.persons.get(), handler, reviewer), handler)
    services.calculate(settlement, by=calculator)
    review = services.submit(settlement, by=calculator)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def decide(user, decision):
        from django.db import close_old_connections

        barrier.wait()
        try:
            with translation.override("en"):
                review_services.decide_review(
                    Review.objects.get(pk=review.pk), decision, by=user, note="理由", expected_state="pending"
                )
            results.append("won")
        except TransitionRefused as exc:
            results.append(exc.message)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=decide, args=(a, "approve")),
        threading.Thread(target=decide, args=(b, "return_for_changes")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("won") == 1 and any("changed" in r for r in results if r != "won")
    settlement.refresh_from_db()
    assert settlement.state in ("approved", "calculation")


# --- the pages ------------------------------------------------------------------------------------------------
def test_the_pages_take_a_person_from_assessment_to_approval(
    claim, follow_up_handler, reviewers, approvers, standard
):
    from django.urls import reverse

    from tests.conftest import client_for

    calculator = approvers[0]
    zhang = claim.persons.order_by("pk").first()
    settlement = _costs_approved(zhang, follow_up_handler, reviewers[0])
    handler, calc = client_for(follow_up_handler), client_for(calculator)
    url = reverse("injury_claims:settlement", args=[settlement.pk])
    page = handler.get(url).content.decode()
    assert 'data-testid="document-row"' in page and "出院记录（小结）" in page
    assert (
        f'name="received_on" value="{timezone.localdate().isoformat()}"' in page
    )  # a date input takes ISO dates only
    facts_url = reverse("injury_claims:settlement_facts", args=[settlement.pk])
    bad = handler.post(facts_url, {"grades": "11", "expected_state": "assessment"})
    assert bad.status_code == 200 and "“11”不是1至10级的伤残等级" in bad.content.decode()
    settlement.refresh_from_db()
    assert settlement.facts == {}
    good = handler.post(
        facts_url,
        {
            "birth_date": "1990-03-07",
            "hospital_days": "10",
            "nutrition": "500",
            "expected_state": "assessment",
        },
    )
    assert good.status_code == 302
    settlement.refresh_from_db()
    assert settlement.facts == {"birth_date": "1990-03-07", "hospital_days": 10, "nutrition": "500"}
    for requirement in settlement.requirements():
        response = handler.post(
            reverse("injury_claims:settlement_document", args=[settlement.pk, requirement.pk]),
            {"received_on": timezone.localdate().isoformat()},
        )
        assert response.status_code == 302
    handler.post(
        reverse("injury_claims:settlement_step", args=[settlement.pk, "confirm_assessment"]),
        {"expected_state": "assessment"},
    )
    settlement.refresh_from_db()
    assert settlement.state == "calculation"
    assert (
        handler.post(reverse("injury_claims:settlement_calculate", args=[settlement.pk])).status_code == 403
    )
    assert calc.post(reverse("injury_claims:settlement_calculate", args=[settlement.pk])).status_code == 302
    page = calc.get(url).content.decode()
    assert 'data-testid="item-hospital_meals"' in page and "吉高法" in page
    refused = calc.post(
        reverse("injury_claims:settlement_calculate", args=[settlement.pk]),
        {"amount-nutrition": "100", "reason-nutrition": ""},
    )
    assert refused.status_code == 200 and 'data-testid="calc-error"' in refused.content.decode()
    assert settlement.calculations.count() == 1
    calc.post(
        reverse("injury_claims:settlement_step", args=[settlement.pk, "submit"]),
        {"expected_state": "calculation"},
    )
    settlement.refresh_from_db()
    assert settlement.state == "approval" and settlement.person.reviews.filter(kind="settlement").exists()


def test_the_settlements_list_costs_the_same_queries_for_few_or_many(
    orgs, follow_up_handler, approvers, django_assert_max_num_queries
):
    from django.urls import reverse

    from injury_claims.services import claims as claim_services
    from tests.conftest import client_for

    from .conftest import claim_data, person_data

    for n in range(6):
        claim = claim_services.register_claim(
            claim_data(orgs.jilin, follow_up_handler, report_no=f"RS{n}"),
            [person_data()],
            by=follow_up_handler,
        )
        Settlement.objects.create(person=claim.persons.get(), org=orgs.jilin)
    client = client_for(approvers[0])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("injury_claims:settlements"))
    assert page.content.decode().count('data-testid="settlement-row"') == 6


def test_a_person_joining_the_allocation_recalculates_the_others_and_a_stale_one_cannot_go_to_approval(
    claim, follow_up_handler, reviewers, approvers, standard
):
    """Issue 10 point 3: "the claim-level allocation recomputed when a person is added (追加人伤)"."""
    calculator = approvers[0]
    zhang, li = claim.persons.order_by("pk")
    big = {"birth_date": "1985-01-01", "hospital_days": 10, "follow_up_treatment": "16000"}
    a = _costs_approved(zhang, follow_up_handler, reviewers[1], amount=Decimal("4000"))
    services.save_facts(a, big, by=follow_up_handler)
    _documents(a, follow_up_handler)
    perform_transition(a, "confirm_assessment", by=follow_up_handler, expected_state="assessment")
    services.calculate(a, by=calculator)
    assert Decimal(a.latest_calculation().allocation["compulsory"]) == Decimal("18000.00")
    b = _costs_approved(li, follow_up_handler, reviewers[1], amount=Decimal("4000"))
    services.save_facts(b, big, by=calculator)  # 李娜 joins: 张伟's calculation is done again
    latest = a.latest_calculation()
    assert latest.version == 2 and Decimal(latest.allocation["compulsory"]) == Decimal("9000.00")
    # a calculation made before a person joined cannot go to approval
    from injury_claims.models import Calculation

    Calculation.objects.filter(pk=latest.pk).update(allocation={**latest.allocation, "victims": 1})
    a.refresh_from_db()
    with pytest.raises(TransitionRefused, match="calculate again"):
        services.submit(a, by=calculator)
