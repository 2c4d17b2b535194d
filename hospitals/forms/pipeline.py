from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..eligibility import Verdict
from ..models import Agreement, Condition, Cooperation, Function
from ..models.registry import EMERGENCY_PHONE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PHONE_ERROR = _("Enter a phone number with its area code (e.g. 0431-88782222) or a mobile number.")


def _phone(label):
    return forms.CharField(
        label=label,
        max_length=30,
        required=False,
        validators=[EMERGENCY_PHONE],
        error_messages={"invalid": PHONE_ERROR},
    )


class LiaisonsForm(forms.Form):
    """The project liaisons and their phones (seed 000: "双方应设立合作项目联系人及联系电话"), editable while the
    cooperation lives, after the checklist is frozen."""

    branch_liaison = forms.CharField(label=_("Our liaison"), max_length=50, required=False)
    branch_liaison_phone = _phone(_("Our liaison's phone"))
    hospital_liaison = forms.CharField(label=_("Hospital liaison"), max_length=50, required=False)
    hospital_liaison_phone = _phone(_("Hospital liaison's phone"))

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
    branch_liaison_phone = _phone(_("Our liaison's phone"))
    hospital_liaison = forms.CharField(label=_("Hospital liaison"), max_length=50, required=False)
    hospital_liaison_phone = _phone(_("Hospital liaison's phone"))

    def __init__(self, *args, cooperation: Cooperation, **kwargs):
        self.cooperation = cooperation
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
        hospital = self.cooperation.hospital
        verdict = hospital.condition_7()
        if data.get(f"met_{Condition.GRADE}") and verdict.verdict == Verdict.FAILS:
            self.add_error(
                f"met_{Condition.GRADE}",
                _(
                    "The registry says %(reasons)s: only a public general hospital of grade 2A or above meets "
                    "condition 7 (a private or trauma specialty hospital with HQ's special approval)."
                )
                % {"reasons": verdict.explanation},
            )
        if data.get(f"met_{Condition.LICENCE}") and not hospital.licence_in_force(timezone.localdate()):
            self.add_error(
                f"met_{Condition.LICENCE}",
                _("The practising licence expired on %(date)s: condition 1 is not met.")
                % {"date": hospital.licence_valid_until},
            )
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
        label=_("Functions covered"),
        choices=Function.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Medical-fee guarantee and prepayment, and medical advisors, need HQ's approval: saving the draft asks "
            "for it; the agreement can be signed once HQ has approved."
        ),
    )

    class Meta:
        model = Agreement
        fields = [
            "functions",
            "other_functions",
            "term_start",
            "term_end",
            "insurer_signatory",
            "hospital_signatory",
            "deviation",
        ]
        widgets = {
            "term_start": DATE,
            "term_end": DATE,
            "other_functions": forms.Textarea(attrs={"rows": 2}),
            "deviation": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("The term must end after it starts."))
        functions = data.get("functions") or []
        if Function.OTHER in functions and not (data.get("other_functions") or "").strip():
            self.add_error("other_functions", _("Describe the other functions agreed with the hospital."))
        if Function.OTHER not in functions and (data.get("other_functions") or "").strip():
            self.add_error(
                "other_functions", _("Tick “Other functions agreed with the hospital” to include these.")
            )
        return data


class SigningForm(forms.Form):
    """The signing date and the scan; once a version is signed, only its missing scan may be added."""

    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    scan = forms.FileField(
        label=_("Scan of the signed agreement (PDF, JPEG or PNG, at most 10 MB)"), required=False
    )

    def __init__(self, *args, agreement: Agreement | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if agreement is not None and agreement.is_signed:
            del self.fields["signed_on"]
            self.fields["scan"].required = True
            self.fields["scan"].error_messages["required"] = _("Choose the scan of the signed agreement.")

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The signing date cannot be in the future."))
        return value


class FilingForm(forms.Form):
    filed_on = forms.DateField(label=_("Filed with HQ on"), widget=DATE)
    plaque_hung = forms.BooleanField(label=_("Plaque hung at the gate"), required=False)

    def clean_filed_on(self):
        value = self.cleaned_data["filed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The filing date cannot be in the future."))
        return value


class FunctionDecisionForm(forms.Form):
    """HQ approves or refuses a function that needs its approval; a refusal needs reasons."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", "—"), ("approve", _("Approve")), ("refuse", _("Refuse"))],
        error_messages={"required": _("Approve or refuse.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 1})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", _("Give the reasons: the branch needs them to act."))
        return data
