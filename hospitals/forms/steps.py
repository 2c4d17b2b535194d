"""The parameters of the pipeline steps that need more than a note (hospitals.workflows names them).

No model imports here: hospitals.workflows imports these forms and the models import hospitals.workflows.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflow.forms import StepForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApproveForm(StepForm):
    """HQ approves; a hospital below 二级甲等, private or a trauma hospital needs the explicit special approval."""

    special_approval = forms.BooleanField(label=_("Grant HQ special approval"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hospital = getattr(self.instance, "hospital", None)
        if hospital is not None and hospital.needs_special_approval:
            self.fields["special_approval"].help_text = ", ".join(hospital.special_approval_reasons)
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


class RenewForm(StepForm):
    term_end = forms.DateField(
        label=_("Renewed term until"),
        widget=DATE,
        error_messages={"required": _("Give the end of the renewed term.")},
    )

    def params(self) -> dict:
        return {"term_end": self.cleaned_data["term_end"]}
