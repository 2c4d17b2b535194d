"""Forms of the network activity records (trainings, medical advisors, emergency dispatches, HK-project cases),
the maintenance log, and the filters of the activity page and the change feed.

The branch (`org`) of a record is never a form field: the view sets it to the user's secondary org. The hospital
choice is limited to the hospitals the user may see.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import OrgUnit
from organization.scoping import is_hq

from ..models import (
    Cooperation,
    EmergencyDispatch,
    HkCase,
    Hospital,
    MaintenanceLog,
    MedicalAdvisor,
    Training,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MAX_RESPONSE_MINUTES = 1440


class HospitalChoiceMixin:
    """Limits the hospital field to `Hospital.objects.visible_to(user)`, with a specific error for any other."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["hospital"]
        field.queryset = Hospital.objects.visible_to(user).order_by("city", "name")
        field.error_messages["invalid_choice"] = _(
            "Choose one of your branch's hospitals; this hospital is not maintained by your branch."
        )
        field.empty_label = _("Choose a hospital")


class InNetworkMixin:
    """An activity record is made only against a hospital that was in the network on the activity's date: a
    signed agreement in force that day (seed 000: a cooperating hospital is one that signed the agreement,
    "签署平安协作医院合作协议书…的医疗机构"), its cooperation not ended before it."""

    network_date_field = "on"

    def network_day(self, cleaned: dict) -> datetime.date | None:
        return cleaned.get(self.network_date_field)

    def clean(self):
        cleaned = super().clean()
        hospital, day = cleaned.get("hospital"), self.network_day(cleaned)
        if (
            hospital is not None
            and day is not None
            and not Cooperation.objects.in_network_on(day).filter(hospital=hospital).exists()
        ):
            self.add_error(
                self.network_date_field,
                _(
                    "%(hospital)s was not in the network on %(date)s (no signed agreement in force that day): "
                    "records are kept only for cooperating hospitals."
                )
                % {"hospital": hospital, "date": day},
            )
        return cleaned


def _not_in_future_date(value: datetime.date | None) -> datetime.date | None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")
    return value


class TrainingForm(InNetworkMixin, HospitalChoiceMixin, forms.ModelForm):
    class Meta:
        model = Training
        fields = ["hospital", "on", "topic", "closed_book_exam", "attendees", "pass_rate"]
        widgets = {"on": DATE}
        help_texts = {"pass_rate": _("Required when a closed-book exam was held.")}

    def clean_on(self):
        return _not_in_future_date(self.cleaned_data.get("on"))

    def clean_attendees(self):
        value = self.cleaned_data.get("attendees")
        if value is not None and value < 1:
            raise forms.ValidationError(_("At least one person must have attended."), code="attendees")
        return value

    def clean_pass_rate(self):
        value = self.cleaned_data.get("pass_rate")
        if value is not None and not (Decimal(0) <= value <= Decimal(100)):
            raise forms.ValidationError(_("The pass rate is a percentage from 0 to 100."), code="pass_rate")
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("closed_book_exam")
            and cleaned.get("pass_rate") is None
            and "pass_rate" not in self.errors
        ):
            self.add_error("pass_rate", _("Enter the pass rate of the closed-book exam."))
        return cleaned


class MedicalAdvisorForm(InNetworkMixin, HospitalChoiceMixin, forms.ModelForm):
    network_date_field = "term_start"

    class Meta:
        model = MedicalAdvisor
        fields = ["hospital", "doctor", "specialty", "term_start", "term_end", "annual_fee"]
        widgets = {"term_start": DATE, "term_end": DATE}

    def clean_annual_fee(self):
        value = self.cleaned_data.get("annual_fee")
        if value is not None and value < 0:
            raise forms.ValidationError(_("The annual fee cannot be negative."), code="negative_fee")
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("The term must end after it starts."))
        return cleaned


class EmergencyDispatchForm(InNetworkMixin, HospitalChoiceMixin, forms.ModelForm):
    at = forms.DateTimeField(label=_("dispatched at"), widget=DATETIME)
    network_date_field = "at"

    def network_day(self, cleaned: dict) -> datetime.date | None:
        at = cleaned.get("at")
        return timezone.localtime(at).date() if at is not None else None

    class Meta:
        model = EmergencyDispatch
        fields = ["hospital", "at", "customer_type", "response_minutes", "outcome"]

    def clean_at(self):
        value = self.cleaned_data.get("at")
        if value is not None and value > timezone.now():
            raise forms.ValidationError(_("The dispatch time cannot be in the future."), code="future")
        return value

    def clean_response_minutes(self):
        value = self.cleaned_data.get("response_minutes")
        if value is not None and not (0 <= value <= MAX_RESPONSE_MINUTES):
            raise forms.ValidationError(
                _("The response time is between 0 and 1440 minutes (one day)."), code="response_minutes"
            )
        return value


class HkCaseForm(InNetworkMixin, HospitalChoiceMixin, forms.ModelForm):
    network_date_field = "opened_on"

    class Meta:
        model = HkCase
        fields = [
            "hospital",
            "opened_on",
            "reference",
            "survey_on_time",
            "report_on_time",
            "callback_on_time",
            "complaint",
            "complaint_verified",
        ]
        widgets = {"opened_on": DATE}

    def clean_opened_on(self):
        return _not_in_future_date(self.cleaned_data.get("opened_on"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("complaint_verified") and not cleaned.get("complaint"):
            self.add_error(
                "complaint_verified", _("A complaint can be verified only when the customer complained.")
            )
        return cleaned


class MaintenanceForm(forms.ModelForm):
    class Meta:
        model = MaintenanceLog
        fields = ["kind", "on", "note"]
        widgets = {"on": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"note": {"required": _("Write what was done or agreed.")}}

    def clean_on(self):
        return _not_in_future_date(self.cleaned_data.get("on"))

    def clean_note(self):
        value = (self.cleaned_data.get("note") or "").strip()
        if not value:
            raise forms.ValidationError(_("Write what was done or agreed."), code="required")
        return value


# --- filters ------------------------------------------------------------------------------------------------
YEARS_SHOWN = 10


def _branch_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Branch"),
        required=False,
        queryset=OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY).order_by("code"),
        empty_label=_("All branches"),
    )


class BranchFilterMixin:
    """HQ chooses a branch; a branch user has no choice (the field is removed)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_hq = is_hq(user)
        if not self.is_hq:
            del self.fields["branch"]


class ActivityFilterForm(BranchFilterMixin, forms.Form):
    branch = _branch_field()
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, this_year - YEARS_SHOWN, -1)]
        self.fields["year"].initial = this_year

    def filters(self) -> tuple[OrgUnit | None, int]:
        """(branch or None, year): the valid filters, the defaults for anything invalid or missing."""
        branch, year = None, timezone.localdate().year
        if self.is_bound and self.is_valid():
            branch = self.cleaned_data.get("branch")
            year = self.cleaned_data.get("year") or year
        return branch, year


class FeedFilterForm(BranchFilterMixin, forms.Form):
    branch = _branch_field()
    verb = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, verbs: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", _("All kinds")), *verbs]

    def filters(self) -> tuple[OrgUnit | None, str]:
        branch, verb = None, ""
        if self.is_bound and self.is_valid():
            branch, verb = self.cleaned_data.get("branch"), self.cleaned_data.get("verb") or ""
        return branch, verb
