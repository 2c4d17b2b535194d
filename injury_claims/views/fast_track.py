"""Pages of the fast track (小额人伤快速处理, seed 001 p11–19), built for a phone at the roadside or the bedside: record
the facts and see the band the standard proposes (or why the case cannot take it), take the steps, print the
agreement for signature, upload the signed scan. Thin: services.fast_track holds the use cases, selectors.fast_track
the reads."""

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
from workflow.services import TransitionNotPermitted

from ..forms.fast_track import FactsForm, ScanForm, ScoreForm
from ..printing import FAST_TRACK_JOB
from ..selectors.claims import get_person_for_user
from ..selectors.fast_track import agreement_problem, fast_track_page, get_fast_track_for_user, offered_to
from ..services import fast_track as services
from ..workflows.fast_track import FAST_TRACK


def _errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@require_http_methods(["GET", "POST"])
@login_required
def fast_track_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the facts; the standard proposes the band, or says every reason the case cannot take the fast track
    (nothing is saved then: the normal follow-up goes on)."""
    person = get_person_for_user(request.user, pk)
    if hasattr(person, "fast_track"):
        return redirect("injury_claims:fast_track", person.fast_track.pk)
    if not offered_to(request.user, person):
        raise PermissionDenied
    form = FactsForm(request.POST or None)
    refused = []
    if request.method == "POST" and form.is_valid():
        try:
            track = services.open_fast_track(person, form.facts(), by=request.user)
        except ValidationError as exc:
            refused = exc.messages
        else:
            messages.success(
                request, _("Band proposed: up to ¥%(ceiling)s.") % {"ceiling": f"{track.ceiling:,.2f}"}
            )
            return redirect("injury_claims:fast_track", track.pk)
    return render(
        request, "injury_claims/fast_track/new.html", {"person": person, "form": form, "refused": refused}
    )


def _page(request, track, *, scan_form=None, failed=None) -> HttpResponse:
    context = fast_track_page(track, request.user)
    if failed is not None:  # the step's form again, with its errors
        context["actions"] = [failed if a.name == failed.name else a for a in context["actions"]]
    context["scan_form"] = scan_form or ScanForm()
    return render(request, "injury_claims/fast_track/detail.html", context)


@require_GET
@login_required
def fast_track(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_fast_track_for_user(request.user, pk))


@require_POST
@login_required
def fast_track_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    track = get_fast_track_for_user(request.user, pk)
    try:
        if (
            action == "score_case"
        ):  # p19: the score also approves the person's costs at the agreement's amounts
            outcome = _score(request, track)
        else:
            outcome = take_step(FAST_TRACK, track, action, request.POST, by=request.user)
    except UnknownStep as exc:
        raise Http404 from exc
    except TransitionNotPermitted as exc:
        raise PermissionDenied from exc
    if outcome.done:
        messages.success(request, FAST_TRACK.event_label(action))
        return redirect("injury_claims:fast_track", track.pk)
    from workflow.declaration import Action

    return _page(request, track, failed=Action(action, FAST_TRACK.step(action), outcome.form))


def _score(request, track):
    from workflow.actions import StepOutcome
    from workflow.services import TransitionRefused

    transition = track.score_case._django_fsm.get_transition(track.state)
    if transition is not None and not transition.has_perm(track, request.user):
        raise TransitionNotPermitted("score_case")
    form = ScoreForm(request.POST, instance=track, auto_id="id_score_case_%s")
    if not form.is_valid():
        return StepOutcome(form)
    try:
        event = services.score(
            track,
            by=request.user,
            score=form.cleaned_data["score"],
            note=form.cleaned_data.get("note", ""),
            expected_state=form.cleaned_data["expected_state"],
        )
    except TransitionRefused as exc:
        for message in exc.messages:
            form.add_error(exc.field if exc.field in form.fields else None, message)
        return StepOutcome(form)
    except ValidationError as exc:
        _errors(form, exc)
        return StepOutcome(form)
    return StepOutcome(form, event)


@require_POST
@login_required
def fast_track_scan(request: HttpRequest, pk: int) -> HttpResponse:
    track = get_fast_track_for_user(request.user, pk)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.file_signed_agreement(track, form.cleaned_data["scan"], by=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Signed agreement filed."))
            return redirect("injury_claims:fast_track", track.pk)
    return _page(request, track, scan_form=form)


@require_POST
@login_required
def fast_track_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement for both parties to sign, printed in the worker; the page follows the job."""
    track = get_fast_track_for_user(request.user, pk)
    problem = agreement_problem(track)
    if problem:
        messages.error(request, problem)
        return redirect("injury_claims:fast_track", track.pk)
    back = track.get_absolute_url()
    started = start_job(FAST_TRACK_JOB, by=request.user, params={"track": track.pk}, back=back)
    return redirect("documents:job", started.pk)


urlpatterns = [
    path("persons/<int:pk>/fast-track/", fast_track_new, name="fast_track_new"),
    path("fast-tracks/<int:pk>/", fast_track, name="fast_track"),
    path("fast-tracks/<int:pk>/step/<slug:action>/", fast_track_step, name="fast_track_step"),
    path("fast-tracks/<int:pk>/scan/", fast_track_scan, name="fast_track_scan"),
    path("fast-tracks/<int:pk>/print/", fast_track_print, name="fast_track_print"),
]
