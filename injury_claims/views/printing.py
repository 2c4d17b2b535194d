"""Printing the forms of settlement (issue 10): each button starts a print job in the worker and the page follows the
job (documents:job), which links the numbered document when it is ready — the same path as the agreements' print.
Whoever may see the claim may print; anyone else gets 404. A form that cannot be printed yet says why."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from documents.jobs import start_job

from ..models import Claim, Payment
from ..printing import CLOSING_JOB, NOTICE_JOB, SHEET_JOB
from ..selectors import printing as printed
from ..selectors.claims import get_claim_for_user
from ..selectors.settlement import get_settlement_for_user


def _start(request: HttpRequest, job: str, params: dict, back: str) -> HttpResponse:
    started = start_job(job, by=request.user, params=params, back=back)
    return redirect("documents:job", started.pk)


@require_POST
@login_required
def calculation_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    settlement = get_settlement_for_user(request.user, pk)
    back = settlement.get_absolute_url()
    problem = printed.sheet_problem(settlement)
    if problem:
        messages.error(request, problem)
        return redirect(back)
    return _start(request, SHEET_JOB, {"settlement": settlement.pk}, back)


@require_POST
@login_required
def payment_notice(request: HttpRequest, pk: int, payment: int) -> HttpResponse:
    settlement = get_settlement_for_user(request.user, pk)
    row = get_object_or_404(Payment, pk=payment, settlement=settlement)
    back = settlement.get_absolute_url()
    problem = printed.notice_problem(row)
    if problem:
        messages.error(request, problem)
        return redirect(back)
    return _start(request, NOTICE_JOB, {"settlement": settlement.pk, "payment": row.pk}, back)


@require_POST
@login_required
def closing_report(request: HttpRequest, pk: int) -> HttpResponse:
    claim: Claim = get_claim_for_user(request.user, pk)
    back = request.POST.get("back", "")
    if not (back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts=None)):
        back = claim.get_absolute_url()  # the page the button was on, when it is a local one
    problem = printed.closing_problem(claim)
    if problem:
        messages.error(request, problem)
        return redirect(back)
    return _start(request, CLOSING_JOB, {"claim": claim.pk}, back)


urlpatterns = [
    path("settlements/<int:pk>/print/sheet/", calculation_sheet, name="print_calculation_sheet"),
    path(
        "settlements/<int:pk>/payments/<int:payment>/print/",
        payment_notice,
        name="print_payment_notice",
    ),
    path("claims/<int:pk>/print/closing/", closing_report, name="print_closing_report"),
]
