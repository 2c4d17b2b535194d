"""Load test of the production stack (issue 14 point 1): locust against gunicorn + PostgreSQL + Redis + Celery on
loopback, on the 1M-person data set, in a realistic mix of the product's personas (bench/locustfile.py).

    .venv/bin/python bench/load.py                                 # 50 users, 10 minutes (the measurement)
    .venv/bin/python bench/load.py --users 10 --run-time 2m        # a short run while developing

PostgreSQL, Redis and locust (`pip install -e '.[bench]'`) only. What it does, in order:

1. The data set: bench_injury_1m, generated once by bench/injury_pages.py (`--persons 1000000 --reuse`, ~6 min,
   6.2 GB) when it does not exist, never changed here. The run works on a copy, the database `load`
   (`CREATE DATABASE load TEMPLATE bench_injury_1m`, ~1 min), made when missing or with --fresh; a run's writes
   (follow-ups, bills, reviews decided, calculations, printed documents, bookings) stay in the copy.
2. `migrate`, then what the other personas need and the generator does not make, added idempotently to the copy
   (prepare()): the demo hospital network (cooperations in every state, agreements, HQ approvals pending), the
   compensation standards, the green-channel products' demo policies and bookings, this year's and last year's
   assessment with their scorecards, and settlements in calculation for each branch's calculator. Every login
   the personas use gets the demo password, hashed by the production hasher. The plan (who logs in, which
   persons, settlements, policies each one works on) goes to var/load/plan.json for the locustfile.
3. The production stack on 127.0.0.1: config.settings with DEBUG off (DJANGO_SECURE_SSL_REDIRECT=0 and
   DJANGO_SECURE_COOKIES=0 for plain http on loopback; the data set's PII key, which the generator encrypted
   with), static files collected, gunicorn `config.wsgi` with --workers/--threads (default: cores + 1 gthread
   workers × 4 threads, see bench/README.md "Load — issue 14" for why), a Celery worker (concurrency 2) on Redis
   db 8 consuming every queue the settings route to, waiting for /healthz.
4. pg_stat_statements: `CREATE EXTENSION IF NOT EXISTS pg_stat_statements` in `load` and
   `pg_stat_statements_reset()` before the run; when the server does not load the library
   (shared_preload_libraries), the report says so and leaves the slowest queries out.
5. locust headless (--users, --spawn-rate, --run-time), the load average sampled every 10 s; then per request
   name p50/p95/p99, requests, failures, throughput (locust's CSV in var/load/), the failures by message, the 15
   slowest statements by total time, checked against the targets (0 errors, p95 <= 300 ms a page, <= 1 s a print).
   Exit status 1 when a target is missed.

Nothing but the two databases named above and Redis db 8 (flushed before the run) is touched.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "load"
DATASET = "bench_injury_1m"
DATABASE = "load"
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/8"
DATASET_PII_KEY = (
    "tests-only-pii-key-0123456789"  # tests/settings.py: the key bench/injury_pages.py encrypted with
)
PRINT_NAMES = ("print: request → PDF ready",)
TARGET_PAGE_P95 = 300
TARGET_PRINT_P95 = 1000


def main() -> None:
    global DATASET, DATABASE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="users started a second (default 2)")
    parser.add_argument("--run-time", default="10m")
    parser.add_argument("--port", type=int, default=8765)
    cores = os.cpu_count() or 2
    parser.add_argument(
        "--workers", type=int, default=cores + 1, help=f"gunicorn workers (default {cores + 1})"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads a gunicorn worker (default 4)")
    parser.add_argument("--celery-concurrency", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help=f"copy {DATASET} into {DATABASE} again")
    parser.add_argument("--dataset", default=DATASET, help=f"database copied from (default {DATASET})")
    parser.add_argument(
        "--database", default=DATABASE, help=f"database the run works on (default {DATABASE})"
    )
    parser.add_argument(
        "--personas", nargs="*", default=[], help="only these locustfile classes (e.g. Calculator)"
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="prepare the data and the plan, then stop"
    )
    parser.add_argument("--json", help="write the figures to this file (default var/load/result.json)")
    args = parser.parse_args()

    DATASET, DATABASE = args.dataset, args.database
    VAR.mkdir(parents=True, exist_ok=True)
    env = stack_env(args)
    os.environ.update(env)
    ensure_dataset()
    ensure_copy(args.fresh)
    run([BIN / "python", "manage.py", "migrate", "--noinput", "-v", "0"], env)
    started = time.perf_counter()
    plan = prepare()
    (VAR / "plan.json").write_text(json.dumps(plan, ensure_ascii=False, indent=1))
    print(f"prepared in {time.perf_counter() - started:.0f} s: plan in {VAR / 'plan.json'}")
    if args.prepare_only:
        return
    run([BIN / "python", "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    stack = start_stack(args, env)
    try:
        statements = reset_statements()
        figures = run_locust(args, env)
        figures["statements"] = top_statements() if statements else None
        figures["statements_note"] = statements_note(statements)
    finally:
        stop_stack(stack)
    figures["config"] = {
        "users": args.users,
        "run_time": args.run_time,
        "gunicorn": f"{args.workers} workers × {args.threads} threads (gthread)",
        "celery": f"1 worker, concurrency {args.celery_concurrency}, Redis db 8",
        "cores": os.cpu_count(),
    }
    Path(args.json or VAR / "result.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    sys.exit(0 if report(figures) else 1)


# --- environment and processes ----------------------------------------------------------------------------------
def stack_env(args) -> dict[str, str]:
    """The production settings on loopback (README "Production"), plain http."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-load-only-secret-key-" + "x" * 40,
        "DJANGO_PII_KEYS": DATASET_PII_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "REDIS_URL": REDIS,
        "VAR_DIR": str(VAR),
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def run(command, env) -> None:
    subprocess.run([str(c) for c in command], cwd=ROOT, env=env, check=True)  # noqa: S603 -- our own commands


