"""Read side of the annual assessment: permission-checked fetches and the data behind its pages, each page a
constant number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from statistics import median

from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from organization.models import User
from organization.roles import Role
from organization.scoping import scope_for
from workflow.history import history_of
from workflow.models import Event
from workflow.timeline import describe

from . import scorecard as sc
from .models import Adjustment, Assessment, Dispute, Question, SampleDraw, Scorecard, SurveyResponse
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
    """Every branch's card of the year, best first, each item's points after HQ's adjustments; equal totals share
    their rank (1, 1, 3), and the tie is listed by branch code (2 queries, however many branches)."""
    cards = list(assessment.scorecards.select_related("org").order_by("-total", "org__code", "pk"))
    adjusted: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in (
        Adjustment.objects.filter(scorecard__assessment=assessment)
        .values("scorecard_id", "item")
        .annotate(points=Sum("points"))
        .order_by()
    ):
        adjusted[row["scorecard_id"]][row["item"]] = row["points"]
    rows, rank, previous = [], 0, None
    for position, card in enumerate(cards, start=1):
        if card.total != previous:
            rank, previous = position, card.total
        changes = adjusted.get(card.pk, {})
        points = {
            data["key"]: sc.clamp(
                Decimal(data["points"]) + changes.get(data["key"], Decimal(0)),
                Decimal(0),
                Decimal(data["maximum"]),
            )
            for data in card.items
        }
        rows.append(
            {
                "rank": rank,
                "card": card,
                "points": points,
                "cells": [
                    {"key": key, "points": points.get(key), "adjusted": key in changes} for key in sc.ITEMS
                ],
            }
        )
    shared = Counter(row["rank"] for row in rows)
    for row in rows:
        row["tied"] = shared[row["rank"]] > 1
    return rows


def _mean(values: list[Decimal]) -> Decimal | None:
    return sc.money_points(sum(values, Decimal(0)) / len(values)) if values else None


def ranking_summary(rows: list[dict]) -> dict:
    """The figures above the ranking: mean, median, highest and lowest total, how many are final, and each
    item's average across the branches (with its maximum)."""
    totals = [Decimal(row["card"].total) for row in rows]
    maxima: dict[str, Decimal] = {}
    for row in rows:
        for data in row["card"].items:
            maxima.setdefault(data["key"], Decimal(data["maximum"]))
    return {
        "count": len(rows),
        "mean": _mean(totals),
        "median": sc.money_points(median(totals)) if totals else None,
        "highest": max(totals, default=None),
        "lowest": min(totals, default=None),
        "final": sum(1 for row in rows if row["card"].state == Scorecard.State.FINAL),
        "items": [
            {
                "key": key,
                "title": sc.title(key),
                "maximum": maxima.get(key),
                "average": _mean([row["points"][key] for row in rows if key in row["points"]]),
            }
            for key in sc.ITEMS
        ],
    }


# The charts are drawn by the templates as inline SVG (no script): these are their coordinates. Both charts have
# at most ten bars in a 564 × 180 frame, the axis at y = 150 and the top (100 points, or the most branches) at 30:
# scoring/templates/scoring/_trend.html and ranking.html draw that frame.
CHART_LEFT, CHART_STEP, CHART_BAR, CHART_BASE, CHART_TOP = 34, 52, 40, 150, 120


