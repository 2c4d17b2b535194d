"""Read side of the annual assessment: permission-checked fetches and the data behind its pages, each page a
constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404

from organization.models import User
from organization.roles import Role
from organization.scoping import scope_for
from workflow.history import history_of
from workflow.models import Event
from workflow.timeline import describe

from . import scorecard as sc
from .models import Assessment, Dispute, Question, SampleDraw, Scorecard, SurveyResponse
from .rules import can_assess, can_view_scoring
from .workflows import SCORECARD

DISTRIBUTION_BANDS = tuple(range(0, 100, 10))  # 0–9.99 … 90–100


def assessors() -> list[User]:
    return list(
        User.objects.filter(is_active=True, groups__name=Role.HQ_NETWORK_APPROVER, org__level="hq").distinct()
    )


# --- fetch helpers ------------------------------------------------------------------------------------------------
def require_reader(user) -> None:
    if not can_view_scoring(user):
        raise Http404


def require_assessor(user) -> None:
    """HQ-only pages: everyone else gets 404 (the page does not exist for them)."""
    if not can_assess(user):
        raise Http404


def get_assessment(user, year: int) -> Assessment:
    require_reader(user)
    return get_object_or_404(Assessment, year=year)


def get_scorecard_for_user(user, pk: int) -> Scorecard:
    require_reader(user)
    return get_object_or_404(Scorecard.objects.visible_to(user).select_related("assessment", "org"), pk=pk)


def get_dispute_for_user(user, pk: int) -> Dispute:
    require_reader(user)
    return get_object_or_404(
        Dispute.objects.filter(scorecard__in=Scorecard.objects.visible_to(user)).select_related(
            "scorecard", "scorecard__assessment", "scorecard__org"
        ),
        pk=pk,
    )


# --- the years ----------------------------------------------------------------------------------------------------
def years_for(user) -> list[dict]:
    """Every assessment year with, for a branch reader, their own scorecard (2 queries)."""
    cards = {}
    if not scope_for(user).is_hq:
        cards = {
            card.assessment_id: card for card in Scorecard.objects.visible_to(user).select_related("org")
        }
    return [{"assessment": a, "scorecard": cards.get(a.pk)} for a in Assessment.objects.order_by("-year")]


def own_scorecard(user, assessment: Assessment) -> Scorecard | None:
    """A branch reader's card of the year (None for HQ, which reads them all from the ranking)."""
    if scope_for(user).is_hq:
        return None
    return Scorecard.objects.visible_to(user).filter(assessment=assessment).select_related("org").first()


def ranking(assessment: Assessment) -> list[dict]:
    """Every branch's card of the year, best first; equal totals share their rank (1 query)."""
    cards = list(assessment.scorecards.select_related("org").order_by("-total", "org__code"))
    rows, rank, previous = [], 0, None
    for position, card in enumerate(cards, start=1):
        if card.total != previous:
            rank, previous = position, card.total
        rows.append(
            {"rank": rank, "card": card, "items": {i["key"]: Decimal(i["points"]) for i in card.items}}
        )
    return rows


def distribution(rows: list[dict]) -> list[dict]:
    """How many branches scored in each band of 10 points (100 counts in the top band)."""
    counts = defaultdict(int)
    for row in rows:
        band = min(int(row["card"].total // 10) * 10, 90)
        counts[band] += 1
    top = max(counts.values(), default=0)
    return [
        {
            "low": low,
            "high": low + 10,
            "count": counts[low],
            "height": (counts[low] * 100 // top) if top else 0,
        }
        for low in DISTRIBUTION_BANDS
    ]


def trend(scorecard: Scorecard) -> list[dict]:
    """The branch's total in every assessment year up to this one (1 query)."""
    cards = list(
        Scorecard.objects.filter(org_id=scorecard.org_id, assessment__year__lte=scorecard.assessment.year)
        .select_related("assessment")
        .order_by("assessment__year")
    )
    return [
        {
            "year": c.assessment.year,
            "total": c.total,
            "final": c.state == Scorecard.State.FINAL,
            "height": int(c.total),
        }
        for c in cards
    ]


# --- one scorecard ---------------------------------------------------------------------------------------------------
def item_rows(scorecard: Scorecard) -> list[dict]:
    """Each item with its computed points, HQ's adjustments, the branch's notes and disputes, and the points that
    count (2 queries)."""
    adjustments, notes = defaultdict(list), defaultdict(list)
    for adjustment in scorecard.adjustments.select_related("by").order_by("at", "pk"):
        adjustments[adjustment.item].append(adjustment)
    for note in scorecard.disputes.select_related("by", "answered_by").order_by("at", "pk"):
        notes[note.item].append(note)
    rows = []
    for item in scorecard.computed_items():
        adjusted = sum((a.points for a in adjustments[item.key]), Decimal(0))
        rows.append(
            {
                "item": item,
                "adjustments": adjustments[item.key],
                "adjusted": adjusted,
                "points": sc.with_adjustment(item, adjusted),
                "notes": notes[item.key],
                "open_disputes": [n for n in notes[item.key] if n.status == Dispute.Status.OPEN],
            }
        )
    return rows


def scorecard_page(user, scorecard: Scorecard) -> dict:
    return {
        "scorecard": scorecard,
        "assessment": scorecard.assessment,
        "rows": item_rows(scorecard),
        "trend": trend(scorecard),
        "actions": SCORECARD.actions_for(user, scorecard),
        "versions": list(scorecard.versions.select_related("reopened_by", "finalised_by")),
        "timeline": describe(
            Event.objects.for_object(scorecard).select_related("actor").order_by("created_at", "pk")
        ),
        "documents": _documents(scorecard),
    }


def _documents(scorecard: Scorecard) -> list:
    from documents.selectors import documents_of

    return documents_of(scorecard)


def version_page(scorecard: Scorecard, kept) -> dict:
    """A kept final version with its items, adjustments and per-hospital figures as they were."""
    items = [sc.Item.from_json(data) for data in kept.items]
    adjusted = defaultdict(Decimal)
    for a in kept.adjustments:
        adjusted[a["item"]] += Decimal(a["points"])
    return {
        "scorecard": scorecard,
        "kept": kept,
        "rows": [
            {
                "item": item,
                "adjusted": adjusted[item.key],
                "points": sc.with_adjustment(item, adjusted[item.key]),
            }
            for item in items
        ],
        "hospitals": kept.hospitals,
    }


def rubric_history(assessment: Assessment) -> list[dict]:
    return history_of(Assessment.history.filter(id=assessment.pk))


# --- surveys ----------------------------------------------------------------------------------------------------------
def questions(kind: str) -> list[Question]:
    return list(Question.objects.filter(kind=kind, is_active=True).order_by("position", "pk"))


def draws_of(assessment: Assessment) -> dict[tuple[int, str], SampleDraw]:
    return {(d.org_id, d.kind): d for d in assessment.draws.all()}


def responses_of(draw: SampleDraw) -> list[SurveyResponse]:
    return list(draw.responses.select_related("recorded_by").order_by("position"))
