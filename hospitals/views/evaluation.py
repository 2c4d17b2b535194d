"""The annual evaluation: the responsible persons record it and submit it to HQ; HQ decides on it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workflow.actions import UnknownStep, take_step
from workflow.services import TransitionNotPermitted

from ..forms.evaluation import EvaluationForm
from ..rules import can_evaluate_cooperation
from ..selectors import get_cooperation_for_user, get_evaluation_for_user
from ..services.evaluation import submit_evaluation
from ..workflows import EVALUATION
from .pipeline import page, to_detail


@require_http_methods(["GET", "POST"])
@login_required
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    """The first and second responsible persons evaluate a cooperating hospital and submit it to HQ."""
    cooperation = get_cooperation_for_user(request.user, pk)
    if not can_evaluate_cooperation(request.user, cooperation):
        raise PermissionDenied
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_evaluation(cooperation, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The evaluation is submitted to HQ."))
            return to_detail(request, cooperation)
    template = "hospitals/pipeline/evaluation_form.html" + ("#form" if request.htmx else "")
    return render(request, template, {"form": form, "cooperation": cooperation})


@require_POST
@login_required
def evaluation_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """HQ's decision on an evaluation (the declared step)."""
    evaluation = get_evaluation_for_user(request.user, pk)
    try:
        outcome = take_step(EVALUATION, evaluation, action, request.POST, by=request.user)
    except UnknownStep as exc:
        raise Http404 from exc
    except TransitionNotPermitted as exc:
        raise PermissionDenied from exc
    hospital = evaluation.cooperation.hospital
    if not outcome.done:
        return page(request, hospital, evaluation_step=(evaluation, action, outcome.form))
    messages.success(
        request,
        _("HQ's decision on the %(year)s evaluation of %(hospital)s is recorded.")
        % {"year": evaluation.year, "hospital": hospital},
    )
    if request.POST.get("next") == "approvals":
        return redirect("hospitals:approvals")
    return redirect("hospitals:detail", hospital.pk)


urlpatterns = [
    path("cooperations/<int:pk>/evaluate/", evaluate, name="evaluate"),
    path("evaluations/<int:pk>/act/<slug:action>/", evaluation_act, name="evaluation_act"),
]
