"""The fast-track standard (seed 001 p12–18), every band and every boundary. Boundary decisions: 以内, 以下 and 以上
include their figure; where the facts meet both a 以下 and a 以上 description (exactly 10 cm, 20 cm², 7 days) the
higher band is proposed (injury_claims/fast_track.py, README "Fast track")."""

from dataclasses import replace
from decimal import Decimal as D

import pytest
from django.utils import translation

from injury_claims.fast_track import (
    ADVICE_FURTHER_TREATMENT,
    ADVICE_MINOR_SURGERY,
    ADVICE_NONE,
    ADVICE_OBSERVATION,
    HEAVIER,
    INCURRED,
    NO_COST,
    SLIGHT,
    Facts,
    Standard,
    agreement_problems,
    propose,
)

STANDARD = Standard(
    no_cost_ceilings=(D("500"), D("1000"), D("2000")),
    incurred_ceilings=(D("200"), D("1000"), D("2000")),
    cut_cm=D("10"),
    bruise_cm2=D("20"),
    rest_days=7,
    no_review_limit=D("1000"),
    confirmation_limit=D("2000"),
    not_liable_medical_cap=D("1000"),
)
ELIGIBLE = Facts(
    police_handled=True,
    liability_clear=True,
    causation=True,
    both_present=True,
    both_agree=True,
    injury_minor=True,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def on_spot(**kw) -> Facts:
    return replace(ELIGIBLE, outpatient_visits=0, **kw)


def after_visit(cost="150", **kw) -> Facts:
    return replace(ELIGIBLE, **{"outpatient_visits": 1, "medical_cost": D(cost), **kw})


# --- p13: "交通事故经交警处理，责任明确，事故与伤情的因果关系成立；当事人双方均在现场，同意快速协商处理…；伤者自行判断损伤轻微" --
@pytest.mark.parametrize(
    "missing, words",
    [
        ("police_handled", "traffic police"),
        ("liability_clear", "liability is not clear"),
        ("causation", "caused by the accident"),
        ("both_present", "Both parties must be present"),
        ("both_agree", "Both parties must agree"),
        ("injury_minor", "does not judge the injury minor"),
    ],
)
def test_each_condition_of_p13_is_required_and_named(missing, words):
    proposal = propose(replace(on_spot(), **{missing: False}), STANDARD)
    assert not proposal.eligible and proposal.ceiling is None
    assert any(words in reason for reason in proposal.reasons)


def test_every_failed_condition_is_listed_at_once():
    assert len(propose(Facts(), STANDARD).reasons) == 6


def test_more_than_one_outpatient_visit_is_not_a_fast_track_case():
    """p13: "…或经过一次门诊检查治疗后，双方同意快速协商处理"."""
    proposal = propose(after_visit(outpatient_visits=2), STANDARD)
    assert not proposal.eligible and "at most one" in proposal.reasons[0]


# --- p16: without medical cost ---------------------------------------------------------------------------------
def test_500_no_visible_sign_only_discomfort():
    """p16: "500元以内 无明显损伤体征，仅口述损伤部位不适"."""
    proposal = propose(on_spot(visible_sign=False), STANDARD)
    assert (proposal.basis, proposal.level, proposal.ceiling) == (NO_COST, 1, D("500"))
    assert proposal.medical_cap == 0 and not proposal.needs_confirmation


@pytest.mark.parametrize(
    "cut, bruise, level",
    [
        ("9.9", None, 2),  # "划伤在10cm以下"
        ("10", None, 3),  # exactly 10 cm: both 以下 and 以上 — the higher band
        ("10.1", None, 3),  # "划伤在10cm以上"
        (None, "19.9", 2),  # "淤血、擦伤和挫伤在20cm²以下"
        (None, "20", 3),  # exactly 20 cm²: the higher band
        (None, "20.5", 3),
        ("3", "19.99", 2),
        ("3", "25", 3),  # one heavier measure is enough
    ],
)
def test_1000_and_2000_by_the_size_of_the_visible_injury(cut, bruise, level):
    """p16: "1000元以内 有损伤体征，但损伤轻微，如划伤在10cm以下，淤血、擦伤和挫伤在20cm²以下；2000元以内 有损伤体征，但损伤稍重，
    如划伤在10cm以上，淤血、擦伤和挫伤在20cm²以上"."""
    facts = on_spot(
        visible_sign=True, cut_cm=D(cut) if cut else None, bruise_cm2=D(bruise) if bruise else None
    )
    proposal = propose(facts, STANDARD)
    assert proposal.level == level
    assert proposal.ceiling == {2: D("1000"), 3: D("2000")}[level]


def test_a_visible_injury_without_measures_takes_the_adjusters_judgement():
    assert propose(on_spot(visible_sign=True, severity=SLIGHT), STANDARD).ceiling == D("1000")
    assert propose(on_spot(visible_sign=True, severity=HEAVIER), STANDARD).ceiling == D("2000")
    undecided = propose(on_spot(visible_sign=True), STANDARD)
    assert not undecided.eligible and "measure the cut" in undecided.reasons[0]


# --- p14: after one outpatient visit ---------------------------------------------------------------------------
def test_200_no_positive_finding_and_no_advice():
    """p14: "200元以内 检查报告无阳性体征，病历无后续治疗或休息等医嘱"."""
    proposal = propose(after_visit(positive_finding=False, advice=ADVICE_NONE), STANDARD)
    assert (proposal.basis, proposal.level, proposal.ceiling) == (INCURRED, 1, D("200"))


@pytest.mark.parametrize(
    "advice, rest, level",
    [
        (ADVICE_FURTHER_TREATMENT, 0, 2),  # "明确需要后续治疗"
        (ADVICE_NONE, 1, 2),
        (ADVICE_NONE, 6, 2),  # "全休7天以下"
        (ADVICE_NONE, 7, 3),  # exactly 7 days: both 以下 and 以上 — the higher band
        (ADVICE_FURTHER_TREATMENT, 8, 3),  # "全休7天以上"
        (ADVICE_MINOR_SURGERY, 0, 3),  # "微手术"
        (ADVICE_OBSERVATION, 0, 3),  # "住院观察"
    ],
)
def test_1000_and_2000_by_the_advice_on_the_record(advice, rest, level):
    """p14: "1000元以内 检查报告有阳性体征或病历有伤情描述，且有明确需要后续治疗或全休7天以下等医嘱；2000元以内 …且有明确需要
    微手术、住院观察或全休7天以上等医嘱"."""
    proposal = propose(after_visit(positive_finding=True, advice=advice, rest_days=rest), STANDARD)
    assert proposal.level == level
    assert proposal.ceiling == {2: D("1000"), 3: D("2000")}[level]


@pytest.mark.parametrize(
    "positive, advice, rest",
    [(True, ADVICE_NONE, 0), (False, ADVICE_FURTHER_TREATMENT, 0), (False, ADVICE_NONE, 3)],
)
def test_facts_no_band_describes_follow_the_normal_route(positive, advice, rest):
    proposal = propose(after_visit(positive_finding=positive, advice=advice, rest_days=rest), STANDARD)
    assert not proposal.eligible and "no band of the standard fits" in proposal.reasons[0]


# --- p18: incurred medical costs -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cost, confirmation",
    [("999.99", False), ("1000", False), ("1000.01", True), ("2000", True)],
)
def test_confirmation_by_phone_above_1000_up_to_2000(cost, confirmation):
    """p18: "已发生医疗费用在1000元以内，案件理算时无需医疗审核，全额认可并赔付；已发生医疗费用在1000-2000元之间，快速处理前需要电话
    告知医疗审核人员，待确认同意后，医疗费用理算时无需医疗审核，全额认可并赔付" — 1000元以内 includes 1,000."""
    proposal = propose(after_visit(cost, positive_finding=True, advice=ADVICE_MINOR_SURGERY), STANDARD)
    assert proposal.eligible and proposal.needs_confirmation is confirmation
    assert proposal.medical_review_needed is False and proposal.medical_cap == D(cost)


