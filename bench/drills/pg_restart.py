"""Drill: PostgreSQL restarted under load, while gunicorn serves pages and a Celery worker sweeps deadlines.

Run it on a QUIET machine (it restarts the whole PostgreSQL cluster: every other user of it is cut off too):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/drill REDIS_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python bench/drills/pg_restart.py --restart

Without ``--restart`` it runs the same load and sweep without touching PostgreSQL (a dry run of the harness).
``--command`` changes how the cluster is restarted (default ``pg_ctlcluster 15 main restart``).

What it does: creates a throwaway database (``test_<name>``) with 300 deadlines due (the test app's widgets, as in
tests/sla/test_worker_kill.py), starts gunicorn as the Procfile does (2 workers × 4 threads, CONN_MAX_AGE 60 with
health checks) and a Celery worker (solo pool) on the Redis database given; four threads request ``/healthz`` and
the inbox (signed in) for the whole drill; the sweep runs in batches of 10, and when a quarter of the deadlines is
breached the cluster is restarted. Then, as beat would every minute, the sweep and the delivery retry are sent again
until everything is done. It prints the answers second by second and checks:

- the pages answer 200 again after the restart, without restarting gunicorn (no stale connection kept);
- every deadline breached once, one notification per deadline, event and person, every delivery sent once;
- the worker survived (the task in flight failed with OperationalError and was acknowledged; the next sweep
  finished the rest; committed batches were kept).

Expected outcome: errors (500, or a refused connection) only in the seconds the cluster is down; 0 afterwards.
"""

from __future__ import annotations

