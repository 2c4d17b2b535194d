"""The settlement report's filters (issue 10 point 7): the year, and an org unit within the reader's scope. A bad
value is reported next to its field and ignored (the report shows the defaults for it)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..selectors.settlement_reports import FIRST_YEAR


class ReportFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    org = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False, empty_label=_("Everything you may see")
    )

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(year, str(year)) for year in range(this_year, FIRST_YEAR - 1, -1)]
        self.fields["year"].initial = this_year
        self.fields["org"].queryset = orgs

    def filters(self) -> dict:
        """The valid filters (a field with an error keeps its default)."""
        valid = {}
        if self.is_bound:
            self.is_valid()
            valid = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return {
            "year": valid.get("year") or timezone.localdate().year,
            "org": valid.get("org"),
        }

    def params(self) -> dict:
        """The filters as the export job keeps them."""
        filters = self.filters()
        return {"year": str(filters["year"]), **({"org": str(filters["org"].pk)} if filters["org"] else {})}
