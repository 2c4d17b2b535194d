"""Forms of the hospital-deposit advance (住院费用垫付): the application and the parameters of its steps. Every error
is translated and says what is wrong; amounts are Decimal yuan."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflow.forms import StepForm

from ..uploads import check_scan

CENT = Decimal("0.01")
MONEY = {"max_digits": 12, "decimal_places": 2}


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationForm(forms.Form):
    """The customer's call: which hospital, and when they called (now, unless entered afterwards)."""

    hospital = forms.ModelChoiceField(label=_("Hospital (from the registry)"), queryset=None, required=False)
    hospital_name = forms.CharField(label=_("Hospital (not in the registry)"), max_length=100, required=False)
    applied_at = forms.DateTimeField(
        label=_("Customer called at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Within the product's service hours."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, hospitals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hospital"].queryset = hospitals

    def clean_applied_at(self):
        value = self.cleaned_data["applied_at"]
        if value > timezone.now() + datetime.timedelta(minutes=5):
            raise ValidationError(_("The call cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        if not self.errors:
            if data.get("hospital") and data.get("hospital_name", "").strip():
                raise ValidationError(
                    _("Either choose the hospital from the registry or name one that is not in it, not both.")
                )
            if not data.get("hospital") and not data.get("hospital_name", "").strip():
                raise ValidationError(_("Choose the hospital, or name it when it is not in the registry."))
        return data


class PaymentForm(StepForm):
    """A deposit or a top-up paid at the hospital, with the receipt (押金单) — a photo or a scan."""

    amount = forms.DecimalField(
        label=_("Amount paid (yuan)"),
        validators=[MinValueValidator(CENT, message=_("The amount must be more than zero."))],
        **MONEY,
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=_date_input())
    receipt = forms.FileField(
        label=_("Receipt (押金单): PDF, JPEG or PNG"),
        error_messages={"required": _("Upload the hospital's receipt (押金单).")},
    )

    def clean_paid_on(self):
        value = self.cleaned_data["paid_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The payment date cannot be in the future."))
        return value

    def clean_receipt(self):
        upload = self.cleaned_data["receipt"]
        check_scan(upload)
        return upload

    def params(self) -> dict:
        data = self.cleaned_data
        return {"amount": data["amount"], "paid_on": data["paid_on"], "receipt": data["receipt"]}


class TopUpRequestForm(StepForm):
    amount = forms.DecimalField(
        label=_("Amount the hospital asks for (yuan)"),
        required=False,
        validators=[MinValueValidator(CENT, message=_("The amount must be more than zero."))],
        **MONEY,
    )

    def params(self) -> dict:
        return {"amount": self.cleaned_data.get("amount")}


class DischargeNoticeForm(StepForm):
    discharge_on = forms.DateField(label=_("Discharge day"), widget=_date_input())

    def params(self) -> dict:
        return {"discharge_on": self.cleaned_data["discharge_on"]}


class SettlementForm(StepForm):
    """The discharge settlement: the hospital's bill, the part of the advance applied to it, the refund."""

    discharged_on = forms.DateField(label=_("Discharged on"), widget=_date_input())
    bill_total = forms.DecimalField(
        label=_("Hospital bill total (yuan)"),
        validators=[MinValueValidator(0, message=_("An amount cannot be negative."))],
        **MONEY,
    )
    applied = forms.DecimalField(
        label=_("Of it, paid by the advance (yuan)"),
        validators=[MinValueValidator(0, message=_("An amount cannot be negative."))],
        **MONEY,
    )
    refunded = forms.DecimalField(
        label=_("Refunded by the hospital (yuan)"),
        validators=[MinValueValidator(0, message=_("An amount cannot be negative."))],
        **MONEY,
    )
    claim_file_collected = forms.BooleanField(
        label=_("Claim file (理赔材料) collected"),
        required=False,
    )

    def __init__(self, *args, instance=None, **kwargs):
        settlement = getattr(instance, "settlement_or_none", None) if instance is not None else None
        if settlement is not None and not args:
            kwargs.setdefault("initial", {})
            kwargs["initial"] = {
                "discharged_on": settlement.discharged_on,
                "bill_total": settlement.bill_total,
                "applied": settlement.applied,
                "refunded": settlement.refunded,
                "claim_file_collected": settlement.claim_file_collected,
                **kwargs["initial"],
            }
        elif instance is not None and not args and instance.planned_discharge_on:
            kwargs.setdefault("initial", {})
            kwargs["initial"].setdefault("discharged_on", instance.planned_discharge_on)
        super().__init__(*args, instance=instance, **kwargs)

    def clean_discharged_on(self):
        value = self.cleaned_data["discharged_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The discharge day cannot be in the future."))
        return value

    def params(self) -> dict:
        data = self.cleaned_data
        return {
            "discharged_on": data["discharged_on"],
            "bill_total": data["bill_total"],
            "applied": data["applied"],
            "refunded": data["refunded"],
            "claim_file_collected": data["claim_file_collected"],
        }
