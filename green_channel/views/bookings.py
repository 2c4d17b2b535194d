"""The agent's and the vendor's booking pages (重疾绿通服务预约, issue 12 points 4, 5 and 7): look a customer up by ID
number or policy and see what they may use; a new request on one screen; the board coloured by the time left; each
booking with its steps, clocks and timeline. Thin: the use cases are ``green_channel.services.bookings``, the
reads ``green_channel.selectors``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workflow.actions import UnknownStep, take_step
from workflow.services import TransitionNotPermitted, TransitionRefused

from .. import selectors
from ..forms.bookings import (
    BoardFilterForm,
    CancelForm,
    ChoiceForm,
    ConfirmForm,
    ExpertFormSet,
    LookupForm,
    NoShowForm,
    RequestForm,
    SatisfactionForm,
    ServedForm,
)
from ..rules import can_work_bookings, is_agent
from ..services import bookings as services
from ..workflows.booking import BOOKING


def _agent_or_404(user) -> None:
    if not is_agent(user):
        raise Http404


@require_http_methods(["GET", "POST"])
@login_required
def lookup(request: HttpRequest) -> HttpResponse:
    """Look a customer up by ID number or policy number: each policy's entitlements with the reason for every
    "not available yet / used up / not covered", and the open requests. The number is POSTed: in a query string
    a whole ID number would land in the access logs, the browser history and the proxy's logs."""
    _agent_or_404(request.user)
    form = LookupForm(request.POST or None)
    results = None
    if form.is_bound and form.is_valid():
        results = selectors.customer_view(request.user, form.cleaned_data["q"])
    return render(request, "green_channel/lookup.html", {"form": form, "results": results})


