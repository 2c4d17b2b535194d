"""The compensation calculator (issue 10 point 1): pure functions over plain data, no database.

A selector turns the reference rows (``CompensationStandard``, ``IndustryWage``, ``DisabilityAid``) and the claim's
facts into the frozen dataclasses below and calls :func:`calculate` once per victim, then :func:`allocate` once per
accident. Every result carries its formula with the figures in it, and each figure its source (region, statistical
year, table row, document), so the calculation sheet prints the reasoning and not only the number. Sources of the
rules: ``LAW.md`` §1 (交强险 limits, 2020 reform, commercial third-party), §2 (the 2022 人身损害赔偿 interpretation,
"the interpretation" below), §3 (several disability grades), §4 (provincial figures).

Read top to bottom:

1. inputs — the region's figures, the victim's facts, the settings;
2. results — :class:`Figure`, :class:`Item`, :class:`Calculation`;
3. :func:`calculate` and one function per item of the interpretation, in the order of its articles (Arts. 6–15,
   23), with the choice of region (Art. 18, 22);
4. the age rule (Arts. 12, 15, 17) and 周岁;
5. several disability grades (GB 18667-2002 Appendix B, borrowed by courts);
6. dependants' living expenses (Arts. 16–17), folded into disability or death compensation;
7. allocation of one accident over 交强险 and the commercial third-party policy (LAW.md §1).

Money is ``Decimal`` yuan. Intermediate arithmetic is exact (``fractions.Fraction``); each item is rounded once,
half-up to 0.01 yuan (:func:`cents`), so the printed formula reproduces the amount.

Points the law leaves open are named settings (:class:`Settings`), printed on every sheet
(:meth:`Settings.describe`). Defaults and the reason for each:

* ``additional_index`` — the additional index of each further grade (附加指数 Ia). Default
  :data:`ONE_TENTH_TABLE`: one tenth of the grade's own index (grade 10 adds 1% … grade 1 adds 10%). No national
  rule fixes Ia (LAW.md §3.3); this table reproduces the only documented worked example for grade 10 (one grade 9
  plus three grade 10 = 23%), is the lower of the two documented practices (the other adds 2% for grade 10), and
  never exceeds GB 18667's bound of 10% per index. A province or court with its own table sets it.
* ``dependant_cap`` — the yearly cap over several dependants ("年赔偿总额累计不超过上一年度城镇居民人均消费支出额").
  Default :attr:`DependantCap.YEAR_BY_YEAR`: the text caps the *yearly* total, so each year is capped on its own
  (the years in which fewer dependants remain are not pulled down by the crowded years).
* ``dependant_cap_base`` — whether that cap is compared after or before the disability coefficient. Default
  :attr:`CapBase.AFTER_COEFFICIENT`: the text caps the 赔偿总额, the amount compensated, which already carries the
  coefficient. The alternative (cap, then multiply by the coefficient) is also seen in practice.
* ``compulsory_medical_order`` — which part of a victim's medical costs the 交强险 medical limit pays first when the
  limit does not cover them all: 医保-covered costs or costs outside the 医保 standard. It matters because the
  commercial policy pays the non-医保 rest only with its add-on. Default :attr:`MedicalOrder.PROPORTIONAL`: no rule
  says either (LAW.md §1.3, §6.2), and in proportion shifts the gap neither onto the insured nor onto the insurer.
* ``age_rule`` — the day a 周岁 is reached. Default :attr:`AgeRule.ON_BIRTHDAY` (common civil usage: on the
  birthday). The strict reading of 民法典 Arts. 201/203 (a year completes at the end of the anniversary, as in the
  criminal-law rule "从周岁生日的第二天起算") is :attr:`AgeRule.DAY_AFTER_BIRTHDAY`. Under both, a 29 February
  birthday falls on 28 February in a common year (民法典 Art. 203: no corresponding day → the month's last day).
* ``days_per_year`` (365) and ``days_per_month`` (30) — converting yearly or monthly income to a daily rate. The
  interpretation counts lost-work and care time in days without saying calendar or working days (LAW.md §5.3);
  calendar days are the default. A daily wage the court publishes is used as published (Jilin's 334.18 元/日 is
  its 87,222 yearly wage ÷ 261 working days).
* ``mental_distress_cap`` — a provincial guidance cap on 精神损害抚慰金. Default none: there is no national cap
  (Art. 23; Zhejiang's guidance is "一般以5万元为限 … 原则上不超过10万元").

Decided here, not settings (said on the sheet through the item's figures): a minor dependant is counted to 18 even
when also without working capacity (Art. 17's first clause); the court's published 丧葬费 is used when the standard
has one, else six months of the average wage; more than one carer needs the hospital's or assessor's certificate
(Art. 8 "原则上为一人"); the 20-year care limit counts every care period of the victim together.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = [
    "COMPULSORY_LIMITS",
    "COMPULSORY_LIMITS_2020",
    "DEFAULT_SETTINGS",
    "ONE_TENTH_TABLE",
    "AddOn",
    "AdditionalIndexTable",
    "AgeRule",
    "Aid",
    "Allocation",
    "Bucket",
    "BucketShare",
    "BucketUse",
    "Calculation",
    "CapBase",
    "CommercialPolicy",
    "CompulsoryLimits",
    "Cover",
    "CoverUse",
    "Dependant",
    "DependantCap",
    "Expense",
    "Figure",
    "GradeCombination",
    "Income",
    "IncomeKind",
    "IndustryWage",
    "Item",
    "ItemAllocation",
    "ItemCode",
    "MedicalOrder",
    "MissingFigure",
    "Nursing",
    "Per",
    "Policies",
    "RegionFigures",
    "Settings",
    "Victim",
    "VictimAllocation",
    "age_in_full_years",
    "allocate",
    "calculate",
    "cents",
    "combine_grades",
    "compensation_years",
    "daily_income",
    "dependant_years",
    "dependants_living_expenses",
    "limits_in_force",
    "share_in_proportion",
]

ZERO = Decimal("0")
ONE = Decimal("1")
CENT = Decimal("0.01")
SPC = "人身损害赔偿解释 (2022)"  # 最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释, in force 2022-05-01


# ==============================================================================================================
# 1. Inputs
# ==============================================================================================================
class MissingFigure(ValueError):
    """A figure the calculation needs is not in the reference data: the calculator asks instead of guessing."""

    def __init__(self, figure: str, region: str = "", year: int | None = None, item: str = ""):
        self.figure, self.region, self.year, self.item = figure, region, year, item
        where = f"{region} {year}" if year else region
        super().__init__(
            _("%(figure)s is missing for %(where)s: add it to the reference data to calculate %(item)s.")
            % {"figure": figure, "where": where or "—", "item": item or "—"}
        )


@dataclass(frozen=True)
class IndustryWage:
    """One industry's average wage in the court's standard (误工费 without proven income; a hired carer)."""

    industry: str
    annual_wage: Decimal | None = None
    daily_wage: Decimal | None = None


@dataclass(frozen=True)
class RegionFigures:
    """One region's figures for one statistical year (interpretation Art. 22: "上一统计年度", per province and
    separately for 经济特区/计划单列市), as a ``CompensationStandard`` row holds them. An empty figure is unknown."""

    region: str  # as printed: "吉林省", "广东省 · 深圳"
    stat_year: int  # the year the statistics describe
    source: str  # who published them, document number
    urban_disposable_income: Decimal | None = None  # 城镇居民人均可支配收入, yuan/year
    urban_consumption: Decimal | None = None  # 城镇居民人均消费支出, yuan/year
    average_wage: Decimal | None = None  # 职工平均工资, yuan/year
    funeral_expenses: Decimal | None = None  # 丧葬费 as the court publishes it
    hospital_meal_allowance: Decimal | None = None  # yuan/day
    nursing_daily_wage: Decimal | None = None  # yuan/day
    industry_wages: tuple[IndustryWage, ...] = ()
    effective_from: datetime.date | None = None  # the window in which courts apply them
    effective_to: datetime.date | None = None

    def in_force(self, day: datetime.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to
        )

    def figure(self, name: str, value, row: str = "") -> Figure:
        return Figure(name, value, source=self.source, region=self.region, year=self.stat_year, row=row)

    def need(self, name: str, item: ItemCode) -> Decimal:
        value = getattr(self, name)
        if value is None:
            raise MissingFigure(str(FIGURE_LABELS[name]), self.region, self.stat_year, str(ITEM_LABELS[item]))
        return value

    def industry(self, name: str, item: ItemCode) -> IndustryWage:
        for row in self.industry_wages:
            if row.industry == name:
                return row
        raise MissingFigure(
            f"{FIGURE_LABELS['industry_wage']} · {name}", self.region, self.stat_year, str(ITEM_LABELS[item])
        )


class IncomeKind(StrEnum):
    """Interpretation Art. 7: how lost income is proven."""

    FIXED = "fixed"  # 有固定收入: the actual income lost
    AVERAGE_3Y = "average_3y"  # 无固定收入: the average income of the last three years
    INDUSTRY = "industry"  # cannot be proven: the same or a similar industry at the court's location


class Per(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


PER_LABELS = {
    Per.DAY: gettext_lazy("per day"),
    Per.MONTH: gettext_lazy("per month"),
    Per.YEAR: gettext_lazy("per year"),
}


@dataclass(frozen=True)
class Income:
    """The evidence of a person's income (the victim's, or a carer's: Art. 8 "参照误工费的规定计算")."""

    kind: IncomeKind
    amount: Decimal | None = None  # FIXED: the income per ``per``
    per: Per = Per.MONTH
    yearly: tuple[Decimal, ...] = ()  # AVERAGE_3Y: the incomes of the last three years
    industry: str = ""  # INDUSTRY: the row of the court's industry wages
    evidence: str = ""  # payslips, tax records, ...


