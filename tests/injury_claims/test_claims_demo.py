"""The demo claims keep the issue's promises (issue 9 point 11), checked on a small count: the default count is a
constant (about 200 claims), and seeding 200 claims takes ~30 s under the test settings."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone

from hospitals.demo import seed_demo_network
from hospitals.models import Cooperation
from injury_claims import claims_demo
from injury_claims.claims_demo import seed_demo_claims
from injury_claims.models import Bill, Claim, FollowUp, InjuredPerson, Review
from injury_claims.workflows.person import PersonState
from injury_claims.workflows.review import ReviewState
from organization.demo import seed_demo_organisation
from sla.models import Deadline, Delivery, Reminder
from workflow.models import Event

BRANCHES = ("jilin", "shenzhen", "sichuan")


def test_the_default_is_about_two_hundred_claims_and_the_first_round_has_every_state():
    assert 190 <= claims_demo.CLAIMS_PER_BRANCH * len(BRANCHES) <= 210
    assert set(claims_demo.LEADS[: len(PersonState)]) == set(PersonState.values)


def test_demo_claims_are_what_real_work_leaves_and_are_loaded_once(db):
    seed_demo_organisation()
    seed_demo_network()
    before = timezone.now()
    assert seed_demo_claims(per_branch=len(PersonState)) == {"demo claims": 3 * len(PersonState)}
    counts = (Claim.objects.count(), InjuredPerson.objects.count(), Event.objects.count())
    assert seed_demo_claims() == {"demo claims": counts[0]}  # loaded once
    assert (Claim.objects.count(), InjuredPerson.objects.count(), Event.objects.count()) == counts

    persons = Claim.objects.annotate(n=Count("persons")).values_list("n", flat=True)
    assert set(persons) <= {1, 2, 3, 4}
    today = timezone.localdate()
    for code in BRANCHES:
        mine = InjuredPerson.objects.filter(claim__org__code__startswith=code)
        assert set(mine.values_list("state", flat=True)) == set(PersonState.values), code
        handler = f"{code}_injury_follow_up"
        due = Reminder.objects.filter(recipient__username=handler, due_on=today, state="scheduled")
        assert due.filter(object_id__in=mine.values("pk")).exists(), (
            code
        )  # an appointment today, booked before
        assert FollowUp.objects.filter(person__in=mine, next_on=today, submitted_at__lt=before).exists()
    assert set(Review.objects.values_list("state", flat=True)) == set(ReviewState.values)
    assert Review.objects.filter(kind="cost", state="approved").exists()
    assert Review.objects.filter(kind="cost", state="pending").exists()
    # hospitals of the registry, in the network and not
    network = Cooperation.objects.in_network_on(today).values("hospital_id")
    assert InjuredPerson.objects.filter(hospital_id__in=network).exists()
    assert InjuredPerson.objects.exclude(hospital_id__in=network).exists()
    # bills with their lines and their scan, for every person who reached cost review
    assert Bill.objects.exists() and not Bill.objects.filter(lines__isnull=True).exists()
    done = InjuredPerson.objects.filter(state__in=["cost_review", "costs_approved"])
    assert not done.filter(bills__isnull=True).exists()
    assert all(bill.scan.file.read(8) == b"\x89PNG\r\n\x1a\n" for bill in Bill.objects.select_related("scan"))
    # the past is dated in the past: reports up to four months back, each step after the one before
    assert Claim.objects.filter(reported_at__lt=before - datetime.timedelta(days=20)).exists()
    assert not Event.objects.filter(created_at__gt=before).exists()
    stamps = list(Event.objects.order_by("pk").values_list("created_at", flat=True))
    assert stamps == sorted(stamps)
    for claim in Claim.objects.all():
        assert claim.created_at >= claim.reported_at > claim.accident_at
    # the survey clocks ran from the report: met on time mostly, still running only on today's reports
    met = Deadline.objects.filter(content_type__model="survey", state=Deadline.State.MET)
    assert met.exists() and all(d.met_at >= d.started_at for d in met)
    running = Deadline.objects.filter(content_type__model="survey", state__in=Deadline.RUNNING)
    assert all(d.started_at > before - datetime.timedelta(days=2) for d in running)
    # their e-mails and SMS went out back then: the worker has none of them to send when the demo starts
    sent = Delivery.objects.filter(notification__kind__startswith="injury_claims.")
    assert sent.exists() and not sent.exclude(status=Delivery.Status.SENT).exists()


def test_demo_fast_tracks_wait_for_a_confirmation_a_scan_or_are_checked_and_load_once(db):
    from injury_claims.fast_track_demo import seed_demo_fast_tracks
    from injury_claims.models import FastTrack, Settlement

    seed_demo_organisation()
    seed_demo_network()
    seed_demo_claims(per_branch=len(PersonState))
    made = seed_demo_fast_tracks()["demo fast tracks"]
    assert made == 3 * len(BRANCHES)
    assert seed_demo_fast_tracks() == {"demo fast tracks": 0}
    for code in BRANCHES:
        mine = FastTrack.objects.filter(org__code__startswith=code)
        assert sorted(mine.values_list("state", flat=True)) == ["agreed", "checked", "proposed"], code
        assert mine.get(state="proposed").needs_confirmation
        checked = mine.get(state="checked")
        assert Settlement.objects.get(person=checked.person).agreed_kind == "fast_track"
