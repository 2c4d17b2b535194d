import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from organization.roles import Role
from sla.models import CalendarDay, CalendarYear, Deadline, Notification, Reminder
from sla.services import deadlines, reminders
from sla.services.deadlines import open_deadline
from sla.services.sweep import sweep
from tests.conftest import client_for


def make_deadlines(widget, user, n, *, start=None, policy="report_response"):
    start = start or timezone.now()
    return [
        open_deadline(
            policy, subject=widget, org=widget.org, title=f"事项{i}", assignee=user, started_at=start
        )
        for i in range(n)
    ]


# --- inbox ------------------------------------------------------------------------------------------------
def test_inbox_requires_login(db, client):
    assert client.get(reverse("home")).status_code == 302


def test_inbox_shows_my_clocks_most_urgent_first(widget, handler, make_user, orgs):
    now = timezone.now()
    on_track = open_deadline(
        "payment", subject=widget, org=widget.org, title="正常事项", assignee=handler, started_at=now
    )
    breached = open_deadline(
        "report_response",
        subject=widget,
        org=widget.org,
        title="超时事项",
        assignee=handler,
        started_at=now - dt.timedelta(hours=2),
    )
    warned = open_deadline(
        "report_response",
        subject=widget,
        org=widget.org,
        title="预警事项",
        assignee=handler,
        started_at=now - dt.timedelta(minutes=26),
    )
    other = make_user(widget.org, Role.INJURY_FOLLOW_UP, username="other")
    open_deadline(
        "payment", subject=widget, org=widget.org, title="别人的事项", assignee=other, started_at=now
    )
    sweep()
    body = client_for(handler).get(reverse("home")).content.decode()
    assert body.index("超时事项") < body.index("预警事项") < body.index("正常事项")
    assert "别人的事项" not in body
    assert "工作时间" in body  # the payment clock counts working time
    states = dict(Deadline.objects.filter(assignee=handler).values_list("pk", "state"))
    assert states == {breached.pk: "breached", warned.pk: "warned", on_track.pk: "open"}


def test_inbox_filters_by_state_and_kind(widget, handler):
    now = timezone.now()
    open_deadline(
        "payment", subject=widget, org=widget.org, title="正常事项", assignee=handler, started_at=now
    )
    open_deadline(
        "report_response",
        subject=widget,
        org=widget.org,
        title="超时事项",
        assignee=handler,
        started_at=now - dt.timedelta(hours=2),
    )
    sweep()
    client = client_for(handler)
    body = client.get(reverse("home"), {"state": "breached"}).content.decode()
    assert "超时事项" in body and "正常事项" not in body
    body = client.get(reverse("home"), {"kind": "payment"}).content.decode()
    assert "正常事项" in body and "超时事项" not in body


def test_inbox_bad_filter_is_reported_and_ignored(widget, handler):
    open_deadline("payment", subject=widget, org=widget.org, title="正常事项", assignee=handler)
    body = client_for(handler).get(reverse("home"), {"state": "exploded"}).content.decode()
    assert "正常事项" in body and 'class="errorlist"' in body


