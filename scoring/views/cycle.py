"""The assessment cycle's pages (issue 13, points 1, 4 and 6): the years, a year's rubric and its opening, a
branch's scorecard with every fact, the branch's explanations and disputes, HQ's answers, adjustments, finalising
and reopening. Thin: the use cases are scoring.services.cycle, the reads scoring.selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workflow.actions import UnknownStep, take_step
from workflow.forms import ReasonsForm
from workflow.services import TransitionNotPermitted, TransitionRefused

from .. import selectors
from ..forms.cycle import AdjustForm, AnswerForm, NoteForm, RubricForm, YearForm
from ..models import Dispute
from ..rules import can_answer_scorecard, can_assess
from ..services import cycle as services
from ..services.cycle import NotAllowed
from ..workflows import SCORECARD


# --- the years -----------------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def years(request: HttpRequest) -> HttpResponse:
    """Every assessment year; HQ prepares the next one here."""
    selectors.require_reader(request.user)
    form = YearForm(request.POST or None)
    if request.method == "POST":
        selectors.require_assessor(request.user)
        if form.is_valid():
            try:
                assessment = services.create_year(form.cleaned_data["year"], by=request.user)
            except TransitionRefused as exc:
                form.add_error("year", exc.message)
            else:
                messages.success(
                    request, _("The assessment year %(year)s is prepared.") % {"year": assessment.year}
                )
                return redirect(assessment.get_absolute_url())
    return render(
        request,
        "scoring/years.html",
        {"rows": selectors.years_for(request.user), "form": form, "is_assessor": can_assess(request.user)},
    )


@require_GET
@login_required
def year(request: HttpRequest, year: int) -> HttpResponse:
    """A year: its rubric, whether it is open, and the way to the ranking, the samples and the branch's card."""
    assessment = selectors.get_assessment(request.user, year)
    return render(
        request,
        "scoring/year.html",
        {
            "assessment": assessment,
            "rubric": assessment.rubric(),
            "is_assessor": can_assess(request.user),
            "own": selectors.own_scorecard(request.user, assessment),
            "history": selectors.rubric_history(assessment) if can_assess(request.user) else [],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def rubric(request: HttpRequest, year: int) -> HttpResponse:
    """HQ edits the rubric before it opens the year."""
    selectors.require_assessor(request.user)
    assessment = selectors.get_assessment(request.user, year)
    if assessment.is_open:
        messages.error(request, _("The year is open: its rubric can no longer change."))
        return redirect(assessment.get_absolute_url())
    form = RubricForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.update_rubric(assessment, data, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionRefused as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The rubric of %(year)s is saved.") % {"year": year})
            return redirect(assessment.get_absolute_url())
    return render(request, "scoring/rubric.html", {"assessment": assessment, "form": form})


@require_POST
@login_required
def open_year(request: HttpRequest, year: int) -> HttpResponse:
    selectors.require_assessor(request.user)
    assessment = selectors.get_assessment(request.user, year)
    try:
        cards = services.open_year(assessment, by=request.user)
    except TransitionRefused as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The year %(year)s is open: %(n)s branches have their draft.")
            % {"year": year, "n": len(cards)},
        )
    return redirect(assessment.get_absolute_url())


# --- a scorecard -------------------------------------------------------------------------------------------------
def _page(request, scorecard, *, status=200, **forms) -> HttpResponse:
    user = request.user
    context = selectors.scorecard_page(user, scorecard)
    may_answer = can_answer_scorecard(user, scorecard)
    is_assessor = can_assess(user)
    context.update(
        {
            "is_assessor": is_assessor,
            "may_note": may_answer and SCORECARD.may_edit(scorecard, "explanations"),
            "may_adjust": is_assessor and SCORECARD.may_edit(scorecard, "adjustments"),
            "may_recompute": is_assessor and SCORECARD.may_edit(scorecard, "facts"),
            "note_form": forms.get("note_form")
            or NoteForm(initial={"expected_state": scorecard.state}, auto_id="id_note_%s"),
            "adjust_form": forms.get("adjust_form") or AdjustForm(auto_id="id_adjust_%s"),
        }
    )
    if is_assessor:
        bound = forms.get("answer_forms") or {}
        for row in context["rows"]:
            for dispute in row["open_disputes"]:
                dispute.answer_form = bound.get(dispute.pk) or AnswerForm(
                    auto_id=f"id_answer_{dispute.pk}_%s"
                )
    if forms.get("step"):
        name, form = forms["step"]
        context["actions"] = [
            (type(a)(a.name, a.step, form, a.blocked_by) if a.name == name else a) for a in context["actions"]
        ]
    return render(request, "scoring/scorecard.html", context, status=status)


@require_GET
@login_required
def scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.get_scorecard_for_user(request.user, pk))


@require_POST
@login_required
def scorecard_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """A declared step: the branch confirms; HQ finalises or reopens (with reasons)."""
    card = selectors.get_scorecard_for_user(request.user, pk)
    if action == "reopen":
        if not can_assess(request.user):
            raise PermissionDenied
        form = ReasonsForm(request.POST, instance=card, auto_id="id_reopen_%s")
        if form.is_valid():
            try:
                services.reopen(
                    card,
                    reason=form.cleaned_data["note"],
                    by=request.user,
                    expected_state=form.cleaned_data["expected_state"],
                )
            except TransitionNotPermitted as exc:
                raise PermissionDenied from exc
            except TransitionRefused as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, SCORECARD.event_label(action))
                return redirect(card.get_absolute_url())
        return _page(request, card, step=(action, form))
    try:
        outcome = take_step(SCORECARD, card, action, request.POST, by=request.user)
    except UnknownStep as exc:
        raise Http404 from exc
    except TransitionNotPermitted as exc:
        raise PermissionDenied from exc
    if outcome.done:
        messages.success(request, SCORECARD.event_label(action))
        return redirect(card.get_absolute_url())
    return _page(request, card, step=(action, outcome.form))


