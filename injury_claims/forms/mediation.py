"""Forms of mediation (人伤调解): the plan and its items, the agreement step, the signed scan.

No model imports here: the mediation workflow imports :class:`AgreeForm` and the models import the workflows.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from workflow.forms import HiddenErrorsMixin, StepForm

from .. import compensation as c

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}
# Items a plan may hold: every head of damage of the calculator. "Other items as one sum" is the fast track's.
PLAN_ITEM_CODES = [code for code in c.ItemCode if code != c.ItemCode.AGREED_SUM]


def item_choices() -> list[tuple[str, str]]:
    return [(str(code), c.ITEM_LABELS[code]) for code in PLAN_ITEM_CODES]


def item_labels() -> dict[str, str]:
    return {str(code): str(c.ITEM_LABELS[code]) for code in PLAN_ITEM_CODES}


class PlanItemForm(forms.Form):
    code = forms.ChoiceField(label=_("Item"), choices=item_choices)
    planned = forms.DecimalField(label=_("Planned amount (at most)"), **MONEY)
    note = forms.CharField(label=_("How it is reckoned"), max_length=300, required=False)


class BasePlanItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.has_changed() or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            code = form.cleaned_data["code"]
            if code in seen:
                raise forms.ValidationError(
                    _("%(item)s is in the plan twice: one line per item.") % {"item": item_labels()[code]}
                )
            seen.add(code)

    def rows(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


PlanItemFormSet = forms.formset_factory(
    PlanItemForm, formset=BasePlanItemFormSet, extra=2, max_num=len(PLAN_ITEM_CODES), validate_max=True
)


class PlanForm(HiddenErrorsMixin, forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput)
    total = forms.DecimalField(
        label=_("Plan total (the most in all)"),
        required=False,
        help_text=_("Leave empty for the sum of the items; it may be lower, never higher."),
        **MONEY,
    )
    explanation = forms.CharField(
        label=_("The plan's reasoning"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgreeForm(StepForm):
    """The one-off settlement agreement: one amount per item of the approved plan (empty: nothing for it)."""

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.codes = []
        if instance is None or instance.pk is None:
            return
        labels = item_labels()
        for item in instance.items.all():
            name = f"agreed_{item.code}"
            self.codes.append((name, item.code))
            self.fields[name] = forms.DecimalField(
                label=labels.get(item.code, item.code),
                required=False,
                help_text=_("at most ¥%(amount)s") % {"amount": f"{item.planned:,.2f}"},
                initial=item.planned,
                **MONEY,
            )

    def params(self) -> dict:
        amounts = {}
        for name, code in self.codes:
            value = self.cleaned_data.get(name)
            if value:
                amounts[code] = value
        return {"amounts": amounts}


class SignedScanForm(forms.Form):
    scan = forms.FileField(label=_("Scan of the signed agreement (PDF, JPEG or PNG)"))


class OutcomesFilterForm(forms.Form):
    """The period of the mediators' outcomes: mediations opened from ``since`` to ``until``, both days included."""

    since = forms.DateField(
        label=_("Opened from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Opened until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