def test_inbox_htmx_refresh_returns_only_the_list(widget, handler):
    make_deadlines(widget, handler, 2)
    response = client_for(handler).get(reverse("home"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="inbox"') and "<html" not in body


def test_inbox_query_count_is_constant(widget, handler, django_assert_max_num_queries):
    client = client_for(handler)
    make_deadlines(widget, handler, 2)
    reminders.schedule_reminder(
        handler, subject=widget, org=widget.org, on=timezone.localdate(), title="回访"
    )
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("home"))
    make_deadlines(widget, handler, 40)
    for i in range(10):
        reminders.schedule_reminder(
            handler, subject=widget, org=widget.org, on=timezone.localdate(), title=f"回访{i}"
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("home"))
    assert response.content.decode().count('data-state="open"') == 25  # one page


def test_inbox_refuses_post(handler):
    assert client_for(handler).post(reverse("home")).status_code == 405


# --- reminders --------------------------------------------------------------------------------------------
@pytest.fixture
def reminder(widget, handler, head):
    return reminders.schedule_reminder(
        handler, subject=widget, org=widget.org, on=timezone.localdate(), title="预约跟踪：王某复诊", by=head
    )


def test_reminder_appears_on_its_day_not_before(widget, handler):
    reminders.schedule_reminder(
        handler,
        subject=widget,
        org=widget.org,
        on=timezone.localdate() + dt.timedelta(days=1),
        title="明天的回访",
    )
    assert "明天的回访" not in client_for(handler).get(reverse("home")).content.decode()
    Reminder.objects.update(due_on=timezone.localdate())
    assert "明天的回访" in client_for(handler).get(reverse("home")).content.decode()


def test_reminder_in_the_past_is_refused(widget, handler):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        reminders.schedule_reminder(
            handler, subject=widget, org=widget.org, on=timezone.localdate() - dt.timedelta(days=1), title="x"
        )


def test_marking_a_reminder_done_removes_it_from_the_inbox(reminder, handler):
    client = client_for(handler)
    response = client.post(reverse("sla:reminder_done", args=[reminder.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Trigger"]
    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.HANDLED
    assert "王某复诊" not in client.get(reverse("home")).content.decode()


def test_marking_done_twice_is_told_not_500(reminder, handler):
    client = client_for(handler)
    client.post(reverse("sla:reminder_done", args=[reminder.pk]))
    response = client.post(reverse("sla:reminder_done", args=[reminder.pk]), follow=True)
    assert response.status_code == 200 and "已标记为已处理" in response.content.decode()


def test_rescheduling_a_handled_reminder_brings_it_back_on_the_new_day(reminder, handler):
    client = client_for(handler)
    client.post(reverse("sla:reminder_done", args=[reminder.pk]))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("sla:reminder_reschedule", args=[reminder.pk]),
        {"due_on": tomorrow.isoformat(), "note": "再约"},
    )
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert (reminder.state, reminder.due_on, reminder.note) == (Reminder.State.SCHEDULED, tomorrow, "再约")


@pytest.mark.parametrize("value", ["", "not-a-date", "2000-01-01"])
def test_rescheduling_to_a_bad_date_is_refused_and_changes_nothing(reminder, handler, value):
    response = client_for(handler).post(
        reverse("sla:reminder_reschedule", args=[reminder.pk]), {"due_on": value}
    )
    assert response.status_code == 200 and 'class="errorlist"' in response.content.decode()
    reminder.refresh_from_db()
    assert reminder.due_on == timezone.localdate() and reminder.state == Reminder.State.SCHEDULED


def test_reschedule_form_renders(reminder, handler):
    assert client_for(handler).get(reverse("sla:reminder_reschedule", args=[reminder.pk])).status_code == 200


def test_someone_elses_reminder_is_404(reminder, outsider, head):
    for user in (outsider, head):
        client = client_for(user)
        assert client.post(reverse("sla:reminder_done", args=[reminder.pk])).status_code == 404
        assert client.get(reverse("sla:reminder_reschedule", args=[reminder.pk])).status_code == 404
    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.SCHEDULED


def test_reminder_done_refuses_get(reminder, handler):
    assert client_for(handler).get(reverse("sla:reminder_done", args=[reminder.pk])).status_code == 405


# --- notifications ----------------------------------------------------------------------------------------
def test_bell_counts_unread_and_list_marks_read(widget, handler):
    from sla.notifications import notify

    notify([handler], kind="testapp.message", context={"title": "协议即将到期"})
    notify([handler], kind="testapp.message", context={"title": "有新的审核任务"})
    client = client_for(handler)
    assert 'data-testid="unread">2<' in client.get(reverse("home")).content.decode()
    note = Notification.objects.filter(title="协议即将到期").get()
    assert client.post(reverse("sla:notification_read", args=[note.pk])).status_code == 302
    assert 'data-testid="unread">1<' in client.get(reverse("sla:notifications")).content.decode()
    client.post(reverse("sla:notifications_read_all"))
    assert 'data-testid="unread"' not in client.get(reverse("sla:notifications")).content.decode()


def test_opening_a_notification_follows_only_local_links(handler):
    from sla.notifications import notify

    local, evil = (
        notify([handler], kind="testapp.message", context={"title": "本地"}, url="/org/"),
        notify([handler], kind="testapp.message", context={"title": "外部"}, url="https://evil.example/"),
    )
    client = client_for(handler)
    assert (
        client.post(reverse("sla:notification_read", args=[local[0].pk]), {"open": "1"})["Location"]
        == "/org/"
    )
    assert client.post(reverse("sla:notification_read", args=[evil[0].pk]), {"open": "1"})[
        "Location"
    ] == reverse("sla:notifications")


def test_someone_elses_notification_is_404(handler, outsider):
    from sla.notifications import notify

    note = notify([handler], kind="testapp.message", context={"title": "私人"})[0]
    assert client_for(outsider).post(reverse("sla:notification_read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_notifications_list_query_count(handler, django_assert_max_num_queries):
    from sla.notifications import notify

    for i in range(40):
        notify([handler], kind="testapp.message", context={"title": f"通知{i}"})
    client = client_for(handler)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("sla:notifications"))
    assert response.status_code == 200


def test_notification_read_refuses_get(handler):
    assert client_for(handler).get(reverse("sla:notification_read", args=[1])).status_code == 405


# --- dashboard --------------------------------------------------------------------------------------------
@pytest.fixture
def history(widget, handler, orgs, make_user):
    """This month in Jilin: one met on time, one met late, one still breached; in Shenzhen one breach."""
    now = timezone.now()
    on_time = open_deadline(
        "report_response",
        subject=widget,
        org=widget.org,
        title="按时",
        assignee=handler,
        started_at=now - dt.timedelta(minutes=40),
    )
    deadlines.meet_deadline(on_time, at=now - dt.timedelta(minutes=20))
    late = open_deadline(
        "report_response",
        subject=widget,
        org=widget.org,
        title="迟到",
        assignee=handler,
        started_at=now - dt.timedelta(hours=2),
    )
    open_deadline(
        "report_response",
        subject=widget,
        org=widget.org,
        title="仍超时",
        assignee=handler,
        started_at=now - dt.timedelta(hours=3),
    )
    from tests.testapp.models import Widget

    sz = Widget.objects.create(org=orgs.shenzhen, name="深圳案")
    sz_user = make_user(orgs.shenzhen, Role.INJURY_FOLLOW_UP, username="sz_handler")
    open_deadline(
        "report_response",
        subject=sz,
        org=orgs.shenzhen,
        title="深圳超时",
        assignee=sz_user,
        started_at=now - dt.timedelta(hours=3),
    )
    sweep()
    deadlines.meet_deadline(late)


def test_dashboard_for_branch_manager_shows_own_branch_only(history, branch_manager):
    body = client_for(branch_manager).get(reverse("sla:dashboard")).content.decode()
    assert "仍超时" in body and "深圳超时" not in body
    assert "1/3" in body and "33.3%" in body  # one of three on time
    assert 'data-testid="chart"' in body


def test_dashboard_for_hq_shows_everything(history, make_user, orgs):
    hq_manager = make_user(orgs.hq, Role.ADMINISTRATOR)
    body = client_for(hq_manager).get(reverse("sla:dashboard")).content.decode()
    assert "仍超时" in body and "深圳超时" in body and "1/4" in body


def test_dashboard_forbidden_to_roles_without_it(history, adjuster):
    assert client_for(adjuster).get(reverse("sla:dashboard")).status_code == 403


def test_dashboard_outsider_org_filter_is_refused(history, outsider, orgs):
    response = client_for(outsider).get(reverse("sla:dashboard"), {"org": orgs.jilin.pk})
    body = response.content.decode()
    assert response.status_code == 200 and 'class="errorlist"' in body and "仍超时" not in body


def test_dashboard_query_count_is_constant(
    history, branch_manager, widget, handler, django_assert_max_num_queries
):
    client = client_for(branch_manager)
    make_deadlines(widget, handler, 30, start=timezone.now() - dt.timedelta(hours=5))
    sweep()
    with django_assert_max_num_queries(14):
        response = client.get(reverse("sla:dashboard"))
    assert response.status_code == 200


def test_dashboard_refuses_post(branch_manager):
    assert client_for(branch_manager).post(reverse("sla:dashboard")).status_code == 405


# --- calendar administration and banner -------------------------------------------------------------------
@pytest.fixture
def hq_admin(orgs, make_user):
    return make_user(orgs.hq, Role.ADMINISTRATOR, username="hq_admin", is_staff=True)


@pytest.fixture
def next_year_missing(db):
    year = timezone.localdate().year + 1
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarYear.objects.filter(year=year).delete()
    return year


def csv_for(year: int) -> bytes:
    return f"date,kind,name\n{year}-01-01,holiday,元旦\n{year}-05-01,holiday,劳动节\n".encode()


def test_banner_names_the_missing_year_to_hq_administrators_only(next_year_missing, hq_admin, branch_manager):
    body = client_for(hq_admin).get(reverse("home")).content.decode()
    assert 'data-testid="calendar-banner"' in body and str(next_year_missing) in body
    assert (
        'data-testid="calendar-banner"'
        not in client_for(branch_manager).get(reverse("home")).content.decode()
    )


def test_loading_the_year_removes_the_banner(next_year_missing, hq_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(hq_admin)
    upload = SimpleUploadedFile("cal.csv", csv_for(next_year_missing), content_type="text/csv")
    response = client.post(reverse("sla:calendar"), {"file": upload, "replace_years": [next_year_missing]})
    assert response.status_code == 302
    assert CalendarYear.objects.filter(year=next_year_missing, source="csv").exists()
    assert CalendarDay.objects.filter(date__year=next_year_missing).count() == 2
    assert 'data-testid="calendar-banner"' not in client.get(reverse("home")).content.decode()


def test_bad_calendar_csv_reports_every_bad_row_and_imports_nothing(next_year_missing, hq_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    y = next_year_missing
    weekday = next(dt.date(y, 1, d) for d in range(4, 11) if dt.date(y, 1, d).weekday() < 5)
    bad = (
        f"date,kind,name\n{y}-01-01,holiday,元旦\n{y}-13-01,holiday,坏日期\n{y}-01-02,vacation,坏类型\n"
        f"{y}-01-01,holiday,重复\n{weekday.isoformat()},workday,工作日调休\n{y}-01-20,holiday,\n"
    ).encode()
    upload = SimpleUploadedFile("cal.csv", bad, content_type="text/csv")
    response = client_for(hq_admin).post(reverse("sla:calendar"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="import-errors"' in body
    for row in (3, 4, 5, 6, 7):
        assert f"第 {row} 行" in body, row
    assert (
        not CalendarYear.objects.filter(year=y).exists()
        and not CalendarDay.objects.filter(date__year=y).exists()
    )


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00bad", b"datum,art,name\n2027-01-01,holiday,x\n"])
def test_unreadable_calendar_files_are_refused(next_year_missing, hq_admin, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("cal.csv", content, content_type="text/csv")
    response = client_for(hq_admin).post(reverse("sla:calendar"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="errorlist"' in body or 'data-testid="import-errors"' in body
    assert not CalendarYear.objects.filter(year=next_year_missing).exists()


def test_calendar_page_is_404_for_everyone_but_hq_administrators(hq_admin, make_user, orgs, branch_manager):
    branch_admin = make_user(orgs.jilin, Role.ADMINISTRATOR, is_staff=True)
    assert client_for(hq_admin).get(reverse("sla:calendar")).status_code == 200
    assert client_for(branch_admin).get(reverse("sla:calendar")).status_code == 404
    assert client_for(branch_manager).get(reverse("sla:calendar")).status_code == 404


def test_calendar_page_refuses_put(hq_admin):
    assert client_for(hq_admin).put(reverse("sla:calendar")).status_code == 405


def test_hq_administrators_see_deliveries_that_failed_for_good(hq_admin, branch_manager, handler):
    from sla.models import Delivery
    from sla.notifications import notify

    note = notify([handler], kind="testapp.message", context={"title": "测试"})[0]
    Delivery.objects.filter(notification=note, channel="sms").update(status=Delivery.Status.GAVE_UP)
    assert 'data-testid="delivery-banner"' in client_for(hq_admin).get(reverse("home")).content.decode()
    assert (
        'data-testid="delivery-banner"'
        not in client_for(branch_manager).get(reverse("home")).content.decode()
    )