def distribution(rows: list[dict]) -> list[dict]:
    """How many branches scored in each band of 10 points (100 counts in the top band), with each bar's place."""
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        band = min(max(int(Decimal(row["card"].total) // 10) * 10, 0), 90)
        counts[band] += 1
    top = max(counts.values(), default=0)
    bands = []
    for index, low in enumerate(DISTRIBUTION_BANDS):
        height = round(counts[low] * CHART_TOP / top) if top else 0
        x = CHART_LEFT + index * CHART_STEP
        bands.append(
            {
                "low": low,
                "high": low + 10,
                "label": f"{low}–{low + 10}" if low < 90 else f"{low}–100",
                "count": counts[low],
                "height": height,
                "x": x,
                "y": CHART_BASE - height,
                "middle": x + CHART_BAR // 2,
            }
        )
    return bands


TREND_YEARS = 10


def trend(scorecard: Scorecard) -> list[dict]:
    """The branch's total in each assessment year up to this one (the last ten), each bar's place on a 0–100
    scale, and whether the year's card is final (1 query)."""
    cards = list(
        Scorecard.objects.filter(org_id=scorecard.org_id, assessment__year__lte=scorecard.assessment.year)
        .select_related("assessment")
        .order_by("-assessment__year")[:TREND_YEARS]
    )
    cards.reverse()
    bars = []
    for index, card in enumerate(cards):
        total = Decimal(card.total)
        height = int(sc.clamp(total, Decimal(0), Decimal(100)) * CHART_TOP / 100)
        x = CHART_LEFT + index * CHART_STEP
        bars.append(
            {
                "year": card.assessment.year,
                "total": total,
                "final": card.state == Scorecard.State.FINAL,
                "current": card.pk == scorecard.pk,
                "pk": card.pk,
                "height": height,
                "x": x,
                "y": CHART_BASE - height,
                "middle": x + CHART_BAR // 2,
            }
        )
    return bars


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
        "may_print": can_view_scoring(user, scorecard) and scorecard.state == Scorecard.State.FINAL,
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


# --- the satisfaction samples (views/surveys.py) ----------------------------------------------------------------------
def _branch_visible(user, org_id: int) -> bool:
    return can_assess(user) or (can_view_scoring(user) and scope_for(user).covers(org_id))


def get_branch_for_user(user, pk: int):
    """A branch (secondary org) whose samples the person may see: HQ every one, a branch reader their own."""
    from organization.models import OrgUnit

    require_reader(user)
    org = get_object_or_404(OrgUnit, pk=pk, level=OrgUnit.Level.SECONDARY)
    if not _branch_visible(user, org.pk):
        raise Http404
    return org


def get_draw_for_user(user, pk: int) -> SampleDraw:
    require_reader(user)
    draw = get_object_or_404(SampleDraw.objects.select_related("assessment", "org", "drawn_by"), pk=pk)
    if not _branch_visible(user, draw.org_id):
        raise Http404
    return draw


def get_response_for_user(user, pk: int) -> SurveyResponse:
    require_reader(user)
    response = get_object_or_404(
        SurveyResponse.objects.select_related("draw", "draw__assessment", "draw__org", "recorded_by"), pk=pk
    )
    if not _branch_visible(user, response.draw.org_id):
        raise Http404
    return response


def sample_rows(user, assessment: Assessment) -> list[dict]:
    """Every branch the person may see with its two draws and their counts (3 queries)."""
    from django.db.models import Count, Q

    from organization.models import OrgUnit

    orgs = OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY, is_active=True)
    if not can_assess(user):
        orgs = scope_for(user).filter(orgs, "pk")
    status = SurveyResponse.Status
    draws = {
        (d.org_id, d.kind): d
        for d in assessment.draws.select_related("drawn_by").annotate(
            answered=Count("responses", filter=Q(responses__status=status.ANSWERED)),
            pending=Count("responses", filter=Q(responses__status=status.PENDING)),
            unreachable=Count("responses", filter=Q(responses__status=status.UNREACHABLE)),
        )
    }
    wanted = {
        Question.Kind.CUSTOMER: assessment.customer_sample_size,
        Question.Kind.HOSPITAL: assessment.hospital_sample_size,
    }
    rows = []
    for org in orgs.order_by("code"):
        cells = []
        for kind, label in Question.Kind.choices:
            draw = draws.get((org.pk, kind))
            cells.append(
                {
                    "kind": kind,
                    "label": label,
                    "draw": draw,
                    "wanted": draw.size if draw else wanted[kind],
                    "eligible": len(draw.population) if draw else None,
                    "short": bool(draw) and len(draw.population) < draw.size,
                }
            )
        rows.append({"org": org, "cells": cells})
    return rows


def sample_page(draw: SampleDraw) -> dict:
    """One draw: its responses (with the people's masked details), the replacement chain, and its timeline."""
    from . import facts

    responses = responses_of(draw)
    details = {}
    if draw.kind == Question.Kind.CUSTOMER:
        details = facts.describe_inpatients([r.subject_id for r in responses])
    events = Event.objects.of(SampleDraw.objects.filter(pk=draw.pk), draw.responses.all())
    return {
        "draw": draw,
        "responses": [{"response": r, "details": details.get(r.subject_id, {})} for r in responses],
        "eligible": len(draw.population),
        "short": len(draw.population) < draw.size,
        "answered": sum(r.status == SurveyResponse.Status.ANSWERED for r in responses),
        "exhausted": len(responses) >= len(draw.order),
        "timeline": describe(events.select_related("actor").order_by("created_at", "pk")),
    }


def response_details(response: SurveyResponse) -> dict:
    """A drawn customer's masked details (name, hospital, masked mobile, report number); {} for a hospital."""
    from . import facts

    if response.draw.kind != Question.Kind.CUSTOMER:
        return {}
    return facts.describe_inpatients([response.subject_id]).get(response.subject_id, {})
