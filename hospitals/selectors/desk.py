"""HQ's desk (submissions with their checks made openly, functions to approve, evaluations to decide, signed
versions not yet filed) and the pipeline board."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from ..models import Agreement, AnnualEvaluation, Condition, Cooperation, EligibilityCheck, FunctionApproval
from ..workflows import COOPERATION

BOARD_CARDS = 20


def approvals_queue():
    """Every branch's submissions waiting for HQ, oldest first, with their evidence (constant queries)."""
    return (
        Cooperation.objects.filter(state=Cooperation.State.SUBMITTED)
        .select_related("hospital", "org", "created_by")
        .prefetch_related(
            Prefetch("checks", queryset=EligibilityCheck.objects.order_by("condition")),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.order_by("-version").select_related(
                    "document", "legal_reviewed_by", "hq_reviewed_by"
                ),
            ),
        )
        .order_by("submitted_at", "pk")
    )


def hq_desk() -> dict:
    """What waits for HQ (constant queries): submissions with their evidence and the rule checks made openly
    (condition 7 as written, the licence's validity, unmet or unevidenced conditions), functions to approve,
    annual evaluations to decide, signed versions not yet filed."""
    today = timezone.localdate()
    queue = list(approvals_queue())
    for cooperation in queue:
        cooperation.condition_7 = cooperation.hospital.condition_7()
        cooperation.licence_in_force = cooperation.hospital.licence_in_force(today)
        checks = list(cooperation.checks.all())
        cooperation.doubtful = [c for c in checks if not c.met or not c.evidence.strip()]
        cooperation.unrecorded = len(Condition) - len(checks)
        cooperation.draft = max(cooperation.agreements.all(), key=lambda a: a.version, default=None)
    return {
        "queue": queue,
        "functions": list(pending_function_approvals()),
        "evaluations": list(pending_evaluations()),
        "unfiled": list(unfiled_agreements()),
    }


def pending_evaluations():
    """Annual evaluations waiting for HQ's decision, oldest first."""
    return (
        AnnualEvaluation.objects.filter(state=AnnualEvaluation.State.SUBMITTED)
        .select_related("cooperation", "cooperation__hospital", "org", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def pending_function_approvals():
    """Functions a branch asked HQ to approve, not yet decided, oldest first."""
    return (
        FunctionApproval.objects.filter(
            status=FunctionApproval.Status.REQUESTED, agreement__signed_on__isnull=True
        )
        .exclude(agreement__cooperation__state__in=Cooperation.FINAL)
        .select_related(
            "agreement",
            "agreement__cooperation",
            "agreement__cooperation__hospital",
            "agreement__cooperation__org",
        )
        .order_by("requested_at", "pk")
    )


def unfiled_agreements(user=None):
    """Signed versions not filed with HQ yet, of cooperations that still run; scoped to the person when given."""
    cooperations = Cooperation.objects.exclude(state__in=Cooperation.FINAL)
    if user is not None:
        cooperations = cooperations.visible_to(user)
    return (
        Agreement.objects.filter(
            signed_on__isnull=False, filed_with_hq_on__isnull=True, cooperation__in=cooperations
        )
        .select_related("cooperation", "cooperation__hospital", "cooperation__org")
        .order_by("signed_on", "pk")
    )


def board_columns(user) -> list[dict]:
    """The pipeline by state: how many cooperations in each, and the newest ones in each column."""
    visible = Cooperation.objects.visible_to(user)
    counts = dict(visible.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    newest = Window(RowNumber(), partition_by=F("state"), order_by=F("created_at").desc())
    cards: dict[str, list[Cooperation]] = {}
    for cooperation in (
        visible.select_related("hospital", "org").annotate(rank=newest).filter(rank__lte=BOARD_CARDS)
    ):
        cards.setdefault(cooperation.state, []).append(cooperation)
    return [
        {"state": state, "label": label, "count": counts.get(state, 0), "cards": cards.get(state, [])}
        for state, label in COOPERATION.states.choices
    ]
