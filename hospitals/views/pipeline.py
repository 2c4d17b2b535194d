"""The cooperation pipeline: the hospital page with its timeline, the steps, the eligibility checklist, proposing a
hospital again, the HQ approval queue and the pipeline board. Labels, forms and available steps come from the
workflow declaration (hospitals.workflows.COOPERATION). The agreement's pages are in .agreements, the annual
evaluation's in .evaluation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workflow.actions import UnknownStep, take_step
from workflow.declaration import Action
from workflow.services import TransitionNotPermitted

from ..forms.pipeline import EligibilityForm, FilingForm, FunctionDecisionForm, LiaisonsForm, SigningForm
from ..rules import can_decide_cooperation
from ..selectors import (
    board_columns,
    get_cooperation_for_user,
    get_hospital_for_user,
    hospital_page,
    hq_desk,
    require_network_reader,
)
from ..services import pipeline
from ..workflows import COOPERATION, EVALUATION


@require_GET
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return page(request, get_hospital_for_user(request.user, pk))


def page(
    request: HttpRequest, hospital, *, step=None, evaluation_step=None, agreement=None, **forms
) -> HttpResponse:
    """The hospital page; after a refused form, with that form bound so its errors show next to its fields
    (status 200: htmx and browsers both show it)."""
    context = hospital_page(request.user, hospital)
    for version in context.get("agreements", []):
        mine = agreement is not None and version.pk == agreement.pk
        version.signing_form = (
            forms["signing_form"] if mine and "signing_form" in forms else SigningForm(agreement=version)
        )
        version.filing_form = forms["filing_form"] if mine and "filing_form" in forms else FilingForm()
        version.decision_form = (
            forms["decision_form"] if mine and "decision_form" in forms else FunctionDecisionForm()
        )
    if step is not None:
        _bind(context.setdefault("actions", []), COOPERATION, *step)
    if evaluation_step is not None:
        evaluation, name, form = evaluation_step
        for shown in context.get("evaluations", []):
            if shown.pk == evaluation.pk:
                _bind(shown.actions, EVALUATION, name, form)
    return render(request, "hospitals/pipeline/detail.html", context)


def _bind(actions: list, workflow, name: str, form) -> None:
    """Put the refused step's bound form in place of its blank one."""
    for action in actions:
        if action.name == name:
            action.form = form
            return
    actions.insert(0, Action(name, workflow.step(name), form))


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
        return page(request, cooperation.hospital, step=(action, outcome.form))
    messages.success(
        request,
        _("%(hospital)s is now “%(state)s”.")
        % {"hospital": cooperation.hospital, "state": COOPERATION.state_label(outcome.event.to_state)},
    )
    return redirect(_next_url(request, reverse("hospitals:detail", args=[cooperation.hospital_id])))


def to_detail(request: HttpRequest, cooperation) -> HttpResponse:
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
    liaisons_editable = COOPERATION.may_edit(cooperation, "liaisons")
    form_class = EligibilityForm if editable else LiaisonsForm
    form = form_class(request.POST or None, cooperation=cooperation)
    refused = ""
    if request.method == "POST" and not (editable or liaisons_editable):
        # Posted from a page opened before the file moved on: nothing of it may change now (the page shows no
        # form to put the errors on), so say why, whatever was posted.
        refused = _("This cannot change while the cooperation is “%(state)s”.") % {
            "state": cooperation.get_state_display()
        }
    elif request.method == "POST" and form.is_valid():
        try:
            if editable:
                pipeline.save_eligibility(cooperation, form.checks(), details=form.details(), by=request.user)
            else:
                pipeline.save_liaisons(cooperation, form.details(), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return to_detail(request, cooperation)
    template = "hospitals/pipeline/eligibility.html" + ("#form" if request.htmx else "")
    context = {
        "form": form,
        "cooperation": cooperation,
        "editable": editable,
        "liaisons_editable": liaisons_editable,
        "refused": refused,
        "condition_7": cooperation.hospital.condition_7(),
        "checks": list(cooperation.checks.all()) if not editable else [],
    }
    return render(request, template, context)


@require_POST
@login_required
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a hospital again after a rejected, terminated or expired cooperation: a new cooperation."""
    hospital = get_hospital_for_user(request.user, pk, write=True)
    try:
        pipeline.propose_again(hospital, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(hospital)s is proposed again: a new cooperation.") % {"hospital": hospital}
        )
    return redirect("hospitals:detail", hospital.pk)


@require_GET
@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """HQ's desk: every branch's submissions with their evidence, the functions waiting for HQ's approval, the
    annual evaluations to decide and the signed versions not yet filed."""
    if not can_decide_cooperation(request.user):
        raise Http404
    desk = hq_desk()
    for cooperation in desk["queue"]:
        cooperation.actions = COOPERATION.actions_for(request.user, cooperation)
    for evaluation in desk["evaluations"]:
        evaluation.actions = EVALUATION.actions_for(request.user, evaluation)
    return render(
        request, "hospitals/pipeline/approvals.html", {**desk, "decision_form": FunctionDecisionForm()}
    )


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
    path("<int:pk>/propose/", propose, name="propose"),
]
