"""The cooperation pipeline, declared once (DESIGN.md "Workflows"; seed 000, 协作医院的设立流程).

信息收集 → 医院选择 → 初步接洽 → 谈判与沟通 → 上报总公司审批 → 协议书签定 → 维护 → 年度评估 → 续约或解约.

``CooperationTransitions`` holds the explicit django-fsm transitions the ``Cooperation`` model inherits: each with
its permission (a django-rules predicate) and its guards, which ``perform_transition`` evaluates under the row lock
and reports with their reasons. ``COOPERATION`` says what each transition means to people (button, timeline words,
the form of its parameters, the notices it sends), which clock each state runs, and which parts of the record may
change in which states. The hospital page, the HQ queue, the board, the timeline and the change feed read all of
it from here.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import transition

from workflow.declaration import Clock, Notice, Step, Workflow, allowed
from workflow.forms import ReasonsForm
from workflow.services import TransitionRefused

from ..eligibility import Verdict
from ..forms.steps import ApproveForm, RectifyForm
from ..rules import can_decide_cooperation, can_steward_cooperation, can_work_network
from .guards import (
    agreement_ready_to_sign,
    approvable,
    renewal_ready,
    signed_agreement,
    signed_scan_uploaded,
    submission_complete,
    term_over,
    termination_grounds,
)

APPROVAL_POLICY = "hq_network_approval"


class CooperationState(models.TextChoices):
    COLLECTED = "collected", gettext_lazy("Information collected")
    SHORTLISTED = "shortlisted", gettext_lazy("Shortlisted")
    CONTACTED = "contacted", gettext_lazy("Contacted")
    NEGOTIATING = "negotiating", gettext_lazy("Negotiating")
    SUBMITTED = "submitted", gettext_lazy("Submitted to HQ")
    RETURNED = "returned", gettext_lazy("Returned for changes")
    REJECTED = "rejected", gettext_lazy("Rejected")
    APPROVED = "approved", gettext_lazy("Approved by HQ")
    SIGNED = "signed", gettext_lazy("Agreement signed")
    ACTIVE = "active", gettext_lazy("Active")
    RECTIFICATION = "rectification", gettext_lazy("Rectification requested")
    RENEWAL_DUE = "renewal_due", gettext_lazy("Renewal due")
    TERMINATED = "terminated", gettext_lazy("Terminated")
    EXPIRED = "expired", gettext_lazy("Expired")


S = CooperationState
WORK = allowed(can_work_network)  # the branch's network staff
DECIDE = allowed(can_decide_cooperation)  # HQ network approvers
STEWARD = allowed(can_steward_cooperation)  # the branch's first and second responsible persons, and HQ
SYSTEM = allowed(lambda user, obj: False)  # the daily job only (perform_transition(system=True))
# Before submission (and after HQ returned it or the branch withdrew it) the branch prepares the file; once
# submitted, what HQ sees — the draft, its functions, signatories and liaisons — is what gets signed.
PREPARING = frozenset({S.COLLECTED, S.SHORTLISTED, S.CONTACTED, S.NEGOTIATING, S.RETURNED})
IN_NETWORK = frozenset({S.ACTIVE, S.RECTIFICATION, S.RENEWAL_DUE})
# The project liaisons change whenever people change, once the cooperation runs (and while it is prepared).
LIAISONS_EDITABLE = PREPARING | IN_NETWORK
# The renewal's next version is drafted while renewal is due.
AGREEMENT_EDITABLE = PREPARING | {S.RENEWAL_DUE}


# --- transitions ----------------------------------------------------------------------------------------------
class CooperationTransitions:
    """The transitions of ``hospitals.models.Cooperation``. Bodies record what the step itself decides; they run
    under the row lock, inside the transaction that writes the event."""

    @transition(field="state", source=S.COLLECTED, target=S.SHORTLISTED, permission=WORK)
    def shortlist(self, by=None, note=""):
        pass

    @transition(field="state", source=S.SHORTLISTED, target=S.CONTACTED, permission=WORK)
    def contact(self, by=None, note=""):
        pass

    @transition(field="state", source=[S.CONTACTED, S.RETURNED], target=S.NEGOTIATING, permission=WORK)
    def negotiate(self, by=None, note=""):
        pass

    @transition(
        field="state",
        source=S.NEGOTIATING,
        target=S.SUBMITTED,
        permission=WORK,
        conditions=[submission_complete],
    )
    def submit(self, by=None, note=""):
        self.submitted_at = timezone.now()

    @transition(field="state", source=S.SUBMITTED, target=S.NEGOTIATING, permission=WORK)
    def withdraw(self, by=None, note=""):
        """The branch takes the file back to change it; HQ's clock is cancelled (nobody was late)."""
        if not note.strip():
            raise TransitionRefused(_("Say why the file is withdrawn: HQ is told."), field="note")
        self.submitted_at = None

    @transition(field="state", source=S.SUBMITTED, target=S.RETURNED, permission=DECIDE)
    def return_for_changes(self, by=None, note=""):
        self._decide(by, note, reasons_required=True)

    @transition(field="state", source=S.SUBMITTED, target=S.REJECTED, permission=DECIDE)
    def reject(self, by=None, note=""):
        self._decide(by, note, reasons_required=True)

    @transition(
        field="state", source=S.SUBMITTED, target=S.APPROVED, permission=DECIDE, conditions=[approvable]
    )
    def approve(self, by=None, note="", special_approval: bool = False):
        """Seed 000, condition 7: "规模大且管理规范的私立性医院或创伤性专科医院，经总公司审核同意后亦可选择为协作医院" —
        HQ's special approval is explicit, never implied by approving."""
        verdict = self.hospital.condition_7()
        if verdict.verdict == Verdict.SPECIAL and not special_approval:
            raise TransitionRefused(
                _("This hospital needs HQ's explicit special approval (%(reasons)s): tick it to approve.")
                % {"reasons": verdict.explanation},
                field="special_approval",
            )
        self._decide(by, note, reasons_required=False)
        self.special_approval_granted = verdict.verdict == Verdict.SPECIAL

    @transition(
        field="state",
        source=S.APPROVED,
        target=S.SIGNED,
        permission=WORK,
        conditions=[agreement_ready_to_sign],
    )
    def sign(self, by=None, note=""):
        pass

    @transition(
        field="state", source=S.SIGNED, target=S.ACTIVE, permission=WORK, conditions=[signed_scan_uploaded]
    )
    def activate(self, by=None, note=""):
        pass

    @transition(field="state", source=[S.ACTIVE, S.RENEWAL_DUE], target=S.RECTIFICATION, permission=WORK)
    def request_rectification(self, by=None, note="", deadline: datetime.date | None = None):
        """Seed 000: "保险公司向诊疗操作不规范的协作医院在合作期限内提出整改意见"."""
        from sla.services.reminders import schedule_reminder

        from ..selectors import responsible_persons

        today = timezone.localdate()
        if not note.strip():
            raise TransitionRefused(_("Describe what the hospital must rectify."), field="note")
        if deadline is None or deadline <= today:
            raise TransitionRefused(_("Give a rectification deadline after today."), field="deadline")
        self.rectifications.create(issues=note, requested_on=today, deadline=deadline)
        for person in responsible_persons(self.org):
            schedule_reminder(
                person,
                subject=self,
                org=self.org,
                on=deadline,
                title=_("Rectification deadline: %(hospital)s") % {"hospital": self.hospital},
                note=note,
                by=by,
            )

    @transition(field="state", source=S.RECTIFICATION, target=S.ACTIVE, permission=WORK)
    def close_rectification(self, by=None, note=""):
        """The hospital rectified: the outcome is recorded. (Not rectified: terminate, which records it.)"""
        from ..models import Rectification

        self.rectifications.filter(outcome=Rectification.Outcome.PENDING).update(
            outcome=Rectification.Outcome.RECTIFIED, outcome_note=note, closed_on=timezone.localdate()
        )

    @transition(field="state", source=S.ACTIVE, target=S.RENEWAL_DUE, permission=SYSTEM)
    def mark_renewal_due(self, by=None, note=""):
        """The daily job, when the term enters its last 90 days. A cooperation under rectification stays there
        until the outcome is recorded: it never slips into renewal due."""

    @transition(
        field="state", source=S.RENEWAL_DUE, target=S.ACTIVE, permission=STEWARD, conditions=[renewal_ready]
    )
    def renew(self, by=None, note=""):
        """Seed 000: "每年对协作医院进行评估，并将评估结果报总公司…决定协作医院的续约或解约" — HQ decided to
        renew, and the next version is signed, scanned and filed."""

    @transition(
        field="state",
        source=[S.ACTIVE, S.RECTIFICATION, S.RENEWAL_DUE],
        target=S.TERMINATED,
        permission=STEWARD,
        conditions=[termination_grounds],
    )
    def terminate(self, by=None, note=""):
        self._end(note)

    @transition(
        field="state",
        source=[S.ACTIVE, S.RECTIFICATION, S.RENEWAL_DUE, S.SIGNED],
        target=S.TERMINATED,
        permission=DECIDE,
    )
    def terminate_now(self, by=None, note=""):
        """HQ ends a cooperation at once, with its reasons (no rectification first)."""
        self._end(note)

    @transition(
        field="state",
        source=[S.ACTIVE, S.RECTIFICATION, S.RENEWAL_DUE, S.SIGNED],
        target=S.EXPIRED,
        permission=SYSTEM,
        conditions=[term_over],
    )
    def expire(self, by=None, note=""):
        """The daily job: the last signed version has ended and no renewal was signed. Out of the network from
        the day after its last day."""
        from ..models import Rectification

        agreement = signed_agreement(self)
        last_day = agreement.term_end if agreement is not None else timezone.localdate()
        self.ended_on = min(last_day + datetime.timedelta(days=1), timezone.localdate())
        self.rectifications.filter(outcome=Rectification.Outcome.PENDING).update(
            outcome=Rectification.Outcome.FAILED, closed_on=timezone.localdate()
        )

    def _end(self, note: str) -> None:
        from ..models import Rectification

        if not note.strip():
            raise TransitionRefused(_("Give the reason for terminating the cooperation."), field="note")
        self.termination_reason = note
        self.ended_on = timezone.localdate()
        self.rectifications.filter(outcome=Rectification.Outcome.PENDING).update(
            outcome=Rectification.Outcome.FAILED, closed_on=timezone.localdate()
        )

    def _decide(self, by, note: str, *, reasons_required: bool) -> None:
        if reasons_required and not note.strip():
            raise TransitionRefused(_("Give the reasons: the branch needs them to act."), field="note")
        self.decided_at, self.decided_by, self.decision_note = timezone.now(), by, note


