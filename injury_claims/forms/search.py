"""Forms of the search of injured persons (seed 001 p32: "增加按人伤类别、估损金额、伤残等级、预约时间等维度查询、搜索人伤案件功能"),
its saved searches, and the evaluation of people who worked on a case (p31: "增加了对人伤环节中任意人员的考评功能").

An invalid filter value is reported next to its field and that filter is ignored: ``SearchForm.filters()`` hands
the selector only the values that passed.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from organization.forms import FastSelect

from ..workflows import PersonState

GRADE_ANY = "any"
GRADE_NONE = "none"
GRADES = [str(grade) for grade in range(1, 11)]
# The fields a saved search or an export carries over (never "page").
FILTER_FIELDS = (
    "q",
    "category",
    "estimate_min",
    "estimate_max",
    "disability_grade",
    "follow_up_from",
    "follow_up_to",
    "state",
    "hospital",
    "hospital_id",
    "org",
    "handler",
    "overdue",
)


class SearchForm(forms.Form):
    """The GET filters of the search page and its export."""

    q = forms.CharField(label=_("Report number or name"), required=False, max_length=50)
    category = forms.ModelChoiceField(
        label=_("Injury category"),
        required=False,
        queryset=None,
        empty_label=_("All categories"),
        widget=FastSelect,
    )
    estimate_min = forms.DecimalField(
        label=_("Estimate from (¥)"), required=False, min_value=Decimal("0"), max_digits=12, decimal_places=2
    )
    estimate_max = forms.DecimalField(
        label=_("Estimate up to (¥)"), required=False, min_value=Decimal("0"), max_digits=12, decimal_places=2
    )
    disability_grade = forms.ChoiceField(
        label=_("Disability grade"),
        required=False,
        choices=[
            ("", _("Any or none")),
            (GRADE_ANY, _("Any grade assessed")),
            (GRADE_NONE, _("Not assessed")),
            *((grade, _("Grade %(grade)s") % {"grade": grade}) for grade in GRADES),
        ],
    )
    follow_up_from = forms.DateField(
        label=_("Next follow-up from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    follow_up_to = forms.DateField(
        label=_("Next follow-up up to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    state = forms.MultipleChoiceField(
        label=_("Step"), required=False, choices=PersonState.choices, widget=forms.CheckboxSelectMultiple
    )
    hospital = forms.CharField(label=_("Hospital"), required=False, max_length=100)
    hospital_id = forms.IntegerField(
        label=_("Hospital (link)"), required=False, min_value=1, widget=forms.HiddenInput
    )
    org = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=None,
        empty_label=_("All of yours"),
        widget=FastSelect,
    )
    handler = forms.ModelChoiceField(
        label=_("Handler"), required=False, queryset=None, empty_label=_("Anyone"), widget=FastSelect
    )
    overdue = forms.BooleanField(label=_("Follow-up overdue"), required=False)

    def __init__(self, *args, categories, orgs, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["org"].queryset = orgs
        self.fields["handler"].queryset = handlers
        invalid = {
            "category": _("“%(value)s” is not an injury category."),
            "org": _("“%(value)s” is not an organisation of yours."),
            "handler": _("“%(value)s” handles no injured person you can see."),
        }
        for name, message in invalid.items():
            self.fields[name].error_messages["invalid_choice"] = message
        self.fields["disability_grade"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not a disability grade (1 to 10)."
        )
        self.fields["state"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not a step of the follow-up."
        )
        for name in ("estimate_min", "estimate_max"):
            self.fields[name].error_messages.update(
                {
                    "invalid": _("Enter an amount in yuan, such as 5000 or 5000.50."),
                    "min_value": _("An estimate is never negative."),
                }
            )
        for name in ("follow_up_from", "follow_up_to"):
            self.fields[name].error_messages["invalid"] = _("Enter a date as YYYY-MM-DD.")
        self.fields["hospital_id"].error_messages["invalid"] = _(
            "The hospital link is broken: search by name."
        )
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": _("RDAA… or 张")})
        self.fields["hospital"].widget.attrs.update({"placeholder": _("Part of the hospital's name")})

    def clean(self):
        data = super().clean()
        low, high = data.get("estimate_min"), data.get("estimate_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "estimate_max", _("The upper amount is below the lower one (¥%(low)s).") % {"low": low}
            )
        start, end = data.get("follow_up_from"), data.get("follow_up_to")
        if start and end and start > end:
            self.add_error(
                "follow_up_to", _("This date is before the start date (%(start)s).") % {"start": start}
            )
        return data

    def filters(self) -> dict:
        """The valid filters, ready for ``selectors.search.search_persons``; an invalid one is left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": (data.get("q") or "").strip(),
            "category": data.get("category"),
            "estimate_min": data.get("estimate_min"),
            "estimate_max": data.get("estimate_max"),
            "disability_grade": data.get("disability_grade") or "",
            "follow_up_from": data.get("follow_up_from"),
            "follow_up_to": data.get("follow_up_to"),
            "states": list(data.get("state") or []),
            "hospital": (data.get("hospital") or "").strip(),
            "hospital_id": data.get("hospital_id"),
            "org": data.get("org"),
            "handler": data.get("handler"),
            "overdue": bool(data.get("overdue")),
        }


def search_query(params: QueryDict) -> str:
    """The filters of a request as a querystring to keep (a saved search, the export link, the pager): only the
    filter fields, with their values, in a stable order."""
    kept = QueryDict(mutable=True)
    for name in FILTER_FIELDS:
        values = [value for value in params.getlist(name) if value.strip()]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


class SaveSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name of this search"),
        max_length=60,
        error_messages={"required": _("Give the search a name to find it again.")},
    )
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["query"].error_messages["max_length"] = _("These filters are too long to save.")

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_query(self) -> str:
        return search_query(QueryDict(self.cleaned_data.get("query") or ""))


class EvaluationForm(forms.Form):
    """考评: who at which step (only people who worked on the case), a score per active criterion, a comment."""

    worker = forms.ChoiceField(
        label=_("Who, at which step"),
        error_messages={
            "required": _("Choose the person you are scoring."),
            "invalid_choice": _("That person did not work on this case at that step."),
        },
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, workers: list[dict], criteria: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.fields["worker"].choices = [("", "—")] + [
            (f"{w['staff'].pk}:{step}", f"{w['staff']} — {label}")
            for w in workers
            for step, label in w["steps"]
        ]
        self._workers = {w["staff"].pk: w["staff"] for w in workers}
        for criterion in self.criteria:
            self.fields[f"score_{criterion.code}"] = forms.IntegerField(
                label=f"{criterion.name} (0–{criterion.max_points})",
                min_value=0,
                max_value=criterion.max_points,
                error_messages={
                    "required": _("Score this criterion."),
                    "invalid": _("Enter whole points."),
                    "min_value": _("Points are never negative."),
                    "max_value": _("At most %(limit_value)s points for this criterion."),
                },
            )

    def score_fields(self):
        return [self[f"score_{criterion.code}"] for criterion in self.criteria]

    def values(self) -> dict:
        staff_id, step = self.cleaned_data["worker"].split(":", 1)
        return {
            "staff": self._workers[int(staff_id)],
            "step": step,
            "scores": {c.code: self.cleaned_data[f"score_{c.code}"] for c in self.criteria},
            "comment": self.cleaned_data.get("comment") or "",
        }
