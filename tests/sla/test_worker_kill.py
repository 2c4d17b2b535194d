"""A real Celery worker against Redis and PostgreSQL is killed (SIGKILL) in the middle of a sweep and restarted:
nothing is lost and nothing is sent twice. Runs where CI runs (DATABASE_URL on PostgreSQL, REDIS_URL set)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from organization.roles import Role
from sla.models import Deadline, Delivery, Notification
from sla.services.deadlines import open_deadline
from tests.testapp.models import Widget

ROOT = Path(__file__).resolve().parents[2]
N = 300

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def broker_url() -> str:
    """A Redis database of its own, emptied afterwards."""
    base = settings.REDIS_URL.rsplit("/", 1)[0] if settings.REDIS_URL.count("/") > 2 else settings.REDIS_URL
    return f"{base}/14"


def start_worker(queue: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker_url(),
        "CELERY_QUEUE": queue,
        "SLA_SWEEP_BATCH": "5",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool",
        "solo",
        "-Q",
        queue,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "INFO",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def send_sweep(queue: str) -> None:
    from config.celery import app
    from sla.tasks import sweep_deadlines

    with app.connection_for_write(broker_url()) as conn:
        sweep_deadlines.apply_async(queue=queue, connection=conn)


def send_retry(queue: str) -> None:
    """What beat sends every minute: deliveries never handed to the worker (the killed worker committed their
    batch but died before queueing them) or due for a retry are sent."""
    from config.celery import app
    from sla.tasks import retry_deliveries

    with app.connection_for_write(broker_url()) as conn:
        retry_deliveries.apply_async(queue=queue, connection=conn)


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def breached() -> int:
    return Deadline.objects.filter(state=Deadline.State.BREACHED).count()


def test_worker_killed_mid_sweep_loses_and_duplicates_nothing(orgs, make_user, tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as in CI")
    import redis

    handler = make_user(orgs.jilinshi, Role.INJURY_FOLLOW_UP, email="h@example.com", phone="13800000001")
    make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, email="head@example.com", phone="13800000002")
    widget = Widget.objects.create(org=orgs.jilinshi, name="压力测试")
    start = timezone.now() - timezone.timedelta(hours=3)
    first = open_deadline(
        "report_response", subject=widget, org=widget.org, title="t", assignee=handler, started_at=start
    )
    Deadline.objects.bulk_create(
        Deadline(
            policy=first.policy,
            content_type=first.content_type,
            object_id=widget.pk,
            title=f"报案{i}",
            org=widget.org,
            assignee=handler,
            started_at=start,
            due_at=first.due_at,
            warn_at=first.warn_at,
        )
        for i in range(N - 1)
    )
    queue = f"kill-test-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    worker = start_worker(queue, log)
    try:
        send_sweep(queue)
        wait_for(lambda: breached() >= 10, 60, "the sweep to start")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
        done_at_kill = breached()
        assert 0 < done_at_kill < N, f"the kill must land mid-sweep (breached {done_at_kill} of {N})"
        time.sleep(0.5)
        assert breached() == done_at_kill  # nothing moves while no worker runs

        worker = start_worker(queue, log)
        send_sweep(queue)
        wait_for(lambda: breached() == N, 120, "the restarted worker to finish the sweep")
        # A kill between a batch's commit and the hand-off of its deliveries leaves them pending in the database,
        # not lost: beat's retry task (every minute in production) sends them.
        send_retry(queue)
        wait_for(
            lambda: not Delivery.objects.exclude(status=Delivery.Status.SENT).exists(),
            120,
            "every delivery to be sent",
        )
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(15)
            except subprocess.TimeoutExpired:
                worker.kill()
        redis.Redis.from_url(broker_url()).flushdb()

    # Nothing lost: every deadline breached, its owner told and its escalation sent.
    assert Notification.objects.filter(dedupe_key__endswith=":breach").count() == N
    assert Notification.objects.filter(dedupe_key__endswith=":escalate").count() == N
    # Nothing twice: one notification per deadline, event and person; one delivery per channel, each sent once.
    duplicates = (
        Notification.objects.values("recipient", "dedupe_key").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not duplicates.exists()
    assert Delivery.objects.count() == 2 * 2 * N
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}, log.read_text()[-2000:]