# --- who hears about it ---------------------------------------------------------------------------------------
def _hq_approvers(cooperation):
    from ..selectors import hq_approvers

    return hq_approvers()


def _branch(cooperation):
    from ..selectors import responsible_persons

    return [*responsible_persons(cooperation.org), cooperation.created_by]


def _responsible(cooperation):
    from ..selectors import responsible_persons

    return responsible_persons(cooperation.org)


SUBMITTED_NOTICE = Notice("hospitals.submitted", to=_hq_approvers)
DECIDED_NOTICE = Notice("hospitals.decided", to=_branch)
# Seed 000: "各分支机构协作医院变更，必须及时报备总公司车险意健险理赔部" — every change of the network reaches HQ.
CHANGED_NOTICE = Notice("hospitals.changed", to=_hq_approvers)
EXPIRED_NOTICE = Notice("hospitals.expired", to=_responsible)


# --- the declaration --------------------------------------------------------------------------------------------
COOPERATION = Workflow(
    name="hospitals.cooperation",
    model="hospitals.Cooperation",
    states=CooperationState,
    start=S.COLLECTED,
    finals=frozenset({S.REJECTED, S.TERMINATED, S.EXPIRED}),
    steps={
        "shortlist": Step(gettext_lazy("Shortlist"), gettext_lazy("Shortlisted")),
        "contact": Step(gettext_lazy("Record first contact"), gettext_lazy("Contacted")),
        "negotiate": Step(gettext_lazy("Start negotiating"), gettext_lazy("Negotiation started")),
        "submit": Step(
            gettext_lazy("Submit to HQ"), gettext_lazy("Submitted to HQ"), notices=(SUBMITTED_NOTICE,)
        ),
        "withdraw": Step(
            gettext_lazy("Withdraw from HQ"),
            gettext_lazy("Withdrawn from HQ"),
            form=ReasonsForm,
            notices=(CHANGED_NOTICE,),
            style="outline",
        ),
        "return_for_changes": Step(
            gettext_lazy("Return for changes"),
            gettext_lazy("Returned for changes"),
            form=ReasonsForm,
            notices=(DECIDED_NOTICE,),
            style="outline",
        ),
        "reject": Step(
            gettext_lazy("Reject"),
            gettext_lazy("Rejected"),
            form=ReasonsForm,
            notices=(DECIDED_NOTICE,),
            style="secondary",
        ),
        "approve": Step(
            gettext_lazy("Approve"),
            gettext_lazy("Approved by HQ"),
            form=ApproveForm,
            notices=(DECIDED_NOTICE,),
        ),
        "sign": Step(gettext_lazy("Record the signing"), gettext_lazy("Agreement signed")),
        "activate": Step(gettext_lazy("Activate"), gettext_lazy("Activated"), notices=(CHANGED_NOTICE,)),
        "request_rectification": Step(
            gettext_lazy("Request rectification"),
            gettext_lazy("Rectification requested"),
            form=RectifyForm,
            notices=(CHANGED_NOTICE,),
        ),
        "close_rectification": Step(
            gettext_lazy("Rectification done"),
            gettext_lazy("Rectification closed"),
            notices=(CHANGED_NOTICE,),
        ),
        "mark_renewal_due": Step(gettext_lazy("Renewal due"), gettext_lazy("Renewal due"), offered=False),
        "renew": Step(gettext_lazy("Renew"), gettext_lazy("Renewed"), notices=(CHANGED_NOTICE,)),
        "terminate": Step(
            gettext_lazy("Terminate"),
            gettext_lazy("Terminated"),
            form=ReasonsForm,
            notices=(CHANGED_NOTICE,),
            style="secondary",
        ),
        "terminate_now": Step(
            gettext_lazy("Terminate at once (HQ)"),
            gettext_lazy("Terminated by HQ"),
            form=ReasonsForm,
            notices=(DECIDED_NOTICE,),
            style="secondary",
        ),
        "expire": Step(
            gettext_lazy("Expire"),
            gettext_lazy("Agreement expired: out of the network"),
            notices=(EXPIRED_NOTICE, CHANGED_NOTICE),
            offered=False,
        ),
    },
    clocks=(
        Clock(
            S.SUBMITTED,
            APPROVAL_POLICY,
            gettext_lazy("HQ decision on %(hospital)s (%(org)s)"),
            cancel_on=frozenset({"withdraw"}),
        ),
    ),
    editable={"agreement": AGREEMENT_EDITABLE, "eligibility": PREPARING, "liaisons": LIAISONS_EDITABLE},
    event_labels={
        "eligibility_recorded": gettext_lazy("Eligibility checklist recorded"),
        "liaisons_changed": gettext_lazy("Liaisons changed"),
        "agreement_saved": gettext_lazy("Agreement draft saved"),
        "agreement_legal_review": gettext_lazy("Branch legal review recorded"),
        "agreement_hq_review": gettext_lazy("HQ review of the agreement recorded"),
        "agreement_signed_recorded": gettext_lazy("Signing recorded"),
        "agreement_scan_added": gettext_lazy("Signed scan added"),
        "agreement_filed": gettext_lazy("Filed with HQ"),
        "function_requested": gettext_lazy("HQ approval of a function requested"),
        "function_approved": gettext_lazy("Function approved by HQ"),
        "function_refused": gettext_lazy("Function refused by HQ"),
        "evaluation_submitted": gettext_lazy("Annual evaluation submitted to HQ"),
        "maintenance_recorded": gettext_lazy("Maintenance recorded"),
        "document_issued": gettext_lazy("Document issued"),
    },
    context=lambda cooperation: {"hospital": cooperation.hospital.name, "org": cooperation.org.name},
)

# Events on the hospital itself (it has no workflow: the registry is master data).
HOSPITAL_EVENTS = {
    "created": gettext_lazy("Added to the registry"),
    "imported": gettext_lazy("Imported into the registry"),
    "edited": gettext_lazy("Registry entry edited"),
    "proposed_again": gettext_lazy("Proposed again: a new cooperation"),
    "training_recorded": gettext_lazy("Training recorded"),
    "advisor_recorded": gettext_lazy("Medical advisor recorded"),
    "dispatch_recorded": gettext_lazy("Emergency dispatch recorded"),
    "hk_case_recorded": gettext_lazy("HK-project case recorded"),
}
