"""The medical-fee guarantee and prepayment as pure rules (injury_claims.guarantee, seed 000 医疗费担保预付).

Seed 000, 理赔协作医院的功能 三: "配合保险公司向平安车险的VIP客户提供伤者住院期间医疗费用担保服务；对保险责任及事故责任明确的案件，
按事故责任比例及承保信息，预付伤者实际已发生的医疗费。"
Seed 000, 协作医院的维护 5: "各机构可根据实际情况并报总公司车险意健险理赔部批准后，选择VIP客户对保险责任及事故责任明确的交通事故
伤者开展医疗费担保或垫付服务".
"""

from dataclasses import replace
from decimal import Decimal as D

import pytest
from django.utils import translation

from injury_claims import guarantee as rule

ELIGIBLE = rule.Facts(
    vip=True,
    hospital_in_registry=True,
    in_network=True,
    function_agreed=True,
    function_status=rule.FUNCTION_APPROVED,
    inpatient=True,
    role="third_outside",
    survey_done=True,
    police_handled=True,
    liability="main",
    liability_ratio=D("0.7"),
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_an_eligible_person_has_no_refusal():
    assert rule.eligibility(ELIGIBLE) == []


@pytest.mark.parametrize(
    "change, words",
    [
        # "向平安车险的VIP客户提供…担保服务"
        ({"vip": False}, "not recorded as a VIP customer"),
        # "报总公司车险意健险理赔部批准后…开展医疗费担保或垫付服务": the function approved by HQ
        ({"function_agreed": False, "function_status": ""}, "does not include the medical-fee guarantee"),
        ({"function_status": rule.FUNCTION_REQUESTED}, "still waiting for HQ's approval"),
        ({"function_status": rule.FUNCTION_REFUSED}, "HQ refused"),
        ({"function_status": ""}, "approval of the hospital's guarantee function is not recorded"),
        ({"in_network": False}, "not in the branch's cooperating network"),
        ({"hospital_in_registry": False}, "not a hospital of the registry"),
        # "伤者住院期间"
        ({"inpatient": False}, "not admitted as an inpatient"),
        # "保险责任…明确"
        ({"survey_done": False}, "the survey is not done"),
        ({"exclusion_suspected": True}, "suspected exclusion"),
        ({"role": "driver"}, "driver of the insured vehicle"),
        ({"role": "passenger"}, "no passenger cover"),
        # "事故责任明确"
        ({"liability": ""}, "Accident liability is not clear"),
        ({"police_handled": False}, "Accident liability is not clear"),
        ({"liability_ratio": None}, "No liability share is set"),
        ({"liability": "none", "liability_ratio": D("0")}, "bears no liability"),
    ],
)
def test_each_condition_of_the_seed_refuses_with_its_reason(change, words):
    refused = rule.eligibility(replace(ELIGIBLE, **change))
    assert len(refused) == 1 and words in refused[0], refused


def test_every_reason_is_given_not_only_the_first():
    facts = replace(
        ELIGIBLE, vip=False, inpatient=False, function_status=rule.FUNCTION_REQUESTED, liability=""
    )
    assert len(rule.eligibility(facts)) == 4


def test_a_passenger_is_covered_only_with_passenger_cover_and_a_third_party_in_a_vehicle_always():
    assert rule.eligibility(replace(ELIGIBLE, role="passenger", passenger_cover=True)) == []
    assert rule.eligibility(replace(ELIGIBLE, role="third_vehicle")) == []


# --- the prepayment: "按事故责任比例…预付伤者实际已发生的医疗费" ------------------------------------------------------------
def test_prepayment_is_incurred_costs_times_the_share():
    result = rule.prepayment(
        incurred=D("10000"), ratio=D("0.7"), prepaid_before=D("0"), guaranteed=D("20000")
    )
    assert (result.amount, result.due, result.capped, result.refused) == (
        D("7000.00"),
        D("7000.00"),
        False,
        [],
    )


@pytest.mark.parametrize(
    "incurred, ratio, due",
    [
        ("1234.57", "0.5", "617.29"),  # 617.285 → 617.29: half up, not to even
        ("1234.55", "0.5", "617.28"),  # 617.275 → 617.28
        ("0.01", "0.5", "0.01"),  # 0.005 → 0.01
        ("3333.33", "0.333", "1110.00"),  # 1109.99889 → 1110.00
    ],
)
def test_prepayment_is_rounded_to_the_fen_half_up(incurred, ratio, due):
    result = rule.prepayment(
        incurred=D(incurred), ratio=D(ratio), prepaid_before=D("0"), guaranteed=D("99999")
    )
    assert result.due == D(due) and result.amount == D(due)


def test_a_later_prepayment_tops_up_to_the_running_total():
    result = rule.prepayment(
        incurred=D("15000"), ratio=D("0.7"), prepaid_before=D("7000"), guaranteed=D("20000")
    )
    assert result.due == D("10500.00") and result.amount == D("3500.00")


def test_the_guaranteed_amount_caps_the_prepayment_and_is_then_used_up():
    """The guarantee is the most the company pays the hospital before settlement: the amount still available."""
    capped = rule.prepayment(
        incurred=D("40000"), ratio=D("0.7"), prepaid_before=D("15000"), guaranteed=D("20000")
    )
    assert capped.due == D("28000.00") and capped.amount == D("5000.00") and capped.capped
    exact = rule.prepayment(incurred=D("20000"), ratio=D("1"), prepaid_before=D("0"), guaranteed=D("20000"))
    assert exact.amount == D("20000.00") and not exact.capped  # the guarantee itself is within it
    used = rule.prepayment(
        incurred=D("50000"), ratio=D("0.7"), prepaid_before=D("20000"), guaranteed=D("20000")
    )
    assert used.amount == 0 and "used up" in used.refused[0]


def test_a_new_letter_is_capped_by_its_own_amount_while_the_due_counts_everything_prepaid():
    result = rule.prepayment(
        incurred=D("30000"),
        ratio=D("1"),
        prepaid_before=D("12000"),
        guaranteed=D("10000"),
        prepaid_on_letter=D("0"),
    )
    assert result.amount == D("10000.00") and result.capped


def test_nothing_more_to_prepay_is_refused():
    result = rule.prepayment(
        incurred=D("10000"), ratio=D("0.7"), prepaid_before=D("7000"), guaranteed=D("20000")
    )
    assert result.amount == 0 and "Nothing more to prepay" in result.refused[0]


def test_a_share_outside_0_and_1_or_negative_costs_are_refused():
    assert rule.prepayment(incurred=D("100"), ratio=D("0"), prepaid_before=D("0"), guaranteed=D("1")).refused
    assert rule.prepayment(
        incurred=D("100"), ratio=D("1.1"), prepaid_before=D("0"), guaranteed=D("1")
    ).refused
    assert rule.prepayment(incurred=D("-1"), ratio=D("1"), prepaid_before=D("0"), guaranteed=D("1")).refused


# --- reconciliation with the settlement's later calculation --------------------------------------------------
LINES = [
    {"code": "medical", "compulsory": "10000.00", "commercial": "2600.00"},
    {"code": "nursing", "compulsory": "3000.00", "commercial": "0"},
]


def test_our_share_of_the_medical_items_is_compulsory_plus_commercial():
    assert rule.medical_share(LINES) == D("12600.00")


def test_prepaid_within_the_medical_share_leaves_the_rest_to_pay():
    r = rule.reconcile(guaranteed=D("20000"), prepaid=D("7000"), medical=D("12600"), payable=D("15600"))
    assert (r.remainder, r.deducted, r.to_recover, r.unused) == (D("8600"), D("0"), D("0"), D("13000"))


def test_prepaid_beyond_the_medical_share_is_deducted_from_the_other_items():
    r = rule.reconcile(guaranteed=D("20000"), prepaid=D("14000"), medical=D("12600"), payable=D("15600"))
    assert (r.remainder, r.deducted, r.to_recover) == (D("1600"), D("1400"), D("0"))


def test_prepaid_beyond_the_whole_total_is_recovered_from_the_hospital():
    r = rule.reconcile(guaranteed=D("20000"), prepaid=D("18000"), medical=D("12600"), payable=D("15600"))
    assert (r.remainder, r.deducted, r.to_recover) == (D("0"), D("3000"), D("2400"))
    assert any("recovered from the hospital" in line for line in r.lines)


def test_prepaid_exactly_the_total_leaves_nothing_either_way():
    r = rule.reconcile(guaranteed=D("20000"), prepaid=D("15600"), medical=D("12600"), payable=D("15600"))
    assert (r.remainder, r.to_recover) == (D("0"), D("0"))


def test_before_the_calculation_only_the_guarantee_and_the_prepayments_are_known():
    r = rule.reconcile(guaranteed=D("20000"), prepaid=D("7000"), medical=None, payable=None)
    assert r.remainder is None and r.unused == D("13000") and "Not calculated yet" in r.lines[-1]
