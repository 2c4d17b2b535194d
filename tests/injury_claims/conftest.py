"""Claims, persons and reviews made through the services, as the pages make them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from injury_claims.models import InjuryCategory
from injury_claims.services import claims as services
from organization.models import ReviewKind
from organization.roles import Role
from organization.services import set_authority_matrix

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
VALID_ID = "110101199003077555"  # check character computed by GB 11643 (tests/injury_claims/test_identity.py)


def photo(name: str = "bill.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, JPEG, content_type="image/jpeg")


def claim_data(org, handler, **overrides) -> dict:
    now = timezone.now()
    data = {
        "report_no": "RDAA2026220100000001",
        "channel": "95518",
        "reported_at": now - datetime.timedelta(minutes=10),
        "accident_at": now - datetime.timedelta(minutes=40),
        "province": "22",
        "city": "长春市",
        "district": "朝阳区",
        "address": "人民大街1000号",
        "plate": "吉A12345",
        "compulsory_policy_no": "PDZA202622010000000001",
        "third_party_sum_insured": Decimal("1000000"),
        "police_reminded": True,
        "police_handled": True,
        "liability": "main",
        "org": org,
        "handler": handler,
    }
    data.update(overrides)
    return data


def person_data(name: str = "张伟", category: str = "inpatient", **overrides) -> dict:
    data = {
        "name": name,
        "role": "third_outside",
        "category": InjuryCategory.objects.get(code=category),
        "estimate": Decimal("8000"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def follow_up_handler(orgs, make_user):
    return make_user(orgs.jilin, Role.INJURY_FOLLOW_UP, username="jl_follow")


@pytest.fixture
def reviewers(orgs, make_user):
    """Jilin's matrix: cost review level 1 up to 5,000, level 3 up to 20,000; follow-up review level 1 up to
    50,000. A low and a high cost reviewer."""
    set_authority_matrix(orgs.jilin, ReviewKind.COST, {1: Decimal("5000"), 3: Decimal("20000")})
    set_authority_matrix(orgs.jilin, ReviewKind.FOLLOW_UP, {1: Decimal("50000")})
    low = make_user(
        orgs.jilin, Role.MEDICAL_REVIEWER, username="rv_low", cost_review_level=1, follow_up_review_level=1
    )
    high = make_user(orgs.jilin, Role.MEDICAL_REVIEWER, username="rv_high", cost_review_level=3)
    return low, high


@pytest.fixture
def claim(orgs, follow_up_handler):
    return services.register_claim(
        claim_data(orgs.jilin, follow_up_handler),
        [person_data("张伟"), person_data("李娜", "outpatient_minor", estimate=Decimal("800"))],
        by=follow_up_handler,
    )
