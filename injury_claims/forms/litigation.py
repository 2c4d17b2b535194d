"""Forms of a litigation matter (人伤涉诉): opening it, the claims by item, the response plan, medical review's
opinions (诉讼审核), hearings and the court's documents. Every message is translated and says what to enter."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflow.forms import HiddenErrorsMixin

from .. import litigation as rule
from ..models import Hearing, Judgment, LitigationOpinion
from ..models.claims import MONEY
from ..models.litigation import ITEM_CHOICES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _money(label, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0"),
        max_digits=MONEY["max_digits"],
        decimal_places=2,
    )


def _case_no(value: str, expected_type: str) -> str:
    problem = rule.case_no_problem(value, expected_type=expected_type, this_year=timezone.localdate().year)
    if problem:
        raise forms.ValidationError(problem)
    return str(rule.parse_case_no(value))


class OpenForm(forms.Form):
    court = forms.CharField(label=gettext_lazy("Court"), max_length=100)
    case_no = forms.CharField(
        label=gettext_lazy("Case number"),
        max_length=60,
        help_text=gettext_lazy("As on the summons: （2026）吉0102民初123号"),
    )
    plaintiff = forms.CharField(label=gettext_lazy("Plaintiff"), max_length=200)
    filed_on = forms.DateField(label=gettext_lazy("Filed on"), widget=DATE)
    officer = forms.ModelChoiceField(label=gettext_lazy("Litigation officer"), queryset=None)

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers

    def clean_case_no(self) -> str:
        return _case_no(self.cleaned_data["case_no"], rule.FIRST_INSTANCE_TYPE)

    def clean_filed_on(self):
        day = self.cleaned_data["filed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A suit cannot be filed in the future."))
        return day


class ClaimsForm(HiddenErrorsMixin, forms.Form):
    """The plaintiff's claim and the insurer's reserve, one pair of fields per compensation item."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in ITEM_CHOICES:
            self.fields[f"claimed_{code}"] = _money(label)
            self.fields[f"reserved_{code}"] = _money(gettext_lazy("Reserve: %(item)s") % {"item": label})

    @classmethod
    def initial_from(cls, matter) -> dict:
        initial = {"revision": matter.revision}
        for item in matter.items.all():
            initial[f"claimed_{item.code}"] = item.claimed
            initial[f"reserved_{item.code}"] = item.reserved
        return initial

    def rows(self):
        """(label, claimed field, reserved field) per item, for the table."""
        return [(label, self[f"claimed_{code}"], self[f"reserved_{code}"]) for code, label in ITEM_CHOICES]

    def clean(self):
        data = super().clean()
        items = {}
        for code, label in ITEM_CHOICES:
            claimed, reserved = data.get(f"claimed_{code}"), data.get(f"reserved_{code}")
            if claimed is None and reserved is not None:
                self.add_error(
                    f"claimed_{code}", _("Enter what the plaintiff claims for %(item)s.") % {"item": label}
                )
            elif claimed is not None:
                items[code] = (claimed, reserved or Decimal("0"))
        if not items and not self.errors:
            raise forms.ValidationError(_("Enter the plaintiff's claim for at least one item."))
        data["items"] = items
        return data


class PlanForm(HiddenErrorsMixin, forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    response_plan = forms.CharField(
        label=gettext_lazy("Response plan (应诉方案)"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": gettext_lazy("Write the response plan.")},
    )


class OpinionForm(HiddenErrorsMixin, forms.ModelForm):
    expected_state = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = LitigationOpinion
        fields = ["aspect", "opinion", "amount"]
        widgets = {"opinion": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"opinion": {"required": gettext_lazy("Write the opinion.")}}

    def clean(self):
        data = super().clean()
        if data.get("aspect") == LitigationOpinion.Aspect.AMOUNTS and data.get("amount") is None:
            self.add_error("amount", _("An opinion on the amounts names the amount found reasonable."))
        return data


class HearingForm(forms.ModelForm):
    class Meta:
        model = Hearing
        fields = ["kind", "at", "room", "remind_on", "outcome"]
        widgets = {"at": DATETIME, "remind_on": DATE, "outcome": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A hearing is scheduled before it is held: its outcome is recorded on the hearing's own page.
            del self.fields["outcome"]

    def clean(self):
        data = super().clean()
        at, remind_on = data.get("at"), data.get("remind_on")
        if at and remind_on and remind_on > timezone.localdate(at):
            self.add_error("remind_on", _("The reminder comes on or before the day of the hearing."))
        return data


class JudgmentForm(HiddenErrorsMixin, forms.Form):
    """The court's document of the current instance with its award by item (each item the court decided)."""

    expected_state = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=gettext_lazy("Document"), choices=Judgment.Kind.choices)
    case_no = forms.CharField(label=gettext_lazy("Case number"), max_length=60)
    decided_on = forms.DateField(label=gettext_lazy("Dated"), widget=DATE)
    served_on = forms.DateField(label=gettext_lazy("Served on"), widget=DATE)
    scan = forms.FileField(label=gettext_lazy("Scan of the document"))
    summary = forms.CharField(
        label=gettext_lazy("What the court decided"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, instance_no: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance_no = instance_no
        for code, label in ITEM_CHOICES:
            self.fields[f"award_{code}"] = _money(label)

    def document_fields(self):
        return [self[name] for name in ("kind", "case_no", "decided_on", "served_on", "scan", "summary")]

    def award_fields(self):
        return [self[f"award_{code}"] for code, _label in ITEM_CHOICES]

    def clean_case_no(self) -> str:
        expected = rule.FIRST_INSTANCE_TYPE if self.instance_no == 1 else rule.SECOND_INSTANCE_TYPE
        return _case_no(self.cleaned_data["case_no"], expected)

    def clean(self):
        data = super().clean()
        decided, served = data.get("decided_on"), data.get("served_on")
        today = timezone.localdate()
        if served and served > today:
            self.add_error("served_on", _("A document cannot be served in the future."))
        if decided and served and served < decided:
            self.add_error("served_on", _("A document is served on or after its date."))
        data["awards"] = {
            code: data[f"award_{code}"]
            for code, _label in ITEM_CHOICES
            if data.get(f"award_{code}") is not None
        }
        if not data["awards"] and not self.errors:
            raise forms.ValidationError(
                _("Enter the award of each item the court decided (0 where it dismissed the claim).")
            )
        return data
