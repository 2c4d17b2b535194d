"""The cooperation pipeline: the hospital page with its timeline, the steps, the eligibility checklist, the
agreement, the HQ approval queue and the pipeline board. Labels, forms and available steps come from the
workflow declaration (hospitals.workflows.COOPERATION)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.jobs import start_job
from workflow.actions import UnknownStep, take_step
from workflow.declaration import Action
from workflow.services import TransitionNotPermitted

from .. import jobs
from ..forms.pipeline import AgreementForm, EligibilityForm, FilingForm, LiaisonsForm, SigningForm
from ..rules import can_decide_cooperation, can_work_network
from ..selectors import (
    approvals_queue,
    board_columns,
    get_agreement_for_user,
    get_cooperation_for_user,
    get_hospital_for_user,
    hospital_page,
    require_network_reader,
)
from ..services import agreements, pipeline
from ..workflows import COOPERATION, latest_agreement


@require_GET
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_hospital_for_user(request.user, pk))


def _page(request: HttpRequest, hospital, *, step=None, agreement=None, **forms) -> HttpResponse:
    """The hospital page; after a refused form, with that form bound so its errors show next to its fields
    (status 200: htmx and browsers both show it)."""
    context = hospital_page(request.user, hospital)
    for version in context.get("agreements", []):
        mine = agreement is not None and version.pk == agreement.pk
        version.signing_form = (
            forms.get("signing_form") if mine and "signing_form" in forms else SigningForm()
        )
        version.filing_form = forms.get("filing_form") if mine and "filing_form" in forms else FilingForm()
    if step is not None:
        name, form = step
        actions = context.get("actions", [])
        for action in actions:
            if action.name == name:
                action.form = form
                break
        else:
            actions.insert(0, Action(name, COOPERATION.step(name), form))
    return render(request, "hospitals/pipeline/detail.html", context)


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@require_POST
@login_required
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one declared step. Who may take it is the step's permission, checked under the row lock."""
    cooperation = get_cooperation_for_user(request.user, pk)
    try:
        outcome = take_step(COOPERATION, cooperation, action, request.POST, by=request.user)
    except UnknownStep as exc:
        raise Http404 from exc
    except TransitionNotPermitted as exc:
        raise PermissionDenied from exc
    if not outcome.done:
        return _page(request, cooperation.hospital, step=(action, outcome.form))
    messages.success(
        request,
        _("%(hospital)s is now “%(state)s”.")
        % {"hospital": cooperation.hospital, "state": COOPERATION.state_label(outcome.event.to_state)},
    )
    return redirect(_next_url(request, reverse("hospitals:detail", args=[cooperation.hospital_id])))


def _to_detail(request: HttpRequest, cooperation) -> HttpResponse:
    """After a valid form: a redirect, or for htmx an HX-Redirect (the form fragment is not the next page)."""
    url = reverse("hospitals:detail", args=[cooperation.hospital_id])
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


@require_http_methods(["GET", "POST"])
@login_required
def eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist, method and liaisons while the file is prepared; after submission the liaisons only."""
    cooperation = get_cooperation_for_user(request.user, pk, write=True)
    editable = COOPERATION.may_edit(cooperation, "eligibility")
    form_class = EligibilityForm if editable else LiaisonsForm
    form = form_class(request.POST or None, cooperation=cooperation)
    if request.method == "POST" and form.is_valid():
        try:
            if editable:
                pipeline.save_eligibility(cooperation, form.checks(), details=form.details(), by=request.user)
            else:
                pipeline.save_liaisons(cooperation, form.details(), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return _to_detail(request, cooperation)
    template = "hospitals/pipeline/eligibility.html" + ("#form" if request.htmx else "")
    context = {
        "form": form,
        "cooperation": cooperation,
        "editable": editable,
        "checks": list(cooperation.checks.all()) if not editable else [],
    }
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@login_required
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft agreement of a cooperation (created on first save; editable while the file is prepared)."""
    cooperation = get_cooperation_for_user(request.user, pk, write=True)
    current = latest_agreement(cooperation)
    form = AgreementForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            agreements.save_agreement(cooperation, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Agreement saved."))
            return _to_detail(request, cooperation)
    template = "hospitals/pipeline/agreement_form.html" + ("#form" if request.htmx else "")
    context = {
        "form": form,
        "cooperation": cooperation,
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
    """The branch legal review (branch workers) or the HQ review (HQ approvers) of a deviating agreement."""
    if kind not in ("legal", "hq"):
        raise Http404
    agreement = get_agreement_for_user(request.user, pk)
    allowed = (
        can_decide_cooperation(request.user)
        if kind == "hq"
        else can_work_network(request.user, agreement.cooperation)
    )
    if not allowed:
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
def agreement_signing(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, write=True)
    form = SigningForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            agreements.record_signing(
                agreement,
                signed_on=form.cleaned_data["signed_on"],
                scan=form.cleaned_data["scan"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Signing recorded."))
            return redirect("hospitals:detail", agreement.cooperation.hospital_id)
    return _page(request, agreement.cooperation.hospital, agreement=agreement, signing_form=form)


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
    return _page(request, agreement.cooperation.hospital, agreement=agreement, filing_form=form)


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


@require_GET
@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """HQ's queue: every branch's submissions with their evidence, decided in one screen."""
    if not can_decide_cooperation(request.user):
        raise Http404
    queue = list(approvals_queue())
    for cooperation in queue:
        cooperation.actions = COOPERATION.actions_for(request.user, cooperation)
    return render(request, "hospitals/pipeline/approvals.html", {"queue": queue})


@require_GET
@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The pipeline by state: how many cooperations in each, and the newest ones in each column."""
    require_network_reader(request.user)
    return render(request, "hospitals/pipeline/board.html", {"columns": board_columns(request.user)})


urlpatterns = [
    path("<int:pk>/", detail, name="detail"),
    path("board/", board, name="board"),
    path("approvals/", approvals, name="approvals"),
    path("cooperations/<int:pk>/act/<slug:action>/", act, name="act"),
    path("cooperations/<int:pk>/eligibility/", eligibility, name="eligibility"),
    path("cooperations/<int:pk>/agreement/", agreement, name="agreement"),
    path("agreements/<int:pk>/print/", agreement_print, name="agreement_print"),
    path("agreements/<int:pk>/review/<slug:kind>/", agreement_review, name="agreement_review"),
    path("agreements/<int:pk>/signing/", agreement_signing, name="agreement_signing"),
    path("agreements/<int:pk>/filing/", agreement_filing, name="agreement_filing"),
    path("agreements/<int:pk>/scan/", agreement_scan, name="agreement_scan"),
]
