"""Issue 9 point 9: red flags on the person page and in reviews — the same ID number or mobile in another claim
within 2 years, a treating hospital outside the network when a cooperating one was near, an estimate that jumped
by more than a set share between submissions. The thresholds are administered data (RedFlagThresholds)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from hospitals.models import Cooperation
from injury_claims import red_flags as rf
from injury_claims.models import RedFlagThresholds
from injury_claims.services import claims as services
from tests.conftest import client_for
from tests.hospitals.conftest import in_network, make_hospital

from .conftest import VALID_ID, claim_data, person_data
from .test_claims import _first

TODAY = datetime.date(2026, 11, 24)
HALF = rf.Thresholds(lookback_days=730, estimate_jump_share=Decimal("0.50"))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- the rule, over plain facts -----------------------------------------------------------------------------
def test_an_estimate_rising_by_exactly_the_share_is_not_flagged_and_more_is():
    """超过 (more than) the share: 8,000 → 12,000 is exactly half more, 8,000 → 12,000.01 is more."""
    assert rf.red_flags(rf.Facts(today=TODAY, estimates=[(Decimal("8000"), Decimal("12000"))]), HALF) == []
    [flag] = rf.red_flags(rf.Facts(today=TODAY, estimates=[(Decimal("8000"), Decimal("12000.01"))]), HALF)
    assert "8,000.00" in flag and "12,000.01" in flag and "50%" in flag
    assert rf.red_flags(rf.Facts(today=TODAY, estimates=[(Decimal("0"), Decimal("50000"))]), HALF) == []


def test_the_same_identity_counts_within_the_look_back_window_inclusive():
    """Within 2 years (以内 includes the day): 730 days ago is flagged, 731 is not."""
    inside = rf.OtherClaim("R-OLD", TODAY - datetime.timedelta(days=730))
    outside = rf.OtherClaim("R-OLDER", TODAY - datetime.timedelta(days=731))
    flags = rf.red_flags(rf.Facts(today=TODAY, same_identity=[inside, outside]), HALF)
    assert len(flags) == 1 and "R-OLD " in flags[0]


def test_a_hospital_outside_the_network_is_flagged_only_when_a_network_one_is_in_the_city():
    outside = rf.Facts(
        today=TODAY,
        hospital="某民营医院",
        hospital_in_network=False,
        city="长春市",
        network_nearby=["吉大一院"],
    )
    [flag] = rf.red_flags(outside, HALF)
    assert "某民营医院" in flag and "长春市" in flag and "吉大一院" in flag
    assert rf.red_flags(rf.Facts(**{**outside.__dict__, "network_nearby": []}), HALF) == []
    assert rf.red_flags(rf.Facts(**{**outside.__dict__, "hospital_in_network": True}), HALF) == []


# --- gathered from the database, shown on the pages -----------------------------------------------------------
@pytest.mark.django_db
def test_the_person_page_and_the_review_show_the_flags(orgs, follow_up_handler):
    network = in_network(Cooperation.objects.create(hospital=make_hospital(orgs.jilin), org=orgs.jilin))
    outside = make_hospital(orgs.jilin, name="长春某民营医院", nature="private", grade="2B")
    earlier = services.register_claim(
        claim_data(orgs.jilin, follow_up_handler, report_no="RDAA2026220100000009"),
        [person_data("张伟", id_number=VALID_ID)],
        by=follow_up_handler,
    )
    claim = services.register_claim(
        claim_data(orgs.jilin, follow_up_handler),
        [person_data("张伟", id_number=VALID_ID, hospital=outside, estimate=Decimal("8000"))],
        by=follow_up_handler,
    )
    person = claim.persons.get()
    follow_up = _first(person, follow_up_handler, outcome="visit", estimate=Decimal("20000"))
    client = client_for(follow_up_handler)
    text = client.get(reverse("injury_claims:person", args=[person.pk])).content.decode()
    assert 'data-testid="red-flags"' in text
    assert earlier.report_no in text
    assert "长春某民营医院" in text and network.hospital.name in text
    review = (
        follow_up.reviews.get() if hasattr(follow_up, "reviews") else person.reviews.get(kind="follow_up")
    )
    review_page = client.get(reverse("injury_claims:review", args=[review.pk])).content.decode()
    assert 'data-testid="red-flags"' in review_page


@pytest.mark.django_db
def test_the_thresholds_in_force_decide(orgs, follow_up_handler):
    """HQ raises the share to 200% from today: the same rise is no longer flagged."""
    from django.utils import timezone

    from injury_claims.selectors.claims import red_flags

    claim = services.register_claim(
        claim_data(orgs.jilin, follow_up_handler),
        [person_data(estimate=Decimal("8000"))],
        by=follow_up_handler,
    )
    person = claim.persons.get()
    _first(person, follow_up_handler, outcome="visit", estimate=Decimal("20000"))
    assert any("rose" in flag for flag in red_flags(person))
    RedFlagThresholds.objects.create(
        effective_from=timezone.localdate(), lookback_days=730, estimate_jump_share=Decimal("2.00")
    )
    assert not any("rose" in flag for flag in red_flags(person))
