"""The set-based sweep (texts, names and links written in SQL) and the batch sending of deliveries."""

import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.db.models import Count
from django.utils import timezone, translation

from organization.models import User
from organization.roles import Role
from sla import notifications, registry
from sla.models import Deadline, Delivery, Notification
from sla.notices import DEADLINE_BREACH, DEADLINE_ESCALATE
from sla.services.deadlines import open_deadline
from sla.services.sweep import sweep
from tests.sla.conftest import at
from tests.testapp.models import Widget


def python_text(kind: str, part: str, deadline: Deadline, owner: str) -> str:
    """What the sweep wrote before it was set-based: the kind's text formatted in Python."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "title": deadline.title,
            "policy": deadline.policy.name,
            "due": timezone.localtime(deadline.due_at).strftime("%Y-%m-%d %H:%M"),
            "owner": owner,
            "org": deadline.org.name,
        }
        return notifications._text(getattr(registry.notice(kind), part), context)


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        ({"last_name": "王", "first_name": "芳"}, "王芳"),
        ({"last_name": "Smith", "first_name": "John"}, "John Smith"),
        ({"last_name": "", "first_name": "", "username": "zhao_l"}, "zhao_l"),
    ],
)
def test_the_texts_written_in_sql_are_the_ones_python_writes(widget, head, make_user, orgs, names, shown):
    assignee = make_user(orgs.jilinshi, Role.INJURY_FOLLOW_UP, email="a@example.com", **names)
    assert str(assignee) == shown
    d = open_deadline(
        "report_response",
        subject=widget,
        org=widget.org,
        title="赔付 50% 'x' <b>",
        assignee=assignee,
        started_at=at(2026, 11, 20, 9, 7),
    )
    sweep(now=at(2026, 11, 20, 10))
    breach = Notification.objects.get(recipient=assignee)
    escalation = Notification.objects.get(recipient=head)
    assert breach.title == python_text(DEADLINE_BREACH, "title", d, shown)
    assert breach.body == python_text(DEADLINE_BREACH, "body", d, shown)
    assert escalation.title == python_text(DEADLINE_ESCALATE, "title", d, shown)
    assert escalation.body == python_text(DEADLINE_ESCALATE, "body", d, shown)
    assert (
        "2026-11-20 09:37" in escalation.body and shown in escalation.body
    )  # Beijing time, the owner's name


def test_an_unassigned_breach_tells_the_branch_it_was_nobody_s(widget, head):
    d = open_deadline(
        "report_response", subject=widget, org=widget.org, title="无人认领", started_at=at(2026, 11, 20, 9)
    )
    sweep(now=at(2026, 11, 20, 10))
    with translation.override(settings.LANGUAGE_CODE):
        nobody = translation.gettext("nobody")
    escalation = Notification.objects.get()
    assert escalation.recipient == head and escalation.body == python_text(
        DEADLINE_ESCALATE, "body", d, nobody
    )


def test_the_name_in_sql_is_the_name_on_the_page(orgs, make_user):
    people = [
        make_user(orgs.jilin, last_name="欧阳", first_name="娜娜"),
        make_user(orgs.jilin, last_name="Li", first_name="娜"),
        make_user(orgs.jilin, last_name="Doe", first_name=""),
        make_user(orgs.jilin, last_name="", first_name="", username="nameless"),
    ]
    named = dict(User.objects.filter(pk__in=[p.pk for p in people]).values_list("pk", User.name_expression()))
    assert named == {p.pk: str(p) for p in people}
    assert set(named.values()) == {"欧阳娜娜", "Li娜", "Doe", "nameless"}


def test_the_notification_links_to_the_subject_s_page(widget, handler, monkeypatch):
    monkeypatch.setattr(Widget, "get_absolute_url", lambda self: f"/widgets/{self.pk}/", raising=False)
    d = open_deadline(
        "report_response",
        subject=widget,
        org=widget.org,
        title="跟踪",
        assignee=handler,
        started_at=at(2026, 11, 20, 9),
    )
    # A clock opened before the link was stored on it: the sweep takes the link from its subject.
    legacy = open_deadline(
        "report_response",
        subject=widget,
        org=widget.org,
        title="旧时限",
        assignee=handler,
        started_at=at(2026, 11, 20, 9),
    )
    Deadline.objects.filter(pk=legacy.pk).update(url="")
    assert d.url == f"/widgets/{widget.pk}/"
    sweep(now=at(2026, 11, 20, 9, 25))
    assert set(Notification.objects.values_list("url", flat=True)) == {f"/widgets/{widget.pk}/"}
    assert Notification.objects.count() == 2


# --- sending ---------------------------------------------------------------------------------------------
def staff(orgs, make_user, n: int) -> list[User]:
    return [
        make_user(orgs.jilin, Role.CLAIMS_ADJUSTER, email=f"s{i}@example.com", phone=f"1380000{i:04d}")
        for i in range(n)
    ]


def test_a_batch_of_e_mails_goes_over_one_connection(orgs, make_user, monkeypatch, settings, tmp_path):
    settings.SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    people = staff(orgs, make_user, 5)
    notifications.notify(people, kind="hospitals.submitted", context={"hospital": "甲", "org": "乙"})
    opened = []
    from sla import deliveries

    real = deliveries.get_connection
    monkeypatch.setattr(deliveries, "get_connection", lambda **kw: opened.append(1) or real(**kw))
    ids = list(Delivery.objects.values_list("pk", flat=True))
    assert notifications.send_deliveries(ids) == {Delivery.Status.SENT: 10}
    assert (
        len(opened) == 1
        and len(mail.outbox) == 5
        and len((tmp_path / "sms.log").read_text().splitlines()) == 5
    )
    assert notifications.send_deliveries(ids) == {}  # a repeat sends nothing


def test_a_failing_channel_holds_back_nothing_else_of_the_batch(orgs, make_user, settings):
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/sms"  # nothing listens there
    settings.SMS_HTTP_TIMEOUT = 1
    people = staff(orgs, make_user, 3)
    notifications.notify(people, kind="hospitals.submitted", context={"hospital": "甲", "org": "乙"})
    before = timezone.now()
    counts = notifications.send_deliveries(Delivery.objects.values_list("pk", flat=True))
    assert counts == {Delivery.Status.SENT: 3, Delivery.Status.FAILED: 3} and len(mail.outbox) == 3
    for sms in Delivery.objects.filter(channel="sms"):
        assert sms.attempts == 1 and "unreachable" in sms.last_error and sms.next_attempt_at > before


# --- overlapping sweeps and senders (PostgreSQL: real row locks) ---------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_sweeps_and_senders_share_the_work_and_repeat_nothing(orgs, make_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions with row locks")
    handler = make_user(orgs.jilinshi, Role.INJURY_FOLLOW_UP, email="h@example.com", phone="13800000001")
    make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, email="head@example.com", phone="13800000002")
    widget = Widget.objects.create(org=orgs.jilinshi, name="并发")
    start = timezone.now() - timezone.timedelta(hours=3)
    first = open_deadline(
        "report_response", subject=widget, org=widget.org, title="t", assignee=handler, started_at=start
    )
    Deadline.objects.bulk_create(
        Deadline(
            policy=first.policy,
            content_type=first.content_type,
            object_id=widget.pk,
            title=f"并发{i}",
            org=widget.org,
            assignee=handler,
            started_at=start,
            due_at=first.due_at,
            warn_at=first.warn_at,
        )
        for i in range(59)
    )
    results, sent, errors = [], [], []

    def run(work):
        try:
            work()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def sweeper():
        results.append(sweep(batch_size=5))

    def sender():
        sent.append(notifications.send_deliveries(limit=7))

    for work in (sweeper, sender):
        threads = [threading.Thread(target=run, args=(work,)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
    assert sum(r.breached for r in results) == 60 and Deadline.objects.filter(state="breached").count() == 60
    assert not Notification.objects.values("recipient", "dedupe_key").annotate(n=Count("pk")).filter(n__gt=1)
    assert Notification.objects.count() == 120 and Delivery.objects.count() == 240
    assert sum(c.get(Delivery.Status.SENT, 0) for c in sent) == 240 and len(mail.outbox) == 120
    assert set(Delivery.objects.values_list("status", "attempts")) == {(Delivery.Status.SENT, 1)}


def test_a_burst_asks_one_more_sweep_to_share_it_and_a_small_load_does_not(
    widget, handler, monkeypatch, settings
):
    """More than one batch due: the minute sweep first queues SLA_SWEEP_HELPERS more sweeps (which ask for none
    themselves) and then sweeps; one batch or less: it sweeps alone."""
    from sla import tasks

    queued = []
    monkeypatch.setattr(tasks, "enqueue", lambda task, **kwargs: queued.append((task.name, kwargs)))
    monkeypatch.setattr("sla.services.sweep.SWEEP_BATCH", 2)
    settings.SLA_SWEEP_HELPERS = 1

    def due(n: int) -> None:
        for _ in range(n):
            open_deadline(
                "report_response",
                subject=widget,
                org=widget.org,
                title="突发",
                assignee=handler,
                started_at=at(2026, 11, 1, 9),
            )

    due(3)
    helper = tasks.sweep_deadlines.run(helpers=0)
    assert queued == [] and helper == {"warned": 0, "breached": 3}

    due(2)
    assert tasks.sweep_deadlines.run() == {"warned": 0, "breached": 2}
    assert queued == []  # two due, one batch: no helper

    due(3)
    assert tasks.sweep_deadlines.run() == {"warned": 0, "breached": 3}
    assert queued == [("sla.tasks.sweep_deadlines", {"helpers": 0})]
