"""Forms of the fast track (小额人伤快速处理, seed 001 p11–19): the facts recorded on the spot, and the parameters of its
steps (the phone confirmation, the agreement, the score). The rules are ``injury_claims.fast_track``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from workflow.forms import StepForm

from .. import fast_track as rule

MONEY_MAX = Decimal("99999999.99")


def _money(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=MONEY_MAX,
        error_messages={
            "invalid": _("Enter an amount in yuan, e.g. 800 or 800.50."),
            "min_value": _("The amount cannot be negative."),
            "max_digits": _("The amount is too large."),
            "max_decimal_places": _("At most two decimal places (fen)."),
        },
        **kwargs,
    )


class FactsForm(forms.Form):
    """What the adjuster sees on the spot (p13 for eligibility, p14–16 for the band)."""

    VISITS = (
        (0, _("No medical treatment yet (no medical cost)")),
        (1, _("One outpatient visit")),
        (2, _("More than one visit")),
    )
    SEVERITY = (
        ("", _("— measured above —")),
        (rule.SLIGHT, _("Slight")),
        (rule.HEAVIER, _("Heavier")),
    )
    ADVICE = (
        (rule.ADVICE_NONE, _("No advice of further treatment")),
        (rule.ADVICE_FURTHER_TREATMENT, _("Further treatment advised")),
        (rule.ADVICE_MINOR_SURGERY, _("Minor surgery advised")),
        (rule.ADVICE_OBSERVATION, _("Observation in hospital advised")),
    )

    police_handled = forms.BooleanField(label=_("Handled by the traffic police"), required=False)
    liability_clear = forms.BooleanField(label=_("Liability is clear"), required=False)
    causation = forms.BooleanField(label=_("The injury was caused by the accident"), required=False)
    both_present = forms.BooleanField(label=_("Both parties are present"), required=False)
    both_agree = forms.BooleanField(
        label=_("Both parties agree to settle quickly"),
        required=False,
        help_text=_("on the spot, or after one outpatient visit"),
    )
    injury_minor = forms.BooleanField(
        label=_("The injured person judges the injury minor"),
        required=False,
        help_text=_("normal activity slightly or not affected"),
    )
    insured_not_liable = forms.BooleanField(
        label=_("The insured vehicle is not liable (无责)"), required=False
    )
    outpatient_visits = forms.TypedChoiceField(
        label=_("Treatment so far"), choices=VISITS, coerce=int, initial=0
    )
    # Without medical cost (p16)
    visible_sign = forms.BooleanField(label=_("Visible sign of injury"), required=False)
    cut_cm = forms.DecimalField(
        label=_("Longest cut (cm)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("999.9"),
        decimal_places=1,
        error_messages={"invalid": _("Enter the length in centimetres, e.g. 8.5.")},
    )
    bruise_cm2 = forms.DecimalField(
        label=_("Largest bruise, abrasion or contusion (cm²)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("9999.9"),
        decimal_places=1,
        error_messages={"invalid": _("Enter the area in square centimetres, e.g. 15.")},
    )
    severity = forms.ChoiceField(
        label=_("If nothing is measured: how the injury looks"), choices=SEVERITY, required=False
    )
    # After one outpatient visit (p14)
    medical_cost = _money(_("Medical costs incurred (yuan)"), required=False)
    positive_finding = forms.BooleanField(
        label=_("Positive finding in the report, or the injury described in the record"), required=False
    )
    advice = forms.ChoiceField(
        label=_("Doctor's advice"), choices=ADVICE, required=False, initial=rule.ADVICE_NONE
    )
    rest_days = forms.IntegerField(
        label=_("Days of full rest advised"),
        required=False,
        min_value=0,
        max_value=365,
        initial=0,
        error_messages={"invalid": _("Enter a whole number of days.")},
    )

    def clean(self):
        data = super().clean()
        visits = data.get("outpatient_visits")
        if visits == 1 and data.get("medical_cost") is None:
            self.add_error("medical_cost", _("Enter the medical costs of the outpatient visit."))
        if visits == 0 and data.get("medical_cost"):
            self.add_error(
                "medical_cost",
                _("No treatment yet: there are no medical costs. Choose “One outpatient visit”."),
            )
        return data

    def facts(self) -> rule.Facts:
        data = self.cleaned_data
        return rule.Facts(
            police_handled=data["police_handled"],
            liability_clear=data["liability_clear"],
            causation=data["causation"],
            both_present=data["both_present"],
            both_agree=data["both_agree"],
            injury_minor=data["injury_minor"],
            insured_not_liable=data["insured_not_liable"],
            outpatient_visits=data["outpatient_visits"],
            medical_cost=data.get("medical_cost") or Decimal("0"),
            visible_sign=data["visible_sign"],
            cut_cm=data.get("cut_cm"),
            bruise_cm2=data.get("bruise_cm2"),
            severity=data.get("severity") or "",
            positive_finding=data["positive_finding"],
            advice=data.get("advice") or rule.ADVICE_NONE,
            rest_days=data.get("rest_days") or 0,
        )


class ConfirmForm(StepForm):
    """p18: the medical reviewer's phone confirmation, written down."""

    note = forms.CharField(
        label=_("What was confirmed on the phone"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write down what was confirmed on the phone.")},
    )


class AgreeForm(StepForm):
    """p17: the amounts signed on the spot, within the band."""

    amount = _money(_("Agreed amount (yuan)"))
    medical_amount = _money(_("Of which medical costs (yuan)"), initial=Decimal("0"))

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None and instance.pk:
            self.fields["amount"].help_text = _("at most ¥%(ceiling)s") % {
                "ceiling": f"{instance.ceiling:,.2f}"
            }
            self.fields["medical_amount"].help_text = _("at most ¥%(cap)s") % {
                "cap": f"{instance.medical_cap:,.2f}"
            }
            if not self.is_bound:
                self.initial.setdefault("medical_amount", instance.medical_cap)

    def params(self) -> dict:
        return {
            "amount": self.cleaned_data["amount"],
            "medical_amount": self.cleaned_data["medical_amount"],
        }


class ScoreForm(StepForm):
    """p19: the check scores the case; it has no amount field (the amounts are the agreement's)."""

    score = forms.IntegerField(
        label=_("Score (0–100)"),
        min_value=0,
        max_value=100,
        error_messages={
            key: _("Score the case from 0 to 100.")
            for key in ("required", "invalid", "min_value", "max_value")
        },
    )

    def params(self) -> dict:
        return {"score": self.cleaned_data["score"]}


class ScanForm(forms.Form):
    scan = forms.FileField(
        label=_("Scan of the signed agreement (PDF, JPEG or PNG)"),
        error_messages={"required": _("Choose the scan of the signed agreement.")},
    )
