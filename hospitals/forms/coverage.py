"""The day the coverage is asked about (a GET filter): today unless a valid date is given."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CoverageDayForm(forms.Form):
    on = forms.DateField(
        label=_("On"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )

    def day(self) -> datetime.date:
        """The valid date asked for, else today (an invalid value is reported by the page and ignored)."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("on"):
            return self.cleaned_data["on"]
        return timezone.localdate()
