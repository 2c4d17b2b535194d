"""The holiday-calendar CSV import: all or nothing, every bad row reported, then the deadlines it affects
recomputed.

A file replaces only the years the person says it covers completely (``replace_years``: the State Council's
notice for a year). Days of any other year in it — a late-December day in next year's notice, say — are added or
updated one by one and never wipe their year.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .. import calendar
from ..models import CalendarDay, CalendarYear
from .deadlines import recompute_deadlines_on, recompute_provisional_deadlines

KIND_ALIASES = {
    "holiday": CalendarDay.Kind.HOLIDAY,
    "休": CalendarDay.Kind.HOLIDAY,
    "workday": CalendarDay.Kind.WORKDAY,
    "班": CalendarDay.Kind.WORKDAY,
}
MAX_CALENDAR_CSV = 256 * 1024


@dataclass
class CalendarImport:
    errors: list[tuple[int, str]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # the years in the file
    replaced: list[int] = field(default_factory=list)  # the years it replaced completely
    days: int = 0
    other_days: int = 0  # days of other years, added or updated one by one
    recomputed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_calendar_csv(data: bytes) -> tuple[list[CalendarDay], CalendarImport]:
    """Check every row; the import happens only when no row has an error."""
    report = CalendarImport()
    if len(data) > MAX_CALENDAR_CSV:
        report.errors.append((0, _("The file is larger than 256 KB; a year's calendar is a few dozen rows.")))
        return [], report
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append((0, _("The file is not UTF-8 text. Save it as CSV UTF-8.")))
        return [], report
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:  # a field over the csv module's limit, a NUL byte …
        report.errors.append((0, _("The file is not a readable CSV file (%(error)s).") % {"error": exc}))
        return [], report
    header = rows[0] if rows else None
    if header is None or [h.strip().lower() for h in header[:3]] != ["date", "kind", "name"]:
        report.errors.append((1, _("The first row must be the header: date,kind,name")))
        return [], report
    days: list[CalendarDay] = []
    seen: dict[datetime.date, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            report.errors.append(
                (number, _("Expected 3 columns (date, kind, name), found %(n)s.") % {"n": len(row)})
            )
            continue
        raw_date, raw_kind, name = (cell.strip() for cell in row[:3])
        try:
            day = datetime.date.fromisoformat(raw_date)
        except ValueError:
            report.errors.append(
                (number, _("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": raw_date})
            )
            continue
        kind = KIND_ALIASES.get(raw_kind.lower())
        if kind is None:
            report.errors.append(
                (
                    number,
                    _("Kind “%(value)s” is not one of: holiday, workday (or 休, 班).") % {"value": raw_kind},
                )
            )
            continue
        if not name:
            report.errors.append((number, _("The name of the holiday is missing.")))
            continue
        if any(unicodedata.category(ch) == "Cc" for ch in name):
            report.errors.append((number, _("The name contains control characters.")))
            continue
        if len(name) > 50:
            report.errors.append((number, _("The name is longer than 50 characters.")))
            continue
        if day in seen:
            report.errors.append(
                (number, _("%(date)s already appears on row %(row)s.") % {"date": raw_date, "row": seen[day]})
            )
            continue
        if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
            report.errors.append(
                (
                    number,
                    _("%(date)s is a weekday: only a Saturday or Sunday can be a make-up working day.")
                    % {"date": raw_date},
                )
            )
            continue
        seen[day] = number
        days.append(CalendarDay(date=day, kind=kind, name=name))
    if not days and not report.errors:
        report.errors.append((0, _("The file has no rows after the header.")))
    report.years = sorted({d.date.year for d in days})
    report.days = len(days)
    return days, report


def import_calendar_csv(
    data: bytes, replace_years: set[int] | frozenset[int] = frozenset()
) -> CalendarImport:
    """Import a calendar file, all or nothing: the years in ``replace_years`` are replaced by the file's days (and
    recorded as loaded); the file's days of other years are added or updated without touching the rest of their
    year. Then every deadline the change affects is recomputed."""
    days, report = parse_calendar_csv(data)
    if not report.ok:
        return report
    replace_years = set(replace_years)
    empty = sorted(replace_years - set(report.years))
    if empty:
        report.errors.append(
            (
                0,
                _(
                    "The file has no days in %(years)s, which it should replace: choose only the years it covers."
                )
                % {"years": ", ".join(str(y) for y in empty)},
            )
        )
        return report
    replaced = [d for d in days if d.date.year in replace_years]
    others = [d for d in days if d.date.year not in replace_years]
    with transaction.atomic():
        for year in sorted(replace_years):
            CalendarDay.objects.filter(date__year=year).delete()
            CalendarYear.objects.update_or_create(year=year, defaults={"source": CalendarYear.Source.CSV})
        CalendarDay.objects.bulk_create(replaced)
        for day in others:
            CalendarDay.objects.update_or_create(date=day.date, defaults={"kind": day.kind, "name": day.name})
        transaction.on_commit(calendar.clear_cache)
    calendar.clear_cache()
    report.replaced = sorted(replace_years)
    report.other_days = len(others)
    report.recomputed = recompute_provisional_deadlines()
    for day in others:
        report.recomputed += recompute_deadlines_on(day.date)
    return report
