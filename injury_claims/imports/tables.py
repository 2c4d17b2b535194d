"""A reference file checked as a whole: every row of every sheet validated with all its messages, duplicates in
the file refused, rows whose key is already in the list marked for replacement. Nothing is written here.

Keys and the duplicate rule (the same for every list): a row whose key is already in the database **replaces**
that entry — the columns present in the file overwrite its values, columns absent from the file keep theirs, and
its history records the change; a row with a new key is **added**; entries the file does not mention stay as they
are (an import never deletes: deactivate an entry on its page). Two rows of one file with the same key are an
error. Keys: a drug or service by its code; a compensation standard by province, area and statistical year; an
aid by name and specification. A standard whose period would overlap another of the same region (in the file or
kept in the database) is refused, so that one standard is in force on any day. When a standards workbook has a
行业工资 sheet, it replaces the industry wages of every standard in the file (a standard without rows there loses
its industry wages); without that sheet (and in a CSV file) industry wages are left as they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from ..models import CompensationStandard, DisabilityAid, DrugItem, IndustryWage, Region
from ..models.reference import overlap_message
from .columns import CHOICE_OF, IGNORED_HEADERS, LAYOUTS, WAGE_SHEET_NAMES, Layout, norm
from .reading import CellError, ImportFileError, Sheet, convert, read_sheets


@dataclass(frozen=True)
class ListSpec:
    name: str  # drugs, standards, aids: the URL's word
    model: type[models.Model]
    layout: Layout
    key: tuple[str, ...]


SPECS = {
    "drugs": ListSpec("drugs", DrugItem, LAYOUTS["drugs"], ("code",)),
    "standards": ListSpec(
        "standards", CompensationStandard, LAYOUTS["standards"], ("province", "area", "stat_year")
    ),
    "aids": ListSpec("aids", DisabilityAid, LAYOUTS["aids"], ("name", "specification")),
}


@dataclass(frozen=True)
class Problem:
    sheet: str  # "" in a CSV file
    row: int
    column: str  # the column's header, "" for the row as a whole
    message: str


@dataclass
class Plan:
    """What an import would do. ``changed``: existing entries with the names of the fields the file changes."""

    spec: ListSpec
    new: list = field(default_factory=list)
    changed: list[tuple[models.Model, list[str]]] = field(default_factory=list)
    unchanged: int = 0
    wages: dict[tuple, list[IndustryWage]] | None = None  # None: no wage sheet, industry wages left alone
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def rows(self) -> list[dict]:
        """The problems grouped by sheet and row, as the page lists them."""
        grouped: dict[tuple, list] = defaultdict(list)
        for problem in self.problems:
            grouped[(problem.sheet, problem.row)].append(
                {"column": problem.column, "message": problem.message}
            )
        return [{"sheet": sheet, "row": row, "problems": items} for (sheet, row), items in grouped.items()]


def map_header(header: list, layout: Layout, sheet: str = "") -> list[str | None]:
    """The field of each column (None: ignored). Unknown columns, repeated ones and missing required ones are one
    error naming them all."""
    fields: list[str | None] = []
    problems = []
    for value in header:
        key = norm(value)
        if not key or key in IGNORED_HEADERS:
            fields.append(None)
            continue
        name = layout.headers.get(key)
        if name is None:
            problems.append(_("Column “%(header)s” is not recognised.") % {"header": str(value).strip()})
        elif name in fields:
            problems.append(_("Column “%(header)s” appears twice.") % {"header": str(value).strip()})
        fields.append(name)
    missing = [c.zh for c in layout.columns if c.required and c.field not in fields]
    if missing:
        problems.append(_("Required columns are missing: %(columns)s.") % {"columns": "、".join(missing)})
    if problems:
        where = _("Sheet “%(sheet)s”: ") % {"sheet": sheet} if sheet else ""
        raise ImportFileError(where + " ".join(problems))
    return fields


def _cells(
    layout: Layout, field_of: Callable[[str], models.Field], fields: list[str | None], cells: list
) -> tuple[dict, dict[str, str]]:
    """{field: value} of the columns present (None: empty) and {field: message} of the cells refused."""
    values: dict = {}
    refused: dict[str, str] = {}
    for index, name in enumerate(fields):
        if name is None:
            continue
        raw = cells[index] if index < len(cells) else None
        try:
            values[name] = convert(field_of(name), raw, vocabulary=CHOICE_OF.get((layout.name, name)))
        except CellError as exc:
            refused[name] = str(exc)
    for column in layout.columns:
        if column.required and column.field not in refused and values.get(column.field) in (None, ""):
            refused[column.field] = _("This column is required.")
    return values, refused


def _key(spec_key: tuple[str, ...], values: dict):
    if any(values.get(name) is None for name in spec_key if name not in ("area", "specification")):
        return None
    return tuple(
        (values.get(name) or "") if name in ("area", "specification") else values[name] for name in spec_key
    )


def _existing(spec: ListSpec, keys: set[tuple]) -> dict[tuple, models.Model]:
    """Entries already in the list with these keys (queried in chunks)."""
    found: dict[tuple, models.Model] = {}
    first = spec.key[0]
    wanted = sorted({key[0] for key in keys})
    for start in range(0, len(wanted), 500):
        for obj in spec.model.objects.filter(**{f"{first}__in": wanted[start : start + 500]}):
            key = tuple(getattr(obj, name) for name in spec.key)
            if key in keys:
                found[key] = obj
    return found


def _instance(spec: ListSpec, values: dict, current: models.Model | None) -> models.Model:
    """A new entry from the row, or (``current``: the entry with the row's key) that entry with the file's columns
    written over it. An empty cell clears a field that may be empty; in a column with a default (yes/no, kind,
    unit) it means the default for a new entry and "unchanged" for an existing one."""
    get_field = spec.model._meta.get_field
    if current is None:
        return spec.model(
            **{name: value for name, value in values.items() if value is not None or get_field(name).null}
        )
    instance = spec.model(
        **{f.attname: getattr(current, f.attname) for f in spec.model._meta.concrete_fields}
    )
    for name, value in values.items():
        model_field = get_field(name)
        if value is None and not model_field.null:
            if model_field.has_default():
                continue
            value = ""
        setattr(instance, name, value)
    return instance


def _validate(instance: models.Model, refused: dict[str, str], layout: Layout) -> dict[str, list[str]]:
    """Every message of the row by field (NON_FIELD_ERRORS for the row as a whole)."""
    messages: dict[str, list[str]] = {name: [message] for name, message in refused.items()}
    try:
        instance.clean_fields(exclude=list(refused))
    except ValidationError as exc:
        for name, items in exc.message_dict.items():
            messages.setdefault(name, []).extend(items)
    if not messages:
        try:
            getattr(instance, "clean_row", instance.clean)()
        except ValidationError as exc:
            for name, items in exc.message_dict.items():
                messages.setdefault(name, []).extend(items)
    return messages


def _header(layout: Layout, name: str) -> str:
    return "" if name == NON_FIELD_ERRORS else next((c.zh for c in layout.columns if c.field == name), name)


def check_file(data: bytes, filename: str, list_name: str) -> Plan:
    """The plan of an import of this file into this list. ImportFileError when the file as a whole is unusable."""
    spec = SPECS[list_name]
    sheets = read_sheets(data, filename)
    main_name, table = sheets[0]
    fields = map_header(table[0][1], spec.layout, main_name)
    plan = Plan(spec=spec, total=len(table) - 1)
    rows = []
    for number, cells in table[1:]:
        values, refused = _cells(spec.layout, spec.model._meta.get_field, fields, cells)
        rows.append((number, values, refused, _key(spec.key, values)))
    current = _existing(spec, {key for *_rest, key in rows if key is not None})
    first_row: dict[tuple, int] = {}
    accepted: list[tuple[int, models.Model]] = []
    for number, values, refused, key in rows:
        instance = _instance(spec, values, current.get(key) if key is not None else None)
        messages = _validate(instance, refused, spec.layout)
        if key is not None and key in first_row:
            messages.setdefault(spec.key[0], []).append(
                _("This row repeats row %(row)s: the same %(key)s.")
                % {"row": first_row[key], "key": " / ".join(spec.layout.column(n).zh for n in spec.key)}
            )
        elif key is not None:
            first_row[key] = number
        for name, items in messages.items():
            plan.problems += [Problem(main_name, number, _header(spec.layout, name), m) for m in items]
        if not messages:
            accepted.append((number, instance))
    if spec.name == "standards":
        _check_overlaps(plan, main_name, accepted, current)
        wage_sheet = next(
            (sheet for sheet in sheets[1:] if norm(sheet[0]) in {norm(n) for n in WAGE_SHEET_NAMES}), None
        )
        if wage_sheet is not None:
            plan.wages = _wages(plan, wage_sheet, set(first_row))
    if plan.problems:
        return plan
    for _number, instance in accepted:
        if instance.pk is None:
            plan.new.append(instance)
            continue
        before = current[tuple(getattr(instance, n) for n in spec.key)]
        changed = [
            f.name
            for f in spec.model._meta.concrete_fields
            if not f.primary_key and getattr(before, f.attname) != getattr(instance, f.attname)
        ]
        if changed:
            plan.changed.append((instance, changed))
        else:
            plan.unchanged += 1
    return plan


def _check_overlaps(plan: Plan, sheet: str, accepted: list, current: dict) -> None:
    """One standard in force per region and day: the file's rows against each other and against the entries the
    file leaves in the database."""
    regions = {instance.region for _number, instance in accepted}
    if not regions:
        return
    replaced = {obj.pk for obj in current.values()}
    kept: dict[Region, list[CompensationStandard]] = defaultdict(list)
    provinces = {region.province for region in regions}
    for other in CompensationStandard.objects.filter(province__in=provinces).exclude(pk__in=replaced):
        kept[other.region].append(other)
    seen: dict[Region, list[tuple[int, CompensationStandard]]] = defaultdict(list)
    header = _header(plan.spec.layout, "effective_from")
    for number, instance in accepted:
        for other in kept[instance.region]:
            if instance.overlaps(other):
                plan.problems.append(Problem(sheet, number, header, overlap_message(other)))
        for other_number, other in seen[instance.region]:
            if instance.overlaps(other):
                plan.problems.append(
                    Problem(
                        sheet,
                        number,
                        header,
                        _(
                            "The period overlaps row %(row)s of this file (same region); only one standard may be in force on a day."
                        )
                        % {"row": other_number},
                    )
                )
        seen[instance.region].append((number, instance))
    plan.problems.sort(key=lambda p: p.row)


def _wages(plan: Plan, sheet: Sheet, standard_keys: set[tuple]) -> dict[tuple, list[IndustryWage]]:
    """The industry wages of the standards in the file, from the 行业工资 sheet."""
    name, table = sheet
    layout = LAYOUTS["wages"]
    wages: dict[tuple, list[IndustryWage]] = {key: [] for key in standard_keys}
    if not table:
        return wages
    fields = map_header(table[0][1], layout, name)
    first_row: dict[tuple, int] = {}
    for number, cells in table[1:]:
        values, refused = _cells(layout, _wage_field, fields, cells)
        key = _key(("province", "area", "stat_year"), values)
        wage = IndustryWage(
            industry=values.get("industry") or "",
            annual_wage=values.get("annual_wage"),
            daily_wage=values.get("daily_wage"),
        )
        messages = {field_name: [message] for field_name, message in refused.items()}
        if not messages:
            try:
                wage.clean()
            except ValidationError as exc:
                messages.setdefault(NON_FIELD_ERRORS, []).extend(exc.messages)
        if key is not None and key not in standard_keys:
            messages.setdefault("stat_year", []).append(
                _(
                    "No row on the first sheet for %(region)s, statistical year %(year)s: industry wages go with their standard."
                )
                % {"region": Region(key[0], key[1]).label(), "year": key[2]}
            )
        wage_key = (key, wage.industry)
        if key is not None and wage.industry and wage_key in first_row:
            messages.setdefault("industry", []).append(
                _("This row repeats row %(row)s: the same industry for the same standard.")
                % {"row": first_row[wage_key]}
            )
        elif key is not None and wage.industry:
            first_row[wage_key] = number
        for field_name, items in messages.items():
            plan.problems += [Problem(name, number, _header(layout, field_name), m) for m in items]
        if not messages:
            wages[key].append(wage)
    return wages


def _wage_field(name: str) -> models.Field:
    """The fields of a 行业工资 row: the standard's key, then the wage's own fields."""
    if name in ("province", "area", "stat_year"):
        return CompensationStandard._meta.get_field(name)
    return IndustryWage._meta.get_field(name)
