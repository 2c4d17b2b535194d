"""Scoring fixtures: an assessment year (the seed's rubric), the two branches' assessed persons, and a Jilin
network with one cooperating hospital in the network and an inpatient treated there."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from organization.roles import Role
from scoring.models import Assessment
from tests.hospitals.conftest import in_network, make_hospital

YEAR = timezone.localdate().year


@pytest.fixture
def assessment(db) -> Assessment:
    return Assessment.objects.create(year=YEAR)


@pytest.fixture
def review_head(orgs, make_user):
    """The Jilin medical-review room head: the second responsible person (assessed)."""
    return make_user(orgs.jilin, Role.MEDICAL_REVIEW_HEAD, username="jl_review_head")


@pytest.fixture
def sub_head(orgs, make_user):
    """A claims head of the Jilin sub-branch: not the branch's responsible person for the assessment."""
    return make_user(orgs.jilinshi, Role.BRANCH_CLAIMS_HEAD, username="jls_head")


@pytest.fixture
def network_hospital(orgs):
    """A Jilin hospital in the network since two years ago."""
    from hospitals.models import Cooperation

    hospital = make_hospital(orgs.jilin, name="吉林大学第一医院", city="长春市")
    cooperation = Cooperation.objects.create(hospital=hospital, org=orgs.jilin)
    in_network(cooperation, start=datetime.date(YEAR - 2, 1, 1), end=datetime.date(YEAR + 1, 12, 31))
    return hospital


_claims = iter(range(1, 10**6))


def make_inpatient(org, hospital, handler, *, name="张伟", year=YEAR, mobile="13800001111", inpatient=True):
    """An injured person treated at ``hospital`` (as an inpatient unless told) after an accident in ``year``."""
    from decimal import Decimal

    from injury_claims.models import Claim, InjuredPerson, InjuryCategory

    n = next(_claims)
    accident = timezone.make_aware(datetime.datetime(year, 3, 1, 9, 0)) + datetime.timedelta(hours=n)
    claim = Claim.objects.create(
        report_no=f"RDSC{year}2201{n:08d}",
        channel="95518",
        reported_at=accident,
        accident_at=accident,
        province="22",
        city="长春市",
        address="人民大街1000号",
        plate="吉A12345",
        compulsory_policy_no=f"PDZA{n:010d}",
        org=org,
        handler=handler,
    )
    return InjuredPerson.objects.create(
        claim=claim,
        org=org,
        handler=handler,
        name=name,
        role="third_outside",
        category=InjuryCategory.objects.get(code="inpatient"),
        hospital=hospital,
        inpatient=inpatient,
        mobile=mobile,
        estimate=Decimal("8000"),
    )


@pytest.fixture
def follow_up(orgs, make_user):
    return make_user(orgs.jilin, Role.INJURY_FOLLOW_UP, username="jl_follow")
