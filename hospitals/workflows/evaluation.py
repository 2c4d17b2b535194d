"""The annual evaluation 年度评估, declared once (seed 000, 协作医院的续约或解约): "各二级机构协作医院设立及维护责任人
每年对协作医院进行评估，并将评估结果报总公司车险/意健险理赔部，决定协作医院的续约或解约。"

The responsible persons submit an evaluation (hospitals.services.evaluation creates it, already submitted); HQ
decides on it: renew, rectify or terminate, with its reasons. The cooperation's own steps read the decision:
renewing needs a decision to renew within the year, and a branch may terminate on a decision to terminate.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import transition

from workflow.declaration import Notice, Step, Workflow, allowed
from workflow.services import TransitionRefused

from ..choices import Recommendation
from ..forms.steps import EvaluationDecisionForm
from ..rules import can_decide_cooperation


class EvaluationState(models.TextChoices):
    SUBMITTED = "submitted", gettext_lazy("Waiting for HQ")
    DECIDED = "decided", gettext_lazy("Decided by HQ")


class EvaluationTransitions:
    @transition(
        field="state",
        source=EvaluationState.SUBMITTED,
        target=EvaluationState.DECIDED,
        permission=allowed(can_decide_cooperation),
    )
    def decide(self, by=None, note="", decision: str = ""):
        if decision not in Recommendation.values:
            raise TransitionRefused(
                _("Choose HQ's decision: renew, rectify first or terminate."), field="decision"
            )
        if decision != self.recommendation and not note.strip():
            raise TransitionRefused(
                _("HQ decides otherwise than the branch recommends: give the reasons."), field="note"
            )
        self.decision = decision
        self.decided_by, self.decided_at, self.decision_note = by, timezone.now(), note


def _branch(evaluation):
    from ..selectors import responsible_persons

    return [*responsible_persons(evaluation.org), evaluation.submitted_by]


EVALUATION = Workflow(
    name="hospitals.evaluation",
    model="hospitals.AnnualEvaluation",
    states=EvaluationState,
    start=EvaluationState.SUBMITTED,
    finals=frozenset({EvaluationState.DECIDED}),
    steps={
        "decide": Step(
            gettext_lazy("Decide"),
            gettext_lazy("HQ decided on the annual evaluation"),
            form=EvaluationDecisionForm,
            notices=(Notice("hospitals.evaluation_decided", to=_branch),),
        ),
    },
    event_labels={"submitted": gettext_lazy("Annual evaluation submitted to HQ")},
    context=lambda evaluation: {
        "hospital": evaluation.cooperation.hospital.name,
        "org": evaluation.org.name,
        "year": evaluation.year,
        "decision": evaluation.get_decision_display() if evaluation.decision else "",
    },
)
