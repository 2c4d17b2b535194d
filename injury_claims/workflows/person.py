"""An injured person's follow-up (人伤跟踪), declared once: each person of a claim runs it on their own.

Seed 001 p5: "人伤跟踪环节分为人伤首次跟踪、人伤探视、人伤调查、人伤后续跟踪四个环节". p25: "一个案件下，可以同时存在多个未人伤
费用审核通过的人伤跟踪流程。只要其中一个人伤跟踪流程费用审核通过，即可对审核通过的人伤发起理算" — the process is the
person's, not the claim's. p2: "人伤调查随时接入" — an investigation can be opened from any step.

The state says which step of the follow-up the person is at. A follow-up is recorded (``FollowUp``, immutable) at
the step the person is at, and its outcome is one of the transitions below (the first follow-up decides: outpatient
minor → subsequent follow-up with guidance; inpatient → hospital visit; death → investigation). The bills go to
cost review (费用审核); the review's decision moves the person (``approve_costs`` / ``return_costs``).
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

from ..forms.steps import InvestigateForm
from ..rules import can_work_claim


class PersonState(models.TextChoices):
    FIRST_FOLLOW_UP = "first_follow_up", gettext_lazy("First follow-up")
    VISIT = "visit", gettext_lazy("Hospital visit")
    INVESTIGATION = "investigation", gettext_lazy("Investigation")
    SUBSEQUENT = "subsequent", gettext_lazy("Subsequent follow-up")
    COST_REVIEW = "cost_review", gettext_lazy("Cost review")
    COSTS_APPROVED = "costs_approved", gettext_lazy("Costs approved")
    CLOSED = "closed", gettext_lazy("Closed without payment")


S = PersonState
WORK = allowed(can_work_claim)
SYSTEM = allowed(lambda user, obj: False)  # taken by the review's decision (perform_transition(system=True))
FOLLOWING = frozenset({S.FIRST_FOLLOW_UP, S.VISIT, S.INVESTIGATION, S.SUBSEQUENT})
OPEN = FOLLOWING | {S.COST_REVIEW}
DONE = frozenset({S.COSTS_APPROVED, S.CLOSED})


# --- guards --------------------------------------------------------------------------------------------------
@guard
def first_follow_up_recorded(person):
    """The first follow-up decides where the person goes: it must be recorded before they move on."""
    if person.state == S.FIRST_FOLLOW_UP and not person.has_follow_up(S.FIRST_FOLLOW_UP):
        return _("Record the first follow-up first: its outcome decides the next step.")
    return None


@guard
def investigation_complete(person):
    """Seed 001 p8: the six sections of an investigation (事故基本情况、伤者、死者、损伤治疗、被扶养人、事故处理)."""
    investigation = person.open_investigation()
    if investigation is None:
        return None
    missing = investigation.sections_missing()
    if missing:
        return _("The investigation still needs these sections: %(sections)s.") % {
            "sections": "、".join(missing)
        }
    return None


@guard
def bills_ready(person):
    """Cost review needs the bills: at least one, each with its lines and its scan."""
    return person.bill_problems()


@guard
def no_review_pending(person):
    """A follow-up still waiting for its review holds the person's costs back."""
    if person.has_pending_follow_up_review():
        return _("A follow-up of this person is still waiting for its review.")
    return None


@guard
def one_reopened_at_a_time(person):
    """Seed 001 p26: "对已费用审核通过的伤亡人员可以再次发起人伤跟踪流程，一次仅允许追加一个伤亡人员"."""
    if person.claim.persons.exclude(pk=person.pk).filter(state__in=list(OPEN)).exists():
        return _(
            "Another person of this claim is still being followed up: add or reopen one person at a time."
        )
    return None


def _close_investigation(person) -> None:
    """Leaving the investigation step closes it (its six sections are recorded: ``investigation_complete``)."""
    apps.get_model("injury_claims", "Investigation").objects.filter(
        person=person, closed_at__isnull=True
    ).update(closed_at=timezone.now())


