"""A person's settlement after the cost review, declared once (seed 001: 医疗审核 → 定损 → 理算核赔 → 结案).

Seed 001 p25: "只要其中一个人伤跟踪流程费用审核通过，即可对审核通过的人伤发起理算" — each person is settled on their own as
soon as their costs are approved, while the others are still followed up.

* **Loss assessment (定损)**: the facts the calculator needs, confirmed with their evidence, and the documents of
  the person's injury category. When the last document is in, the **3-working-day payment clock** starts (seed
  002: "三个工作日到账承诺"; it may not pause) and runs across calculation, approval and payment until paid.
* **Calculation (理算)** by a calculator/approver: the calculator's result, adjusted per item only with a reason.
  The assessed facts stay editable while calculating (a correction is recalculated; the clock keeps running).
* **Approval (核赔)**: a review of kind ``settlement`` routed by the authority matrix on the amount, as the other
  reviews are; its decision moves the settlement (approved → payment; returned → calculation). Nobody approves
  their own calculation.
* **Payment**: recorded with the bank's reference; when every person of the claim is paid or closed without
  payment, the claim closes.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import transition

from organization.roles import Role
from organization.scoping import scope_for
from workflow.declaration import Clock, Notice, Step, Workflow, allowed, guard

from ..rules import can_work_claim


class SettlementState(models.TextChoices):
    ASSESSMENT = "assessment", gettext_lazy("Loss assessment")
    CALCULATION = "calculation", gettext_lazy("Calculation")
    APPROVAL = "approval", gettext_lazy("Approval")
    APPROVED = "approved", gettext_lazy("Approved, to pay")
    PAID = "paid", gettext_lazy("Paid")


S = SettlementState
CALCULATORS = frozenset({Role.CALCULATOR_APPROVER, Role.BRANCH_CLAIMS_HEAD})


def can_calculate(user, settlement=None) -> bool:
    """理算 and payment: the calculator/approver post (理算核赔岗) and the claims head, in their scope."""
    if not (user and user.is_authenticated and user.is_active and user.org_id):
        return False
    if not user.has_role(*CALCULATORS):
        return False
    return settlement is None or scope_for(user).covers(settlement.org_id)


def can_assess(user, settlement=None) -> bool:
    """定损: the claim's follow-up people, or a calculator/approver."""
    return can_work_claim(user, settlement) or can_calculate(user, settlement)


def may_see_settlements(user) -> bool:
    """The settlements list in the menu: those who assess, calculate or approve."""
    return can_assess(user) or bool(user.is_authenticated and user.has_role(*CALCULATORS))


ASSESS = allowed(can_assess)
CALCULATE = allowed(can_calculate)
SYSTEM = allowed(
    lambda user, obj: False
)  # taken by the approval's decision (perform_transition(system=True))


# --- guards --------------------------------------------------------------------------------------------------
@guard
def documents_complete(settlement):
    missing = settlement.missing_documents()
    if missing:
        return [_("Documents still missing: %(names)s.") % {"names": "、".join(missing)}]
    return []


@guard
def facts_entered(settlement):
    if not settlement.facts and not settlement.agreed_kind:
        return [_("Enter the assessed facts first.")]
    return []


@guard
def calculated(settlement):
    latest = settlement.latest_calculation()
    if latest is None:
        return [_("Calculate first.")]
    victims = (
        settlement.person.claim.persons.filter(settlement__isnull=False)
        .exclude(Q(settlement__facts={}) & Q(settlement__agreed_kind=""))
        .count()
    )
    if latest.allocation.get("victims") != victims:
        return [
            _(
                "The claim's persons changed since this calculation: calculate again (the shares of the limits)."
            )
        ]
    return []


@guard
def paid_in_full(settlement):
    return settlement.payment_problems()


class SettlementTransitions:
    @transition(
        field="state",
        source=S.ASSESSMENT,
        target=S.CALCULATION,
        permission=ASSESS,
        conditions=[facts_entered, documents_complete],
    )
    def confirm_assessment(self, by=None, note=""):
        """The assessed facts and the documents are confirmed: calculation may start."""

    @transition(
        field="state", source=S.CALCULATION, target=S.APPROVAL, permission=CALCULATE, conditions=[calculated]
    )
    def submit(self, by=None, note=""):
        """The latest calculation goes to approval (核赔); the service opens the approval review."""
        self.calculator = by

    @transition(field="state", source=S.APPROVAL, target=S.APPROVED, permission=SYSTEM)
    def approve(self, by=None, note=""):
        """The approval review approved the calculation."""

    @transition(field="state", source=S.APPROVAL, target=S.CALCULATION, permission=SYSTEM)
    def return_calculation(self, by=None, note=""):
        """The approval review returned it with reasons."""

    @transition(
        field="state", source=S.APPROVED, target=S.PAID, permission=CALCULATE, conditions=[paid_in_full]
    )
    def pay(self, by=None, note=""):
        from django.utils import timezone

        self.paid_at = timezone.now()


def _calculator(settlement):
    return [settlement.calculator] if settlement.calculator_id else []


def _injured(settlement):
    from ..notices import injured_contact

    return injured_contact(settlement.person)


SETTLEMENT = Workflow(
    name="injury_claims.settlement",
    model="injury_claims.Settlement",
    states=SettlementState,
    start=S.ASSESSMENT,
    finals=frozenset({S.PAID}),
    steps={
        "confirm_assessment": Step(
            gettext_lazy("Confirm the assessment"), gettext_lazy("Assessment confirmed")
        ),
        "submit": Step(gettext_lazy("Submit for approval"), gettext_lazy("Submitted for approval (核赔)")),
        "approve": Step(
            gettext_lazy("Approve"),
            gettext_lazy("Settlement approved"),
            offered=False,
            notices=(Notice("injury_claims.settlement_decided", _calculator),),
        ),
        "return_calculation": Step(
            gettext_lazy("Return"),
            gettext_lazy("Settlement returned"),
            offered=False,
            notices=(Notice("injury_claims.settlement_decided", _calculator),),
        ),
        "pay": Step(
            gettext_lazy("Record as paid"),
            gettext_lazy("Paid"),
            offered=False,
            notices=(Notice("injury_claims.injured_paid", _injured),),
        ),
    },
    clocks=(
        Clock(
            (S.CALCULATION, S.APPROVAL, S.APPROVED),
            "payment",
            gettext_lazy("Pay %(person)s (%(report)s) within 3 working days"),
            start=lambda settlement: settlement.documents_complete_on,
        ),
        # Seed 001 p19: "理算与核赔环节按照万元以下一小时通知赔付的时限要求完成小额快速处理人伤案件的处理" — from approval;
        # 以下 includes the figure (FastTrackStandard.payment_notice_limit, 10,000).
        Clock(
            S.APPROVED,
            "fast_track_payment_notice",
            gettext_lazy("Fast track: notify the payment to %(person)s (%(report)s) within one hour"),
            applies=lambda settlement: settlement.one_hour_notice(),
        ),
    ),
    context=lambda settlement: {
        "person": settlement.person.name,
        "report": settlement.person.claim.report_no,
    },
    org_of=lambda settlement: settlement.org,
)
