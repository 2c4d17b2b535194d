import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organization.roles import Role
from sla.models import CalendarDay, CalendarYear, Deadline, Delivery, Notification
from sla.services import calendar_import, deadlines
from sla.services import sweep as sweeping
from sla.services.deadlines import open_deadline
from sla.services.sweep import sweep
from tests.sla.conftest import at


def open_(policy, widget, handler, start, **kw):
    return open_deadline(
        policy, subject=widget, org=widget.org, title="跟踪王某", assignee=handler, started_at=start, **kw
    )


# --- computing due and warning times --------------------------------------------------------------------
def test_minutes_clock(widget, handler):
    d = open_("report_response", widget, handler, at(2026, 11, 20, 9, 0))
    assert (d.due_at, d.warn_at, d.provisional) == (at(2026, 11, 20, 9, 30), at(2026, 11, 20, 9, 24), False)


def test_working_days_clock_skips_national_day(widget, handler):
    d = open_("payment", widget, handler, at(2026, 9, 29, 10, 0))
    assert d.due_at == at(2026, 10, 9, 23, 59, 59)  # 30 Sep, 8 Oct, 9 Oct
    assert at(2026, 9, 29, 10) < d.warn_at < d.due_at and not d.provisional


def test_a_record_s_own_terms_replace_the_policy_s_duration(widget, handler):
    # A green-channel product's step ("7个工作日内") brings its own duration to a policy of calendar minutes.
    d = open_("report_response", widget, handler, at(2026, 9, 29, 10, 0), terms=("working_days", 3))
    assert (d.clock_kind, d.duration) == ("working_days", 3)
    assert d.due_at == at(2026, 10, 9, 23, 59, 59)  # 30 Sep, 8 Oct, 9 Oct: National Day skipped
    hours = open_("payment", widget, handler, at(2026, 11, 20, 9, 0), terms=("hours", 48))
    assert hours.due_at == at(2026, 11, 22, 9, 0)  # 48 calendar hours, over the weekend


def test_own_terms_survive_a_pause_and_a_recompute(widget, handler):
    d = open_("test_pausable", widget, handler, at(2026, 11, 2, 9, 0), terms=("working_days", 5))
    assert d.due_at == at(2026, 11, 9, 23, 59, 59)  # Tue, Wed, Thu, Fri, Mon
    deadlines.pause_deadline(d, at=at(2026, 11, 3, 10, 0))
    d = deadlines.resume_deadline(d, at=at(2026, 11, 4, 10, 0))  # one working day paused
    assert d.due_at == at(2026, 11, 10, 23, 59, 59)
    deadlines.recompute_deadlines(Deadline.objects.filter(pk=d.pk), now=at(2026, 11, 4, 11, 0))
    d.refresh_from_db()
    assert d.due_at == at(2026, 11, 10, 23, 59, 59)


@pytest.mark.parametrize("terms", [("fortnights", 2), ("working_days", 0)])
def test_nonsense_terms_are_refused(widget, handler, terms):
    with pytest.raises(ValidationError):
        open_("payment", widget, handler, at(2026, 11, 20, 9), terms=terms)
    assert not Deadline.objects.exists()


def test_unknown_policy_is_refused(widget, handler):
    with pytest.raises(ValidationError):
        open_("no_such_policy", widget, handler, at(2026, 11, 20, 9))


def test_clock_into_an_unloaded_year_is_provisional_and_loading_it_recomputes(widget, handler):
    CalendarYear.objects.filter(year=2027).delete()
    d = open_("payment", widget, handler, at(2026, 12, 29, 10, 0))
    assert d.provisional and d.due_at == at(2027, 1, 1, 23, 59, 59)  # weekends-only guess: Fri 1 Jan counts
    report = calendar_import.import_calendar_csv(
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n2027-01-03,holiday,元旦\n".encode(),
        {2027},
    )
    assert report.ok and report.recomputed == 1
    d.refresh_from_db()
    assert not d.provisional and d.due_at == at(2027, 1, 4, 23, 59, 59)


# --- pause and resume -------------------------------------------------------------------------------------
def test_pause_and_resume_extend_the_due_time_by_the_paused_working_time(widget, handler):
    d = open_("test_pausable", widget, handler, at(2026, 11, 2, 9, 0))  # Monday
    assert d.due_at == at(2026, 11, 5, 23, 59, 59)
    deadlines.pause_deadline(d, at=at(2026, 11, 3, 10, 0))
    # Tuesday 10:00 to Wednesday 10:00: 24 h of working time.
    d = deadlines.resume_deadline(d, at=at(2026, 11, 4, 10, 0))
    assert d.paused_total == dt.timedelta(hours=24)
    assert d.due_at == at(2026, 11, 6, 23, 59, 59) and d.paused_at is None


def test_pause_over_a_weekend_counts_only_working_time(widget, handler):
    d = open_("test_pausable", widget, handler, at(2026, 11, 5, 9, 0))  # Thursday
    deadlines.pause_deadline(d, at=at(2026, 11, 6, 12, 0))  # Friday noon
    d = deadlines.resume_deadline(d, at=at(2026, 11, 9, 12, 0))  # Monday noon
    assert d.paused_total == dt.timedelta(hours=24)


