"""Forms of the medical-fee guarantee (seed 000): the draft letter, a prepayment, a recovery, the claim's VIP status.
Every error is specific and translated; the rules are checked again by the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflow.forms import HiddenErrorsMixin

from ..models import Claim

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AMOUNT = {"max_digits": 12, "decimal_places": 2}


class DraftForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Guaranteed amount (yuan)"),
        min_value=Decimal("0.01"),
        error_messages={"min_value": _("The guaranteed amount must be above zero.")},
        **AMOUNT,
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)
    purpose = forms.CharField(
        label=_("What it guarantees"),
        max_length=300,
        required=False,
        help_text=_("E.g. the medical costs of the stay from admission to discharge."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["valid_from"].initial = today
        self.fields["valid_until"].initial = today + datetime.timedelta(days=30)

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The letter cannot end before it begins."))
        return data


class PrepaymentForm(HiddenErrorsMixin, forms.Form):
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)
    incurred = forms.DecimalField(
        label=_("Incurred medical costs to date (yuan)"),
        min_value=Decimal("0"),
        help_text=_(
            "The hospital's running total of the stay; the prepayment tops up to its liability share."
        ),
        **AMOUNT,
    )
    statement = forms.CharField(
        label=_("Hospital's cost statement (no. or date)"), max_length=100, required=False
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    reference = forms.CharField(label=_("Bank reference"), max_length=60)

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip()
        if not value:
            raise forms.ValidationError(_("Enter the bank's reference."))
        return value


class RecoveryForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount recovered (yuan)"),
        min_value=Decimal("0.01"),
        error_messages={"min_value": _("The amount recovered must be above zero.")},
        **AMOUNT,
    )
    paid_on = forms.DateField(label=_("Received on"), widget=DATE)
    reference = forms.CharField(label=_("Bank reference"), max_length=60)

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip()
        if not value:
            raise forms.ValidationError(_("Enter the bank's reference."))
        return value


class VipForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = ["vip_customer", "vip_basis"]

    def clean(self):
        data = super().clean()
        if data.get("vip_customer") and not (data.get("vip_basis") or "").strip():
            self.add_error("vip_basis", _("Say why the insured is a VIP customer (grade or programme)."))
        return data
