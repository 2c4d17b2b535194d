"""Litigation pages (人伤涉诉, seed 001 p22–23): the branch's matters, opening one from the person page, the matter
page — claims by item with the reserve, the response plan, medical review's opinions (诉讼审核), hearings, the
court's documents, the steps — and printing the response summary. Thin: the use cases are
injury_claims.services.litigation, the reads injury_claims.selectors.litigation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents.jobs import start_job
from workflow.actions import UnknownStep
from workflow.services import TransitionNotPermitted, TransitionRefused

from ..forms.litigation import ClaimsForm, HearingForm, JudgmentForm, OpenForm, OpinionForm, PlanForm
from ..litigation_printing import SUMMARY_JOB
from ..rules import can_view_claims
from ..selectors.claims import get_person_for_user
from ..selectors.litigation import (
    default_officer,
    get_litigation_for_user,
    litigation_page,
    litigations_for,
    officers_for,
    summary_problem,
)
from ..services import litigation as services
from ..workflows.litigation import (
    LITIGATION,
    LitigationState,
    can_give_litigation_opinion,
    can_litigate,
)

PAGE_SIZE = 50


def _errors(form, exc: ValidationError | TransitionRefused) -> None:
    if isinstance(exc, TransitionRefused):
        for message in exc.messages:
            form.add_error(None, message)
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@require_GET
@login_required
def litigations(request: HttpRequest) -> HttpResponse:
    if not can_view_claims(request.user):
        raise Http404
    state = request.GET.get("state", "")
    rows = litigations_for(request.user)
    if state in LitigationState.values:
        rows = rows.filter(state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "injury_claims/litigation/list.html",
        {
            "page": page,
            "state": state,
            "states": LitigationState.choices,
            "query": f"state={state}" if state else "",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def open_matter(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    if not can_litigate(request.user, person):
        raise PermissionDenied
    officers = officers_for(person)
    initial = {"officer": default_officer(person, request.user)} if request.method == "GET" else None
    form = OpenForm(request.POST or None, initial=initial, officers=officers)
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.open_litigation(person, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, LITIGATION.event_label("opened"))
            return redirect(matter.get_absolute_url())
    return render(request, "injury_claims/litigation/open.html", {"person": person, "form": form})


def _page(request, matter, **forms) -> HttpResponse:
    context = litigation_page(matter, request.user)
    context.update(
        claims_form=forms.get("claims_form") or ClaimsForm(initial=ClaimsForm.initial_from(matter)),
        plan_form=forms.get("plan_form")
        or PlanForm(initial={"revision": matter.revision, "response_plan": matter.response_plan}),
        opinion_form=forms.get("opinion_form") or OpinionForm(initial={"expected_state": matter.state}),
        hearing_form=forms.get("hearing_form") or HearingForm(),
        judgment_form=forms.get("judgment_form")
        or JudgmentForm(initial={"expected_state": matter.state}, instance_no=context["instance_no"]),
    )
    return render(request, "injury_claims/litigation/detail.html", context)


@require_GET
@login_required
def matter_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_litigation_for_user(request.user, pk))


def _worked(request, pk: int):
    matter = get_litigation_for_user(request.user, pk)
    if not can_litigate(request.user, matter):
        raise PermissionDenied
    return matter


@require_POST
@login_required
def claims(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _worked(request, pk)
    form = ClaimsForm(request.POST)
    if form.is_valid():
        try:
            services.save_claims(
                matter, form.cleaned_data["items"], by=request.user, revision=form.cleaned_data["revision"]
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, LITIGATION.event_label("claims_saved"))
            return redirect(matter.get_absolute_url())
    return _page(request, matter, claims_form=form)


@require_POST
@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _worked(request, pk)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            services.save_plan(
                matter,
                form.cleaned_data["response_plan"],
                by=request.user,
                revision=form.cleaned_data["revision"],
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, LITIGATION.event_label("plan_saved"))
            return redirect(matter.get_absolute_url())
    return _page(request, matter, plan_form=form)


@require_POST
@login_required
def opinion(request: HttpRequest, pk: int) -> HttpResponse:
    matter = get_litigation_for_user(request.user, pk)
    if not can_give_litigation_opinion(request.user, matter):
        raise PermissionDenied
    form = OpinionForm(request.POST)
    if form.is_valid():
        try:
            services.give_opinion(
                matter, form.cleaned_data, by=request.user, expected_state=form.cleaned_data["expected_state"]
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, LITIGATION.event_label("opinion"))
            return redirect(matter.get_absolute_url())
    return _page(request, matter, opinion_form=form)


@require_POST
@login_required
def hearing_new(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _worked(request, pk)
    form = HearingForm(request.POST)
    if form.is_valid():
        try:
            services.schedule_hearing(matter, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, LITIGATION.event_label("hearing_scheduled"))
            return redirect(matter.get_absolute_url())
    return _page(request, matter, hearing_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def hearing_edit(request: HttpRequest, pk: int, hearing: int) -> HttpResponse:
    matter = _worked(request, pk)
    row = get_object_or_404(matter.hearings.all(), pk=hearing)
    form = HearingForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_hearing(row, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, LITIGATION.event_label("hearing_changed"))
            return redirect(matter.get_absolute_url())
    return render(
        request, "injury_claims/litigation/hearing.html", {"matter": matter, "hearing": row, "form": form}
    )


@require_POST
@login_required
def judgment(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _worked(request, pk)
    instance_no = 2 if matter.state == LitigationState.SECOND_INSTANCE else 1
    form = JudgmentForm(request.POST, request.FILES, instance_no=instance_no)
    if form.is_valid():
        try:
            services.record_judgment(
                matter, form.cleaned_data, by=request.user, expected_state=form.cleaned_data["expected_state"]
            )
        except TransitionNotPermitted as exc:
            raise PermissionDenied from exc
        except (ValidationError, TransitionRefused) as exc:
            _errors(form, exc)
        else:
            messages.success(request, LITIGATION.event_label("judgment_recorded"))
            return redirect(matter.get_absolute_url())
    return _page(request, matter, judgment_form=form)


@require_POST
@login_required
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    matter = get_litigation_for_user(request.user, pk)
    try:
        outcome = services.take_litigation_step(matter, action, request.POST, by=request.user)
    except UnknownStep as exc:
        raise Http404 from exc
    except TransitionNotPermitted as exc:
        raise PermissionDenied from exc
    if outcome.done:
        messages.success(request, LITIGATION.event_label(action))
    else:
        for message in outcome.errors():
            messages.error(request, message)
    return redirect(matter.get_absolute_url())


@require_POST
@login_required
def print_summary(request: HttpRequest, pk: int) -> HttpResponse:
    matter = get_litigation_for_user(request.user, pk)
    back = matter.get_absolute_url()
    problem = summary_problem(matter)
    if problem:
        messages.error(request, problem)
        return redirect(back)
    started = start_job(SUMMARY_JOB, by=request.user, params={"litigation": matter.pk}, back=back)
    return redirect("documents:job", started.pk)


urlpatterns = [
    path("litigation/", litigations, name="litigations"),
    path("persons/<int:pk>/litigation/", open_matter, name="litigation_open"),
    path("litigation/<int:pk>/", matter_page, name="litigation"),
    path("litigation/<int:pk>/claims/", claims, name="litigation_claims"),
    path("litigation/<int:pk>/plan/", plan, name="litigation_plan"),
    path("litigation/<int:pk>/opinions/", opinion, name="litigation_opinion"),
    path("litigation/<int:pk>/hearings/", hearing_new, name="litigation_hearing"),
    path("litigation/<int:pk>/hearings/<int:hearing>/", hearing_edit, name="litigation_hearing_edit"),
    path("litigation/<int:pk>/judgment/", judgment, name="litigation_judgment"),
    path("litigation/<int:pk>/step/<slug:action>/", step, name="litigation_step"),
    path("litigation/<int:pk>/print/", print_summary, name="print_litigation_summary"),
]
