"""Issue 11: mediation for an injured person (人伤调解, seed 001 p8–10, p20–22) — opened by an authorised mediator at
any follow-up step, the plan approved by a medical reviewer within authority, the one-off settlement agreement within
the plan, printed, signed and passed at the agreed amounts; the mediators' outcomes for their evaluation."""

import datetime
import re
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import IssuedDocument
from injury_claims.choices import AgreedKind
from injury_claims.models import CompensationStandard, Mediation, MediationItem, Review, Settlement
from injury_claims.rules import can_review, why_not_reviewer
from injury_claims.selectors.agreed import agreed_for
from injury_claims.selectors.evaluation import workers_of
from injury_claims.selectors.mediation import mediation_outcomes
from injury_claims.services import fast_track as fast_track_services
from injury_claims.services import mediation as services
from injury_claims.services import reviews as review_services
from injury_claims.services import settlement as settlement_services
from injury_claims.workflows import MEDIATION, PERSON
from organization.models import ReviewKind
from organization.roles import Role
from organization.services import set_authority_matrix
from tests.conftest import english_client as client_for
from tests.conftest import run_pending_jobs
from tests.workflow_graph import assert_workflow_graph
from workflow.services import TransitionNotPermitted, TransitionRefused, perform_transition

from .conftest import photo
from .test_fast_track import ON_SPOT
from .test_settlement import FACTS, JILIN

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _mediator(orgs, make_user, username="mediator", *, valid_until=None, org=None, roles=(Role.MEDIATOR,)):
    return make_user(
        org or orgs.jilin,
        *roles,
        username=username,
        mediator_trained_on=datetime.date(2026, 3, 10),
        mediator_authorised_by="22",
        mediator_valid_until=valid_until or datetime.date(2099, 12, 31),
    )


@pytest.fixture
def mediator(orgs, make_user):
    return _mediator(orgs, make_user)


@pytest.fixture
def plan_reviewers(orgs, make_user):
    """Jilin's mediation-plan matrix: level 1 up to 5,000, level 3 up to 20,000; cost review level 1 up to 50,000."""
    set_authority_matrix(orgs.jilin, ReviewKind.MEDIATION_PLAN, {1: D("5000"), 3: D("20000")})
    set_authority_matrix(orgs.jilin, ReviewKind.COST, {1: D("50000")})
    low = make_user(orgs.jilin, Role.MEDICAL_REVIEWER, username="med_low", mediation_review_level=1)
    high = make_user(
        orgs.jilin, Role.MEDICAL_REVIEWER, username="med_high", mediation_review_level=3, cost_review_level=1
    )
    return low, high


@pytest.fixture
def person(claim):
    return claim.persons.get(name="张伟")


def _plan(mediation, mediator, rows=None, total=None):
    rows = rows or [
        {"code": "medical", "planned": D("6000"), "note": "bills"},
        {"code": "lost_earnings", "planned": D("3000"), "note": ""},
    ]
    return services.save_plan(mediation, rows, total=total, explanation="伤者同意协商", by=mediator)


def _approved(person, mediator, reviewer, **plan):
    mediation = services.open_mediation(person, by=mediator)
    _plan(mediation, mediator, **plan)
    review = services.submit_plan(mediation, by=mediator, expected_state="drafting")
    review_services.decide_review(review, "approve", by=reviewer, expected_state="pending")
    mediation.refresh_from_db()
    return mediation


def _agreed(person, mediator, reviewer, amounts=None):
    mediation = _approved(person, mediator, reviewer)
    perform_transition(
        mediation,
        "agree",
        by=mediator,
        expected_state="approved",
        amounts=amounts or {"medical": D("5500"), "lost_earnings": D("2500")},
    )
    mediation.refresh_from_db()
    return mediation


# --- the process ----------------------------------------------------------------------------------------------
def test_mediation_is_a_sound_graph():
    assert_workflow_graph(MEDIATION)
    assert_workflow_graph(PERSON)