@dataclass(frozen=True)
class Expense:
    """An amount proven by receipts or set by an opinion (hospital, assessor, court, agreement); or days × a daily
    rate (营养费 by the hospital's opinion). ``non_insurance``: the part outside the 医保 standard (medical items)."""

    amount: Decimal = ZERO
    non_insurance: Decimal = ZERO
    days: int | None = None
    daily_rate: Decimal | None = None
    evidence: str = ""

    def __post_init__(self):
        if self.amount < 0 or self.non_insurance < 0 or (self.daily_rate is not None and self.daily_rate < 0):
            raise ValueError("amounts cannot be negative")
        if (self.days is None) != (self.daily_rate is None):
            raise ValueError("give both days and a daily rate, or neither")
        if self.non_insurance > self.total:
            raise ValueError("the non-医保 part cannot exceed the amount")

    @property
    def total(self) -> Decimal:
        if self.days is not None and self.daily_rate is not None:
            return cents(Fraction(self.daily_rate) * self.days)
        return cents(self.amount)


@dataclass(frozen=True)
class Nursing:
    """One care period (Art. 8): carers × days × daily rate, × the care-dependency share after the assessment.

    The rate: a carer with income is paid like lost earnings (``carer_income``); a carer with no income or a hired
    carer at the local rate for the care level (``daily_rate``, else the standard's nursing daily wage)."""

    days: int
    carers: int = 1
    more_carers_certified: bool = False  # the hospital or the assessor says more than one carer is needed
    carer_income: Income | None = None
    daily_rate: Decimal | None = None
    rate_source: str = ""
    dependency: Decimal = ONE  # care dependency after the assessment (GB/T 31147), 1 = full
    period: str = ""  # "in hospital 2024-01-05 – 2024-02-10"

    def __post_init__(self):
        if self.days < 0 or self.carers < 1 or not (0 <= self.dependency <= 1):
            raise ValueError("care days ≥ 0, carers ≥ 1, dependency between 0 and 1")


@dataclass(frozen=True)
class Aid:
    """A disability aid (Art. 13): price × quantity × the number of pieces over the period the fitting institution
    sets (period ÷ service life, rounded up; one piece without them)."""

    name: str
    unit_price: Decimal
    quantity: int = 1
    service_life_years: int | None = None
    period_years: int | None = None
    source: str = ""  # the price-list row or the fitting institution's opinion

    @property
    def pieces(self) -> int:
        if self.service_life_years and self.period_years:
            return math.ceil(self.period_years / self.service_life_years)
        return 1


@dataclass(frozen=True)
class Dependant:
    """A person the victim supported (Art. 17)."""

    name: str
    birth_date: datetime.date
    supporters: int = 1  # the persons bound to support them, the victim included ("÷ supporters")
    incapable: bool = False  # an adult without working capacity and without other income

    def __post_init__(self):
        if self.supporters < 1:
            raise ValueError("a dependant has at least one supporter: the victim")


@dataclass(frozen=True)
class Victim:
    """The facts of one injured or deceased person."""

    name: str
    birth_date: datetime.date
    injury_date: datetime.date
    assessment_date: datetime.date | None = None  # 定残日
    death_date: datetime.date | None = None
    grades: tuple[int, ...] = ()  # one disability grade (1–10) per disability (人体损伤致残程度分级 §4.1)
    # 误工费 (Art. 7)
    income: Income | None = None
    lost_work_days: int | None = None  # from the treating hospital's certificate
    lost_work_until_assessment: bool = False  # continuing absence: counted up to the day before 定残日
    # 护理费 (Art. 8), 住院伙食补助费 (Art. 10)
    nursing: tuple[Nursing, ...] = ()
    hospital_days: int = 0
    # receipts and opinions
    medical: Expense | None = None  # 医药费、诊疗费、住院费 (Art. 6)
    follow_up_treatment: Expense | None = None  # 后续治疗费 (Art. 6)
    cosmetic: Expense | None = None  # 整容费 (Art. 6)
    rehabilitation: Expense | None = None  # 康复费 (Art. 6)
    nutrition: Expense | None = None  # 营养费 (Art. 11)
    transport: Expense | None = None  # 交通费 (Art. 9), the relatives' funeral trips included
    lodging: Expense | None = None  # 住宿费 (Art. 10)
    aids: tuple[Aid, ...] = ()  # 残疾辅助器具费 (Art. 13)
    mental_distress: Expense | None = None  # 精神损害抚慰金 (Art. 23), as judged or agreed
    mental_distress_first: bool = False  # asks 交强险 to pay it first (道交解释 Art. 13)
    property_loss: Expense | None = None  # 财产损失 (交强险 property limit)
    dependants: tuple[Dependant, ...] = ()
    domicile: RegionFigures | None = None  # claimed: the domicile's (habitual residence's) figures (Art. 18)
    claimed: frozenset[str] | None = None  # item codes claimed; None: every item the facts support

    def __post_init__(self):
        for day in (self.injury_date, self.assessment_date, self.death_date):
            if day is not None and day < self.birth_date:
                raise ValueError("a date of the victim is before their birth")
        if self.assessment_date and self.assessment_date < self.injury_date:
            raise ValueError("the disability assessment cannot be before the injury")
        if self.lost_work_until_assessment and not self.assessment_date:
            raise ValueError("lost work until the assessment needs the assessment date")


# --- the settings for the points the law leaves open (documented in the module docstring) ---------------------
class DependantCap(StrEnum):
    YEAR_BY_YEAR = "year_by_year"
    OVER_TOTAL = "over_total"  # Σ ≤ consumption × the longest dependency period


class CapBase(StrEnum):
    AFTER_COEFFICIENT = "after_coefficient"
    BEFORE_COEFFICIENT = "before_coefficient"


class MedicalOrder(StrEnum):
    PROPORTIONAL = "proportional"
    INSURED_FIRST = "insured_first"  # 医保-covered costs first
    NON_INSURED_FIRST = "non_insured_first"


class AgeRule(StrEnum):
    ON_BIRTHDAY = "on_birthday"
    DAY_AFTER_BIRTHDAY = "day_after_birthday"


@dataclass(frozen=True)
class AdditionalIndexTable:
    """The additional index Ia of each further disability grade (GB 18667-2002 Appendix B: 0 ≤ Ia ≤ 10%), as a
    province or court applies it; grades the table leaves out cannot be combined under it."""

    name: str
    source: str
    per_grade: Mapping[int, Decimal]

    def __post_init__(self):
        for grade, index in self.per_grade.items():
            if grade not in range(1, 11) or not (0 <= index <= ADDITIONAL_INDEX_MAX):
                raise ValueError(f"grade {grade}: an additional index lies between 0 and 10%")

    def index(self, grade: int) -> Decimal:
        if grade not in self.per_grade:
            raise MissingFigure(f"{self.name} · {grade}", item=str(ITEM_LABELS[ItemCode.DISABILITY]))
        return self.per_grade[grade]


GRADE_INDEX = MappingProxyType({grade: Decimal(11 - grade) / 10 for grade in range(1, 11)})
"""人体损伤致残程度分级 §4.4: grade 1 = 100% … grade 10 = 10%, 10% apart."""
ADDITIONAL_INDEX_MAX = Decimal("0.10")  # GB 18667 Appendix B: each Ia ≤ 10%, and Σ Ia ≤ 10%
COEFFICIENT_MAX = ONE  # Ih + Σ Ia ≤ 100%

ONE_TENTH_TABLE = AdditionalIndexTable(
    name=gettext_lazy("One tenth of each grade's own index"),
    source="LAW.md §3.3: 64365.com practice (grade 10 adds 1%; grade 9 + 3 × grade 10 = 23%), extended at one "
    "tenth of each grade's index; GB 18667-2002 Appendix B bounds",
    per_grade=MappingProxyType({grade: index / 10 for grade, index in GRADE_INDEX.items()}),
)


