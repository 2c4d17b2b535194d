"""The fast track for small injury claims (小额人伤快速处理, seed 001 p11–19): who may take it and which band applies.

A pure function over plain facts; the figures are administered data
(:class:`injury_claims.models.FastTrackStandard`, with an effective date). Every result explains itself.

Eligibility (p13): "交通事故经交警处理，责任明确，事故与伤情的因果关系成立；当事人双方均在现场，同意快速协商处理或经过一次门诊检查
治疗后，双方同意快速协商处理；伤者自行判断损伤轻微，正常活动轻微或不受影响".

Bands without medical cost (p16): "500元以内 无明显损伤体征，仅口述损伤部位不适；1000元以内 有损伤体征，但损伤轻微，如划伤在10cm以下，
淤血、擦伤和挫伤在20cm²以下；2000元以内 有损伤体征，但损伤稍重，如划伤在10cm以上，淤血、擦伤和挫伤在20cm²以上".

Bands after one outpatient visit (p14): "200元以内 检查报告无阳性体征，病历无后续治疗或休息等医嘱；1000元以内 检查报告有阳性体征或
病历有伤情描述，且有明确需要后续治疗或全休7天以下等医嘱；2000元以内 …且有明确需要微手术、住院观察或全休7天以上等医嘱".

Incurred medical costs (p18): "保险车辆无责的第三者人伤案件，已发生医疗费用赔付上限为1000元；已发生医疗费用在1000元以内，案件理算时
无需医疗审核，全额认可并赔付；已发生医疗费用在1000-2000元之间，快速处理前需要电话告知医疗审核人员，待确认同意后，医疗费用理算时无需
医疗审核，全额认可并赔付".

Boundaries, decided here (README, "Fast track"): 以内, 以下 and 以上 all include their number. A cut of exactly 10 cm
is therefore both "10cm以下" and "10cm以上", a bruise of exactly 20 cm² both "20cm²以下" and "20cm²以上", and exactly 7
days' rest both "7天以下" and "7天以上": the facts meet both descriptions and the engine proposes the **higher** band
(a band is the most the adjuster may agree, not an amount due). Incurred costs of exactly 1,000 are "1000元以内": no
phone confirmation. Above 1,000 and up to 2,000 inclusive: confirmation first. Above 2,000 (no band reaches it):
no fast track. The not-liable cap of 1,000 includes 1,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

NO_COST = "no_cost"
INCURRED = "incurred"
# The medical advice on the outpatient record (p14), lightest first.
ADVICE_NONE = "none"
ADVICE_FURTHER_TREATMENT = "further_treatment"
ADVICE_MINOR_SURGERY = "minor_surgery"
ADVICE_OBSERVATION = "observation"
# Without a measured cut or bruise, the adjuster says how the visible injury looks (p16: "轻微" / "稍重").
SLIGHT = "slight"
HEAVIER = "heavier"


@dataclass(frozen=True)
class Standard:
    """The figures of the standard in force (FastTrackStandard)."""

    no_cost_ceilings: tuple[Decimal, Decimal, Decimal]  # 500 / 1,000 / 2,000
    incurred_ceilings: tuple[Decimal, Decimal, Decimal]  # 200 / 1,000 / 2,000
    cut_cm: Decimal  # 10
    bruise_cm2: Decimal  # 20
    rest_days: int  # 7
    no_review_limit: Decimal  # 1,000: incurred costs up to it are recognised in full without medical review
    confirmation_limit: Decimal  # 2,000: up to it, after a medical reviewer's phone confirmation
    not_liable_medical_cap: Decimal  # 1,000: incurred costs paid at most, the insured vehicle not liable


@dataclass(frozen=True)
class Facts:
    """What the adjuster records on the spot."""

    police_handled: bool = False
    liability_clear: bool = False
    causation: bool = False  # 事故与伤情的因果关系成立
    both_present: bool = False
    both_agree: bool = False  # on the spot, or after one outpatient visit
    injury_minor: bool = False  # the injured judges it minor, normal activity slightly or not affected
    insured_not_liable: bool = False  # 保险车辆无责
    outpatient_visits: int = 0  # 0: no medical cost yet; 1: one visit (more: not a fast-track case)
    medical_cost: Decimal = Decimal("0")  # incurred, after the one visit
    # without medical cost (p16)
    visible_sign: bool = False
    cut_cm: Decimal | None = None
    bruise_cm2: Decimal | None = None
    severity: str = ""  # SLIGHT / HEAVIER when no cut or bruise is measured
    # after one outpatient visit (p14)
    positive_finding: bool = False  # 阳性体征 in the report or the injury described in the record
    advice: str = ADVICE_NONE
    rest_days: int = 0


@dataclass(frozen=True)
class Proposal:
    eligible: bool
    reasons: list[str] = field(default_factory=list)  # why not, or why this band
    basis: str = ""  # NO_COST / INCURRED
    level: int = 0  # 1, 2, 3
    ceiling: Decimal | None = None  # the most the adjuster may agree
    medical_cap: Decimal | None = None  # incurred costs paid at most (not liable: the cap)
    needs_confirmation: bool = False  # p18: a medical reviewer confirms by phone before the agreement
    medical_review_needed: bool = True  # p18: costs recognised in full without medical review when False


def yuan(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def eligibility(facts: Facts) -> list[str]:
    """Why the case cannot take the fast track (p12–13); empty when it can."""
    refused = []
    if not facts.police_handled:
        refused.append(_("The accident has not been handled by the traffic police."))
    if not facts.liability_clear:
        refused.append(_("The accident liability is not clear."))
    if not facts.causation:
        refused.append(_("The injury is not established as caused by the accident."))
    if not facts.both_present:
        refused.append(_("Both parties must be present."))
    if not facts.both_agree:
        refused.append(
            _("Both parties must agree to settle quickly (on the spot or after one outpatient visit).")
        )
    if not facts.injury_minor:
        refused.append(_("The injured person does not judge the injury minor."))
    if facts.outpatient_visits > 1:
        refused.append(_("More than one outpatient visit: the fast track covers at most one."))
    return refused


def _no_cost_level(facts: Facts, standard: Standard) -> tuple[int, str]:
    if not facts.visible_sign:
        return 1, _("No visible sign of injury, only discomfort described.")
    measured = [m for m in (facts.cut_cm, facts.bruise_cm2) if m is not None]
    if measured:
        cut_heavier = facts.cut_cm is not None and facts.cut_cm >= standard.cut_cm
        bruise_heavier = facts.bruise_cm2 is not None and facts.bruise_cm2 >= standard.bruise_cm2
        if cut_heavier or bruise_heavier:
            return 3, _(
                "A visible injury, heavier: a cut of %(cut)s cm or more or a bruise, abrasion or contusion of "
                "%(area)s cm² or more (以上 includes the figure)."
            ) % {"cut": standard.cut_cm, "area": standard.bruise_cm2}
        return 2, _(
            "A visible injury, slight: a cut under %(cut)s cm and a bruise, abrasion or contusion under %(area)s cm²."
        ) % {"cut": standard.cut_cm, "area": standard.bruise_cm2}
    if facts.severity == HEAVIER:
        return 3, _("A visible injury, heavier (no cut or bruise measured; the adjuster's judgement).")
    if facts.severity == SLIGHT:
        return 2, _("A visible injury, slight (no cut or bruise measured; the adjuster's judgement).")
    return 0, _("A visible injury: measure the cut or the bruise, or say whether it is slight or heavier.")


def _incurred_level(facts: Facts, standard: Standard) -> tuple[int, str]:
    surgery = facts.advice in (ADVICE_MINOR_SURGERY, ADVICE_OBSERVATION)
    rest_long = facts.rest_days >= standard.rest_days
    treatment = facts.advice == ADVICE_FURTHER_TREATMENT or facts.rest_days > 0
    if not facts.positive_finding:
        if facts.advice == ADVICE_NONE and facts.rest_days == 0:
            return 1, _("No positive finding in the report and no advice of further treatment or rest.")
        return 0, _(
            "Advice of treatment or rest without a positive finding or a described injury: no band of the standard "
            "fits, the case follows the normal route."
        )
    if surgery or rest_long:
        return 3, _(
            "A positive finding or a described injury, with advice of minor surgery, observation in hospital or "
            "%(days)s days' full rest or more (以上 includes the figure)."
        ) % {"days": standard.rest_days}
    if treatment:
        return 2, _(
            "A positive finding or a described injury, with advice of further treatment or under %(days)s days' "
            "full rest."
        ) % {"days": standard.rest_days}
    return 0, _(
        "A positive finding or a described injury without any advice of treatment or rest: no band of the standard "
        "fits, the case follows the normal route."
    )


def propose(facts: Facts, standard: Standard) -> Proposal:
    """The band the standard gives these facts, or why there is none."""
    refused = eligibility(facts)
    if refused:
        return Proposal(eligible=False, reasons=refused)
    if facts.outpatient_visits == 0:
        level, why = _no_cost_level(facts, standard)
        if not level:
            return Proposal(eligible=False, reasons=[why], basis=NO_COST)
        ceiling = standard.no_cost_ceilings[level - 1]
        return Proposal(
            eligible=True,
            reasons=[why, _("Without medical cost: up to %(amount)s.") % {"amount": yuan(ceiling)}],
            basis=NO_COST,
            level=level,
            ceiling=ceiling,
            medical_cap=Decimal("0"),  # 未发生医疗费用: nothing to pay for treatment
            medical_review_needed=False,
        )
    level, why = _incurred_level(facts, standard)
    if not level:
        return Proposal(eligible=False, reasons=[why], basis=INCURRED)
    cost = facts.medical_cost
    if cost < 0:
        return Proposal(eligible=False, reasons=[_("The medical cost cannot be negative.")], basis=INCURRED)
    if cost > standard.confirmation_limit:
        return Proposal(
            eligible=False,
            reasons=[
                _("Medical costs of %(cost)s exceed %(limit)s: the fast track does not cover them.")
                % {"cost": yuan(cost), "limit": yuan(standard.confirmation_limit)}
            ],
            basis=INCURRED,
        )
    ceiling = standard.incurred_ceilings[level - 1]
    reasons = [why, _("After one outpatient visit: up to %(amount)s.") % {"amount": yuan(ceiling)}]
    medical_cap = cost
    if facts.insured_not_liable and cost > standard.not_liable_medical_cap:
        medical_cap = standard.not_liable_medical_cap
        reasons.append(
            _("The insured vehicle is not liable: incurred medical costs are paid up to %(cap)s.")
            % {"cap": yuan(standard.not_liable_medical_cap)}
        )
    needs_confirmation = cost > standard.no_review_limit
    if needs_confirmation:
        reasons.append(
            _(
                "Medical costs of %(cost)s are above %(limit)s: a medical reviewer must confirm by phone before the "
                "agreement; then they are recognised in full without medical review."
            )
            % {"cost": yuan(cost), "limit": yuan(standard.no_review_limit)}
        )
    else:
        reasons.append(
            _("Medical costs of %(cost)s are within %(limit)s: recognised in full without medical review.")
            % {"cost": yuan(cost), "limit": yuan(standard.no_review_limit)}
        )
    return Proposal(
        eligible=True,
        reasons=reasons,
        basis=INCURRED,
        level=level,
        ceiling=ceiling,
        medical_cap=medical_cap,
        needs_confirmation=needs_confirmation,
        medical_review_needed=False,
    )


def agreement_problems(
    proposal: Proposal, amount: Decimal, medical: Decimal, *, confirmed: bool
) -> list[str]:
    """Why an agreement for ``amount`` (of which ``medical`` for incurred medical costs) cannot be signed."""
    problems = []
    if not proposal.eligible or proposal.ceiling is None:
        return [_("The case has no band of the fast-track standard.")]
    if amount <= 0:
        problems.append(_("The agreed amount must be above zero."))
    if amount > proposal.ceiling:
        problems.append(
            _("The agreed amount %(amount)s is above the band's %(ceiling)s.")
            % {"amount": yuan(amount), "ceiling": yuan(proposal.ceiling)}
        )
    if medical < 0 or medical > amount:
        problems.append(_("The medical costs in the agreement must be between zero and the agreed amount."))
    elif proposal.medical_cap is not None and medical > proposal.medical_cap:
        problems.append(
            _("The medical costs in the agreement are above the %(cap)s that may be paid.")
            % {"cap": yuan(proposal.medical_cap)}
        )
    if proposal.needs_confirmation and not confirmed:
        problems.append(_("A medical reviewer must confirm the medical costs by phone before the agreement."))
    return problems