@require_POST
@login_required
def note(request: HttpRequest, pk: int) -> HttpResponse:
    """The branch explains or disputes an item."""
    card = selectors.get_scorecard_for_user(request.user, pk)
    if not can_answer_scorecard(request.user, card):
        raise PermissionDenied
    form = NoteForm(request.POST, auto_id="id_note_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == Dispute.Kind.DISPUTE:
                services.dispute_item(
                    card,
                    item=data["item"],
                    text=data["text"],
                    by=request.user,
                    expected_state=data["expected_state"],
                )
            else:
                services.explain(card, item=data["item"], text=data["text"], by=request.user)
        except TransitionNotPermitted as exc:
            raise PermissionDenied from exc
        except TransitionRefused as exc:
            for message in exc.messages:
                form.add_error(exc.field if exc.field in form.fields else None, message)
        else:
            if data["kind"] == Dispute.Kind.DISPUTE:
                messages.success(request, _("Your dispute is sent to HQ."))
            else:
                messages.success(request, _("Your explanation is on the scorecard."))
            return redirect(card.get_absolute_url())
    card.refresh_from_db()
    if not SCORECARD.may_edit(card, "explanations"):
        # The card moved on meanwhile (confirmed, final): the note form is not shown any more, so its refusal
        # is said in a toast, not left on a hidden form.
        for message in form.non_field_errors():
            messages.error(request, message)
    return _page(request, card, note_form=form)


@require_POST
@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """HQ answers a dispute."""
    dispute = selectors.get_dispute_for_user(request.user, pk)
    if not can_assess(request.user):
        raise PermissionDenied
    card = dispute.scorecard
    form = AnswerForm(request.POST, auto_id=f"id_answer_{dispute.pk}_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_dispute(
                dispute,
                upheld=data["upheld"],
                answer=data["answer"],
                points=data.get("points"),
                by=request.user,
            )
        except NotAllowed as exc:
            raise PermissionDenied from exc
        except TransitionRefused as exc:
            for message in exc.messages:
                form.add_error(exc.field if exc.field in form.fields else None, message)
        else:
            messages.success(request, _("Your answer is sent to the branch."))
            return redirect(card.get_absolute_url())
    return _page(request, card, answer_forms={dispute.pk: form})


@require_POST
@login_required
def adjust(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.get_scorecard_for_user(request.user, pk)
    if not can_assess(request.user):
        raise PermissionDenied
    form = AdjustForm(request.POST, auto_id="id_adjust_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.adjust(
                card, item=data["item"], points=data["points"], reason=data["reason"], by=request.user
            )
        except NotAllowed as exc:
            raise PermissionDenied from exc
        except TransitionRefused as exc:
            for message in exc.messages:
                form.add_error(exc.field if exc.field in form.fields else None, message)
        else:
            messages.success(request, _("The adjustment is recorded."))
            return redirect(card.get_absolute_url())
    card.refresh_from_db()
    return _page(request, card, adjust_form=form)


@require_POST
@login_required
def recompute(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.get_scorecard_for_user(request.user, pk)
    if not can_assess(request.user):
        raise PermissionDenied
    try:
        services.recompute(card, by=request.user)
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The facts are gathered again."))
    return redirect(card.get_absolute_url())


@require_GET
@login_required
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A final version a reopening replaced, as it was."""
    card = selectors.get_scorecard_for_user(request.user, pk)
    kept = get_object_or_404(card.versions.select_related("reopened_by", "finalised_by"), version=number)
    return render(request, "scoring/version.html", selectors.version_page(card, kept))
