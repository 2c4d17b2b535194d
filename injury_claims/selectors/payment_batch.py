"""Reads for the bank's payment batches (issue 10 point 5): the payments to make in a person's scope, their batches.

Who: the calculator/approver post and the claims head (``can_calculate``), in their scope. A claims reader without
that role may see the settlements but not make payment files (403); anyone else 404. Every list costs the same
number of queries whatever its length.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from organization.scoping import scope_for

from ..models import Payment, PaymentBatch, PaymentBatchLine
from ..rules import can_view_claims
from ..workflows.settlement import SettlementState, can_calculate

BATCH_CAP = 500  # payments in one file (and on the page): a bank's batch upload takes a few hundred lines
RECENT_BATCHES = 20


def may_make_payment_files(user) -> bool:
    return can_calculate(user)


def require_payment_maker(user) -> None:
    """404 for who does not work claims, 403 for a claims reader who does not pay."""
    if not can_view_claims(user):
        raise Http404
    if not can_calculate(user):
        raise PermissionDenied


def payments_to_make(user) -> QuerySet[Payment]:
    """The pending payments of approved settlements in the person's scope, oldest first, with what a row shows and
    the batches each was already sent in."""
    if not can_calculate(user):
        return Payment.objects.none()
    rows = Payment.objects.filter(
        status=Payment.Status.PENDING, settlement__state=SettlementState.APPROVED
    ).select_related("settlement", "settlement__person", "settlement__person__claim", "settlement__org")
    return (
        scope_for(user)
        .filter(rows, field="settlement__org")
        .prefetch_related(
            Prefetch(
                "batch_lines",
                queryset=PaymentBatchLine.objects.select_related("batch").order_by("-batch__at"),
                to_attr="sent_in",
            )
        )
        .order_by("created_at", "pk")
    )


def batches_for(user) -> QuerySet[PaymentBatch]:
    if not can_calculate(user):
        return PaymentBatch.objects.none()
    return scope_for(user).filter(PaymentBatch.objects.select_related("by", "org")).order_by("-at", "-pk")


def get_batch_for_user(user, pk: int) -> PaymentBatch:
    """A batch of the person's scope (404 otherwise; 403 for a claims reader who does not pay)."""
    require_payment_maker(user)
    batch = batches_for(user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def batch_lines(batch: PaymentBatch) -> QuerySet[PaymentBatchLine]:
    return batch.lines.select_related(
        "payment", "payment__settlement", "payment__settlement__person", "payment__settlement__person__claim"
    ).order_by("seq")
