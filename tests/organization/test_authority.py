from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from organization.models import AuthorityCeiling, ReviewKind
from organization.selectors import ceiling_for, reviewers_for
from organization.services import set_authority_matrix, validate_ceilings

STEPS = [Decimal(v) for v in (1000, 2000, 5000, 10000, 20000, 50000, 100000, 500000, 1000000)]


def ceilings(values=STEPS):
    return dict(enumerate(values, start=1))


def test_valid_matrix_is_saved_for_all_nine_levels(orgs):
    set_authority_matrix(orgs.jilin, ReviewKind.COST, ceilings())
    saved = list(
        AuthorityCeiling.objects.filter(org=orgs.jilin, kind=ReviewKind.COST).values_list("level", "ceiling")
    )
    assert saved == list(ceilings().items())


def test_seed_001_the_province_arranges_its_levels_gaps_and_order_included(orgs):
    """Seed 001: "各省分公司在0-100万元内自行安排1-9级跟踪/费用/调解审核权限" — levels may be unused and a ceiling
    need not be above the one below (issue 8, point 11)."""
    set_authority_matrix(orgs.jilin, ReviewKind.COST, ceilings())
    arranged = {2: Decimal("50000"), 5: Decimal("500"), 9: Decimal("1000000")}
    set_authority_matrix(orgs.jilin, ReviewKind.COST, arranged)
    saved = dict(
        AuthorityCeiling.objects.filter(org=orgs.jilin, kind=ReviewKind.COST).values_list("level", "ceiling")
    )
    assert saved == arranged


@pytest.mark.parametrize("value", [Decimal("-0.01"), Decimal("1000000.01")])
def test_ceiling_outside_zero_to_one_million_is_refused(value):
    values = list(STEPS)
    values[-1] = value if value > 0 else values[-1]
    values[0] = value if value < 0 else values[0]
    with pytest.raises(ValidationError):
        validate_ceilings(ceilings(values))


def test_an_unused_level_is_allowed_and_a_tenth_is_not():
    partial = ceilings()
    del partial[7]
    validate_ceilings(partial)
    with pytest.raises(ValidationError, match="10"):
        validate_ceilings(ceilings() | {10: Decimal(1)})


@pytest.mark.parametrize("value", [Decimal("0"), Decimal("1000000")])
def test_zero_and_one_million_are_inside_the_range(value):
    """ "0-100万元内": both ends included."""
    validate_ceilings({1: value})


def test_equal_ceilings_on_neighbouring_levels_are_allowed():
    validate_ceilings(ceilings([Decimal(1000)] * 9))


def test_matrix_belongs_to_secondary_orgs_only(orgs):
    with pytest.raises(ValidationError):
        set_authority_matrix(orgs.jilinshi, ReviewKind.COST, ceilings())


def test_ceiling_for_person_follows_their_level_and_branch(orgs, make_user):
    set_authority_matrix(orgs.jilin, ReviewKind.COST, ceilings())
    reviewer = make_user(orgs.jilinshi, cost_review_level=4)
    assert ceiling_for(reviewer, ReviewKind.COST) == Decimal("10000")
    assert ceiling_for(reviewer, ReviewKind.FOLLOW_UP) is None
    elsewhere = make_user(orgs.shenzhen, cost_review_level=4)
    assert ceiling_for(elsewhere, ReviewKind.COST) is None  # Shenzhen has no matrix


def test_who_may_review_an_amount(orgs, make_user):
    set_authority_matrix(orgs.jilin, ReviewKind.COST, ceilings())
    low = make_user(orgs.jilin, cost_review_level=2, username="low")
    mid = make_user(orgs.jilinshi, cost_review_level=4, username="mid")
    high = make_user(orgs.jilin, cost_review_level=9, username="high")
    make_user(orgs.jilin, cost_review_level=9, is_active=False, username="gone")
    make_user(orgs.shenzhen, cost_review_level=9, username="other_branch")
    make_user(orgs.jilin, username="no_level")
    assert list(reviewers_for(orgs.jilin, ReviewKind.COST, Decimal("2000"))) == [low, mid, high]
    assert list(reviewers_for(orgs.jilinshi, ReviewKind.COST, Decimal("10000"))) == [mid, high]
    assert list(reviewers_for(orgs.jilin, ReviewKind.COST, Decimal("10000.01"))) == [high]
    assert list(reviewers_for(orgs.jilin, ReviewKind.COST, Decimal("1000000.01"))) == []
    assert list(reviewers_for(orgs.jilin, ReviewKind.FOLLOW_UP, Decimal("1"))) == []


def test_ceiling_and_reviewers_with_unused_levels_and_a_lower_ceiling_above(orgs, make_user):
    """A province gives level 5 less than level 2 and leaves level 7 unused: the person's ceiling is their level's,
    an unused level covers nothing, and the reviewers of an amount are those whose own ceiling covers it."""
    set_authority_matrix(
        orgs.jilin, ReviewKind.COST, {2: Decimal("50000"), 5: Decimal("5000"), 9: Decimal("1000000")}
    )
    two = make_user(orgs.jilin, cost_review_level=2, username="two")
    five = make_user(orgs.jilin, cost_review_level=5, username="five")
    seven = make_user(orgs.jilin, cost_review_level=7, username="seven")
    nine = make_user(orgs.jilin, cost_review_level=9, username="nine")
    assert (ceiling_for(five, ReviewKind.COST), ceiling_for(seven, ReviewKind.COST)) == (
        Decimal("5000"),
        None,
    )
    assert list(reviewers_for(orgs.jilin, ReviewKind.COST, Decimal("5000"))) == [five, two, nine]
    assert list(reviewers_for(orgs.jilin, ReviewKind.COST, Decimal("5000.01"))) == [two, nine]
    assert list(reviewers_for(orgs.jilin, ReviewKind.COST, Decimal("50000.01"))) == [nine]
    assert seven not in reviewers_for(orgs.jilin, ReviewKind.COST, Decimal("0"))
