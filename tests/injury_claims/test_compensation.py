"""Issue 10 point 1: the compensation calculator, one test per rule, figures worked by hand from LAW.md's province
values (§4.1). Pure functions: no database, milliseconds per test.

The figures (LAW.md §4.1, each with its source there):
* 吉林 (吉林高院《2023年度人身损害赔偿执行标准》, 吉高法〔2023〕112号, 2023-09-01 – 2024-08-31, data year 2022):
  income 35,471; consumption 21,835; 丧葬费 43,611 (average wage 87,222); daily wage all sectors 334.18,
  农林牧渔 222.20; 住院伙食补助 100 元/天.
* 北京 2023: 88,650 / 50,897.   广东 2023: 59,306.6 / 39,333.3 (wage UNCONFIRMED).
* 广东 2020 court table: 一般地区 50,257, 深圳 64,878.   四川 2022: 43,233 / 27,637.
* 浙江 2022 一般地区: 71,268 / 44,511 / 非私营 wage 122,309; 宁波 2022: 76,690 / 47,916.
"""

from __future__ import annotations

import ast
import datetime
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from django.utils import translation

from injury_claims import compensation as c

D = Decimal
date = datetime.date

JILIN = c.RegionFigures(
    region="吉林省",
    stat_year=2022,
    source="吉林省高级人民法院《2023年度人身损害赔偿执行标准》(吉高法〔2023〕112号)",
    urban_disposable_income=D("35471"),
    urban_consumption=D("21835"),
    average_wage=D("87222"),
    funeral_expenses=D("43611"),
    hospital_meal_allowance=D("100"),
    industry_wages=(
        c.IndustryWage("全行业平均", daily_wage=D("334.18")),
        c.IndustryWage("农、林、牧、渔业", daily_wage=D("222.20")),
    ),
    effective_from=date(2023, 9, 1),
    effective_to=date(2024, 8, 31),
)
BEIJING = c.RegionFigures("北京市", 2023, "北京市2023年统计公报", D("88650"), D("50897"))
GUANGDONG = c.RegionFigures("广东省", 2023, "广东统计年鉴2024 表10-22", D("59306.6"), D("39333.3"))
GUANGDONG_2020 = c.RegionFigures("广东省", 2020, "粤高法〔2021〕80号 一般地区", D("50257"))
SHENZHEN_2020 = c.RegionFigures("广东省 · 深圳", 2020, "粤高法〔2021〕80号 深圳", D("64878"))
SICHUAN = c.RegionFigures("四川省", 2022, "国家统计局四川调查总队 2023-01-17", D("43233"), D("27637"))
ZHEJIANG = c.RegionFigures(
    "浙江省",
    2022,
    "浙江 2022 一般地区",
    D("71268"),
    D("44511"),
    average_wage=D("122309"),
    industry_wages=(c.IndustryWage("非私营单位", annual_wage=D("122309")),),
)
NINGBO = c.RegionFigures("浙江省 · 宁波", 2022, "浙江 2022 宁波", D("76690"), D("47916"), D("124120"))

DEATH_AND_DEPENDANTS = frozenset({c.ItemCode.DEATH, c.ItemCode.DEPENDANTS})
BORN = date(1980, 5, 10)
INJURED = date(2024, 1, 10)
ASSESSED = date(2024, 6, 1)  # aged 44 on the assessment date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def victim(**facts) -> c.Victim:
    return c.Victim(**{"name": "张伟", "birth_date": BORN, "injury_date": INJURED, **facts})


def item(calculation: c.Calculation, code: c.ItemCode) -> c.Item:
    found = calculation.item(code)
    assert found is not None, code
    return found


# ==============================================================================================================
# Items (interpretation Arts. 6–15, 23)
# ==============================================================================================================
def test_medical_expenses_are_as_incurred_and_keep_the_part_outside_the_medical_insurance_standard():
    """Art. 6: "医疗费根据医疗机构出具的医药费、住院费等收款凭证，结合病历和诊断证明等相关证据确定". LAW.md §6.2's case:
    the 鉴定所 found 10,284.07 above the 医保 standard out of 69,512.05."""
    calc = c.calculate(victim(medical=c.Expense(D("69512.05"), D("10284.07"), evidence="收据 23 张")), JILIN)
    medical = item(calc, c.ItemCode.MEDICAL)
    assert medical.amount == D("69512.05")
    assert medical.non_insurance == D("10284.07")
    assert medical.formula == "69,512.05"
    assert medical.basis.endswith("Art. 6") and medical.bucket is c.Bucket.MEDICAL


def test_lost_earnings_fixed_income_is_the_income_actually_lost():
    """Art. 7: "受害人有固定收入的，误工费按照实际减少的收入计算". 6,000.00 a month ÷ 30 × 45 days = 9,000.00."""
    income = c.Income(c.IncomeKind.FIXED, D("6000"), c.Per.MONTH, evidence="工资条")
    lost = item(c.calculate(victim(income=income, lost_work_days=45), JILIN), c.ItemCode.LOST_EARNINGS)
    assert lost.amount == D("9000.00")
    assert lost.formula == "6,000.00 ÷ 30 × 45 = 9,000.00"


def test_lost_earnings_without_fixed_income_take_the_three_year_average():
    """Art. 7: "受害人无固定收入的，按照其最近三年的平均收入计算". (60,000 + 66,000 + 72,000) ÷ 3 = 66,000 a year;
    66,000 ÷ 365 × 100 days = 18,082.1918 → 18,082.19."""
    income = c.Income(c.IncomeKind.AVERAGE_3Y, yearly=(D("60000"), D("66000"), D("72000")))
    lost = item(c.calculate(victim(income=income, lost_work_days=100), JILIN), c.ItemCode.LOST_EARNINGS)
    assert lost.amount == D("18082.19")
    assert lost.formula == "(60,000.00 + 66,000.00 + 72,000.00) ÷ 3 ÷ 365 × 100 = 18,082.19"


