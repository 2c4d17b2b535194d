"""The medical-fee guarantee letter (担保函) of an injured person and its prepayments (seed 000, 医疗费担保预付), declared
once. The rules are ``injury_claims.guarantee``; the use cases ``injury_claims.services.guarantee``.

* **drafted** by the person's claim workers (the adjuster): the hospital, the amount, the validity. Only for an
  eligible person (VIP, hospital with the HQ-approved function, inpatient, coverage and liability clear).
* **submitted** for approval: routed by the branch's 核赔 authority matrix on the amount — the letter commits the
  company to pay the hospital up to it, as an approved settlement does — to a calculator/approver or the claims
  head whose 核赔 ceiling covers it, or to HQ above every ceiling. Nobody approves their own draft.
* **issued**: approved and issued; eligibility is checked again under the lock. The letter is printed (numbered,
  registered, QR-verifiable), prepayments are recorded against it while it is valid.
* **used**: closed against the settlement once it is approved: the reconciliation is kept with the letter.
* **expired**: the daily sweep moves an issued letter past its last valid day (``valid_until`` < today).
* **cancelled**: a draft or a submitted letter by the claim workers; an issued one only by whoever may approve it,
  with the reason (the hospital is told by the branch). Prepayments already made still count at settlement.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import transition

from organization.scoping import scope_for
from workflow.declaration import Notice, Step, Workflow, allowed, guard
from workflow.forms import ReasonsForm
from workflow.services import TransitionRefused

from ..rules import SETTLEMENT_APPROVERS, can_work_claim


class GuaranteeState(models.TextChoices):
    DRAFTED = "drafted", gettext_lazy("Drafted")
    SUBMITTED = "submitted", gettext_lazy("Waiting for approval")
    ISSUED = "issued", gettext_lazy("Issued")
    USED = "used", gettext_lazy("Closed against the settlement")
    EXPIRED = "expired", gettext_lazy("Expired")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


S = GuaranteeState
OPEN = frozenset({S.DRAFTED, S.SUBMITTED, S.ISSUED})
APPROVAL_KIND = "settlement"  # the authority matrix the approval is routed by (核赔)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.org_id)


def can_issue_guarantee(user, guarantee=None) -> bool:
    """A calculator/approver or the branch claims head whose 核赔 ceiling covers the amount, in scope (HQ's for a
    letter above every ceiling of the branch); never who drafted or submitted it."""
    if not _active(user) or not user.has_role(*SETTLEMENT_APPROVERS):
        return False
    if guarantee is None:
        return True
    if user.pk in (guarantee.created_by_id, guarantee.submitted_by_id):
        return False
    scope = scope_for(user)
    if guarantee.routed_to_hq:
        return scope.is_hq
    if scope.is_hq or not scope.covers(guarantee.org_id):
        return False
    from organization.selectors import ceiling_for

    ceiling = ceiling_for(user, APPROVAL_KIND)
    return ceiling is not None and ceiling >= guarantee.amount


def why_not_issuer(user, guarantee) -> str:
    """Why this person may not approve this letter (empty when they may): the page says it."""
    if can_issue_guarantee(user, guarantee):
        return ""
    if not _active(user) or not user.has_role(*SETTLEMENT_APPROVERS):
        return _("A calculator/approver or the claims head approves the letter, within their 核赔 authority.")
    if user.pk in (guarantee.created_by_id, guarantee.submitted_by_id):
        return _("You drafted or submitted this letter: somebody else approves it.")
    if guarantee.routed_to_hq:
        return _("The amount is above every ceiling of the branch: HQ approves it.")
    return _("The amount is above your 核赔 ceiling, or the letter is outside your organisation.")


def can_cancel_guarantee(user, guarantee=None) -> bool:
    """A draft or a submitted letter: the claim workers. An issued one: whoever may approve it."""
    if guarantee is not None and guarantee.state == S.ISSUED:
        return can_issue_guarantee(user, guarantee)
    return can_work_claim(user, guarantee)


def can_close_guarantee(user, guarantee=None) -> bool:
    """Closing against the settlement: the claim workers or the calculator/approver post of the org."""
    if can_work_claim(user, guarantee):
        return True
    return bool(
        _active(user)
        and user.has_role(*SETTLEMENT_APPROVERS)
        and (guarantee is None or scope_for(user).covers(guarantee.org_id))
    )


SYSTEM = allowed(lambda user, obj: False)  # the expiry sweep (perform_transition(system=True))


# --- guards --------------------------------------------------------------------------------------------------
@guard
def eligible(guarantee):
    from ..selectors.guarantee import eligibility_of

    return eligibility_of(guarantee.person)


@guard
def still_valid(guarantee):
    today = timezone.localdate()
    if guarantee.valid_until < today:
        return _("The letter's validity ended on %(day)s: cancel it and draft a new one.") % {
            "day": guarantee.valid_until.isoformat()
        }
    return None


@guard
def past_validity(guarantee):
    if guarantee.valid_until >= timezone.localdate():
        return _("The letter is valid until %(day)s.") % {"day": guarantee.valid_until.isoformat()}
    return None


@guard
def settlement_decided(guarantee):
    from ..workflows.settlement import SettlementState

    settlement = getattr(guarantee.person, "settlement", None)
    if settlement is None or settlement.state not in (SettlementState.APPROVED, SettlementState.PAID):
        return _("The letter is closed against the settlement once the settlement is approved.")
    return None


class GuaranteeTransitions:
    """The transitions of ``injury_claims.models.Guarantee``."""

    @transition(
        field="state",
        source=S.DRAFTED,
        target=S.SUBMITTED,
        permission=allowed(can_work_claim),
        conditions=[eligible, still_valid],
    )
    def submit(self, by=None, note=""):
        """To approval, routed by the branch's 核赔 authority matrix on the amount."""
        from ..selectors.guarantee import route_for

        route = route_for(self)
        self.routed_to_hq, self.route = route.to_hq, route.explanation[:300]
        self.submitted_by, self.submitted_at = by, timezone.now()

    @transition(
        field="state",
        source=S.SUBMITTED,
        target=S.DRAFTED,
        permission=allowed(can_issue_guarantee),
    )
    def return_draft(self, by=None, note=""):
        """Back to the adjuster with the reasons."""
        if not note.strip():
            raise TransitionRefused(_("Give the reasons."), field="note")
        self.submitted_by, self.submitted_at = None, None

    @transition(
        field="state",
        source=S.SUBMITTED,
        target=S.ISSUED,
        permission=allowed(can_issue_guarantee),
        conditions=[eligible, still_valid],
    )
    def issue(self, by=None, note=""):
        """Approved and issued: the agreement that allows it is recorded with the letter."""
        from ..selectors.guarantee import agreement_of

        self.agreement_id = agreement_of(self)
        self.issued_by, self.issued_at = by, timezone.now()

    @transition(
        field="state",
        source=[S.DRAFTED, S.SUBMITTED, S.ISSUED],
        target=S.CANCELLED,
        permission=allowed(can_cancel_guarantee),
    )
    def cancel(self, by=None, note=""):
        if not note.strip():
            raise TransitionRefused(_("Give the reasons."), field="note")
        self.closed_at = timezone.now()

    @transition(
        field="state",
        source=S.ISSUED,
        target=S.USED,
        permission=allowed(can_close_guarantee),
        conditions=[settlement_decided],
    )
    def close(self, by=None, note=""):
        """Closed against the approved settlement: the reconciliation is kept with the letter."""
        from ..selectors.guarantee import reconciliation_for

        result = reconciliation_for(self.person)
        self.reconciliation = [str(line) for line in result.lines] if result else []
        self.closed_at = timezone.now()

    @transition(
        field="state", source=S.ISSUED, target=S.EXPIRED, permission=SYSTEM, conditions=[past_validity]
    )
    def expire(self, by=None, note=""):
        """The daily sweep: the last valid day has passed."""
        self.closed_at = timezone.now()


