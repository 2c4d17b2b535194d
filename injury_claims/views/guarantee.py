"""Pages of the medical-fee guarantee (担保函, seed 000 医疗费担保预付): draft a letter from the person's page, its page
with the steps (submit, approve and issue, return, cancel, close), the prepayments and recoveries, the printed letter;
the branch's list; the claim's VIP status. Thin: fetch (404 outside the scope), form, service, redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.jobs import start_job
from workflow.actions import UnknownStep, take_step
from workflow.services import TransitionNotPermitted

from ..forms.guarantee import DraftForm, PrepaymentForm, RecoveryForm, VipForm
from ..guarantee_jobs import GUARANTEE_JOB
from ..rules import can_view_claims, can_work_claim
from ..selectors.claims import get_claim_for_user, get_person_for_user
from ..selectors.guarantee import (
    branch_list,
    eligibility_of,
    get_guarantee_for_user,
    guarantee_page,
    may_recover,
)
from ..services import claims as claim_services
from ..services import guarantee as services
from ..workflows.guarantee import GUARANTEE, GuaranteeState
from ..workflows.settlement import can_calculate

PAGE_SIZE = 50


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@require_http_methods(["GET", "POST"])
@login_required
def guarantee_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The adjuster drafts the letter to the person's treating hospital (refused with every reason when not
    eligible)."""
    person = get_person_for_user(request.user, pk)
    if not can_work_claim(request.user, person):
        raise PermissionDenied
    form = DraftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            guarantee = services.draft(person, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Guarantee drafted: submit it for approval."))
            return redirect(guarantee.get_absolute_url())
    return render(
        request,
        "injury_claims/guarantee/form.html",
        {"form": form, "person": person, "refusals": eligibility_of(person)},
    )


def _page(request, guarantee, **forms) -> HttpResponse:
    context = guarantee_page(guarantee, request.user)
    context["prepayment_form"] = forms.get("prepayment_form") or PrepaymentForm(
        initial={"expected_state": guarantee.state, "paid_on": timezone.localdate()}
    )
    context["recovery_form"] = forms.get("recovery_form") or RecoveryForm(
        initial={"paid_on": timezone.localdate()}
    )
    return render(request, "injury_claims/guarantee/detail.html", context)


@require_GET
@login_required
def guarantee(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_guarantee_for_user(request.user, pk))


@require_POST
@login_required
def guarantee_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    record = get_guarantee_for_user(request.user, pk)
    try:
        outcome = take_step(GUARANTEE, record, action, request.POST, by=request.user)
    except UnknownStep as exc:
        raise Http404 from exc
    except TransitionNotPermitted as exc:
        raise PermissionDenied from exc
    if outcome.done:
        messages.success(request, GUARANTEE.event_label(action))
    else:
        for message in outcome.errors():
            messages.error(request, message)
    return redirect(record.get_absolute_url())


@require_POST
@login_required
def prepayment_new(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_guarantee_for_user(request.user, pk)
    if not can_calculate(request.user, record):
        raise PermissionDenied
    form = PrepaymentForm(request.POST)
    if form.is_valid():
        try:
            row = services.record_prepayment(
                record, form.cleaned_data, by=request.user, expected_state=form.cleaned_data["expected_state"]
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(
                request, _("Prepayment of ¥%(amount)s recorded.") % {"amount": f"{row.amount:,.2f}"}
            )
            return redirect(record.get_absolute_url())
    return _page(request, record, prepayment_form=form)


@require_POST
@login_required
def recovery_new(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_guarantee_for_user(request.user, pk)
    if not may_recover(record, request.user):
        raise PermissionDenied
    form = RecoveryForm(request.POST)
    if form.is_valid():
        try:
            row = services.record_recovery(record, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(
                request, _("Recovery of ¥%(amount)s recorded.") % {"amount": f"{row.amount:,.2f}"}
            )
            return redirect(record.get_absolute_url())
    return _page(request, record, recovery_form=form)


@require_POST
@login_required
def guarantee_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter is printed by the worker; the page follows the job, which links the numbered document."""
    record = get_guarantee_for_user(request.user, pk)
    problem = services.letter_problem(record)
    if problem:
        messages.error(request, problem)
        return redirect(record.get_absolute_url())
    job = start_job(
        GUARANTEE_JOB, by=request.user, params={"guarantee": record.pk}, back=record.get_absolute_url()
    )
    return redirect("documents:job", job.pk)


@require_GET
@login_required
def guarantees(request: HttpRequest) -> HttpResponse:
    if not can_view_claims(request.user):
        raise Http404
    state = request.GET.get("state", "")
    page = Paginator(branch_list(request.user, state=state), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "injury_claims/guarantee/list.html",
        {
            "page": page,
            "state": state if state in GuaranteeState.values else "",
            "states": GuaranteeState.choices,
            "query": f"state={state}" if state in GuaranteeState.values else "",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def claim_vip(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether the insured is the insurer's VIP customer, and why (seed 000: the guarantee is a VIP service)."""
    claim = get_claim_for_user(request.user, pk)
    if not can_work_claim(request.user, claim):
        raise PermissionDenied
    form = VipForm(request.POST if request.method == "POST" else None, instance=claim)
    if request.method == "POST" and form.is_valid():
        changes = {
            "vip_customer": form.cleaned_data["vip_customer"],
            "vip_basis": form.cleaned_data["vip_basis"].strip() if form.cleaned_data["vip_customer"] else "",
        }
        try:
            claim_services.amend_claim(claim, changes, by=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(claim.get_absolute_url())
    return render(request, "injury_claims/guarantee/vip.html", {"form": form, "claim": claim})


urlpatterns = [
    path("guarantees/", guarantees, name="guarantees"),
    path("persons/<int:pk>/guarantees/new/", guarantee_new, name="guarantee_new"),
    path("guarantees/<int:pk>/", guarantee, name="guarantee"),
    path("guarantees/<int:pk>/step/<slug:action>/", guarantee_step, name="guarantee_step"),
    path("guarantees/<int:pk>/prepayments/", prepayment_new, name="guarantee_prepayment"),
    path("guarantees/<int:pk>/recoveries/", recovery_new, name="guarantee_recovery"),
    path("guarantees/<int:pk>/print/", guarantee_print, name="guarantee_print"),
    path("claims/<int:pk>/vip/", claim_vip, name="claim_vip"),
]