def test_above_2000_of_medical_costs_is_not_a_fast_track_case():
    proposal = propose(after_visit("2000.01", positive_finding=True, advice=ADVICE_MINOR_SURGERY), STANDARD)
    assert (
        not proposal.eligible and "do not cover" in proposal.reasons[0]
    ) or "does not cover" in proposal.reasons[0]


@pytest.mark.parametrize("cost, cap", [("800", "800"), ("1000", "1000"), ("1500", "1000")])
def test_not_liable_medical_costs_are_paid_up_to_1000(cost, cap):
    """p18: "保险车辆无责的第三者人伤案件，已发生医疗费用赔付上限为1000元" (上限: 1,000 itself may be paid)."""
    facts = after_visit(cost, positive_finding=True, advice=ADVICE_MINOR_SURGERY, insured_not_liable=True)
    proposal = propose(facts, STANDARD)
    assert proposal.medical_cap == D(cap)
    liable = propose(replace(facts, insured_not_liable=False), STANDARD)
    assert liable.medical_cap == D(cost)


# --- the agreement within the band -----------------------------------------------------------------------------
def test_the_agreement_stays_within_the_band_and_the_medical_cap():
    proposal = propose(
        after_visit("1500", positive_finding=True, advice=ADVICE_MINOR_SURGERY, insured_not_liable=True),
        STANDARD,
    )
    assert agreement_problems(proposal, D("2000"), D("1000"), confirmed=True) == []
    assert "above the band" in agreement_problems(proposal, D("2000.01"), D("1000"), confirmed=True)[0]
    assert "above the ¥1,000.00" in agreement_problems(proposal, D("1800"), D("1000.01"), confirmed=True)[0]
    assert (
        "confirm the medical costs by phone"
        in agreement_problems(proposal, D("1800"), D("900"), confirmed=False)[0]
    )
    assert agreement_problems(proposal, D("0"), D("0"), confirmed=True)[0].startswith(
        "The agreed amount must be"
    )


def test_no_medical_costs_in_an_agreement_without_medical_cost():
    proposal = propose(on_spot(visible_sign=True, cut_cm=D("4")), STANDARD)
    assert agreement_problems(proposal, D("800"), D("0"), confirmed=False) == []
    assert agreement_problems(proposal, D("800"), D("100"), confirmed=False)


def test_standard_figures_are_data():
    lower = replace(STANDARD, cut_cm=D("5"), no_cost_ceilings=(D("300"), D("800"), D("1500")))
    proposal = propose(on_spot(visible_sign=True, cut_cm=D("6")), lower)
    assert proposal.ceiling == D("1500")
