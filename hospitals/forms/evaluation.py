"""The annual evaluation form (seed 000: "每年对协作医院进行评估，并将评估结果报总公司"): what the responsible persons
found about the hospital's treatment practice, its cooperation and the complaints, and what they recommend."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import AnnualEvaluation


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = AnnualEvaluation
        fields = ["year", "treatment_practice", "cooperation_quality", "complaints", "recommendation"]
        widgets = {
            "treatment_practice": forms.Textarea(attrs={"rows": 3}),
            "cooperation_quality": forms.Textarea(attrs={"rows": 3}),
            "complaints": forms.Textarea(attrs={"rows": 2}),
            "recommendation": forms.RadioSelect,
        }
        help_texts = {
            "treatment_practice": _(
                "Diagnosis norms, rational drugs and tests, fees, appraisals (诊疗操作规范)."
            ),
            "cooperation_quality": _(
                "Emergency dispatches, records access, liaisons, trainings and advisors."
            ),
            "complaints": _(
                "Complaints of customers or injured people this year, and how they were settled; "
                "“none” if there were none."
            ),
        }
        error_messages = {
            "treatment_practice": {"required": _("Describe the hospital's treatment practice this year.")},
            "cooperation_quality": {"required": _("Describe how the hospital cooperated this year.")},
            "complaints": {"required": _("Record the complaints, or write “none”.")},
            "recommendation": {"required": _("Recommend renewal, rectification or termination.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["recommendation"].choices = AnnualEvaluation.Recommendation.choices

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not (2000 <= year <= timezone.localdate().year):
            raise forms.ValidationError(_("Evaluate a year that has begun."))
        return year
