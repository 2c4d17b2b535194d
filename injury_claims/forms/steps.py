"""The parameters of the injury-claims steps that need more than a note (injury_claims.workflows names them).

No model imports here: the workflows import these forms and the models import the workflows.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from workflow.forms import StepForm

from ..choices import InvestigationReason


class ArriveForm(StepForm):
    scene = forms.ChoiceField(
        label=_("Scene"),
        choices=[
            ("first", _("First scene (the vehicle and people still there)")),
            ("second", _("Second scene (no first scene possible)")),
        ],
        widget=forms.RadioSelect,
    )
    second_scene_reason = forms.CharField(label=_("Why no first scene"), required=False, max_length=500)

    def params(self) -> dict:
        return {
            "scene": self.cleaned_data["scene"],
            "second_scene_reason": self.cleaned_data.get("second_scene_reason", ""),
        }


class InvestigateForm(StepForm):
    reasons = forms.MultipleChoiceField(
        label=_("Why investigate"),
        choices=InvestigationReason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose why the case is investigated.")},
    )

    def params(self) -> dict:
        return {"reasons": list(self.cleaned_data["reasons"])}
