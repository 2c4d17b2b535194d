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

from workflow.declaration import Clock, Notice, Step, Workflow, allowed, guard
from workflow.forms import ReasonsForm
from workflow.services import TransitionRefused

from .forms.steps import ApproveForm, RectifyForm, RenewForm
from .rules import can_decide_cooperation, can_work_network

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


S = CooperationState
WORK = allowed(can_work_network)  # the branch's network staff
DECIDE = allowed(can_decide_cooperation)  # HQ network approvers
# Before submission (and after HQ returned it) the branch prepares the file; once submitted, what HQ sees is fixed.
PREPARING = frozenset({S.COLLECTED, S.SHORTLISTED, S.CONTACTED, S.NEGOTIATING, S.RETURNED})
# The project liaisons of both sides change whenever people change, as long as the cooperation lives.
LIVING = frozenset(set(S) - {S.REJECTED, S.TERMINATED})


# --- guards -------------------------------------------------------------------------------------------------
def latest_agreement(cooperation):
    return cooperation.agreements.order_by("-version").first()


def missing_for_submission(cooperation) -> list[str]:
    """What HQ needs and is not there yet (seed 000, 上报审批: "必须包括医院全称、地址、性质…急救电话…协议书草案"):
    empty when the cooperation may be submitted."""
    from .models import Condition

    h = cooperation.hospital
    missing = []
    for ok, label in (
        (h.name, _("full name")),
        (h.address, _("address")),
        (h.nature, _("nature (public or private)")),
        (h.grade, _("grade")),
        (h.beds, _("size (number of beds)")),
        (h.specialties.strip(), _("key specialties")),
        (h.emergency_phone, _("emergency direct line (not 120)")),
        (h.emergency_contact, _("emergency contact person or department")),
        (cooperation.method, _("establishment method")),
    ):
        if not ok:
            missing.append(str(label))
    recorded = set(cooperation.checks.values_list("condition", flat=True))
    if len(recorded) < len(Condition.values):
        missing.append(
            _("eligibility checklist (%(done)s of %(all)s conditions recorded)")
            % {"done": len(recorded), "all": len(Condition.values)}
        )
    if latest_agreement(cooperation) is None:
        missing.append(str(_("draft agreement")))
    return missing


@guard
def submission_complete(cooperation):
    missing = missing_for_submission(cooperation)
    if missing:
        return _("Cannot submit to HQ yet. Missing: %(items)s.") % {"items": "; ".join(missing)}
    return None


@guard
def agreement_ready_to_sign(cooperation):
    agreement = latest_agreement(cooperation)
    if agreement is None or agreement.signed_on is None:
        return _("Record the signing date of the agreement first.")
    if not agreement.reviews_complete:
        return _(
            "The agreement deviates from the standard text: the branch legal review and the HQ review must both "
            "be recorded before signing."
        )
    return None


@guard
def signed_scan_uploaded(cooperation):
    agreement = latest_agreement(cooperation)
    if agreement is None or not agreement.signed_scan:
        return _("Upload the scan of the signed agreement first.")
    return None


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

    @transition(field="state", source=S.SUBMITTED, target=S.RETURNED, permission=DECIDE)
    def return_for_changes(self, by=None, note=""):
        self._decide(by, note, reasons_required=True)

    @transition(field="state", source=S.SUBMITTED, target=S.REJECTED, permission=DECIDE)
    def reject(self, by=None, note=""):
        self._decide(by, note, reasons_required=True)

    @transition(field="state", source=S.SUBMITTED, target=S.APPROVED, permission=DECIDE)
    def approve(self, by=None, note="", special_approval: bool = False):
        hospital = self.hospital
        if hospital.needs_special_approval and not special_approval:
            raise TransitionRefused(
                _("This hospital needs HQ's explicit special approval (%(reasons)s): tick it to approve.")
                % {"reasons": ", ".join(hospital.special_approval_reasons)},
                field="special_approval",
            )
        self._decide(by, note, reasons_required=False)
        self.special_approval_granted = bool(special_approval and hospital.needs_special_approval)

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

    @transition(field="state", source=S.ACTIVE, target=S.RECTIFICATION, permission=WORK)
    def request_rectification(self, by=None, note="", deadline: datetime.date | None = None):
        from sla.services.reminders import schedule_reminder

        from .selectors import responsible_persons

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
        from .models import Rectification

        self.rectifications.filter(outcome=Rectification.Outcome.PENDING).update(
            outcome=Rectification.Outcome.RECTIFIED, outcome_note=note, closed_on=timezone.localdate()
        )

    @transition(field="state", source=[S.ACTIVE, S.RECTIFICATION], target=S.RENEWAL_DUE, permission=WORK)
    def mark_renewal_due(self, by=None, note=""):
        pass

    @transition(field="state", source=S.RENEWAL_DUE, target=S.ACTIVE, permission=WORK)
    def renew(self, by=None, note="", term_end: datetime.date | None = None):
        current = latest_agreement(self)
        if current is None:
            raise TransitionRefused(_("There is no agreement to renew."))
        if term_end is None or term_end <= current.term_end:
            raise TransitionRefused(
                _("The renewed term must end after the current one (%(end)s).") % {"end": current.term_end},
                field="term_end",
            )
        self.agreements.create(
            version=current.version + 1,
            functions=current.functions,
            term_start=current.term_end + datetime.timedelta(days=1),
            term_end=term_end,
            insurer_signatory=current.insurer_signatory,
            hospital_signatory=current.hospital_signatory,
            signed_on=timezone.localdate(),
            guarantee_enabled=current.guarantee_enabled,
            guarantee_hq_approved=current.guarantee_hq_approved,
        )

    @transition(
        field="state",
        source=[S.ACTIVE, S.RECTIFICATION, S.RENEWAL_DUE],
        target=S.TERMINATED,
        permission=WORK,
    )
    def terminate(self, by=None, note=""):
        from .models import Rectification

        if not note.strip():
            raise TransitionRefused(_("Give the reason for terminating the cooperation."), field="note")
        self.termination_reason = note
        self.rectifications.filter(outcome=Rectification.Outcome.PENDING).update(
            outcome=Rectification.Outcome.FAILED, closed_on=timezone.localdate()
        )

    def _decide(self, by, note: str, *, reasons_required: bool) -> None:
        if reasons_required and not note.strip():
            raise TransitionRefused(_("Give the reasons: the branch needs them to act."), field="note")
        self.decided_at, self.decided_by, self.decision_note = timezone.now(), by, note


