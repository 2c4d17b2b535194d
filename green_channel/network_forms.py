"""Forms of the network-list pages: the import (the file read and every row checked in ``clean_file``) and a
decision on an unmatched row."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hospitals.models import Hospital
from workflow.forms import HiddenErrorsMixin

from .models import MatchStatus
from .network_import import MAX_ROWS, ImportFileError, ReadOutcome, read_upload

ABSENT = "absent"


class NetworkImportForm(forms.Form):
    file = forms.FileField(
        label=_("Network list"),
        help_text=_(
            "Excel workbook (.xlsx or .xls) or CSV (UTF-8 or GBK), at most 5 MB and %(max)s hospitals, with the "
            "columns 城市 (city), 医院 (hospital) and optionally 科室 (departments)."
        )
        % {"max": f"{MAX_ROWS:,}"},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    outcome: ReadOutcome | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.outcome = read_upload(upload)
        except ImportFileError as exc:
            raise forms.ValidationError(exc.message, code="bad_file") from exc
        if self.outcome.errors:
            raise forms.ValidationError(
                _("Nothing was imported: %(n)s rows have errors (listed below).")
                % {"n": len(self.outcome.errors)},
                code="bad_rows",
            )
        return upload


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Hospital"), max_length=100, required=False)
    city = forms.CharField(label=_("City"), max_length=50, required=False)
    status = forms.ChoiceField(
        label=_("Match"), choices=[("", _("All")), *MatchStatus.choices], required=False
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class DecisionForm(HiddenErrorsMixin, forms.Form):
    """The registry hospital this row is, or "not in the registry"."""

    choice = forms.CharField(label=_("Decision"))
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_choice(self):
        value = self.cleaned_data["choice"]
        if value == ABSENT:
            return None
        if not value.isdigit():
            raise forms.ValidationError(_("Choose a registry hospital or “not in the registry”."))
        hospital = Hospital.objects.filter(pk=int(value)).first()
        if hospital is None:
            raise forms.ValidationError(_("This hospital is not in the registry (any more)."))
        return hospital
