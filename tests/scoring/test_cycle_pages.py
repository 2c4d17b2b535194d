"""The cycle's pages: who reads and does what (HQ everything; the branch's responsible persons their own card; the
branch manager reads it; another branch, a sub-branch and other roles get 404), bad input changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring.models import Assessment, Scorecard
from scoring.services import cycle
from tests.conftest import client_for, english_client
from tests.scoring.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(assessment, hq_approver, orgs, network_hospital):
    cycle.open_year(assessment, by=hq_approver)
    return Scorecard.objects.get(assessment=assessment, org=orgs.jilin)


def url(card, name="scoring:scorecard", *args):
    return reverse(name, args=[card.pk, *args])


def test_readers_of_the_scorecard(
    card, hq_approver, claims_head, branch_manager, outsider, sub_head, adjuster, client
):
    for person, status in (
        (hq_approver, 200),
        (claims_head, 200),
        (branch_manager, 200),
        (outsider, 404),
        (sub_head, 404),
        (adjuster, 404),
    ):
        assert client_for(person).get(url(card)).status_code == status, person.username
    assert client.get(url(card)).status_code == 302
    assert client_for(claims_head).post(url(card)).status_code == 405


def test_the_page_shows_every_item_with_its_facts_and_the_branchs_forms(card, claims_head):
    page = english_client(claims_head).get(url(card)).content.decode()
    for key in ("network", "depth", "customer_satisfaction", "hospital_satisfaction", "hk"):
        assert f'data-testid="item-{key}"' in page
    assert "No Hong Kong project case in the year: 9 points." in page
    assert 'data-testid="note-form"' in page and 'data-testid="adjust-form"' not in page
    assert 'data-testid="action-confirm"' in page


def test_hq_sees_the_adjustment_form_and_no_branch_form(card, hq_approver):
    page = english_client(hq_approver).get(url(card)).content.decode()
    assert 'data-testid="adjust-form"' in page and 'data-testid="note-form"' not in page
    assert 'data-testid="recompute"' in page


def test_the_scorecard_page_costs_a_constant_number_of_queries(
    card, hq_approver, claims_head, django_assert_max_num_queries
):
    for n in range(4):
        cycle.explain(card, item="hk", text=f"说明{n}", by=claims_head)
        cycle.adjust(card, item="network", points=Decimal(1), reason=f"r{n}", by=hq_approver)
    client = client_for(hq_approver)
    with django_assert_max_num_queries(30):
        assert client.get(url(card)).status_code == 200


def test_the_branch_disputes_from_the_page(card, claims_head, hq_approver):
    response = client_for(claims_head).post(
        url(card, "scoring:note"),
        {"expected_state": "draft", "item": "depth", "kind": "dispute", "text": "培训未计入"},
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.state == "disputed"
    dispute = card.disputes.get()
    response = client_for(hq_approver).post(
        reverse("scoring:answer", args=[dispute.pk]), {"upheld": "1", "points": "3", "answer": "属实"}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.state == "draft" and card.adjustments.get().points == 3


def test_a_note_without_text_or_item_changes_nothing(card, claims_head):
    response = english_client(claims_head).post(
        url(card, "scoring:note"), {"expected_state": "draft", "kind": "dispute"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the item you write about." in page
    assert "Write the explanation: which facts are missing or wrong, and why." in page
    card.refresh_from_db()
    assert card.state == "draft" and not card.disputes.exists()


def test_a_dispute_on_a_stale_page_is_told_the_card_moved_on(card, claims_head, review_head):
    cycle.dispute_item(card, item="hk", text="a", by=review_head, expected_state="draft")
    Scorecard.objects.filter(pk=card.pk).update(state="confirmed")
    response = english_client(claims_head).post(
        url(card, "scoring:note"), {"expected_state": "draft", "item": "hk", "kind": "dispute", "text": "b"}
    )
    assert response.status_code == 200
    assert "Someone else changed this record while you were looking at it" in response.content.decode()
    assert card.disputes.count() == 1


def test_who_may_post_what(card, claims_head, branch_manager, hq_approver, outsider):
    note = {"expected_state": "draft", "item": "hk", "kind": "explanation", "text": "x"}
    assert client_for(branch_manager).post(url(card, "scoring:note"), note).status_code == 403
    assert client_for(hq_approver).post(url(card, "scoring:note"), note).status_code == 403
    assert client_for(outsider).post(url(card, "scoring:note"), note).status_code == 404
    adjust = {"item": "hk", "points": "1", "reason": "x"}
    assert client_for(claims_head).post(url(card, "scoring:adjust"), adjust).status_code == 403
    assert client_for(outsider).post(url(card, "scoring:adjust"), adjust).status_code == 404
    assert client_for(claims_head).post(url(card, "scoring:recompute")).status_code == 403
    assert (
        client_for(claims_head)
        .post(url(card, "scoring:scorecard_act", "finalise"), {"expected_state": "draft"})
        .status_code
        == 403
    )
    assert (
        client_for(claims_head)
        .post(url(card, "scoring:scorecard_act", "reopen"), {"expected_state": "draft", "note": "x"})
        .status_code
        == 403
    )
    assert client_for(hq_approver).post(url(card, "scoring:scorecard_act", "nothing"), {}).status_code == 404
    assert not card.adjustments.exists() and not card.disputes.exists()


def test_an_adjustment_of_0_or_without_reasons_is_refused(card, hq_approver):
    response = english_client(hq_approver).post(
        url(card, "scoring:adjust"), {"item": "hk", "points": "0", "reason": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "An adjustment changes the points: enter a number other than 0." in page
    assert "Give the reasons: every adjustment is audited." in page
    assert not card.adjustments.exists()


def test_finalising_too_early_is_explained_on_the_page(card, hq_approver):
    response = english_client(hq_approver).post(
        url(card, "scoring:scorecard_act", "finalise"), {"expected_state": "draft"}
    )
    assert response.status_code == 200
    assert "The branch may dispute until" in response.content.decode()
    card.refresh_from_db()
    assert card.state == "draft"


def test_reopen_needs_reasons_and_keeps_the_version(card, hq_approver):
    Scorecard.objects.filter(pk=card.pk).update(
        state="final", dispute_until=timezone.localdate() - datetime.timedelta(days=3)
    )
    client = english_client(hq_approver)
    response = client.post(
        url(card, "scoring:scorecard_act", "reopen"), {"expected_state": "final", "note": ""}
    )
    assert response.status_code == 200 and "Give the reasons" in response.content.decode()
    response = client.post(
        url(card, "scoring:scorecard_act", "reopen"), {"expected_state": "final", "note": "复核"}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.version == 2
    assert client.get(reverse("scoring:version", args=[card.pk, 1])).status_code == 200
    assert client.get(reverse("scoring:version", args=[card.pk, 2])).status_code == 404


def test_years_list_for_hq_and_branch(
    card, hq_approver, claims_head, outsider, adjuster, django_assert_max_num_queries
):
    Assessment.objects.create(year=YEAR - 1)
    client = client_for(hq_approver)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("scoring:years")).content.decode()
    assert f'data-testid="year-{YEAR - 1}"' in page and 'data-testid="new-year"' in page
    page = client_for(claims_head).get(reverse("scoring:years")).content.decode()
    assert f'data-testid="own-card-{YEAR}"' in page and 'data-testid="new-year"' not in page
    assert client_for(adjuster).get(reverse("scoring:years")).status_code == 404
    assert client_for(claims_head).post(reverse("scoring:years"), {"year": YEAR + 1}).status_code == 404


def test_hq_prepares_a_year_and_bad_years_are_refused(hq_approver, db, orgs):
    client = english_client(hq_approver)
    assert client.post(reverse("scoring:years"), {"year": YEAR}).status_code == 302
    response = client.post(reverse("scoring:years"), {"year": YEAR})
    assert response.status_code == 200 and "exists already" in response.content.decode()
    response = client.post(reverse("scoring:years"), {"year": "20x6"})
    assert "Enter the year as four digits" in response.content.decode()
    response = client.post(reverse("scoring:years"), {"year": YEAR + 5})
    assert "at most one year ahead" in response.content.decode()
    assert Assessment.objects.count() == 1


def test_the_year_page_and_the_rubric_form(assessment, hq_approver, claims_head, outsider, adjuster):
    client = english_client(hq_approver)
    page = client.get(reverse("scoring:year", args=[YEAR])).content.decode()
    assert 'data-testid="open-year"' in page and 'data-testid="edit-rubric"' in page
    assert client_for(claims_head).get(reverse("scoring:year", args=[YEAR])).status_code == 200
    assert client_for(adjuster).get(reverse("scoring:year", args=[YEAR])).status_code == 404
    assert client_for(claims_head).get(reverse("scoring:rubric", args=[YEAR])).status_code == 404
    form = client.get(reverse("scoring:rubric", args=[YEAR])).context["form"]
    data = {name: form.initial[name] for name in form.Meta.fields}
    response = client.post(
        reverse("scoring:rubric", args=[YEAR]), {**data, "hk_points_max": "14", "reason": "试"}
    )
    assert response.status_code == 200 and "The maxima add up to 99 points" in response.content.decode()
    response = client.post(
        reverse("scoring:rubric", args=[YEAR]), {**data, "dispatch_response_minutes": "20", "reason": "放宽"}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.dispatch_response_minutes == 20
    assert client.post(reverse("scoring:open_year", args=[YEAR])).status_code == 302
    assert Scorecard.objects.filter(assessment=assessment).count() == 2
    assert client_for(claims_head).post(reverse("scoring:open_year", args=[YEAR + 1])).status_code == 404
