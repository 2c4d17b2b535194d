"""The calendar import is safe (issue 8, point 9): it replaces only the years a file covers completely, re-derives
the state of the clocks it moves, and a malformed file is told, never a server error."""

from __future__ import annotations

import datetime as dt

from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from sla import calendar
from sla.models import CalendarDay, CalendarYear, Deadline
from sla.services import calendar_import
from sla.services.deadlines import open_deadline
from tests.conftest import client_for
from tests.sla.conftest import at

YEAR_2027 = "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n2027-01-03,holiday,元旦\n"


def test_a_stray_day_of_another_year_is_added_and_never_wipes_that_year(db):
    """The notice for 2027 lists 2026-12-31 as a day off: 2026 keeps its other 30-odd special days."""
    days_2026 = CalendarDay.objects.filter(date__year=2026).count()
    assert days_2026 > 20
    report = calendar_import.import_calendar_csv((YEAR_2027 + "2026-12-31,holiday,元旦\n").encode(), {2027})
    assert report.ok and report.replaced == [2027] and report.other_days == 1
    assert CalendarDay.objects.filter(date__year=2026).count() == days_2026 + 1
    assert CalendarDay.objects.get(date=dt.date(2026, 12, 31)).name == "元旦"
    assert (
        CalendarYear.objects.get(year=2026).source != "csv"
    )  # a stray day does not make 2026 "loaded from CSV"


def test_a_year_to_replace_that_the_file_does_not_contain_is_refused(db):
    before = CalendarDay.objects.count()
    report = calendar_import.import_calendar_csv(YEAR_2027.encode(), {2027, 2026})
    assert not report.ok and "2026" in report.errors[0][1]
    assert CalendarDay.objects.count() == before


def test_recomputing_moves_a_breached_clock_back_to_open_when_its_new_due_time_is_ahead(
    widget, handler, monkeypatch
):
    """A clock breached under the provisional (Monday to Friday) guess is open again once the real calendar gives
    it more time; the sweep will breach it if it really runs late."""
    from django.utils import timezone

    opened = open_deadline(
        "payment",
        subject=widget,
        org=widget.org,
        title="赔付",
        assignee=handler,
        started_at=at(2026, 12, 29, 10, 0),
    )
    assert opened.provisional and opened.due_at == at(2027, 1, 1, 23, 59, 59)
    Deadline.objects.filter(pk=opened.pk).update(state=Deadline.State.BREACHED)
    monkeypatch.setattr(timezone, "now", lambda: at(2027, 1, 2, 9, 0))
    report = calendar_import.import_calendar_csv(YEAR_2027.encode(), {2027})
    opened.refresh_from_db()
    assert report.ok and opened.due_at == at(2027, 1, 4, 23, 59, 59)
    # Not breached any more: open or warned, as the new warning time says.
    expected = Deadline.State.WARNED if opened.warn_at <= at(2027, 1, 2, 9, 0) else Deadline.State.OPEN
    assert opened.state == expected


def test_editing_a_day_in_the_administration_recomputes_the_clocks_across_it(
    widget, handler, orgs, make_user
):
    admin_user = make_user(orgs.hq, is_staff=True, is_superuser=True, username="cal_admin")
    d = open_deadline(
        "payment",
        subject=widget,
        org=widget.org,
        title="赔付",
        assignee=handler,
        started_at=at(2026, 11, 2, 9, 0),
    )
    assert d.due_at == at(2026, 11, 5, 23, 59, 59)  # Mon + 3 working days: Thursday
    model_admin = site._registry[CalendarDay]
    request = RequestFactory().post("/")
    request.user = admin_user
    day = CalendarDay(date=dt.date(2026, 11, 4), kind=CalendarDay.Kind.HOLIDAY, name="测试休假")
    model_admin.save_model(request, day, form=None, change=False)
    d.refresh_from_db()
    assert d.due_at == at(2026, 11, 6, 23, 59, 59)  # Wednesday is off now: due on Friday
    model_admin.delete_model(request, day)
    d.refresh_from_db()
    assert d.due_at == at(2026, 11, 5, 23, 59, 59)
    calendar.clear_cache()


def test_a_field_over_the_csv_limit_is_told_not_a_server_error(orgs, make_user):
    """Before: a 140,000-character field made the csv module raise, and the page answered 500."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin_user = make_user(orgs.hq, "administrator", username="cal_admin2")
    before = CalendarDay.objects.count()
    body = ("date,kind,name\n2027-01-01,holiday," + "x" * 140_000 + "\n").encode()
    response = client_for(admin_user).post(
        reverse("sla:calendar"), {"file": SimpleUploadedFile("c.csv", body), "replace_years": [2027]}
    )
    assert response.status_code == 200
    assert 'data-testid="import-errors"' in response.content.decode()
    assert CalendarDay.objects.count() == before


def test_a_file_in_another_encoding_or_with_a_nul_byte_is_told(db):
    gbk = calendar_import.import_calendar_csv(YEAR_2027.encode("gbk"), {2027})
    nul = calendar_import.import_calendar_csv(b"date,kind,name\n2027-01-01,holiday,\x00\n", {2027})
    assert not gbk.ok and not nul.ok
