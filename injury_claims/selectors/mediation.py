"""Reads for mediation (人伤调解, seed 001 p8–10, p20–22): the mediation page, the person page's section, the plan
review's section, the printed forms' contexts, and each mediator's outcomes for their evaluation (考核)."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import IssuedDocument
from organization.models import User
from organization.scoping import scope_for

from ..forms.mediation import item_labels
from ..models import InjuredPerson, Mediation, Review
from ..rules import can_evaluate_staff, can_view_claims, can_view_mediators
from ..workflows.mediation import (
    AGREEMENT_REACHED,
    ENDED_WITHOUT_AGREEMENT,
    MEDIATION,
    OPEN,
    PLAN_EDITABLE,
    MediationState,
    can_mediate,
)
from ..workflows.person import FOLLOWING
from .printing import rmb_upper, yuan

S = MediationState
MEDIATION_PLAN = "mediation_plan"  # documents.registry kinds (injury_claims.printing)
MEDIATION_AGREEMENT = "mediation_agreement"
RATE = Decimal("0.0001")


def get_mediation_for_user(user, pk: int) -> Mediation:
    """Whoever reads the person's claim reads its mediation; anyone else (another org, no claims role): 404."""
    if not can_view_claims(user):
        raise Http404
    mediation = get_object_or_404(
        Mediation.objects.select_related(
            "person", "person__claim", "person__handler", "org", "mediator", "review", "signed_scan"
        ),
        pk=pk,
    )
    if not scope_for(user).covers(mediation.org_id):
        raise Http404
    return mediation


def documents_of(mediation: Mediation) -> list[IssuedDocument]:
    return list(
        IssuedDocument.objects.filter(
            content_type=ContentType.objects.get_for_model(Mediation), object_id=mediation.pk
        ).order_by("-issued_at", "-pk")
    )


def agreement_number(mediation: Mediation) -> str:
    """The number of the latest printed one-off settlement agreement of this mediation ("" when none)."""
    return (
        IssuedDocument.objects.filter(
            content_type=ContentType.objects.get_for_model(Mediation),
            object_id=mediation.pk,
            kind=MEDIATION_AGREEMENT,
        )
        .order_by("-issued_at", "-pk")
        .values_list("number", flat=True)
        .first()
        or ""
    )


def item_rows(mediation: Mediation) -> list[dict]:
    labels = item_labels()
    return [
        {
            "code": item.code,
            "label": labels.get(item.code, item.code),
            "planned": item.planned,
            "suggested": item.suggested,
            "agreed": item.agreed,
            "note": item.note,
        }
        for item in mediation.items.all()
    ]


def mediation_page(mediation: Mediation, user) -> dict:
    from .claims import timeline_for

    return {
        "mediation": mediation,
        "person": mediation.person,
        "claim": mediation.person.claim,
        "items": item_rows(mediation),
        "actions": MEDIATION.actions_for(user, mediation),
        "may_edit_plan": can_mediate(user, mediation) and mediation.state in PLAN_EDITABLE,
        "may_file_scan": can_mediate(user, mediation) and mediation.state == S.AGREED,
        "may_print_plan": mediation.state != S.DRAFTING,
        "may_print_agreement": mediation.state in AGREEMENT_REACHED,
        "authorisation_problems": mediation.authorisation_problems()
        if mediation.state in OPEN and user.pk == mediation.mediator_id
        else [],
        "documents": documents_of(mediation),
        "timeline": timeline_for(mediation),
    }


def person_section(person: InjuredPerson, user) -> dict:
    """The person page's mediation block: p8 "人伤跟踪人员在每个跟踪环节都应告知我司可调解结案" — offered at every
    follow-up step; an authorised mediator gets the button, a lapsed one the reason, the others the reminder."""
    from ..services.mediation import refusal

    mediations = list(
        Mediation.objects.filter(person=person).select_related("mediator").order_by("-created_at", "-pk")
    )
    following = person.state in FOLLOWING
    is_mediator = can_mediate(user, person)
    return {
        "mediation_offered": following,
        "mediations": mediations,
        "mediation_open": next((m for m in mediations if m.state in OPEN), None),
        "may_open_mediation": is_mediator and following and not refusal(person, user),
        "mediation_refused": refusal(person, user) if is_mediator and following else [],
    }


def review_section(review: Review) -> dict:
    """What a plan review reads: the plan's items, total, reasoning and starting point."""
    if review.kind != MEDIATION_PLAN:
        return {}
    mediation = Mediation.objects.filter(review=review).select_related("mediator").first()
    if mediation is None:
        return {}
    return {"reviewed_mediation": mediation, "reviewed_mediation_items": item_rows(mediation)}


