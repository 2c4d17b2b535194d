"""The search of injured persons with its saved searches and export (seed 001 p32), the managers' overview, and
考评 of the people who worked on a case (p31). Thin: permission, form, selector or service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organization.paging import CappedPaginator

from ..exports import persons_workbook
from ..forms.search import EvaluationForm, SaveSearchForm, SearchForm, search_query
from ..rules import can_evaluate_staff
from ..selectors.claims import get_person_for_user
from ..selectors.evaluation import (
    active_criteria,
    evaluation_summary,
    evaluations_of,
    may_read_evaluations,
    recent_evaluations,
    workers_of,
)
from ..selectors.mediation import mediation_outcomes
from ..selectors.search import (
    COUNT_CAP,
    EXPORT_CAP,
    export_rows,
    get_saved_search_for_user,
    is_overdue,
    may_search,
    may_see_overview,
    persons_overview,
    saved_searches_for,
    search_choices,
    search_persons,
)
from ..services import search as search_services
from ..services.evaluation import evaluate_staff

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attach(form, exc: ValidationError, aliases: dict[str, str] | None = None) -> None:
    """A service's refusal as form errors: next to its field when the form has it, else above the form."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for field, errors in exc.error_dict.items():
        name = (aliases or {}).get(field, field)
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


def _search_form(user, params: QueryDict) -> SearchForm:
    return SearchForm(params or None, **search_choices(user))


def _search_page(request: HttpRequest, params: QueryDict, *, save_form=None) -> HttpResponse:
    form = _search_form(request.user, params)
    page = CappedPaginator(search_persons(request.user, form.filters()), PAGE_SIZE, cap=COUNT_CAP).get_page(
        params.get("page")
    )
    today = timezone.localdate()
    rows = list(page.object_list)
    for person in rows:
        person.overdue = is_overdue(person, today)
    page.object_list = rows
    query = search_query(params)
    return render(
        request,
        "injury_claims/search/search.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "saved": saved_searches_for(request.user),
            "save_form": save_form or SaveSearchForm(initial={"query": query}),
            "export_cap": EXPORT_CAP,
            # Past the count's cap the page does not know whether the export would be cut: it says it might.
            "export_cut": page.paginator.capped and COUNT_CAP >= EXPORT_CAP,
            "export_may_be_cut": page.paginator.capped and COUNT_CAP < EXPORT_CAP,
        },
    )


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    if not may_search(request.user):
        raise Http404
    return _search_page(request, request.GET)


@require_POST
@login_required
def search_save(request: HttpRequest) -> HttpResponse:
    if not may_search(request.user):
        raise Http404
    form = SaveSearchForm(request.POST, owner=request.user)
    if form.is_valid():
        try:
            saved = search_services.save_search(
                request.user, form.cleaned_data["name"], form.cleaned_data["query"]
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Search “%(name)s” saved.") % {"name": saved.name})
            return redirect(
                f"{reverse('injury_claims:search')}?{saved.query}" if saved.query else "injury_claims:search"
            )
    return _search_page(request, QueryDict(request.POST.get("query", "")), save_form=form)


@require_POST
@login_required
def search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_saved_search_for_user(request.user, pk)
    search_services.delete_saved_search(saved, by=request.user)
    messages.success(request, _("Saved search “%(name)s” deleted.") % {"name": saved.name})
    return redirect("injury_claims:search")


@require_GET
@login_required
def search_export(request: HttpRequest) -> HttpResponse:
    """The current search as .xlsx, in the request: at most EXPORT_CAP rows, and the file says when it was cut."""
    if not may_search(request.user):
        raise Http404
    form = _search_form(request.user, request.GET)
    rows, total = export_rows(request.user, form.filters(), EXPORT_CAP)
    response = HttpResponse(persons_workbook(rows, total=total, cap=EXPORT_CAP), content_type=XLSX)
    filename = f"injured-persons-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not may_see_overview(request.user):
        raise Http404
    return render(request, "injury_claims/search/overview.html", persons_overview(request.user))


# --- 考评 ---------------------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    if not can_evaluate_staff(request.user, person):
        raise PermissionDenied
    workers = [w for w in workers_of(person) if w["staff"].pk != request.user.pk]
    criteria = active_criteria()
    form = EvaluationForm(
        request.POST if request.method == "POST" else None, workers=workers, criteria=criteria
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluate_staff(person, **form.values(), by=request.user)
        except ValidationError as exc:
            _attach(form, exc, aliases={"staff": "worker", "step": "worker"})
        else:
            messages.success(request, _("Evaluation recorded."))
            return redirect("injury_claims:evaluate", pk=person.pk)
    return render(
        request,
        "injury_claims/search/evaluate.html",
        {
            "person": person,
            "form": form,
            "criteria": criteria,
            "workers": workers,
            "evaluations": evaluations_of(person),
        },
    )


@require_GET
@login_required
def evaluations(request: HttpRequest) -> HttpResponse:
    if not may_read_evaluations(request.user):
        raise Http404
    return render(
        request,
        "injury_claims/search/evaluations.html",
        {
            "summary": evaluation_summary(request.user),
            "recent": recent_evaluations(request.user),
            "outcomes": mediation_outcomes(request.user),  # mediators' evidence (人伤调解考核)
        },
    )


urlpatterns = [
    path("persons/search/", search, name="search"),
    path("persons/search/save/", search_save, name="search_save"),
    path("persons/search/saved/<int:pk>/delete/", search_delete, name="search_delete"),
    path("persons/search/export.xlsx", search_export, name="search_export"),
    path("overview/", overview, name="overview"),
    path("persons/<int:pk>/evaluate/", evaluate, name="evaluate"),
    path("evaluations/", evaluations, name="evaluations"),
]
