"""Pages of claims, injured persons and reviews (seed 001). Thin: fetch (404 outside the scope), form, service or
selector, redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import formset_factory
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from organization.paging import CappedPaginator
from workflow.actions import UnknownStep, take_step
from workflow.services import TransitionNotPermitted, TransitionRefused

from ..forms.claims import (
    BillForm,
    BillLineFormSet,
    ClaimForm,
    FindingForm,
    FollowUpForm,
    LineDecisionForm,
    PersonForm,
    RevealForm,
)
from ..rules import can_reveal_personal, can_review, can_view_claims, can_work_claim, why_not_reviewer
from ..selectors.claims import (
    QUEUE_ORDERS,
    claim_page,
    claims_for,
    get_attachment_for_user,
    get_claim_for_user,
    get_person_for_user,
    get_review_for_user,
    person_page,
    review_page,
    review_queue,
)
from ..services import claims as services
from ..services import reviews as review_services
from ..workflows import PERSON, REVIEW_WORKFLOW, SURVEY

PAGE_SIZE = 50
QUEUE_COUNT_CAP = 1_000  # the reviewer queue counts at most this many (more: "Page 1 of more than 20")
PersonFormSet = formset_factory(PersonForm, extra=1, max_num=10)


@require_GET
@login_required
def claims(request: HttpRequest) -> HttpResponse:
    if not can_view_claims(request.user):
        raise Http404
    page = Paginator(claims_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "injury_claims/claims/list.html",
        {"page": page, "can_register": can_work_claim(request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def claim_new(request: HttpRequest) -> HttpResponse:
    """The report (报案): the claim, its survey and the injured persons reported with it."""
    if not can_work_claim(request.user):
        raise Http404
    org = request.user.org
    form = ClaimForm(request.POST or None, org=org, initial={"handler": request.user})
    persons = PersonFormSet(request.POST or None, prefix="persons")
    if request.method == "POST" and form.is_valid() and persons.is_valid():
        data = {**form.cleaned_data, "org": org}
        people = [f.values() for f in persons.forms if f.has_changed() and f.cleaned_data]
        try:
            claim = services.register_claim(data, people, by=request.user)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Claim %(report)s registered.") % {"report": claim.report_no})
            return redirect(claim.get_absolute_url())
    return render(request, "injury_claims/claims/form.html", {"form": form, "persons": persons})


def _attach(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@require_GET
@login_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_claim_for_user(request.user, pk)
    return render(
        request,
        "injury_claims/claims/detail.html",
        {**claim_page(record, request.user), "can_work": can_work_claim(request.user, record)},
    )


@require_POST
@login_required
def survey_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    record = get_claim_for_user(request.user, pk)
    try:
        outcome = take_step(SURVEY, record.survey, action, request.POST, by=request.user)
    except UnknownStep as exc:
        raise Http404 from exc
    except TransitionNotPermitted as exc:
        raise PermissionDenied from exc
    if not outcome.done:
        for message in outcome.errors():
            messages.error(request, message)
    else:
        messages.success(request, SURVEY.event_label(action))
    return redirect(record.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    """追加人伤 (seed 001 p26), or an injury reported after the report (p3)."""
    record = get_claim_for_user(request.user, pk)
    if not can_work_claim(request.user, record):
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.add_person(record, form.values(), by=request.user)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("%(name)s added: first follow-up opened.") % {"name": person.name})
            return redirect(person.get_absolute_url())
    return render(request, "injury_claims/persons/form.html", {"form": form, "claim": record})


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    if not can_work_claim(request.user, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(person, form.values(), by=request.user)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(person.get_absolute_url())
    return render(
        request, "injury_claims/persons/form.html", {"form": form, "claim": person.claim, "person": person}
    )


@require_GET
@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_person_for_user(request.user, pk)
    return _person(request, record)


def _person(request, record, *, status: int = 200, **forms) -> HttpResponse:
    can_work = can_work_claim(request.user, record)
    context = {
        **person_page(record, request.user),
        "can_work": can_work,
        "can_reveal": can_reveal_personal(request.user, record),
        "follow_up_form": forms.get("follow_up_form") or (FollowUpForm(person=record) if can_work else None),
        "finding_form": forms.get("finding_form") or FindingForm(),
        "reveal_form": forms.get("reveal_form") or RevealForm(),
        "revealed": forms.get("revealed"),
    }
    return render(request, "injury_claims/persons/detail.html", context, status=status)


@require_POST
@login_required
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_person_for_user(request.user, pk)
    if not can_work_claim(request.user, record):
        raise PermissionDenied
    form = FollowUpForm(request.POST, person=record)
    if form.is_valid():
        try:
            services.submit_follow_up(record, form.record(), by=request.user)
        except (ValidationError, TransitionRefused) as exc:
            if isinstance(exc, ValidationError):
                _attach(form, exc)
            else:
                for message in exc.messages:
                    form.add_error(None, message)
        else:
            messages.success(request, _("Follow-up submitted for review."))
            return redirect(record.get_absolute_url())
    return _person(request, record, follow_up_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def bill_new(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_person_for_user(request.user, pk)
    if not can_work_claim(request.user, record):
        raise PermissionDenied
    form = BillForm(
        request.POST or None, request.FILES or None, initial={"hospital_name": record.hospital_label}
    )
    lines = BillLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "scan"}
        rows = [f.cleaned_data for f in lines.forms if f.has_changed() and f.cleaned_data]
        try:
            review_services.record_bill(record, values, rows, form.cleaned_data["scan"], by=request.user)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Bill %(no)s recorded.") % {"no": values["number"]})
            return redirect(record.get_absolute_url())
    return render(
        request, "injury_claims/persons/bill_form.html", {"form": form, "lines": lines, "person": record}
    )


@require_POST
@login_required
def person_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    record = get_person_for_user(request.user, pk)
    if action == "submit_costs":
        if not can_work_claim(request.user, record):
            raise PermissionDenied
        try:
            review_services.submit_costs(
                record, by=request.user, expected_state=request.POST.get("expected_state")
            )
        except TransitionNotPermitted as exc:
            raise PermissionDenied from exc
        except TransitionRefused as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Costs submitted for review."))
        return redirect(record.get_absolute_url())
    try:
        outcome = take_step(PERSON, record, action, request.POST, by=request.user)
    except UnknownStep as exc:
        raise Http404 from exc
    except TransitionNotPermitted as exc:
        raise PermissionDenied from exc
    if outcome.done:
        messages.success(request, PERSON.event_label(action))
    else:
        for message in outcome.errors():
            messages.error(request, message)
    return redirect(record.get_absolute_url())


@require_POST
@login_required
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_person_for_user(request.user, pk)
    if not can_reveal_personal(request.user, record):
        raise PermissionDenied
    form = RevealForm(request.POST)
    revealed = None
    if form.is_valid():
        try:
            value = services.reveal(
                record, form.cleaned_data["field"], reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            revealed = {"field": form.cleaned_data["field"], "value": value}
    return _person(request, record, reveal_form=form, revealed=revealed)


@require_POST
@login_required
def finding(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_person_for_user(request.user, pk)
    if not can_work_claim(request.user, record):
        raise PermissionDenied
    investigation = record.open_investigation()
    if investigation is None:
        raise Http404
    form = FindingForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_finding(
                investigation,
                data["section"],
                status=data["status"],
                findings=data["findings"],
                by=request.user,
            )
            if data.get("evidence"):
                services.store_attachment(
                    record,
                    data["evidence"],
                    kind="investigation",
                    by=request.user,
                    investigation=investigation,
                    section=data["section"],
                )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Investigation section saved."))
            return redirect(record.get_absolute_url())
    return _person(request, record, finding_form=form)


@require_GET
@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_attachment_for_user(request.user, pk)
    content_type = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}[record.extension]
    response = FileResponse(
        record.file.open("rb"), content_type=content_type, as_attachment=False, filename=record.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- reviews ----------------------------------------------------------------------------------------------------
@require_GET
@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    if not can_view_claims(request.user):
        raise Http404
    order = request.GET.get("order") if request.GET.get("order") in QUEUE_ORDERS else "age"
    rows = review_queue(request.user, order=order)
    # A branch's backlog may hold 100,000 pending reviews: counting them all cost 144 ms a page (2 s at worst)
    # under load (bench/README.md, "Load — issue 14"); nobody pages past the first thousand, oldest or largest.
    page = CappedPaginator(rows, PAGE_SIZE, cap=QUEUE_COUNT_CAP).get_page(request.GET.get("page"))
    return render(request, "injury_claims/reviews/queue.html", {"page": page, "order": order})


@require_http_methods(["GET", "POST"])
@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_review_for_user(request.user, pk)
    context = review_page(record, request.user)
    lines = [line for bill in context["bills"] for line in bill.lines.all()]
    may_review = can_review(request.user, record) and record.state == "pending"
    forms = [
        (
            line,
            LineDecisionForm(
                request.POST or None,
                prefix=f"line-{line.pk}",
                item=line.item,
                initial={
                    "amount_approved": line.amount_approved
                    if line.amount_approved is not None
                    else line.amount_claimed,
                    "reduction_reason": line.reduction_reason,
                },
            ),
        )
        for line in lines
    ]
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied
        if all(form.is_valid() for _line, form in forms):
            amounts = {
                line.pk: (
                    form.cleaned_data["amount_approved"],
                    form.cleaned_data.get("reduction_reason") or "",
                )
                for line, form in forms
            }
            try:
                review_services.set_approved_amounts(record, amounts, by=request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Approved amounts saved."))
                return redirect(record.get_absolute_url())
    return render(
        request,
        "injury_claims/reviews/detail.html",
        {
            **context,
            "line_forms": forms,
            "may_review": may_review,
            "why_not": ""
            if may_review or record.state != "pending"
            else why_not_reviewer(request.user, record),
        },
    )


@require_POST
@login_required
def review_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    record = get_review_for_user(request.user, pk)
    if action not in REVIEW_WORKFLOW.steps:
        raise Http404
    if not can_review(request.user, record):
        raise PermissionDenied  # who may decide is answered before the form is read
    form = REVIEW_WORKFLOW.step(action).form_class(request.POST, instance=record)
    if not form.is_valid():
        for message in [str(e) for errors in form.errors.values() for e in errors]:
            messages.error(request, message)
        return redirect(record.get_absolute_url())
    try:
        review_services.decide_review(
            record,
            action,
            by=request.user,
            note=form.cleaned_data.get("note", ""),
            expected_state=form.cleaned_data["expected_state"],
        )
    except TransitionNotPermitted as exc:
        raise PermissionDenied from exc
    except TransitionRefused as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(record.get_absolute_url())
    messages.success(request, REVIEW_WORKFLOW.event_label(action))
    return redirect("injury_claims:reviews")


urlpatterns = [
    path("claims/", claims, name="claims"),
    path("claims/new/", claim_new, name="claim_new"),
    path("claims/<int:pk>/", claim, name="claim"),
    path("claims/<int:pk>/survey/<slug:action>/", survey_step, name="survey_step"),
    path("claims/<int:pk>/persons/new/", person_add, name="person_add"),
    path("persons/<int:pk>/", person, name="person"),
    path("persons/<int:pk>/edit/", person_edit, name="person_edit"),
    path("persons/<int:pk>/follow-up/", follow_up, name="follow_up"),
    path("persons/<int:pk>/bills/new/", bill_new, name="bill_new"),
    path("persons/<int:pk>/step/<slug:action>/", person_step, name="person_step"),
    path("persons/<int:pk>/reveal/", reveal, name="reveal"),
    path("persons/<int:pk>/findings/", finding, name="finding"),
    path("attachments/<int:pk>/", attachment, name="attachment"),
    path("reviews/", reviews, name="reviews"),
    path("reviews/<int:pk>/", review, name="review"),
    path("reviews/<int:pk>/decide/<slug:action>/", review_step, name="review_step"),
]
