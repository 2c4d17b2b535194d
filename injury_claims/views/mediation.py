"""Mediation pages (人伤调解, seed 001 p8–10, p20–22): open a mediation from the person page, draft the plan, take the
steps, file the signed agreement, print the plan and the one-off settlement agreement. Thin: the use cases are
injury_claims.services.mediation, the reads injury_claims.selectors.mediation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.jobs import start_job
from workflow.actions import UnknownStep, take_step
from workflow.services import TransitionNotPermitted, TransitionRefused

from ..forms.mediation import PlanForm, PlanItemFormSet, SignedScanForm
from ..mediation_printing import AGREEMENT_JOB, PLAN_JOB
from ..selectors import mediation as selectors
from ..selectors.claims import get_person_for_user
from ..services import mediation as services
from ..workflows.mediation import MEDIATION, PLAN_EDITABLE, can_mediate, can_pass_costs


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _page(request, mediation, *, status: int = 200, scan_form=None) -> HttpResponse:
    context = {
        **selectors.mediation_page(mediation, request.user),
        "scan_form": scan_form or SignedScanForm(),
    }
    return render(request, "injury_claims/mediation/detail.html", context, status=status)


@require_POST
@login_required
def mediation_open(request: HttpRequest, pk: int) -> HttpResponse:
    """是否调解 → 是: an authorised mediator opens the mediation from the person page."""
    person = get_person_for_user(request.user, pk)
    if not can_mediate(request.user, person):
        raise PermissionDenied
    try:
        mediation = services.open_mediation(person, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(person.get_absolute_url())
    messages.success(request, _("Mediation opened: draft the plan."))
    return redirect("injury_claims:mediation_plan", mediation.pk)


@require_GET
@login_required
def mediation(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.get_mediation_for_user(request.user, pk))


@require_http_methods(["GET", "POST"])
@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """拟定调解方案: the items (the calculator's as a starting point), the plan's total and its reasoning."""
    record = selectors.get_mediation_for_user(request.user, pk)
    if not can_mediate(request.user, record):
        raise PermissionDenied
    if record.state not in PLAN_EDITABLE:
        messages.error(
            request, _("The plan's amounts are fixed once it is submitted: revise the plan to change them.")
        )
        return redirect(record.get_absolute_url())
    initial_items = [
        {"code": row["code"], "planned": row["planned"], "note": row["note"]}
        for row in selectors.item_rows(record)
    ]
    form = PlanForm(
        request.POST or None,
        initial={
            "expected_state": record.state,
            "total": record.plan_total,
            "explanation": record.explanation,
        },
    )
    items = PlanItemFormSet(request.POST or None, prefix="items", initial=initial_items)
    if request.method == "POST" and form.is_valid() and items.is_valid():
        try:
            services.save_plan(
                record,
                items.rows(),
                total=form.cleaned_data["total"],
                explanation=form.cleaned_data["explanation"],
                by=request.user,
                expected_state=form.cleaned_data["expected_state"],
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Mediation plan saved."))
            return redirect(record.get_absolute_url())
    context = {
        "mediation": record,
        "person": record.person,
        "form": form,
        "items": items,
        "authorisation_problems": record.authorisation_problems(),
    }
    return render(request, "injury_claims/mediation/plan.html", context)


@require_POST
@login_required
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    record = selectors.get_mediation_for_user(request.user, pk)
    expected = request.POST.get("expected_state") or None
    if action in ("submit", "pass_costs"):
        allowed = can_mediate if action == "submit" else can_pass_costs
        if not allowed(request.user, record):
            raise PermissionDenied
        if not expected:
            messages.error(request, _("Reload the page and try again."))
            return redirect(record.get_absolute_url())
        try:
            if action == "submit":
                services.submit_plan(record, by=request.user, expected_state=expected)
            else:
                services.pass_costs(
                    record, by=request.user, note=request.POST.get("note", "")[:2000], expected_state=expected
                )
        except TransitionNotPermitted as exc:
            raise PermissionDenied from exc
        except (TransitionRefused, ValidationError) as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, MEDIATION.event_label(action))
        return redirect(record.get_absolute_url())
    try:
        outcome = take_step(MEDIATION, record, action, request.POST, by=request.user)
    except UnknownStep as exc:
        raise Http404 from exc
    except TransitionNotPermitted as exc:
        raise PermissionDenied from exc
    if outcome.done:
        messages.success(request, MEDIATION.event_label(action))
    else:
        for message in outcome.errors():
            messages.error(request, message)
    return redirect(record.get_absolute_url())


@require_POST
@login_required
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.get_mediation_for_user(request.user, pk)
    if not can_mediate(request.user, record):
        raise PermissionDenied
    form = SignedScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.file_signed_agreement(record, form.cleaned_data["scan"], by=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Signed agreement filed: record the result."))
            return redirect(record.get_absolute_url())
    return _page(request, record, scan_form=form)


def _print(request: HttpRequest, pk: int, job: str, problem) -> HttpResponse:
    record = selectors.get_mediation_for_user(request.user, pk)
    back = record.get_absolute_url()
    why = problem(record)
    if why:
        messages.error(request, why)
        return redirect(back)
    started = start_job(job, by=request.user, params={"mediation": record.pk}, back=back)
    return redirect("documents:job", started.pk)


@require_POST
@login_required
def print_plan(request: HttpRequest, pk: int) -> HttpResponse:
    return _print(request, pk, PLAN_JOB, selectors.plan_problem)


@require_POST
@login_required
def print_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    return _print(request, pk, AGREEMENT_JOB, selectors.agreement_problem)


urlpatterns = [
    path("persons/<int:pk>/mediation/", mediation_open, name="mediation_open"),
    path("mediations/<int:pk>/", mediation, name="mediation"),
    path("mediations/<int:pk>/plan/", plan, name="mediation_plan"),
    path("mediations/<int:pk>/step/<slug:action>/", step, name="mediation_step"),
    path("mediations/<int:pk>/scan/", scan, name="mediation_scan"),
    path("mediations/<int:pk>/print/plan/", print_plan, name="print_mediation_plan"),
    path("mediations/<int:pk>/print/agreement/", print_agreement, name="print_mediation_agreement"),
]