class PersonTransitions:
    """The transitions of ``injury_claims.models.InjuredPerson``."""

    @transition(
        field="state",
        source=[S.FIRST_FOLLOW_UP, S.SUBSEQUENT, S.INVESTIGATION],
        target=S.VISIT,
        permission=WORK,
        conditions=[first_follow_up_recorded, investigation_complete],
    )
    def visit(self, by=None, note=""):
        """Inpatient → visit (p6); a major change, readmission or transfer → a new visit (p9)."""
        _close_investigation(self)

    @transition(
        field="state",
        source=[S.FIRST_FOLLOW_UP, S.VISIT, S.SUBSEQUENT],
        target=S.INVESTIGATION,
        permission=WORK,
    )
    def investigate(self, by=None, note="", reasons=()):
        """p8: "对社会影响大、涉及死亡伤残、涉嫌除外责任或其它有调查必要的案件进行人伤调查"."""
        if not reasons:
            raise TransitionRefused(_("Choose why the case is investigated."), field="reasons")
        apps.get_model("injury_claims", "Investigation").objects.create(
            person=self, reasons=list(reasons), opened_by=by
        )

    @transition(
        field="state",
        source=[S.FIRST_FOLLOW_UP, S.VISIT, S.INVESTIGATION],
        target=S.SUBSEQUENT,
        permission=WORK,
        conditions=[first_follow_up_recorded, investigation_complete],
    )
    def follow_on(self, by=None, note=""):
        """Subsequent follow-up: treatment, case handling, disability assessment (p9)."""
        _close_investigation(self)

    @transition(
        field="state",
        source=[S.FIRST_FOLLOW_UP, S.VISIT, S.SUBSEQUENT],
        target=S.COST_REVIEW,
        permission=WORK,
        conditions=[first_follow_up_recorded, bills_ready, no_review_pending],
    )
    def submit_costs(self, by=None, note=""):
        """The bills go to cost review (费用审核) by a reviewer whose authority covers their total."""

    @transition(field="state", source=S.COST_REVIEW, target=S.COSTS_APPROVED, permission=SYSTEM)
    def approve_costs(self, by=None, note=""):
        """The cost review approved: calculation may start for this person (p25)."""

    @transition(field="state", source=list(FOLLOWING), target=S.COSTS_APPROVED, permission=SYSTEM)
    def settle_by_fast_track(self, by=None, note=""):
        """Seed 001 p11: the fast-track agreement checked and scored by medical review — the person's costs are the
        agreement's (taken by ``services.fast_track.score``)."""

    @transition(field="state", source=list(FOLLOWING), target=S.COSTS_APPROVED, permission=SYSTEM)
    def settle_by_mediation(self, by=None, note=""):
        """Seed 001 p21: "签订协议 → 费用审核通过" — the signed one-off settlement agreement reached in mediation within
        its approved plan; the person's costs are the agreement's (taken by ``services.mediation.pass_costs``)."""

    @transition(field="state", source=list(FOLLOWING), target=S.COSTS_APPROVED, permission=SYSTEM)
    def settle_by_judgment(self, by=None, note=""):
        """Seed 001 p23: "根据判决或调解结果结案" — the court's effective judgment or mediation fixes the person's
        amounts (taken by ``services.litigation`` when the litigation matter closes)."""

    @transition(field="state", source=S.COST_REVIEW, target=S.SUBSEQUENT, permission=SYSTEM)
    def return_costs(self, by=None, note=""):
        """The cost review returned the bills: the follow-up goes on."""

    @transition(
        field="state",
        source=S.COSTS_APPROVED,
        target=S.SUBSEQUENT,
        permission=WORK,
        conditions=[one_reopened_at_a_time],
    )
    def reopen(self, by=None, note=""):
        """p26: a person whose costs were approved is followed up again (一人受伤多次赔付), one person at a time."""
        if not note.strip():
            raise TransitionRefused(_("Say why the follow-up is reopened."), field="note")

    @transition(field="state", source=list(FOLLOWING), target=S.CLOSED, permission=WORK)
    def close(self, by=None, note=""):
        """No claim for this person after all (the injured waives it, no injury found): closed with the reason."""
        if not note.strip():
            raise TransitionRefused(_("Say why the follow-up is closed without payment."), field="note")


def _handler(person):
    return [person.handler] if person.handler_id else []


def _injured(person):
    from ..notices import injured_contact

    return injured_contact(person)


HANDLER_NOTICE = Notice("injury_claims.person_changed", _handler)
# Seed 001 p28: SMS at the review steps, to the injured person too when they agreed.
INJURED_COSTS_REVIEWED = Notice("injury_claims.injured_costs_reviewed", _injured)

PERSON = Workflow(
    name="injury_claims.person",
    model="injury_claims.InjuredPerson",
    states=PersonState,
    start=S.FIRST_FOLLOW_UP,
    finals=frozenset({S.CLOSED}),
    steps={
        "visit": Step(gettext_lazy("Go to hospital visit"), gettext_lazy("Moved to hospital visit")),
        "investigate": Step(
            gettext_lazy("Open an investigation"), gettext_lazy("Investigation opened"), form=InvestigateForm
        ),
        "follow_on": Step(
            gettext_lazy("Go to subsequent follow-up"), gettext_lazy("Moved to subsequent follow-up")
        ),
        "submit_costs": Step(
            gettext_lazy("Submit costs for review"), gettext_lazy("Costs submitted for review")
        ),
        "approve_costs": Step(
            gettext_lazy("Approve costs"),
            gettext_lazy("Costs approved"),
            offered=False,
            notices=(HANDLER_NOTICE, INJURED_COSTS_REVIEWED),
        ),
        "settle_by_fast_track": Step(
            gettext_lazy("Settle by the fast-track agreement"),
            gettext_lazy("Costs agreed on the fast track"),
            offered=False,
            notices=(HANDLER_NOTICE,),
        ),
        "settle_by_mediation": Step(
            gettext_lazy("Settle by the mediation agreement"),
            gettext_lazy("Costs agreed in mediation"),
            offered=False,
            notices=(HANDLER_NOTICE,),
        ),
        "settle_by_judgment": Step(
            gettext_lazy("Settle per the court"),
            gettext_lazy("Amounts fixed by the court's judgment or mediation"),
            offered=False,
            notices=(HANDLER_NOTICE,),
        ),
        "return_costs": Step(
            gettext_lazy("Return costs"),
            gettext_lazy("Costs returned"),
            offered=False,
            notices=(HANDLER_NOTICE,),
        ),
        "reopen": Step(
            gettext_lazy("Reopen the follow-up"), gettext_lazy("Follow-up reopened"), form=ReasonsForm
        ),
        "close": Step(
            gettext_lazy("Close without payment"),
            gettext_lazy("Closed without payment"),
            form=ReasonsForm,
            style="secondary",
        ),
    },
    context=lambda person: {"person": person.name, "report": person.claim.report_no},
)
