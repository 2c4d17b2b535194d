"""A review (跟踪审核 of a follow-up and its estimate; 费用审核 of a person's bills), declared once.

Seed 001 p32: "各省分公司在0-100万元内自行安排1-9级跟踪/费用/调解审核权限" — a review goes to someone whose level's ceiling
covers its amount; above every ceiling of the branch it goes to HQ (``routing.route_review``). The reviewer approves
or returns it with reasons; nobody reviews their own work (``rules.can_review``). Two reviewers acting at once: the
row lock lets one decide, the other is told the review changed.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import transition

from workflow.declaration import Notice, Step, Workflow, allowed, guard
from workflow.forms import ReasonsForm
from workflow.services import TransitionRefused

from ..rules import can_review


class ReviewState(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting for review")
    APPROVED = "approved", gettext_lazy("Approved")
    RETURNED = "returned", gettext_lazy("Returned")


S = ReviewState
REVIEW = allowed(can_review)


@guard
def lines_decided(review):
    """Cost review: a line approved for less than claimed says why (a line left alone is approved as claimed)."""
    return review.line_problems()


class ReviewTransitions:
    @transition(
        field="state", source=S.PENDING, target=S.APPROVED, permission=REVIEW, conditions=[lines_decided]
    )
    def approve(self, by=None, note=""):
        self.decided_by, self.decided_at, self.reasons = by, timezone.now(), note.strip()
        apps.get_model("injury_claims", "BillLine").objects.filter(
            bill__review=self, amount_approved__isnull=True
        ).update(amount_approved=models.F("amount_claimed"))

    @transition(field="state", source=S.PENDING, target=S.RETURNED, permission=REVIEW)
    def return_for_changes(self, by=None, note=""):
        if not note.strip():
            raise TransitionRefused(_("Give the reasons: the handler needs them to act."), field="note")
        self.decided_by, self.decided_at, self.reasons = by, timezone.now(), note.strip()


def _submitter(review):
    return [review.submitted_by] if review.submitted_by_id else []


DECIDED = Notice("injury_claims.review_decided", _submitter)

REVIEW_WORKFLOW = Workflow(
    name="injury_claims.review",
    model="injury_claims.Review",
    states=ReviewState,
    start=S.PENDING,
    finals=frozenset({S.APPROVED, S.RETURNED}),
    steps={
        "approve": Step(gettext_lazy("Approve"), gettext_lazy("Review approved"), notices=(DECIDED,)),
        "return_for_changes": Step(
            gettext_lazy("Return with reasons"),
            gettext_lazy("Review returned"),
            form=ReasonsForm,
            notices=(DECIDED,),
            style="outline",
        ),
    },
    clocks=(),
    context=lambda review: {
        "kind": review.get_kind_display(),
        "person": review.person.name,
        "report": review.person.claim.report_no,
    },
)
