"""The pure rules of mediation (injury_claims.mediation, seed 001 p8, p20–22): who may mediate on a day, what a plan
must hold, and whether an agreement stays within the approved plan — every boundary decided in the module's doc."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import translation

from injury_claims.mediation import Authorisation, authorisation_problems, check_agreement, plan_problems

DAY = datetime.date(2026, 11, 24)
LABELS = {"medical": "Medical", "lost_earnings": "Lost earnings", "nursing": "Nursing"}
PLAN = {"medical": D("3000"), "lost_earnings": D("2000")}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def authorised(**overrides) -> Authorisation:
    values = {
        "has_role": True,
        "trained_on": datetime.date(2026, 3, 10),
        "authorised_by": "22",
        "valid_until": DAY,
    }
    values.update(overrides)
    return Authorisation(**values)


def test_the_authorisation_is_current_on_its_expiry_day_and_not_the_day_after():
    """p8: "需要得到省公司的培训和授权后方可开展调解工作" — valid until a day includes that day."""
    assert authorisation_problems(authorised(), DAY) == []
    (problem,) = authorisation_problems(authorised(), DAY + datetime.timedelta(days=1))
    assert "expired on 2026-11-24" in problem


def test_without_the_role_or_an_authorisation_nobody_mediates():
    assert "mediator role" in authorisation_problems(authorised(has_role=False), DAY)[0]
    problems = authorisation_problems(authorised(valid_until=None), DAY)
    assert problems == ["No mediator authorisation from the province is recorded for you."]
    assert authorisation_problems(authorised(authorised_by=""), DAY)


def test_training_day_is_the_first_day_of_mediating():
    assert authorisation_problems(authorised(trained_on=DAY), DAY) == []
    later = authorised(
        trained_on=DAY + datetime.timedelta(days=1), valid_until=DAY + datetime.timedelta(days=400)
    )
    assert "training is dated" in authorisation_problems(later, DAY)[0]


def test_a_plan_needs_an_item_and_a_total_within_the_sum_of_its_items():
    assert plan_problems({}, None, LABELS) == ["The plan needs at least one item with an amount."]
    assert plan_problems({"medical": D("0")}, D("1"), LABELS) == [
        "The plan needs at least one item with an amount."
    ]
    assert plan_problems(PLAN, D("5000"), LABELS) == []  # equal to the sum: allowed
    assert plan_problems(PLAN, D("4000"), LABELS) == []  # lower: the mediator aims below the items' maxima
    assert "above the sum of its items" in plan_problems(PLAN, D("5000.01"), LABELS)[0]
    assert plan_problems(PLAN, D("0"), LABELS) == ["The plan's total must be above zero."]
    assert plan_problems(PLAN, None, LABELS) == ["Enter the plan's total: the most you may agree in all."]
    assert "cannot be negative" in plan_problems({"medical": D("-1"), "nursing": D("5")}, D("5"), LABELS)[0]


def test_an_agreement_equal_to_the_plan_is_within_it():
    """p8 "方可在方案内进行调解": 在方案内 includes the plan's amounts, item by item and in total."""
    check = check_agreement(PLAN, D("5000"), {"medical": D("3000"), "lost_earnings": D("2000")}, LABELS)
    assert check.within and check.agreed_total == D("5000")
    assert all(line.within for line in check.lines)


def test_one_cent_above_an_item_is_outside_the_plan_even_when_the_total_is_within():
    check = check_agreement(PLAN, D("5000"), {"medical": D("3000.01"), "lost_earnings": D("1000")}, LABELS)
    assert not check.within
    assert check.problems == ["Medical: ¥3,000.01 is above the ¥3,000.00 of the approved plan."]
    assert [line.within for line in check.lines] == [False, True]


def test_one_cent_above_the_plans_total_is_outside_even_when_every_item_is_within():
    check = check_agreement(PLAN, D("4000"), {"medical": D("3000"), "lost_earnings": D("1000.01")}, LABELS)
    assert check.problems == ["The agreed total ¥4,000.01 is above the approved plan's total of ¥4,000.00."]
    assert check_agreement(PLAN, D("4000"), {"medical": D("3000"), "lost_earnings": D("1000")}, LABELS).within


def test_an_item_the_plan_does_not_hold_cannot_be_agreed():
    check = check_agreement(PLAN, D("5000"), {"medical": D("100"), "nursing": D("100")}, LABELS)
    assert check.problems == [
        "Nursing is not in the approved plan: revise the plan and have it approved first."
    ]


def test_an_empty_agreement_is_refused():
    assert check_agreement(PLAN, D("5000"), {}, LABELS).problems == [
        "The agreement needs at least one item with an amount."
    ]
