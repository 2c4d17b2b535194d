"""Settlement pages (issue 10): the list of settlements, and one person's settlement — the assessed facts, the
documents checklist, the calculation with its formulas and adjustments, the steps, the payments. Thin: the use cases
are injury_claims.services.settlement, the reads injury_claims.selectors.settlement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workflow.actions import UnknownStep, take_step
from workflow.services import TransitionNotPermitted, TransitionRefused

from ..forms.settlement import DocumentForm, FactsForm, PaidForm, PaymentForm
from ..models import DocumentRequirement, Payment
from ..rules import can_view_claims
from ..selectors.claims import timeline_for
from ..selectors.guarantee import settlement_section
from ..selectors.settlement import get_settlement_for_user, settlements_for
from ..services import settlement as services
from ..workflows.settlement import SETTLEMENT, SettlementState, can_assess, can_calculate

PAGE_SIZE = 50


def _errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@require_GET
@login_required
def settlements(request: HttpRequest) -> HttpResponse:
    if not can_view_claims(request.user):
        raise Http404
    state = request.GET.get("state", "")
    rows = (
        settlements_for(request.user).select_related("person", "person__claim", "org").order_by("-created_at")
    )
    if state in SettlementState.values:
        rows = rows.filter(state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "injury_claims/settlement/list.html",
        {
            "page": page,
            "state": state,
            "states": SettlementState.choices,
            "query": f"state={state}" if state else "",
        },
    )


def _page(request, settlement, *, status=200, **forms) -> HttpResponse:
    calculation = settlement.latest_calculation()
    received = {r.requirement_id: r for r in settlement.documents.select_related("requirement")}
    may_assess = can_assess(request.user, settlement) and settlement.state in services.EDITABLE
    may_calculate = can_calculate(request.user, settlement)
    context = {
        "settlement": settlement,
        "person": settlement.person,
        "claim": settlement.person.claim,
        "calculation": calculation,
        "checklist": [(r, received.get(r.pk)) for r in settlement.requirements()],
        "payments": list(settlement.payments.all()),
        "actions": SETTLEMENT.actions_for(request.user, settlement),
        "timeline": timeline_for(settlement),
        "may_assess": may_assess,
        "may_calculate": may_calculate and settlement.state == SettlementState.CALCULATION,
        "may_pay": may_calculate and settlement.state == SettlementState.APPROVED,
        "facts_form": forms.get("facts_form") or FactsForm(initial=FactsForm.initial_from(settlement.facts)),
        "document_form": forms.get("document_form")
        or DocumentForm(initial={"received_on": timezone.localdate()}),
        "payment_form": forms.get("payment_form")
        or PaymentForm(
            initial={
                "payee_kind": "injured",
                "payee_name": settlement.person.name,
                "amount": services.remaining_to_pay(settlement),  # less what was prepaid to the hospital
            }
        ),
        "paid_form": forms.get("paid_form") or PaidForm(initial={"paid_on": timezone.localdate()}),
        "calc_error": forms.get("calc_error"),
        "guarantee": settlement_section(settlement),  # guaranteed, prepaid, the remainder (seed 000)
    }
    return render(request, "injury_claims/settlement/detail.html", context, status=status)


@require_GET
@login_required
def settlement(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_settlement_for_user(request.user, pk))


@require_POST
@login_required
def facts(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_settlement_for_user(request.user, pk)
    if not can_assess(request.user, record):
        raise PermissionDenied
    form = FactsForm(request.POST)
    if form.is_valid():
        try:
            services.save_facts(
                record, form.facts(), by=request.user, expected_state=request.POST.get("expected_state")
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Assessed facts saved."))
            return redirect(record.get_absolute_url())
    return _page(request, record, status=200, facts_form=form)


@require_POST
@login_required
def document(request: HttpRequest, pk: int, requirement: int) -> HttpResponse:
    record = get_settlement_for_user(request.user, pk)
    if not can_assess(request.user, record):
        raise PermissionDenied
    required = get_object_or_404(DocumentRequirement, pk=requirement)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.receive_document(
                record,
                required,
                received_on=form.cleaned_data["received_on"],
                upload=form.cleaned_data["scan"],
                by=request.user,
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("%(name)s received.") % {"name": required.name})
            return redirect(record.get_absolute_url())
    return _page(request, record, document_form=form)


@require_POST
@login_required
def calculate(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_settlement_for_user(request.user, pk)
    if not can_calculate(request.user, record):
        raise PermissionDenied
    latest = record.latest_calculation()
    rows = {
        row["code"]: (
            request.POST.get(f"amount-{row['code']}", ""),
            request.POST.get(f"reason-{row['code']}", ""),
        )
        for row in (latest.items if latest else [])
    }
    try:
        adjustments = services.parse_adjustments(rows, latest)
        calculation = services.calculate(record, by=request.user, adjustments=adjustments)
    except ValidationError as exc:
        return _page(request, record, calc_error=" ".join(exc.messages))
    messages.success(
        request, _("Calculated: ¥%(amount)s payable.") % {"amount": f"{calculation.payable:,.2f}"}
    )
    return redirect(record.get_absolute_url())


@require_POST
@login_required
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    record = get_settlement_for_user(request.user, pk)
    if action == "submit":
        if not can_calculate(request.user, record):
            raise PermissionDenied
        try:
            services.submit(record, by=request.user, expected_state=request.POST.get("expected_state"))
        except TransitionNotPermitted as exc:
            raise PermissionDenied from exc
        except TransitionRefused as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Submitted for approval (核赔)."))
        return redirect(record.get_absolute_url())
    try:
        outcome = take_step(SETTLEMENT, record, action, request.POST, by=request.user)
    except UnknownStep as exc:
        raise Http404 from exc
    except TransitionNotPermitted as exc:
        raise PermissionDenied from exc
    if outcome.done:
        messages.success(request, SETTLEMENT.event_label(action))
    else:
        for message in outcome.errors():
            messages.error(request, message)
    return redirect(record.get_absolute_url())


@require_POST
@login_required
def payment_new(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_settlement_for_user(request.user, pk)
    if not can_calculate(request.user, record):
        raise PermissionDenied
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.record_payment(record, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Payment recorded: mark it paid with the bank's reference."))
            return redirect(record.get_absolute_url())
    return _page(request, record, payment_form=form)


@require_POST
@login_required
def payment_paid(request: HttpRequest, pk: int, payment: int) -> HttpResponse:
    record = get_settlement_for_user(request.user, pk)
    if not can_calculate(request.user, record):
        raise PermissionDenied
    row = get_object_or_404(Payment, pk=payment, settlement=record)
    form = PaidForm(request.POST)
    if form.is_valid():
        try:
            services.mark_paid(row, by=request.user, **form.cleaned_data)
        except (ValidationError, TransitionRefused) as exc:
            if isinstance(exc, ValidationError):
                _errors(form, exc)
            else:
                for message in exc.messages:
                    form.add_error(None, message)
        else:
            messages.success(request, _("Payment recorded as paid."))
            return redirect(record.get_absolute_url())
    return _page(request, record, paid_form=form)


urlpatterns = [
    path("settlements/", settlements, name="settlements"),
    path("settlements/<int:pk>/", settlement, name="settlement"),
    path("settlements/<int:pk>/facts/", facts, name="settlement_facts"),
    path("settlements/<int:pk>/documents/<int:requirement>/", document, name="settlement_document"),
    path("settlements/<int:pk>/calculate/", calculate, name="settlement_calculate"),
    path("settlements/<int:pk>/step/<slug:action>/", step, name="settlement_step"),
    path("settlements/<int:pk>/payments/", payment_new, name="settlement_payment"),
    path("settlements/<int:pk>/payments/<int:payment>/paid/", payment_paid, name="settlement_paid"),
]
