import datetime as dt
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from sla import calendar
from sla.models import CalendarDay, CalendarYear

SH = ZoneInfo("Asia/Shanghai")
D = dt.date


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SH)


def test_is_workday_agrees_with_chinese_calendar_on_every_date_it_covers(db):
    first = min(chinese_calendar.holidays)
    last = D(max(chinese_calendar.holidays).year, 12, 31)
    day, checked, disagreements = D(first.year, 1, 1), 0, []
    while day <= last:
        if calendar.is_workday(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += dt.timedelta(days=1)
        checked += 1
    assert checked > 8000 and disagreements == []


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 2, 13), 0, D(2026, 2, 13)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # Saturday 14 Feb is a make-up working day
        (D(2026, 2, 13), 2, D(2026, 2, 24)),  # 15–23 Feb: Spring Festival
        (D(2026, 2, 12), 3, D(2026, 2, 24)),
        (D(2026, 2, 24), 4, D(2026, 2, 28)),  # Saturday 28 Feb is a make-up working day
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Sunday 20 Sep is a make-up working day
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # 1–7 Oct: National Day
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # Saturday 10 Oct is a make-up working day
        (D(2026, 10, 3), 1, D(2026, 10, 8)),  # counting from inside the holiday
    ],
)
def test_add_working_days_across_spring_festival_and_national_day(db, start, n, expected):
    assert calendar.add_working_days(start, n) == expected


def test_add_working_days_refuses_negative(db):
    with pytest.raises(ValueError):
        calendar.add_working_days(D(2026, 1, 5), -1)


def test_year_without_calendar_counts_monday_to_friday_and_is_provisional(db):
    assert not calendar.year_loaded(2031)
    assert calendar.is_workday(D(2031, 1, 1))  # a Wednesday: New Year unknown without the calendar
    assert not calendar.is_workday(D(2031, 1, 4))  # Saturday
    assert calendar.add_working_days(D(2030, 12, 31), 1) == D(2031, 1, 1)
    assert calendar.is_provisional(D(2030, 12, 31), D(2031, 1, 1))


def test_a_loaded_year_is_not_provisional(db):
    assert not calendar.is_provisional(D(2026, 2, 1), D(2026, 3, 1))


def test_editing_a_day_takes_effect_at_once(db):
    assert calendar.is_workday(D(2026, 11, 23))
    CalendarDay.objects.create(date=D(2026, 11, 23), kind=CalendarDay.Kind.HOLIDAY, name="临时休假")
    assert not calendar.is_workday(D(2026, 11, 23))


def test_days_of_a_year_not_marked_loaded_are_ignored(db):
    CalendarDay.objects.create(date=D(2031, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    assert calendar.is_workday(D(2031, 1, 1))
    CalendarYear.objects.create(year=2031, source=CalendarYear.Source.ADMIN)
    assert not calendar.is_workday(D(2031, 1, 1))


def test_working_time_within_service_hours_across_a_weekend(db):
    hours = (dt.time(9, 30), dt.time(18, 0))
    # Friday 6 Nov 2026 17:00 → Monday 9 Nov 10:00: one hour on Friday, half an hour on Monday.
    assert calendar.working_time_between(at(2026, 11, 6, 17), at(2026, 11, 9, 10), hours) == dt.timedelta(
        hours=1, minutes=30
    )
    assert calendar.working_time_between(at(2026, 11, 9, 10), at(2026, 11, 6, 17), hours) == -dt.timedelta(
        hours=1, minutes=30
    )


def test_working_time_skips_the_spring_festival(db):
    hours = (dt.time(9, 30), dt.time(18, 0))
    # Saturday 14 Feb (make-up day) 17:00 → Tuesday 24 Feb 10:30: 1 h + 1 h.
    assert calendar.working_time_between(at(2026, 2, 14, 17), at(2026, 2, 24, 10, 30), hours) == dt.timedelta(
        hours=2
    )


def test_add_working_time_lands_on_the_make_up_saturday(db):
    hours = (dt.time(9, 30), dt.time(18, 0))
    # Friday 13 Feb 17:00 + 2 working hours: 1 h on Friday, 1 h from Saturday's 09:30 (make-up working day).
    assert calendar.add_working_time(at(2026, 2, 13, 17), dt.timedelta(hours=2), hours) == at(
        2026, 2, 14, 10, 30
    )


def test_add_working_time_without_service_hours_counts_whole_working_days(db):
    assert calendar.add_working_time(at(2026, 9, 30, 12), dt.timedelta(hours=24)) == at(2026, 10, 8, 12)


def test_working_time_before_opening_starts_at_opening(db):
    hours = (dt.time(9, 30), dt.time(18, 0))
    assert calendar.add_working_time(at(2026, 11, 9, 7), dt.timedelta(minutes=30), hours) == at(
        2026, 11, 9, 10
    )
