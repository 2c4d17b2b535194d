"""Forms of settlement: the assessed facts (定损), a document received, the calculation's adjustments, payments."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import PayeeKind
from ..models.claims import MONEY

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "required": False}
AMOUNT = {"required": False, "min_value": 0, "max_digits": MONEY["max_digits"], "decimal_places": 2}


class FactsForm(forms.Form):
    """The facts the calculator needs, as the loss assessor confirms them with their evidence."""

    birth_date = forms.DateField(
        label=_("Birth date"), help_text=_("Only when the ID number does not give it."), **DATE
    )
    assessment_date = forms.DateField(label=_("Disability assessment date (定残日)"), **DATE)
    death_date = forms.DateField(label=_("Date of death"), **DATE)
    grades = forms.CharField(
        label=_("Disability grades"),
        required=False,
        max_length=40,
        help_text=_("One grade (1–10) per disability, separated by commas: 9,10"),
    )
    income_kind = forms.ChoiceField(
        label=_("Lost income proven by"),
        required=False,
        choices=[
            ("", _("— no lost income —")),
            ("fixed", _("Fixed income")),
            ("average_3y", _("Average of the last three years")),
            ("industry", _("The industry's average wage")),
        ],
    )
    income_amount = forms.DecimalField(label=_("Income"), **AMOUNT)
    income_per = forms.ChoiceField(
        label=_("per"),
        required=False,
        choices=[("month", _("month")), ("day", _("day")), ("year", _("year"))],
    )
    income_industry = forms.CharField(label=_("Industry"), required=False, max_length=100)
    lost_work_days = forms.IntegerField(
        label=_("Days off work (误工天数)"), required=False, min_value=0, max_value=7300
    )
    hospital_days = forms.IntegerField(
        label=_("Days in hospital"), required=False, min_value=0, max_value=7300
    )
    nursing_days = forms.IntegerField(
        label=_("Days of care (护理天数)"), required=False, min_value=0, max_value=7300
    )
    nursing_carers = forms.IntegerField(label=_("Carers"), required=False, min_value=1, max_value=5)
    nursing_certified = forms.BooleanField(
        label=_("More than one carer certified by the hospital or the assessor"), required=False
    )
    nursing_daily_rate = forms.DecimalField(
        label=_("Carer's daily rate"), help_text=_("Empty: the standard's nursing daily wage."), **AMOUNT
    )
    nutrition = forms.DecimalField(label=_("Nutrition (营养费)"), **AMOUNT)
    transport = forms.DecimalField(label=_("Transport (交通费)"), **AMOUNT)
    lodging = forms.DecimalField(label=_("Lodging (住宿费)"), **AMOUNT)
    follow_up_treatment = forms.DecimalField(label=_("Follow-up treatment (后续治疗费)"), **AMOUNT)
    rehabilitation = forms.DecimalField(label=_("Rehabilitation (康复费)"), **AMOUNT)
    mental_distress = forms.DecimalField(label=_("Mental distress (精神损害抚慰金)"), **AMOUNT)
    mental_distress_first = forms.BooleanField(
        label=_("The injured asks 交强险 to pay mental distress first"), required=False
    )
    dependants = forms.CharField(
        label=_("Dependants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: name, birth date, number of supporters, and “incapable” for an adult who cannot work."
        ),
    )

    @classmethod
    def initial_from(cls, facts: dict) -> dict:
        initial = {k: v for k, v in facts.items() if k not in ("grades", "dependants")}
        initial["grades"] = ",".join(str(g) for g in facts.get("grades", []))
        initial["dependants"] = "\n".join(
            ", ".join(
                [row["name"], row["birth_date"], str(row.get("supporters", 1))]
                + (["incapable"] if row.get("incapable") else [])
            )
            for row in facts.get("dependants", [])
        )
        return initial

    def clean_grades(self):
        text = (self.cleaned_data.get("grades") or "").replace("，", ",")
        grades = []
        for part in filter(None, (p.strip() for p in text.split(","))):
            if not part.isdigit() or not 1 <= int(part) <= 10:
                raise forms.ValidationError(_("“%(part)s” is not a grade from 1 to 10.") % {"part": part})
            grades.append(int(part))
        return grades

    def clean_dependants(self):
        rows = []
        for number, line in enumerate((self.cleaned_data.get("dependants") or "").splitlines(), start=1):
            parts = [p.strip() for p in line.replace("，", ",").split(",") if p.strip()]
            if not parts:
                continue
            if len(parts) < 2:
                raise forms.ValidationError(
                    _("Line %(n)s: give at least the name and the birth date.") % {"n": number}
                )
            try:
                born = datetime.date.fromisoformat(parts[1])
            except ValueError as exc:
                raise forms.ValidationError(
                    _("Line %(n)s: “%(date)s” is not a date (YYYY-MM-DD).") % {"n": number, "date": parts[1]}
                ) from exc
            supporters = parts[2] if len(parts) > 2 else "1"
            if not supporters.isdigit() or int(supporters) < 1:
                raise forms.ValidationError(
                    _("Line %(n)s: the number of supporters is at least 1.") % {"n": number}
                )
            rows.append(
                {
                    "name": parts[0],
                    "birth_date": born.isoformat(),
                    "supporters": int(supporters),
                    "incapable": len(parts) > 3 and parts[3].lower() in ("incapable", "无劳动能力"),
                }
            )
        return rows

    def clean(self):
        data = super().clean()
        if (
            data.get("income_kind")
            and data.get("income_kind") != "industry"
            and data.get("income_amount") is None
        ):
            self.add_error("income_amount", _("Give the income proven."))
        if data.get("income_kind") == "industry" and not data.get("income_industry"):
            self.add_error("income_industry", _("Name the industry of the standard's wage table."))
        today = timezone.localdate()
        for name in ("birth_date", "assessment_date", "death_date"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("This date is in the future."))
        return data

    def facts(self) -> dict:
        """The cleaned data as JSON (dates as ISO text, amounts as text, nothing empty)."""
        out = {}
        for name, value in self.cleaned_data.items():
            if value in (None, "", [], False):
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif not isinstance(value, (bool, int, list, dict, str)):
                value = str(value)
            out[name] = value
        return out


class DocumentForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    scan = forms.FileField(label=_("Scan or photo (optional)"), required=False)


class PaymentForm(forms.Form):
    payee_kind = forms.ChoiceField(label=_("Payee"), choices=PayeeKind.choices)
    payee_name = forms.CharField(label=_("Payee name"), max_length=100)
    bank = forms.CharField(label=_("Bank"), max_length=100)
    account = forms.CharField(label=_("Account number"), max_length=40)
    amount = forms.DecimalField(
        label=_("Amount"), min_value=0.01, max_digits=MONEY["max_digits"], decimal_places=2
    )


class PaidForm(forms.Form):
    reference = forms.CharField(label=_("Bank reference"), max_length=60)
    paid_on = forms.DateField(
        label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