def test_lost_earnings_unproven_use_the_industry_wage_at_the_court_location():
    """Art. 7: "不能举证证明其最近三年的平均收入状况的，可以参考受诉法院所在地相同或者相近行业上一年度职工的平均工资计算".
    Jilin publishes daily wages: 农林牧渔 222.20 × 90 days = 19,998.00."""
    income = c.Income(c.IncomeKind.INDUSTRY, industry="农、林、牧、渔业")
    lost = item(c.calculate(victim(income=income, lost_work_days=90), JILIN), c.ItemCode.LOST_EARNINGS)
    assert lost.amount == D("19998.00")
    assert lost.formula == "222.20 × 90 = 19,998.00"
    assert "吉林省 · 2022 · 农、林、牧、渔业 (day)" in lost.sources[0]


def test_an_industry_wage_published_per_year_is_divided_by_the_days_of_a_year():
    """Zhejiang 2022 非私营 122,309 a year ÷ 365 × 30 days = 10,052.7945 → 10,052.79."""
    income = c.Income(c.IncomeKind.INDUSTRY, industry="非私营单位")
    lost = item(c.calculate(victim(income=income, lost_work_days=30), ZHEJIANG), c.ItemCode.LOST_EARNINGS)
    assert lost.amount == D("10052.79")
    assert lost.formula == "122,309.00 ÷ 365 × 30 = 10,052.79"


def test_lost_work_with_a_continuing_disability_runs_to_the_day_before_the_assessment():
    """Art. 7: "受害人因伤致残持续误工的，误工时间可以计算至定残日前一天". 2024-01-10 – 2024-05-31 = 22 + 29 + 31 + 30 + 31
    = 143 days; Jilin all sectors 334.18 × 143 = 47,787.74."""
    calc = c.calculate(
        victim(
            income=c.Income(c.IncomeKind.INDUSTRY, industry="全行业平均"),
            lost_work_until_assessment=True,
            assessment_date=ASSESSED,
            grades=(10,),
        ),
        JILIN,
    )
    lost = item(calc, c.ItemCode.LOST_EARNINGS)
    assert lost.amount == D("47787.74")
    assert lost.formula == "334.18 × 143 = 47,787.74"


def test_an_industry_the_standard_lacks_is_asked_for_not_guessed():
    with pytest.raises(c.MissingFigure) as missing:
        c.calculate(
            victim(income=c.Income(c.IncomeKind.INDUSTRY, industry="金融业"), lost_work_days=5), JILIN
        )
    assert missing.value.region == "吉林省" and missing.value.year == 2022


def test_nursing_is_carers_times_days_times_rate_and_normally_one_carer():
    """Art. 8: "护理费根据护理人员的收入状况和护理人数、护理期限确定…护理人员原则上为一人，但医疗机构或者鉴定机构有明确意见的，
    可以参照确定护理人员人数". A carer with income is paid "参照误工费的规定计算".
    In hospital, two carers certified, hired at 150.00: 150.00 × 2 × 30 = 9,000.00;
    at home, the spouse earning 4,500.00 a month: 4,500.00 ÷ 30 × 1 × 20 = 3,000.00;
    two carers claimed without a certificate for 10 days at 150.00: one counted, 1,500.00.  Total 13,500.00."""
    periods = (
        c.Nursing(30, carers=2, more_carers_certified=True, daily_rate=D("150"), rate_source="护工发票"),
        c.Nursing(20, carer_income=c.Income(c.IncomeKind.FIXED, D("4500"), c.Per.MONTH)),
        c.Nursing(10, carers=2, daily_rate=D("150")),
    )
    care = item(c.calculate(victim(nursing=periods), JILIN), c.ItemCode.NURSING)
    assert care.amount == D("13500.00")
    assert care.formula == "150.00 × 2 × 30 + 4,500.00 ÷ 30 × 1 × 20 + 150.00 × 1 × 10 = 13,500.00"
    assert len(care.notes) == 1 and "one counted" in care.notes[0]


def test_nursing_lasts_at_most_twenty_years_and_follows_the_care_dependency():
    """Art. 8: "受害人因残疾不能恢复生活自理能力的，可以根据其年龄、健康状况等因素确定合理的护理期限，但最长不超过二十年".
    25 years claimed (9,125 days) at 100.00 with 50% dependency: 7,300 days counted; 100.00 × 1 × 7,300 × 50%
    = 365,000.00."""
    care = item(
        c.calculate(victim(nursing=(c.Nursing(25 * 365, daily_rate=D("100"), dependency=D("0.5")),)), JILIN),
        c.ItemCode.NURSING,
    )
    assert care.amount == D("365000.00")
    assert care.formula == "100.00 × 1 × 7300 × 50% = 365,000.00"
    assert "20 years" in care.notes[0]


def test_nursing_at_the_local_rate_needs_the_figure():
    """A carer without income at the local rate: Jilin's nursing wage is not in LAW.md, so the calculator asks."""
    with pytest.raises(c.MissingFigure):
        c.calculate(victim(nursing=(c.Nursing(10),)), JILIN)


def test_transport_and_lodging_are_the_receipts():
    """Art. 9: "交通费根据受害人及其必要的陪护人员因就医或者转院治疗实际发生的费用计算"; Art. 10(2): lodging "其合理部分应予赔偿"."""
    calc = c.calculate(victim(transport=c.Expense(D("1236.50")), lodging=c.Expense(D("800"))), JILIN)
    assert item(calc, c.ItemCode.TRANSPORT).amount == D("1236.50")
    assert item(calc, c.ItemCode.LODGING).amount == D("800.00")
    assert item(calc, c.ItemCode.LODGING).bucket is c.Bucket.DEATH_DISABILITY


def test_hospital_meal_allowance_is_the_local_rate_times_days_in_hospital():
    """Art. 10(1): "住院伙食补助费可以参照当地国家机关一般工作人员的出差伙食补助标准予以确定". Jilin 100 × 30 = 3,000.00."""
    meals = item(c.calculate(victim(hospital_days=30), JILIN), c.ItemCode.HOSPITAL_MEALS)
    assert meals.amount == D("3000.00")
    assert meals.formula == "100.00 × 30 = 3,000.00"
    with pytest.raises(c.MissingFigure):  # Guangdong's rate is not in LAW.md
        c.calculate(victim(hospital_days=30), GUANGDONG)


