"""The bank's payment batches (issue 10 point 5): the payments to make, a batch of them with its file for the bank
(made in the worker: the page follows the job), and the bank's return file that marks them paid. Thin: permission,
form, selector or service, render or redirect. Who: the calculator/approver post and the claims head in their
scope; a claims reader without that role gets 403, anyone else 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from documents.jobs import start_job

from ..forms.payments import BankReturnForm, BatchFileForm, BatchForm
from ..imports.reading import MAX_FILE_SIZE
from ..selectors.payment_batch import (
    BATCH_CAP,
    RECENT_BATCHES,
    batch_lines,
    batches_for,
    get_batch_for_user,
    payments_to_make,
    require_payment_maker,
)
from ..services import payment_batch as services
from ..settlement_jobs import BATCH_FILE_JOB


def _payments_page(request: HttpRequest, *, form=None, errors=(), selected=()) -> HttpResponse:
    found = list(payments_to_make(request.user)[: BATCH_CAP + 1])
    rows = found[:BATCH_CAP]
    chosen = {str(pk) for pk in selected}
    for payment in rows:
        payment.chosen = str(payment.pk) in chosen
    return render(
        request,
        "injury_claims/settlement/payments.html",
        {
            "rows": rows,
            "cut": len(found) > BATCH_CAP,
            "cap": BATCH_CAP,
            "total": sum((p.amount for p in rows), 0),
            "form": form or BatchForm(),
            "errors": list(errors),
            "batches": list(batches_for(request.user)[:RECENT_BATCHES]),
        },
    )


@require_GET
@login_required
def payments(request: HttpRequest) -> HttpResponse:
    require_payment_maker(request.user)
    return _payments_page(request)


@require_POST
@login_required
def batch_new(request: HttpRequest) -> HttpResponse:
    require_payment_maker(request.user)
    form = BatchForm(request.POST)
    selected = request.POST.getlist("payments")
    errors: list[str] = []
    if form.is_valid():
        try:
            batch = services.make_batch(request.user, selected, again=form.cleaned_data["again"])
        except ValidationError as exc:
            errors = exc.messages
        else:
            job = start_job(
                BATCH_FILE_JOB,
                by=request.user,
                params={"batch": batch.pk, "format": form.cleaned_data["format"]},
                back=batch.get_absolute_url(),
            )
            messages.success(
                request,
                ngettext(
                    "Batch %(batch)s holds %(count)s payment; its file for the bank is being made.",
                    "Batch %(batch)s holds %(count)s payments; its file for the bank is being made.",
                    batch.count,
                )
                % {"batch": batch.number, "count": batch.count},
            )
            return redirect("documents:job", job.pk)
    return _payments_page(request, form=form, errors=errors, selected=selected)


def _batch_page(
    request: HttpRequest, batch, *, file_form=None, file_errors=(), return_form=None, problems=()
) -> HttpResponse:
    return render(
        request,
        "injury_claims/settlement/payment_batch.html",
        {
            "batch": batch,
            "lines": list(batch_lines(batch)),
            "file_form": file_form or BatchFileForm(),
            "file_errors": list(file_errors),
            "return_form": return_form or BankReturnForm(),
            "problems": list(problems),
        },
    )


@require_GET
@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    return _batch_page(request, get_batch_for_user(request.user, pk))


@require_POST
@login_required
def batch_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's file again (the bank lost it, or another format): checked now, made in the worker."""
    record = get_batch_for_user(request.user, pk)
    form = BatchFileForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.batch_rows(record, request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            job = start_job(
                BATCH_FILE_JOB,
                by=request.user,
                params={"batch": record.pk, "format": form.cleaned_data["format"]},
                back=record.get_absolute_url(),
            )
            return redirect("documents:job", job.pk)
    return _batch_page(request, record, file_form=form, file_errors=errors)


@require_POST
@login_required
def batch_return(request: HttpRequest, pk: int) -> HttpResponse:
    """The bank's return file: every row matched to the batch (序号, account, amount) and marked paid — all of
    them, or none with every bad row listed."""
    record = get_batch_for_user(request.user, pk)
    form = BankReturnForm(request.POST, request.FILES)
    problems: list[tuple[int | None, str]] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_FILE_SIZE + 1)
        try:
            paid = services.apply_bank_return(record, data, upload.name, by=request.user)
        except services.ReturnRejected as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s payment recorded as paid from the bank's return file.",
                    "%(count)s payments recorded as paid from the bank's return file.",
                    len(paid),
                )
                % {"count": len(paid)},
            )
            return redirect(record.get_absolute_url())
    return _batch_page(request, record, return_form=form, problems=problems)


urlpatterns = [
    path("settlements/payments/", payments, name="payments"),
    path("settlements/payments/batch/", batch_new, name="payment_batch_new"),
    path("settlements/payments/batches/<int:pk>/", batch, name="payment_batch"),
    path("settlements/payments/batches/<int:pk>/file/", batch_file, name="payment_batch_file"),
    path("settlements/payments/batches/<int:pk>/return/", batch_return, name="payment_batch_return"),
]
