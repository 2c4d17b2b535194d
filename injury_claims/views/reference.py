"""The reference databases of seed 001 (人伤案件数据应用库): the drug and medical-service list, the regional
compensation standards and the disability-aid price list — lists with filters, export to Excel, each entry's page
with its history, and for HQ new entries, edits and imports (injury_claims.rules: who reads and who writes)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, register_converter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import imports
from ..forms.reference import ENTRY_FORMS, FILTER_FORMS, IndustryWageFormSet, ReferenceImportForm
from ..rules import can_edit_reference_data
from ..selectors.reference import (
    MODELS,
    entries_for,
    entry_history,
    get_entry_for_user,
    reference_summary,
    require_reference_editor,
    require_reference_reader,
)
from ..services import reference as services

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATES = "injury_claims/reference/"


class ListConverter:
    """The three lists by their word in the URL: anything else does not resolve (404)."""

    regex = "drugs|standards|aids"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ListConverter, "reflist")


def _title(kind: str) -> str:
    return str(MODELS[kind]._meta.verbose_name_plural).capitalize()


def _partial(request: HttpRequest, template: str, name: str) -> str:
    return f"{template}#{name}" if request.htmx and not request.htmx.boosted else template


@require_GET
@login_required
def reference_index(request: HttpRequest) -> HttpResponse:
    require_reference_reader(request.user)
    summary = reference_summary()
    lists = [{"kind": kind, "title": _title(kind), **summary[kind]} for kind in MODELS]
    context = {"lists": lists, "can_edit": can_edit_reference_data(request.user)}
    return render(request, TEMPLATES + "index.html", context)


@require_GET
@login_required
def reference_list(request: HttpRequest, kind: str) -> HttpResponse:
    require_reference_reader(request.user)
    form = FILTER_FORMS[kind](request.GET or None)
    page = Paginator(entries_for(kind, form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "kind": kind,
        "title": _title(kind),
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "can_edit": can_edit_reference_data(request.user),
    }
    return render(request, _partial(request, TEMPLATES + "list.html", "results"), context)


@require_GET
@login_required
def reference_export(request: HttpRequest, kind: str) -> HttpResponse:
    """The filtered list as .xlsx in the import's format (a few thousand rows at most: made in the request)."""
    require_reference_reader(request.user)
    form = FILTER_FORMS[kind](request.GET or None)
    response = HttpResponse(
        imports.workbook(kind, entries_for(kind, form.filters()).iterator(chunk_size=500)), content_type=XLSX
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="reference-{kind}-{day}.xlsx"'
    return response


def _entry_page(request: HttpRequest, kind: str, form, wages, entry=None) -> HttpResponse:
    context = {
        "kind": kind,
        "title": _title(kind),
        "form": form,
        "wages": wages,
        "entry": entry,
        "history": entry_history(entry) if entry is not None else None,
        "can_edit": can_edit_reference_data(request.user),
    }
    return render(request, TEMPLATES + "entry.html", context)


def _wage_formset(request: HttpRequest, kind: str, entry=None):
    if kind != "standards":
        return None
    return IndustryWageFormSet(request.POST or None, instance=entry, prefix="wages")


@require_http_methods(["GET", "POST"])
@login_required
def reference_create(request: HttpRequest, kind: str) -> HttpResponse:
    require_reference_editor(request.user)
    form = ENTRY_FORMS[kind](request.POST or None)
    wages = _wage_formset(request, kind, form.instance)
    if request.method == "POST" and form.is_valid() and (wages is None or wages.is_valid()):
        entry = services.save_entry(form.instance, by=request.user, wages=wages)
        messages.success(request, _("%(entry)s added.") % {"entry": entry})
        return redirect("injury_claims:reference_edit", kind=kind, pk=entry.pk)
    return _entry_page(request, kind, form, wages)


@require_http_methods(["GET", "POST"])
@login_required
def reference_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """HQ edits the entry; every other reader sees it read-only, with the same history."""
    write = request.method == "POST" or can_edit_reference_data(request.user)
    entry = get_entry_for_user(request.user, kind, pk, write=write)
    if not write:
        return _entry_page(request, kind, ENTRY_FORMS[kind](instance=entry, read_only=True), None, entry)
    form = ENTRY_FORMS[kind](request.POST or None, instance=entry)
    wages = _wage_formset(request, kind, entry)
    if request.method == "POST" and form.is_valid() and (wages is None or wages.is_valid()):
        if form.has_changed() or (wages is not None and wages.has_changed()):
            services.save_entry(form.instance, by=request.user, wages=wages)
            messages.success(request, _("%(entry)s saved.") % {"entry": entry})
        return redirect("injury_claims:reference_edit", kind=kind, pk=entry.pk)
    return _entry_page(request, kind, form, wages, entry)


@require_http_methods(["GET", "POST"])
@login_required
def reference_import(request: HttpRequest, kind: str) -> HttpResponse:
    """All or nothing: the whole file is checked; any bad row and nothing is written, every bad row listed."""
    require_reference_editor(request.user)
    form = ReferenceImportForm(request.POST or None, request.FILES or None, list_name=kind)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.apply_import(form.plan, by=request.user)
        except services.ImportConflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Imported: %(added)s added, %(replaced)s replaced, %(unchanged)s unchanged.")
                % {"added": result.added, "replaced": result.replaced, "unchanged": result.unchanged},
            )
            return redirect("injury_claims:reference_list", kind=kind)
    layouts = [imports.LAYOUTS[kind]] + ([imports.LAYOUTS["wages"]] if kind == "standards" else [])
    context = {
        "kind": kind,
        "title": _title(kind),
        "form": form,
        "problems": form.plan.rows() if form.plan is not None and not form.plan.ok else [],
        "layouts": [
            {
                "sheet": imports.WAGE_SHEET if layout.name == "wages" else "",
                "columns": [(c, imports.accepted_values(layout.name, c)) for c in layout.columns],
            }
            for layout in layouts
        ],
        "max_rows": imports.MAX_ROWS,
    }
    return render(request, TEMPLATES + "import.html", context)


urlpatterns = [
    path("reference/", reference_index, name="reference_index"),
    path("reference/<reflist:kind>/", reference_list, name="reference_list"),
    path("reference/<reflist:kind>/export.xlsx", reference_export, name="reference_export"),
    path("reference/<reflist:kind>/new/", reference_create, name="reference_create"),
    path("reference/<reflist:kind>/import/", reference_import, name="reference_import"),
    path("reference/<reflist:kind>/<int:pk>/", reference_edit, name="reference_edit"),
]
