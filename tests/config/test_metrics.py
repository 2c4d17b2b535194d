"""/metrics (issue 14, point 5): not public, and the product's figures move with what happens."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from organization.roles import Role
from sla.models import Deadline, Delivery
from sla.services.deadlines import open_deadline
from sla.services.sweep import sweep
from tests.testapp.models import Widget

SH = ZoneInfo("Asia/Shanghai")


def scrape(client: Client | None = None, **headers) -> dict:
    """{(name, labels...): value} of one scrape from loopback."""
    response = (client or Client()).get("/metrics", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    values = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            values[(sample.name, *sorted(sample.labels.items()))] = sample.value
    return values


# --- who may scrape -------------------------------------------------------------------------------------------
def test_metrics_answer_loopback_and_the_allowed_addresses(db, settings):
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="::1").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="10.0.3.7").get("/metrics").status_code == 404
    settings.METRICS_ALLOWED_IPS = ["10.0.3.0/24"]
    assert Client(REMOTE_ADDR="10.0.3.7").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 404


def test_metrics_through_the_proxy_are_not_public_even_from_its_loopback(db):
    """A proxy on the same host connects from 127.0.0.1: a request it forwards is somebody on the internet."""
    client = Client(REMOTE_ADDR="127.0.0.1")
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404


def test_metrics_with_the_bearer_token_from_anywhere(db, settings):
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    far = Client(REMOTE_ADDR="203.0.113.9")
    assert far.get("/metrics").status_code == 404
    assert far.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert far.get("/metrics", HTTP_AUTHORIZATION="Basic s3cret-scrape-token").status_code == 404
    response = far.get(
        "/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert response.status_code == 200 and b"claims_deadlines_breached_total" in response.content


def test_no_token_configured_means_no_token_accepted(db, settings):
    settings.METRICS_TOKEN = ""
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_metrics_refuse_post(db):
    assert Client().post("/metrics").status_code == 405


# --- what they say --------------------------------------------------------------------------------------------
@pytest.fixture
def overdue(orgs, make_user):
    """A 30-minute report-response clock opened at 09:00, so the 09:31 sweep breaches it."""
    handler = make_user(orgs.jilinshi, Role.INJURY_FOLLOW_UP, email="h@example.com", phone="13811112222")
    make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, email="head@example.com", phone="13833334444")
    widget = Widget.objects.create(org=orgs.jilinshi, name="王某人伤案")
    return open_deadline(
        "report_response",
        subject=widget,
        org=widget.org,
        title="跟踪王某",
        assignee=handler,
        started_at=dt.datetime(2026, 11, 20, 9, 0, tzinfo=SH),
    )


def test_breach_counters_move_when_the_sweep_breaches_a_deadline(overdue):
    before = scrape()
    assert before[("claims_deadlines_breached_total", ("policy", "report_response"))] == 0
    assert before[("claims_deadlines_breached_open", ("policy", "report_response"))] == 0

    sweep(now=dt.datetime(2026, 11, 20, 9, 31, tzinfo=SH))
    overdue.refresh_from_db()
    assert overdue.state == Deadline.State.BREACHED
    after = scrape()
    assert after[("claims_deadlines_breached_total", ("policy", "report_response"))] == 1
    assert after[("claims_deadlines_breached_open", ("policy", "report_response"))] == 1
    assert after[("claims_deadlines_breached_total", ("policy", "payment"))] == 0

    # Met late: no longer open, still counted among the breaches (the total never goes back).
    from sla.services.deadlines import meet_deadline

    meet_deadline(overdue)
    met = scrape()
    assert met[("claims_deadlines_breached_open", ("policy", "report_response"))] == 0
    assert met[("claims_deadlines_breached_total", ("policy", "report_response"))] == 1


def test_delivery_gauges_move_when_an_sms_fails(overdue, settings):
    from sla.notifications import send_delivery

    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/sms"  # nothing listens there
    settings.SMS_HTTP_TIMEOUT = 1
    sweep(now=dt.datetime(2026, 11, 20, 9, 31, tzinfo=SH))
    sms = Delivery.objects.filter(channel="sms").order_by("pk")
    waiting = sms.count()
    assert waiting >= 1
    before = scrape()
    assert before[("claims_deliveries", ("channel", "sms"), ("status", "pending"))] == waiting
    assert before[("claims_deliveries", ("channel", "sms"), ("status", "failed"))] == 0

    assert send_delivery(sms[0].pk) == Delivery.Status.FAILED
    after = scrape()
    assert after[("claims_deliveries", ("channel", "sms"), ("status", "failed"))] == 1
    assert after[("claims_deliveries", ("channel", "sms"), ("status", "pending"))] == waiting - 1


def test_jobs_and_imports_waiting_and_failed(claims_head):
    from documents.models import Job

    Job.objects.create(kind="hospitals.agreement_print", requested_by=claims_head)
    Job.objects.create(kind="hospitals.agreement_print", requested_by=claims_head, status=Job.Status.FAILED)
    Job.objects.create(kind="hospitals.export", requested_by=claims_head, status=Job.Status.DONE)
    values = scrape()
    assert values[("claims_jobs", ("kind", "hospitals.agreement_print"), ("status", "pending"))] == 1
    assert values[("claims_jobs", ("kind", "hospitals.agreement_print"), ("status", "failed"))] == 1
    assert ("claims_jobs", ("kind", "hospitals.export"), ("status", "done")) not in values
    assert values[("claims_hospital_imports", ("status", "pending"))] == 0


def test_queue_lengths_of_the_filesystem_broker(db, settings, tmp_path):
    """The embedded transport keeps one file per message: counted per queue (Redis: LLEN, CI's Redis run)."""
    if settings.REDIS_URL:
        pytest.skip("the filesystem transport only")
    folder = tmp_path / "queue"
    folder.mkdir()
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "data_folder_in": folder,
    }
    for name in ("1_a.printing.msg", "2_b.printing.msg", "3_c.sweep.msg", "4_d.elsewhere.msg"):
        (folder / name).write_bytes(b"{}")
    values = scrape()
    assert values[("claims_celery_queue_length", ("queue", "printing"))] == 2
    assert values[("claims_celery_queue_length", ("queue", "sweep"))] == 1
    assert values[("claims_celery_queue_length", ("queue", "deliveries"))] == 0
    assert values[("claims_broker_up",)] == 1


