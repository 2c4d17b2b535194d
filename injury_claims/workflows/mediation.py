"""Mediation for an injured person (人伤调解, seed 001 p8–10, p20–22), declared once.

p20–21: "是否调解 → 是 → 拟定调解方案 → 调解方案审核 → 是否审核通过 → 否: 人伤正常跟踪或调整方案 / 是: 签订协议 → 费用审核通过".
p8: "调解人员先拟定调解方案，经医疗审核人员审核同意后，方可在方案内进行调解". The person's follow-up keeps its own state
meanwhile; mediation is offered at every follow-up step (p8 "人伤跟踪人员在每个跟踪环节都应告知我司可调解结案").

* **drafting**: an authorised mediator drafts the plan — items and their amounts (the calculator's result as a
  starting point when the person's facts are assessed) and the plan's total. ``submit`` sends it to review.
* **submitted**: a review of kind ``mediation_plan`` routed by the branch's authority matrix on the plan's total
  (``services.reviews.open_review``); a medical reviewer within authority, never the mediator, approves or returns
  it. Its decision takes ``approve_plan`` / ``reject_plan`` (system steps).
* **rejected**: the mediator revises the plan (``revise`` → drafting) or withdraws (→ the normal follow-up).
* **approved**: the mediator mediates within the plan. ``agree`` records the one-off settlement agreement
  (一次性赔偿协议) item by item, refused outside the plan (``injury_claims.mediation.check_agreement``); the
  agreement is printed for signature. A plan too tight for the parties is revised and approved again.
* **agreed** → **signed**: the scan of the signed agreement is filed and the result recorded.
* **settled**: p21 "费用审核通过" — a medical reviewer whose cost-review authority covers the agreed total passes
  the person's costs at the agreed amounts (the amounts cannot change: the model and the database refuse it); the
  settlement's calculation takes them as they are (``selectors.agreed.mediation_agreed``).
* **failed** / **withdrawn**: no agreement — the person's normal follow-up continues.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import transition

from organization.roles import Role
from organization.scoping import scope_for
from workflow.declaration import Notice, Step, Workflow, allowed, guard
from workflow.forms import ReasonsForm
from workflow.services import TransitionRefused

from ..forms.mediation import AgreeForm
from ..rules import can_work_claim


class MediationState(models.TextChoices):
    DRAFTING = "drafting", gettext_lazy("Plan being drafted")
    SUBMITTED = "submitted", gettext_lazy("Plan in review")
    REJECTED = "rejected", gettext_lazy("Plan not approved")
    APPROVED = "approved", gettext_lazy("Plan approved: mediating")
    AGREED = "agreed", gettext_lazy("Agreement reached, to be signed")
    SIGNED = "signed", gettext_lazy("Signed agreement filed")
    SETTLED = "settled", gettext_lazy("Costs passed at the agreed amounts")
    FAILED = "failed", gettext_lazy("No agreement: normal follow-up")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn: normal follow-up")


S = MediationState
# One mediation at a time per person: these states hold it open (a unique constraint on the model).
OPEN = frozenset({S.DRAFTING, S.SUBMITTED, S.REJECTED, S.APPROVED, S.AGREED, S.SIGNED})
ENDED_WITHOUT_AGREEMENT = frozenset({S.FAILED, S.WITHDRAWN})
# The plan's amounts change only while it is drafted; the agreed amounts never change once agreed.
PLAN_EDITABLE = frozenset({S.DRAFTING})
AMOUNTS_FIXED = frozenset({S.AGREED, S.SIGNED, S.SETTLED})
# An agreement was reached (the outcome a mediator's evaluation counts).
AGREEMENT_REACHED = AMOUNTS_FIXED
CHECKERS = frozenset({Role.MEDICAL_REVIEWER, Role.MEDICAL_REVIEW_HEAD})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.org_id)


def can_mediate(user, obj=None) -> bool:
    """A mediator of the org (or above) — for a mediation, its own mediator only. Whether their authorisation is
    current is a guard (``mediator_authorised``), so an expired mediator is told why instead of shown nothing."""
    if not _active(user) or not user.has_role(Role.MEDIATOR):
        return False
    if obj is None:
        return True
    if getattr(obj, "mediator_id", user.pk) != user.pk:
        return False
    return scope_for(user).covers(obj.org_id)


def can_end_mediation(user, mediation=None) -> bool:
    """Ending without agreement: its mediator, or the follow-up people of the org (the follow-up goes on)."""
    return can_mediate(user, mediation) or can_work_claim(user, mediation)


def can_pass_costs(user, mediation=None) -> bool:
    """p21 "费用审核通过": a medical reviewer of the org whose cost-review authority covers the agreed total, never
    the mediator (nobody reviews their own work)."""
    if not _active(user) or not user.has_role(*CHECKERS):
        return False
    if mediation is None:
        return True
    if user.pk in (mediation.mediator_id, mediation.created_by_id):
        return False
    scope = scope_for(user)
    if scope.is_hq or not scope.covers(mediation.org_id):
        return False
    from organization.selectors import ceiling_for

    ceiling = ceiling_for(user, "cost")
    return ceiling is not None and mediation.agreed_total is not None and ceiling >= mediation.agreed_total


# --- guards --------------------------------------------------------------------------------------------------
@guard
def mediator_authorised(mediation):
    """p8: only a mediator trained and authorised by the province, the authorisation current today."""
    return mediation.authorisation_problems()


@guard
def person_followed_up(mediation):
    """Mediation runs beside the follow-up: a person whose costs went to review or who is closed is not mediated."""
    from .person import FOLLOWING

    if mediation.person.state not in FOLLOWING:
        return _("The person is no longer being followed up (now “%(state)s”): mediation cannot go on.") % {
            "state": mediation.person.get_state_display()
        }
    return None


@guard
def plan_complete(mediation):
    return mediation.plan_problems()


@guard
def scan_filed(mediation):
    if mediation.signed_scan_id is None:
        return _("Upload the scan of the signed agreement first.")
    return None


class MediationTransitions:
    """The transitions of ``injury_claims.models.Mediation``."""

    @transition(
        field="state",
        source=S.DRAFTING,
        target=S.SUBMITTED,
        permission=allowed(can_mediate),
        conditions=[mediator_authorised, person_followed_up, plan_complete],
    )
    def submit(self, by=None, note=""):
        """拟定调解方案 → 调解方案审核: the review is opened by ``services.mediation.submit_plan``."""
        self.submitted_at = timezone.now()

    @transition(field="state", source=S.SUBMITTED, target=S.APPROVED, permission=allowed(lambda u, o: False))
    def approve_plan(self, by=None, note=""):
        """The plan review approved (taken by ``services.reviews.decide_review``)."""
        self.approved_by, self.approved_at = by, timezone.now()

    @transition(field="state", source=S.SUBMITTED, target=S.REJECTED, permission=allowed(lambda u, o: False))
    def reject_plan(self, by=None, note=""):
        """The plan review returned it with reasons (是否审核通过: 否)."""

    @transition(
        field="state",
        source=[S.REJECTED, S.APPROVED],
        target=S.DRAFTING,
        permission=allowed(can_mediate),
        conditions=[mediator_authorised],
    )
    def revise(self, by=None, note=""):
        """调整方案: the plan is drafted again and must be approved again before mediating on it."""
        self.approved_by, self.approved_at = None, None

    @transition(
        field="state",
        source=S.APPROVED,
        target=S.AGREED,
        permission=allowed(can_mediate),
        conditions=[mediator_authorised, person_followed_up],
    )
    def agree(self, by=None, note="", amounts=None):
        """签订协议: the one-off settlement agreement, within the approved plan item by item and in total."""
        check = self.check_agreement(amounts or {})
        if not check.within:
            raise TransitionRefused(check.problems)
        item_model = apps.get_model("injury_claims", "MediationItem")
        items = list(item_model.objects.filter(mediation=self))
        for item in items:
            item.agreed = (amounts or {}).get(item.code) or 0
        item_model.objects.bulk_update(items, ["agreed"])
        self.agreed_total = check.agreed_total
        self.agreed_by, self.agreed_at = by, timezone.now()

    @transition(
        field="state",
        source=S.AGREED,
        target=S.SIGNED,
        permission=allowed(can_mediate),
        conditions=[scan_filed],
    )
    def record_signed(self, by=None, note=""):
        """The signed agreement is in (its scan filed by ``services.mediation.file_signed_agreement``)."""

    @transition(field="state", source=S.SIGNED, target=S.AGREED, permission=allowed(can_pass_costs))
    def return_material(self, by=None, note=""):
        """The scan is unreadable or unsigned: back to the mediator (the amounts stay as agreed)."""
        if not note.strip():
            raise TransitionRefused(_("Say what is missing."), field="note")
        self.signed_scan = None

    @transition(
        field="state",
        source=S.SIGNED,
        target=S.SETTLED,
        permission=allowed(can_pass_costs),
        conditions=[person_followed_up],
    )
    def pass_costs(self, by=None, note=""):
        """p21 "费用审核通过": the person's costs are the agreement's (``services.mediation.pass_costs``)."""
        self.settled_by, self.settled_at = by, timezone.now()

    @transition(
        field="state",
        source=[S.APPROVED, S.AGREED],
        target=S.FAILED,
        permission=allowed(can_end_mediation),
    )
    def fail(self, by=None, note=""):
        """No agreement (or the agreement was not signed): the normal follow-up continues."""
        if not note.strip():
            raise TransitionRefused(_("Say why no agreement was reached."), field="note")
        self.ended_at = timezone.now()

    @transition(
        field="state",
        source=[S.DRAFTING, S.REJECTED],
        target=S.WITHDRAWN,
        permission=allowed(can_end_mediation),
    )
    def withdraw(self, by=None, note=""):
        """p21 "人伤正常跟踪": the plan is given up, the normal follow-up continues."""
        if not note.strip():
            raise TransitionRefused(_("Say why the mediation is withdrawn."), field="note")
        self.ended_at = timezone.now()


def _mediator(mediation):
    return [mediation.mediator] if mediation.mediator_id else []


def _handler(mediation):
    return [mediation.person.handler] if mediation.person.handler_id else []


TO_MEDIATOR = Notice("injury_claims.person_changed", _mediator)
TO_HANDLER = Notice("injury_claims.person_changed", _handler)

MEDIATION = Workflow(
    name="injury_claims.mediation",
    model="injury_claims.Mediation",
    states=MediationState,
    start=S.DRAFTING,
    finals=frozenset({S.SETTLED, S.FAILED, S.WITHDRAWN}),
    steps={
        "submit": Step(gettext_lazy("Submit the plan for review"), gettext_lazy("Mediation plan submitted")),
        "approve_plan": Step(
            gettext_lazy("Approve the plan"),
            gettext_lazy("Mediation plan approved"),
            offered=False,
            notices=(TO_MEDIATOR,),
        ),
        "reject_plan": Step(
            gettext_lazy("Return the plan"),
            gettext_lazy("Mediation plan not approved"),
            offered=False,
            notices=(TO_MEDIATOR,),
        ),
        "revise": Step(gettext_lazy("Revise the plan"), gettext_lazy("Mediation plan reopened for revision")),
        "agree": Step(
            gettext_lazy("Record the agreement"),
            gettext_lazy("One-off settlement agreement reached"),
            form=AgreeForm,
        ),
        "record_signed": Step(
            gettext_lazy("Record the signed agreement"), gettext_lazy("Signed agreement recorded")
        ),
        "return_material": Step(
            gettext_lazy("Return for material"),
            gettext_lazy("Returned for material"),
            form=ReasonsForm,
            style="secondary",
            notices=(TO_MEDIATOR,),
        ),
        "pass_costs": Step(
            gettext_lazy("Pass the costs at the agreed amounts"),
            gettext_lazy("Costs passed at the agreed amounts"),
            notices=(TO_MEDIATOR, TO_HANDLER),
        ),
        "fail": Step(
            gettext_lazy("No agreement"),
            gettext_lazy("No agreement: normal follow-up"),
            form=ReasonsForm,
            style="secondary",
            notices=(TO_HANDLER,),
        ),
        "withdraw": Step(
            gettext_lazy("Withdraw the mediation"),
            gettext_lazy("Mediation withdrawn: normal follow-up"),
            form=ReasonsForm,
            style="secondary",
            notices=(TO_HANDLER,),
        ),
    },
    context=lambda mediation: {"person": mediation.person.name, "report": mediation.person.claim.report_no},
)