def test_a_paused_clock_is_not_swept(widget, handler):
    d = open_("test_pausable", widget, handler, at(2026, 11, 2, 9, 0))
    deadlines.pause_deadline(d, at=at(2026, 11, 3, 10, 0))
    sweep(now=at(2026, 11, 20, 9))
    d.refresh_from_db()
    assert d.state == Deadline.State.OPEN and not Notification.objects.exists()


def test_only_pausable_running_clocks_pause(widget, handler):
    d = open_("report_response", widget, handler, at(2026, 11, 2, 9, 0))
    with pytest.raises(ValidationError, match=r"不能暂停|may not pause"):
        deadlines.pause_deadline(d)
    p = open_("test_pausable", widget, handler, at(2026, 11, 2, 9, 0))
    deadlines.pause_deadline(p, at=at(2026, 11, 2, 10))
    with pytest.raises(ValidationError):
        deadlines.pause_deadline(p)
    deadlines.resume_deadline(p, at=at(2026, 11, 2, 11))
    with pytest.raises(ValidationError):
        deadlines.resume_deadline(p)


# --- warn, breach, escalate, meet -------------------------------------------------------------------------
def test_warning_notifies_the_assignee_once(widget, handler, head):
    d = open_("report_response", widget, handler, at(2026, 11, 20, 9, 0))
    assert sweep(now=at(2026, 11, 20, 9, 23)).warned == 0
    result = sweep(now=at(2026, 11, 20, 9, 25))
    d.refresh_from_db()
    assert result.warned == 1 and result.notifications == 1 and d.state == Deadline.State.WARNED
    note = Notification.objects.get()
    assert note.recipient == handler and note.level == Notification.Level.WARNING and "跟踪王某" in note.title
    assert set(note.deliveries.values_list("channel", flat=True)) == {"email", "sms"}
    assert sweep(now=at(2026, 11, 20, 9, 26)).warned == 0
    assert Notification.objects.count() == 1


def test_breach_notifies_assignee_and_escalates_to_the_branch(widget, handler, head, make_user, orgs):
    make_user(orgs.jilinshi, Role.CLAIMS_ADJUSTER, username="bystander")
    d = open_("report_response", widget, handler, at(2026, 11, 20, 9, 0))
    result = sweep(now=at(2026, 11, 20, 9, 31))
    d.refresh_from_db()
    assert result.breached == 1 and result.warned == 0 and d.state == Deadline.State.BREACHED
    by_person = dict(Notification.objects.values_list("recipient__username", "dedupe_key"))
    # No claims head in the sub-branch: the escalation goes up to the branch's.
    assert by_person == {"handler": f"deadline:{d.pk}:breach", "head": f"deadline:{d.pk}:escalate"}
    escalation = Notification.objects.get(recipient=head)
    assert "跟踪王某" in escalation.title and handler.get_full_name() in escalation.body
    assert sweep(now=at(2026, 11, 20, 10)).breached == 0 and Notification.objects.count() == 2


def test_escalation_stays_in_the_org_when_it_has_the_role(widget, handler, head, make_user, orgs):
    local_head = make_user(orgs.jilinshi, Role.BRANCH_CLAIMS_HEAD, username="local_head")
    open_("report_response", widget, handler, at(2026, 11, 20, 9, 0))
    sweep(now=at(2026, 11, 20, 10))
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "handler",
        local_head.username,
    }


def test_unassigned_deadline_warns_the_escalation_role(widget, head):
    open_deadline(
        "report_response", subject=widget, org=widget.org, title="无人认领", started_at=at(2026, 11, 20, 9)
    )
    sweep(now=at(2026, 11, 20, 9, 25))
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["head"]


def test_meeting_on_time_and_late(widget, handler):
    d = open_("report_response", widget, handler, at(2026, 11, 20, 9, 0))
    d = deadlines.meet_deadline(d, at=at(2026, 11, 20, 9, 20))
    assert d.state == Deadline.State.MET and d.on_time is True
    late = open_("report_response", widget, handler, at(2026, 11, 20, 9, 0))
    sweep(now=at(2026, 11, 20, 9, 40))
    late = deadlines.meet_deadline(late, at=at(2026, 11, 20, 9, 45))
    assert late.state == Deadline.State.MET and late.on_time is False
    with pytest.raises(ValidationError):
        deadlines.meet_deadline(late)


def test_met_and_cancelled_clocks_are_not_swept(widget, handler):
    met = open_("report_response", widget, handler, at(2026, 11, 20, 9, 0))
    deadlines.meet_deadline(met, at=at(2026, 11, 20, 9, 10))
    cancelled = open_("report_response", widget, handler, at(2026, 11, 20, 9, 0))
    deadlines.cancel_deadline(cancelled)
    assert sweep(now=at(2026, 11, 21)).breached == 0


