"""The 100-point assessment of a branch's cooperating-hospital work (seed 000, "四、协作医院工作的考核"), as pure
functions over plain facts: no ORM, no request. ``scoring.facts`` reads the facts through the domain apps'
selectors; the rubric (the figures of each rule) is the assessment year's data, never a constant here.

Every function returns an :class:`Item`: its points, its maximum, the rule that produced them and the facts it
used. Texts are stored as (msgid, params) pairs and translated when shown, so a scorecard computed in one language
reads in the other, and a final scorecard's snapshot (JSON) explains itself years later.

The seed's words for each item (4、考核具体办法):

* 网络建立及维护 (30): "设立协作医院的数量参照本文第十三条规定,确保…网络建设的完整性。定期对协作医院网络进行维护" — no
  formula is stated. Default (the rubric's figures): the quantity rule's share met (hospitals credited ÷
  required) × the coverage points, plus the share of in-network hospitals maintained regularly (at least the
  rubric's number of maintenance records in the year) × the maintenance points.
* 合作深度 (25): "…培训,并对培训内容进行闭卷考试。每年进行一次,得3分;进行两次以上得5分" — only trainings with a
  closed-book exam count; 以上 includes its number, so two sessions score 5. "…医疗专家组成平安产险医疗专家队伍…5分"
  — an expert team serving in the year (at least the rubric's number of advisors). "应…95512的调度,为平安客户及香港客户
  提供医疗急救服务。15分" — default formula: the share of dispatches the hospital answered (not "could not respond")
  within the rubric's response time; a year without any dispatch scores the rubric's figure for it.
* 平安客户满意度 (15) and 协作医院满意度 (15): the mean of the answered questionnaires (each answer's share of its
  scale) × the points; no answer yet scores 0 and says so.
* 香港项目 (15): "一年度内不发生…案件的机构得9分;如发生案件,基本能按操作流程要求及时完成案件的查勘、上报、回访等,不出现
  香港客户投诉,每宗案件在基础上加2分;不能按操作流程要求及时完成…每宗案件在基础上减2分;如出现香港客户投诉,并经核查属实,
  本项考核为0分。本项考核最高得分为15分,最低得分为0分。" A complaint that was not verified is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext, gettext_noop

from .inputs import (
    Coverage,
    DispatchFact,
    Facts,
    HkCaseFact,
    NetworkHospital,
    Rubric,
    SurveyAnswerSet,
    TrainingFact,
    _jsonable,
    num,
)

CENT = Decimal("0.01")
ZERO = Decimal("0")

# The items of the scorecard, in the seed's order.
NETWORK = "network"
DEPTH = "depth"
CUSTOMER = "customer_satisfaction"
HOSPITAL = "hospital_satisfaction"
HK = "hk"
ITEMS = (NETWORK, DEPTH, CUSTOMER, HOSPITAL, HK)
# Parts of items (a dispute or an adjustment names an item, never a part).
COVERAGE, MAINTENANCE = "network_coverage", "network_maintenance"
TRAINING, EXPERTS, DISPATCH = "depth_training", "depth_experts", "depth_dispatch"

TITLES = {
    NETWORK: gettext_noop("Network built and maintained"),
    DEPTH: gettext_noop("Depth of cooperation"),
    CUSTOMER: gettext_noop("Customers' satisfaction with the hospitals"),
    HOSPITAL: gettext_noop("Hospitals' satisfaction with us"),
    HK: gettext_noop("Hong Kong project"),
    COVERAGE: gettext_noop("Quantity rule met"),
    MAINTENANCE: gettext_noop("Regular maintenance"),
    TRAINING: gettext_noop("Training with a closed-book exam"),
    EXPERTS: gettext_noop("Expert team serving VIP customers"),
    DISPATCH: gettext_noop("Emergency service on 95512 dispatch"),
}


def title(key: str) -> str:
    return gettext(TITLES[key])


def money_points(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Text:
    """A translatable text with its parameters, translated when shown (``str``)."""

    msgid: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        text = gettext(self.msgid)
        if not self.params:
            return text
        return text % {k: num(v) if isinstance(v, Decimal) else v for k, v in self.params.items()}


@dataclass(frozen=True)
class Fact:
    """One fact an item used: a label and a value, each either a msgid (translated when shown) or a name or
    number shown as it is."""

    label: str
    value: object
    translate_label: bool = True
    translate_value: bool = False

    @property
    def shown_label(self) -> str:
        return gettext(self.label) if self.translate_label else str(self.label)

    @property
    def shown_value(self) -> str:
        return gettext(str(self.value)) if self.translate_value else str(self.value)

    def to_json(self) -> dict:
        data = {"label": self.label, "value": _jsonable(self.value)}
        if not self.translate_label:
            data["raw_label"] = True
        if self.translate_value:
            data["msgid_value"] = True
        return data

    @classmethod
    def from_json(cls, data: dict) -> Fact:
        return cls(data["label"], data["value"], not data.get("raw_label"), bool(data.get("msgid_value")))


@dataclass(frozen=True)
class Item:
    key: str
    points: Decimal
    maximum: Decimal
    rule: Text
    facts: tuple[Fact, ...] = ()
    parts: tuple[Item, ...] = ()

    @property
    def title(self) -> str:
        return title(self.key)

    def to_json(self) -> dict:
        """The snapshot a scorecard stores (Decimals as strings)."""
        return {
            "key": self.key,
            "points": str(self.points),
            "maximum": str(self.maximum),
            "rule": {"msgid": self.rule.msgid, "params": _jsonable(self.rule.params)},
            "facts": [f.to_json() for f in self.facts],
            "parts": [part.to_json() for part in self.parts],
        }

    @classmethod
    def from_json(cls, data: dict) -> Item:
        return cls(
            key=data["key"],
            points=Decimal(data["points"]),
            maximum=Decimal(data["maximum"]),
            rule=Text(data["rule"]["msgid"], data["rule"].get("params") or {}),
            facts=tuple(Fact.from_json(f) for f in data.get("facts", ())),
            parts=tuple(cls.from_json(p) for p in data.get("parts", ())),
        )


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))


# --- the rules ------------------------------------------------------------------------------------------------
def score_network(coverage: Coverage | None, hospitals: Sequence[NetworkHospital], rubric: Rubric) -> Item:
    if coverage is None or coverage.required == 0:
        share = Decimal(1)
    else:
        share = Decimal(coverage.credited) / Decimal(coverage.required)
    coverage_points = money_points(rubric.network_coverage_points * share)
    coverage_item = Item(
        COVERAGE,
        coverage_points,
        rubric.network_coverage_points,
        Text(
            gettext_noop(
                "%(credited)s of the %(required)s hospitals the quantity rule requires × %(points)s points."
            ),
            {
                "credited": coverage.credited if coverage else 0,
                "required": coverage.required if coverage else 0,
                "points": rubric.network_coverage_points,
            },
        )
        if coverage is not None
        else Text(gettext_noop("No coverage standard in force: nothing was required, full points.")),
        facts=(
            Fact(gettext_noop("Hospitals required"), coverage.required if coverage else 0),
            Fact(gettext_noop("Hospitals credited"), coverage.credited if coverage else 0),
            Fact(gettext_noop("Places short"), ", ".join(coverage.places_short) if coverage else "—"),
        ),
    )
    regular = [h for h in hospitals if h.maintenance_records >= rubric.maintenance_records_per_hospital]
    maintained_share = Decimal(len(regular)) / Decimal(len(hospitals)) if hospitals else ZERO
    maintenance_points = money_points(rubric.network_maintenance_points * maintained_share)
    maintenance_item = Item(
        MAINTENANCE,
        maintenance_points,
        rubric.network_maintenance_points,
        Text(
            gettext_noop(
                "%(regular)s of %(hospitals)s hospitals in the network have at least %(min)s maintenance records "
                "in the year × %(points)s points."
            ),
            {
                "regular": len(regular),
                "hospitals": len(hospitals),
                "min": rubric.maintenance_records_per_hospital,
                "points": rubric.network_maintenance_points,
            },
        ),
        facts=tuple(Fact(h.name, h.maintenance_records, translate_label=False) for h in hospitals),
    )
    return Item(
        NETWORK,
        coverage_points + maintenance_points,
        rubric.network_max,
        Text(gettext_noop("Quantity rule met plus regular maintenance.")),
        parts=(coverage_item, maintenance_item),
    )


def score_training(trainings: Iterable[TrainingFact], rubric: Rubric) -> Item:
    """ "每年进行一次,得3分;进行两次以上得5分": only trainings with a closed-book exam count; two is "两次以上"."""
    trainings = list(trainings)
    counted = [t for t in trainings if t.closed_book_exam]
    if len(counted) >= 2:
        points, rule = (
            rubric.training_twice_points,
            gettext_noop("%(n)s trainings with a closed-book exam: twice or more."),
        )
    elif len(counted) == 1:
        points, rule = (
            rubric.training_once_points,
            gettext_noop("%(n)s training with a closed-book exam: once."),
        )
    else:
        points, rule = ZERO, gettext_noop("%(n)s trainings with a closed-book exam: none counts.")
    return Item(
        TRAINING,
        points,
        rubric.training_twice_points,
        Text(rule, {"n": len(counted)}),
        facts=tuple(
            Fact(
                f"{t.on} {t.topic}",
                gettext_noop("closed-book exam")
                if t.closed_book_exam
                else gettext_noop("no exam: not counted"),
                translate_label=False,
                translate_value=True,
            )
            for t in trainings
        ),
    )


def score_experts(advisors: Sequence[str], rubric: Rubric) -> Item:
    met = len(advisors) >= rubric.expert_team_min_advisors and len(advisors) > 0
    return Item(
        EXPERTS,
        rubric.expert_team_points if met else ZERO,
        rubric.expert_team_points,
        Text(
            gettext_noop("%(n)s medical advisors served in the year (the team needs %(min)s).")
            if met
            else gettext_noop(
                "%(n)s medical advisors served in the year: no expert team (it needs %(min)s)."
            ),
            {"n": len(advisors), "min": rubric.expert_team_min_advisors},
        ),
        facts=tuple(Fact(gettext_noop("Medical advisor"), name) for name in advisors),
    )


def score_dispatch(dispatches: Sequence[DispatchFact], rubric: Rubric) -> Item:
    if not dispatches:
        return Item(
            DISPATCH,
            rubric.dispatch_points_without_dispatch,
            rubric.dispatch_points,
            Text(
                gettext_noop(
                    "No 95512 dispatch in the year: the rubric's figure for a year without dispatch."
                )
            ),
        )
    good = [d for d in dispatches if d.answered and d.response_minutes <= rubric.dispatch_response_minutes]
    points = money_points(rubric.dispatch_points * Decimal(len(good)) / Decimal(len(dispatches)))
    return Item(
        DISPATCH,
        points,
        rubric.dispatch_points,
        Text(
            gettext_noop(
                "%(good)s of %(n)s dispatches answered within %(minutes)s minutes × %(points)s points."
            ),
            {
                "good": len(good),
                "n": len(dispatches),
                "minutes": rubric.dispatch_response_minutes,
                "points": rubric.dispatch_points,
            },
        ),
        facts=tuple(
            Fact(f"{d.at} {d.hospital}", d.response_minutes, translate_label=False)
            if d.answered
            else Fact(f"{d.at} {d.hospital}", gettext_noop("could not respond"), False, True)
            for d in dispatches
        ),
    )


def score_depth(
    trainings: Iterable[TrainingFact],
    advisors: Sequence[str],
    dispatches: Sequence[DispatchFact],
    rubric: Rubric,
) -> Item:
    parts = (
        score_training(trainings, rubric),
        score_experts(advisors, rubric),
        score_dispatch(dispatches, rubric),
    )
    return Item(
        DEPTH,
        sum((p.points for p in parts), ZERO),
        rubric.depth_max,
        Text(gettext_noop("Training with exams, the expert team and emergency service on dispatch.")),
        parts=parts,
    )


def score_satisfaction(key: str, answers: Sequence[SurveyAnswerSet], points: Decimal, wanted: int) -> Item:
    """The mean share of the answered questionnaires × the item's points; none answered yet: 0, and it says so."""
    facts = (
        Fact(gettext_noop("Questionnaires wanted"), wanted),
        Fact(gettext_noop("Questionnaires answered"), len(answers)),
        *(Fact(a.subject, f"{a.points} / {a.scale}", translate_label=False) for a in answers),
    )
    usable = [a for a in answers if a.scale > 0]
    if not usable:
        return Item(
            key, ZERO, points, Text(gettext_noop("No questionnaire answered yet: 0 points.")), facts=facts
        )
    share = sum((Decimal(a.points) / Decimal(a.scale) for a in usable), ZERO) / Decimal(len(usable))
    return Item(
        key,
        money_points(points * share),
        points,
        Text(
            gettext_noop("Mean of %(n)s answered questionnaires: %(percent)s%% × %(points)s points."),
            {"n": len(usable), "percent": str(money_points(share * 100)), "points": points},
        ),
        facts=facts,
    )


