"""Forms of the reference databases: the list filters (a bad value is reported and that filter ignored), the entry
forms HQ edits with, the industry wages of a standard, and the import upload (which checks the whole file)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organization.models import Province

from .. import imports
from ..models import (
    AidCategory,
    CompensationStandard,
    DisabilityAid,
    DrugItem,
    DrugKind,
    IndustryWage,
    InsuranceCategory,
)

STATUS_CHOICES = [("", _("Active and inactive")), ("active", _("Active")), ("inactive", _("Inactive"))]


class _FilterForm(forms.Form):
    """GET filters of a list and its export."""

    invalid_messages: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.invalid_messages.items():
            self.fields[name].error_messages["invalid_choice"] = message
        if "q" in self.fields:
            self.fields["q"].widget.attrs["type"] = "search"

    def filters(self) -> dict:
        """The valid filters, ready for the list's selector."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: self.cleaned_data.get(name) or self.empty(name) for name in self.fields}

    def empty(self, name: str):
        return None if isinstance(self.fields[name], forms.IntegerField | forms.DateField) else ""


class DrugFilterForm(_FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *DrugKind.choices]
    )
    category = forms.ChoiceField(
        label=_("医保 category"),
        required=False,
        choices=[("", _("All categories")), *InsuranceCategory.choices],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    invalid_messages = {
        "kind": _("“%(value)s” is not a kind of item."),
        "category": _("“%(value)s” is not a 医保 category."),
        "status": _("“%(value)s” is not active or inactive."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Code, name or specification")


class StandardFilterForm(_FilterForm):
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", _("All provinces")), *Province.choices]
    )
    q = forms.CharField(label=_("Area"), required=False, max_length=50)
    year = forms.IntegerField(
        label=_("Statistical year"),
        required=False,
        min_value=1990,
        max_value=2100,
        error_messages={
            "invalid": _("Enter the statistical year as four digits, e.g. 2023."),
            "min_value": _("Enter a year from 1990 on."),
            "max_value": _("Enter a year up to 2100."),
        },
    )
    on = forms.DateField(
        label=_("In force on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the day as YYYY-MM-DD.")},
    )
    invalid_messages = {"province": _("“%(value)s” is not a province.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("深圳, 宁波 … or 一般地区")


class AidFilterForm(_FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *AidCategory.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    invalid_messages = {
        "category": _("“%(value)s” is not a category of aid."),
        "status": _("“%(value)s” is not active or inactive."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("Name or specification")


# --- entries ------------------------------------------------------------------------------------------------------
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _EntryForm(forms.ModelForm):
    """``read_only``: the entry shown to a reader who may not change it (every field disabled)."""

    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.read_only = read_only
        for form_field in self.fields.values():
            form_field.disabled = read_only

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class DrugItemForm(_EntryForm):
    class Meta:
        model = DrugItem
        fields = [
            "code",
            "name",
            "kind",
            "category",
            "dosage_form",
            "specification",
            "unit",
            "reference_price",
            "restriction",
            "is_sample",
            "is_active",
        ]
        error_messages = {"code": {"unique": _("Another item already has this code; edit that one instead.")}}


class CompensationStandardForm(_EntryForm):
    source_url = forms.URLField(
        label=CompensationStandard._meta.get_field("source_url").verbose_name,
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = CompensationStandard
        fields = [
            "province",
            "area",
            "stat_year",
            "effective_from",
            "effective_to",
            "urban_disposable_income",
            "urban_consumption",
            "average_wage",
            "funeral_expenses",
            "hospital_meal_allowance",
            "nursing_daily_wage",
            "source",
            "source_url",
            "is_sample",
        ]
        widgets = {
            "effective_from": DATE_WIDGET,
            "effective_to": DATE_WIDGET,
            "source": forms.Textarea(attrs={"rows": 3}),
        }


IndustryWageFormSet = forms.inlineformset_factory(
    CompensationStandard,
    IndustryWage,
    fields=["industry", "annual_wage", "daily_wage"],
    extra=2,
    can_delete=True,
)


class DisabilityAidForm(_EntryForm):
    class Meta:
        model = DisabilityAid
        fields = [
            "name",
            "category",
            "specification",
            "unit",
            "reference_price",
            "price_min",
            "price_max",
            "service_life_years",
            "replacement",
            "source",
            "is_sample",
            "is_active",
        ]


ENTRY_FORMS = {"drugs": DrugItemForm, "standards": CompensationStandardForm, "aids": DisabilityAidForm}
FILTER_FORMS = {"drugs": DrugFilterForm, "standards": StandardFilterForm, "aids": AidFilterForm}


# --- import -------------------------------------------------------------------------------------------------------
class ReferenceImportForm(forms.Form):
    """The upload; cleaning it checks the whole file. ``plan``: what the import would do, with every bad row."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel workbook (.xlsx) or CSV (UTF-8 or GBK), at most 5 MB and 5,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, list_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_name = list_name
        self.plan: imports.Plan | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is 5 MB."),
                code="too_big",
                params={"size": f"{upload.size / 1024 / 1024:.1f}"},
            )
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        try:
            self.plan = imports.check_file(data, upload.name, self.list_name)
        except imports.ImportFileError as exc:
            raise forms.ValidationError(exc.message, code="bad_file") from exc
        if not self.plan.ok:
            raise forms.ValidationError(
                _("%(rows)s of %(total)s rows have problems, listed below. Nothing was imported."),
                code="bad_rows",
                params={"rows": len(self.plan.rows()), "total": self.plan.total},
            )
        return upload
