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


def test_decreasing_ceiling_is_refused_and_nothing_changes(orgs):
    set_authority_matrix(orgs.jilin, ReviewKind.COST, ceilings())
    bad = ceilings()
    bad[5] = Decimal("500")  # below level 4
    with pytest.raises(ValidationError) as exc:
        set_authority_matrix(orgs.jilin, ReviewKind.COST, bad)
    assert "5 级" in " ".join(exc.value.messages)  # zh-hans: "Level 5 … lower than level 4"
    assert AuthorityCeiling.objects.get(org=orgs.jilin, kind=ReviewKind.COST, level=5).ceiling == Decimal(
        "20000"
    )


@pytest.mark.parametrize("value", [Decimal("-0.01"), Decimal("1000000.01")])
def test_ceiling_outside_zero_to_one_million_is_refused(value):
    values = list(STEPS)
    values[-1] = value if value > 0 else values[-1]
    values[0] = value if value < 0 else values[0]
    with pytest.raises(ValidationError):
        validate_ceilings(ceilings(values))


def test_missing_level_is_refused():
    partial = ceilings()
    del partial[7]
    with pytest.raises(ValidationError) as exc:
        validate_ceilings(partial)
    assert "7" in " ".join(exc.value.messages)


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
