"""The assessment cycle (issue 13, point 4): HQ opens the year → drafts from the facts → the branch explains,
disputes or confirms within its working days → HQ answers, adjusts with reasons, finalises → a final card is locked
→ a reopening needs reasons and keeps the final version."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from hospitals.models import Training
from scoring.models import Assessment, Dispute, Scorecard
from scoring.services import cycle
from scoring.workflows import SCORECARD
from sla.calendar import add_working_days
from tests.scoring.conftest import YEAR
from tests.workflow_graph import assert_workflow_graph
from workflow.models import Event
from workflow.services import StaleState, TransitionNotPermitted, TransitionRefused

pytestmark = pytest.mark.django_db


def test_the_cycle_is_a_sound_workflow():
    assert_workflow_graph(SCORECARD)


@pytest.fixture
def opened(assessment, hq_approver, orgs, network_hospital):
    cycle.open_year(assessment, by=hq_approver)
    return Scorecard.objects.get(assessment=assessment, org=orgs.jilin)


def _past_window(card):
    Scorecard.objects.filter(pk=card.pk).update(
        dispute_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    card.refresh_from_db()


def _training(org, hospital, on=None, exam=True):
    return Training.objects.create(
        org=org,
        hospital=hospital,
        on=on or datetime.date(YEAR, 1, 5),
        topic="骨折",
        closed_book_exam=exam,
        attendees=20,
        pass_rate=90,
    )


# --- the year ----------------------------------------------------------------------------------------------------
def test_a_new_year_copies_the_rubric_of_the_year_before(hq_approver, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(dispatch_response_minutes=20, customer_sample_size=6)
    nxt = cycle.create_year(YEAR + 1, by=hq_approver)
    assert (nxt.dispatch_response_minutes, nxt.customer_sample_size) == (20, 6)
    with pytest.raises(TransitionRefused):
        cycle.create_year(YEAR + 1, by=hq_approver)


def test_only_hq_prepares_a_year(claims_head, db):
    with pytest.raises(TransitionRefused):
        cycle.create_year(YEAR, by=claims_head)
    assert not Assessment.objects.exists()


def test_the_rubric_changes_with_a_reason_until_the_year_opens(assessment, hq_approver):
    cycle.update_rubric(assessment, {"dispatch_response_minutes": 45}, by=hq_approver, reason="急救响应放宽")
    assert assessment.history.first().history_change_reason == "急救响应放宽"
    with translation.override("en"), pytest.raises(TransitionRefused) as refused:
        cycle.update_rubric(assessment, {"hk_points_max": Decimal(14)}, by=hq_approver, reason="x")
    assert "The maxima add up to 99 points" in refused.value.message
    cycle.open_year(assessment, by=hq_approver)
    with pytest.raises(TransitionRefused):
        cycle.update_rubric(assessment, {"dispatch_response_minutes": 10}, by=hq_approver, reason="late")
    assessment.refresh_from_db()
    assert assessment.dispatch_response_minutes == 45


def test_opening_computes_a_draft_per_branch_from_the_facts(opened, orgs, assessment, network_hospital):
    cards = {c.org_id: c for c in Scorecard.objects.filter(assessment=assessment)}
    assert set(cards) == {orgs.jilin.pk, orgs.shenzhen.pk}
    assert opened.state == "draft" and opened.version == 1
    assert opened.dispute_until == add_working_days(timezone.localdate(), assessment.dispute_working_days)
    items = {i.key: i for i in opened.computed_items()}
    assert items["hk"].points == 9  # no HK case
    assert items["depth"].parts[0].points == 0  # no training
    assert opened.total == sum(i.points for i in items.values())
    assert opened.hospitals[0]["name"] == network_hospital.name
    assert Event.objects.for_object(opened).filter(verb="opened").exists()


def test_a_year_opens_once(opened, assessment, hq_approver):
    with pytest.raises(StaleState):
        cycle.open_year(assessment, by=hq_approver)


# --- the branch's word --------------------------------------------------------------------------------------------
@pytest.mark.covers("scoring.scorecard", "dispute", "resolve")
def test_a_dispute_waits_for_hq_whose_answer_adjusts_the_item_and_returns_the_draft(
    opened, claims_head, hq_approver
):
    dispute = cycle.dispute_item(
        opened, item="depth", text="3月和9月两次闭卷考试培训未录入", by=claims_head, expected_state="draft"
    )
    opened.refresh_from_db()
    assert opened.state == "disputed" and dispute.status == "open"
    before = opened.total
    cycle.answer_dispute(dispute, upheld=True, answer="核实属实，补录培训", points=Decimal(5), by=hq_approver)
    opened.refresh_from_db()
    assert opened.state == "draft"
    assert opened.total == before + 5
    dispute.refresh_from_db()
    assert dispute.status == "upheld" and dispute.adjustments.get().points == 5


def test_the_card_waits_until_every_open_dispute_is_answered(opened, claims_head, review_head, hq_approver):
    first = cycle.dispute_item(opened, item="hk", text="a", by=claims_head, expected_state="draft")
    cycle.dispute_item(opened, item="network", text="b", by=review_head, expected_state="disputed")
    cycle.answer_dispute(first, upheld=False, answer="不属实", points=None, by=hq_approver)
    opened.refresh_from_db()
    assert opened.state == "disputed"


def test_a_second_answer_to_the_same_dispute_is_told_who_answered(
    opened, claims_head, hq_approver, make_user, orgs
):
    from organization.roles import Role

    other_hq = make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="hq2")
    dispute = cycle.dispute_item(opened, item="hk", text="a", by=claims_head, expected_state="draft")
    cycle.answer_dispute(dispute, upheld=False, answer="不属实", points=None, by=hq_approver)
    with translation.override("en"), pytest.raises(StaleState) as stale:
        cycle.answer_dispute(dispute, upheld=True, answer="属实", points=Decimal(2), by=other_hq)
    assert "answered this dispute already" in stale.value.message
    assert not opened.adjustments.exists()


def test_an_explanation_is_noted_without_waiting_for_hq(opened, review_head):
    cycle.explain(opened, item="customer_satisfaction", text="两名客户已出院联系不上", by=review_head)
    opened.refresh_from_db()
    assert opened.state == "draft"
    assert opened.disputes.get().status == Dispute.Status.NOTED


def test_the_branch_disputes_only_within_its_working_days(opened, claims_head):
    _past_window(opened)
    with pytest.raises(TransitionRefused):
        cycle.dispute_item(opened, item="hk", text="late", by=claims_head, expected_state="draft")
    assert not opened.disputes.exists()


def test_the_branch_manager_and_another_branch_may_not_dispute(opened, branch_manager, outsider):
    for person in (branch_manager, outsider):
        with pytest.raises(TransitionNotPermitted):
            cycle.dispute_item(opened, item="hk", text="x", by=person, expected_state="draft")


# --- HQ ----------------------------------------------------------------------------------------------------------
def test_hq_adjusts_with_reasons_within_the_items_bounds(opened, hq_approver, claims_head):
    cycle.adjust(opened, item="hk", points=Decimal(10), reason="香港项目补录", by=hq_approver)
    opened.refresh_from_db()
    hk = next(i for i in opened.computed_items() if i.key == "hk")
    # 9 + 10 is kept at the item's 15.
    assert opened.total == sum(i.points for i in opened.computed_items()) - hk.points + 15
    assert Event.objects.for_object(opened).filter(verb="adjusted", actor=hq_approver).exists()
    with pytest.raises(TransitionRefused):
        cycle.adjust(opened, item="hk", points=Decimal(2), reason="x", by=claims_head)


@pytest.mark.covers("scoring.scorecard", "finalise")
def test_hq_finalises_after_the_window_and_a_final_card_ignores_later_facts(
    opened, hq_approver, orgs, network_hospital
):
    with pytest.raises(TransitionRefused):
        cycle_finalise(opened, hq_approver)
    _past_window(opened)
    cycle_finalise(opened, hq_approver)
    opened.refresh_from_db()
    frozen = (opened.items, opened.total)
    assert opened.state == "final" and opened.finalised_by == hq_approver
    _training(orgs.jilin, network_hospital)
    _training(orgs.jilin, network_hospital, on=datetime.date(YEAR, 2, 1))
    assert cycle.recompute_drafts() == 1  # Shenzhen's draft only
    with pytest.raises(TransitionRefused):
        cycle.recompute(opened, by=hq_approver)
    with pytest.raises(StaleState):
        cycle.adjust(opened, item="hk", points=Decimal(1), reason="x", by=hq_approver)
    opened.refresh_from_db()
    assert (opened.items, opened.total) == frozen


def cycle_finalise(card, by):
    from workflow.services import perform_transition

    perform_transition(card, "finalise", by=by, expected_state=Scorecard.objects.get(pk=card.pk).state)


@pytest.mark.covers("scoring.scorecard", "confirm")
def test_once_the_branch_confirms_hq_may_finalise_at_once(opened, claims_head, hq_approver):
    from workflow.services import perform_transition

    perform_transition(opened, "confirm", by=claims_head, expected_state="draft")
    cycle_finalise(opened, hq_approver)
    opened.refresh_from_db()
    assert opened.state == "final" and opened.confirmed_by == claims_head


@pytest.mark.covers("scoring.scorecard", "reopen")
def test_reopening_keeps_the_final_version_and_counts_the_new_facts(
    opened, hq_approver, orgs, network_hospital
):
    _past_window(opened)
    cycle_finalise(opened, hq_approver)
    opened.refresh_from_db()
    final_total = opened.total
    _training(orgs.jilin, network_hospital)
    cycle.reopen(opened, reason="总公司复核：培训记录补录", by=hq_approver, expected_state="final")
    opened.refresh_from_db()
    assert opened.state == "draft" and opened.version == 2
    assert opened.total == final_total + 3
    kept = opened.versions.get()
    assert (kept.version, kept.total, kept.reason) == (1, final_total, "总公司复核：培训记录补录")
    assert opened.dispute_until >= timezone.localdate()


def test_a_dispute_starts_hqs_clock_and_the_answer_meets_it(opened, claims_head, hq_approver, orgs):
    from sla.models import Deadline

    dispute = cycle.dispute_item(opened, item="hk", text="a", by=claims_head, expected_state="draft")
    deadline = Deadline.objects.for_object(opened).get()
    assert deadline.org == orgs.hq and deadline.state == "open"
    cycle.answer_dispute(dispute, upheld=False, answer="不属实", points=None, by=hq_approver)
    deadline.refresh_from_db()
    assert deadline.state == "met"