@dataclass(frozen=True)
class Settings:
    additional_index: AdditionalIndexTable = ONE_TENTH_TABLE
    dependant_cap: DependantCap = DependantCap.YEAR_BY_YEAR
    dependant_cap_base: CapBase = CapBase.AFTER_COEFFICIENT
    compulsory_medical_order: MedicalOrder = MedicalOrder.PROPORTIONAL
    age_rule: AgeRule = AgeRule.ON_BIRTHDAY
    days_per_year: int = 365
    days_per_month: int = 30
    mental_distress_cap: Decimal | None = None

    def describe(self) -> tuple[tuple[str, str, str, bool], ...]:
        """(code, label, value, is the default) for each setting, for the sheet."""
        default = Settings()
        values = {
            "additional_index": str(self.additional_index.name),
            "dependant_cap": str(SETTING_VALUES[self.dependant_cap]),
            "dependant_cap_base": str(SETTING_VALUES[self.dependant_cap_base]),
            "compulsory_medical_order": str(SETTING_VALUES[self.compulsory_medical_order]),
            "age_rule": str(SETTING_VALUES[self.age_rule]),
            "days_per_year": str(self.days_per_year),
            "days_per_month": str(self.days_per_month),
            "mental_distress_cap": yuan(self.mental_distress_cap)
            if self.mental_distress_cap is not None
            else _("none"),
        }
        return tuple(
            (code, str(SETTING_LABELS[code]), value, getattr(self, code) == getattr(default, code))
            for code, value in values.items()
        )


DEFAULT_SETTINGS = Settings()

SETTING_LABELS = {
    "additional_index": gettext_lazy("Additional index per further disability grade"),
    "dependant_cap": gettext_lazy("Dependants' yearly cap"),
    "dependant_cap_base": gettext_lazy("Dependants' cap compared"),
    "compulsory_medical_order": gettext_lazy("交强险 medical limit pays first"),
    "age_rule": gettext_lazy("A year of age (周岁) is reached"),
    "days_per_year": gettext_lazy("Days per year (yearly income to a daily rate)"),
    "days_per_month": gettext_lazy("Days per month (monthly income to a daily rate)"),
    "mental_distress_cap": gettext_lazy("Cap on mental distress compensation"),
}
SETTING_VALUES = {
    DependantCap.YEAR_BY_YEAR: gettext_lazy("year by year"),
    DependantCap.OVER_TOTAL: gettext_lazy("over the total of the longest period"),
    CapBase.AFTER_COEFFICIENT: gettext_lazy("after the disability coefficient"),
    CapBase.BEFORE_COEFFICIENT: gettext_lazy("before the disability coefficient"),
    MedicalOrder.PROPORTIONAL: gettext_lazy("医保 and non-医保 costs in proportion"),
    MedicalOrder.INSURED_FIRST: gettext_lazy("医保-covered costs first"),
    MedicalOrder.NON_INSURED_FIRST: gettext_lazy("non-医保 costs first"),
    AgeRule.ON_BIRTHDAY: gettext_lazy("on the birthday"),
    AgeRule.DAY_AFTER_BIRTHDAY: gettext_lazy("on the day after the birthday"),
}


# ==============================================================================================================
# 2. Results
# ==============================================================================================================
class ItemCode(StrEnum):
    MEDICAL = "medical"
    FOLLOW_UP_TREATMENT = "follow_up_treatment"
    COSMETIC = "cosmetic"
    REHABILITATION = "rehabilitation"
    LOST_EARNINGS = "lost_earnings"
    NURSING = "nursing"
    TRANSPORT = "transport"
    LODGING = "lodging"
    HOSPITAL_MEALS = "hospital_meals"
    NUTRITION = "nutrition"
    DISABILITY = "disability_compensation"
    AIDS = "disability_aids"
    FUNERAL = "funeral"
    DEATH = "death_compensation"
    DEPENDANTS = "dependants"
    MENTAL_DISTRESS = "mental_distress"
    PROPERTY = "property"
    AGREED_SUM = "agreed_sum"  # the non-medical items agreed as one sum (a fast-track agreement)


ITEM_LABELS = {
    ItemCode.MEDICAL: gettext_lazy("Medical expenses (医药费、诊疗费、住院费)"),
    ItemCode.FOLLOW_UP_TREATMENT: gettext_lazy("Follow-up treatment (后续治疗费)"),
    ItemCode.COSMETIC: gettext_lazy("Cosmetic treatment (整容费)"),
    ItemCode.REHABILITATION: gettext_lazy("Rehabilitation (康复费)"),
    ItemCode.LOST_EARNINGS: gettext_lazy("Lost earnings (误工费)"),
    ItemCode.NURSING: gettext_lazy("Nursing (护理费)"),
    ItemCode.TRANSPORT: gettext_lazy("Transport (交通费)"),
    ItemCode.LODGING: gettext_lazy("Lodging (住宿费)"),
    ItemCode.HOSPITAL_MEALS: gettext_lazy("Hospital meal allowance (住院伙食补助费)"),
    ItemCode.NUTRITION: gettext_lazy("Nutrition (营养费)"),
    ItemCode.DISABILITY: gettext_lazy("Disability compensation (残疾赔偿金)"),
    ItemCode.AIDS: gettext_lazy("Disability aids (残疾辅助器具费)"),
    ItemCode.FUNERAL: gettext_lazy("Funeral expenses (丧葬费)"),
    ItemCode.DEATH: gettext_lazy("Death compensation (死亡赔偿金)"),
    ItemCode.DEPENDANTS: gettext_lazy("Dependants' living expenses (被扶养人生活费)"),
    ItemCode.MENTAL_DISTRESS: gettext_lazy("Mental distress (精神损害抚慰金)"),
    ItemCode.PROPERTY: gettext_lazy("Property loss (财产损失)"),
    ItemCode.AGREED_SUM: gettext_lazy("Other items agreed as one sum (协议约定的其他赔偿)"),
}
BASIS = {
    ItemCode.MEDICAL: f"{SPC} Art. 6",
    ItemCode.FOLLOW_UP_TREATMENT: f"{SPC} Art. 6",
    ItemCode.COSMETIC: f"{SPC} Art. 6",
    ItemCode.REHABILITATION: f"{SPC} Art. 6",
    ItemCode.LOST_EARNINGS: f"{SPC} Art. 7",
    ItemCode.NURSING: f"{SPC} Art. 8",
    ItemCode.TRANSPORT: f"{SPC} Art. 9",
    ItemCode.LODGING: f"{SPC} Art. 10(2)",
    ItemCode.HOSPITAL_MEALS: f"{SPC} Art. 10(1)",
    ItemCode.NUTRITION: f"{SPC} Art. 11",
    ItemCode.DISABILITY: f"{SPC} Arts. 12, 18, 22",
    ItemCode.AIDS: f"{SPC} Art. 13",
    ItemCode.FUNERAL: f"{SPC} Art. 14",
    ItemCode.DEATH: f"{SPC} Arts. 15, 18, 22",
    ItemCode.DEPENDANTS: f"{SPC} Arts. 16, 17",
    ItemCode.MENTAL_DISTRESS: f"{SPC} Art. 23; 精神损害赔偿解释 (2020) Art. 5",
    ItemCode.PROPERTY: "民法典 Art. 1184",
    ItemCode.AGREED_SUM: "民法典 Art. 1179",
}
# Figure names: the reference-data ones reuse the msgids of the CompensationStandard fields.
FIGURE_LABELS = {
    "urban_disposable_income": gettext_lazy("urban per-capita disposable income (yuan/year)"),
    "urban_consumption": gettext_lazy("urban per-capita consumption expenditure (yuan/year)"),
    "average_wage": gettext_lazy("staff average wage (yuan/year)"),
    "funeral_expenses": gettext_lazy("funeral expenses (yuan)"),
    "hospital_meal_allowance": gettext_lazy("hospital meal allowance (yuan/day)"),
    "nursing_daily_wage": gettext_lazy("nursing daily wage (yuan/day)"),
    "industry_wage": gettext_lazy("industry"),
    "amount": gettext_lazy("amount"),
    "non_insurance": gettext_lazy("of which outside the 医保 standard"),
    "income": gettext_lazy("income"),
    "days": gettext_lazy("days"),
    "daily_rate": gettext_lazy("daily rate"),
    "carers": gettext_lazy("carers"),
    "dependency": gettext_lazy("care dependency"),
    "age": gettext_lazy("age in full years (周岁)"),
    "years": gettext_lazy("years of compensation"),
    "coefficient": gettext_lazy("disability coefficient"),
    "dependant": gettext_lazy("years of support of a dependant"),
    "pieces": gettext_lazy("pieces"),
    "supporters": gettext_lazy("supporters"),
    "dependants": ITEM_LABELS[ItemCode.DEPENDANTS],
}


@dataclass(frozen=True)
class Figure:
    """One number a formula uses, and where it comes from (region, statistical year, table row, document)."""

    name: str  # a key of FIGURE_LABELS
    value: Decimal | int | str
    source: str = ""
    region: str = ""
    year: int | None = None
    row: str = ""

    @property
    def label(self):
        return FIGURE_LABELS.get(self.name, self.name)

    @property
    def cited(self) -> str:
        return " · ".join(str(x) for x in (self.region, self.year, self.row, self.source) if x)


@dataclass(frozen=True)
class Item:
    """One head of damage: its amount, the formula with its figures, the rule, and notes."""

    code: ItemCode
    amount: Decimal
    formula: str
    figures: tuple[Figure, ...] = ()
    basis: str = ""
    notes: tuple[str, ...] = ()
    non_insurance: Decimal = ZERO  # the part outside the 医保 standard (medical items)
    included_in: ItemCode | None = None  # counted inside another item (被扶养人生活费 → 残疾/死亡赔偿金)

    @property
    def label(self):
        return ITEM_LABELS[self.code]

    @property
    def bucket(self) -> Bucket:
        return BUCKET_OF[self.code]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.cited for f in self.figures if f.cited))