def _hk_case_words(case: HkCaseFact) -> str:
    if case.complaint and case.complaint_verified:
        return gettext_noop("verified complaint")
    if case.complaint:
        return (
            gettext_noop("on time; complaint not verified")
            if case.on_time
            else gettext_noop("not on time; complaint not verified")
        )
    return gettext_noop("on time") if case.on_time else gettext_noop("not on time")


def score_hk(cases: Sequence[HkCaseFact], rubric: Rubric) -> Item:
    """The HK item exactly as the seed says (module docstring); an unverified complaint is ignored."""
    facts = tuple(Fact(c.reference, _hk_case_words(c), False, True) for c in cases)
    if any(c.complaint and c.complaint_verified for c in cases):
        return Item(
            HK,
            ZERO,
            rubric.hk_points_max,
            Text(gettext_noop("A Hong Kong customer's complaint was verified: the item scores 0.")),
            facts=facts,
        )
    if not cases:
        return Item(
            HK,
            rubric.hk_points_without_case,
            rubric.hk_points_max,
            Text(
                gettext_noop("No Hong Kong project case in the year: %(points)s points."),
                {"points": rubric.hk_points_without_case},
            ),
        )
    on_time = sum(1 for c in cases if c.on_time)
    late = len(cases) - on_time
    raw = (
        rubric.hk_points_without_case
        + on_time * rubric.hk_case_on_time_points
        - late * rubric.hk_case_late_points
    )
    points = clamp(raw, rubric.hk_points_min, rubric.hk_points_max)
    return Item(
        HK,
        points,
        rubric.hk_points_max,
        Text(
            gettext_noop(
                "%(base)s + %(on_time)s on time × %(plus)s − %(late)s not on time × %(minus)s = %(raw)s, "
                "kept between %(min)s and %(max)s."
            ),
            {
                "base": rubric.hk_points_without_case,
                "on_time": on_time,
                "plus": rubric.hk_case_on_time_points,
                "late": late,
                "minus": rubric.hk_case_late_points,
                "raw": raw,
                "min": rubric.hk_points_min,
                "max": rubric.hk_points_max,
            },
        ),
        facts=facts,
    )


def score_all(facts: Facts, rubric: Rubric) -> list[Item]:
    """The five items of the scorecard, in the seed's order."""
    return [
        score_network(facts.coverage, facts.hospitals, rubric),
        score_depth(facts.trainings, facts.advisors, facts.dispatches, rubric),
        score_satisfaction(CUSTOMER, facts.customer_answers, rubric.customer_points, facts.customer_wanted),
        score_satisfaction(HOSPITAL, facts.hospital_answers, rubric.hospital_points, facts.hospital_wanted),
        score_hk(facts.hk_cases, rubric),
    ]


def with_adjustment(item: Item, adjustment: Decimal) -> Decimal:
    """An item's points after HQ's adjustments, kept between 0 and its maximum."""
    return clamp(item.points + adjustment, ZERO, item.maximum)
