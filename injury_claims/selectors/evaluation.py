"""Read side of 考评 (seed 001 p31: "增加了对人伤环节中任意人员的考评功能"): who worked on a person's case at which step,
the criteria in use, and the evaluations an evaluator may read (those of the org units they cover)."""

from __future__ import annotations

from django.db.models import Avg, Count, Max, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from organization.models import User
from organization.scoping import scope_for
from workflow.models import Event

from ..choices import ReviewKind
from ..models import EvaluationCriterion, FollowUp, InjuredPerson, Mediation, Review, StaffEvaluation
from ..rules import can_evaluate_staff
from ..workflows import PersonState

HANDLING = "handling"
MEDIATION = (
    "mediation"  # the mediator of the person's mediation (人伤调解): their work is evaluated too (p8 考核)
)
REVIEW_PREFIX = "review_"


def step_label(step: str) -> str:
    if step == HANDLING:
        return str(_("Handling the case"))
    if step == MEDIATION:
        return str(_("Mediation (人伤调解)"))
    if step in PersonState.values:
        return str(PersonState(step).label)
    if step.startswith(REVIEW_PREFIX) and step[len(REVIEW_PREFIX) :] in ReviewKind.values:
        return str(ReviewKind(step[len(REVIEW_PREFIX) :]).label)
    return step


def workers_of(person: InjuredPerson) -> list[dict]:
    """Everyone who worked on the case, with the steps they worked at: the handler, the actors of the person's
    events (at the step the person was in when they acted), the authors of its follow-ups and the people who
    decided its reviews, the mediators of its mediations. Five queries, whatever the history."""
    found: dict[int, dict] = {}

    def add(user, step: str) -> None:
        if user is None:
            return
        entry = found.setdefault(user.pk, {"staff": user, "steps": {}})
        entry["steps"].setdefault(step, step_label(step))

    add(person.handler, HANDLING)
    for event in Event.objects.for_object(person).filter(actor__isnull=False).select_related("actor"):
        step = event.from_state or event.to_state
        add(event.actor, step if step in PersonState.values else HANDLING)
    for follow_up in FollowUp.objects.filter(person=person).select_related("by"):
        add(follow_up.by, follow_up.kind)
    for review in Review.objects.filter(person=person, decided_by__isnull=False).select_related("decided_by"):
        add(review.decided_by, f"{REVIEW_PREFIX}{review.kind}")
    for mediation in Mediation.objects.filter(person=person).select_related("mediator"):
        add(mediation.mediator, MEDIATION)
    workers = sorted(found.values(), key=lambda w: (str(w["staff"]), w["staff"].pk))
    return [{"staff": w["staff"], "steps": sorted(w["steps"].items(), key=lambda s: s[1])} for w in workers]


def active_criteria() -> list[EvaluationCriterion]:
    return list(EvaluationCriterion.objects.filter(active=True).order_by("code"))


def _with_step_names(evaluations) -> list[StaffEvaluation]:
    evaluations = list(evaluations)
    for evaluation in evaluations:
        evaluation.step_name = step_label(evaluation.step)
    return evaluations


def evaluations_of(person: InjuredPerson) -> list[StaffEvaluation]:
    return _with_step_names(
        StaffEvaluation.objects.filter(person=person).select_related("staff", "by").order_by("-at", "-pk")
    )


def may_read_evaluations(user) -> bool:
    return bool(can_evaluate_staff(user))


def evaluations_for(user) -> QuerySet[StaffEvaluation]:
    """The evaluations of the org units the evaluator covers."""
    if not may_read_evaluations(user):
        raise Http404
    return scope_for(user).filter(StaffEvaluation.objects.all())


def evaluation_summary(user) -> list[dict]:
    """Per evaluated person: how many evaluations, the average total, the last date (two queries)."""
    rows = list(
        evaluations_for(user)
        .order_by()
        .values("staff_id")
        .annotate(count=Count("pk"), average=Avg("total"), last=Max("at"))
    )
    staff = User.objects.select_related("org").in_bulk([row["staff_id"] for row in rows])
    for row in rows:
        row["staff"] = staff.get(row["staff_id"])
    return sorted(rows, key=lambda row: (-row["count"], str(row["staff"])))


def recent_evaluations(user, limit: int = 20) -> list[StaffEvaluation]:
    return _with_step_names(
        evaluations_for(user)
        .select_related("staff", "by", "person", "person__claim")
        .order_by("-at", "-pk")[:limit]
    )
