"""Forms of the hospital registry: the list filters, the hospital form with inline validation, the import upload."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from .. import imports
from ..models import Cooperation, Hospital

NO_COOPERATION = "none"


class HospitalFilterForm(forms.Form):
    """GET filters of the list and the export. An invalid value is reported and that filter ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    city = forms.ChoiceField(label=_("City"), required=False)
    grade = forms.ChoiceField(
        label=_("Grade"), required=False, choices=[("", _("All grades")), *Hospital.Grade.choices]
    )
    nature = forms.ChoiceField(
        label=_("Nature"), required=False, choices=[("", _("Public and private")), *Hospital.Nature.choices]
    )
    state = forms.ChoiceField(
        label=_("Pipeline state"),
        required=False,
        choices=[("", _("All states")), *Cooperation.State.choices, (NO_COOPERATION, _("No cooperation"))],
    )
    expiring = forms.IntegerField(
        label=_("Agreement ends within (days)"),
        required=False,
        min_value=1,
        max_value=3650,
        error_messages={
            "invalid": _("Enter the number of days as a whole number from 1 to 3650."),
            "min_value": _("Enter at least 1 day."),
            "max_value": _("Enter at most 3650 days (10 years)."),
        },
    )

    filing = forms.ChoiceField(
        label=_("Filing with HQ"),
        required=False,
        choices=[("", _("Filed or not")), ("unfiled", _("Signed, not filed with HQ"))],
    )

    def __init__(self, *args, cities: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("All cities")), *((c, c) for c in cities)]
        for name, message in (
            ("city", _("No hospital you can see is in “%(value)s”.")),
            ("grade", _("“%(value)s” is not a hospital grade.")),
            ("nature", _("“%(value)s” is not public or private.")),
            ("state", _("“%(value)s” is not a pipeline state.")),
            ("filing", _("“%(value)s” is not a filing filter.")),
        ):
            self.fields[name].error_messages["invalid_choice"] = message
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _("Name, other name or address")}
        )

    def filters(self) -> dict:
        """The valid filters, ready for selectors.hospitals_for_list."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": (data.get("q") or "").strip(),
            "city": data.get("city") or "",
            "grade": data.get("grade") or "",
            "nature": data.get("nature") or "",
            "state": data.get("state") or "",
            "expiring_within": data.get("expiring"),
            "filing": data.get("filing") or "",
        }


REGISTRY_FIELDS = [
    "name",
    "aliases",
    "province",
    "city",
    "district",
    "address",
    "nature",
    "grade",
    "kind",
    "beds",
    "specialties",
    "licence_number",
    "licence_valid_until",
    "emergency_phone",
    "emergency_contact",
    "itemised_billing",
    "road_accident_patients",
]


class HospitalForm(forms.ModelForm):
    """Every registry field; the branch is never a field (it is the user's). Duplicates by name and city get
    their own message instead of the model's generic one."""

    class Meta:
        model = Hospital
        fields = REGISTRY_FIELDS
        widgets = {
            "aliases": forms.Textarea(attrs={"rows": 2}),
            "specialties": forms.Textarea(attrs={"rows": 2}),
            "licence_valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    # The moment the entry was last saved when this form was loaded: a save from a form older than that is refused
    # (registry.update_hospital), so two people editing at once never undo each other's changes.
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, validate_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["loaded"].initial = self.instance.updated_at.isoformat()
        self.fields["emergency_phone"].widget.attrs["placeholder"] = "0431-88782222"
        if validate_url:
            # Inline validation: a change posts the whole form to the same view as "validate only".
            for field in self.fields.values():
                field.widget.attrs.update(
                    {
                        "hx-post": validate_url,
                        "hx-trigger": "change",
                        "hx-vals": json.dumps({"_validate": "1"}),
                    }
                )

    def changed_fields(self) -> list[str]:
        """The registry fields the person changed (the hidden ``loaded`` is not one)."""
        return [name for name in self.changed_data if name != "loaded"]

    def loaded_at(self) -> str | None:
        """The ``updated_at`` the form was loaded with; None from a client that did not send it."""
        return self.cleaned_data.get("loaded") or None

    def clean(self):
        data = super().clean()
        name, city = data.get("name"), data.get("city")
        if name and city:
            others = Hospital.objects.filter(name=name, city=city).select_related("org")
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            other = others.first()
            if other is not None:
                self.add_error(
                    "name",
                    forms.ValidationError(
                        _(
                            "“%(name)s” in %(city)s is already in the registry (maintained by %(org)s). "
                            "Check the name, or edit that hospital instead."
                        ),
                        code="duplicate",
                        params={"name": name, "city": city, "org": other.org.name},
                    ),
                )
        return data

    def _post_clean(self):
        super()._post_clean()
        # The model's own name+city constraint repeats what clean() already said, in generic words.
        generic = [
            e for e in self._errors.get(NON_FIELD_ERRORS, []) if getattr(e, "code", "") == "unique_together"
        ]
        if generic and self.has_error("name", "duplicate"):
            remaining = [e for e in self._errors[NON_FIELD_ERRORS] if e not in generic]
            if remaining:
                self._errors[NON_FIELD_ERRORS] = self.error_class(remaining, error_class="nonfield")
            else:
                del self._errors[NON_FIELD_ERRORS]

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def limit_errors_to(self, names: set[str]) -> None:
        """Inline validation: show only the errors of fields the user has filled or just left."""
        for name in list(self.errors):
            if name != NON_FIELD_ERRORS and name not in names:
                del self.errors[name]
                self.fields[name].widget.attrs.pop("aria-invalid", None)

    def touched_fields(self, trigger: str | None) -> set[str]:
        touched = {name for name in self.fields if str(self.data.get(self.add_prefix(name), "")).strip()}
        if trigger:
            touched.add(trigger)
        return touched


class HospitalImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel workbook (.xlsx) or CSV (UTF-8), at most 5 MB and 20,000 hospitals."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.rows = imports.check_upload(upload)
        except imports.ImportFileError as exc:
            raise forms.ValidationError(exc.message, code="bad_file") from exc
        return upload
