from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Agreement, Condition, Cooperation, Function


class LiaisonsForm(forms.Form):
    """The project liaisons and their phones (seed 000: "双方应设立合作项目联系人及联系电话"), editable while the
    cooperation lives, after the checklist is frozen."""

    branch_liaison = forms.CharField(label=_("Our liaison"), max_length=50, required=False)
    branch_liaison_phone = forms.CharField(label=_("Our liaison's phone"), max_length=30, required=False)
    hospital_liaison = forms.CharField(label=_("Hospital liaison"), max_length=50, required=False)
    hospital_liaison_phone = forms.CharField(
        label=_("Hospital liaison's phone"), max_length=30, required=False
    )

    def __init__(self, *args, cooperation: Cooperation, **kwargs):
        initial = kwargs.setdefault("initial", {})
        for name in self.base_fields:
            initial.setdefault(name, getattr(cooperation, name))
        super().__init__(*args, **kwargs)

    def details(self) -> dict:
        return dict(self.cleaned_data)


DETAIL_FIELDS = (
    "method",
    "branch_liaison",
    "branch_liaison_phone",
    "hospital_liaison",
    "hospital_liaison_phone",
)


class EligibilityForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Establishment method"), choices=[("", "—"), *Cooperation.Method.choices], required=False
    )
    branch_liaison = forms.CharField(label=_("Our liaison"), max_length=50, required=False)
    branch_liaison_phone = forms.CharField(label=_("Our liaison's phone"), max_length=30, required=False)
    hospital_liaison = forms.CharField(label=_("Hospital liaison"), max_length=50, required=False)
    hospital_liaison_phone = forms.CharField(
        label=_("Hospital liaison's phone"), max_length=30, required=False
    )

    def __init__(self, *args, cooperation: Cooperation, **kwargs):
        initial = kwargs.setdefault("initial", {})
        for field in DETAIL_FIELDS:
            initial.setdefault(field, getattr(cooperation, field))
        checks = {c.condition: c for c in cooperation.checks.all()}
        for condition in Condition:
            check = checks.get(condition.value)
            initial.setdefault(f"met_{condition.value}", check.met if check else False)
            initial.setdefault(f"evidence_{condition.value}", check.evidence if check else "")
        super().__init__(*args, **kwargs)
        for condition in Condition:
            self.fields[f"met_{condition.value}"] = forms.BooleanField(label=condition.label, required=False)
            self.fields[f"evidence_{condition.value}"] = forms.CharField(
                label=_("Evidence"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 1})
            )

    def conditions(self):
        for condition in Condition:
            yield condition, self[f"met_{condition.value}"], self[f"evidence_{condition.value}"]

    def clean(self):
        data = super().clean()
        for condition in Condition:
            if (
                data.get(f"met_{condition.value}")
                and not (data.get(f"evidence_{condition.value}") or "").strip()
            ):
                self.add_error(f"evidence_{condition.value}", _("Say how you know this condition is met."))
        return data

    def details(self) -> dict:
        """The establishment method and the liaisons, as the cooperation stores them."""
        return {name: self.cleaned_data[name] for name in DETAIL_FIELDS}

    def checks(self) -> dict[int, tuple[bool, str]]:
        return {
            c.value: (self.cleaned_data[f"met_{c.value}"], self.cleaned_data[f"evidence_{c.value}"].strip())
            for c in Condition
        }


class AgreementForm(forms.ModelForm):
    functions = forms.MultipleChoiceField(
        label=_("Functions covered"), choices=Function.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Agreement
        fields = [
            "functions",
            "term_start",
            "term_end",
            "insurer_signatory",
            "hospital_signatory",
            "deviation",
            "guarantee_enabled",
            "guarantee_hq_approved",
        ]
        widgets = {
            "term_start": forms.DateInput(attrs={"type": "date"}),
            "term_end": forms.DateInput(attrs={"type": "date"}),
            "deviation": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("The term must end after it starts."))
        if data.get("guarantee_enabled") and not data.get("guarantee_hq_approved"):
            self.add_error(
                "guarantee_hq_approved",
                _("Medical-fee guarantee and prepayment may be enabled only with HQ's approval."),
            )
        if data.get("guarantee_enabled") and Function.GUARANTEE not in (data.get("functions") or []):
            self.add_error(
                "functions", _("Enabling the guarantee needs the guarantee function in the agreement.")
            )
        return data


class SigningForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))
    scan = forms.FileField(
        label=_("Scan of the signed agreement (PDF, JPEG or PNG, at most 10 MB)"), required=False
    )

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The signing date cannot be in the future."))
        return value


class FilingForm(forms.Form):
    filed_on = forms.DateField(label=_("Filed with HQ on"), widget=forms.DateInput(attrs={"type": "date"}))
    plaque_hung = forms.BooleanField(label=_("Plaque hung at the gate"), required=False)

    def clean_filed_on(self):
        value = self.cleaned_data["filed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The filing date cannot be in the future."))
        return value