def test_nutrition_follows_the_hospital_opinion():
    """Art. 11: "营养费根据受害人伤残情况参照医疗机构的意见确定". 60 days at 30.00 = 1,800.00."""
    food = item(
        c.calculate(victim(nutrition=c.Expense(days=60, daily_rate=D("30"), evidence="医嘱")), JILIN),
        c.ItemCode.NUTRITION,
    )
    assert food.amount == D("1800.00") and food.formula == "30.00 × 60 = 1,800.00"


def test_disability_compensation_is_income_times_years_times_coefficient():
    """Art. 12: "残疾赔偿金根据受害人丧失劳动能力程度或者伤残等级，按照受诉法院所在地上一年度城镇居民人均可支配收入标准，
    自定残之日起按二十年计算". Jilin, aged 44, grade 8 (30%): 35,471 × 20 × 30% = 212,826.00."""
    calc = c.calculate(victim(assessment_date=ASSESSED, grades=(8,)), JILIN)
    disability = item(calc, c.ItemCode.DISABILITY)
    assert disability.amount == D("212826.00")
    assert disability.formula == "35,471.00 × 20 × 30% = 212,826.00"
    assert {f.name: f.value for f in disability.figures}["age"] == 44
    assert disability.figures[0].region == "吉林省" and disability.figures[0].year == 2022


@pytest.mark.parametrize(
    ("born", "age", "years", "amount"),
    [
        (date(1965, 3, 16), 59, 20, "177300.00"),  # the day before the 60th birthday
        (date(1965, 3, 15), 60, 20, "177300.00"),  # 60th birthday: 20 − 0
        (date(1964, 3, 15), 61, 19, "168435.00"),
        (date(1950, 3, 16), 74, 6, "53190.00"),  # 20 − 14
        (date(1950, 3, 15), 75, 5, "44325.00"),  # 75th birthday: 5 years
        (date(1940, 1, 1), 85, 5, "44325.00"),
    ],
)
def test_the_age_rule_at_the_boundaries(born, age, years, amount):
    """Art. 12: "但六十周岁以上的，年龄每增加一岁减少一年；七十五周岁以上的，按五年计算". Beijing 2023, grade 10 (10%),
    assessed 2025-03-15: 88,650 × years × 10%."""
    calc = c.calculate(
        victim(
            birth_date=born, injury_date=date(2024, 10, 1), assessment_date=date(2025, 3, 15), grades=(10,)
        ),
        BEIJING,
    )
    disability = item(calc, c.ItemCode.DISABILITY)
    figures = {f.name: f.value for f in disability.figures}
    assert (figures["age"], figures["years"]) == (age, years)
    assert disability.amount == D(amount)
    assert disability.formula == f"88,650.00 × {years} × 10% = {D(amount):,.2f}"


@pytest.mark.parametrize(("age", "years"), [(0, 20), (59, 20), (60, 20), (61, 19), (74, 6), (75, 5), (99, 5)])
def test_compensation_years(age, years):
    """LAW.md quick formulas: years(age) = 20 below 60; 20 − (age − 60) from 60; 5 from 75."""
    assert c.compensation_years(age) == years


def test_full_years_across_birthdays_and_29_february():
    """周岁: reached on the birthday; a 29 February birthday is 28 February in a common year (民法典 Art. 203: "没有对应日
    的，月末日为期间的最后一日"). The setting's other reading reaches the age on the day after."""
    born = date(2000, 2, 29)
    assert c.age_in_full_years(born, date(2001, 2, 27)) == 0
    assert c.age_in_full_years(born, date(2001, 2, 28)) == 1
    assert c.age_in_full_years(born, date(2004, 2, 28)) == 3
    assert c.age_in_full_years(born, date(2004, 2, 29)) == 4
    later = c.AgeRule.DAY_AFTER_BIRTHDAY
    assert c.age_in_full_years(born, date(2001, 2, 28), later) == 0
    assert c.age_in_full_years(born, date(2001, 3, 1), later) == 1
    assert c.age_in_full_years(date(1999, 12, 31), date(2017, 12, 31)) == 18
    assert c.age_in_full_years(date(1999, 12, 31), date(2017, 12, 31), later) == 17
    assert c.age_in_full_years(date(1999, 12, 31), date(2018, 1, 1), later) == 18
    with pytest.raises(ValueError):
        c.age_in_full_years(born, date(1999, 1, 1))


def test_a_29_february_birthday_changes_the_years_on_28_february():
    """Born 1964-02-29, assessed 2025-02-28: 61 → 19 years; assessed 2025-02-27: 60 → 20. Beijing grade 10."""
    on_28 = c.calculate(
        victim(birth_date=date(1964, 2, 29), assessment_date=date(2025, 2, 28), grades=(10,)), BEIJING
    )
    on_27 = c.calculate(
        victim(birth_date=date(1964, 2, 29), assessment_date=date(2025, 2, 27), grades=(10,)), BEIJING
    )
    assert item(on_28, c.ItemCode.DISABILITY).amount == D("168435.00")  # 88,650 × 19 × 10%
    assert item(on_27, c.ItemCode.DISABILITY).amount == D("177300.00")  # 88,650 × 20 × 10%


def test_disability_aids_are_price_times_pieces_over_the_period():
    """Art. 13: "残疾辅助器具费按照普通适用器具的合理费用标准计算…辅助器具的更换周期和赔偿期限参照配制机构的意见确定".
    A prosthesis at 20,000.00 lasting 5 years over 20 years: 4 pieces, 80,000.00; a wheelchair 1,200.00 once."""
    aids = (
        c.Aid("小腿假肢", D("20000"), service_life_years=5, period_years=20, source="配制机构意见"),
        c.Aid("轮椅", D("1200")),
    )
    aid = item(c.calculate(victim(aids=aids), JILIN), c.ItemCode.AIDS)
    assert aid.amount == D("81200.00")
    assert aid.formula == "20,000.00 × 1 × 4 + 1,200.00 × 1 × 1 = 81,200.00"


