"""Read side of the search of injured persons (seed 001 p32: "增加按人伤类别、估损金额、伤残等级、预约时间等维度查询、搜索人伤案件
功能"), its saved searches and the managers' overview. Everything is scoped with ``InjuredPerson.objects.visible_to``;
a page costs the same number of queries whatever the number of rows."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from hospitals.models import Hospital
from organization.models import OrgUnit, User
from organization.roles import Role
from organization.scoping import scope_for

from ..models import Claim, InjuredPerson, InjuryCategory, SavedSearch
from ..rules import can_view_claims
from ..workflows import PERSON, PersonState
from ..workflows.person import DONE

EXPORT_CAP = 10_000
# The search page counts up to this many (20 pages) and then says "more than": counting a branch's 300,000 persons
# costs more than the page (bench/README.md, "injury pages").
COUNT_CAP = 1_000
CLAIM_LIST_CAP = 1_000  # more claims matching a report-number search are looked up as a subquery
# Who reads the overview: the branch's managers and heads, and HQ staff who read claims.
OVERVIEW_ROLES = frozenset({Role.BRANCH_MANAGER, Role.BRANCH_CLAIMS_HEAD, Role.MEDICAL_REVIEW_HEAD})
# Days since the person was added: (label, lowest day, highest day or None).
AGE_BUCKETS = (("0–7", 0, 7), ("8–30", 8, 30), ("31–90", 31, 90), (">90", 91, None))


# --- search -----------------------------------------------------------------------------------------------------
def may_search(user) -> bool:
    return bool(can_view_claims(user))


def search_choices(user) -> dict[str, QuerySet]:
    """The querysets behind the filter form's lists: categories, the user's org units, the handlers of the
    persons they see (each list one query when the form is drawn)."""
    persons = InjuredPerson.objects.visible_to(user)
    return {
        "categories": InjuryCategory.objects.order_by("rank", "code"),
        "orgs": scope_for(user).filter(OrgUnit.objects.filter(is_active=True), field="pk").order_by("code"),
        "handlers": User.objects.filter(pk__in=persons.values("handler_id")).order_by(
            "last_name", "first_name", "username"
        ),
    }


def search_persons(user, filters: dict) -> QuerySet[InjuredPerson]:
    """The persons the user may see that match the (valid) filters, with the rows each result line shows."""
    rows = InjuredPerson.objects.visible_to(user).select_related(
        "claim", "category", "hospital", "handler", "org"
    )
    if q := filters.get("q"):
        rows = rows.filter(Q(claim_id__in=_claims_numbered(q)) | Q(name__icontains=q))
    if category := filters.get("category"):
        rows = rows.filter(category=category)
    if filters.get("estimate_min") is not None:
        rows = rows.filter(estimate__gte=filters["estimate_min"])
    if filters.get("estimate_max") is not None:
        rows = rows.filter(estimate__lte=filters["estimate_max"])
    grade = filters.get("disability_grade") or ""
    if grade == "any":
        rows = rows.filter(disability_grade__isnull=False)
    elif grade == "none":
        rows = rows.filter(disability_grade__isnull=True)
    elif grade:
        rows = rows.filter(disability_grade=int(grade))
    if filters.get("follow_up_from"):
        rows = rows.filter(next_follow_up_on__gte=filters["follow_up_from"])
    if filters.get("follow_up_to"):
        rows = rows.filter(next_follow_up_on__lte=filters["follow_up_to"])
    if states := filters.get("states"):
        rows = rows.filter(state__in=states)
    if hospital := filters.get("hospital"):
        named = list(Hospital.objects.filter(name__icontains=hospital).values_list("pk", flat=True))
        rows = rows.filter(Q(hospital_id__in=named) | Q(hospital_name__icontains=hospital))
    if filters.get("hospital_id"):
        rows = rows.filter(hospital_id=filters["hospital_id"])
    if org := filters.get("org"):
        rows = rows.filter(org_id__in=org.subtree_ids())
    if handler := filters.get("handler"):
        rows = rows.filter(handler=handler)
    if filters.get("overdue"):
        rows = rows.filter(next_follow_up_on__lt=timezone.localdate()).exclude(state__in=list(DONE))
    return rows.order_by("-claim__reported_at", "-claim_id", "pk")


def _claims_numbered(q: str):
    """The claims whose report number contains ``q``. Each condition of the search must be one an index serves
    (a condition on the claim ORed with one on the person is not), so the claims are looked up first: as a list
    when there are few (a report number typed in), as a subquery when the text is so short that many match."""
    exact = list(Claim.objects.filter(report_no__in={q, q.upper()}).values_list("pk", flat=True))
    if exact:  # a whole report number typed or scanned in: its unique index, no substring search
        return exact
    numbered = Claim.objects.filter(report_no__icontains=q).order_by().values_list("pk", flat=True)
    found = list(numbered[: CLAIM_LIST_CAP + 1])
    return found if len(found) <= CLAIM_LIST_CAP else numbered


def is_overdue(person: InjuredPerson, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(person.next_follow_up_on and person.next_follow_up_on < today and person.state not in DONE)


def export_rows(user, filters: dict, cap: int = EXPORT_CAP) -> tuple[list[InjuredPerson], int]:
    """The first ``cap`` matching persons and how many match in all (the export says when it was cut)."""
    rows = search_persons(user, filters)
    found = list(rows[: cap + 1])
    if len(found) <= cap:
        return found, len(found)
    return found[:cap], rows.count()


# --- saved searches ---------------------------------------------------------------------------------------------
def saved_searches_for(user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(owner=user).order_by("name")


def get_saved_search_for_user(user, pk: int) -> SavedSearch:
    """Only the owner's: anyone else's saved search (or none) is 404."""
    if not may_search(user):
        raise Http404
    return get_object_or_404(SavedSearch, pk=pk, owner=user)


# --- the managers' overview -------------------------------------------------------------------------------------
def may_see_overview(user) -> bool:
    if not can_view_claims(user):
        return False
    return bool(user.has_role(*OVERVIEW_ROLES) or scope_for(user).is_hq)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _bars(rows: list[dict], *, key: str = "count", width: int = 240, height: int = 22) -> list[dict]:
    """Bar lengths for the inline SVG chart (drawn by the template with SVG attributes only: no style=)."""
    top = max((row[key] for row in rows), default=0)
    for index, row in enumerate(rows):
        row["bar"] = round(width * row[key] / top) if top else 0
        row["y"] = index * height
        row["text_y"] = index * height + height - 7
        row["bar_end"] = 160 + row["bar"] + 6
    return rows


def persons_overview(user) -> dict:
    """Persons by step × days since they were added, and by injury category: two aggregate queries."""
    persons = InjuredPerson.objects.visible_to(user)
    today = timezone.localdate()
    counts = {}
    for label, low, high in AGE_BUCKETS:
        condition = Q(created_at__lt=_day_start(today - datetime.timedelta(days=low - 1)))
        if high is not None:
            condition &= Q(created_at__gte=_day_start(today - datetime.timedelta(days=high)))
        counts[label] = Count("pk", filter=condition)
    by_state = {
        row["state"]: row
        for row in persons.order_by()
        .values("state")
        .annotate(**{f"b{i}": c for i, c in enumerate(counts.values())})
    }
    states = []
    for code, _label in PersonState.choices:
        found = by_state.get(code, {})
        cells = [found.get(f"b{i}", 0) for i in range(len(AGE_BUCKETS))]
        states.append({"code": code, "label": PERSON.state_label(code), "cells": cells, "count": sum(cells)})
    totals = [sum(row["cells"][i] for row in states) for i in range(len(AGE_BUCKETS))]
    english = (get_language() or "").startswith("en")
    categories = [
        {
            "code": row["category__code"],
            "label": (
                row["category__name_en"] if english and row["category__name_en"] else row["category__name"]
            ),
            "count": row["count"],
        }
        for row in persons.order_by()
        .values("category__code", "category__name", "category__name_en", "category__rank")
        .annotate(count=Count("pk"))
        .order_by("category__rank", "category__code")
    ]
    return {
        "buckets": [label for label, _low, _high in AGE_BUCKETS],
        "states": _bars(states),
        "totals": totals,
        "total": sum(totals),
        "categories": _bars(categories),
        "state_chart_height": 22 * len(states),
        "category_chart_height": 22 * max(len(categories), 1),
    }