@dataclass(frozen=True)
class GradeCombination:
    grades: tuple[int, ...]
    highest: int
    highest_index: Decimal  # Ih
    additions: tuple[tuple[int, Decimal], ...]  # (grade, Ia) of each further disability
    additional_sum: Decimal  # Σ Ia before the cap
    additional: Decimal  # Σ Ia after the 10% cap
    coefficient: Decimal  # Ih + Σ Ia after the 100% cap
    table: AdditionalIndexTable
    formula: str

    @property
    def additional_capped(self) -> bool:
        return self.additional < self.additional_sum

    @property
    def total_capped(self) -> bool:
        return self.coefficient < self.highest_index + self.additional


@dataclass(frozen=True)
class Calculation:
    """One victim's items, with the figures, settings and rules used."""

    victim: Victim
    court: RegionFigures
    items: tuple[Item, ...]
    settings: Settings
    grades: GradeCombination | None = None
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> Decimal:
        return sum((item.amount for item in self.items if item.included_in is None), ZERO)

    def item(self, code: ItemCode) -> Item | None:
        return next((item for item in self.items if item.code == code), None)


# ==============================================================================================================
# 3. The items, in the order of the interpretation's articles
# ==============================================================================================================
def calculate(
    victim: Victim,
    court: RegionFigures,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    on: datetime.date | None = None,
) -> Calculation:
    """Every item the victim claims (or, ``claimed`` None, every item their facts support).

    ``court``: the figures of the court's location (or the settlement's region) in force on ``on`` — the end of the
    first-instance debate in a suit, the settlement date otherwise (Art. 22 "上一统计年度"). A figure the standard
    lacks raises :class:`MissingFigure`."""
    notes = []
    if on is not None and not court.in_force(on):
        notes.append(
            _("The figures of %(region)s %(year)s are not in force on %(day)s.")
            % {"region": court.region, "year": court.stat_year, "day": on.isoformat()}
        )
    items: list[Item] = []
    for code, rule in ITEM_RULES:
        if victim.claimed is not None and code not in victim.claimed:
            continue
        produced = rule(victim, court, settings)
        if not produced and victim.claimed is not None:
            raise ValueError(
                _("%(item)s is claimed but the facts it needs are missing.") % {"item": ITEM_LABELS[code]}
            )
        items.extend(produced)
    grades = combine_grades(victim.grades, settings.additional_index) if victim.grades else None
    return Calculation(victim, court, tuple(items), settings, grades, tuple(notes))


def cents(value: Fraction | Decimal | int) -> Decimal:
    """Round half-up to 0.01 yuan, exactly (``quantize(Decimal("0.01"), ROUND_HALF_UP)`` on the exact value)."""
    if isinstance(value, Decimal):
        return value.quantize(CENT, ROUND_HALF_UP)
    value = Fraction(value)
    sign = -1 if value < 0 else 1
    whole, rest = divmod(abs(value) * 100, 1)
    hundredths = int(whole) + (1 if rest >= Fraction(1, 2) else 0)
    return (Decimal(sign * hundredths) / 100).quantize(CENT)


def yuan(value: Decimal | Fraction | int) -> str:
    return f"{Decimal(value) if not isinstance(value, Fraction) else cents(value):,.2f}"


def percent(value: Decimal | Fraction) -> str:
    number = (Decimal(value.numerator) / value.denominator if isinstance(value, Fraction) else value) * 100
    return f"{number.quantize(CENT).normalize():f}%"


def _receipts(code: ItemCode, expense: Expense | None) -> tuple[Item, ...]:
    """An item proven by receipts or set by an opinion: as incurred (Arts. 6, 9, 10(2), 11)."""
    if expense is None:
        return ()
    if expense.days is not None and expense.daily_rate is not None:
        formula = f"{yuan(expense.daily_rate)} × {expense.days} = {yuan(expense.total)}"
        figures = (
            Figure("daily_rate", expense.daily_rate, expense.evidence),
            Figure("days", expense.days, expense.evidence),
        )
    else:
        formula = yuan(expense.total)
        figures = (Figure("amount", expense.total, expense.evidence),)
    if expense.non_insurance:
        figures += (Figure("non_insurance", expense.non_insurance, expense.evidence),)
    return (
        Item(
            code,
            expense.total,
            formula,
            figures,
            BASIS[code],
            non_insurance=expense.non_insurance,
        ),
    )


