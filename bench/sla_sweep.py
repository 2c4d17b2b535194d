"""Times one SLA sweep (sla.services.sweep.sweep) over 100,000 running deadlines of which 10,000 are due.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/sla_sweep.py
    .venv/bin/python bench/sla_sweep.py              # SQLite (in-memory test database), no EXPLAIN

Creates its data in a throwaway test database (never touches the configured one; with the URL above it is
named test_test and is dropped at the end). Seeds the demo org tree, then bulk-inserts 100,000 open deadlines
spread over the demo branches and sub-branches, seven policies and three assignees per branch (one deadline in
ten unassigned): 5,000 past their warning time but not due, 5,000 past due, 90,000 not due yet.

It then measures one call of sweep(now=...) with the default batch size (settings.SLA_SWEEP_BATCH): wall time
and SQL queries (by statement and table); checks the counts and that a second sweep at once does nothing;
repeats the timed sweep on the data reset to its unswept state (--runs, default 3: median reported); sweeps
once more under tracemalloc for the peak Python memory (that run is slower: tracing costs time). On PostgreSQL
it first prints EXPLAIN ANALYZE of the two selection queries and whether they read the partial indexes
deadline_breach_due / deadline_warn_due.

The Celery hand-off is patched out (sla.notifications._enqueue is a no-op): the bench measures the sweep,
not the sending. Other options: --batch-size N; --history N preloads N earlier notifications (the sweep
re-reads the ones it inserts by dedupe key, so this shows how it ages); --profile adds a cProfile run.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import io
import os
import pstats
import resource
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

TOTAL = 100_000
DUE_EVERY = 20  # of every 20 deadlines: one past due, one past its warning time, 18 not due
INSERT_BATCH = 5_000
# The sweep instant: a Monday morning, Beijing time.
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ASSIGNEE_ROLES = ("injury_follow_up", "claims_adjuster", "medical_reviewer")
CLAIMS_POLICIES = (
    "enquiry_routine",
    "enquiry_urgent",
    "fast_track_payment_notice",
    "loss_result",
    "on_site",
    "payment",
    "report_response",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed sweeps, data reset between (default 3)")
    parser.add_argument("--batch-size", type=int, help="sweep batch size (default: settings.SLA_SWEEP_BATCH)")
    parser.add_argument("--history", type=int, default=0, help="earlier notifications to preload (default 0)")
    parser.add_argument("--profile", action="store_true", help="also profile one sweep with cProfile")
    parser.add_argument(
        "--processes",
        type=int,
        nargs="*",
        default=[],
        help="also sweep the same due set with N processes at once, for each N given (e.g. 1 2 4)",
    )
    args = parser.parse_args()
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(
            runs=args.runs,
            batch_size=args.batch_size,
            history=args.history,
            profile=args.profile,
            processes=args.processes,
        )
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


# --- data ---------------------------------------------------------------------------------------------------
def schedule(policy, kind: str) -> tuple[datetime.datetime, datetime.datetime, datetime.datetime, bool]:
    """(start, due, warn, provisional) of a clock of `policy` that is, at NOW, in the wanted situation.

    open: warning still ahead; warn: warning passed, due more than 2 minutes ahead; breach: due 1 minute ago or
    earlier. Computed once per policy with the policy's own clock (working days included).
    """
    from sla.clocks import Clock

    clock = Clock(policy)
    minute = datetime.timedelta(minutes=1)
    if kind == "open":
        start = NOW - minute
        due, warn, provisional = clock.schedule(start)
        assert warn > NOW, (policy.code, warn)
        return start, due, warn, provisional
    for k in range(1, 60 * 24 * 60):
        start = NOW - k * minute
        due, warn, provisional = clock.schedule(start)
        if kind == "warn" and warn <= NOW and due > NOW + 2 * minute:
            return start, due, warn, provisional
        if kind == "breach" and due <= NOW - minute:
            return start, due, warn, provisional
    raise AssertionError(f"no start found for {policy.code} ({kind})")


def seed() -> dict:
    """Bulk-insert the deadlines; return what the sweep is expected to do."""
    from django.contrib.contenttypes.models import ContentType

    from organization.demo import seed_demo_organisation
    from organization.models import OrgUnit, User
    from sla.models import Deadline, SlaPolicy

    seed_demo_organisation()
    orgs = list(
        OrgUnit.objects.filter(level__in=[OrgUnit.Level.SECONDARY, OrgUnit.Level.TERTIARY]).order_by("code")
    )
    branch_of = {org.pk: org.pk if org.level == OrgUnit.Level.SECONDARY else org.parent_id for org in orgs}
    branch_code = {org.pk: org.code for org in orgs if org.level == OrgUnit.Level.SECONDARY}
    users = {u.username: u for u in User.objects.filter(org_id__in=branch_code)}
    assignees = {pk: [users[f"{code}_{role}"] for role in ASSIGNEE_ROLES] for pk, code in branch_code.items()}
    # The seven claims-service clocks of seed 002 (injury_claims.policies), named: the other apps' clocks (HQ's,
    # the green channel's service-hour steps) came later and would change the data set the figures compare.
    policies = list(SlaPolicy.objects.filter(is_active=True, code__in=CLAIMS_POLICIES).order_by("code"))
    assert len(policies) == len(CLAIMS_POLICIES), [p.code for p in policies]
    # Who a breach escalates to: the role holders of the branch (sub-branches have none of their own).
    holders = {
        (pk, role): list(User.objects.filter(org_id=pk, is_active=True, groups__name=role))
        for pk in branch_code
        for role in {p.escalation_role for p in policies}
    }
    for key, found in holders.items():
        assert found, f"no escalation holder for {key}"
    plans = {(p.pk, kind): schedule(p, kind) for p in policies for kind in ("open", "warn", "breach")}
    org_type = ContentType.objects.get_for_model(OrgUnit)

    def channels(user) -> int:
        return bool(user.email) + bool(user.phone)

    expected = Counter()
    batch: list[Deadline] = []
    for i in range(TOTAL):
        kind = {0: "breach", 1: "warn"}.get(i % DUE_EVERY, "open")
        org = orgs[(i // DUE_EVERY) % len(orgs)]
        policy = policies[(i // 3) % len(policies)]
        branch = branch_of[org.pk]
        assignee = None if (i // DUE_EVERY) % 10 == 7 else assignees[branch][i % len(ASSIGNEE_ROLES)]
        start, due, warn, provisional = plans[(policy.pk, kind)]
        # Spread the instants: open clocks up to an hour later, due ones up to 59 s earlier.
        shift = datetime.timedelta(seconds=(i * 7919) % (3600 if kind == "open" else 60))
        shift = shift if kind == "open" else -shift
        batch.append(
            Deadline(
                policy=policy,
                content_type=org_type,
                object_id=org.pk,
                title=f"基准时限 {i:06d} · {policy.name}",
                org=org,
                assignee=assignee,
                started_at=start + shift,
                due_at=due + shift,
                warn_at=warn + shift,
                provisional=provisional,
            )
        )
        if kind != "open":
            escalate = holders[(branch, policy.escalation_role)]
            if kind == "warn":
                recipients = [assignee] if assignee else escalate
            else:
                recipients = ([assignee] if assignee else []) + [
                    u for u in escalate if assignee is None or u.pk != assignee.pk
                ]
            expected[kind] += 1
            expected["notifications"] += len(recipients)
            expected["deliveries"] += sum(channels(u) for u in recipients)
        if len(batch) == INSERT_BATCH:
            Deadline.objects.bulk_create(batch)
            batch = []
    if batch:
        Deadline.objects.bulk_create(batch)
    expected["orgs"], expected["assignees"], expected["policies"] = (
        len(orgs),
        sum(len(v) for v in assignees.values()),
        len(policies),
    )
    return expected


def seed_history(count: int) -> None:
    """`count` earlier, read notifications of earlier deadlines, spread over the branch staff: the table a sweep
    meets after months of use (the sweep re-reads its new notifications by dedupe key)."""
    from organization.models import User
    from sla.models import Notification

    users = list(User.objects.filter(org__level="secondary").values_list("pk", flat=True))
    read = NOW - datetime.timedelta(days=1)
    for first in range(0, count, INSERT_BATCH):
        Notification.objects.bulk_create(
            Notification(
                recipient_id=users[n % len(users)],
                level=Notification.Level.ALERT,
                title=f"Earlier notification {n}",
                dedupe_key=f"deadline:{10_000_000 + n}:{('warn', 'breach', 'escalate')[n % 3]}",
                read_at=read,
            )
            for n in range(first, min(first + INSERT_BATCH, count))
        )


def reset(watermark: int) -> None:
    """Undo a sweep: delete its notifications (and their deliveries), reopen the deadlines, tidy the tables."""
    from sla.models import Deadline, Delivery, Notification

    Delivery.objects.filter(notification__pk__gt=watermark).delete()
    Notification.objects.filter(pk__gt=watermark).delete()
    Deadline.objects.exclude(state=Deadline.State.OPEN).update(state=Deadline.State.OPEN)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE sla_deadline")
            cursor.execute("VACUUM ANALYZE sla_notification")
            cursor.execute("VACUUM ANALYZE sla_delivery")


# --- measurements -------------------------------------------------------------------------------------------
def explain(batch: int) -> None:
    from sla.models import Deadline

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sla_deadline")
    breach = Deadline.objects.filter(
        state__in=["open", "warned"], due_at__lte=NOW, paused_at__isnull=True
    ).order_by("due_at")[:batch]
    warn = Deadline.objects.filter(
        state="open", warn_at__lte=NOW, due_at__gt=NOW, paused_at__isnull=True
    ).order_by("warn_at")[:batch]
    print("\nEXPLAIN ANALYZE of the sweep's selection queries (after ANALYZE sla_deadline)")
    for label, queryset, index in (
        ("breach", breach, "deadline_breach_due"),
        ("warn", warn, "deadline_warn_due"),
    ):
        plan = queryset.explain(analyze=True)
        print(f"--- {label}: uses {index}: {'YES' if index in plan else 'NO'}")
        print("    " + plan.replace("\n", "\n    "))
    # The same selection as _sweep_batch issues it (row locks, ids only): plain EXPLAIN, inside a transaction.
    with transaction.atomic():
        locked = (
            breach.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True).explain()
        )
    print(
        f"--- breach, as issued (FOR UPDATE SKIP LOCKED, ids): uses deadline_breach_due: "
        f"{'YES' if 'deadline_breach_due' in locked else 'NO'}"
    )
    print("    " + locked.replace("\n", "\n    "))


def maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def query_label(sql: str) -> str:
    """'SELECT sla_notification': the statement and its main table."""
    words = sql.split()
    verb = words[0].upper() if words else "?"
    keyword = {"SELECT": "FROM", "DELETE": "FROM", "INSERT": "INTO", "UPDATE": "UPDATE"}.get(verb)
    if keyword in words and words.index(keyword) + 1 < len(words):
        return f"{verb} {words[words.index(keyword) + 1].strip(chr(34))}"
    return verb


def query_breakdown(queries: list[dict]) -> list[str]:
    """Per label: count and time inside the database, costliest first."""
    count, seconds = Counter(), Counter()
    for q in queries:
        label = query_label(q["sql"])
        count[label] += 1
        seconds[label] += float(q["time"])
    return [
        f"{label:34} {count[label]:4} queries {seconds[label]:7.3f} s"
        for label in sorted(count, key=lambda k: -seconds[k])
    ]


def run(*, runs: int, batch_size: int | None, history: int, profile: bool, processes: list[int]) -> None:
    from sla import notifications
    from sla.models import Deadline, Delivery, Notification
    from sla.services import sweep as sweeping

    batch = batch_size or settings.SLA_SWEEP_BATCH
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"sweep batch size: {batch}; sweep instant: {NOW.isoformat()}")
    started = time.perf_counter()
    expected = seed()
    print(
        f"seeded {Deadline.objects.count():,} open deadlines in {time.perf_counter() - started:.1f} s over "
        f"{expected['orgs']} orgs, {expected['policies']} policies, {expected['assignees']} assignees "
        f"(1 in 10 unassigned); due at the sweep instant: {expected['breach']:,} past due, "
        f"{expected['warn']:,} past their warning time"
    )
    if history:
        started = time.perf_counter()
        seed_history(history)
        print(f"plus {history:,} earlier notifications in {time.perf_counter() - started:.1f} s")
    watermark = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if connection.vendor == "postgresql":
        explain(batch)
    else:
        print("\nEXPLAIN skipped (PostgreSQL only)")

    notifications._enqueue = lambda ids: None
    print(
        "\nCelery hand-off patched out: sla.notifications._enqueue = no-op (measures the sweep, not sending)"
    )

    # 1. The measured sweep: wall time and queries.
    gc.collect()
    rss_before = maxrss_mib()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = sweeping.sweep(now=NOW, batch_size=batch_size)
        wall = time.perf_counter() - start
    rss_after = maxrss_mib()
    db_time = sum(float(q["time"]) for q in queries.captured_queries)
    notifications = Notification.objects.filter(pk__gt=watermark).count()
    deliveries = Delivery.objects.filter(notification__pk__gt=watermark).count()
    due = result.warned + result.breached
    print(f"\nsweep (one call, batch {batch})")
    print(
        f"  warned {result.warned:,}  breached {result.breached:,}  (expected {expected['warn']:,} / "
        f"{expected['breach']:,})"
    )
    print(
        f"  notifications created {notifications:,} (expected {expected['notifications']:,}); deliveries "
        f"{deliveries:,} (expected {expected['deliveries']:,}); result.delivery_ids {len(result.delivery_ids):,}; "
        f"result.notifications {result.notifications:,}"
    )
    print(f"  wall time {wall:.2f} s = {wall / due * 1000:.3f} ms per due deadline")
    print(
        f"  queries {len(queries):,} ({len(queries) / due:.3f} per due deadline); time in cursor.execute "
        f"(database + driver) {db_time:.2f} s ({db_time / wall:.0%}), the rest (Python) {wall - db_time:.2f} s"
    )
    print("  queries by statement and table (time in cursor.execute):")
    for line in query_breakdown(queries.captured_queries):
        print(f"    {line}")
    print(f"  max RSS of the process: {rss_before:.0f} MiB before the sweep, {rss_after:.0f} MiB after")
    assert result.warned == expected["warn"] == 5_000, result
    assert result.breached == expected["breach"] == 5_000, result
    assert notifications == expected["notifications"], notifications
    assert deliveries == expected["deliveries"] == len(result.delivery_ids), deliveries
    if result.notifications != notifications:
        print(
            f"  NOTE: SweepResult.notifications ({result.notifications:,}) counts deliveries, "
            f"not notifications ({notifications:,})"
        )

    # 2. A second sweep at once finds nothing.
    with CaptureQueriesContext(connection) as again_queries:
        start = time.perf_counter()
        again = sweeping.sweep(now=NOW, batch_size=batch_size)
        again_wall = time.perf_counter() - start
    print(
        f"\nsecond sweep at once: warned {again.warned} breached {again.breached} in "
        f"{again_wall * 1000:.1f} ms, {len(again_queries)} queries"
    )
    assert (again.warned, again.breached, again.notifications) == (0, 0, 0), again
    assert Notification.objects.filter(pk__gt=watermark).count() == notifications

    # 3. More timed runs (no query capture), each on the data reset to its unswept state.
    walls = [wall]
    for _ in range(runs - 1):
        reset(watermark)
        gc.collect()
        start = time.perf_counter()
        repeat = sweeping.sweep(now=NOW, batch_size=batch_size)
        walls.append(time.perf_counter() - start)
        assert (repeat.warned, repeat.breached) == (5_000, 5_000), repeat
    if runs > 1:
        print(
            f"\nwall time over {runs} runs (data reset between runs): "
            + ", ".join(f"{w:.2f}" for w in walls)
            + f" s; median {statistics.median(walls):.2f} s = "
            f"{statistics.median(walls) / due * 1000:.3f} ms per due deadline"
        )

    # 4. Peak Python memory, on the data reset once more.
    reset(watermark)
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    traced = sweeping.sweep(now=NOW, batch_size=batch_size)
    traced_wall = time.perf_counter() - start
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (traced.warned, traced.breached) == (5_000, 5_000), traced
    print(
        f"\nsweep under tracemalloc (data reset): peak traced memory {peak / 2**20:.1f} MiB, still held "
        f"after {current / 2**20:.1f} MiB (the result); wall time {traced_wall:.2f} s (tracing slows it)"
    )
    print(f"max RSS of the process at the end: {maxrss_mib():.0f} MiB")

    for n in processes:
        reset(watermark)
        sweep_in_processes(n, batch_size, watermark, expected)

    if profile:
        reset(watermark)
        profiler = cProfile.Profile()
        profiler.enable()
        sweeping.sweep(now=NOW, batch_size=batch_size)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
        print("\ncProfile of one more sweep (data reset), top 35 by cumulative time")
        print(out.getvalue())


def _sweeper(go, results, batch_size) -> None:
    """One of the processes sweeping at once: waits for the start, sweeps, reports its counts."""
    from sla import notifications
    from sla.services import sweep as sweeping

    notifications._enqueue = lambda ids: None
    go.wait()
    result = sweeping.sweep(now=NOW, batch_size=batch_size)
    results.put((result.warned, result.breached, result.notifications, len(result.delivery_ids)))
    connection.close()


def sweep_in_processes(n: int, batch_size: int | None, watermark: int, expected: Counter) -> None:
    """N processes (forked, each with its own connection) sweep the same due set at once; they share it through
    SKIP LOCKED. Wall time from the start signal until the last one finished; nothing notified twice."""
    import multiprocessing

    from django.db import connections
    from django.db.models import Count

    from sla.models import Deadline, Delivery, Notification

    connections.close_all()  # the children open their own
    context = multiprocessing.get_context("fork")
    go, results = context.Event(), context.Queue()
    children = [context.Process(target=_sweeper, args=(go, results, batch_size)) for _ in range(n)]
    for child in children:
        child.start()
    time.sleep(1.0)  # every child is up and waiting
    load = os.getloadavg()[0]
    start = time.perf_counter()
    go.set()
    counts = [results.get(timeout=600) for _ in children]
    wall = time.perf_counter() - start
    for child in children:
        child.join(60)
    warned, breached = sum(c[0] for c in counts), sum(c[1] for c in counts)
    notified = Notification.objects.filter(pk__gt=watermark).count()
    twice = (
        Notification.objects.filter(pk__gt=watermark)
        .values("recipient", "dedupe_key")
        .annotate(k=Count("pk"))
        .filter(k__gt=1)
        .count()
    )
    deliveries = Delivery.objects.filter(notification__pk__gt=watermark).count()
    print(
        f"\n{n} process(es) sweeping at once: wall time {wall:.2f} s to drain; warned {warned:,}, breached "
        f"{breached:,} (per process: {', '.join(f'{c[0] + c[1]:,}' for c in counts)}); notifications "
        f"{notified:,}, deliveries {deliveries:,}, notified twice: {twice}; load average at the start {load:.2f}"
    )
    assert (warned, breached) == (expected["warn"], expected["breach"]), counts
    assert notified == expected["notifications"] and deliveries == expected["deliveries"] and twice == 0
    assert not Deadline.objects.filter(state="open", due_at__lte=NOW).exists()


if __name__ == "__main__":
    main()
