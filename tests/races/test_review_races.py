"""Races on medical reviews (injury_claims): two reviewers deciding the same follow-up review at the same instant."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

import pytest
from django.urls import reverse

from injury_claims.models import Review
from injury_claims.services import claims as claim_services
from organization.models import ReviewKind
from organization.roles import Role
from organization.services import set_authority_matrix
from tests.conftest import english_client
from tests.injury_claims.conftest import claim_data, person_data
from workflow.models import Event

from .harness import Pairs, Tally, is_translated, messages_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

STALE = "Someone else changed this record while you were looking at it (it is now “{}”)."
STALE_MSGID = (
    "Someone else changed this record while you were looking at it (it is now “%(state)s”). "
    "Reload the page and try again."
)
DECISIONS = {"approve": ("approved", "Approved", ""), "return": ("returned", "Returned", "缺少诊断证明")}


def test_two_reviewers_decide_the_same_review(orgs, make_user):
    """One reviewer approves while another returns the same follow-up review: one decision stands with its own
    reviewer and reasons; the other reviewer is sent back to the review with the stale-state message."""
    assert is_translated(STALE_MSGID)
    set_authority_matrix(orgs.jilin, ReviewKind.FOLLOW_UP, {1: Decimal("50000")})
    handler = make_user(orgs.jilin, Role.INJURY_FOLLOW_UP, username="jl_follow")
    people = {
        "a": make_user(orgs.jilin, Role.MEDICAL_REVIEWER, username="rv_a", follow_up_review_level=1),
        "b": make_user(orgs.jilin, Role.MEDICAL_REVIEWER, username="rv_b", follow_up_review_level=1),
    }
    clients = {who: english_client(user) for who, user in people.items()}
    claim = claim_services.register_claim(claim_data(orgs.jilin, handler), [person_data("张伟")], by=handler)
    person = claim.persons.get()
    reviews = Review.objects.bulk_create(
        Review(
            person=person,
            kind=ReviewKind.FOLLOW_UP,
            org=orgs.jilin,
            amount=Decimal("8000"),
            submitted_by=handler,
        )
        for _ in range(150)
    )
    tally = Tally("injury_claims: reviewer A approves vs reviewer B returns the same review")

    def decide(who: str, what: str, review: Review):
        action = "approve" if what == "approve" else "return_for_changes"
        url = reverse("injury_claims:review_step", args=[review.pk, action])
        return clients[who].post(url, {"expected_state": "pending", "note": DECISIONS[what][2]})

    with Pairs() as pairs:
        for n, review in enumerate(reviews):
            does = {"a": "approve", "b": "return"} if n % 2 else {"a": "return", "b": "approve"}
            a, b = pairs.run(partial(decide, "a", does["a"], review), partial(decide, "b", does["b"], review))
            tally.pairs += 1
            responses = {"a": a.result(), "b": b.result()}
            assert {r.status_code for r in responses.values()} == {302}
            winners = [w for w, r in responses.items() if r["Location"] == reverse("injury_claims:reviews")]
            assert len(winners) == 1, [r["Location"] for r in responses.values()]
            (winner,) = winners
            (loser,) = {"a", "b"} - {winner}
            state, label, reasons = DECISIONS[does[winner]]
            assert responses[loser]["Location"] == review.get_absolute_url()
            assert messages_of(responses[loser]) == [
                STALE.format(label) + " Reload the page and try again."
            ], messages_of(responses[loser])
            tally.stale_messages += 1
            tally.win(f"{does[winner]}")
            review.refresh_from_db()
            decided = (review.state, review.decided_by_id, review.reasons)
            if decided != (state, people[winner].pk, reasons):
                tally.lost_updates += 1
            assert decided == (state, people[winner].pk, reasons)
            assert Event.objects.for_object(review).filter(from_state="pending").count() == 1
    tally.done()