def _approvers(guarantee):
    from ..selectors.guarantee import approvers_of

    return approvers_of(guarantee)


def _drafter(guarantee):
    return [guarantee.created_by] if guarantee.created_by_id else []


GUARANTEE = Workflow(
    name="injury_claims.guarantee",
    model="injury_claims.Guarantee",
    states=GuaranteeState,
    start=S.DRAFTED,
    finals=frozenset({S.USED, S.EXPIRED, S.CANCELLED}),
    steps={
        "submit": Step(
            gettext_lazy("Submit for approval"),
            gettext_lazy("Guarantee submitted for approval"),
            notices=(Notice("injury_claims.guarantee_to_approve", _approvers),),
        ),
        "return_draft": Step(
            gettext_lazy("Return to the adjuster"),
            gettext_lazy("Guarantee returned"),
            form=ReasonsForm,
            style="secondary",
            notices=(Notice("injury_claims.guarantee_decided", _drafter),),
        ),
        "issue": Step(
            gettext_lazy("Approve and issue"),
            gettext_lazy("Guarantee approved and issued"),
            notices=(Notice("injury_claims.guarantee_decided", _drafter),),
        ),
        "cancel": Step(
            gettext_lazy("Cancel the guarantee"),
            gettext_lazy("Guarantee cancelled"),
            form=ReasonsForm,
            style="secondary",
        ),
        "close": Step(gettext_lazy("Close against the settlement"), gettext_lazy("Guarantee closed")),
        "expire": Step(gettext_lazy("Expire"), gettext_lazy("Guarantee expired"), offered=False),
    },
    context=lambda g: {
        "person": g.person.name,
        "report": g.person.claim.report_no,
        "amount": f"{g.amount:,.2f}",
    },
)
