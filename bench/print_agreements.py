"""Times agreement printing: one PDF warm, then 50 prints through a real Celery worker with 2 processes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/print_agreements.py

Creates a throwaway test database (``test_<name>``), 50 cooperations with agreements in the demo branch 吉林分公司,
and measures:

1. in this process, the render of one agreement (``render_pdf``) and one whole ``issue_document`` (number,
   render, hash, store, register), cold once and then warm (median of 5);
2. 50 print jobs (``documents.jobs.start_job("hospitals.agreement_print")``, the same thing the print button
   does) worked off by ``celery worker --concurrency 2`` on a queue of its own in Redis database 13: the wall
   time from the first enqueue to the last finish, the summed busy time of the jobs, and their parallelism (busy
   time / wall time: 2.0 means the two processes never waited for each other, 1.0 that they took turns, as they
   did when the document-number lock was held through the render). It checks that the 50 numbers are distinct
   and consecutive.
"""

from __future__ import annotations

import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["CELERY_QUEUE"] = "bench-print"
REDIS = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0] + "/13"
os.environ["REDIS_URL"] = REDIS

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PRINTS = 50


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit(
            "Run it on PostgreSQL (DATABASE_URL): the worker processes share the database with this one."
        )
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(connection.settings_dict["NAME"])
    finally:
        connection.close()
        connection.creation.destroy_test_db(old, verbosity=0)


def build() -> list:
    from hospitals.models import Agreement, Cooperation, Function, Hospital
    from organization.demo import seed_demo_organisation
    from organization.models import OrgUnit

    seed_demo_organisation()
    jilin = OrgUnit.objects.get(code="jilin")
    today = datetime.date(2026, 11, 24)
    agreements = []
    for i in range(PRINTS + 6):
        hospital = Hospital.objects.create(
            org=jilin,
            name=f"基准协作医院{i:03d}",
            province="22",
            city="长春市",
            address=f"人民大街{i}号",
            nature="public",
            grade="3a",
            beds=1200,
            specialties="创伤骨科",
            emergency_phone="0431-88782222",
            emergency_contact="急诊科",
        )
        cooperation = Cooperation.objects.create(hospital=hospital, org=jilin, state="active")
        agreements.append(
            Agreement.objects.create(
                cooperation=cooperation,
                functions=[Function.EMERGENCY, Function.TREATMENT, Function.APPRAISAL, Function.CONSULTATION],
                term_start=today,
                term_end=today + datetime.timedelta(days=3 * 365),
                insurer_signatory="张总",
                hospital_signatory="李院长",
            )
        )
    return agreements


def render_times(agreements, head) -> tuple[float, float, float]:
    from django.utils import translation

    from documents.services import render_pdf
    from hospitals.services.agreements import print_agreement

    def render(agreement) -> float:
        cooperation = agreement.cooperation
        context = {
            "agreement": agreement,
            "cooperation": cooperation,
            "hospital": cooperation.hospital,
            "document_number": "CA-2026-999999",
            "issued_at": datetime.datetime.now(datetime.UTC),
            "verify_url": "https://claims.example.com/documents/verify/",
        }
        started = time.perf_counter()
        with translation.override("zh-hans"):
            render_pdf("hospitals/pdf/agreement.html", context)
        return time.perf_counter() - started

    cold = render(agreements[0])
    warm = statistics.median(render(a) for a in agreements[1:6])
    issue = []
    for agreement in agreements[1:6]:
        started = time.perf_counter()
        print_agreement(agreement, by=head)
        issue.append(time.perf_counter() - started)
    return cold, warm, statistics.median(issue)


def start_worker(database: str, log: Path) -> subprocess.Popen:
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{database}"
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": REDIS, "CELERY_QUEUE": "bench-print"}
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--concurrency",
        "2",
        "-Q",
        "bench-print",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "INFO",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)  # noqa: S603


def run(database: str) -> None:
    import redis

    from documents.jobs import start_job
    from documents.models import IssuedDocument, Job
    from hospitals.jobs import PRINT
    from organization.models import User

    print(f"database: PostgreSQL {database}; broker: {REDIS}")
    agreements = build()
    head = User.objects.get(username="jilin_branch_claims_head")
    cold, warm, issue = render_times(agreements, head)
    print(f"\n1. one agreement, in this process: render cold {cold:.3f} s, warm {warm:.3f} s (median of 5);")
    print(
        f"   whole issue_document warm (number, render, hash, store, register): {issue:.3f} s (median of 5)"
    )

    redis.Redis.from_url(REDIS).flushdb()
    log = ROOT / "var" / "bench-print-worker.log"
    log.parent.mkdir(exist_ok=True)
    worker = start_worker(database, log)
    try:
        deadline = time.time() + 60
        while b"ready." not in log.read_bytes():
            if time.time() > deadline or worker.poll() is not None:
                sys.exit(f"the worker did not start; see {log}")
            time.sleep(0.2)
        first = IssuedDocument.objects.count()
        started = time.perf_counter()
        ids = [start_job(PRINT, by=head, params={"agreement": a.pk}).pk for a in agreements[6 : 6 + PRINTS]]
        while Job.objects.filter(pk__in=ids, finished_at__isnull=True).exists():
            if time.perf_counter() - started > 600:
                sys.exit("the prints did not finish within 10 minutes")
            time.sleep(0.05)
        wall = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(30)
        redis.Redis.from_url(REDIS).flushdb()
    jobs = list(Job.objects.filter(pk__in=ids))
    failed = [job for job in jobs if job.status != "done"]
    busy = sum((job.finished_at - job.started_at).total_seconds() for job in jobs)
    numbers = sorted(int(n[-6:]) for n in IssuedDocument.objects.values_list("number", flat=True))
    new = numbers[first:]
    print(
        f"\n2. {PRINTS} print jobs through `celery worker --concurrency 2` (prefork) on Redis and PostgreSQL:"
    )
    print(
        f"   wall time {wall:.2f} s from the first enqueue to the last finish ({wall / PRINTS:.3f} s a print)"
    )
    print(
        f"   busy time of the jobs {busy:.2f} s; parallelism busy/wall {busy / wall:.2f} (2.00 = never waited)"
    )
    print(f"   one process in series would take about {PRINTS * issue:.1f} s ({PRINTS} × {issue:.3f} s)")
    print(
        f"   failed jobs: {len(failed)}; document numbers distinct and consecutive: "
        f"{len(set(new)) == len(new) == PRINTS and new == list(range(new[0], new[0] + PRINTS))}"
    )


if __name__ == "__main__":
    main()