import argparse
import collections
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["CELERY_QUEUE"] = "drill-pg"
os.environ["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

DEADLINES = 300
PORT = int(os.environ.get("DRILL_PORT", "8765"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--restart", action="store_true", help="really restart the PostgreSQL cluster")
    parser.add_argument("--command", default="pg_ctlcluster 15 main restart")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL (DATABASE_URL).")
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        ok = run(args.command if args.restart else "")
    finally:
        connection.close()
        connection.creation.destroy_test_db(old, verbosity=0)
    sys.exit(0 if ok else 1)


def seed():
    from django.utils import timezone

    from organization.roles import Role
    from sla.models import Deadline
    from sla.services.deadlines import open_deadline
    from tests.conftest import ensure_reference_data
    from tests.factories import HQFactory, SecondaryFactory, TertiaryFactory, UserFactory
    from tests.testapp.models import Widget

    ensure_reference_data()
    hq = HQFactory()
    branch = SecondaryFactory(code="jilin", name="吉林分公司", parent=hq)
    city = TertiaryFactory(code="jilin-jilinshi", name="吉林市中心支公司", parent=branch)
    handler = UserFactory(org=city, roles=[Role.INJURY_FOLLOW_UP], email="h@example.com", phone="13800000001")
    UserFactory(org=branch, roles=[Role.BRANCH_CLAIMS_HEAD], email="head@example.com", phone="13800000002")
    widget = Widget.objects.create(org=city, name="演练")
    start = timezone.now() - timezone.timedelta(hours=3)
    first = open_deadline(
        "report_response", subject=widget, org=city, title="t", assignee=handler, started_at=start
    )
    Deadline.objects.bulk_create(
        Deadline(
            policy=first.policy,
            content_type=first.content_type,
            object_id=widget.pk,
            title=f"报案{i}",
            org=city,
            assignee=handler,
            started_at=start,
            due_at=first.due_at,
            warn_at=first.warn_at,
        )
        for i in range(DEADLINES - 1)
    )
    return handler


def session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start(command: list[str], log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SLA_SWEEP_BATCH": "10",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)  # noqa: S603


class Load:
    """Four threads requesting /healthz and the inbox; every answer kept as (second, status or error)."""

    def __init__(self, cookie: str):
        self.cookie = cookie
        self.stop = threading.Event()
        self.answers: list[tuple[float, str, str]] = []
        self.started = time.monotonic()
        self.threads = [threading.Thread(target=self.loop, args=(i,), daemon=True) for i in range(4)]

    def loop(self, index: int) -> None:
        path = "/healthz" if index % 2 else "/"
        while not self.stop.is_set():
            request = urllib.request.Request(
                f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": self.cookie}
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 -- loopback
                    outcome = str(response.status)
            except urllib.error.HTTPError as exc:
                outcome = str(exc.code)
            except OSError as exc:
                outcome = type(exc).__name__
            self.answers.append((time.monotonic() - self.started, path, outcome))
            time.sleep(0.05)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(15)


def send(task_name: str) -> None:
    from config.celery import app

    app.send_task(task_name, queue="drill-pg")


def counts() -> tuple[int, int, int]:
    from django.db import connections

    from sla.models import Deadline, Delivery

    connections.close_all()  # our own connection died with the restart too
    for _attempt in range(60):
        try:
            return (
                Deadline.objects.filter(state=Deadline.State.BREACHED).count(),
                Delivery.objects.count(),
                Delivery.objects.exclude(status=Delivery.Status.SENT).count(),
            )
        except Exception:  # the database is restarting
            connections.close_all()
            time.sleep(0.5)
    raise SystemExit("the database did not come back within 30 s")


def run(restart_command: str) -> bool:
    from django.db.models import Count

    from sla.models import Delivery, Notification

    handler = seed()
    cookie = session_cookie(handler)
    logs = ROOT / "var" / "drill"
    logs.mkdir(parents=True, exist_ok=True)
    gunicorn = start(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "2", "--threads", "4"],
        logs / "gunicorn.log",
    )  # fmt: skip
    worker = start(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-Q", "drill-pg",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
        logs / "worker.log",
    )  # fmt: skip
    restarted_at = None
    try:
        time.sleep(5)
        with Load(cookie) as load:
            send("sla.tasks.sweep_deadlines")
            while counts()[0] < DEADLINES // 4:
                time.sleep(0.1)
            if restart_command:
                restarted_at = time.monotonic() - load.started
                print(f"{restarted_at:6.1f}s  {restart_command}", flush=True)
                subprocess.run(shlex.split(restart_command), check=True)  # noqa: S603 -- the operator's command
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                breached, deliveries, unsent = counts()
                if breached == DEADLINES and deliveries and not unsent:
                    break
                send("sla.tasks.sweep_deadlines")  # what beat does every minute (here: every 15 s)
                send("sla.tasks.retry_deliveries")
                time.sleep(15)
            time.sleep(3)
    finally:
        for process in (gunicorn, worker):
            process.send_signal(signal.SIGTERM)
            process.wait(30)

    per_second: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    for at, _path, outcome in load.answers:
        per_second[int(at)][outcome] += 1
    print("second  answers")
    for second in sorted(per_second):
        print(f"{second:6d}  {dict(per_second[second])}")
    errors = [(at, outcome) for at, _path, outcome in load.answers if outcome != "200"]
    last_error = max((at for at, _ in errors), default=None)
    breached, deliveries, unsent = counts()
    duplicates = (
        Notification.objects.values("recipient", "dedupe_key").annotate(n=Count("pk")).filter(n__gt=1)
    )
    attempts = collections.Counter(Delivery.objects.values_list("attempts", flat=True))
    print(f"answers: {len(load.answers)}, not 200: {len(errors)}, last error at: {last_error}")
    print(f"deadlines breached: {breached}/{DEADLINES}; deliveries: {deliveries}, not sent: {unsent}")
    print(f"duplicate notifications: {duplicates.count()}; delivery attempts: {dict(attempts)}")
    print(f"worker alive at the end: {worker.returncode in (0, -signal.SIGTERM)} (logs in {logs})")
    ok = (
        breached == DEADLINES
        and deliveries == 2 * 2 * DEADLINES
        and unsent == 0
        and not duplicates.exists()
        and all(outcome == "200" for at, _p, outcome in load.answers if at > (last_error or 0))
        and (restarted_at is not None or not errors)
    )
    print("drill:", "PASSED" if ok else "FAILED")
    return ok


if __name__ == "__main__":
    main()
