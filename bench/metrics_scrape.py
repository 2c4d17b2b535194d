"""Times one Prometheus scrape of the product's figures (config.metrics.scrape) against an existing database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_injury_1m .venv/bin/python bench/metrics_scrape.py

Unlike the other benches it creates nothing: it only reads, so it runs against the data set of
bench/injury_pages.py (1,000,000 injured persons, ~1.5 million deadlines) kept with --reuse. Reports the median
and maximum wall time of --runs scrapes (after one warm-up; the per-process cache, METRICS_CACHE_SECONDS, is
turned off so every scrape counts), the SQL statements of one scrape with their time,
and on PostgreSQL EXPLAIN ANALYZE of the deadline query (the largest table it reads).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F, Q  # noqa: E402

from config.metrics import scrape  # noqa: E402
from sla.models import Deadline, Delivery  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    settings.METRICS_CACHE_SECONDS = 0  # the cost of counting, not of reading the cache
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"rows: deadlines {Deadline.objects.count():,}, deliveries {Delivery.objects.count():,}")
    scrape()  # warm: connection, caches
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        body = scrape()
        timings.append((time.perf_counter() - started) * 1000)
    lines = [line for line in body.decode().splitlines() if line.startswith("claims_")]
    print(f"scrape: {len(body):,} bytes, {len(lines)} product samples")
    print(
        f"wall per scrape over {args.runs} runs: median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms"
    )

    statements = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(timed):
        scrape()
    print(f"SQL statements of one scrape: {len(statements)}")
    for ms, sql in statements:
        print(f"  {ms:8.1f} ms  {sql[:150]}")

    if connection.vendor == "postgresql":
        ran_late = (
            Q(state=Deadline.State.BREACHED)
            | Q(state=Deadline.State.MET, met_at__gt=F("due_at"))
            | Q(state=Deadline.State.CANCELLED, closed_at__gt=F("due_at"))
        )
        query = Deadline.objects.filter(ran_late).values("policy_id").annotate(n=django.db.models.Count("pk"))
        sql, params = query.order_by().query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            print("EXPLAIN ANALYZE, deadlines breached:")
            for (row,) in cursor.fetchall():
                print("  " + row)


if __name__ == "__main__":
    main()
