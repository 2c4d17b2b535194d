"""Times the organisation pages with a large org: 300 sub-branches and 5,000 staff in one branch.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/org_pages.py

Creates its data in a throwaway test database (never touches the configured one) and reports, per page,
the median wall time over 20 requests and the number of queries.
"""

from __future__ import annotations

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


def main() -> None:
    setup_test_environment()
    from django.test.utils import get_runner  # noqa: F401

    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


def run() -> None:
    from decimal import Decimal

    from organization.demo import seed_demo_organisation
    from organization.models import OrgUnit, User

    seed_demo_organisation()
    jilin = OrgUnit.objects.get(code="jilin")
    OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"bench-{i}",
            name=f"基准支公司{i}",
            level=OrgUnit.Level.TERTIARY,
            parent=jilin,
            city=f"城市{i}",
            annual_motor_premium=Decimal(10_000_000 + i),
        )
        for i in range(300)
    )
    User.objects.bulk_create(User(username=f"bench{i}", org=jilin, phone="13900000000") for i in range(5000))
    manager = User.objects.get(username="jilin_branch_manager")
    hq = User.objects.get(username="hq_approver")
    pages = [
        ("org list (HQ)", hq, "/org/"),
        ("org detail, 5,000 staff", manager, f"/org/{jilin.pk}/"),
    ]
    print(f"database: {connection.vendor}")
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        client.get(url)
        times = []
        for _ in range(20):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200
        print(f"{label:28} median {statistics.median(times) * 1000:7.1f} ms   queries {len(queries)}")


if __name__ == "__main__":
    main()
