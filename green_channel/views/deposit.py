"""Hospital-deposit advance pages (住院费用垫付, issue 12 point 6): the org's list, a new advance for a policy
(``?policy=<pk>``), the advance with its steps, money, reconciliation, clocks and timeline, and the receipts. Thin:
the use cases are ``green_channel.services.deposit``, the reads ``green_channel.deposit_selectors``. Green-channel
agents of the policy's org only; everyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workflow.services import TransitionNotPermitted

from .. import deposit_selectors as selectors
from ..forms.deposit import ApplicationForm
from ..rules import can_work_deposits
from ..services import deposit as services
from ..uploads import CONTENT_TYPES
from ..workflows.deposit import DEPOSIT


@require_GET
@login_required
def deposits(request: HttpRequest) -> HttpResponse:
    if not can_work_deposits(request.user):
        raise Http404
    rows = list(selectors.deposits_for(request.user)[:200])
    return render(request, "green_channel/deposit/list.html", {"advances": rows})


@require_http_methods(["GET", "POST"])
@login_required
def deposit_new(request: HttpRequest) -> HttpResponse:
    """ "客户致电我司客服热线申请住院费用直付服务": the agent records the call for the policy."""
    policy = selectors.get_policy_for_user(request.user, request.GET.get("policy"))
    hospitals = selectors.hospitals_for(request.user)
    form = ApplicationForm(
        request.POST or None,
        hospitals=hospitals,
        initial={"applied_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            advance = services.apply_for_advance(
                policy,
                applied_at=data["applied_at"],
                hospital=data["hospital"],
                hospital_name=data["hospital_name"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, DEPOSIT.event_label("applied"))
            return redirect(advance)
    context = {
        "policy": policy,
        "form": form,
        "service": services.deposit_service(policy),
        "hours": policy.product.service_hours,
    }
    return render(request, "green_channel/deposit/new.html", context)


@require_GET
@login_required
def deposit(request: HttpRequest, pk: int) -> HttpResponse:
    advance = selectors.get_deposit_for_user(request.user, pk)
    return render(request, "green_channel/deposit/detail.html", selectors.deposit_page(advance, request.user))


@require_POST
@login_required
def deposit_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step of the process; an invalid or refused one shows the page again (200) with the step's errors."""
    advance = selectors.get_deposit_for_user(request.user, pk)
    try:
        outcome = services.take_step(advance, action, request.POST, request.FILES, by=request.user)
    except services.UnknownStep as exc:
        raise Http404 from exc
    except TransitionNotPermitted as exc:
        raise PermissionDenied from exc
    if outcome.done:
        messages.success(request, DEPOSIT.event_label(action))
        return redirect(advance)
    for message in outcome.form.non_field_errors():
        messages.error(request, message)
    advance = selectors.get_deposit_for_user(request.user, pk)
    context = selectors.deposit_page(advance, request.user, failed=(action, outcome.form))
    return render(request, "green_channel/deposit/detail.html", context)


@require_GET
@login_required
def deposit_receipt(request: HttpRequest, pk: int) -> FileResponse:
    """The receipt (押金单) of a payment, only to the agents who may see the advance."""
    payment = selectors.get_payment_for_user(request.user, pk)
    name = payment.receipt.name.rsplit("/", 1)[-1]
    content_type = CONTENT_TYPES.get(name.rsplit(".", 1)[-1])
    response = FileResponse(payment.receipt.open("rb"), content_type=content_type, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("deposits/", deposits, name="deposits"),
    path("deposits/new/", deposit_new, name="deposit_new"),
    path("deposits/<int:pk>/", deposit, name="deposit"),
    path("deposits/<int:pk>/step/<slug:action>/", deposit_step, name="deposit_step"),
    path("deposit-payments/<int:pk>/receipt/", deposit_receipt, name="deposit_receipt"),
]
