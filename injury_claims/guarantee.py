"""The medical-fee guarantee and prepayment (医疗费担保预付, seed 000): who may have one, what is prepaid, and how the
prepayments reconcile with the settlement's later calculation. Pure functions over plain facts; the figures (the
liability share) are administered data (``LiabilityRatio``) read by the selectors. Every result explains itself.

Seed 000, 理赔协作医院的功能 三、医疗费担保、预付服务: "配合保险公司向平安车险的VIP客户提供伤者住院期间医疗费用担保服务；对保险
责任及事故责任明确的案件，按事故责任比例及承保信息，预付伤者实际已发生的医疗费。"

Seed 000, 协作医院的维护 5: "各机构可根据实际情况并报总公司车险意健险理赔部批准后，选择VIP客户对保险责任及事故责任明确的交通
事故伤者开展医疗费担保或垫付服务".

Decisions (README, "Medical-fee guarantee and prepayment"):

* **VIP** is the insurer's customer — the insured of the claim's policy (平安车险的VIP客户) — so it is recorded on the
  claim with its basis; the injured person (often a third party) is whom the guarantee serves.
* **The hospital**: the person's treating hospital is in the registry, in the cooperating network on the day, through
  a cooperation **of the claim's own branch** (the branch offers the service under its agreement), and that agreement
  in force covers the guarantee function **with HQ's approval recorded** (requested or refused: no guarantee).
* **住院期间**: the person is admitted as an inpatient.
* **保险责任明确** (coverage clear), for the data we have: a cover of the claim answers for this person — a third party
  (outside or in another vehicle) is covered by the compulsory insurance every claim carries; a passenger of the
  insured vehicle only when the claim records passenger cover (交强险 does not cover the persons on board); the
  driver of the insured vehicle has no cover recorded here — and the survey is done and no investigation for a
  suspected exclusion is open.
* **事故责任明确** (liability clear): the traffic police handled the accident and their liability finding is recorded,
  with its share from the administered data. A finding of no liability (无责) is clear but carries a share of 0:
  nothing is prepaid "按事故责任比例", so it is refused too.
* **Prepayment** = incurred medical costs × the liability share, rounded to the fen (ROUND_HALF_UP), less what was
  prepaid before (the incurred costs are the hospital's running total, so each prepayment tops up to it), and never
  more than the guaranteed amount still available. Nothing to prepay (zero or less) is refused.
* **Reconciliation** with the settlement: the prepaid amount counts against the approved total. Prepaid beyond our
  share of the calculated medical items is deducted from the person's other items; prepaid beyond the whole total is
  recovered from the hospital before the settlement can be paid. The part of the guarantee not prepaid is released
  when the letter is closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
ZERO = Decimal("0")
# The person's role in the accident (injury_claims.choices.PersonRole values) and the cover that answers for it.
THIRD_PARTIES = frozenset({"third_outside", "third_vehicle"})
PASSENGER = "passenger"
# The calculated items that are "实际已发生的医疗费" (compensation.ItemCode.MEDICAL: 医药费、诊疗费、住院费).
MEDICAL_ITEMS = frozenset({"medical"})

FUNCTION_APPROVED = "approved"
FUNCTION_REQUESTED = "requested"
FUNCTION_REFUSED = "refused"


def yuan(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def to_fen(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class Facts:
    """What the records say about one person, on one day (gathered by ``selectors.guarantee``)."""

    vip: bool = False
    hospital_in_registry: bool = False  # a registry hospital, not a free-text name
    in_network: bool = False  # in the network on the day, through the claim's branch
    function_agreed: bool = False  # the agreement in force covers the guarantee function
    function_status: str = ""  # HQ's approval of it: approved / requested / refused / "" (none recorded)
    inpatient: bool = False
    role: str = ""
    passenger_cover: bool = False
    survey_done: bool = False
    exclusion_suspected: bool = False  # an open investigation for a suspected exclusion (涉嫌除外责任)
    police_handled: bool = False
    liability: str = ""  # the finding's code, "" when none is recorded
    liability_ratio: Decimal | None = None


def eligibility(facts: Facts) -> list[str]:
    """Why this person cannot have a guarantee or a prepayment; empty when they can. Every reason, not the first."""
    refused = []
    if not facts.vip:
        refused.append(_("The insured is not recorded as a VIP customer: the guarantee is a VIP service."))
    if not facts.hospital_in_registry:
        refused.append(_("The treating hospital is not a hospital of the registry."))
    elif not facts.in_network:
        refused.append(_("The treating hospital is not in the branch's cooperating network today."))
    elif not facts.function_agreed:
        refused.append(_("The hospital's agreement in force does not include the medical-fee guarantee."))
    elif facts.function_status == FUNCTION_REQUESTED:
        refused.append(
            _("The guarantee function of the hospital's agreement is still waiting for HQ's approval.")
        )
    elif facts.function_status == FUNCTION_REFUSED:
        refused.append(_("HQ refused the guarantee function of the hospital's agreement."))
    elif facts.function_status != FUNCTION_APPROVED:
        refused.append(_("HQ's approval of the hospital's guarantee function is not recorded."))
    if not facts.inpatient:
        refused.append(
            _("The guarantee covers the hospital stay: the person is not admitted as an inpatient.")
        )
    refused.extend(coverage_problems(facts))
    refused.extend(liability_problems(facts))
    return refused


def coverage_problems(facts: Facts) -> list[str]:
    """保险责任明确: a cover answers for the person, the survey is done, no exclusion is suspected."""
    problems = []
    if facts.role == PASSENGER and not facts.passenger_cover:
        problems.append(_("A passenger of the insured vehicle: the claim records no passenger cover."))
    elif facts.role not in THIRD_PARTIES and facts.role != PASSENGER:
        problems.append(_("The driver of the insured vehicle: no cover of the claim answers for them."))
    if not facts.survey_done:
        problems.append(_("Coverage is not clear yet: the survey is not done."))
    if facts.exclusion_suspected:
        problems.append(_("Coverage is not clear: an investigation of a suspected exclusion is open."))
    return problems


def liability_problems(facts: Facts) -> list[str]:
    """事故责任明确: the police's finding is recorded with a share above nothing."""
    if not facts.police_handled or not facts.liability:
        return [_("Accident liability is not clear: no liability finding of the traffic police is recorded.")]
    if facts.liability_ratio is None:
        return [_("No liability share is set for this finding: ask the administrator to set one.")]
    if facts.liability_ratio <= 0:
        return [_("The insured vehicle bears no liability: nothing is prepaid in proportion to liability.")]
    return []