def test_funeral_expenses_are_six_months_of_the_average_wage():
    """Art. 14: "丧葬费按照受诉法院所在地上一年度职工月平均工资标准，以六个月总额计算". Jilin publishes 43,611 (= 87,222 ÷ 12
    × 6); Zhejiang 2022 非私营 122,309 ÷ 12 × 6 = 61,154.50; Guangdong's wage is UNCONFIRMED: asked for."""
    dead = {"death_date": date(2024, 3, 1)}
    assert item(c.calculate(victim(**dead), JILIN), c.ItemCode.FUNERAL).amount == D("43611.00")
    zhejiang = item(c.calculate(victim(**dead), ZHEJIANG), c.ItemCode.FUNERAL)
    assert zhejiang.amount == D("61154.50") and zhejiang.formula == "122,309.00 ÷ 12 × 6 = 61,154.50"
    with pytest.raises(c.MissingFigure):
        c.calculate(victim(**dead, claimed=frozenset({c.ItemCode.FUNERAL})), GUANGDONG)


def test_death_compensation_is_income_times_years_by_age_at_death():
    """Art. 15: "死亡赔偿金按照受诉法院所在地上一年度城镇居民人均可支配收入标准，按二十年计算。但六十周岁以上的，年龄每增加
    一岁减少一年；七十五周岁以上的，按五年计算". Guangdong 2023 59,306.60: aged 43 × 20 = 1,186,132.00;
    aged 66 × 14 = 830,292.40; aged 80 × 5 = 296,533.00."""
    death = c.ItemCode.DEATH
    only = frozenset({death})
    assert item(c.calculate(victim(death_date=date(2024, 3, 1), claimed=only), GUANGDONG), death).amount == D(
        "1186132.00"
    )
    aged_66 = item(
        c.calculate(
            victim(birth_date=date(1958, 1, 1), death_date=date(2024, 3, 1), claimed=only), GUANGDONG
        ),
        death,
    )
    assert aged_66.amount == D("830292.40") and aged_66.formula == "59,306.60 × 14 = 830,292.40"
    aged_80 = item(
        c.calculate(
            victim(birth_date=date(1944, 1, 1), death_date=date(2024, 3, 1), claimed=only), GUANGDONG
        ),
        death,
    )
    assert aged_80.amount == D("296533.00")


def test_a_higher_domicile_figure_is_used_when_claimed_and_shown():
    """Art. 18: "赔偿权利人举证证明其住所地或者经常居住地城镇居民人均可支配收入高于受诉法院所在地标准的，残疾赔偿金或者死亡
    赔偿金可以按照其住所地或者经常居住地的相关标准计算。被扶养人生活费的相关计算标准，依照前款原则确定".
    Court in Zhejiang (一般地区), domicile 宁波 claimed: death at 44, 76,690 × 20 = 1,533,800.00; a child aged 10, two
    supporters: 47,916 × 100% ÷ 2 × 8 = 191,664.00; total 1,725,464.00."""
    child = c.Dependant("儿子", date(2014, 3, 1), supporters=2)
    calc = c.calculate(
        victim(death_date=ASSESSED, dependants=(child,), domicile=NINGBO, claimed=DEATH_AND_DEPENDANTS),
        ZHEJIANG,
    )
    death = item(calc, c.ItemCode.DEATH)
    assert death.amount == D("1725464.00")
    assert death.formula == "76,690.00 × 20 + 191,664.00 = 1,725,464.00"
    assert death.figures[0].region == "浙江省 · 宁波" and "higher" in death.notes[0]
    dependants = item(calc, c.ItemCode.DEPENDANTS)
    assert dependants.figures[0].region == "浙江省 · 宁波" and dependants.amount == D("191664.00")
    # not claimed: the court's figure; claimed but not higher: the court's figure, and the sheet says why
    assert item(
        c.calculate(victim(assessment_date=ASSESSED, grades=(10,)), GUANGDONG_2020), c.ItemCode.DISABILITY
    ).amount == D("100514.00")  # 50,257 × 20 × 10%
    lower = item(
        c.calculate(victim(assessment_date=ASSESSED, grades=(10,), domicile=GUANGDONG_2020), SHENZHEN_2020),
        c.ItemCode.DISABILITY,
    )
    assert lower.amount == D("129756.00") and "not higher" in lower.notes[0]  # 64,878 × 20 × 10%


def test_mental_distress_is_as_judged_and_capped_only_by_a_provincial_setting():
    """Art. 23 / 精神损害赔偿解释 Art. 5: no national formula or cap; Zhejiang's guidance "原则上不超过10万元"."""
    claimed = victim(mental_distress=c.Expense(D("120000")))
    assert item(c.calculate(claimed, JILIN), c.ItemCode.MENTAL_DISTRESS).amount == D("120000.00")
    capped = item(
        c.calculate(claimed, ZHEJIANG, c.Settings(mental_distress_cap=D("100000"))),
        c.ItemCode.MENTAL_DISTRESS,
    )
    assert capped.amount == D("100000") and capped.formula == "min(120,000.00, 100,000.00) = 100,000.00"


def test_each_item_is_rounded_half_up_to_the_cent():
    """4,500.15 a month ÷ 30 × 1 day = 150.005 → 150.01 half-up (half-even would give 150.00)."""
    income = c.Income(c.IncomeKind.FIXED, D("4500.15"), c.Per.MONTH)
    assert item(
        c.calculate(victim(income=income, lost_work_days=1), JILIN), c.ItemCode.LOST_EARNINGS
    ).amount == D("150.01")
    assert c.cents(Fraction(1, 200)) == D("0.01")
    assert c.cents(D("2.675")) == D("2.68")
    assert c.cents(Fraction(2, 3)) == D("0.67")


def test_only_the_claimed_items_and_a_claimed_item_needs_its_facts():
    facts = victim(hospital_days=10, transport=c.Expense(D("300")))
    calc = c.calculate(replace_claimed(facts, {c.ItemCode.TRANSPORT}), JILIN)
    assert [i.code for i in calc.items] == [c.ItemCode.TRANSPORT]
    with pytest.raises(ValueError, match="claimed"):
        c.calculate(replace_claimed(facts, {c.ItemCode.FUNERAL}), JILIN)


def replace_claimed(facts: c.Victim, codes) -> c.Victim:
    return c.Victim(**{**facts.__dict__, "claimed": frozenset(codes)})


def test_figures_out_of_force_on_the_reference_date_are_flagged():
    """Art. 22: "上一年度" is the last statistical year before the end of first-instance debate; Jilin's standard runs
    2023-09-01 – 2024-08-31."""
    assert c.calculate(victim(hospital_days=1), JILIN, on=date(2024, 3, 1)).notes == ()
    [note] = c.calculate(victim(hospital_days=1), JILIN, on=date(2024, 9, 15)).notes
    assert "吉林省 2022" in note and "2024-09-15" in note


