"""Races on green-channel bookings: two agents deciding the same booking under review at the same instant, one
accepting it and the other declining it."""

from __future__ import annotations

from functools import partial

import pytest
from django.urls import reverse
from django.utils import translation

from green_channel.models import Booking
from green_channel.services import bookings as services
from green_channel.workflows.booking import BookingState
from organization.roles import Role
from tests.conftest import english_client
from tests.green_channel.conftest import make_policy
from workflow.models import Event

from .harness import Pairs, Tally, is_translated, messages_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

STALE = "Someone else changed this record while you were looking at it (it is now “{}”)."
TARGETS = {"accept": BookingState.ACCEPTED, "decline": BookingState.DECLINED}
NOTES = {"accept": "资料齐全", "decline": "不在保障范围"}


def english(text) -> str:
    with translation.override("en"):
        return str(text)


def test_two_agents_accept_and_decline_the_same_booking(orgs, make_user):
    """One agent accepts the booking while another declines it: one decision stands with its own note; the other
    agent is sent back to the booking with the stale-state message."""
    assert is_translated(
        "Someone else changed this record while you were looking at it (it is now “%(state)s”). "
        "Reload the page and try again."
    )
    people = {
        who: make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username=f"gc_agent_{who}") for who in "ab"
    }
    clients = {who: english_client(user) for who, user in people.items()}
    bookings = []
    for n in range(100):
        policy = make_policy(orgs.jilin, "cancer-31-cities", number=f"GCP2024{n:06d}")
        service = policy.product.services.get(kind="expert_outpatient")
        bookings.append(services.new_booking(policy, service, by=people["a"], channel="phone", need="复查"))
    Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(state=BookingState.REVIEW)
    tally = Tally("green_channel: agent A accepts vs agent B declines the same booking")

    def decide(who: str, what: str, booking: Booking):
        url = reverse("green_channel:booking_act", args=[booking.pk, what])
        return clients[who].post(url, {"expected_state": "review", "note": NOTES[what]})

    with Pairs() as pairs:
        for n, booking in enumerate(bookings):
            does = {"a": "accept", "b": "decline"} if n % 2 else {"a": "decline", "b": "accept"}
            a, b = pairs.run(
                partial(decide, "a", does["a"], booking), partial(decide, "b", does["b"], booking)
            )
            tally.pairs += 1
            responses = {"a": a.result(), "b": b.result()}
            assert {r.status_code for r in responses.values()} == {302}
            told = {who: messages_of(r) for who, r in responses.items()}
            booking.refresh_from_db()
            winners = [who for who in "ab" if TARGETS[does[who]] == booking.state]
            assert len(winners) == 1, (booking.state, told)
            (winner,) = winners
            (loser,) = {"a", "b"} - {winner}
            assert told[loser] == [
                STALE.format(english(TARGETS[does[winner]].label)) + " Reload the page and try again."
            ], told
            tally.stale_messages += 1
            tally.win(does[winner])
            (event,) = Event.objects.for_object(booking).filter(from_state="review")
            if (event.actor_id, event.note) != (people[winner].pk, NOTES[does[winner]]):
                tally.lost_updates += 1
            assert (event.actor_id, event.note, event.to_state) == (
                people[winner].pk,
                NOTES[does[winner]],
                TARGETS[does[winner]],
            )
    tally.done()
