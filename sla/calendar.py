"""Chinese working days: statutory holidays and 调休 make-up working days, held in the database.

Public functions:
    is_workday(date) -> bool
    add_working_days(date, n) -> date            the n-th working day after `date` (n = 0: `date` itself)
    working_time_between(start, end, hours)      working time between two instants (within service hours)
    add_working_time(start, duration, hours)     the instant after `duration` of working time
    is_provisional(start, end) -> bool           whether the span touches a year with no calendar loaded
    loaded_years(), missing_years(...)

A year with no calendar loaded falls back to "Monday to Friday" and everything computed across it is provisional.
The special days of every loaded year are read once and cached in the process; edits in this process clear the
cache at once (signals), other processes see them within CACHE_SECONDS.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

CACHE_SECONDS = 60
ONE_DAY = datetime.timedelta(days=1)
MIDNIGHT = datetime.time(0, 0)
ServiceHours = tuple[datetime.time, datetime.time] | None


@dataclass
class _Calendar:
    years: set[int] = field(default_factory=set)
    holidays: set[datetime.date] = field(default_factory=set)
    workdays: set[datetime.date] = field(default_factory=set)
    loaded_at: float = 0.0


_lock = threading.Lock()
_cache = _Calendar()


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def clear_cache(**kwargs) -> None:
    global _cache
    with _lock:
        _cache = _Calendar()


def _calendar() -> _Calendar:
    global _cache
    current = _cache
    if current.loaded_at and time.monotonic() - current.loaded_at < CACHE_SECONDS:
        return current
    from .models import CalendarDay, CalendarYear

    fresh = _Calendar(
        years=set(CalendarYear.objects.values_list("year", flat=True)), loaded_at=time.monotonic()
    )
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        if day.year not in fresh.years:
            continue
        (fresh.holidays if kind == CalendarDay.Kind.HOLIDAY else fresh.workdays).add(day)
    with _lock:
        _cache = fresh
    return fresh


def loaded_years() -> set[int]:
    return set(_calendar().years)


def year_loaded(year: int) -> bool:
    return year in _calendar().years


def is_workday(day: datetime.date) -> bool:
    cal = _calendar()
    if day.year not in cal.years:
        return day.weekday() < 5
    if day in cal.workdays:
        return True
    return day.weekday() < 5 and day not in cal.holidays


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `day`; `day` itself for n = 0. Years not loaded count Monday–Friday."""
    if n < 0:
        raise ValueError("n must be 0 or more")
    current = day
    remaining = n
    while remaining:
        current += ONE_DAY
        if is_workday(current):
            remaining -= 1
    return current


def working_days_before(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day before `day` ("距离就诊日两个工作日前": the last day to cancel a Monday visit for free is
    the Thursday before); `day` itself for n = 0."""
    if n < 0:
        raise ValueError("n must be 0 or more")
    current = day
    remaining = n
    while remaining:
        current -= ONE_DAY
        if is_workday(current):
            remaining -= 1
    return current


def is_provisional(start: datetime.date | datetime.datetime, end: datetime.date | datetime.datetime) -> bool:
    years = _calendar().years
    return any(year not in years for year in range(_local_date(start).year, _local_date(end).year + 1))


def missing_years(years: Iterable[int]) -> list[int]:
    loaded = _calendar().years
    return sorted({year for year in years if year not in loaded})


# --- working time ---------------------------------------------------------------------------------------
def _local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.astimezone(_tz()).date()
    return value


def _window(day: datetime.date, hours: ServiceHours) -> tuple[datetime.datetime, datetime.datetime] | None:
    """The working interval of a day: its service hours, or the whole day; None on a non-working day."""
    if not is_workday(day):
        return None
    tz = _tz()
    if hours is None:
        return (
            datetime.datetime.combine(day, MIDNIGHT, tzinfo=tz),
            datetime.datetime.combine(day + ONE_DAY, MIDNIGHT, tzinfo=tz),
        )
    return datetime.datetime.combine(day, hours[0], tzinfo=tz), datetime.datetime.combine(
        day, hours[1], tzinfo=tz
    )


def working_time_between(
    start: datetime.datetime, end: datetime.datetime, hours: ServiceHours = None
) -> datetime.timedelta:
    """Working time from `start` to `end` (negative when `end` is earlier), counting only working days and,
    when given, only service hours."""
    if end < start:
        return -working_time_between(end, start, hours)
    total = datetime.timedelta()
    day, last = _local_date(start), _local_date(end)
    while day <= last:
        window = _window(day, hours)
        if window is not None:
            lo, hi = max(window[0], start), min(window[1], end)
            if hi > lo:
                total += hi - lo
        day += ONE_DAY
    return total


def add_working_time(
    start: datetime.datetime, duration: datetime.timedelta, hours: ServiceHours = None
) -> datetime.datetime:
    """The instant when `duration` of working time has passed since `start`."""
    if duration < datetime.timedelta():
        raise ValueError("duration must not be negative")
    remaining = duration
    day = _local_date(start)
    cursor = start
    for _ in range(366 * 5):
        window = _window(day, hours)
        if window is not None:
            lo = max(window[0], cursor)
            if lo < window[1]:
                available = window[1] - lo
                if remaining <= available:
                    return lo + remaining
                remaining -= available
        day += ONE_DAY
    raise ValueError("duration too long for the calendar")


def end_of_working_day(day: datetime.date, hours: ServiceHours = None) -> datetime.datetime:
    """The close of business on `day`: the end of service hours, or the last second of the day."""
    tz = _tz()
    if hours is not None:
        return datetime.datetime.combine(day, hours[1], tzinfo=tz)
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=tz)
