"""Races on the annual scorecard: the branch's two responsible persons act on the same draft card at the same
instant, one confirming it and the other disputing an item."""

from __future__ import annotations

from functools import partial

import pytest
from django.urls import reverse
from django.utils import translation

from scoring.models import Dispute, Scorecard
from scoring.services import cycle
from tests.conftest import english_client
from tests.scoring.conftest import assessment, network_hospital, review_head  # noqa: F401 (fixtures)
from workflow.models import Event

from .harness import Pairs, Tally

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

STALE = "Someone else changed this record while you were looking at it (it is now “{}”)."
STATES = {"confirm": "confirmed", "dispute": "disputed"}


def test_the_branch_confirms_and_disputes_the_same_card_at_once(
    orgs,
    claims_head,
    review_head,  # noqa: F811 (the fixture imported above)
    hq_approver,
    assessment,  # noqa: F811
    network_hospital,  # noqa: F811
):
    """The claims head confirms the card while the medical-review head disputes an item of it. Either the card is
    confirmed and the dispute is refused, or the dispute is recorded (once) and the confirmation is refused; the
    one refused sees the card again with the stale-state message."""
    cycle.open_year(assessment, by=hq_approver)
    card = Scorecard.objects.get(assessment=assessment, org=orgs.jilin)
    clients = {"confirm": english_client(claims_head), "dispute": english_client(review_head)}
    people = {"confirm": claims_head, "dispute": review_head}
    posts = {
        "confirm": (reverse("scoring:scorecard_act", args=[card.pk, "confirm"]), {"expected_state": "draft"}),
        "dispute": (
            reverse("scoring:note", args=[card.pk]),
            {"expected_state": "draft", "item": "hk", "kind": "dispute", "text": "培训未计入"},
        ),
    }
    with translation.override("en"):
        labels = {what: str(Scorecard.State(state).label) for what, state in STATES.items()}
    tally = Tally("scoring: the branch confirms vs disputes the same scorecard")
    with Pairs() as pairs:
        for n in range(60):
            # A fresh draft for each pair: the card back to draft, with no dispute.
            Dispute.objects.filter(scorecard=card).delete()
            Scorecard.objects.filter(pk=card.pk).update(state="draft", confirmed_by=None, confirmed_at=None)
            since = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            order = ("confirm", "dispute") if n % 2 else ("dispute", "confirm")
            a, b = pairs.run(*(partial(clients[w].post, posts[w][0], posts[w][1]) for w in order))
            tally.pairs += 1
            responses = dict(zip(order, (a.result(), b.result()), strict=True))
            card.refresh_from_db()
            winners = [w for w in STATES if STATES[w] == card.state]
            assert len(winners) == 1, card.state
            (winner,) = winners
            (loser,) = set(STATES) - {winner}
            assert responses[winner].status_code == 302
            assert responses[loser].status_code == 200
            assert STALE.format(labels[winner]) in responses[loser].content.decode()
            tally.stale_messages += 1
            tally.win(winner)
            (event,) = Event.objects.filter(pk__gt=since, object_id=card.pk, from_state="draft")
            disputes = card.disputes.count()
            applied = (event.actor_id, event.to_state, disputes)
            expected = (people[winner].pk, STATES[winner], 1 if winner == "dispute" else 0)
            if applied != expected:
                tally.lost_updates += 1
            assert applied == expected
    tally.done()
