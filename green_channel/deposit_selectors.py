"""Read side of the hospital-deposit advance (住院费用垫付): the org's list (a constant number of queries however many
rows), the permission-checked fetch helpers (missing and forbidden both 404) and the detail page's context."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from sla.models import Deadline
from workflow.models import Event
from workflow.timeline import describe

from .models import DepositAdvance, DepositPayment, Policy, ServiceStep
from .rules import can_work_deposits
from .workflows.deposit import DEPOSIT, PAYMENT_STEPS


def deposits_for(user) -> QuerySet[DepositAdvance]:
    """The advances of the agent's org units, newest application first, with their advanced totals."""
    if not can_work_deposits(user):
        return DepositAdvance.objects.none()
    return (
        DepositAdvance.objects.visible_to(user)
        .select_related("policy", "policy__insured", "policy__product", "hospital", "org")
        .annotate(advanced=Sum("payments__amount"))
        .order_by("-applied_at", "-pk")
    )


def get_deposit_for_user(user, pk: int) -> DepositAdvance:
    if not can_work_deposits(user):
        raise Http404
    advance = get_object_or_404(
        DepositAdvance.objects.visible_to(user)
        .select_related(
            "policy", "policy__insured", "policy__product", "hospital", "org", "service", "settlement"
        )
        .prefetch_related(
            Prefetch(
                "payments", queryset=DepositPayment.objects.select_related("by").order_by("paid_on", "pk")
            ),
            Prefetch("service__steps", queryset=ServiceStep.objects.order_by("order", "pk")),
        ),
        pk=pk,
    )
    if not can_work_deposits(user, advance):
        raise Http404
    return advance


def get_policy_for_user(user, pk) -> Policy:
    if not can_work_deposits(user):
        raise Http404
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    policy = get_object_or_404(
        Policy.objects.visible_to(user).select_related("insured", "product", "org"), pk=pk
    )
    if not can_work_deposits(user, policy):
        raise Http404
    return policy


def get_payment_for_user(user, pk: int) -> DepositPayment:
    if not can_work_deposits(user):
        raise Http404
    payment = get_object_or_404(DepositPayment.objects.select_related("advance"), pk=pk)
    if not can_work_deposits(user, payment.advance):
        raise Http404
    return payment


def hospitals_for(user):
    """The registry hospitals an agent may choose (their branch's network)."""
    from hospitals.models import Hospital

    return Hospital.objects.visible_to(user).order_by("name")


def timeline_for(advance: DepositAdvance, limit: int = 50) -> list[dict]:
    events = Event.objects.of(DepositAdvance.objects.filter(pk=advance.pk)).select_related("actor")
    return describe(events.order_by("-created_at", "-pk")[:limit])


def deposit_page(advance: DepositAdvance, user, *, failed=None) -> dict:
    """The detail page: the advance, its product's service levels, the money, the reconciliation, the clocks, the
    steps this agent may take (a step whose POST failed comes back with its form and errors) and the timeline."""
    actions = DEPOSIT.actions_for(user, advance)
    if failed is not None:
        name, form = failed
        for action in actions:
            if action.name == name:
                action.form = form
    return {
        "advance": advance,
        "policy": advance.policy,
        "steps": list(advance.service.steps.all()),
        "payments": list(advance.payments.all()),
        "settlement": advance.settlement_or_none,
        "reconciliation": advance.reconciliation(),
        "actions": actions,
        "payment_steps": PAYMENT_STEPS,
        "deadlines": list(
            Deadline.objects.for_object(advance).select_related("policy").order_by("-started_at", "-pk")
        ),
        "timeline": timeline_for(advance),
    }
