"""Master-data history as people read it: who changed what and when, from which value to which.

Models that are master data carry ``history = HistoricalRecords(...)`` (django-simple-history): hospitals, draft
agreements, org units, staff (their roles and authority levels), authority ceilings, SLA policies, coverage
standards. :func:`history_of` turns their historical rows into rows a page can show — field labels, choice labels
and related objects' names instead of raw values — in a constant number of queries: the rows, the previous rows
they are compared with, the many-to-many rows, and one look-up per related model.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

KINDS = {"+": "created", "~": "changed", "-": "deleted"}
# model label ("auth.Group") -> how to name one of its objects (apps register readable names of codes).
_NAMERS: dict[str, Callable[[models.Model], str]] = {}
# (model label, field name) -> how to show a value that is personal information (masked, like everywhere else).
_MASKS: dict[tuple[str, str], Callable[[str], str]] = {}


def register_mask(model_label: str, field_name: str, mask: Callable[[str], str]) -> None:
    _MASKS[(model_label, field_name)] = mask


def register_namer(model_label: str, namer: Callable[[models.Model], str]) -> None:
    _NAMERS[model_label] = namer


def _name(obj: models.Model) -> str:
    namer = _NAMERS.get(obj._meta.label)
    return namer(obj) if namer is not None else str(obj)


def history_of(*querysets: models.QuerySet, limit: int = 20) -> list[dict]:
    """The newest ``limit`` changes in these historical querysets (``Model.history.filter(...)``), merged, newest
    first, each compared with the previous state of the same object."""
    records = []
    for queryset in querysets:
        rows = list(queryset.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
        records += [(queryset.model, row) for row in rows]
    records.sort(key=lambda pair: (pair[1].history_date, pair[1].history_id), reverse=True)
    records = records[:limit]
    previous = _previous_records(records)
    m2m = _m2m_values(records, previous)
    raw = []
    for model, record in records:
        before = previous.get((model, record.history_id))
        # None: a change whose earlier state was never recorded (before history was kept).
        raw.append((record, _changes(record, before, m2m) if before is not None else None))
    # A save that changed nothing shown (a password, a login time) is not a change people look for.
    raw = [(record, changes) for record, changes in raw if record.history_type != "~" or changes != []]
    names = _related_names([change for _record, changes in raw for change in changes or []])
    return [_row(record, changes, names) for record, changes in raw]


def _object_id(record) -> object:
    return getattr(record, record.instance_type._meta.pk.attname)


def _previous_records(records: list[tuple]) -> dict[tuple, object]:
    """(historical model, history id) → the state of the same object just before, for every change shown."""
    wanted: dict[type, set] = defaultdict(set)
    for model, record in records:
        if record.history_type == "~":
            wanted[model].add(_object_id(record))
    found: dict[tuple, object] = {}
    for model, object_ids in wanted.items():
        pk = model.instance_type._meta.pk.attname
        by_object: dict[object, list] = defaultdict(list)
        for row in model.objects.filter(**{f"{pk}__in": object_ids}).order_by("-history_date", "-history_id"):
            by_object[getattr(row, pk)].append(row)
        for hmodel, record in records:
            if hmodel is model and record.history_type == "~":
                older = [
                    r
                    for r in by_object[_object_id(record)]
                    if (r.history_date, r.history_id) < (record.history_date, record.history_id)
                ]
                if older:
                    found[(model, record.history_id)] = older[0]
    return found


def _m2m_values(records: list[tuple], previous: dict[tuple, object]) -> dict[tuple, frozenset]:
    """(history id, field name) → the related ids the object had in that historical state (one query per field)."""
    values: dict[tuple, frozenset] = {}
    by_field: dict[tuple, list] = defaultdict(list)
    for model, record in records:
        for field in getattr(record, "_history_m2m_fields", []):
            by_field[(model, field)].append(record)
            if (model, record.history_id) in previous:
                by_field[(model, field)].append(previous[(model, record.history_id)])
    for (_model, field), rows in by_field.items():
        through = getattr(rows[0], field.name).model
        target = field.m2m_reverse_field_name()
        collected: dict[int, set] = {row.history_id: set() for row in rows}
        for history_id, related_id in through.objects.filter(history_id__in=list(collected)).values_list(
            "history_id", target
        ):
            collected[history_id].add(related_id)
        for history_id, related in collected.items():
            values[(history_id, field.name)] = frozenset(related)
    return values


def _changes(record, previous, m2m: dict) -> list[tuple]:
    """(field, old, new) for each field whose value differs from the previous state."""
    if record.history_type != "~" or previous is None:
        return []
    changes = []
    for field in record.tracked_fields:
        if not field.editable or field.primary_key:
            continue
        old, new = getattr(previous, field.attname), getattr(record, field.attname)
        if old != new:
            changes.append((field, old, new))
    for field in getattr(record, "_history_m2m_fields", []):
        old = m2m.get((previous.history_id, field.name), frozenset())
        new = m2m.get((record.history_id, field.name), frozenset())
        if old != new:
            changes.append((field, old, new))
    return changes


def _related_names(changes: list[tuple]) -> dict[tuple, str]:
    """(related model, pk) → a readable name, one query per related model."""
    wanted: dict[type, set] = defaultdict(set)
    for field, old, new in changes:
        if field.many_to_many:
            wanted[field.related_model] |= set(old) | set(new)
        elif field.is_relation:
            wanted[field.related_model] |= {v for v in (old, new) if v is not None}
    names: dict[tuple, str] = {}
    for model, ids in wanted.items():
        for pk, obj in model._default_manager.in_bulk(list(ids)).items():
            names[(model, pk)] = _name(obj)
    return names


def _row(record, changes: list[tuple] | None, names: dict) -> dict:
    """``changes`` None: a change whose earlier state was never recorded (before history was kept)."""
    model = record.instance_type
    return {
        "when": record.history_date,
        "who": record.history_user,
        "kind": KINDS.get(record.history_type, record.history_type),
        "object": _name(_snapshot(record)),
        "model": str(model._meta.verbose_name),
        "unknown_before": changes is None and record.history_type == "~",
        "reason": getattr(record, "history_change_reason", "") or "",
        "changes": [
            {
                "field": str(field.verbose_name),
                "old": display(field, old, names, model=model),
                "new": display(field, new, names, model=model),
            }
            for field, old, new in changes or []
        ],
    }


def _snapshot(record) -> models.Model:
    """The object as the historical row recorded it (no query: excluded fields stay empty)."""
    model = record.instance_type
    return model(**{f.attname: getattr(record, f.attname) for f in record.tracked_fields})


def display(field: models.Field, value, names: dict | None = None, *, model=None) -> str:
    """A stored value as people read it (personal information masked)."""
    names = names or {}
    mask = _MASKS.get((model._meta.label, field.name)) if model is not None else None
    if mask is not None and value not in (None, ""):
        return mask(str(value))
    if field.many_to_many:
        labels = [names.get((field.related_model, pk), f"#{pk}") for pk in value]
        return "、".join(sorted(labels)) or "—"
    if value is None or value == "":
        return "—"
    if field.is_relation:
        return names.get((field.related_model, value), f"#{value}")
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else str(value)[:16]
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def create_baseline_rows(
    apps, app_label: str, model_names: list[str], m2m: dict[str, list[str]] | None = None
) -> None:
    """For a data migration: a first history row ("created") for every existing row of these models that has none,
    with its tracked many-to-many values (``m2m``: model name -> field names), so the first change after history is
    switched on shows its old and new values."""
    now = timezone.now()
    for name in model_names:
        model = apps.get_model(app_label, name)
        historical = apps.get_model(app_label, "Historical" + name)
        pk = model._meta.pk.attname
        own = {g.attname for g in model._meta.fields}
        fields = [f for f in historical._meta.fields if f.attname in own]
        have = set(historical.objects.values_list(pk, flat=True).distinct())
        objects = list(model.objects.exclude(pk__in=have))
        rows = [
            historical(
                **{f.attname: getattr(obj, f.attname) for f in fields},
                history_date=now,
                history_type="+",
                history_change_reason="baseline",
            )
            for obj in objects
        ]
        historical.objects.bulk_create(rows, batch_size=1000)
        for field_name in (m2m or {}).get(name, []):
            _baseline_m2m(apps, app_label, model, historical, field_name, [o.pk for o in objects], pk)


def _baseline_m2m(apps, app_label, model, historical, field_name: str, object_ids: list, pk: str) -> None:
    field = model._meta.get_field(field_name)
    through = apps.get_model(app_label, f"{historical.__name__}_{field_name}")
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    history_of_object = dict(
        historical.objects.filter(**{f"{pk}__in": object_ids}, history_change_reason="baseline").values_list(
            pk, "history_id"
        )
    )
    rows = field.remote_field.through.objects.filter(**{f"{source}__in": list(history_of_object)})
    through.objects.bulk_create(
        [
            through(
                id=row.pk,
                history_id=history_of_object[getattr(row, f"{source}_id")],
                **{
                    f"{source}_id": getattr(row, f"{source}_id"),
                    f"{target}_id": getattr(row, f"{target}_id"),
                },
            )
            for row in rows
        ],
        batch_size=1000,
    )