# ==============================================================================================================
# Several disability grades (LAW.md §3)
# ==============================================================================================================
def test_one_grade_is_its_own_index():
    """人体损伤致残程度分级 §4.4: "从一级（人体致残率100%）到十级（人体致残率10%），每级致残率相差10%"."""
    for grade in range(1, 11):
        assert c.combine_grades([grade]).coefficient == D(11 - grade) / 10


def test_several_grades_add_an_index_per_further_grade():
    """GB 18667 Appendix B: C = Ct × C1 × (Ih + ΣIa,i). 64365.com: "one grade 9 plus three grade 10 = 20% + 3% = 23%"
    (the default table). shiguwen.com: grade 10 adds 2%, "one grade 8 plus two grade 10 = 30% + 2% + 2% = 34%"."""
    default = c.combine_grades([10, 9, 10, 10])
    assert (
        default.coefficient == D("0.23") and default.formula == "9 + 10 + 10 + 10: 20% + 1% + 1% + 1% = 23%"
    )
    two_percent = c.AdditionalIndexTable("shiguwen 实践", "LAW.md §3.3", {10: D("0.02")})
    assert c.combine_grades([8, 10, 10], two_percent).coefficient == D("0.34")
    with pytest.raises(c.MissingFigure):  # that table says nothing about grade 9
        c.combine_grades([8, 9], two_percent)
    with pytest.raises(ValueError):
        c.AdditionalIndexTable("too much", "", {10: D("0.11")})  # 0 ≤ Ia ≤ 10%
    with pytest.raises(ValueError):
        c.combine_grades([11])


def test_the_additional_indices_are_capped_at_ten_percent():
    """GB 18667: "ΣIa,i ≤ 10%". Grade 5 (60%) plus four grade 6 (5% each = 20%): 60% + 10% = 70%."""
    combination = c.combine_grades([5, 6, 6, 6, 6])
    assert combination.additional_sum == D("0.20") and combination.additional == D("0.10")
    assert combination.coefficient == D("0.70")
    assert combination.additional_capped and not combination.total_capped
    assert combination.formula == "5 + 6 + 6 + 6 + 6: 60% + min(5% + 5% + 5% + 5%, 10%) = 70%"


def test_the_total_is_capped_at_one_hundred_percent_and_both_caps_can_apply():
    """GB 18667: "Ih + ΣIa,i ≤ 100%". Grade 1 + grade 10: min(100% + 1%, 100%). Grades 1 + 2 + 3: Σ Ia = 9% + 8% = 17%
    → 10%, and 100% + 10% → 100%."""
    assert c.combine_grades([1, 10]).coefficient == D("1.00")
    both = c.combine_grades([3, 1, 2])
    assert both.additional_capped and both.total_capped and both.coefficient == D("1")
    assert both.formula == "1 + 2 + 3: min(100% + min(9% + 8%, 10%), 100%) = 100%"


def test_disability_compensation_uses_the_combined_coefficient_and_records_the_rule():
    """Jilin, grade 9 + three grade 10 = 23%: 35,471 × 20 × 23% = 163,166.60; the table's name is on the figure."""
    calc = c.calculate(victim(assessment_date=ASSESSED, grades=(9, 10, 10, 10)), JILIN)
    disability = item(calc, c.ItemCode.DISABILITY)
    assert disability.amount == D("163166.60")
    coefficient = next(f for f in disability.figures if f.name == "coefficient")
    assert coefficient.source == "9 + 10 + 10 + 10: 20% + 1% + 1% + 1% = 23%"
    assert coefficient.row == str(c.ONE_TENTH_TABLE.name)
    assert calc.grades.table is c.ONE_TENTH_TABLE


# ==============================================================================================================
# Dependants' living expenses (Arts. 16–17)
# ==============================================================================================================
def test_a_minor_dependant_to_18_divided_by_supporters_and_folded_into_disability_compensation():
    """Art. 16: "被扶养人生活费计入残疾赔偿金或者死亡赔偿金"; Art. 17: "被扶养人为未成年人的，计算至十八周岁…被扶养人还有其他
    扶养人的，赔偿义务人只赔偿受害人依法应当负担的部分". Jilin, grade 8, child aged 10 with 2 supporters:
    21,835 × 30% ÷ 2 × 8 = 26,202.00; 212,826.00 + 26,202.00 = 239,028.00, counted once in the total."""
    child = c.Dependant("女儿", date(2014, 3, 1), supporters=2)
    calc = c.calculate(victim(assessment_date=ASSESSED, grades=(8,), dependants=(child,)), JILIN)
    dependants = item(calc, c.ItemCode.DEPENDANTS)
    assert dependants.amount == D("26202.00") and dependants.included_in is c.ItemCode.DISABILITY
    assert dependants.formula == "21,835.00 × 30% ÷ 2 × 8 = 26,202.00"
    assert item(calc, c.ItemCode.DISABILITY).amount == D("239028.00")
    assert calc.total == D("239028.00")


def test_an_adult_dependant_without_capacity_follows_the_age_rule_and_one_able_to_work_is_none():
    """Art. 17: "被扶养人无劳动能力又无其他生活来源的，计算二十年。但六十周岁以上的，年龄每增加一岁减少一年". Sichuan 2022,
    death on 2024-03-01; the mother aged 66 (14 years), three children support her: 27,637 × 100% ÷ 3 × 14
    = 128,972.67; an adult son able to work is not a dependant."""
    mother = c.Dependant("母亲", date(1957, 6, 1), supporters=3, incapable=True)
    son = c.Dependant("儿子", date(2000, 6, 1))
    calc = c.calculate(
        victim(death_date=date(2024, 3, 1), dependants=(mother, son), claimed=DEATH_AND_DEPENDANTS), SICHUAN
    )
    dependants = item(calc, c.ItemCode.DEPENDANTS)
    assert dependants.amount == D("128972.67")
    assert dependants.formula == "27,637.00 × 100% ÷ 3 × 14 = 128,972.67"
    assert any("not a dependant" in note for note in dependants.notes)
    assert c.dependant_years(c.Dependant("满18", date(2006, 3, 1)), date(2024, 3, 1)) == (18, 0)
    assert c.dependant_years(c.Dependant("17", date(2006, 3, 2)), date(2024, 3, 1)) == (17, 1)


