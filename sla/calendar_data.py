"""Loading the statutory calendar from the chinese_calendar package (years it knows: 2004–2026 in 1.11)."""

from __future__ import annotations

# chinese_calendar names holidays in English; the product shows the Chinese names.
CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def package_special_days() -> dict[int, list[tuple]]:
    """year → [(date, kind, name)] for every year the installed chinese_calendar covers."""
    import chinese_calendar

    by_year: dict[int, list[tuple]] = {}
    for day, name in chinese_calendar.holidays.items():
        by_year.setdefault(day.year, []).append((day, "holiday", CHINESE_NAMES.get(str(name), str(name))))
    for day, name in chinese_calendar.workdays.items():
        by_year.setdefault(day.year, []).append((day, "workday", CHINESE_NAMES.get(str(name), str(name))))
    return by_year


def load_package_years(CalendarYear, CalendarDay, *, replace: bool = False) -> list[int]:
    """Load every year the package knows that is not loaded yet (or all of them with replace=True)."""
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    done = []
    for year, days in sorted(package_special_days().items()):
        if year in loaded and not replace:
            continue
        CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(CalendarDay(date=d, kind=k, name=n) for d, k, n in days)
        CalendarYear.objects.update_or_create(year=year, defaults={"source": "package"})
        done.append(year)
    return done
