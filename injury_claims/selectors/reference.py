"""Read side of the reference databases: the permission-checked fetch helpers, the querysets behind the lists and
their exports (one query per page however many rows), the standard in force for a region on a day, and history."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from workflow.history import history_of

from ..models import CompensationStandard, DisabilityAid, DrugItem, IndustryWage, Region
from ..rules import can_edit_reference_data, can_view_reference_data

MODELS = {"drugs": DrugItem, "standards": CompensationStandard, "aids": DisabilityAid}


# --- fetch helpers ------------------------------------------------------------------------------------------------
def require_reference_reader(user) -> None:
    """The lists exist only for their readers: everyone else gets 404."""
    if not can_view_reference_data(user):
        raise Http404


def require_reference_editor(user) -> None:
    """Not a reader: 404. A reader who may not change the lists (every branch user): 403."""
    require_reference_reader(user)
    if not can_edit_reference_data(user):
        raise PermissionDenied


def get_entry_for_user(user, list_name: str, pk: int, *, write: bool = False):
    """One entry of a list; missing: 404; a reader asking to write: 403."""
    if write:
        require_reference_editor(user)
    else:
        require_reference_reader(user)
    return get_object_or_404(MODELS[list_name], pk=pk)


# --- lists --------------------------------------------------------------------------------------------------------
def _status(queryset: QuerySet, status: str) -> QuerySet:
    if status == "active":
        return queryset.filter(is_active=True)
    if status == "inactive":
        return queryset.filter(is_active=False)
    return queryset


def drugs_for_list(
    *, q: str = "", kind: str = "", category: str = "", status: str = ""
) -> QuerySet[DrugItem]:
    """Search by code, name or specification; filter by kind, 医保 category and active or not."""
    items = DrugItem.objects.all()
    if q:
        items = items.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(specification__icontains=q))
    if kind:
        items = items.filter(kind=kind)
    if category:
        items = items.filter(category=category)
    return _status(items, status).order_by("code")


def standards_for_list(
    *, province: str = "", q: str = "", year: int | None = None, on: datetime.date | None = None
) -> QuerySet[CompensationStandard]:
    """Filter by province, area (``q``; "一般地区" finds the general figures), statistical year and the day they
    are in force; the industry wages come with them (one more query)."""
    standards = CompensationStandard.objects.prefetch_related("industry_wages")
    if province:
        standards = standards.filter(province=province)
    if q in ("一般地区", "-"):
        standards = standards.filter(area="")
    elif q:
        standards = standards.filter(area__icontains=q)
    if year:
        standards = standards.filter(stat_year=year)
    if on:
        standards = standards.in_force(on)
    return standards.order_by("province", "area", "-stat_year")


def aids_for_list(*, q: str = "", category: str = "", status: str = "") -> QuerySet[DisabilityAid]:
    aids = DisabilityAid.objects.all()
    if q:
        aids = aids.filter(Q(name__icontains=q) | Q(specification__icontains=q))
    if category:
        aids = aids.filter(category=category)
    return _status(aids, status).order_by("category", "name", "specification")


LISTS = {"drugs": drugs_for_list, "standards": standards_for_list, "aids": aids_for_list}


def entries_for(list_name: str, filters: dict) -> QuerySet:
    return LISTS[list_name](**filters)


def reference_summary() -> dict[str, dict]:
    """How many entries each list holds, and how many of them are sample data (one query per list)."""
    summary = {}
    for name, model in MODELS.items():
        summary[name] = model.objects.aggregate(
            total=Count("pk"), sample=Count("pk", filter=Q(is_sample=True))
        )
    return summary


# --- the standard in force ----------------------------------------------------------------------------------------
def standard_for(region: Region | tuple[str, str], day: datetime.date) -> CompensationStandard | None:
    """The standard of exactly this region in force on the day, or None. A separately administered area (深圳) never
    falls back to its province's general figures: courts apply the area's own (interpretation Art. 22), and a
    missing standard must be added rather than guessed. Periods never overlap (the forms and the import refuse
    it); should two rows ever do, the later start wins."""
    region = Region(*region)
    return (
        CompensationStandard.objects.of_region(region)
        .in_force(day)
        .prefetch_related("industry_wages")
        .order_by("-effective_from")
        .first()
    )


# --- history ------------------------------------------------------------------------------------------------------
def entry_history(entry, limit: int = 30) -> list[dict]:
    """Who changed the entry, when, from which value to which; a standard's industry wages with it."""
    sources = [type(entry).history.filter(id=entry.pk)]
    if isinstance(entry, CompensationStandard):
        sources.append(IndustryWage.history.filter(standard_id=entry.pk))
    return history_of(*sources, limit=limit)