# --- outcomes per mediator (考核) -----------------------------------------------------------------------------
def may_see_mediation_outcomes(user) -> bool:
    return bool(can_view_mediators(user) or can_evaluate_staff(user))


def _day_bounds(since: datetime.date | None, until: datetime.date | None) -> Q:
    condition = Q()
    tz = timezone.get_current_timezone()
    if since:
        condition &= Q(created_at__gte=datetime.datetime.combine(since, datetime.time.min, tzinfo=tz))
    if until:
        after = until + datetime.timedelta(days=1)
        condition &= Q(created_at__lt=datetime.datetime.combine(after, datetime.time.min, tzinfo=tz))
    return condition


def mediation_outcomes(
    user, *, since: datetime.date | None = None, until: datetime.date | None = None
) -> list[dict]:
    """p8 "省公司定期对调解工作进行考核与管理": per mediator, the mediations opened in the period (by the day they were
    opened, both days included) within the reader's scope — how many were opened, reached an agreement (agreed,
    signed or settled), ended without one (failed or withdrawn), are still under way; the success rate (agreements
    over the mediations concluded, None before any concluded) and the average days from opening to agreement.
    Three queries, whatever the number of mediations."""
    if not may_see_mediation_outcomes(user):
        return []
    rows_qs = scope_for(user).filter(Mediation.objects.filter(_day_bounds(since, until)))
    rows = list(
        rows_qs.order_by()
        .values("mediator_id")
        .annotate(
            opened=Count("pk"),
            agreed=Count("pk", filter=Q(state__in=sorted(AGREEMENT_REACHED))),
            failed=Count("pk", filter=Q(state__in=sorted(ENDED_WITHOUT_AGREEMENT))),
        )
    )
    durations: dict[int, list[float]] = {}
    for mediator_id, created_at, agreed_at in rows_qs.filter(
        state__in=sorted(AGREEMENT_REACHED), agreed_at__isnull=False
    ).values_list("mediator_id", "created_at", "agreed_at"):
        durations.setdefault(mediator_id, []).append((agreed_at - created_at).total_seconds() / 86400)
    people = User.objects.select_related("org").in_bulk([row["mediator_id"] for row in rows])
    out = []
    for row in rows:
        concluded = row["agreed"] + row["failed"]
        days = durations.get(row["mediator_id"], [])
        out.append(
            {
                "mediator": people.get(row["mediator_id"]),
                "mediator_id": row["mediator_id"],
                "opened": row["opened"],
                "agreed": row["agreed"],
                "failed": row["failed"],
                "under_way": row["opened"] - concluded,
                "success_rate": (Decimal(row["agreed"]) / Decimal(concluded)).quantize(RATE, ROUND_HALF_UP)
                if concluded
                else None,
                "average_days": Decimal(str(sum(days) / len(days))).quantize(Decimal("0.1"), ROUND_HALF_UP)
                if days
                else None,
            }
        )
    return sorted(out, key=lambda r: (-r["opened"], str(r["mediator"])))


# --- the printed forms ---------------------------------------------------------------------------------------
def plan_problem(mediation: Mediation) -> str:
    if mediation.state == S.DRAFTING:
        return _("The plan is printed once it is submitted for review.")
    return ""


def agreement_problem(mediation: Mediation) -> str:
    if mediation.state not in AGREEMENT_REACHED:
        return _(
            "The one-off settlement agreement is printed once the agreement is recorded within the plan."
        )
    return ""


def _common(mediation: Mediation) -> dict:
    person = mediation.person
    claim = person.claim
    return {"mediation": mediation, "person": person, "claim": claim, "org": mediation.org}


def plan_context(mediation: Mediation) -> dict:
    items = item_rows(mediation)
    for row in items:
        row["planned_text"] = yuan(row["planned"])
        row["suggested_text"] = yuan(row["suggested"]) if row["suggested"] is not None else ""
    return {
        **_common(mediation),
        "items": items,
        "plan_total": yuan(mediation.plan_total or 0),
        "plan_total_upper": rmb_upper(mediation.plan_total or 0),
        "review": mediation.review,
        "state_label": mediation.get_state_display(),
    }


def agreement_context(mediation: Mediation) -> dict:
    items = [row for row in item_rows(mediation) if row["agreed"]]
    for row in items:
        row["agreed_text"] = yuan(row["agreed"])
        row["agreed_upper"] = rmb_upper(row["agreed"])
    return {
        **_common(mediation),
        "items": items,
        "total": yuan(mediation.agreed_total or 0),
        "total_upper": rmb_upper(mediation.agreed_total or 0),
    }