THREE = (
    c.Dependant("母亲", date(1961, 6, 1), supporters=2, incapable=True),  # 62 on 2024-03-01: 18 years
    c.Dependant("长子", date(2015, 6, 1), supporters=2),  # 8: 10 years
    c.Dependant("次子", date(2010, 6, 1), supporters=2),  # 13: 5 years
)


def test_the_dependants_yearly_total_is_capped_year_by_year():
    """Art. 17: "被扶养人有数人的，年赔偿总额累计不超过上一年度城镇居民人均消费支出额". Sichuan 2022 27,637 (c), death:
    years 1–5 three halves = 1.5c → c; years 6–10 two halves = c; years 11–18 one half = 0.5c.
    5c + 5c + 4c = 14c = 386,918.00 (uncapped it would be 9c + 5c + 2.5c = 16.5c)."""
    dependants = item(
        c.calculate(
            victim(death_date=date(2024, 3, 1), dependants=THREE, claimed=DEATH_AND_DEPENDANTS), SICHUAN
        ),
        c.ItemCode.DEPENDANTS,
    )
    assert dependants.amount == D("386918.00")
    assert dependants.formula.startswith(
        "min(27,637.00 × 100% ÷ 2 + 27,637.00 × 100% ÷ 2 + 27,637.00 × 100% ÷ 2, 27,637.00) × 5 + "
    )
    assert dependants.formula.endswith("27,637.00 × 100% ÷ 2 × 8 = 386,918.00")
    assert "Years 1–5" in dependants.notes[0]


def test_the_cap_over_the_total_is_the_other_setting():
    """Setting ``dependant_cap = OVER_TOTAL``: Σ 16.5c = 456,010.50 ≤ 18c = 497,466.00, so not capped."""
    settings = c.Settings(dependant_cap=c.DependantCap.OVER_TOTAL)
    dependants = item(
        c.calculate(
            victim(death_date=date(2024, 3, 1), dependants=THREE, claimed=DEATH_AND_DEPENDANTS),
            SICHUAN,
            settings,
        ),
        c.ItemCode.DEPENDANTS,
    )
    assert dependants.amount == D("456010.50")


def test_the_cap_after_or_before_the_coefficient():
    """Jilin, grade 5 (60%), two children aged 8 (10 years each), one supporter each.
    After the coefficient (default, "年赔偿总额"): 2 × 21,835 × 60% = 26,202 a year → capped 21,835 × 10 = 218,350.00.
    Before: min(2 × 21,835, 21,835) × 10 × 60% = 131,010.00."""
    children = (c.Dependant("甲", date(2016, 1, 1)), c.Dependant("乙", date(2016, 1, 1)))
    facts = victim(assessment_date=ASSESSED, grades=(5,), dependants=children)
    after = item(c.calculate(facts, JILIN), c.ItemCode.DEPENDANTS)
    assert after.amount == D("218350.00")
    before = item(
        c.calculate(facts, JILIN, c.Settings(dependant_cap_base=c.CapBase.BEFORE_COEFFICIENT)),
        c.ItemCode.DEPENDANTS,
    )
    assert before.amount == D("131010.00")
    assert before.formula == "(min(21,835.00 + 21,835.00, 21,835.00) × 10) × 60% = 131,010.00"


# ==============================================================================================================
# Allocation (LAW.md §1)
# ==============================================================================================================
def jilin_victim(name: str, grade: int, medical: str, **facts) -> c.Calculation:
    return c.calculate(
        c.Victim(
            name=name,
            birth_date=BORN,
            injury_date=INJURED,
            assessment_date=ASSESSED,
            grades=(grade,),
            medical=c.Expense(D(medical)),
            **facts,
        ),
        JILIN,
    )


def policies(ratio: str = "1", sum_insured: str = "1000000", add_ons=(), liable: bool = True) -> c.Policies:
    return c.Policies(
        c.COMPULSORY_LIMITS_2020,
        liable=liable,
        liability_ratio=D(ratio),
        commercial=c.CommercialPolicy(D(sum_insured), add_ons=tuple(add_ons)),
        accident_date=INJURED,
    )


def test_the_compulsory_limits_are_shared_in_proportion_to_the_losses_in_each_bucket():
    """道交解释 Art. 19: several victims share 交强险 in proportion to their losses; limits 180,000 / 18,000 (LAW.md §1.1).
    Death/disability: 212,826 (grade 8) and 70,942 (grade 10), Σ 283,768 > 180,000: 180,000 × 3/4 = 135,000.00 and
    45,000.00. Medical: 30,000 and 10,000 > 18,000: 13,500.00 and 4,500.00.
    Commercial, full liability, sum insured 1,000,000: the rest, 77,826 + 16,500 = 94,326.00 and 25,942 + 5,500
    = 31,442.00."""
    a = jilin_victim("甲", 8, "30000")
    b = jilin_victim("乙", 10, "10000")
    allocation = c.allocate([a, b], policies())
    first, second = allocation.victims
    assert first.bucket(c.Bucket.DEATH_DISABILITY).paid == D("135000.00")
    assert second.bucket(c.Bucket.DEATH_DISABILITY).paid == D("45000.00")
    assert (
        first.bucket(c.Bucket.DEATH_DISABILITY).formula == "180,000.00 × 212,826.00 ÷ 283,768.00 = 135,000.00"
    )
    assert (first.bucket(c.Bucket.MEDICAL).paid, second.bucket(c.Bucket.MEDICAL).paid) == (
        D("13500.00"),
        D("4500.00"),
    )
    assert [u.paid for u in allocation.buckets] == [D("180000.00"), D("18000.00"), D("0")]
    assert (first.commercial, second.commercial) == (D("94326.00"), D("31442.00"))
    assert first.not_covered == second.not_covered == 0
    main = allocation.covers[0]
    assert main.cover is c.Cover.MAIN and not main.shared and main.paid == D("125768.00")