def medical(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    """Art. 6: 医疗费 as incurred (receipts, records), costs certain to arise included; the part outside the 医保
    standard kept apart (the commercial policy pays it only with its add-on)."""
    return _receipts(ItemCode.MEDICAL, victim.medical)


def follow_up_treatment(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    return _receipts(ItemCode.FOLLOW_UP_TREATMENT, victim.follow_up_treatment)


def cosmetic(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    return _receipts(ItemCode.COSMETIC, victim.cosmetic)


def rehabilitation(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    return _receipts(ItemCode.REHABILITATION, victim.rehabilitation)


@dataclass(frozen=True)
class _Rate:
    value: Fraction
    expression: str
    figures: tuple[Figure, ...]
    notes: tuple[str, ...] = ()


def daily_income(income: Income, court: RegionFigures, settings: Settings, item: ItemCode) -> _Rate:
    """Art. 7: fixed income — the actual income; none fixed — the last three years' average; unproven — the
    average wage of the same or a similar industry at the court's location (previous statistical year)."""
    if income.kind is IncomeKind.FIXED:
        if income.amount is None:
            raise ValueError("a fixed income needs its amount")
        divisor = {Per.DAY: 1, Per.MONTH: settings.days_per_month, Per.YEAR: settings.days_per_year}[
            income.per
        ]
        expression = yuan(income.amount) + (f" ÷ {divisor}" if divisor != 1 else "")
        return _Rate(
            Fraction(income.amount) / divisor,
            expression,
            (Figure("income", income.amount, income.evidence, row=str(PER_LABELS[income.per])),),
        )
    if income.kind is IncomeKind.AVERAGE_3Y:
        if not 1 <= len(income.yearly) <= 3:
            raise ValueError("the average income takes the incomes of the last three years")
        terms = " + ".join(yuan(x) for x in income.yearly)
        count = len(income.yearly)
        notes = ()
        if count != 3:
            notes = (_("Only %(count)s year(s) of income proven: averaged over them.") % {"count": count},)
        return _Rate(
            Fraction(sum(income.yearly, ZERO)) / count / settings.days_per_year,
            f"({terms}) ÷ {count} ÷ {settings.days_per_year}",
            tuple(Figure("income", x, income.evidence, row=str(Per.YEAR)) for x in income.yearly),
            notes,
        )
    row = court.industry(income.industry, item)
    if row.daily_wage is not None:
        return _Rate(
            Fraction(row.daily_wage),
            yuan(row.daily_wage),
            (court.figure("industry_wage", row.daily_wage, row=f"{row.industry} ({Per.DAY})"),),
        )
    if row.annual_wage is None:
        raise MissingFigure(
            f"{FIGURE_LABELS['industry_wage']} · {row.industry}", court.region, court.stat_year
        )
    return _Rate(
        Fraction(row.annual_wage) / settings.days_per_year,
        f"{yuan(row.annual_wage)} ÷ {settings.days_per_year}",
        (court.figure("industry_wage", row.annual_wage, row=f"{row.industry} ({Per.YEAR})"),),
    )


def lost_earnings(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    """Art. 7: daily income × lost-work days (the hospital's certificate; with a continuing absence caused by the
    disability, from the injury up to the day before the assessment date, "定残日前一天")."""
    if victim.income is None:
        return ()
    if victim.lost_work_until_assessment:
        days = (victim.assessment_date - victim.injury_date).days
        days_source = (
            f"{victim.injury_date.isoformat()} – {victim.assessment_date.isoformat()} (定残日前一天)"
        )
    elif victim.lost_work_days is not None:
        days, days_source = victim.lost_work_days, victim.income.evidence
    else:
        return ()
    rate = daily_income(victim.income, court, settings, ItemCode.LOST_EARNINGS)
    amount = cents(rate.value * days)
    return (
        Item(
            ItemCode.LOST_EARNINGS,
            amount,
            f"{rate.expression} × {days} = {yuan(amount)}",
            (*rate.figures, Figure("days", days, days_source)),
            BASIS[ItemCode.LOST_EARNINGS],
            rate.notes,
        ),
    )


NURSING_MAX_YEARS = 20  # Art. 8: "护理期限…最长不超过二十年"


def nursing(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    """Art. 8: Σ rate × carers × days (× care dependency); normally one carer; at most 20 years of care."""
    if not victim.nursing:
        return ()
    left = NURSING_MAX_YEARS * settings.days_per_year
    total, terms, figures, notes = Fraction(0), [], [], []
    for period in victim.nursing:
        days = min(period.days, left)
        left -= days
        if days < period.days:
            notes.append(
                _("Care limited to %(years)s years: %(days)s of %(asked)s days counted.")
                % {"years": NURSING_MAX_YEARS, "days": days, "asked": period.days}
            )
        carers = period.carers
        if carers > 1 and not period.more_carers_certified:
            carers = 1
            notes.append(
                _("%(carers)s carers without a certificate from the hospital or the assessor: one counted.")
                % {"carers": period.carers}
            )
        if period.carer_income is not None:
            rate = daily_income(period.carer_income, court, settings, ItemCode.NURSING)
        elif period.daily_rate is not None:
            rate = _Rate(
                Fraction(period.daily_rate),
                yuan(period.daily_rate),
                (Figure("daily_rate", period.daily_rate, period.rate_source, row=period.period),),
            )
        else:
            wage = court.need("nursing_daily_wage", ItemCode.NURSING)
            rate = _Rate(Fraction(wage), yuan(wage), (court.figure("nursing_daily_wage", wage),))
        term = f"{rate.expression} × {carers} × {days}"
        value = rate.value * carers * days
        if period.dependency != 1:
            term += f" × {percent(period.dependency)}"
            value *= Fraction(period.dependency)
            figures.append(Figure("dependency", period.dependency, row=period.period))
        total += value
        terms.append(term)
        figures += [
            *rate.figures,
            Figure("carers", carers, row=period.period),
            Figure("days", days, row=period.period),
        ]
        notes += rate.notes
    amount = cents(total)
    return (
        Item(
            ItemCode.NURSING,
            amount,
            f"{' + '.join(terms)} = {yuan(amount)}",
            tuple(figures),
            BASIS[ItemCode.NURSING],
            tuple(notes),
        ),
    )


def transport(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    """Art. 9: official receipts matching place, time, persons and trips."""
    return _receipts(ItemCode.TRANSPORT, victim.transport)


def lodging(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    """Art. 10(2): the reasonable part of lodging when treatment elsewhere is needed and admission is impossible."""
    return _receipts(ItemCode.LODGING, victim.lodging)


def hospital_meals(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    """Art. 10(1): the local travel meal allowance of ordinary state-organ staff × days in hospital."""
    if not victim.hospital_days:
        return ()
    rate = court.need("hospital_meal_allowance", ItemCode.HOSPITAL_MEALS)
    amount = cents(Fraction(rate) * victim.hospital_days)
    return (
        Item(
            ItemCode.HOSPITAL_MEALS,
            amount,
            f"{yuan(rate)} × {victim.hospital_days} = {yuan(amount)}",
            (court.figure("hospital_meal_allowance", rate), Figure("days", victim.hospital_days)),
            BASIS[ItemCode.HOSPITAL_MEALS],
        ),
    )


def nutrition(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    """Art. 11: by the injury and the hospital's opinion (an amount, or days × a daily rate)."""
    return _receipts(ItemCode.NUTRITION, victim.nutrition)


def _urban(victim: Victim, court: RegionFigures, name: str, item: ItemCode) -> tuple[Decimal, Figure, str]:
    """The court location's figure, or the domicile's when the claimant proves it higher (Art. 18; for 被扶养人生活费
    "依照前款原则确定"). Returns the value, its figure and a note saying which was chosen and why."""
    value = court.need(name, item)
    home = victim.domicile
    if home is None:
        return value, court.figure(name, value), ""
    home_value = home.need(name, item)
    label = FIGURE_LABELS[name]
    if home_value > value:
        note = _(
            "%(figure)s of the domicile %(home)s (%(high)s) is higher than the court's %(court)s (%(low)s): used."
        )
        chosen, figure = home_value, home.figure(name, home_value)
    else:
        note = _(
            "%(figure)s of the domicile %(home)s (%(high)s) is not higher than the court's %(court)s (%(low)s)."
        )
        chosen, figure = value, court.figure(name, value)
    return (
        chosen,
        figure,
        note
        % {
            "figure": label,
            "home": home.region,
            "high": yuan(home_value),
            "court": court.region,
            "low": yuan(value),
        },
    )


def disability_compensation(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    """Art. 12: urban per-capita disposable income × years by age on the assessment date (定残日) × coefficient;
    the dependants' living expenses counted inside (Art. 16)."""
    if not victim.grades or victim.assessment_date is None:
        return ()
    code = ItemCode.DISABILITY
    income, income_figure, region_note = _urban(victim, court, "urban_disposable_income", code)
    age = age_in_full_years(victim.birth_date, victim.assessment_date, settings.age_rule)
    years = compensation_years(age)
    grades = combine_grades(victim.grades, settings.additional_index)
    base = cents(Fraction(income) * years * Fraction(grades.coefficient))
    formula = f"{yuan(income)} × {years} × {percent(grades.coefficient)}"
    figures = [
        income_figure,
        Figure("age", age, f"{victim.assessment_date.isoformat()} (定残日)"),
        Figure("years", years, "20; 60+: 20 − (age − 60); 75+: 5"),
        Figure("coefficient", grades.coefficient, grades.formula, row=str(grades.table.name)),
    ]
    return _with_dependants(
        victim, court, settings, code, base, formula, figures, region_note, grades.coefficient
    )


def aids(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    """Art. 13: ordinary suitable aids; replacement cycle and period per the fitting institution's opinion."""
    if not victim.aids:
        return ()
    terms, figures, total = [], [], Fraction(0)
    for aid in victim.aids:
        terms.append(f"{yuan(aid.unit_price)} × {aid.quantity} × {aid.pieces}")
        total += Fraction(aid.unit_price) * aid.quantity * aid.pieces
        figures.append(Figure("amount", aid.unit_price, aid.source, row=aid.name))
        figures.append(
            Figure(
                "pieces",
                aid.pieces,
                f"{aid.period_years} ÷ {aid.service_life_years}" if aid.pieces > 1 else "",
                row=aid.name,
            )
        )
    amount = cents(total)
    return (
        Item(
            ItemCode.AIDS,
            amount,
            f"{' + '.join(terms)} = {yuan(amount)}",
            tuple(figures),
            BASIS[ItemCode.AIDS],
        ),
    )


def funeral(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    """Art. 14: six months of the staff average wage at the court's location; the court's published 丧葬费 when the
    standard has one (it is that product, as the court rounded it)."""
    if victim.death_date is None:
        return ()
    code = ItemCode.FUNERAL
    if court.funeral_expenses is not None:
        amount = cents(court.funeral_expenses)
        return (Item(code, amount, yuan(amount), (court.figure("funeral_expenses", amount),), BASIS[code]),)
    wage = court.need("average_wage", code)
    amount = cents(Fraction(wage) / 12 * 6)
    return (
        Item(
            code,
            amount,
            f"{yuan(wage)} ÷ 12 × 6 = {yuan(amount)}",
            (court.figure("average_wage", wage),),
            BASIS[code],
        ),
    )


def death_compensation(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    """Art. 15: urban per-capita disposable income × years by age at death; dependants counted inside (Art. 16)."""
    if victim.death_date is None:
        return ()
    code = ItemCode.DEATH
    income, income_figure, region_note = _urban(victim, court, "urban_disposable_income", code)
    age = age_in_full_years(victim.birth_date, victim.death_date, settings.age_rule)
    years = compensation_years(age)
    base = cents(Fraction(income) * years)
    figures = [
        income_figure,
        Figure("age", age, victim.death_date.isoformat()),
        Figure("years", years, "20; 60+: 20 − (age − 60); 75+: 5"),
    ]
    return _with_dependants(
        victim, court, settings, code, base, f"{yuan(income)} × {years}", figures, region_note, ONE
    )


def _with_dependants(victim, court, settings, code, base, formula, figures, region_note, coefficient):
    """The compensation item, with the dependants' living expenses folded in (Art. 16 "计入残疾赔偿金或者死亡赔偿金")."""
    notes = (region_note,) if region_note else ()
    wanted = victim.claimed is None or ItemCode.DEPENDANTS in victim.claimed
    if code is ItemCode.DISABILITY and victim.death_date is not None:
        wanted = False  # the victim died later: the dependants are counted once, in the death compensation
    on = victim.death_date if code is ItemCode.DEATH else victim.assessment_date
    dependants = None
    if victim.dependants and wanted:
        consumption, consumption_figure, note = _urban(
            victim, court, "urban_consumption", ItemCode.DEPENDANTS
        )
        dependants = dependants_living_expenses(
            victim.dependants, on, consumption, consumption_figure, coefficient, settings, into=code
        )
        if note:
            dependants = replace(dependants, notes=(note, *dependants.notes))
    if dependants is None or not dependants.amount:
        item = Item(code, base, f"{formula} = {yuan(base)}", tuple(figures), BASIS[code], notes)
        return (item,) if dependants is None else (item, dependants)
    amount = base + dependants.amount
    figures.append(Figure("dependants", dependants.amount, BASIS[ItemCode.DEPENDANTS]))
    item = Item(
        code,
        amount,
        f"{formula} + {yuan(dependants.amount)} = {yuan(amount)}",
        tuple(figures),
        BASIS[code],
        notes,
    )
    return item, dependants


def mental_distress(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    """Art. 23: as judged or agreed (fault, circumstances, consequences, local living standard); no national
    formula; a provincial cap when the setting has one."""
    items = _receipts(ItemCode.MENTAL_DISTRESS, victim.mental_distress)
    cap = settings.mental_distress_cap
    if not items or cap is None or items[0].amount <= cap:
        return items
    item = items[0]
    return (
        Item(
            item.code,
            cents(cap),
            f"min({yuan(item.amount)}, {yuan(cap)}) = {yuan(cap)}",
            item.figures,
            item.basis,
            (_("Capped at the provincial guidance of %(cap)s.") % {"cap": yuan(cap)},),
        ),
    )


def property_loss(victim: Victim, court: RegionFigures, settings: Settings) -> tuple[Item, ...]:
    return _receipts(ItemCode.PROPERTY, victim.property_loss)


ITEM_RULES = (
    (ItemCode.MEDICAL, medical),
    (ItemCode.FOLLOW_UP_TREATMENT, follow_up_treatment),
    (ItemCode.COSMETIC, cosmetic),
    (ItemCode.REHABILITATION, rehabilitation),
    (ItemCode.LOST_EARNINGS, lost_earnings),
    (ItemCode.NURSING, nursing),
    (ItemCode.TRANSPORT, transport),
    (ItemCode.LODGING, lodging),
    (ItemCode.HOSPITAL_MEALS, hospital_meals),
    (ItemCode.NUTRITION, nutrition),
    (ItemCode.DISABILITY, disability_compensation),
    (ItemCode.AIDS, aids),
    (ItemCode.FUNERAL, funeral),
    (ItemCode.DEATH, death_compensation),
    (ItemCode.MENTAL_DISTRESS, mental_distress),
    (ItemCode.PROPERTY, property_loss),
)


# ==============================================================================================================
# 4. The age rule
# ==============================================================================================================
def anniversary(birth: datetime.date, year: int) -> datetime.date:
    """The birthday in ``year``; 29 February in a common year is 28 February (民法典 Art. 203: a period whose last
    month has no corresponding day ends on that month's last day)."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return datetime.date(year, 2, 28)


def age_in_full_years(birth: datetime.date, on: datetime.date, rule: AgeRule = AgeRule.ON_BIRTHDAY) -> int:
    """周岁 on ``on``: the years completed since birth, reached on the birthday (or the day after, by the setting)."""
    if on < birth:
        raise ValueError("the date is before the birth")
    reached = anniversary(birth, on.year)
    if rule is AgeRule.DAY_AFTER_BIRTHDAY:
        reached += datetime.timedelta(days=1)
    return max(0, on.year - birth.year - (1 if on < reached else 0))


def compensation_years(age: int) -> int:
    """Arts. 12, 15, 17: 20 years; from 60, one year less per year of age over 60; from 75, 5 years."""
    if age < 60:
        return 20
    if age < 75:
        return 20 - (age - 60)
    return 5


# ==============================================================================================================
# 5. Several disability grades
# ==============================================================================================================
def combine_grades(grades: Iterable[int], table: AdditionalIndexTable = ONE_TENTH_TABLE) -> GradeCombination:
    """GB 18667-2002 Appendix B, which courts borrow because 人体损伤致残程度分级 does not merge grades: the highest
    grade's index Ih plus an additional index Ia per further disability; Σ Ia ≤ 10%, Ih + Σ Ia ≤ 100%."""
    grades = tuple(sorted(grades))
    if not grades or any(grade not in range(1, 11) for grade in grades):
        raise ValueError("disability grades run from 1 to 10")
    highest, *others = grades
    ih = GRADE_INDEX[highest]
    additions = tuple((grade, table.index(grade)) for grade in others)
    additional_sum = sum((ia for _grade, ia in additions), ZERO)
    additional = min(additional_sum, ADDITIONAL_INDEX_MAX)
    coefficient = min(ih + additional, COEFFICIENT_MAX)
    expression = percent(ih)
    if additions:
        added = " + ".join(percent(ia) for _grade, ia in additions)
        if additional < additional_sum:
            added = f"min({added}, {percent(ADDITIONAL_INDEX_MAX)})"
        expression = f"{expression} + {added}"
        if coefficient < ih + additional:
            expression = f"min({expression}, {percent(COEFFICIENT_MAX)})"
        expression = f"{expression} = {percent(coefficient)}"
    formula = f"{' + '.join(str(g) for g in grades)}: {expression}"
    return GradeCombination(
        grades, highest, ih, additions, additional_sum, additional, coefficient, table, formula
    )


# ==============================================================================================================
# 6. Dependants' living expenses
# ==============================================================================================================
MINOR_UNTIL = 18


def dependant_years(
    dependant: Dependant, on: datetime.date, rule: AgeRule = AgeRule.ON_BIRTHDAY
) -> tuple[int, int]:
    """(age, years) by Art. 17: a minor until 18; an adult without working capacity and other income 20 years, from
    60 one year less per year, from 75 five years; an adult able to work is not a dependant (0 years)."""
    age = age_in_full_years(dependant.birth_date, on, rule)
    if age < MINOR_UNTIL:
        return age, MINOR_UNTIL - age
    return age, compensation_years(age) if dependant.incapable else 0


def dependants_living_expenses(
    dependants: Sequence[Dependant],
    on: datetime.date,
    consumption: Decimal,
    consumption_figure: Figure,
    coefficient: Decimal,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    into: ItemCode = ItemCode.DISABILITY,
) -> Item:
    """Arts. 16–17: per dependant, consumption × years × coefficient ÷ supporters; with several dependants "年赔偿总额
    累计不超过上一年度城镇居民人均消费支出额". ``coefficient``: the disability coefficient, 100% for a death; ``on``:
    the assessment date (the date of death)."""
    rows, figures, notes = [], [consumption_figure, Figure("coefficient", coefficient)], []
    for dependant in dependants:
        age, years = dependant_years(dependant, on, settings.age_rule)
        figures.append(Figure("dependant", years, f"{age} ({on.isoformat()})", row=dependant.name))
        if dependant.supporters > 1:
            figures.append(Figure("supporters", dependant.supporters, row=dependant.name))
        if not years:
            notes.append(
                _("%(name)s is an adult able to work: not a dependant.") % {"name": dependant.name},
            )
            continue
        rows.append((dependant, years))
    after = settings.dependant_cap_base is CapBase.AFTER_COEFFICIENT
    coeff = Fraction(coefficient)
    c = Fraction(consumption)

    def annual(dependant: Dependant) -> Fraction:
        return c * (coeff if after else 1) / dependant.supporters

    def term(dependant: Dependant) -> str:
        text = yuan(consumption) + (f" × {percent(coefficient)}" if after else "")
        return text + (f" ÷ {dependant.supporters}" if dependant.supporters > 1 else "")

    total, parts = Fraction(0), []
    if rows and settings.dependant_cap is DependantCap.YEAR_BY_YEAR:
        start = 0
        for end in sorted({years for _d, years in rows}):
            active = [d for d, years in rows if years >= end]
            yearly = sum((annual(d) for d in active), Fraction(0))
            length = end - start
            inner = " + ".join(term(d) for d in active)
            if len(active) > 1:
                if yearly > c:
                    notes.append(
                        _("Years %(first)s–%(last)s: the dependants' yearly total is capped at %(cap)s.")
                        % {"first": start + 1, "last": end, "cap": yuan(consumption)}
                    )
                yearly = min(yearly, c)
                inner = f"min({inner}, {yuan(consumption)})"
            total += yearly * length
            parts.append(f"{inner} × {length}")
            start = end
    elif rows:
        longest = max(years for _d, years in rows)
        uncapped = sum((annual(d) * years for d, years in rows), Fraction(0))
        inner = " + ".join(f"{term(d)} × {years}" for d, years in rows)
        if len(rows) > 1:
            if uncapped > c * longest:
                notes.append(
                    _("The dependants' total is capped at %(cap)s × %(years)s years.")
                    % {"cap": yuan(consumption), "years": longest}
                )
            uncapped = min(uncapped, c * longest)
            inner = f"min({inner}, {yuan(consumption)} × {longest})"
        total, parts = uncapped, [inner]
    expression = " + ".join(parts) or "0"
    if not after and rows:
        total *= coeff
        expression = f"({expression}) × {percent(coefficient)}"
    amount = cents(total)
    return Item(
        ItemCode.DEPENDANTS,
        amount,
        f"{expression} = {yuan(amount)}",
        tuple(figures),
        BASIS[ItemCode.DEPENDANTS],
        tuple(notes),
        included_in=into,
    )


# ==============================================================================================================
# 7. Allocation of one accident: 交强险 by sub-limit, then the commercial third-party policy
# ==============================================================================================================
class Bucket(StrEnum):
    """交强险 sub-limits (条例 Art. 23)."""

    DEATH_DISABILITY = "death_disability"
    MEDICAL = "medical"
    PROPERTY = "property"


BUCKET_LABELS = {
    Bucket.DEATH_DISABILITY: gettext_lazy("Death and disability (死亡伤残)"),
    Bucket.MEDICAL: gettext_lazy("Medical expenses (医疗费用)"),
    Bucket.PROPERTY: gettext_lazy("Property loss (财产损失)"),
}
BUCKET_ITEMS = MappingProxyType(
    {
        # 交强险条款 Art. 8, in the clause's order: 丧葬费、死亡补偿费、受害人亲属办理丧葬事宜支出的交通费用 (in 交通费)、
        # 残疾赔偿金、残疾辅助器具费、护理费、康复费、交通费、被扶养人生活费、住宿费、误工费、精神损害抚慰金
        Bucket.DEATH_DISABILITY: (
            ItemCode.FUNERAL,
            ItemCode.DEATH,
            ItemCode.DISABILITY,
            ItemCode.AIDS,
            ItemCode.NURSING,
            ItemCode.REHABILITATION,
            ItemCode.TRANSPORT,
            ItemCode.DEPENDANTS,
            ItemCode.LODGING,
            ItemCode.LOST_EARNINGS,
            ItemCode.MENTAL_DISTRESS,
            # 误工费、交通费 and the like agreed as one sum: the death and disability sub-limit, as those items.
            ItemCode.AGREED_SUM,
        ),
        # 医药费、诊疗费、住院费 (our 医疗费)、住院伙食补助费、必要合理的后续治疗费、整容费、营养费
        Bucket.MEDICAL: (
            ItemCode.MEDICAL,
            ItemCode.HOSPITAL_MEALS,
            ItemCode.FOLLOW_UP_TREATMENT,
            ItemCode.COSMETIC,
            ItemCode.NUTRITION,
        ),
        Bucket.PROPERTY: (ItemCode.PROPERTY,),
    }
)
BUCKET_OF = MappingProxyType({code: bucket for bucket, codes in BUCKET_ITEMS.items() for code in codes})


@dataclass(frozen=True)
class CompulsoryLimits:
    """The 交强险 limits in force for a period (per accident, all victims together)."""

    effective_from: datetime.date | None
    effective_to: datetime.date | None
    death_disability: Decimal
    medical: Decimal
    property: Decimal
    no_fault_death_disability: Decimal
    no_fault_medical: Decimal
    no_fault_property: Decimal
    source: str = ""

    def covers(self, day: datetime.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to
        )

    def limits(self, liable: bool) -> dict[Bucket, Decimal]:
        if liable:
            return {
                Bucket.DEATH_DISABILITY: self.death_disability,
                Bucket.MEDICAL: self.medical,
                Bucket.PROPERTY: self.property,
            }
        return {
            Bucket.DEATH_DISABILITY: self.no_fault_death_disability,
            Bucket.MEDICAL: self.no_fault_medical,
            Bucket.PROPERTY: self.no_fault_property,
        }


COMPULSORY_LIMITS_2020 = CompulsoryLimits(
    effective_from=datetime.date(2020, 9, 19),
    effective_to=None,
    death_disability=Decimal("180000"),
    medical=Decimal("18000"),
    property=Decimal("2000"),
    no_fault_death_disability=Decimal("18000"),
    no_fault_medical=Decimal("1800"),
    no_fault_property=Decimal("100"),
    source="银保监会《关于调整交强险责任限额和费率浮动系数的公告》(2020), from 2020-09-19 (LAW.md §1.1)",
)
COMPULSORY_LIMITS = (
    COMPULSORY_LIMITS_2020,
    CompulsoryLimits(
        effective_from=None,  # the start of the previous limits is not in LAW.md
        effective_to=datetime.date(2020, 9, 18),
        death_disability=Decimal("110000"),
        medical=Decimal("10000"),
        property=Decimal("2000"),
        no_fault_death_disability=Decimal("11000"),
        no_fault_medical=Decimal("1000"),
        no_fault_property=Decimal("100"),
        source="limits before the 2020 reform (LAW.md §1.1)",
    ),
)


def limits_in_force(
    day: datetime.date, rows: Sequence[CompulsoryLimits] = COMPULSORY_LIMITS
) -> CompulsoryLimits:
    """The row covering the accident date. UNCONFIRMED (LAW.md §1.1): the transitional rule for a policy issued before
    2020-09-19 and an accident after it — a caller that knows the rule passes the row itself."""
    for row in rows:
        if row.covers(day):
            return row
    raise ValueError(f"no 交强险 limits in force on {day.isoformat()}")


class Cover(StrEnum):
    """What pays in the commercial third-party policy: the main clause, or an add-on buying back an exclusion."""

    MAIN = "main"
    NON_INSURANCE_MEDICAL = "non_insurance_medical"  # 附加医保外医疗费用责任险
    MENTAL_DISTRESS = "mental_distress"  # 附加精神损害抚慰金责任险


COVER_LABELS = {
    Cover.MAIN: gettext_lazy("Commercial third-party liability (商业三者险)"),
    Cover.NON_INSURANCE_MEDICAL: gettext_lazy(
        "Add-on: medical costs outside 医保 (附加医保外医疗费用责任险)"
    ),
    Cover.MENTAL_DISTRESS: gettext_lazy("Add-on: mental distress (附加精神损害抚慰金责任险)"),
}
MODEL_CLAUSES_2020_EXCLUDED = frozenset({Cover.NON_INSURANCE_MEDICAL, Cover.MENTAL_DISTRESS})
"""The 2020 model clauses' main third-party clause excludes these (LAW.md §1.3; wording UNCONFIRMED: policy data)."""


@dataclass(frozen=True)
class AddOn:
    cover: Cover
    limit: Decimal  # per accident, all victims together
    name: str = ""


@dataclass(frozen=True)
class CommercialPolicy:
    sum_insured: Decimal  # per accident
    excluded: frozenset[Cover] = MODEL_CLAUSES_2020_EXCLUDED
    add_ons: tuple[AddOn, ...] = ()
    name: str = ""

    def cover_for(self, kind: Cover) -> tuple[Cover | None, Decimal]:
        """Who pays a part of this kind, and the limit: the main clause, its add-on, or nobody (None)."""
        if kind is Cover.MAIN or kind not in self.excluded:
            return Cover.MAIN, self.sum_insured
        add_on = next((a for a in self.add_ons if a.cover is kind), None)
        return (add_on.cover, add_on.limit) if add_on else (None, ZERO)


@dataclass(frozen=True)
class Policies:
    compulsory: CompulsoryLimits  # the row in force (see limits_in_force)
    liable: bool  # 有责 / 无责
    liability_ratio: Decimal  # the insured's share of the accident liability, 0–1
    commercial: CommercialPolicy | None = None
    accident_date: datetime.date | None = None

    def __post_init__(self):
        if not 0 <= self.liability_ratio <= 1:
            raise ValueError("the liability share lies between 0 and 1")
        if self.liable != (self.liability_ratio > 0):
            raise ValueError("a liable insured has a liability share above 0; one not liable has 0")
        if self.accident_date is not None and not self.compulsory.covers(self.accident_date):
            raise ValueError("the 交强险 limits passed are not in force on the accident date")


@dataclass(frozen=True)
class ItemAllocation:
    """Who pays one item of one victim (an item with a non-医保 part has two lines)."""

    code: ItemCode
    non_insurance: bool  # the line is the part outside the 医保 standard
    amount: Decimal
    compulsory: Decimal
    liable: Decimal  # (amount − compulsory) × the liability share
    commercial: Decimal
    cover: Cover | None  # who pays the commercial part; None: excluded, no add-on
    ratio: Decimal = ONE  # the insured's liability share

    @property
    def formula(self) -> str:
        """How the insured's liability for the line is found (the commercial part is it, unless a limit binds)."""
        text = (
            f"({yuan(self.amount)} − {yuan(self.compulsory)}) × {percent(self.ratio)} = {yuan(self.liable)}"
        )
        if self.cover is None and self.liable:
            text += " — " + str(_("excluded by the commercial policy and no add-on buys it back"))
        return text

    @property
    def beyond_liability(self) -> Decimal:
        """The part outside the insured's liability share (the victim's own or other parties')."""
        return self.amount - self.compulsory - self.liable

    @property
    def uninsured(self) -> Decimal:
        """The insured's liability the policy does not pay (excluded item, limit exhausted): the insured's own."""
        return self.liable - self.commercial

    @property
    def not_covered(self) -> Decimal:
        return self.amount - self.compulsory - self.commercial


@dataclass(frozen=True)
class BucketShare:
    bucket: Bucket
    claimed: Decimal
    paid: Decimal
    formula: str


@dataclass(frozen=True)
class VictimAllocation:
    victim: str
    buckets: tuple[BucketShare, ...]
    items: tuple[ItemAllocation, ...]
    mental_distress_first: bool

    def _sum(self, attribute: str) -> Decimal:
        return sum((getattr(line, attribute) for line in self.items), ZERO)

    @property
    def loss(self) -> Decimal:
        return self._sum("amount")

    @property
    def compulsory(self) -> Decimal:
        return self._sum("compulsory")

    @property
    def commercial(self) -> Decimal:
        return self._sum("commercial")

    @property
    def beyond_liability(self) -> Decimal:
        return self._sum("beyond_liability")

    @property
    def uninsured(self) -> Decimal:
        return self._sum("uninsured")

    @property
    def not_covered(self) -> Decimal:
        return self._sum("not_covered")

    def commercial_by_cover(self) -> dict[Cover, Decimal]:
        totals: dict[Cover, Decimal] = {}
        for line in self.items:
            if line.cover is not None and line.commercial:
                totals[line.cover] = totals.get(line.cover, ZERO) + line.commercial
        return totals

    def bucket(self, bucket: Bucket) -> BucketShare:
        return next(share for share in self.buckets if share.bucket is bucket)


@dataclass(frozen=True)
class BucketUse:
    bucket: Bucket
    limit: Decimal
    claimed: Decimal
    paid: Decimal

    @property
    def shared(self) -> bool:
        return self.claimed > self.limit

    @property
    def formula(self) -> str:
        return f"min({yuan(self.claimed)}, {yuan(self.limit)}) = {yuan(self.paid)}"


@dataclass(frozen=True)
class CoverUse:
    cover: Cover
    limit: Decimal
    claimed: Decimal
    paid: Decimal

    @property
    def shared(self) -> bool:
        return self.claimed > self.limit

    @property
    def formula(self) -> str:
        return f"min({yuan(self.claimed)}, {yuan(self.limit)}) = {yuan(self.paid)}"


@dataclass(frozen=True)
class Allocation:
    victims: tuple[VictimAllocation, ...]
    buckets: tuple[BucketUse, ...]
    covers: tuple[CoverUse, ...]
    policies: Policies
    settings: Settings
    notes: tuple[str, ...] = ()

    def victim(self, name: str) -> VictimAllocation:
        return next(v for v in self.victims if v.victim == name)


def share_in_proportion(
    total: Decimal, weights: Sequence[Decimal]
) -> tuple[tuple[Decimal, ...], frozenset[int]]:
    """Split ``total`` (whole cents) in proportion to ``weights`` so that the shares add up to ``total`` exactly:
    each exact share is cut down to the cent, then the cents left over go one each to the largest remainders (ties:
    the earlier weight). So the shares never add up to more than the limit after rounding, and with ``total`` ≤
    Σ weights no share exceeds its own weight. Returns the shares and the indexes that received a cent."""
    whole = sum(weights, ZERO)
    if whole <= 0:
        return tuple(ZERO for _w in weights), frozenset()
    total_cents = int((total / CENT).to_integral_value())
    exact = [Fraction(total_cents) * Fraction(w) / Fraction(whole) for w in weights]
    floors = [math.floor(x) for x in exact]
    left = total_cents - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    bumped = frozenset(order[:left])
    return tuple(Decimal(floors[i] + (i in bumped)) * CENT for i in range(len(weights))), bumped


class _Part:
    """One line of the allocation (mutable while being filled)."""

    def __init__(self, victim: int, code: ItemCode, non_insurance: bool, amount: Decimal):
        self.victim, self.code, self.non_insurance, self.amount = victim, code, non_insurance, amount
        self.compulsory = self.liable = self.commercial = ZERO
        self.cover: Cover | None = Cover.MAIN

    @property
    def kind(self) -> Cover:
        if self.non_insurance:
            return Cover.NON_INSURANCE_MEDICAL
        return Cover.MENTAL_DISTRESS if self.code is ItemCode.MENTAL_DISTRESS else Cover.MAIN


def _fill(share: Decimal, tiers: Sequence[Sequence[_Part]]) -> None:
    """Pay ``share`` to the parts tier by tier; within a tier that cannot be paid in full, in proportion."""
    left = share
    for tier in tiers:
        need = sum((p.amount for p in tier), ZERO)
        if need <= left:
            for p in tier:
                p.compulsory = p.amount
            left -= need
            continue
        for p, paid in zip(tier, share_in_proportion(left, [p.amount for p in tier])[0], strict=True):
            p.compulsory = paid
        return


def _tiers(bucket: Bucket, parts: list[_Part], mental_first: bool, settings: Settings) -> list[list[_Part]]:
    """The order in which one victim's share of a bucket pays their items."""
    if bucket is Bucket.DEATH_DISABILITY and mental_first:
        first = [p for p in parts if p.code is ItemCode.MENTAL_DISTRESS]
        return [first, [p for p in parts if p not in first]]
    if bucket is Bucket.MEDICAL and settings.compulsory_medical_order is not MedicalOrder.PROPORTIONAL:
        insured = [p for p in parts if not p.non_insurance]
        outside = [p for p in parts if p.non_insurance]
        return (
            [insured, outside]
            if settings.compulsory_medical_order is MedicalOrder.INSURED_FIRST
            else [outside, insured]
        )
    return [parts]


def allocate(
    calculations: Sequence[Calculation], policies: Policies, settings: Settings = DEFAULT_SETTINGS
) -> Allocation:
    """One accident, one insured vehicle, several victims.

    1. 交强险 by sub-limit (有责 or 无责 limits): in each bucket, each victim's loss in full if the bucket covers them
       all, else the limit in proportion to the victims' losses in it (道交解释 Art. 19), by :func:`share_in_proportion`.
       Within a victim's share: 精神损害抚慰金 first when the victim asks (道交解释 Art. 13); medical costs in the order
       of ``compulsory_medical_order``; otherwise in proportion to the items.
    2. The commercial third-party policy (民法典 Art. 1213): what 交强险 left × the liability share, per item, rounded;
       excluded kinds only through their add-on; the sum insured and each add-on limit per accident, shared in
       proportion to the claims on it when they exceed it.
    3. The rest is not covered: outside the insured's liability share, or the insured's own (uninsured)."""
    names = [c.victim.name for c in calculations]
    if len(set(names)) != len(names):
        raise ValueError("each victim of the accident needs a distinct name")
    parts: list[_Part] = []
    for index, calc in enumerate(calculations):
        for item in calc.items:
            if item.included_in is not None:
                continue
            if item.non_insurance:
                parts.append(_Part(index, item.code, False, item.amount - item.non_insurance))
                parts.append(_Part(index, item.code, True, item.non_insurance))
            else:
                parts.append(_Part(index, item.code, False, item.amount))

    # 1. 交强险
    limits = policies.compulsory.limits(policies.liable)
    bucket_uses, bucket_shares = [], {i: [] for i in range(len(calculations))}
    for bucket, limit in limits.items():
        by_victim = [
            [p for p in parts if p.victim == i and BUCKET_OF[p.code] is bucket]
            for i in range(len(calculations))
        ]
        claims = [sum((p.amount for p in victim_parts), ZERO) for victim_parts in by_victim]
        claimed = sum(claims, ZERO)
        if claimed <= limit:
            shares, bumped = claims, frozenset()
        else:
            shares, bumped = share_in_proportion(limit, claims)
        for i, victim_parts in enumerate(by_victim):
            mental_first = calculations[i].victim.mental_distress_first
            _fill(shares[i], _tiers(bucket, victim_parts, mental_first, settings))
            if claimed <= limit:
                formula = yuan(claims[i])
            elif claims[i] == claimed:  # the only victim with a loss in the bucket
                formula = f"min({yuan(claims[i])}, {yuan(limit)}) = {yuan(shares[i])}"
            else:
                formula = f"{yuan(limit)} × {yuan(claims[i])} ÷ {yuan(claimed)} = {yuan(shares[i])}"
                formula += " (+0.01)" if i in bumped else ""
            bucket_shares[i].append(BucketShare(bucket, claims[i], shares[i], formula))
        bucket_uses.append(BucketUse(bucket, limit, claimed, sum(shares, ZERO)))

    # 2. the commercial policy
    commercial = policies.commercial
    ratio = Fraction(policies.liability_ratio)
    for p in parts:
        p.liable = cents((Fraction(p.amount) - Fraction(p.compulsory)) * ratio)
        p.cover = commercial.cover_for(p.kind)[0] if commercial else None
    cover_uses = []
    if commercial is not None:
        for cover in [Cover.MAIN, *(a.cover for a in commercial.add_ons)]:
            on_it = [p for p in parts if p.cover is cover]
            if cover is not Cover.MAIN and cover not in commercial.excluded:
                continue  # an add-on for what the main clause already pays
            limit = commercial.cover_for(cover)[1] if cover is not Cover.MAIN else commercial.sum_insured
            claimed = sum((p.liable for p in on_it), ZERO)
            paid = (
                [p.liable for p in on_it]
                if claimed <= limit
                else share_in_proportion(limit, [p.liable for p in on_it])[0]
            )
            for p, amount in zip(on_it, paid, strict=True):
                p.commercial = amount
            cover_uses.append(CoverUse(cover, limit, claimed, sum(paid, ZERO)))

    notes = []
    if not policies.liable:
        notes.append(_("The insured vehicle is not liable: the no-fault 交强险 limits apply."))
    victims = tuple(
        VictimAllocation(
            calc.victim.name,
            tuple(bucket_shares[i]),
            tuple(
                ItemAllocation(
                    p.code,
                    p.non_insurance,
                    p.amount,
                    p.compulsory,
                    p.liable,
                    p.commercial,
                    p.cover,
                    policies.liability_ratio,
                )
                for p in parts
                if p.victim == i
            ),
            calc.victim.mental_distress_first,
        )
        for i, calc in enumerate(calculations)
    )
    return Allocation(victims, tuple(bucket_uses), tuple(cover_uses), policies, settings, tuple(notes))
