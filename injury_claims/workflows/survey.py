"""The survey task (查勘), declared once. Seed 001 p4: "所有人伤案件原则上都应派现场查勘；查勘员电话安抚慰问，确认事故情况，
判断处理方式；标的车和相关人员仍在现场的，应赴第一现场；没有第一现场条件的，应赴第二现场". Seed 002: respond within 30 minutes,
on site within 2 hours — both counted from the report.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import transition

from workflow.declaration import Clock, Step, Workflow, allowed
from workflow.forms import ReasonsForm
from workflow.services import TransitionRefused

from ..forms.steps import ArriveForm
from ..rules import can_work_claim


class SurveyState(models.TextChoices):
    DISPATCHED = "dispatched", gettext_lazy("Dispatched")
    RESPONDED = "responded", gettext_lazy("Surveyor called, on the way")
    ON_SITE = "on_site", gettext_lazy("On site")
    DONE = "done", gettext_lazy("Survey done")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


S = SurveyState
WORK = allowed(can_work_claim)


class Scene(models.TextChoices):
    FIRST = "first", gettext_lazy("First scene (the vehicle and people still there)")
    SECOND = "second", gettext_lazy("Second scene (no first scene possible)")


class SurveyTransitions:
    @transition(field="state", source=S.DISPATCHED, target=S.RESPONDED, permission=WORK)
    def respond(self, by=None, note=""):
        """The surveyor's call: comfort the people, confirm the accident, decide how to handle it."""
        self.responded_at = timezone.now()
        self.surveyor = by

    @transition(field="state", source=[S.DISPATCHED, S.RESPONDED], target=S.ON_SITE, permission=WORK)
    def arrive(self, by=None, note="", scene: str = "", second_scene_reason: str = ""):
        if scene not in Scene.values:
            raise TransitionRefused(_("Say which scene you reached."), field="scene")
        if scene == Scene.SECOND and not second_scene_reason.strip():
            raise TransitionRefused(
                _("Say why there was no first scene (seed 001: go to the first scene when it still exists)."),
                field="second_scene_reason",
            )
        self.responded_at = self.responded_at or timezone.now()
        self.arrived_at = timezone.now()
        self.scene = scene
        self.second_scene_reason = second_scene_reason.strip() if scene == Scene.SECOND else ""
        self.surveyor = self.surveyor or by

    @transition(field="state", source=S.ON_SITE, target=S.DONE, permission=WORK)
    def finish(self, by=None, note=""):
        if not note.strip():
            raise TransitionRefused(_("Write what the survey found."), field="note")
        self.findings = note.strip()

    @transition(field="state", source=[S.DISPATCHED, S.RESPONDED], target=S.CANCELLED, permission=WORK)
    def cancel(self, by=None, note=""):
        if not note.strip():
            raise TransitionRefused(_("Say why no survey is needed."), field="note")


SURVEY = Workflow(
    name="injury_claims.survey",
    model="injury_claims.Survey",
    states=SurveyState,
    start=S.DISPATCHED,
    finals=frozenset({S.DONE, S.CANCELLED}),
    steps={
        "respond": Step(gettext_lazy("Called the reporter"), gettext_lazy("Surveyor called the reporter")),
        "arrive": Step(gettext_lazy("Arrived on site"), gettext_lazy("Surveyor on site"), form=ArriveForm),
        "finish": Step(gettext_lazy("Finish the survey"), gettext_lazy("Survey finished"), form=ReasonsForm),
        "cancel": Step(
            gettext_lazy("Cancel the survey"),
            gettext_lazy("Survey cancelled"),
            form=ReasonsForm,
            style="outline",
        ),
    },
    clocks=(
        Clock(
            S.DISPATCHED,
            "report_response",
            gettext_lazy("Respond to report %(report)s"),
            cancel_on=frozenset({"cancel"}),
            start=lambda survey: survey.claim.reported_at,
        ),
        # Leaving "dispatched" straight for the site meets both clocks; "responded" keeps the 2-hour one running.
        Clock(
            S.DISPATCHED,
            "on_site",
            gettext_lazy("Be on site for report %(report)s"),
            cancel_on=frozenset({"cancel", "respond"}),
            start=lambda survey: survey.claim.reported_at,
        ),
        Clock(
            S.RESPONDED,
            "on_site",
            gettext_lazy("Be on site for report %(report)s"),
            cancel_on=frozenset({"cancel"}),
            start=lambda survey: survey.claim.reported_at,
        ),
    ),
    context=lambda survey: {"report": survey.claim.report_no},
    org_of=lambda survey: survey.claim.org,
)
