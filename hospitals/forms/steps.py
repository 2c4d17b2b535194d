"""The parameters of the pipeline steps that need more than a note (hospitals.workflows names them).

No model imports here: hospitals.workflows imports these forms and the models import hospitals.workflows.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflow.forms import StepForm

from ..choices import Recommendation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApproveForm(StepForm):
    """HQ approves; a private or trauma specialty hospital needs HQ's explicit special approval (condition 7)."""

    special_approval = forms.BooleanField(label=_("Grant HQ special approval"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hospital = getattr(self.instance, "hospital", None)
        verdict = hospital.condition_7() if hospital is not None else None
        if verdict is not None and verdict.verdict == "special":
            self.fields["special_approval"].help_text = verdict.explanation
        else:
            del self.fields["special_approval"]

    def params(self) -> dict:
        return {"special_approval": bool(self.cleaned_data.get("special_approval"))}


class RectifyForm(StepForm):
    note = forms.CharField(
        label=_("What must be rectified"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Describe what the hospital must rectify.")},
    )
    deadline = forms.DateField(
        label=_("Rectify by"),
        widget=DATE,
        error_messages={"required": _("Give a rectification deadline after today.")},
    )

    def clean_deadline(self):
        value = self.cleaned_data["deadline"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("Give a rectification deadline after today."))
        return value

    def params(self) -> dict:
        return {"deadline": self.cleaned_data["deadline"]}


class EvaluationDecisionForm(StepForm):
    """HQ's decision on an annual evaluation; reasons are required when it differs from the recommendation."""

    decision = forms.ChoiceField(
        label=_("HQ's decision"),
        choices=Recommendation.choices,
        error_messages={"required": _("Choose HQ's decision: renew, rectify first or terminate.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recommendation = getattr(self.instance, "recommendation", "")
        if recommendation and not self.is_bound:
            self.initial.setdefault("decision", recommendation)

    def clean(self):
        data = super().clean()
        recommendation = getattr(self.instance, "recommendation", "")
        decision = data.get("decision")
        if (
            decision
            and recommendation
            and decision != recommendation
            and not (data.get("note") or "").strip()
        ):
            self.add_error("note", _("HQ decides otherwise than the branch recommends: give the reasons."))
        return data

    def params(self) -> dict:
        return {"decision": self.cleaned_data["decision"]}