def test_the_sum_insured_is_shared_between_victims_in_proportion():
    """Death/disability only: after 交强险 (135,000 / 45,000) the rest is 77,826.00 and 25,942.00, × 100% liability;
    Σ 103,768 > sum insured 100,000: 100,000 × 77,826 ÷ 103,768 = 75,000.00 and 25,000.00; the insured keeps 2,826.00
    and 942.00 (uninsured)."""
    a = c.calculate(victim(name="甲", assessment_date=ASSESSED, grades=(8,)), JILIN)
    b = c.calculate(victim(name="乙", assessment_date=ASSESSED, grades=(10,)), JILIN)
    allocation = c.allocate([a, b], policies(sum_insured="100000"))
    first, second = allocation.victims
    assert (first.compulsory, second.compulsory) == (D("135000.00"), D("45000.00"))
    assert (first.commercial, second.commercial) == (D("75000.00"), D("25000.00"))
    assert allocation.covers[0].formula == "min(103,768.00, 100,000.00) = 100,000.00"
    assert (first.uninsured, second.uninsured) == (D("2826.00"), D("942.00"))
    assert first.not_covered == D("2826.00") and first.beyond_liability == 0


def test_not_liable_limits_are_18000_1800_and_100():
    """LAW.md §1.1: not liable (无责): 18,000 / 1,800 / 100. Lost earnings 30,000 (fixed 10,000 a month × 90 days),
    medical 5,000, property 500: 交强险 pays 18,000.00 + 1,800.00 + 100.00; no liability share, so no commercial
    payment and the rest (15,600.00) is outside the insured's liability."""
    calc = c.calculate(
        victim(
            income=c.Income(c.IncomeKind.FIXED, D("10000")),
            lost_work_days=90,
            medical=c.Expense(D("5000")),
            property_loss=c.Expense(D("500")),
        ),
        JILIN,
    )
    allocation = c.allocate([calc], policies(ratio="0", liable=False))
    [one] = allocation.victims
    assert [s.paid for s in one.buckets] == [D("18000"), D("1800"), D("100")]
    assert one.commercial == 0 and one.not_covered == D("15600.00") == one.beyond_liability
    assert allocation.notes and "not liable" in allocation.notes[0]
    with pytest.raises(ValueError):
        c.Policies(c.COMPULSORY_LIMITS_2020, liable=False, liability_ratio=D("0.3"))


def test_rounded_shares_never_add_up_to_more_than_the_limit():
    """Three victims with 50.00 of property damage each, not liable (limit 100): 33.34 + 33.33 + 33.33 = 100.00, the
    left-over cent to the first of the equal remainders."""
    calcs = [
        c.calculate(victim(name=name, property_loss=c.Expense(D("50"))), JILIN) for name in ("甲", "乙", "丙")
    ]
    allocation = c.allocate(calcs, policies(ratio="0", liable=False))
    paid = [v.bucket(c.Bucket.PROPERTY).paid for v in allocation.victims]
    assert paid == [D("33.34"), D("33.33"), D("33.33")] and sum(paid) == D("100")
    assert allocation.victims[0].bucket(c.Bucket.PROPERTY).formula.endswith("(+0.01)")
    for total, weights in [
        (D("18000"), [D("12345.67"), D("0.01"), D("99999.99")]),
        (D("180000"), [D("10000")] * 21),  # 8,571.428571… each: 18 left-over cents, the first 18 get 8,571.43
        (D("1800"), [D("2000.03"), D("7.77")]),
    ]:
        shares, _bumped = c.share_in_proportion(total, weights)
        assert sum(shares) == total
        assert all(s <= w for s, w in zip(shares, weights, strict=True))


def test_mental_distress_is_paid_first_within_the_death_disability_limit_when_asked():
    """道交解释 Art. 13(2): the victim may ask 交强险 to pay 精神损害 first; without the add-on the commercial policy does
    not pay it (LAW.md §1.3). Jilin grade 8: 212,826.00 + mental distress 50,000.00 = 262,826.00 > 180,000; liability 70%.
    Asked first: mental distress 50,000.00 from 交强险, disability 130,000.00; commercial (212,826 − 130,000) × 70%
    = 57,978.20; nothing uninsured.
    Not asked: in proportion, mental distress 180,000 × 50,000 ÷ 262,826 = 34,243.1875…, disability 145,756.8124…;
    cut to the cent 34,243.18 + 145,756.81 = 179,999.99, the left-over cent to the larger remainder (0.75 > 0.25):
    34,243.19. The mental distress rest 15,756.81 × 70% = 11,029.767 → 11,029.77 falls on the insured (no add-on);
    with an add-on of 20,000 it is paid."""
    facts = {"assessment_date": ASSESSED, "grades": (8,), "mental_distress": c.Expense(D("50000"))}
    first = c.allocate([c.calculate(victim(**facts, mental_distress_first=True), JILIN)], policies("0.7"))
    [v] = first.victims
    lines = {line.code: line for line in v.items}
    assert lines[c.ItemCode.MENTAL_DISTRESS].compulsory == D("50000.00")
    assert lines[c.ItemCode.DISABILITY].compulsory == D("130000.00")
    assert lines[c.ItemCode.DISABILITY].formula == "(212,826.00 − 130,000.00) × 70% = 57,978.20"
    assert v.commercial == D("57978.20") and v.uninsured == 0

    plain = c.allocate([c.calculate(victim(**facts), JILIN)], policies("0.7"))
    lines = {line.code: line for line in plain.victims[0].items}
    assert lines[c.ItemCode.MENTAL_DISTRESS].compulsory == D("34243.19")
    assert lines[c.ItemCode.DISABILITY].compulsory == D("145756.81")
    assert lines[c.ItemCode.MENTAL_DISTRESS].cover is None
    assert lines[c.ItemCode.MENTAL_DISTRESS].uninsured == D("11029.77")

    add_on = c.AddOn(c.Cover.MENTAL_DISTRESS, D("20000"), "附加精神损害抚慰金责任险")
    bought = c.allocate([c.calculate(victim(**facts), JILIN)], policies("0.7", add_ons=[add_on]))
    lines = {line.code: line for line in bought.victims[0].items}
    assert lines[c.ItemCode.MENTAL_DISTRESS].commercial == D("11029.77")
    assert bought.victims[0].commercial_by_cover()[c.Cover.MENTAL_DISTRESS] == D("11029.77")