@dataclass(frozen=True)
class Prepayment:
    amount: Decimal  # to prepay now; 0 when refused
    due: Decimal  # incurred × share, to the fen
    available: Decimal  # the guarantee not yet prepaid
    capped: bool  # the guarantee limited it
    reasons: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def prepayment(
    *,
    incurred: Decimal,
    ratio: Decimal,
    prepaid_before: Decimal,
    guaranteed: Decimal,
    prepaid_on_letter: Decimal | None = None,
) -> Prepayment:
    """What to prepay now for the hospital's incurred costs to date (seed 000: "按事故责任比例…预付伤者实际已发生的
    医疗费"), topping up what was prepaid before for the person, within what this letter still guarantees
    (``prepaid_on_letter``: prepaid against this letter, when the person had an earlier one)."""
    if incurred < 0:
        return Prepayment(ZERO, ZERO, ZERO, False, refused=[_("Incurred costs cannot be negative.")])
    if not ZERO < ratio <= 1:
        return Prepayment(
            ZERO, ZERO, ZERO, False, refused=[_("The liability share must be above 0 and at most 1.")]
        )
    due = to_fen(incurred * ratio)
    used = prepaid_before if prepaid_on_letter is None else prepaid_on_letter
    available = max(guaranteed - used, ZERO)
    owed = due - prepaid_before
    reasons = [
        _("Incurred %(incurred)s × liability share %(ratio)s = %(due)s (rounded to the fen).")
        % {"incurred": yuan(incurred), "ratio": f"{ratio.normalize():f}", "due": yuan(due)}
    ]
    if prepaid_before:
        reasons.append(
            _("%(before)s prepaid before: %(owed)s still due.")
            % {"before": yuan(prepaid_before), "owed": yuan(owed)}
        )
    if owed <= 0:
        return Prepayment(
            ZERO,
            due,
            available,
            False,
            reasons,
            [_("Nothing more to prepay: %(due)s is already prepaid.") % {"due": yuan(due)}],
        )
    if available <= 0:
        return Prepayment(
            ZERO,
            due,
            available,
            True,
            reasons,
            [_("The guaranteed %(amount)s is used up.") % {"amount": yuan(guaranteed)}],
        )
    amount = min(owed, available)
    capped = amount < owed
    if capped:
        reasons.append(
            _("Limited to the %(available)s of the guarantee still available (guaranteed %(amount)s).")
            % {"available": yuan(available), "amount": yuan(guaranteed)}
        )
    return Prepayment(amount, due, available, capped, reasons)


