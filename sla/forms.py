from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import OrgUnit

from .models import SlaPolicy
from .selectors import INBOX_STATES, REMINDER_KIND
from .services.calendar_import import MAX_CALENDAR_CSV

STATE_LABELS = {
    "on_track": _("On track"),
    "warned": _("Warned"),
    "breached": _("Breached / overdue"),
    "provisional": _("Provisional"),
}


def policy_choices(include_reminder: bool) -> list[tuple[str, str]]:
    choices = [("", _("All kinds"))]
    if include_reminder:
        choices.append((REMINDER_KIND, _("Scheduled follow-up reminders")))
    choices.extend(SlaPolicy.objects.filter(is_active=True).values_list("code", "name"))
    return choices


class InboxFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *((k, STATE_LABELS[k]) for k in INBOX_STATES)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = policy_choices(include_reminder=True)


class RescheduleForm(forms.Form):
    due_on = forms.DateField(label=_("Remind me again on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        return value


class CalendarImportForm(forms.Form):
    file = forms.FileField(
        label=_("Calendar CSV"),
        help_text=_("UTF-8, header date,kind,name; kind is holiday or workday (休/班)."),
    )
    replace_years = forms.TypedMultipleChoiceField(
        label=_("Years this file covers completely"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Their special days are replaced by the file's. Days of other years in the file are added or "
            "updated one by one, and their years keep their other days."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["replace_years"].choices = [(y, str(y)) for y in range(this_year - 1, this_year + 4)]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not (upload.name or "").casefold().endswith(".csv"):
            raise forms.ValidationError(_("Upload the calendar as a CSV file (.csv)."))
        if upload.size > MAX_CALENDAR_CSV:
            raise forms.ValidationError(
                _("The file is larger than 256 KB; a year's calendar is a few dozen rows.")
            )
        return upload


class DashboardFilterForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        required=False,
        empty_value=6,
        initial=6,
        choices=[(3, _("Last 3 months")), (6, _("Last 6 months")), (12, _("Last 12 months"))],
    )
    org = forms.ModelChoiceField(label=_("Organisation"), queryset=OrgUnit.objects.none(), required=False)
    policy = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = OrgUnit.objects.visible_to(user).order_by("level", "code")
        self.fields["org"].empty_label = _("All my organisations")
        self.fields["policy"].choices = policy_choices(include_reminder=False)
