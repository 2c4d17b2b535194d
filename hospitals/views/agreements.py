"""The agreement of a cooperation: the draft (and the renewal's next version), its reviews, HQ's approval of the
functions that need it, printing, signing with the scan, filing with HQ."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.jobs import start_job

from .. import jobs
from ..forms.pipeline import AgreementForm, FilingForm, FunctionDecisionForm, SigningForm
from ..models import NEEDS_HQ_APPROVAL
from ..rules import can_decide_cooperation, can_review_legal
from ..selectors import agreement_draft, get_agreement_for_user, get_cooperation_for_user
from ..services import agreements
from ..workflows import COOPERATION
from .pipeline import page, to_detail


@require_http_methods(["GET", "POST"])
@login_required
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft agreement of a cooperation (created on first save; editable while the file is prepared). While
    renewal is due, the next version: it starts from the current one."""
    cooperation = get_cooperation_for_user(request.user, pk, write=True)
    current, initial = agreement_draft(cooperation)
    form = AgreementForm(request.POST or None, instance=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agreements.save_agreement(cooperation, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Agreement saved."))
            return to_detail(request, cooperation)
    template = "hospitals/pipeline/agreement_form.html" + ("#form" if request.htmx else "")
    context = {
        "form": form,
        "cooperation": cooperation,
        "renewal": bool(initial),
        "editable": COOPERATION.may_edit(cooperation, "agreement"),
    }
    return render(request, template, context)


@require_POST
@login_required
def agreement_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Print the agreement in the worker (WeasyPrint takes up to a second): the page follows the job."""
    agreement = get_agreement_for_user(request.user, pk, write=True)
    back = reverse("hospitals:detail", args=[agreement.cooperation.hospital_id])
    job = start_job(jobs.PRINT, by=request.user, params={"agreement": agreement.pk}, back=back)
    return redirect("documents:job", job.pk)


@require_POST
@login_required
def agreement_review(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A change to the standard text: the branch legal post reviews it, then HQ."""
    if kind not in ("legal", "hq"):
        raise Http404
    agreement = get_agreement_for_user(request.user, pk)
    predicate = can_decide_cooperation if kind == "hq" else can_review_legal
    if not predicate(request.user, agreement.cooperation):
        raise PermissionDenied
    try:
        agreements.review_agreement(agreement, kind, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Review recorded."))
    return redirect("hospitals:detail", agreement.cooperation.hospital_id)


@require_POST
@login_required
def agreement_function(request: HttpRequest, pk: int, function: str) -> HttpResponse:
    """HQ approves or refuses a function the branch may offer only with its approval."""
    if function not in NEEDS_HQ_APPROVAL:
        raise Http404
    agreement = get_agreement_for_user(request.user, pk)
    if not can_decide_cooperation(request.user, agreement.cooperation):
        raise PermissionDenied
    form = FunctionDecisionForm(request.POST)
    if not form.is_valid():  # shown next to its fields, on the hospital page
        return page(request, agreement.cooperation.hospital, agreement=agreement, decision_form=form)
    try:
        agreements.decide_function(
            agreement,
            function,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("HQ's decision on the function is recorded."))
    if request.POST.get("next") == "approvals":
        return redirect("hospitals:approvals")
    return redirect("hospitals:detail", agreement.cooperation.hospital_id)


@require_POST
@login_required
def agreement_signing(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, write=True)
    form = SigningForm(request.POST, request.FILES, agreement=agreement)
    if form.is_valid():
        try:
            agreements.record_signing(
                agreement,
                signed_on=form.cleaned_data.get("signed_on"),
                scan=form.cleaned_data["scan"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Signing recorded."))
            return redirect("hospitals:detail", agreement.cooperation.hospital_id)
    return page(request, agreement.cooperation.hospital, agreement=agreement, signing_form=form)


@require_POST
@login_required
def agreement_filing(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, write=True)
    form = FilingForm(request.POST)
    if form.is_valid():
        try:
            agreements.record_filing(
                agreement,
                filed_on=form.cleaned_data["filed_on"],
                plaque_hung=form.cleaned_data["plaque_hung"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Filing with HQ recorded."))
            return redirect("hospitals:detail", agreement.cooperation.hospital_id)
    return page(request, agreement.cooperation.hospital, agreement=agreement, filing_form=form)


@require_GET
@login_required
def agreement_scan(request: HttpRequest, pk: int) -> FileResponse:
    """The signed scan, only to those who may see the cooperation."""
    agreement = get_agreement_for_user(request.user, pk)
    if not agreement.signed_scan:
        raise Http404
    name = agreement.signed_scan.name.rsplit("/", 1)[-1]
    content_type = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}.get(
        name.rsplit(".", 1)[-1]
    )
    response = FileResponse(agreement.signed_scan.open("rb"), content_type=content_type, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("cooperations/<int:pk>/agreement/", agreement, name="agreement"),
    path("agreements/<int:pk>/print/", agreement_print, name="agreement_print"),
    path("agreements/<int:pk>/review/<slug:kind>/", agreement_review, name="agreement_review"),
    path("agreements/<int:pk>/functions/<slug:function>/", agreement_function, name="agreement_function"),
    path("agreements/<int:pk>/signing/", agreement_signing, name="agreement_signing"),
    path("agreements/<int:pk>/filing/", agreement_filing, name="agreement_filing"),
    path("agreements/<int:pk>/scan/", agreement_scan, name="agreement_scan"),
]