# --- who hears about it ---------------------------------------------------------------------------------------
def _hq_approvers(cooperation):
    from .selectors import hq_approvers

    return hq_approvers()


def _branch(cooperation):
    from .selectors import responsible_persons

    return [*responsible_persons(cooperation.org), cooperation.created_by]


SUBMITTED_NOTICE = Notice("hospitals.submitted", to=_hq_approvers)
DECIDED_NOTICE = Notice("hospitals.decided", to=_branch)
TERMINATED_NOTICE = Notice("hospitals.terminated", to=_hq_approvers)


# --- the declaration --------------------------------------------------------------------------------------------
COOPERATION = Workflow(
    name="hospitals.cooperation",
    model="hospitals.Cooperation",
    states=CooperationState,
    start=S.COLLECTED,
    finals=frozenset({S.REJECTED, S.TERMINATED}),
    steps={
        "shortlist": Step(gettext_lazy("Shortlist"), gettext_lazy("Shortlisted")),
        "contact": Step(gettext_lazy("Record first contact"), gettext_lazy("Contacted")),
        "negotiate": Step(gettext_lazy("Start negotiating"), gettext_lazy("Negotiation started")),
        "submit": Step(
            gettext_lazy("Submit to HQ"), gettext_lazy("Submitted to HQ"), notices=(SUBMITTED_NOTICE,)
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
        "activate": Step(gettext_lazy("Activate"), gettext_lazy("Activated")),
        "request_rectification": Step(
            gettext_lazy("Request rectification"), gettext_lazy("Rectification requested"), form=RectifyForm
        ),
        "close_rectification": Step(gettext_lazy("Rectification done"), gettext_lazy("Rectification closed")),
        "mark_renewal_due": Step(gettext_lazy("Renewal due"), gettext_lazy("Renewal due"), offered=False),
        "renew": Step(gettext_lazy("Renew"), gettext_lazy("Renewed"), form=RenewForm),
        "terminate": Step(
            gettext_lazy("Terminate"),
            gettext_lazy("Terminated"),
            form=ReasonsForm,
            notices=(TERMINATED_NOTICE,),
            style="secondary",
        ),
    },
    clocks=(Clock(S.SUBMITTED, APPROVAL_POLICY, gettext_lazy("HQ decision on %(hospital)s (%(org)s)")),),
    editable={"agreement": PREPARING, "eligibility": PREPARING, "liaisons": LIVING},
    event_labels={
        "eligibility_recorded": gettext_lazy("Eligibility checklist recorded"),
        "liaisons_changed": gettext_lazy("Liaisons changed"),
        "agreement_saved": gettext_lazy("Agreement draft saved"),
        "agreement_legal_review": gettext_lazy("Branch legal review recorded"),
        "agreement_hq_review": gettext_lazy("HQ review of the agreement recorded"),
        "agreement_signed_recorded": gettext_lazy("Signing recorded"),
        "agreement_filed": gettext_lazy("Filed with HQ"),
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
    "training_recorded": gettext_lazy("Training recorded"),
    "advisor_recorded": gettext_lazy("Medical advisor recorded"),
    "dispatch_recorded": gettext_lazy("Emergency dispatch recorded"),
    "hk_case_recorded": gettext_lazy("HK-project case recorded"),
}
