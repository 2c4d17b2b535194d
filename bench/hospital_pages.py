"""Times the hospital list and the coverage pages with 20,000 hospitals and 2,000 cooperations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/hospital_pages.py

Creates its data in a throwaway test database (never the configured one) and reports, per page, the median wall
time over 20 requests through the test client and the number of queries.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

HOSPITALS = 20_000
COOPERATIONS = 2_000


def main() -> None:
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def build() -> None:
    from hospitals.models import Agreement, Cooperation, Hospital
    from organization.demo import seed_demo_organisation
    from organization.models import OrgUnit

    seed_demo_organisation()
    branches = list(OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY).order_by("code"))
    cities = {b.pk: [b.claims_city, *b.children.values_list("city", flat=True)] for b in branches}
    grades = [g for g, _label in Hospital.Grade.choices]
    rows = []
    for i in range(HOSPITALS):
        branch = branches[i % len(branches)]
        city = cities[branch.pk][i % len(cities[branch.pk])]
        rows.append(
            Hospital(
                org=branch,
                name=f"基准医院{i:05d}",
                province=branch.province,
                city=city,
                district="",
                address=f"测试路{i}号",
                nature="public" if i % 5 else "private",
                grade=grades[i % len(grades)],
                kind="general",
                beds=100 + i % 900,
                emergency_phone="0431-88880000",
                emergency_contact="急诊科",
            )
        )
    Hospital.objects.bulk_create(rows, batch_size=2000)
    states = [s for s, _label in Cooperation.State.choices]
    hospitals = list(Hospital.objects.order_by("pk").values_list("pk", "org_id")[:COOPERATIONS])
    Cooperation.objects.bulk_create(
        [
            Cooperation(hospital_id=pk, org_id=org, state=states[i % len(states)])
            for i, (pk, org) in enumerate(hospitals)
        ],
        batch_size=2000,
    )
    today = datetime.date.today()
    Agreement.objects.bulk_create(
        [
            Agreement(
                cooperation=c,
                version=1,
                functions=["emergency"],
                term_start=today - datetime.timedelta(days=900),
                term_end=today + datetime.timedelta(days=10 + i % 400),
                insurer_signatory="甲",
                hospital_signatory="乙",
            )
            for i, c in enumerate(Cooperation.objects.filter(state__in=Cooperation.IN_NETWORK))
        ],
        batch_size=2000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return branches


def run() -> None:
    from organization.models import OrgUnit, User

    started = time.perf_counter()
    build()
    print(
        f"database: {connection.vendor}; {HOSPITALS:,} hospitals, {COOPERATIONS:,} cooperations "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    jilin = OrgUnit.objects.get(code="jilin")
    hq = User.objects.get(username="hq_approver")
    manager = User.objects.get(username="jilin_branch_manager")
    pages = [
        ("list, HQ, page 1", hq, "/hospitals/"),
        ("list, HQ, page 200", hq, "/hospitals/?page=200"),
        ("list, HQ, search", hq, "/hospitals/?q=基准医院1999"),
        ("list, branch, city filter", manager, "/hospitals/?city=长春市"),
        ("list, HQ, state active", hq, "/hospitals/?state=active"),
        ("list, HQ, expiring in 60 days", hq, "/hospitals/?expiring=60"),
        ("coverage, HQ national", hq, "/hospitals/coverage/"),
        ("coverage, branch", manager, f"/hospitals/coverage/{jilin.pk}/"),
        ("pipeline board, HQ", hq, "/hospitals/board/"),
    ]
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        first = client.get(url)
        if first.status_code != 200:
            print(f"{label:32} HTTP {first.status_code} at {url}")
            continue
        times = []
        for _ in range(20):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            times.append(time.perf_counter() - start)
        print(f"{label:32} median {statistics.median(times) * 1000:7.1f} ms   queries {len(queries)}")


if __name__ == "__main__":
    main()
