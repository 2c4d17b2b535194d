"""The pure rules of the 100-point scorecard (scoring.scorecard), one test per rule and boundary, each quoting the
seed's sentence (000, "四、协作医院工作的考核 — 4、考核具体办法")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from scoring import scorecard as sc

R = sc.Rubric()
D = Decimal


def hk(on_time=True, complaint=False, verified=False, ref="HK1"):
    return sc.HkCaseFact(ref, on_time, complaint, verified)


def training(exam=True, on="2026-03-01"):
    return sc.TrainingFact(on, "骨折的诊疗", exam)


def test_the_default_rubric_adds_up_to_100_and_each_item_has_the_seeds_maximum():
    # "网络建立及维护:(30分)", "合作深度:(25分)", "满意度:(15分)" ×2, "香港…(15分)"
    assert R.total_max == 100 and not R.problems()
    assert (R.network_max, R.depth_max, R.customer_points, R.hospital_points, R.hk_points_max) == (
        30,
        25,
        15,
        15,
        15,
    )


def test_a_rubric_that_does_not_add_up_to_100_is_refused():
    with translation.override("en"):
        problems = sc.Rubric(dispatch_points=D(14)).problems()
    assert problems == ["The maxima add up to 99 points; the scorecard has 100."]


# --- 合作深度: training -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sessions", "points"),
    [(0, D(0)), (1, D(3)), (2, D(5)), (3, D(5))],
)
def test_training_once_3_twice_or_more_5(sessions, points):
    # "选择协作医院对车险意健险理赔队伍进行医疗专业知识培训,并对培训内容进行闭卷考试。每年进行一次,得3分;进行两次以上得5分"
    # 以上 includes its number: two sessions score 5.
    item = sc.score_training([training() for _ in range(sessions)], R)
    assert item.points == points
    assert item.maximum == 5


def test_a_training_without_a_closed_book_exam_does_not_count():
    # "…并对培训内容进行闭卷考试": the exam is part of what scores.
    assert sc.score_training([training(exam=False), training(exam=False)], R).points == 0
    assert sc.score_training([training(exam=True), training(exam=False)], R).points == 3
    with translation.override("en"):
        item = sc.score_training([training(exam=False)], R)
        assert str(item.rule) == "0 trainings with a closed-book exam: none counts."
        assert item.facts[0].shown_value == "no exam: not counted"


def test_expert_team_serving_in_the_year_scores_5():
    # "在协作医院挑选聘任知名度高的医疗专家组成平安产险医疗专家队伍,向VIP客户提供医疗保健咨询、特诊预约挂号等增值服务。5分"
    assert sc.score_experts(["王医生 (吉大一院)"], R).points == 5
    assert sc.score_experts([], R).points == 0
    assert sc.score_experts(["王医生"], sc.Rubric(expert_team_min_advisors=2)).points == 0


def test_dispatch_share_answered_within_the_response_time():
    # "应平安产险客户服务热线95512的调度,为平安客户及香港客户提供医疗急救服务。15分" — no formula in the seed: the
    # default is the share answered within the rubric's minutes (30 counts: "within").
    dispatches = [
        sc.DispatchFact("2026-01-01 10:00", "A", 30, True),
        sc.DispatchFact("2026-01-02 10:00", "A", 31, True),
        sc.DispatchFact("2026-01-03 10:00", "A", 5, False),
        sc.DispatchFact("2026-01-04 10:00", "A", 10, True),
    ]
    assert sc.score_dispatch(dispatches, R).points == D("7.50")
    assert sc.score_dispatch([], R).points == R.dispatch_points_without_dispatch == 9


def test_depth_adds_its_three_parts():
    item = sc.score_depth([training(), training()], ["王医生"], [], R)
    assert item.points == 5 + 5 + 9 and item.maximum == 25
    assert [p.key for p in item.parts] == [sc.TRAINING, sc.EXPERTS, sc.DISPATCH]


# --- 网络建立及维护 ------------------------------------------------------------------------------------------------
def test_network_quantity_share_plus_regular_maintenance():
    # "设立协作医院的数量参照本文第十三条规定…定期对协作医院网络进行维护": default 20 for the quantity rule met in
    # proportion, 10 for the share of hospitals with at least 2 maintenance records in the year (2 counts).
    hospitals = [
        sc.NetworkHospital("甲", 2),
        sc.NetworkHospital("乙", 1),
        sc.NetworkHospital("丙", 5),
        sc.NetworkHospital("丁", 0),
    ]
    item = sc.score_network(sc.Coverage(required=6, credited=3), hospitals, R)
    coverage, maintenance = item.parts
    assert coverage.points == 10 and maintenance.points == 5
    assert item.points == 15 and item.maximum == 30


def test_network_fully_covered_and_maintained_scores_30_and_no_hospital_scores_no_maintenance():
    full = sc.score_network(sc.Coverage(4, 4), [sc.NetworkHospital("甲", 4)], R)
    assert full.points == 30
    empty = sc.score_network(sc.Coverage(4, 0), [], R)
    assert empty.points == 0


# --- 满意度 ----------------------------------------------------------------------------------------------------------
def test_satisfaction_is_the_mean_share_of_the_answered_questionnaires():
    # "以二级机构为单位,随机抽样问卷五名住院治疗的平安客户" — 15 points × the mean answer share.
    answers = [sc.SurveyAnswerSet("张*", 20, 25), sc.SurveyAnswerSet("李*", 25, 25)]
    item = sc.score_satisfaction(sc.CUSTOMER, answers, D(15), 5)
    assert item.points == D("13.50")


def test_satisfaction_without_any_answer_scores_0_and_says_so():
    with translation.override("en"):
        item = sc.score_satisfaction(sc.HOSPITAL, [], D(15), 3)
        assert item.points == 0
        assert str(item.rule) == "No questionnaire answered yet: 0 points."


# --- 香港项目 ----------------------------------------------------------------------------------------------------------
def test_hk_no_case_in_the_year_scores_9():
    # "一年度内不发生香港汇丰保险、香港平安保险合作项目案件的机构得9分"
    assert sc.score_hk([], R).points == 9


@pytest.mark.parametrize(
    ("on_time", "late", "points"),
    [(1, 0, 11), (3, 0, 15), (0, 1, 7), (2, 1, 11), (1, 2, 7), (0, 4, 1)],
)
def test_hk_plus_2_per_case_on_time_minus_2_per_case_late(on_time, late, points):
    # "如发生案件,基本能按操作流程要求及时完成案件的查勘、上报、回访等,不出现香港客户投诉,每宗案件在基础上加2分;不能按操作
    # 流程要求及时完成案件的查勘、上报、回访等,每宗案件在基础上减2分"
    cases = [hk(True)] * on_time + [hk(False)] * late
    assert sc.score_hk(cases, R).points == points


def test_hk_is_kept_between_0_and_15():
    # "本项考核最高得分为15分,最低得分为0分。"
    assert sc.score_hk([hk(True)] * 5, R).points == 15
    assert sc.score_hk([hk(False)] * 6, R).points == 0
    with translation.override("en"):
        assert "= -3, kept between 0 and 15" in str(sc.score_hk([hk(False)] * 6, R).rule)


def test_hk_a_verified_complaint_makes_the_item_0():
    # "如出现香港客户投诉,并经核查属实,本项考核为0分。"
    assert sc.score_hk([hk(True), hk(True), hk(True, complaint=True, verified=True)], R).points == 0


def test_hk_an_unverified_complaint_is_ignored():
    # Only a complaint "经核查属实" zeroes the item; one that was not verified changes nothing: an on-time case
    # still adds 2.
    assert sc.score_hk([hk(True, complaint=True, verified=False)], R).points == 11
    assert sc.score_hk([hk(False, complaint=True, verified=False)], R).points == 7


# --- the whole card -----------------------------------------------------------------------------------------------
def test_score_all_gives_five_items_in_the_seeds_order_and_survives_its_json_snapshot():
    facts = sc.Facts(
        coverage=sc.Coverage(6, 6),
        hospitals=(sc.NetworkHospital("甲", 3),),
        trainings=(training(),),
        advisors=("王医生",),
        hk_cases=(hk(True),),
        customer_answers=(sc.SurveyAnswerSet("张*", 25, 25),),
    )
    items = sc.score_all(facts, R)
    assert [i.key for i in items] == list(sc.ITEMS)
    assert sum(i.points for i in items) == 30 + (3 + 5 + 9) + 15 + 0 + 11
    again = [sc.Item.from_json(i.to_json()) for i in items]
    assert [i.to_json() for i in again] == [i.to_json() for i in items]
    assert [(i.points, str(i.rule)) for i in again] == [(i.points, str(i.rule)) for i in items]


def test_an_adjustment_keeps_the_item_between_0_and_its_maximum():
    item = sc.score_hk([], R)  # 9 of 15
    assert sc.with_adjustment(item, D(3)) == 12
    assert sc.with_adjustment(item, D(10)) == 15
    assert sc.with_adjustment(item, D(-12)) == 0