@require_http_methods(["GET", "POST"])
@login_required
def booking_new(request: HttpRequest, pk: int) -> HttpResponse:
    _agent_or_404(request.user)
    policy = selectors.get_policy_for_user(request.user, pk)
    if policy is None:
        raise Http404
    initial = {"service": request.GET.get("service")} if request.GET.get("service", "").isdigit() else {}
    form = RequestForm(request.POST or None, policy=policy, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.new_booking(
                policy,
                data["service"],
                by=request.user,
                channel=data["channel"],
                need=data["need"],
                city=data["city"],
                hospital=data["hospital"],
                department=data["department"],
                mobile=data["mobile"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, BOOKING.event_label("request"))
            return redirect(booking.get_absolute_url())
    entitlements = selectors.entitlements_for_policy(policy.pk)
    return render(
        request,
        "green_channel/booking_new.html",
        {"form": form, "policy": policy, "entitlements": entitlements},
        status=200,
    )


@require_GET
@login_required
def board(request: HttpRequest) -> HttpResponse:
    if not can_work_bookings(request.user):
        raise Http404
    form = BoardFilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    product = form.cleaned_data.get("product") if form.is_valid() else None
    page = Paginator(selectors.booking_board(request.user, state, product), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "green_channel/board.html",
        {"form": form, "page": page, "rows": selectors.with_clocks(page.object_list)},
    )


def _booking(request, pk: int):
    booking = selectors.get_booking_for_user(request.user, pk)
    if booking is None:
        raise Http404
    return booking


@require_GET
@login_required
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    context = selectors.booking_page(booking, request.user)
    context["experts_formset"] = ExpertFormSet(prefix="experts")
    context["confirm_form"] = ConfirmForm(
        initial={
            "expected_state": booking.state,
            "hospital": booking.appointment_hospital,
            "department": booking.appointment_department,
            "expert": booking.appointment_expert,
        },
        auto_id="id_confirm_%s",
    )
    context["served_form"] = ServedForm(initial={"expected_state": booking.state}, auto_id="id_served_%s")
    context["no_show_form"] = NoShowForm(initial={"expected_state": booking.state}, auto_id="id_no_show_%s")
    context["cancel_form"] = CancelForm(initial={"expected_state": booking.state}, auto_id="id_cancel_%s")
    context["satisfaction_form"] = SatisfactionForm(
        initial={"expected_state": booking.state}, auto_id="id_satisfaction_%s"
    )
    return render(request, "green_channel/booking.html", context)


def _form_errors(request, form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _act(request, booking, action: str) -> str | None:
    """Run one booking action from the POST; returns the success message, or None (errors already told)."""
    post, by = request.POST, request.user
    if action == "document":
        if not post.get("requirement", "").isdigit():
            raise ValidationError(_("Choose a document of the checklist."))
        services.receive_document(booking, int(post["requirement"]), by=by)
        return BOOKING.event_label("document")
    if action == "hand_over":
        services.hand_over(booking, by=by)
        return BOOKING.event_label("hand_over")
    if action == "experts":
        formset = ExpertFormSet(post, prefix="experts")
        if not formset.is_valid():
            for form in formset.forms:
                _form_errors(request, form)
            for error in formset.non_form_errors():
                messages.error(request, error)
            return None
        services.propose_experts(booking, formset.experts(), by=by)
        return BOOKING.event_label("propose")
    forms = {
        "choose": ChoiceForm,
        "confirm": ConfirmForm,
        "served": ServedForm,
        "no_show": NoShowForm,
        "satisfaction": SatisfactionForm,
        "cancel": CancelForm,
    }
    if action not in forms:
        raise Http404
    form = forms[action](post)
    if not form.is_valid():
        _form_errors(request, form)
        return None
    data = form.cleaned_data
    expected = data["expected_state"]
    if action == "choose":
        services.record_choice(booking, data["proposal"], by=by, expected_state=expected)
        return BOOKING.event_label("choose_expert")
    if action == "confirm":
        services.confirm(
            booking,
            appointment_at=data["appointment_at"],
            hospital=data["hospital"],
            department=data["department"],
            expert=data["expert"],
            note=data["note"],
            by=by,
            expected_state=expected,
        )
        return BOOKING.event_label("confirm")
    if action == "served":
        services.serve(booking, on=data["on"], note=data["note"], by=by, expected_state=expected)
        return BOOKING.event_label("served")
    if action == "no_show":
        services.record_no_show(
            booking, counts=data["counts"], note=data["note"], by=by, expected_state=expected
        )
        return BOOKING.event_label("missed")
    if action == "satisfaction":
        services.record_satisfaction(
            booking, score=data["score"], note=data["note"], by=by, expected_state=expected
        )
        return BOOKING.event_label("close")
    services.cancel(booking, note=data["note"], counts=data["counts"], by=by, expected_state=expected)
    return BOOKING.event_label("cancel")


@require_POST
@login_required
def booking_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """A step of the booking: a declared step (the note form) or one of the arranging actions."""
    booking = _booking(request, pk)
    if action in BOOKING.steps and BOOKING.steps[action].offered:
        try:
            outcome = take_step(BOOKING, booking, action, request.POST, by=request.user)
        except UnknownStep as exc:
            raise Http404 from exc
        except TransitionNotPermitted as exc:
            raise PermissionDenied from exc
        if outcome.done:
            messages.success(request, BOOKING.event_label(action))
        else:
            for message in outcome.errors():
                messages.error(request, message)
        return redirect(booking.get_absolute_url())
    try:
        done = _act(request, booking, action)
    except (PermissionDenied, TransitionNotPermitted) as exc:
        raise PermissionDenied from exc
    except (TransitionRefused, ValidationError) as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if done:
            messages.success(request, done)
    return redirect(booking.get_absolute_url())


urlpatterns = [
    path("", lookup, name="lookup"),
    path("policies/<int:pk>/request/", booking_new, name="booking_new"),
    path("bookings/", board, name="bookings"),
    path("bookings/<int:pk>/", booking_detail, name="booking"),
    path("bookings/<int:pk>/do/<slug:action>/", booking_act, name="booking_act"),
]
