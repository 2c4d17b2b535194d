"""Forms of the claim, its injured persons, follow-ups, bills and reviews. Every error is specific and translated."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import MAINLAND_MOBILE, User
from workflow.forms import HiddenErrorsMixin

from ..choices import BillKind, ContactMode, InsuranceCategory, InvestigationReason, InvestigationSection
from ..identity import parse_id_number, parse_plate
from ..models import Claim, InjuredPerson, InjuryCategory, InvestigationFinding

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = [
            "report_no",
            "channel",
            "reported_at",
            "accident_at",
            "province",
            "city",
            "district",
            "address",
            "plate",
            "compulsory_policy_no",
            "commercial_policy_no",
            "third_party_sum_insured",
            "passenger_sum_insured",
            "police_reminded",
            "police_handled",
            "liability",
            "certificate_no",
            "vip_customer",
            "vip_basis",
            "handler",
        ]
        widgets = {"reported_at": DATETIME, "accident_at": DATETIME}

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["reported_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        staff = User.objects.filter(is_active=True)
        if org is not None:
            staff = staff.filter(org_id__in=org.subtree_ids())
        self.fields["handler"].queryset = staff.order_by("username")
        self.fields["police_reminded"].required = True
        self.fields["police_reminded"].error_messages["required"] = _(
            "Remind the reporter to report the accident to the traffic police, and tick it."
        )

    def clean_plate(self):
        try:
            return parse_plate(self.cleaned_data["plate"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        reported, accident = data.get("reported_at"), data.get("accident_at")
        if reported and accident and accident > reported:
            self.add_error("accident_at", _("The accident cannot be after the report."))
        if reported and reported > timezone.now() + timezone.timedelta(minutes=5):
            self.add_error("reported_at", _("The report time cannot be in the future."))
        if data.get("liability") and not data.get("police_handled"):
            self.add_error("police_handled", _("A liability finding comes from the traffic police: tick it."))
        if data.get("vip_customer") and not (data.get("vip_basis") or "").strip():
            self.add_error("vip_basis", _("Say why the insured is a VIP customer (grade or programme)."))
        return data


class PersonForm(forms.ModelForm):
    id_number = forms.CharField(label=_("ID number"), max_length=20, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=11, required=False, validators=[MAINLAND_MOBILE])

    class Meta:
        model = InjuredPerson
        fields = [
            "name",
            "id_number",
            "mobile",
            "consents_to_messages",
            "role",
            "domicile_province",
            "residence",
            "occupation",
            "industry",
            "category",
            "hospital",
            "hospital_name",
            "inpatient",
            "diagnoses",
            "body_parts",
            "estimate",
        ]
        widgets = {"diagnoses": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = InjuryCategory.objects.filter(active=True)
        self.fields["hospital"].queryset = self.fields["hospital"].queryset.order_by("name")
        if self.instance.pk:
            self.fields["id_number"].help_text = _("Leave empty to keep %(masked)s.") % {
                "masked": self.instance.id_masked or "—"
            }
            self.fields["mobile"].help_text = _("Leave empty to keep %(masked)s.") % {
                "masked": self.instance.mobile_masked or "—"
            }

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "")
        if not value:
            return ""
        try:
            return parse_id_number(value, today=timezone.localdate()).number
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        if (
            not data.get("hospital")
            and not (data.get("hospital_name") or "").strip()
            and data.get("inpatient")
        ):
            self.add_error(
                "hospital", _("An inpatient is treated somewhere: choose the hospital or write its name.")
            )
        return data

    def values(self) -> dict:
        values = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        if not values.get("id_number"):
            values.pop("id_number", None)
        if not values.get("mobile"):
            values.pop("mobile", None)
        return values


class FollowUpForm(HiddenErrorsMixin, forms.Form):
    """The follow-up of the step the person is at (seed 001 pp6–9): how, what was done and learnt, the step's
    checklist, the estimate, the mediation offer, the next date, and — at the first follow-up — the next step."""

    expected_state = forms.CharField(widget=forms.HiddenInput)
    contact_mode = forms.ChoiceField(label=_("How"), choices=ContactMode.choices)
    checklist = forms.MultipleChoiceField(
        label=_("Done at this step"), required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(
        label=_("What was done and learnt"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    estimate = forms.DecimalField(label=_("Loss estimate (¥)"), **MONEY)
    mediation_offered = forms.BooleanField(
        label=_("I told them the case can be settled by mediation"),
        error_messages={
            "required": _("Tell them the case can be settled by mediation, and tick it (seed 001).")
        },
    )
    next_on = forms.DateField(label=_("Next follow-up on"), required=False, widget=DATE)
    outcome = forms.ChoiceField(label=_("Next step"), required=False)
    reasons = forms.MultipleChoiceField(
        label=_("Why investigate"),
        required=False,
        choices=InvestigationReason.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    CHECKLISTS = {
        "first_follow_up": [
            ("comforted", _("Comforted the injured or the family")),
            ("facts", _("Collected the facts of the case")),
            ("guidance", _("Explained precautions, process, documents, items and standards")),
        ],
        "visit": [
            ("nurse_station", _("Verified the injured at the nurse station")),
            ("saw_injured", _("Saw the injured")),
            ("doctor", _("Asked the doctor about the treatment")),
            ("plan", _("Discussed the plan; asked to reduce costs outside 医保")),
            ("discharge", _("Reminded discharge when clinical treatment ends")),
        ],
        "investigation": [("evidence", _("Collected evidence for the sections"))],
        "subsequent": [
            ("treatment", _("Treatment tracked (major change, readmission, transfer → new visit)")),
            ("case", _("Case handling tracked: urged the claim or steered to mediation")),
            ("disability_referral", _("Referred to a cooperating forensic or prosthesis institution")),
            ("self_assessed", _("Self-obtained assessment report sent to medical review")),
            ("reassessment", _("Objection to the assessment: re-assessment asked")),
        ],
    }
    OUTCOMES = {
        "first_follow_up": [
            ("follow_on", _("Outpatient, minor: guidance, then subsequent follow-up")),
            ("visit", _("Inpatient: hospital visit")),
            ("investigate", _("Death or other reason: investigation")),
        ],
        "visit": [
            ("", _("Stay at hospital visit")),
            ("follow_on", _("Subsequent follow-up")),
            ("investigate", _("Open an investigation")),
        ],
        "investigation": [
            ("", _("Stay at investigation")),
            ("follow_on", _("Subsequent follow-up")),
            ("visit", _("Hospital visit")),
        ],
        "subsequent": [
            ("", _("Stay at subsequent follow-up")),
            ("visit", _("New hospital visit")),
            ("investigate", _("Open an investigation")),
        ],
    }

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        state = person.state if person is not None else "first_follow_up"
        self.fields["expected_state"].initial = state
        self.fields["checklist"].choices = self.CHECKLISTS.get(state, [])
        self.fields["outcome"].choices = self.OUTCOMES.get(state, [])
        if person is not None:
            self.fields["estimate"].initial = person.estimate
            self.fields["contact_mode"].initial = "phone" if state == "first_follow_up" else "in_person"
            if state == "first_follow_up":
                self.fields["outcome"].required = True
                self.fields["outcome"].initial = person.category.suggests

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "investigate" and not data.get("reasons"):
            self.add_error("reasons", _("Choose why the case is investigated."))
        next_on = data.get("next_on")
        if next_on is not None and next_on <= timezone.localdate():
            self.add_error("next_on", _("Choose a day after today."))
        return data

    def record(self) -> dict:
        data = self.cleaned_data
        return {
            "expected_state": data["expected_state"],
            "contact_mode": data["contact_mode"],
            "summary": data["summary"],
            "details": {"checklist": list(data.get("checklist") or [])},
            "estimate": data["estimate"],
            "mediation_offered": data["mediation_offered"],
            "next_on": data.get("next_on"),
            "outcome": data.get("outcome") or "",
            "reasons": list(data.get("reasons") or []),
        }


class BillForm(forms.Form):
    number = forms.CharField(label=_("Bill number"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=BillKind.choices)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)
    hospital_name = forms.CharField(label=_("Issued by"), max_length=100)
    scan = forms.FileField(
        label=_("Photo or scan of the bill"),
        widget=forms.ClearableFileInput(
            # No "capture": a phone then offers the camera *or* its files, so a PDF e-invoice can be chosen too.
            attrs={"accept": "image/jpeg,image/png,application/pdf"}
        ),
    )

    def clean_issued_on(self):
        day = self.cleaned_data["issued_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A bill cannot be issued in the future."))
        return day


class BillLineForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=100)
    category = forms.ChoiceField(label=_("医保 category"), choices=InsuranceCategory.choices, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    unit_price = forms.DecimalField(label=_("Unit price"), **MONEY)
    amount_claimed = forms.DecimalField(label=_("Amount"), **MONEY)

    def clean(self):
        data = super().clean()
        q, p, a = data.get("quantity"), data.get("unit_price"), data.get("amount_claimed")
        if q is not None and p is not None and a is not None and abs(q * p - a) > Decimal("0.05"):
            self.add_error(
                "amount_claimed",
                _("Quantity × unit price is ¥%(expected)s, not ¥%(amount)s.")
                % {"expected": f"{(q * p):,.2f}", "amount": f"{a:,.2f}"},
            )
        return data


BillLineFormSet = forms.formset_factory(BillLineForm, extra=3, min_num=1, validate_min=True, max_num=200)


class RevealForm(forms.Form):
    field = forms.ChoiceField(
        choices=[("id_number", _("ID number")), ("mobile", _("Mobile"))],
        widget=forms.HiddenInput,
        # The value comes from the button pressed: anything else is a forged or stale page.
        error_messages={
            "required": _("Reload the page and try again."),
            "invalid_choice": _("Unknown value."),
        },
    )
    reason = forms.CharField(label=_("Why you need to see it"), min_length=4, max_length=300)


class FindingForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=InvestigationSection.choices)
    status = forms.ChoiceField(label=_("Status"), choices=InvestigationFinding.Status.choices)
    findings = forms.CharField(label=_("Findings"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("Evidence (photo or PDF)"), required=False)

    def clean_evidence(self):
        """Checked here, before the finding is saved: a refused file must leave the finding unsaved too."""
        from ..services.claims import check_upload

        upload = self.cleaned_data.get("evidence")
        if upload:
            check_upload(upload)
        return upload


class LineDecisionForm(forms.Form):
    # Not "Approved": that msgid is the review state's label (workflows/review.py), and one msgid cannot be both
    # a column label (核定金额) and a state (已批准).
    amount_approved = forms.DecimalField(label=_("Amount approved"), **MONEY)
    reduction_reason = forms.CharField(label=_("Reason for the reduction"), max_length=200, required=False)

    def __init__(self, *args, item: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # The inputs sit in a table row without a <label>: name them for screen readers (and for the item).
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{item} · {field.label}" if item else str(field.label)