def test_an_authorised_mediator_opens_it_at_any_follow_up_step(person, mediator):
    """p8: "人伤跟踪人员在每个跟踪环节都应告知我司可调解结案"; "调解人员先拟定调解方案"."""
    mediation = services.open_mediation(person, by=mediator)
    assert (mediation.state, mediation.mediator, mediation.org) == ("drafting", mediator, person.org)
    assert "Entered by the mediator" in mediation.basis and not mediation.items.exists()


def test_an_expired_mediator_is_refused_with_the_reason(orgs, make_user, person):
    """p8: "需要得到省公司的培训和授权后方可开展调解工作" — an authorisation valid until yesterday is expired."""
    expired = _mediator(orgs, make_user, "expired", valid_until=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        services.open_mediation(person, by=expired)
    assert refused.value.messages == [
        f"Your mediator authorisation expired on {(TODAY() - datetime.timedelta(days=1)).isoformat()}: "
        "the province must renew it before you mediate."
    ]
    assert not Mediation.objects.exists()
    last_day = _mediator(orgs, make_user, "last_day", valid_until=TODAY())
    assert services.open_mediation(person, by=last_day).state == "drafting"  # valid on its expiry day


def test_a_mediator_whose_authorisation_lapses_cannot_go_on(person, mediator, plan_reviewers):
    mediation = services.open_mediation(person, by=mediator)
    _plan(mediation, mediator, total=D("4000"))
    type(mediator).objects.filter(pk=mediator.pk).update(
        mediator_valid_until=TODAY() - datetime.timedelta(days=1)
    )
    mediation = Mediation.objects.get(pk=mediation.pk)
    with pytest.raises(TransitionRefused, match="authorisation expired"):
        services.submit_plan(mediation, by=mediation.mediator, expected_state="drafting")
    with pytest.raises(ValidationError, match="authorisation expired"):
        _plan(mediation, mediation.mediator)
    assert not Review.objects.filter(kind="mediation_plan").exists()


def test_only_mediators_of_the_org_open_it_one_at_a_time(
    orgs, make_user, person, mediator, follow_up_handler, outsider
):
    with pytest.raises(PermissionDenied):
        services.open_mediation(person, by=follow_up_handler)  # no mediator role
    far = _mediator(orgs, make_user, "sz_mediator", org=orgs.shenzhen)
    with pytest.raises(PermissionDenied):
        services.open_mediation(person, by=far)
    services.open_mediation(person, by=mediator)
    other = _mediator(orgs, make_user, "other_mediator")
    with pytest.raises(ValidationError, match="already has a mediation under way"):
        services.open_mediation(person, by=other)
    with pytest.raises(IntegrityError), transaction.atomic():
        Mediation.objects.create(person=person, org=person.org, mediator=other, created_by=other)


def test_a_person_on_the_fast_track_is_not_mediated(claim, mediator, follow_up_handler):
    person = claim.persons.get(name="李娜")
    fast_track_services.open_fast_track(person, ON_SPOT, by=follow_up_handler)
    with pytest.raises(ValidationError, match="on the fast track"):
        services.open_mediation(person, by=mediator)


def test_a_person_being_mediated_is_not_offered_the_fast_track(person, mediator, follow_up_handler):
    services.open_mediation(person, by=mediator)
    with pytest.raises(ValidationError, match="being mediated"):
        fast_track_services.open_fast_track(person, ON_SPOT, by=follow_up_handler)
    page = client_for(follow_up_handler).get(person.get_absolute_url()).content.decode()
    assert 'data-testid="open-fast-track"' not in page
    assert (
        client_for(follow_up_handler)
        .get(reverse("injury_claims:fast_track_new", args=[person.pk]))
        .status_code
        == 403
    )


def test_the_calculator_is_the_plans_starting_point_when_the_facts_are_assessed(
    person, mediator, follow_up_handler, reviewers
):
    """The plan starts from the calculator's items (the mediator changes them); reopened person, facts assessed."""
    from .test_claims import _submit_costs

    CompensationStandard.objects.create(**JILIN)
    low, _high = reviewers
    review = _submit_costs(person, follow_up_handler, amount=D("3000"), first=True)
    review_services.decide_review(review, "approve", by=low, expected_state="pending")
    settlement_services.save_facts(Settlement.objects.get(person=person), FACTS, by=follow_up_handler)
    li = person.claim.persons.get(name="李娜")
    perform_transition(
        li, "close", by=follow_up_handler, note="伤者放弃索赔", expected_state="first_follow_up"
    )
    perform_transition(
        person, "reopen", by=follow_up_handler, note="伤情变化", expected_state="costs_approved"
    )
    mediation = services.open_mediation(person, by=mediator)
    planned = {item.code: item.planned for item in mediation.items.all()}
    assert planned["medical"] == D("3000") and planned["hospital_meals"] == D("1000")  # 100 元/天 × 10
    assert planned["nutrition"] == D("500") and planned["transport"] == D("300")
    assert all(item.suggested == item.planned for item in mediation.items.all())
    assert mediation.plan_total == sum(planned.values()) and "calculator" in mediation.basis


@pytest.mark.covers("injury_claims.mediation", "submit", "approve_plan")
def test_the_plan_goes_to_a_medical_reviewer_within_authority(person, mediator, plan_reviewers):
    """p8: "经医疗审核人员审核同意后"; p32: "1-9级跟踪/费用/调解审核权限" — routed on the plan's total."""
    low, high = plan_reviewers
    mediation = services.open_mediation(person, by=mediator)
    _plan(mediation, mediator, total=D("8000"))
    review = services.submit_plan(mediation, by=mediator, expected_state="drafting")
    assert (review.kind, review.amount, review.routed_to_hq) == ("mediation_plan", D("8000"), False)
    assert not can_review(low, review)
    assert "above your ceiling" in why_not_reviewer(low, review)
    with pytest.raises(TransitionNotPermitted):
        review_services.decide_review(review, "approve", by=low, expected_state="pending")
    review_services.decide_review(review, "approve", by=high, expected_state="pending")
    mediation.refresh_from_db()
    assert (mediation.state, mediation.approved_by, mediation.review) == ("approved", high, review)


def test_the_mediator_never_approves_their_own_plan(orgs, make_user, person, plan_reviewers):
    both = _mediator(orgs, make_user, "both", org=orgs.jilin, roles=(Role.MEDIATOR, Role.MEDICAL_REVIEWER))
    type(both).objects.filter(pk=both.pk).update(mediation_review_level=3)
    both.refresh_from_db()
    mediation = services.open_mediation(person, by=both)
    _plan(mediation, both, total=D("1000"))
    review = services.submit_plan(mediation, by=both, expected_state="drafting")
    assert not can_review(both, review)
    assert "nobody reviews their own work" in why_not_reviewer(both, review)


@pytest.mark.covers("injury_claims.mediation", "reject_plan", "revise", "withdraw")
def test_a_returned_plan_is_revised_or_withdrawn(person, mediator, plan_reviewers):
    """p21: "是否审核通过 → 否: 人伤正常跟踪或调整方案"."""
    _low, high = plan_reviewers
    mediation = services.open_mediation(person, by=mediator)
    _plan(mediation, mediator)
    review = services.submit_plan(mediation, by=mediator, expected_state="drafting")
    review_services.decide_review(
        review, "return_for_changes", by=high, note="误工费过高", expected_state="pending"
    )
    mediation.refresh_from_db()
    assert mediation.state == "rejected"
    perform_transition(mediation, "revise", by=mediator, expected_state="rejected")
    _plan(mediation, mediator, total=D("7000"))
    second = services.submit_plan(mediation, by=mediator, expected_state="drafting")
    review_services.decide_review(
        second, "return_for_changes", by=high, note="仍过高", expected_state="pending"
    )
    with pytest.raises(TransitionRefused, match="Say why"):
        perform_transition(mediation, "withdraw", by=mediator, expected_state="rejected")
    perform_transition(mediation, "withdraw", by=mediator, note="伤者选择诉讼", expected_state="rejected")
    mediation.refresh_from_db()
    person.refresh_from_db()
    assert mediation.state == "withdrawn" and person.state == "first_follow_up"  # the follow-up goes on
    assert services.open_mediation(person, by=mediator).state == "drafting"  # a new one may be opened


def test_a_plan_cannot_change_once_submitted(person, mediator, plan_reviewers):
    mediation = services.open_mediation(person, by=mediator)
    _plan(mediation, mediator)
    services.submit_plan(mediation, by=mediator, expected_state="drafting")
    with pytest.raises(ValidationError, match="fixed once it is submitted"):
        _plan(mediation, mediator, total=D("100"))
    item = MediationItem.objects.filter(mediation=mediation).first()
    item.planned = D("1")
    with pytest.raises(ValidationError, match="fixed once it is submitted"):
        item.save()


@pytest.mark.covers("injury_claims.mediation", "agree")
def test_the_agreement_outside_the_approved_plan_is_refused(person, mediator, plan_reviewers):
    """p8: "方可在方案内进行调解" — per item and in total; equal to the plan is within it."""
    _low, high = plan_reviewers
    mediation = _approved(person, mediator, high, total=D("8000"))  # items 6,000 + 3,000; total 8,000
    with pytest.raises(TransitionRefused, match=re.escape("above the ¥6,000.00 of the approved plan")):
        perform_transition(
            mediation, "agree", by=mediator, expected_state="approved", amounts={"medical": D("6000.01")}
        )
    with pytest.raises(TransitionRefused, match=re.escape("above the approved plan's total of ¥8,000.00")):
        perform_transition(
            mediation,
            "agree",
            by=mediator,
            expected_state="approved",
            amounts={"medical": D("5000"), "lost_earnings": D("3000.00") + D("0.01")},
        )
    with pytest.raises(TransitionRefused, match="not in the approved plan"):
        perform_transition(
            mediation, "agree", by=mediator, expected_state="approved", amounts={"nursing": D("1")}
        )
    mediation.refresh_from_db()
    assert mediation.state == "approved" and not mediation.items.filter(agreed__isnull=False).exists()
    perform_transition(
        mediation,
        "agree",
        by=mediator,
        expected_state="approved",
        amounts={
            "medical": D("6000"),
            "lost_earnings": D("2000"),
        },  # the item's and the plan's amounts exactly
    )
    mediation.refresh_from_db()
    assert (mediation.state, mediation.agreed_total) == ("agreed", D("8000"))
    assert dict(mediation.items.values_list("code", "agreed")) == {
        "medical": D("6000"),
        "lost_earnings": D("2000"),
    }


def test_the_agreed_amounts_are_fixed_by_the_model_and_the_database(person, mediator, plan_reviewers):
    _low, high = plan_reviewers
    mediation = _agreed(person, mediator, high)
    mediation.agreed_total = D("1")
    with pytest.raises(ValidationError, match="fixed once agreed"):
        mediation.save()
    item = mediation.items.get(code="medical")
    item.agreed = D("1")
    with pytest.raises(ValidationError, match="fixed once agreed"):
        item.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mediation.objects.filter(pk=mediation.pk).update(agreed_total=D("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        MediationItem.objects.filter(pk=item.pk).update(agreed=D("1"))


@pytest.mark.covers("injury_claims.mediation", "record_signed", "return_material", "pass_costs")
@pytest.mark.covers("injury_claims.person", "settle_by_mediation")
def test_signed_agreement_passes_the_costs_at_the_agreed_amounts(
    person, mediator, plan_reviewers, orgs, make_user
):
    """p21: "签订协议 → 费用审核通过"; the settlement's calculation takes the agreed items as they are."""
    low, high = plan_reviewers
    mediation = _agreed(person, mediator, high)
    with pytest.raises(TransitionRefused, match="Upload the scan"):
        perform_transition(mediation, "record_signed", by=mediator, expected_state="agreed")
    services.file_signed_agreement(mediation, photo("agreement.jpg"), by=mediator)
    perform_transition(mediation, "record_signed", by=mediator, expected_state="agreed")
    with pytest.raises(TransitionRefused):  # no cost-review authority
        services.pass_costs(mediation, by=low, expected_state="signed")
    perform_transition(mediation, "return_material", by=high, note="签字不清", expected_state="signed")
    mediation.refresh_from_db()
    assert mediation.state == "agreed" and mediation.signed_scan is None
    services.file_signed_agreement(mediation, photo("agreement2.jpg"), by=mediator)
    perform_transition(mediation, "record_signed", by=mediator, expected_state="agreed")
    services.pass_costs(mediation, by=high, note="核对无误", expected_state="signed")
    mediation.refresh_from_db()
    person.refresh_from_db()
    assert (mediation.state, mediation.settled_by, person.state) == ("settled", high, "costs_approved")
    agreed = agreed_for(person)
    assert agreed.kind == AgreedKind.MEDIATION and agreed.total == D("8000")
    assert {(i.code, i.amount) for i in agreed.items} == {
        ("medical", D("5500")),
        ("lost_earnings", D("2500")),
    }
    settlement = Settlement.objects.get(person=person)
    assert settlement.agreed_kind == AgreedKind.MEDIATION
    assert {"mediation"} <= {
        step for w in workers_of(person) if w["staff"] == mediator for step, _ in w["steps"]
    }


@pytest.mark.covers("injury_claims.mediation", "fail")
def test_no_agreement_returns_to_the_normal_follow_up(person, mediator, plan_reviewers, follow_up_handler):
    _low, high = plan_reviewers
    mediation = _approved(person, mediator, high)
    with pytest.raises(TransitionRefused, match="Say why"):
        perform_transition(mediation, "fail", by=follow_up_handler, expected_state="approved")
    perform_transition(mediation, "fail", by=follow_up_handler, note="伤者不同意", expected_state="approved")
    mediation.refresh_from_db()
    assert mediation.state == "failed" and mediation.ended_at is not None


def test_a_stale_step_is_refused_not_lost(person, mediator, plan_reviewers):
    _low, high = plan_reviewers
    mediation = _approved(person, mediator, high)
    perform_transition(mediation, "revise", by=mediator, expected_state="approved")
    with pytest.raises(TransitionRefused, match=r"(?i)changed|reload"):
        perform_transition(
            mediation, "agree", by=mediator, expected_state="approved", amounts={"medical": D("1")}
        )
    with pytest.raises(ValidationError, match="Reload the page"):
        services.save_plan(mediation, [], total=None, explanation="", by=mediator, expected_state="approved")


def test_outcomes_per_mediator(
    orgs, make_user, claim, person, mediator, plan_reviewers, claims_head, outsider
):
    """p8: "省公司定期对调解工作进行考核与管理" — opened, agreed, without agreement, success rate, days."""
    _low, high = plan_reviewers
    _agreed(person, mediator, high)
    other = claim.persons.get(name="李娜")
    failed = _approved(other, mediator, high)
    perform_transition(failed, "fail", by=mediator, note="不同意", expected_state="approved")
    second = _mediator(orgs, make_user, "second")
    services.open_mediation(other, by=second)  # 李娜 again, after the failed one
    rows = {row["mediator_id"]: row for row in mediation_outcomes(claims_head)}
    mine = rows[mediator.pk]
    assert (mine["opened"], mine["agreed"], mine["failed"], mine["under_way"]) == (2, 1, 1, 0)
    assert mine["success_rate"] == D("0.5000") and mine["average_days"] == D("0.0")
    assert (rows[second.pk]["opened"], rows[second.pk]["success_rate"]) == (1, None)
    assert mediation_outcomes(outsider) == []
    tomorrow = TODAY() + datetime.timedelta(days=1)
    assert mediation_outcomes(claims_head, since=tomorrow) == []
    assert len(mediation_outcomes(claims_head, since=TODAY(), until=TODAY())) == 2


# --- the pages -----------------------------------------------------------------------------------------------
def _url(name, *args):
    return reverse(f"injury_claims:{name}", args=args)


def test_the_person_page_offers_mediation_at_every_follow_up_step(
    orgs, make_user, person, mediator, follow_up_handler
):
    page = client_for(mediator).get(person.get_absolute_url())
    assert page.status_code == 200 and b'data-testid="open-mediation"' in page.content
    handler_page = client_for(follow_up_handler).get(person.get_absolute_url())
    assert b'data-testid="mediation-offered"' in handler_page.content  # the adjuster is told (p8)
    assert b'data-testid="open-mediation"' not in handler_page.content
    expired = _mediator(orgs, make_user, "expired", valid_until=TODAY() - datetime.timedelta(days=3))
    refused = client_for(expired).get(person.get_absolute_url()).content.decode()
    assert 'data-testid="mediation-refused"' in refused and "authorisation expired" in refused


def test_open_view(orgs, make_user, person, mediator, follow_up_handler, outsider):
    url = _url("mediation_open", person.pk)
    assert client_for(mediator).get(url).status_code == 405
    assert client_for(outsider).post(url).status_code == 404
    assert client_for(follow_up_handler).post(url).status_code == 403
    expired = _mediator(orgs, make_user, "expired", valid_until=TODAY() - datetime.timedelta(days=1))
    response = client_for(expired).post(url)
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert not Mediation.objects.exists()
    response = client_for(mediator).post(url)
    mediation = Mediation.objects.get()
    assert response["Location"] == _url("mediation_plan", mediation.pk)


def _plan_post(mediation, **overrides):
    data = {
        "expected_state": mediation.state,
        "total": "",
        "explanation": "双方愿意调解",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "20",
        "items-0-code": "medical",
        "items-0-planned": "4000",
        "items-0-note": "",
        "items-1-code": "nursing",
        "items-1-planned": "1000",
        "items-1-note": "",
    }
    data.update(overrides)
    return data


def test_plan_view(person, mediator, follow_up_handler, outsider, plan_reviewers):
    mediation = services.open_mediation(person, by=mediator)
    url = _url("mediation_plan", mediation.pk)
    assert client_for(mediator).get(url).status_code == 200
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(follow_up_handler).post(url, _plan_post(mediation)).status_code == 403
    assert client_for(mediator).put(url).status_code == 405
    invalid = client_for(mediator).post(url, _plan_post(mediation, **{"items-1-code": "medical"}))
    assert invalid.status_code == 200 and "in the plan twice" in invalid.content.decode()
    too_high = client_for(mediator).post(url, _plan_post(mediation, total="99999"))
    assert too_high.status_code == 200 and not mediation.items.exists()
    response = client_for(mediator).post(url, _plan_post(mediation))
    assert response.status_code == 302
    mediation.refresh_from_db()
    assert mediation.plan_total == D("5000") and mediation.items.count() == 2
    stale = client_for(mediator).post(url, _plan_post(mediation, expected_state="approved", total="100"))
    assert "Reload the page" in stale.content.decode()
    mediation.refresh_from_db()
    assert mediation.plan_total == D("5000")


def test_mediation_page_and_steps(
    person, mediator, follow_up_handler, outsider, plan_reviewers, django_assert_max_num_queries
):
    _low, high = plan_reviewers
    mediation = services.open_mediation(person, by=mediator)
    _plan(mediation, mediator, total=D("8000"))
    page = _url("mediation", mediation.pk)
    client = client_for(mediator)
    assert client.get(page).status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get(page).status_code == 200
    assert client_for(follow_up_handler).get(page).status_code == 200  # reads it
    assert client_for(outsider).get(page).status_code == 404
    assert client.post(page).status_code == 405
    step = _url("mediation_step", mediation.pk, "submit")
    assert client_for(outsider).post(step, {"expected_state": "drafting"}).status_code == 404
    assert client_for(follow_up_handler).post(step, {"expected_state": "drafting"}).status_code == 403
    assert client.get(step).status_code == 405
    assert (
        client.post(
            _url("mediation_step", mediation.pk, "nonsense"), {"expected_state": "drafting"}
        ).status_code
        == 404
    )
    assert client.post(step, {"expected_state": "drafting"}).status_code == 302
    mediation.refresh_from_db()
    assert mediation.state == "submitted"
    again = client.post(step, {"expected_state": "drafting"}, follow=True)  # a second click: stale, no 500
    assert again.status_code == 200 and Review.objects.filter(kind="mediation_plan").count() == 1
    review = Review.objects.get(kind="mediation_plan")
    review_page = client_for(high).get(review.get_absolute_url())
    assert b'data-testid="reviewed-mediation-plan"' in review_page.content
    client_for(high).post(
        _url("review_step", review.pk, "approve"), {"expected_state": "pending", "note": ""}
    )
    mediation.refresh_from_db()
    assert mediation.state == "approved"
    agree = _url("mediation_step", mediation.pk, "agree")
    bad = client.post(
        agree, {"expected_state": "approved", "agreed_medical": "6000.01", "agreed_lost_earnings": ""}
    )
    assert bad.status_code == 302
    mediation.refresh_from_db()
    assert mediation.state == "approved"
    assert (
        client.post(
            agree, {"expected_state": "approved", "agreed_medical": "5000", "agreed_lost_earnings": "3000"}
        ).status_code
        == 302
    )
    mediation.refresh_from_db()
    assert (mediation.state, mediation.agreed_total) == ("agreed", D("8000"))


def test_scan_view(person, mediator, follow_up_handler, outsider, plan_reviewers):
    _low, high = plan_reviewers
    mediation = _agreed(person, mediator, high)
    url = _url("mediation_scan", mediation.pk)
    assert client_for(mediator).get(url).status_code == 405
    assert client_for(outsider).post(url, {"scan": photo()}).status_code == 404
    assert client_for(follow_up_handler).post(url, {"scan": photo()}).status_code == 403
    invalid = client_for(mediator).post(url, {})
    assert invalid.status_code == 200 and b'data-testid="error-scan"' in invalid.content
    assert client_for(mediator).post(url, {"scan": photo("signed.jpg")}).status_code == 302
    mediation.refresh_from_db()
    assert mediation.signed_scan.name == "signed.jpg"


def test_print_views_issue_registered_pdfs(person, mediator, follow_up_handler, outsider, plan_reviewers):
    """The mediation plan and the one-off settlement agreement: numbered, hash-registered, QR-verifiable."""
    _low, high = plan_reviewers
    mediation = services.open_mediation(person, by=mediator)
    _plan(mediation, mediator)
    plan_url = _url("print_mediation_plan", mediation.pk)
    agreement_url = _url("print_mediation_agreement", mediation.pk)
    refused = client_for(mediator).post(plan_url)
    assert refused.status_code == 302 and refused["Location"] == mediation.get_absolute_url()
    assert client_for(mediator).get(plan_url).status_code == 405
    assert client_for(outsider).post(plan_url).status_code == 404
    perform_transition(mediation, "withdraw", by=mediator, note="重新拟定", expected_state="drafting")
    mediation = _agreed(person, mediator, high)
    agreement_url = _url("print_mediation_agreement", mediation.pk)
    assert client_for(outsider).post(agreement_url).status_code == 404
    response = client_for(follow_up_handler).post(agreement_url)
    (job,) = run_pending_jobs()
    assert response["Location"] == reverse("documents:job", args=[job.pk])
    document = IssuedDocument.objects.get(kind="mediation_agreement")
    assert document.number.startswith("TJXY-") and job.document == document
    pdf = client_for(mediator).get(reverse("documents:download", args=[document.number]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client_for(outsider).get(reverse("documents:download", args=[document.number])).status_code == 404
    client_for(mediator).post(_url("print_mediation_plan", mediation.pk))
    run_pending_jobs()
    assert IssuedDocument.objects.get(kind="mediation_plan").number.startswith("TJFA-")
    assert agreed_for(person) is None  # printed is not yet signed and passed


def test_mediators_page_shows_outcomes_in_constant_queries(
    orgs, make_user, person, mediator, plan_reviewers, claims_head, django_assert_max_num_queries
):
    _low, high = plan_reviewers
    _agreed(person, mediator, high)
    for n in range(3):
        _mediator(orgs, make_user, f"extra{n}")
    client = client_for(claims_head)
    url = reverse("injury_claims:mediators")
    client.get(url)
    with django_assert_max_num_queries(15):
        response = client.get(url)
    rows = {row["mediator_id"]: row for row in response.context["outcomes"]}
    assert rows[mediator.pk]["agreed"] == 1
    bad = client.get(url, {"since": "2026-12-01", "until": "2026-01-01"})
    assert bad.status_code == 200 and "ends before it starts" in bad.content.decode()