def test_queue_lengths_on_redis(db, settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    import redis

    from config.metrics import queue_lengths

    client = redis.Redis.from_url(settings.REDIS_URL)
    before = queue_lengths()
    client.rpush("imports", b"a", b"b")
    client.rpush("imports\x06\x163", b"c")  # a message of priority 3
    try:
        assert queue_lengths()["imports"] == before["imports"] + 3
    finally:
        client.ltrim("imports", 0, -3)
        client.rpop("imports\x06\x163")


def test_a_broker_outage_is_a_figure_not_a_failed_scrape(db, settings, monkeypatch):
    from config import metrics

    def down():
        raise ConnectionError("broker down")

    monkeypatch.setattr(metrics, "queue_lengths", down)
    values = scrape()
    assert values[("claims_broker_up",)] == 0
    assert ("claims_deadlines_breached_total", ("policy", "report_response")) in values


def test_the_database_figures_are_counted_at_most_once_per_cache_period(claims_head, settings, monkeypatch):
    """Two Prometheus servers, or a short interval, do not multiply the deadline table scans."""
    from config import metrics
    from documents.models import Job

    clock = [1000.0]
    monkeypatch.setattr(metrics.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(metrics, "_cached", None)
    settings.METRICS_CACHE_SECONDS = 30
    key = ("claims_jobs", ("kind", "hospitals.export"), ("status", "pending"))
    assert key not in scrape()
    Job.objects.create(kind="hospitals.export", requested_by=claims_head)
    clock[0] += 29
    assert key not in scrape()  # still the figures of 29 s ago
    clock[0] += 1
    assert scrape()[key] == 1