@dataclass(frozen=True)
class Reconciliation:
    guaranteed: Decimal
    prepaid: Decimal  # net of what was recovered
    medical: Decimal | None  # our share of the calculated medical items (None: not calculated yet)
    payable: Decimal | None  # the settlement's total (approved, else the latest calculation)
    remainder: Decimal | None  # still to pay at settlement
    deducted: Decimal | None  # prepaid beyond the medical items, taken from the other items
    to_recover: Decimal | None  # prepaid beyond the whole total: recovered from the hospital
    unused: Decimal  # the part of the guarantee not prepaid, released when the letter is closed
    lines: list[str] = field(default_factory=list)


def medical_share(allocation_lines: list[dict]) -> Decimal:
    """Our share (交强险 + commercial) of the calculated medical items, from a calculation's allocation lines."""
    return sum(
        (
            Decimal(line["compulsory"]) + Decimal(line["commercial"])
            for line in allocation_lines
            if line["code"] in MEDICAL_ITEMS
        ),
        ZERO,
    )


def reconcile(
    *, guaranteed: Decimal, prepaid: Decimal, medical: Decimal | None, payable: Decimal | None
) -> Reconciliation:
    """Guaranteed vs prepaid vs the settlement's calculation: what is still owed, deducted or to be recovered."""
    unused = max(guaranteed - prepaid, ZERO)
    lines = [
        _("Guaranteed %(guaranteed)s, prepaid %(prepaid)s: %(unused)s of the guarantee not used.")
        % {"guaranteed": yuan(guaranteed), "prepaid": yuan(prepaid), "unused": yuan(unused)}
    ]
    if payable is None or medical is None:
        lines.append(_("Not calculated yet: the prepaid amount will count against the settlement's total."))
        return Reconciliation(guaranteed, prepaid, medical, payable, None, None, None, unused, lines)
    remainder = max(payable - prepaid, ZERO)
    to_recover = max(prepaid - payable, ZERO)
    deducted = max(min(prepaid, payable) - medical, ZERO)
    if prepaid <= medical:
        lines.append(
            _("Our share of the calculated medical costs is %(medical)s: %(left)s of it is still owed.")
            % {"medical": yuan(medical), "left": yuan(medical - prepaid)}
        )
    else:
        lines.append(
            _("Our share of the calculated medical costs is %(medical)s: %(over)s was prepaid beyond it.")
            % {"medical": yuan(medical), "over": yuan(prepaid - medical)}
        )
    if deducted:
        lines.append(
            _("%(deducted)s is deducted from the other items of the settlement.")
            % {"deducted": yuan(deducted)}
        )
    if to_recover:
        lines.append(
            _(
                "The prepayments exceed the %(payable)s payable: %(recover)s must be recovered from the hospital."
            )
            % {"payable": yuan(payable), "recover": yuan(to_recover)}
        )
    else:
        lines.append(
            _("%(payable)s payable less %(prepaid)s prepaid: %(remainder)s to pay at settlement.")
            % {"payable": yuan(payable), "prepaid": yuan(prepaid), "remainder": yuan(remainder)}
        )
    return Reconciliation(
        guaranteed, prepaid, medical, payable, remainder, deducted, to_recover, unused, lines
    )