def psql(database: str, statement: str, *, autocommit: bool = True):
    import psycopg

    with psycopg.connect(f"{PG}/{database}", autocommit=autocommit) as conn:
        cur = conn.execute(statement)
        return cur.fetchall() if cur.description else None


def database_exists(name: str) -> bool:
    return bool(psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))  # noqa: S608


def ensure_dataset() -> None:
    if database_exists(DATASET):
        return
    print(f"{DATASET} missing: generating it with bench/injury_pages.py (~6 min, 6.2 GB)", flush=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DATABASE_URL"] = f"{PG}/postgres"
    env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    run(
        [
            BIN / "python",
            "bench/injury_pages.py",
            "--persons",
            "1000000",
            "--reuse",
            "--only",
            "NO_PAGE",
            "--no-admin",
        ],
        env,
    )


def ensure_copy(fresh: bool) -> None:
    if database_exists(DATABASE) and not fresh:
        print(f"reusing database {DATABASE} (--fresh copies {DATASET} again)")
        return
    started = time.perf_counter()
    psql("postgres", f'DROP DATABASE IF EXISTS "{DATABASE}"')
    psql("postgres", f'CREATE DATABASE "{DATABASE}" TEMPLATE "{DATASET}"')
    print(f"copied {DATASET} into {DATABASE} in {time.perf_counter() - started:.0f} s", flush=True)


def start_stack(args, env) -> list[subprocess.Popen]:
    import django

    django.setup()
    queues = celery_queues()
    subprocess.run(["redis-cli", "-n", "8", "FLUSHDB"], check=True, stdout=subprocess.DEVNULL)  # noqa: S607
    logs = {name: open(VAR / f"{name}.log", "w") for name in ("gunicorn", "celery")}  # noqa: SIM115
    processes = [
        subprocess.Popen(  # noqa: S603 -- our own commands
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                "-c",
                "config/gunicorn.py",  # the production configuration (keep-alive, logs)
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--timeout",
                "60",
                "--error-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=logs["gunicorn"],
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
        subprocess.Popen(  # noqa: S603 -- our own commands
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "--loglevel",
                "WARNING",
                "--concurrency",
                str(args.celery_concurrency),
                "-Q",
                ",".join(queues),
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=logs["celery"],
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
    ]
    url = f"http://127.0.0.1:{args.port}/healthz"
    for _ in range(120):
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if any(p.poll() is not None for p in processes):
            stop_stack(processes)
            sys.exit(f"the stack did not start: see {VAR}/gunicorn.log and {VAR}/celery.log")
        time.sleep(1)
    else:
        stop_stack(processes)
        sys.exit(f"{url} did not answer 200 within 2 minutes")
    print(
        f"stack up: gunicorn {args.workers} workers × {args.threads} threads on 127.0.0.1:{args.port}, "
        f"celery concurrency {args.celery_concurrency} on queues {', '.join(queues)} (Redis db 8)",
        flush=True,
    )
    return processes


def celery_queues() -> list[str]:
    """The default queue and every queue the settings route a task to (the worker must take the prints)."""
    from django.conf import settings

    queues = {settings.CELERY_TASK_DEFAULT_QUEUE}
    routes = getattr(settings, "CELERY_TASK_ROUTES", None) or {}
    for route in routes.values() if isinstance(routes, dict) else []:
        if isinstance(route, dict) and route.get("queue"):
            queues.add(route["queue"])
    for queue in getattr(settings, "CELERY_TASK_QUEUES", None) or []:
        queues.add(getattr(queue, "name", queue))
    return sorted(queues)


def stop_stack(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


# --- pg_stat_statements -----------------------------------------------------------------------------------------
def reset_statements() -> bool:
    loaded = psql(DATABASE, "SHOW shared_preload_libraries")[0][0]
    if "pg_stat_statements" not in loaded:
        return False
    psql(DATABASE, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    psql(DATABASE, "SELECT pg_stat_statements_reset()")
    return True


def statements_note(loaded: bool) -> str:
    if loaded:
        return f"pg_stat_statements reset before the run; statements of the database {DATABASE} only"
    return (
        "pg_stat_statements is NOT loaded on this server (shared_preload_libraries): no slowest queries. "
        "Add it to postgresql.conf (shared_preload_libraries = 'pg_stat_statements') and restart PostgreSQL."
    )


def top_statements(limit: int = 15) -> list[dict]:
    rows = psql(
        DATABASE,
        "SELECT s.calls, s.total_exec_time, s.mean_exec_time, s.max_exec_time, s.rows, s.query "  # noqa: S608
        "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
        f"WHERE d.datname = '{DATABASE}' ORDER BY s.total_exec_time DESC LIMIT {limit}",
    )
    return [
        {
            "calls": calls,
            "total_ms": round(total, 1),
            "mean_ms": round(mean, 2),
            "max_ms": round(peak, 1),
            "rows": found,
            "query": " ".join(query.split())[:400],
        }
        for calls, total, mean, peak, found, query in rows
    ]


# --- the run ----------------------------------------------------------------------------------------------------
def run_locust(args, env) -> dict:
    prefix = VAR / "locust"
    loads: list[tuple[float, float, float, float]] = []
    done = threading.Event()

    def sample():
        while not done.wait(10):
            loads.append((time.time(), *os.getloadavg()))

    sampler = threading.Thread(target=sample, daemon=True)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    sampler.start()
    started = time.time()
    locust_env = {**env, "LOAD_PLAN": str(VAR / "plan.json")}
    subprocess.run(  # noqa: S603 -- our own command
        [
            str(BIN / "locust"),
            "-f",
            "bench/locustfile.py",
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            args.run_time,
            "--host",
            f"http://127.0.0.1:{args.port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--stop-timeout",
            "60",
            "--loglevel",
            "WARNING",
            *args.personas,
        ],
        cwd=ROOT,
        env=locust_env,
        check=False,
    )
    done.set()
    elapsed = time.time() - started
    with open(f"{prefix}_stats.csv") as f:
        stats = list(csv.DictReader(f))
    with open(f"{prefix}_failures.csv") as f:
        failures = list(csv.DictReader(f))
    during = [row[1] for row in loads]
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "elapsed_s": round(elapsed),
        "pages": [
            {
                "type": row["Type"],
                "name": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
                "max": float(row["Max Response Time"] or 0),
                "rps": float(row["Requests/s"] or 0),
            }
            for row in stats
        ],
        "failures": [
            {"name": row["Name"], "error": row["Error"], "occurrences": int(row["Occurrences"])}
            for row in failures
        ],
        "load_average": {
            "mean_1min": round(sum(during) / len(during), 2) if during else None,
            "max_1min": round(max(during), 2) if during else None,
            "samples": len(during),
        },
    }


def report(figures: dict) -> bool:
    pages = [p for p in figures["pages"] if p["name"] != "Aggregated"]
    total = next((p for p in figures["pages"] if p["name"] == "Aggregated"), None)
    print(f"\n=== locust, {figures['config']['users']} users, {figures['config']['run_time']} ===")
    print(
        f"{'type':6} {'name':44} {'reqs':>7} {'fail':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7} target"
    )
    ok = True
    for page in sorted(pages, key=lambda p: (p["type"], p["name"])):
        limit = target_of(page)
        missed = page["failures"] > 0 or (limit is not None and page["p95"] > limit)
        ok &= not missed
        verdict = "" if limit is None else ("MISSED" if missed else "ok")
        print(
            f"{page['type']:6} {page['name'][:44]:44} {page['requests']:7} {page['failures']:5} "
            f"{page['p50']:7.0f} {page['p95']:7.0f} {page['p99']:7.0f} {page['max']:7.0f} {verdict}"
        )
    if total:
        print(
            f"all: {total['requests']} requests, {total['failures']} failures, {total['rps']:.2f} requests/s, "
            f"p50 {total['p50']:.0f} ms, p95 {total['p95']:.0f} ms, p99 {total['p99']:.0f} ms"
        )
    for failure in figures["failures"]:
        print(f"FAILURE {failure['occurrences']} × {failure['name']}: {failure['error'][:200]}")
    la = figures["load_average"]
    print(
        f"load average (1 min) during the run: mean {la['mean_1min']}, max {la['max_1min']} ({la['samples']} samples)"
    )
    print(f"config: {figures['config']}")
    print(f"\n{figures['statements_note']}")
    for row in figures["statements"] or []:
        print(
            f"{row['total_ms']:10.0f} ms {row['calls']:7} calls {row['mean_ms']:8.2f} ms mean "
            f"{row['max_ms']:8.0f} max  {row['query'][:160]}"
        )
    print("\ntargets (0 errors, p95 <= 300 ms a page, <= 1 s a print):", "met" if ok else "MISSED")
    return ok


def target_of(page: dict) -> int | None:
    """The p95 target of a row: pages 300 ms, prints (request → PDF ready) 1 s; the poll of a job's status and
    the login (a deliberately slow password hash) are shown without a target."""
    if page["name"] in PRINT_NAMES:
        return TARGET_PRINT_P95
    if page["name"].startswith(("job status (poll)", "login")):
        return None
    return TARGET_PAGE_P95


# --- the data ---------------------------------------------------------------------------------------------------
ADJUSTER_ACCOUNTS = 60  # follow-up handlers (bench_h_*), each with its own persons
PERSONS_PER_ADJUSTER = 40  # being followed up (subsequent follow-up): one per follow-up submitted
MIN_PERSONS = 5  # a handler with fewer is left out
SETTLEMENTS_PER_BRANCH = 12  # in calculation, for the branch's calculator
ATTEMPTS = (
    40  # persons tried a branch (a region whose compensation standard lacks a figure cannot be calculated)
)
BOOKINGS_PER_AGENT = 120  # (policy, service) pairs a new request is accepted for


def prepare() -> dict:
    """Add what the personas need to the copy (idempotent) and return the plan for the locustfile."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from organization.demo import DEMO_PASSWORD
    from organization.models import OrgUnit, User

    seed_others()
    branches = list(OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY).order_by("code"))
    year = timezone.localdate().year
    plan = {
        "password": DEMO_PASSWORD,
        "year": year,
        "adjusters": adjusters(),
        "reviewers": reviewers(branches),
        "calculators": calculators(branches),
        "agents": agents(branches),
        "managers": managers(branches, year),
        "hq": [{"username": "hq_approver"}],
    }
    names = {a["username"] for group in plan.values() if isinstance(group, list) for a in group}
    User.objects.filter(username__in=names).update(password=make_password(DEMO_PASSWORD), is_active=True)
    for key, group in plan.items():
        if isinstance(group, list):
            print(f"  {key}: {len(group)} logins")
    return plan


def seed_others() -> None:
    """The demo data of the other apps, idempotently, where the 1M data set has none."""
    from unittest import mock

    from django.db import transaction

    from green_channel.demo import seed_demo_green_channel
    from green_channel.network_demo import seed_demo_networks
    from hospitals import demo as hospitals_demo
    from hospitals.models import Cooperation, Hospital
    from injury_claims.reference_demo import seed_demo_reference_data
    from scoring.demo import seed_demo_scoring

    t = time.perf_counter()
    seed_demo_reference_data()
    if not Cooperation.objects.exists():
        # The demo network is skipped when any hospital exists; the generator's 300 hospitals have no cooperation
        # at all, so the demo's 60 (every pipeline state, agreements, HQ approvals pending) are added beside them.
        # Three of the generator's names are also the demo's (name and city are unique): those get a campus name.
        with transaction.atomic():
            for _code, (_province, _area, rows) in hospitals_demo.NETWORK.items():
                for name, city, *_rest in rows:
                    Hospital.objects.filter(name=name, city=city).update(name=f"{name}（南院区）")
            with mock.patch.object(Hospital.objects, "exists", return_value=False):
                print(f"  hospital network: {hospitals_demo.seed_demo_network()}")
    print(f"  green channel: {seed_demo_green_channel()}, {seed_demo_networks()}")
    print(f"  scoring: {seed_demo_scoring()}")
    print(f"  demo data of the other apps: {time.perf_counter() - t:.0f} s")


def adjusters() -> list[dict]:
    """Follow-up handlers of every org with persons in subsequent follow-up: their persons and claims."""
    from django.db.models import Count

    from injury_claims.models import InjuredPerson
    from organization.models import User

    found = (
        InjuredPerson.objects.filter(state="subsequent", handler__isnull=False)
        .values("handler")
        .annotate(n=Count("pk"))
        .filter(n__gte=MIN_PERSONS)
        .order_by("handler")
    )
    handler_ids = [row["handler"] for row in found]
    rng = random.Random(14)
    rng.shuffle(handler_ids)
    names = dict(User.objects.filter(pk__in=handler_ids).values_list("pk", "username"))
    plan = []
    for handler in handler_ids[:ADJUSTER_ACCOUNTS]:
        persons = list(
            InjuredPerson.objects.filter(handler_id=handler, state="subsequent")
            .order_by("-pk")
            .values_list("pk", "claim_id")[:PERSONS_PER_ADJUSTER]
        )
        plan.append({"username": names[handler], "persons": [list(p) for p in persons]})
    return plan


def reviewers(branches) -> list[dict]:
    """The branches' medical reviewers whose queue has work."""
    from injury_claims.selectors.claims import review_queue
    from organization.models import User
    from organization.roles import Role

    people = User.objects.filter(
        org__in=branches, groups__name=Role.MEDICAL_REVIEWER, is_active=True
    ).order_by("username")
    return [{"username": u.username} for u in people if review_queue(u, order="age").exists()]


def calculators(branches) -> list[dict]:
    """Each branch's calculator with settlements in calculation (opened, facts, documents, calculated once)."""
    from injury_claims.models import InjuredPerson, Settlement
    from injury_claims.services import settlement as services
    from injury_claims.settlement_demo import _facts
    from organization.models import User
    from organization.roles import Role
    from workflow.services import perform_transition

    plan = []
    rng = random.Random(10)
    for branch in branches:
        calculator = (
            User.objects.filter(org=branch, groups__name=Role.CALCULATOR_APPROVER, is_active=True)
            .order_by("pk")
            .first()
        )
        if calculator is None:
            continue
        refused: dict[str, int] = {}
        ready = [
            s.pk
            for s in Settlement.objects.filter(org=branch, state="calculation").order_by("pk")[:ATTEMPTS]
            if calculates(s, calculator)
        ]
        candidates = (
            InjuredPerson.objects.filter(org=branch, state="costs_approved", settlement__isnull=True)
            .exclude(handler=None)
            .select_related("handler", "claim", "category", "org")
            .order_by("-pk")
        )
        for person in candidates[:ATTEMPTS]:
            if len(ready) >= SETTLEMENTS_PER_BRANCH:
                break
            try:
                settlement = services.open_settlement(person, by=person.handler)
                services.save_facts(settlement, _facts(settlement, rng), by=person.handler)
                for requirement in settlement.requirements():
                    services.receive_document(
                        settlement, requirement, received_on=datetime.date.today(), by=person.handler
                    )
                settlement.refresh_from_db()
                perform_transition(
                    settlement, "confirm_assessment", by=person.handler, expected_state="assessment"
                )
                settlement.refresh_from_db()
                services.calculate(settlement, by=calculator)
            except Exception as exc:
                refused[str(exc)[:160]] = refused.get(str(exc)[:160], 0) + 1
                continue
            ready.append(settlement.pk)
        for reason, count in refused.items():
            print(f"  {branch.code}: {count} persons not calculable: {reason}")
        plan.append({"username": calculator.username, "settlements": ready})
    return plan


def calculates(settlement, calculator) -> bool:
    """Whether the calculator can calculate it now (tried in a transaction rolled back): a region whose
    compensation standard lacks a figure is refused, as it would be on the page."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from injury_claims.services import settlement as services

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            services.calculate(settlement, by=calculator)
            raise Rollback
    except Rollback:
        return True
    except ValidationError:
        return False


def agents(branches) -> list[dict]:
    """Each branch's green-channel agent: policy numbers to look up, (policy, service) pairs a new request is
    accepted for (tried in a transaction rolled back)."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from green_channel.models import Policy
    from green_channel.services import bookings as services
    from organization.models import User
    from organization.roles import Role

    class Rollback(Exception):
        pass

    plan = []
    for branch in branches:
        agent = (
            User.objects.filter(org=branch, groups__name=Role.GREEN_CHANNEL_AGENT, is_active=True)
            .order_by("pk")
            .first()
        )
        if agent is None:
            continue
        policies = list(Policy.objects.filter(org=branch).select_related("product").order_by("pk"))
        pairs = []
        for policy in policies:
            for service in policy.product.services.order_by("order", "pk"):
                if len(pairs) >= BOOKINGS_PER_AGENT:
                    break
                try:
                    with transaction.atomic():
                        services.new_booking(
                            policy,
                            service,
                            by=agent,
                            channel="phone",
                            need="预约专家门诊",
                            city="",
                            hospital="",
                            department="",
                            mobile="",
                        )
                        raise Rollback
                except Rollback:
                    pairs.append([policy.pk, service.pk])
                except ValidationError:
                    continue
        plan.append({"username": agent.username, "policies": [p.number for p in policies], "bookings": pairs})
    return plan


def managers(branches, year: int) -> list[dict]:
    """Each branch manager with the branch's scorecard of this year's assessment."""
    from organization.models import User
    from organization.roles import Role
    from scoring.models import Scorecard

    plan = []
    for branch in branches:
        manager = User.objects.filter(org=branch, groups__name=Role.BRANCH_MANAGER, is_active=True).first()
        card = Scorecard.objects.filter(org=branch, assessment__year=year).order_by("pk").first()
        if manager is not None:
            plan.append(
                {"username": manager.username, "org": branch.pk, "scorecard": card.pk if card else None}
            )
    return plan


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
