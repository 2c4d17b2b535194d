"""The hospital registry: list with filters, create and edit with inline validation, import, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.jobs import start_job

from .. import exports, imports, jobs
from ..forms.registry import HospitalFilterForm, HospitalForm, HospitalImportForm
from ..models import Hospital, HospitalImport
from ..rules import can_work_network
from ..selectors import (
    get_hospital_for_user,
    get_import_for_user,
    hospital_cities,
    hospitals_for_list,
    recent_imports,
    require_network_reader,
)
from ..services import registry
from ..workflows import COOPERATION

PAGE_SIZE = 50
FILTER_FIELDS = ("q", "city", "grade", "nature", "state", "expiring")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _partial(request: HttpRequest, template: str, name: str) -> str:
    return f"{template}#{name}" if request.htmx and not request.htmx.boosted else template


def _filter_form(request: HttpRequest) -> HospitalFilterForm:
    return HospitalFilterForm(request.GET or None, cities=hospital_cities(request.user))


def _require_worker(user) -> None:
    """Readers see the registry; only branch claims staff change it (HQ has no branch to add to)."""
    require_network_reader(user)
    if not can_work_network(user) or user.org.secondary is None:
        raise PermissionDenied


# --- list and export ------------------------------------------------------------------------------------------
@require_GET
@login_required
def hospital_list(request: HttpRequest) -> HttpResponse:
    require_network_reader(request.user)
    form = _filter_form(request)
    page = Paginator(hospitals_for_list(request.user, **form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for hospital in page:
        hospital.state_label = COOPERATION.state_label(hospital.coop_state) if hospital.coop_state else ""
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "export_filters": [(name, request.GET[name]) for name in FILTER_FIELDS if request.GET.get(name)],
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_work": can_work_network(request.user),
        "show_org": request.user.org.secondary is None,
    }
    return render(request, _partial(request, "hospitals/registry/list.html", "results"), context)


@require_POST
@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Export the filtered list to Excel in the worker: the page follows the job until the file is ready."""
    require_network_reader(request.user)
    filters = {name: request.POST[name] for name in FILTER_FIELDS if request.POST.get(name)}
    back = reverse("hospitals:list") + ("?" + urlencode(filters) if filters else "")
    job = start_job(jobs.EXPORT, by=request.user, params={"filters": filters}, back=back)
    return redirect("documents:job", job.pk)


# --- create and edit ------------------------------------------------------------------------------------------
def _validate_only(request: HttpRequest) -> bool:
    return request.POST.get("_validate") == "1" or request.headers.get("X-Validate-Only") == "1"


def _render_form(request: HttpRequest, form: HospitalForm, action: str, hospital=None) -> HttpResponse:
    """The page, or only the form for inline validation. Invalid input answers 200 so htmx shows it."""
    template = "hospitals/registry/form.html"
    if _validate_only(request) and request.htmx:
        template += "#form"
    return render(request, template, {"form": form, "action": action, "hospital": hospital})


@require_http_methods(["GET", "POST"])
@login_required
def create(request: HttpRequest) -> HttpResponse:
    _require_worker(request.user)
    branch = request.user.org.secondary
    url = reverse("hospitals:create")
    form = HospitalForm(request.POST or None, instance=Hospital(org=branch), validate_url=url)
    if request.method == "POST":
        if _validate_only(request):
            form.is_valid()
            form.limit_errors_to(form.touched_fields(request.headers.get("HX-Trigger-Name")))
        elif form.is_valid():
            hospital = registry.create_hospital(form.instance, by=request.user)
            messages.success(request, _("%(name)s added to the registry.") % {"name": hospital.name})
            return redirect(hospital.get_absolute_url())
    return _render_form(request, form, url)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    hospital = get_hospital_for_user(request.user, pk, write=True)
    shown = {"pk": hospital.pk, "name": hospital.name, "url": hospital.get_absolute_url()}
    url = reverse("hospitals:edit", args=[pk])
    form = HospitalForm(request.POST or None, instance=hospital, validate_url=url)
    if request.method == "POST":
        if _validate_only(request):
            form.is_valid()
            form.limit_errors_to(form.touched_fields(request.headers.get("HX-Trigger-Name")))
        elif form.is_valid():
            if not form.changed_fields():
                return redirect(shown["url"])
            try:
                saved = registry.update_hospital(
                    form.instance, form.changed_fields(), by=request.user, loaded=form.loaded_at()
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("%(name)s saved.") % {"name": saved.name})
                return redirect(shown["url"])
    return _render_form(request, form, url, shown)


# --- import ---------------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_worker(request.user)
    form = HospitalImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        imp = registry.start_import(form.cleaned_data["file"], rows=form.rows, by=request.user)
        return redirect("hospitals:import_status", pk=imp.pk)
    recent = recent_imports(request.user)
    context = {"form": form, "columns": imports.COLUMNS, "recent": recent, "max_rows": imports.MAX_ROWS}
    return render(request, "hospitals/registry/import.html", context)


@require_GET
@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    imp = get_import_for_user(request.user, pk)
    running = imp.status in (HospitalImport.Status.PENDING, HospitalImport.Status.RUNNING)
    percent = round(100 * imp.processed_rows / imp.total_rows) if imp.total_rows else 0
    context = {"imp": imp, "running": running, "percent": percent}
    return render(request, _partial(request, "hospitals/registry/import_status.html", "progress"), context)


@require_GET
@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    require_network_reader(request.user)
    response = HttpResponse(exports.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="hospital-import-template.xlsx"'
    return response


urlpatterns = [
    path("", hospital_list, name="list"),
    path("new/", create, name="create"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("export.xlsx", export, name="export"),
    path("import/", import_upload, name="import"),
    path("import/template.xlsx", import_template, name="import_template"),
    path("import/<int:pk>/", import_status, name="import_status"),
]
