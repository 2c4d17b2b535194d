"""The satisfaction samples' pages (issue 13, points 2 and 3). HQ's claims department (``can_assess``) draws every
branch's samples, calls, visits and sends links; a branch's readers (``can_view_scoring``) see their own branch's
samples and answers read-only (403 when they try to act), another branch's are 404. The customer's questionnaire
link (:func:`survey_link`) is public: no login, no staff navigation, nothing shown but the questions and the
hospital's name. Thin: the use cases are ``scoring.services.surveys``, the reads ``scoring.selectors``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workflow.services import TransitionRefused

from .. import selectors
from ..forms.surveys import QuestionnaireForm, UnreachableForm
from ..models import Question, SurveyResponse
from ..rules import can_assess
from ..services import surveys as services


def _act_or_403(user) -> None:
    """The person sees the record (the fetch helper passed) but only HQ acts on samples."""
    if not can_assess(user):
        raise PermissionDenied


def _attach(form, exc: ValidationError | TransitionRefused) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(
                getattr(exc, "field", None) if getattr(exc, "field", None) in form.fields else None, message
            )


# --- the branches' samples ------------------------------------------------------------------------------------------
def _samples_page(request, assessment, *, error: str = "", status: int = 200) -> HttpResponse:
    context = {
        "assessment": assessment,
        "rows": selectors.sample_rows(request.user, assessment),
        "may_draw": can_assess(request.user),
        "year_running": timezone.localdate().year <= assessment.year,
        "error": error,
    }
    return render(request, "scoring/surveys/samples.html", context, status=status)


@require_GET
@login_required
def samples(request: HttpRequest, year: int) -> HttpResponse:
    return _samples_page(request, selectors.get_assessment(request.user, year))


@require_POST
@login_required
def draw(request: HttpRequest, year: int, org: int, kind: str) -> HttpResponse:
    assessment = selectors.get_assessment(request.user, year)
    branch = selectors.get_branch_for_user(request.user, org)
    if kind not in Question.Kind.values:
        raise Http404
    _act_or_403(request.user)
    try:
        done = services.draw_sample(assessment, branch, kind, by=request.user)
    except services.NotAllowed as exc:
        raise PermissionDenied from exc
    except TransitionRefused as exc:
        return _samples_page(request, assessment, error=exc.message)
    messages.success(request, _("Sample drawn."))
    return redirect("scoring:sample", pk=done.pk)


@require_GET
@login_required
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_draw_for_user(request.user, pk)
    context = selectors.sample_page(found)
    context["verification"] = services.verify_draw(found)
    context["may_act"] = can_assess(request.user)
    return render(request, "scoring/surveys/sample.html", context)


# --- one drawn customer or hospital -----------------------------------------------------------------------------------
def _response_page(request, response, *, form=None, unreachable_form=None, error="", mobile="", status=200):
    questions = selectors.questions(response.draw.kind)
    pending = response.status == SurveyResponse.Status.PENDING
    context = {
        "response": response,
        "draw": response.draw,
        "details": selectors.response_details(response),
        "pending": pending,
        "form": form or (QuestionnaireForm(questions=questions) if pending else None),
        "unreachable_form": unreachable_form or (UnreachableForm() if pending else None),
        "valid_until": services.link_valid_until(response),
        "error": error,
        "mobile": mobile,
    }
    return render(request, "scoring/surveys/response.html", context, status=status)


def _response_for_assessor(request, pk: int) -> SurveyResponse:
    response = selectors.get_response_for_user(request.user, pk)
    _act_or_403(request.user)
    return response


@require_http_methods(["GET", "POST"])
@login_required
def response(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the questionnaire to ask by phone or on site. POST: record the answers (an invalid one is shown again
    with its errors and nothing stored)."""
    found = _response_for_assessor(request, pk)
    if request.method == "GET":
        return _response_page(request, found)
    form = QuestionnaireForm(request.POST, questions=selectors.questions(found.draw.kind))
    if form.is_valid():
        try:
            services.record_answers(found, form.answers(), form.cleaned_data["channel"], by=request.user)
        except (ValidationError, TransitionRefused) as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Answers recorded."))
            return redirect("scoring:sample", pk=found.draw_id)
    return _response_page(request, found, form=form)


@require_POST
@login_required
def unreachable(request: HttpRequest, pk: int) -> HttpResponse:
    found = _response_for_assessor(request, pk)
    form = UnreachableForm(request.POST)
    if form.is_valid():
        try:
            replacement = services.mark_unreachable(found, form.cleaned_data["reason"], by=request.user)
        except (ValidationError, TransitionRefused) as exc:
            _attach(form, exc)
        else:
            if replacement is None:
                messages.warning(
                    request, _("Marked unreachable. The population is exhausted: no one is left to draw.")
                )
            else:
                messages.success(
                    request,
                    _("Marked unreachable; %(label)s is drawn instead.") % {"label": replacement.label},
                )
            return redirect("scoring:sample", pk=found.draw_id)
    return _response_page(request, found, unreachable_form=form)


@require_POST
@login_required
def send_link(request: HttpRequest, pk: int) -> HttpResponse:
    found = _response_for_assessor(request, pk)
    try:
        services.send_link(found, by=request.user)
    except TransitionRefused as exc:
        return _response_page(request, found, error=exc.message)
    messages.success(request, _("The questionnaire link is sent by SMS; an earlier link no longer works."))
    return redirect("scoring:response", pk=found.pk)


@require_POST
@login_required
def reveal_mobile(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole mobile of a drawn customer, to call them (audited)."""
    found = _response_for_assessor(request, pk)
    try:
        mobile = services.reveal_mobile(found, by=request.user)
    except TransitionRefused as exc:
        return _response_page(request, found, error=exc.message)
    return _response_page(request, found, mobile=mobile)


# --- the customer's link (public) -------------------------------------------------------------------------------------
def _public(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    result = render(request, f"scoring/surveys/{template}", context, status=status)
    result["Referrer-Policy"] = "no-referrer"  # the token is in the address
    result["X-Robots-Tag"] = "noindex, nofollow"
    return result


@never_cache
@require_http_methods(["GET", "POST"])
def survey_link(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the drawn customer answers on their phone. Expired, replaced, used or tampered links say so and
    change nothing."""
    try:
        found = services.open_link(token)
    except services.LinkRefused as exc:
        return _public(
            request, "link_refused.html", {"message": exc.message}, status=410 if exc.gone else 404
        )
    hospital = found.label.split(" · ", 1)[-1]
    questions = selectors.questions(Question.Kind.CUSTOMER)
    form = QuestionnaireForm(request.POST or None, questions=questions, staff=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_by_link(token, form.answers())
        except services.LinkRefused as exc:
            return _public(
                request, "link_refused.html", {"message": exc.message}, status=410 if exc.gone else 404
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            return _public(request, "link_done.html", {})
    return _public(request, "link_form.html", {"form": form, "hospital": hospital})
