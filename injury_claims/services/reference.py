"""Writes to the reference databases (HQ's): an entry added or edited, a standard with its industry wages, and a
checked import applied all at once. Every write keeps its history with the person who made it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..imports import Plan
from ..models import CompensationStandard, IndustryWage


class ImportConflict(Exception):
    """The database changed between the check and the write (someone else added the same key): nothing written."""


@transaction.atomic
def save_entry(entry, *, by, wages=None):
    """Save a new or edited entry (a standard with its industry-wage formset, if given)."""
    entry._history_user = by
    entry.save()
    if wages is not None:
        wages.instance = entry
        for wage in wages.save(commit=False):
            wage._history_user = by
            wage.standard = entry
            wage.save()
        for wage in wages.deleted_objects:
            wage._history_user = by
            wage.delete()
    return entry


@dataclass(frozen=True)
class ImportResult:
    added: int
    replaced: int
    unchanged: int


def apply_import(plan: Plan, *, by) -> ImportResult:
    """Write a plan that has no problems: every new entry, every changed one, and (standards with a 行业工资 sheet)
    their industry wages — in one transaction, or nothing (ImportConflict)."""
    if not plan.ok:
        raise ValueError("an import with problems is never applied")
    model = plan.spec.model
    try:
        with transaction.atomic():
            bulk_create_with_history(plan.new, model, batch_size=500, default_user=by)
            fields = sorted({name for _entry, changed in plan.changed for name in changed})
            if fields:
                bulk_update_with_history(
                    [entry for entry, _changed in plan.changed],
                    model,
                    fields,
                    batch_size=500,
                    default_user=by,
                )
            if plan.wages is not None:
                _replace_wages(plan, by)
    except IntegrityError as exc:
        raise ImportConflict(
            _(
                "An entry with the same key as one in the file was added meanwhile. Nothing was imported; upload the file again."
            )
        ) from exc
    return ImportResult(added=len(plan.new), replaced=len(plan.changed), unchanged=plan.unchanged)


def _replace_wages(plan: Plan, by) -> None:
    keys = list(plan.wages)
    standards = {
        (s.province, s.area, s.stat_year): s
        for s in CompensationStandard.objects.filter(province__in={key[0] for key in keys})
        if (s.province, s.area, s.stat_year) in plan.wages
    }
    old = list(IndustryWage.objects.filter(standard__in=standards.values()))
    for wage in old:
        wage._history_user = by
        wage.delete()
    new = []
    for key, wages in plan.wages.items():
        for wage in wages:
            wage.standard = standards[key]
            new.append(wage)
    bulk_create_with_history(new, IndustryWage, batch_size=500, default_user=by)
