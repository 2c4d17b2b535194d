"""Forms of the assessment cycle: the new year, the rubric, the branch's word on an item, HQ's answer and
adjustment. Every error is translated and says what to do."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workflow.forms import HiddenErrorsMixin

from ..models import Assessment, Dispute
from ..models.assessment import RUBRIC_FIELDS
from ..models.scorecards import ITEM_CHOICES

TEXT = forms.Textarea(attrs={"rows": 3})


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Assessment year"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Enter the year to assess, e.g. 2026."),
            "invalid": _("Enter the year as four digits, e.g. 2026."),
            "min_value": _("Enter a year from 2000 on."),
            "max_value": _("Enter a year up to 2100."),
        },
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year + 1:
            raise forms.ValidationError(_("A year can be prepared at most one year ahead."))
        return year


class RubricForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Why the rubric changes"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the rubric changes: the history keeps it.")},
    )

    class Meta:
        model = Assessment
        fields = [
            *RUBRIC_FIELDS,
            "customer_sample_size",
            "hospital_sample_size",
            "survey_link_days",
            "dispute_working_days",
        ]

    def clean(self):
        data = super().clean()
        if not self.errors:
            probe = Assessment(**{name: data[name] for name in RUBRIC_FIELDS})
            for problem in probe.rubric().problems():
                self.add_error(None, problem)
        return data


class NoteForm(HiddenErrorsMixin, forms.Form):
    """The branch's word on an item: an explanation, or a dispute HQ must answer."""

    expected_state = forms.CharField(widget=forms.HiddenInput)
    item = forms.ChoiceField(
        label=_("Item"),
        choices=ITEM_CHOICES,
        error_messages={"required": _("Choose the item you write about.")},
    )
    kind = forms.ChoiceField(
        label=_("This is"),
        choices=Dispute.Kind.choices,
        widget=forms.RadioSelect,
        initial=Dispute.Kind.EXPLANATION,
        error_messages={"required": _("Say whether you explain or dispute the item.")},
    )
    text = forms.CharField(
        label=_("Explanation"),
        max_length=2000,
        widget=TEXT,
        error_messages={"required": _("Write the explanation: which facts are missing or wrong, and why.")},
    )


class AnswerForm(forms.Form):
    """HQ's answer to a dispute."""

    upheld = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Upheld")), ("0", pgettext_lazy("dispute", "Rejected"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Uphold or reject the dispute.")},
    )
    points = forms.DecimalField(
        label=_("Adjust the item by (points, + or −)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        error_messages={"invalid": _("Enter the points as a number, e.g. 2 or -1.5.")},
    )
    answer = forms.CharField(
        label=_("Reasons"),
        max_length=2000,
        widget=TEXT,
        error_messages={"required": _("Give the reasons: the branch reads them.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("upheld") is False and data.get("points"):
            self.add_error("points", _("A rejected dispute changes no points."))
        return data


class AdjustForm(forms.Form):
    """HQ's adjustment of an item, with its reasons."""

    item = forms.ChoiceField(
        label=_("Item"), choices=ITEM_CHOICES, error_messages={"required": _("Choose the item to adjust.")}
    )
    points = forms.DecimalField(
        label=_("Points (+ or −)"),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "required": _("Enter the points to add (or, with a minus, to take off)."),
            "invalid": _("Enter the points as a number, e.g. 2 or -1.5."),
        },
    )
    reason = forms.CharField(
        label=_("Reasons"),
        max_length=2000,
        widget=TEXT,
        error_messages={"required": _("Give the reasons: every adjustment is audited.")},
    )

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points == Decimal(0):
            raise forms.ValidationError(_("An adjustment changes the points: enter a number other than 0."))
        return points