def test_close_deadlines_for_a_subject(widget, handler):
    open_("report_response", widget, handler, at(2026, 11, 20, 9, 0))
    open_("on_site", widget, handler, at(2026, 11, 20, 9, 0))
    assert deadlines.close_deadlines_for(widget, policy_code="on_site") == 1
    assert deadlines.close_deadlines_for(widget, met=False) == 1
    assert set(Deadline.objects.values_list("state", flat=True)) == {"met", "cancelled"}


def test_the_same_notification_cannot_exist_twice(widget, handler):
    Notification.objects.create(recipient=handler, title="x", dedupe_key="deadline:1:warn")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=handler, title="x", dedupe_key="deadline:1:warn")


def test_notifying_a_batch_twice_creates_nothing_new(widget, handler, head):
    d = open_("report_response", widget, handler, at(2026, 11, 20, 9, 0))
    rows = list(Deadline.objects.filter(pk=d.pk).select_related("policy", "assignee", "org"))
    assert sweeping.notify_batch(rows, "breach")[0] == 2
    counts = (Notification.objects.count(), Delivery.objects.count())
    assert sweeping.notify_batch(rows, "breach") == (0, [])
    assert (Notification.objects.count(), Delivery.objects.count()) == counts == (2, 4)


def test_sweep_works_in_batches(widget, handler):
    for i in range(7):
        open_("report_response", widget, handler, at(2026, 11, 20, 9, i))
    result = sweep(now=at(2026, 11, 20, 11), batch_size=3)
    assert result.breached == 7 and Deadline.objects.filter(state="breached").count() == 7


def test_working_day_holiday_added_later_changes_nothing_already_computed(widget, handler):
    d = open_("payment", widget, handler, at(2026, 11, 23, 9, 0))
    CalendarDay.objects.create(date=dt.date(2026, 11, 24), kind=CalendarDay.Kind.HOLIDAY, name="测试")
    d.refresh_from_db()
    assert d.due_at == at(2026, 11, 26, 23, 59, 59)


# --- delivering -------------------------------------------------------------------------------------------
def test_email_and_sms_are_delivered_and_logged(widget, handler, settings, tmp_path):
    from sla.notifications import send_delivery

    settings.SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    open_("report_response", widget, handler, at(2026, 11, 20, 9, 0))
    result = sweep(now=at(2026, 11, 20, 9, 25))
    for delivery_id in result.delivery_ids:
        assert send_delivery(delivery_id) == Delivery.Status.SENT
    assert (
        len(mail.outbox) == 1
        and "跟踪王某" in mail.outbox[0].subject
        and mail.outbox[0].to == ["handler@example.com"]
    )
    # The same delivery always carries the same Message-ID, so a repeat after a worker died is recognisable.
    email = Delivery.objects.get(channel=Delivery.Channel.EMAIL)
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<delivery-{email.pk}@")
    sms = (tmp_path / "sms.log").read_text(encoding="utf-8")
    assert "13811112222" in sms and "跟踪王某" in sms
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    assert all(send_delivery(i) is None for i in result.delivery_ids)  # a repeat sends nothing


def test_failed_sms_is_retried_with_backoff_then_given_up(widget, handler, settings):
    from django.utils import timezone

    from sla.notifications import MAX_ATTEMPTS, due_delivery_ids, send_delivery

    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/sms"  # nothing listens there
    settings.SMS_HTTP_TIMEOUT = 1
    open_("report_response", widget, handler, at(2026, 11, 20, 9, 0))
    sweep(now=at(2026, 11, 20, 9, 25))
    sms = Delivery.objects.get(channel="sms")
    before = timezone.now()
    assert send_delivery(sms.pk) == Delivery.Status.FAILED
    sms.refresh_from_db()
    assert sms.attempts == 1 and "unreachable" in sms.last_error
    assert before + dt.timedelta(seconds=50) < sms.next_attempt_at < before + dt.timedelta(minutes=2)
    assert sms.pk not in due_delivery_ids()  # not yet due again
    for _ in range(MAX_ATTEMPTS - 1):
        Delivery.objects.filter(pk=sms.pk).update(next_attempt_at=timezone.now())
        send_delivery(sms.pk)
    sms.refresh_from_db()
    assert (
        sms.status == Delivery.Status.GAVE_UP and sms.attempts == MAX_ATTEMPTS and sms.next_attempt_at is None
    )


def test_notify_sends_once_per_key(handler):
    from sla.notifications import notify

    notify([handler], kind="testapp.message", context={"title": "协议即将到期"}, dedupe_key="agreement:1:90")
    notify([handler], kind="testapp.message", context={"title": "协议即将到期"}, dedupe_key="agreement:1:90")
    notify([handler], kind="testapp.message", context={"title": "另一件事"})
    assert Notification.objects.filter(recipient=handler).count() == 2


def test_seed_002_the_payment_clock_may_not_pause(widget, handler):
    """Seed 002: "三个工作日到账承诺" — three working days to payment, no pause stated (issue 8, point 10)."""
    d = open_("payment", widget, handler, at(2026, 11, 2, 9, 0))
    with pytest.raises(ValidationError, match=r"不能暂停|may not pause"):
        deadlines.pause_deadline(d, at=at(2026, 11, 2, 10, 0))