@pytest.mark.parametrize(
    ("order", "compulsory_outside", "commercial", "uninsured"),
    [
        # in proportion: 18,000 × 40,000/50,000 = 14,400 and 3,600; (40,000 − 14,400) × 70% = 17,920; (10,000 − 3,600)
        # × 70% = 4,480 uninsured
        (c.MedicalOrder.PROPORTIONAL, "3600.00", "17920.00", "4480.00"),
        # 医保 first: 18,000 of the 40,000; (40,000 − 18,000) × 70% = 15,400; 10,000 × 70% = 7,000 uninsured
        (c.MedicalOrder.INSURED_FIRST, "0", "15400.00", "7000.00"),
        # non-医保 first: 10,000 + 8,000; (40,000 − 8,000) × 70% = 22,400; nothing uninsured
        (c.MedicalOrder.NON_INSURED_FIRST, "10000.00", "22400.00", "0"),
    ],
)
def test_non_insurance_medical_costs_need_the_add_on_and_the_order_within_the_medical_limit_is_a_setting(
    order, compulsory_outside, commercial, uninsured
):
    """LAW.md §1.3: the 2020 model clauses exclude "medical costs beyond the national basic medical insurance standard"
    unless the add-on is bought; whether 交强险 pays 医保 costs first is open (a setting). Medical 50,000.00, of which
    10,000.00 outside 医保; liability 70%."""
    calc = c.calculate(victim(medical=c.Expense(D("50000"), D("10000"))), JILIN)
    allocation = c.allocate([calc], policies("0.7"), c.Settings(compulsory_medical_order=order))
    [v] = allocation.victims
    outside = next(line for line in v.items if line.non_insurance)
    assert outside.compulsory == D(compulsory_outside)
    assert v.compulsory == D("18000.00")
    assert v.commercial == D(commercial) and v.uninsured == D(uninsured)
    assert v.not_covered == v.beyond_liability + v.uninsured


def test_the_non_insurance_add_on_pays_up_to_its_limit():
    """In proportion (default): 4,480.00 of non-医保 liability; an add-on of 5,000 pays it all, one of 3,000 pays 3,000
    and leaves 1,480.00 with the insured."""
    calc = c.calculate(victim(medical=c.Expense(D("50000"), D("10000"))), JILIN)
    plenty = c.allocate([calc], policies("0.7", add_ons=[c.AddOn(c.Cover.NON_INSURANCE_MEDICAL, D("5000"))]))
    assert plenty.victims[0].commercial == D("22400.00") and plenty.victims[0].uninsured == 0
    short = c.allocate([calc], policies("0.7", add_ons=[c.AddOn(c.Cover.NON_INSURANCE_MEDICAL, D("3000"))]))
    assert short.victims[0].commercial_by_cover()[c.Cover.NON_INSURANCE_MEDICAL] == D("3000.00")
    assert short.victims[0].uninsured == D("1480.00")
    assert short.covers[1].shared


def test_the_limits_are_data_with_effective_dates():
    """LAW.md §1.1: 180,000 / 18,000 / 2,000 from 2020-09-19; before, 110,000 / 10,000 / 2,000 (no fault 11,000 /
    1,000 / 100)."""
    assert c.limits_in_force(date(2020, 9, 19)) is c.COMPULSORY_LIMITS_2020
    before = c.limits_in_force(date(2020, 9, 18))
    assert before.limits(True)[c.Bucket.DEATH_DISABILITY] == D("110000")
    assert before.limits(False) == {
        c.Bucket.DEATH_DISABILITY: D("11000"),
        c.Bucket.MEDICAL: D("1000"),
        c.Bucket.PROPERTY: D("100"),
    }
    with pytest.raises(ValueError):
        c.Policies(before, liable=True, liability_ratio=D("1"), accident_date=date(2024, 1, 1))


def test_the_buckets_follow_the_compulsory_clause():
    """交强险条款 Art. 8: 康复费、护理费、误工费、被扶养人生活费 under 死亡伤残; 住院伙食补助费、营养费、后续治疗费、整容费 under 医疗费用."""
    assert c.BUCKET_OF[c.ItemCode.REHABILITATION] is c.Bucket.DEATH_DISABILITY
    assert c.BUCKET_OF[c.ItemCode.NURSING] is c.Bucket.DEATH_DISABILITY
    assert c.BUCKET_OF[c.ItemCode.DEPENDANTS] is c.Bucket.DEATH_DISABILITY
    for code in (
        c.ItemCode.HOSPITAL_MEALS,
        c.ItemCode.NUTRITION,
        c.ItemCode.FOLLOW_UP_TREATMENT,
        c.ItemCode.COSMETIC,
    ):
        assert c.BUCKET_OF[code] is c.Bucket.MEDICAL
    assert set(c.BUCKET_OF) == set(c.ItemCode)


def test_the_settings_are_printed_with_their_defaults():
    lines = c.Settings(age_rule=c.AgeRule.DAY_AFTER_BIRTHDAY).describe()
    assert [code for code, *_rest in lines] == [
        "additional_index",
        "dependant_cap",
        "dependant_cap_base",
        "compulsory_medical_order",
        "age_rule",
        "days_per_year",
        "days_per_month",
        "mental_distress_cap",
    ]
    assert {code: default for code, _label, _value, default in lines} == {
        "additional_index": True,
        "dependant_cap": True,
        "dependant_cap_base": True,
        "compulsory_medical_order": True,
        "age_rule": False,
        "days_per_year": True,
        "days_per_month": True,
        "mental_distress_cap": True,
    }
    calc = c.calculate(victim(hospital_days=1), JILIN)
    assert calc.settings is c.DEFAULT_SETTINGS
    assert c.allocate([calc], policies()).settings is c.DEFAULT_SETTINGS


def test_the_module_imports_no_django_models():
    """Acceptance: "The calculator's module has no import of Django models" — only the standard library and
    django.utils.translation."""
    tree = ast.parse(Path(c.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports (app modules may hold models)"
            imported.add(node.module)
    allowed = set(sys.stdlib_module_names) | {"__future__"}
    assert {name for name in imported if name.split(".")[0] not in allowed} == {"django.utils.translation"}
    assert not any("models" in name or name.startswith("django.db") for name in imported)
