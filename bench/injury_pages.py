"""Times the injured-persons pages (inbox, search by each filter, claim page, reviewer queue) at 10,000 and at
1,000,000 injured persons, next to the Django admin changelist of the same table with the same filter.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/injury_pages.py --persons 10000 1000000 --reuse

PostgreSQL only. Each size gets its own database, bench_injury_10k / bench_injury_1m (never the configured one,
never a test_* name): created with connection.creation.create_test_db, the demo organisation seeded
(organization.demo.seed_demo_organisation), then the data loaded in bulk (COPY and INSERT … SELECT, not the
services): ~2.45 persons a claim over the 11 demo branches and sub-branches, 440 more handlers, 300 hospitals,
three years of claims with their surveys, follow-ups, estimate changes, reviews (a pending backlog routed by the
branches' authority matrices), bills with lines and scans, events, clocks, reminders and notifications. The
personal fields are encrypted, blind-indexed and masked exactly as organization.pii does. Indexes are dropped for
the load and rebuilt as the migrations define them; VACUUM ANALYZE at the end. The measured handler's inbox is the
same at every size (100 running clocks, 150 due reminders): only the tables grow.

--reuse keeps a database between runs (generated once, ~10 min for 1M; reused while the data are complete and of
the asked size); --keep keeps a freshly generated one; otherwise it is dropped at the end.

Measured page by page, each size in turn (the sizes of a page minutes apart on a shared machine). Each page: 2
warm-up requests, then --requests (default 50) timed requests through the test client, alternating with the same
number of admin requests; median and p95 (nearest rank) wall time; the queries of one more request (count, time in
the database, the slowest). Personas: the branch's injury follow-up handler (jilin_injury_follow_up: inbox, claim
page), the branch claims head (jilin_branch_claims_head: search in the branch), an HQ medical-review head
(bench_hq_head: search over every branch, HQ queue), the branch medical reviewer (jilin_medical_reviewer: queue).
Next to each, as the superuser hq_admin: the admin changelist of the same table with the same filter and the same
scope (InjuredPerson and Review on an AdminSite of this bench at /bench-admin/, since the product registers no admin
for them; Deadline on the product's admin), 50 rows a page, the search's columns, list_select_related. The product's
banner for HQ administrators (sla.context_processors) is left out of the admin figures and timed on its own.
Targets: at the largest size each page within 1.5x its time at the smallest, and at most half the admin's time.

--explain prints EXPLAIN (ANALYZE, BUFFERS) of each page's slowest query. bench/README.md ("injury pages") has the
figures and what was changed to reach them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import hmac
import json
import math
import os
import random
import statistics
import sys
import time
import types
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

YEARS = 3  # claims reported over the last three years, at a steady rate
PERSONS_PER_CLAIM = ([1, 2, 3, 4, 5], [25, 55, 80, 95, 100])  # cumulative weights: 2.45 on average
BRANCH_SHARE = {"jilin": 0.30, "shenzhen": 0.45, "sichuan": 0.25}
BRANCH_OWN_SHARE = 0.4  # the branch itself handles 40 % of its claims, its sub-branches the rest
HANDLERS_PER_ORG = 40
REVIEWERS_PER_BRANCH = 5
HOSPITALS_PER_BRANCH = 100
MEASURED_HANDLER = "jilin_injury_follow_up"
INBOX_DEADLINES = 100  # the measured handler's running clocks (30 breached, 30 warned, 40 on track)
INBOX_REMINDERS = 150  # … and scheduled follow-ups due today or earlier
# (code, share, estimate range in yuan, share with a disability grade)
CATEGORIES = [
    ("outpatient_minor", 30, (300, 3_000), 0),
    ("outpatient", 25, (1_000, 10_000), 0),
    ("inpatient", 15, (5_000, 60_000), 0.02),
    ("inpatient_surgery", 8, (20_000, 150_000), 0.10),
    ("serious", 3, (50_000, 400_000), 0.20),
    ("fracture", 10, (10_000, 120_000), 0.10),
    ("head_injury", 4, (20_000, 300_000), 0.15),
    ("disability", 3, (50_000, 500_000), 0.70),
    ("death_at_scene", 1, (300_000, 1_500_000), 0),
    ("death_after_treatment", 1, (300_000, 1_500_000), 0),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静强磊洋艳勇军杰娟涛明超秀英桂兰丽平刚桂芝建华玉兰国庆春梅海燕志强晓东红霞"
DISTRICTS = [
    "朝阳区",
    "南关区",
    "绿园区",
    "福田区",
    "南山区",
    "宝安区",
    "武侯区",
    "锦江区",
    "青羊区",
    "高新区",
]
STREETS = ["人民大街", "解放路", "建设路", "新华路", "长江路", "和平路", "中山路", "胜利路"]
DIAGNOSES = [
    "软组织挫伤",
    "左胫骨骨折",
    "脑震荡",
    "肋骨骨折",
    "颈部扭伤",
    "右桡骨远端骨折",
    "腰椎压缩性骨折",
    "多处擦伤",
]
HOSPITAL_KINDS = [
    "第一人民医院",
    "第二人民医院",
    "中医院",
    "中心医院",
    "骨科医院",
    "创伤医院",
    "人民医院",
    "康复医院",
]
PLATE_PREFIX = {"22": "吉", "44": "粤", "51": "川"}
LOAD_TABLES = [  # tables whose plain indexes are dropped for the load and rebuilt after
    "injury_claims_claim",
    "injury_claims_survey",
    "injury_claims_injuredperson",
    "injury_claims_followup",
    "injury_claims_estimaterevision",
    "injury_claims_review",
    "injury_claims_attachment",
    "injury_claims_bill",
    "injury_claims_billline",
    "workflow_event",
    "sla_deadline",
    "sla_reminder",
    "sla_notification",
]


def label_of(persons: int) -> str:
    if persons % 1_000_000 == 0:
        return f"{persons // 1_000_000}m"
    if persons % 1_000 == 0:
        return f"{persons // 1_000}k"
    return str(persons)


# --- database lifecycle -----------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="+", default=[10_000], help="sizes (default 10000)")
    parser.add_argument("--reuse", action="store_true", help="keep the databases and reuse them next time")
    parser.add_argument("--keep", action="store_true", help="keep freshly generated databases")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    parser.add_argument("--no-admin", action="store_true", help="skip the admin changelists")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each page's slowest query")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres")
    setup_test_environment()
    configured = connection.settings_dict["NAME"]
    databases: dict[str, str] = {}
    try:
        for persons in args.persons:
            databases[label_of(persons)] = prepare(persons, args)
        results = measure_all(databases, args)
    finally:
        for name in databases.values():
            use_database(name)
            connection.creation.destroy_test_db(configured, verbosity=0, keepdb=args.reuse or args.keep)
            print(f"{'kept' if args.reuse or args.keep else 'dropped'} database {name}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False))
    report_targets(results)


def use_database(name: str) -> None:
    """Point the default connection at one of the bench databases."""
    if connection.settings_dict["NAME"] != name:
        connection.close()
        settings.DATABASES["default"]["NAME"] = name
        connection.settings_dict["NAME"] = name


def prepare(persons: int, args) -> str:
    """Create (or, with --reuse, find) the database of this size, generate its data if needed; its name."""
    name = f"bench_injury_{label_of(persons)}"
    assert not name.startswith("test"), name
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=args.reuse)
    meta = read_meta()
    if args.reuse and meta and meta.get("persons") == persons and meta.get("complete"):
        print(f"\n=== {persons:,} persons: reusing {name} (generated {meta['generated_at']}) ===")
    else:
        if args.reuse and table_has_rows("injury_claims_claim"):
            print(f"{name} holds other or incomplete data: recreating it")
            connection.close()
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        print(f"\n=== {persons:,} persons: generating {name} ===")
        build(persons)
        print(f"generated in {time.perf_counter() - started:.0f} s")
    print_sizes()
    return name


def read_meta() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_meta') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT data FROM bench_meta")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def write_meta(data: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (data text NOT NULL)")
        cursor.execute("DELETE FROM bench_meta")
        cursor.execute("INSERT INTO bench_meta (data) VALUES (%s)", [json.dumps(data)])


def table_has_rows(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')  # noqa: S608 -- a fixed table name
        return cursor.fetchone()[0]


def sql(statement: str, params=None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def print_sizes() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid) FROM pg_class c "
            "WHERE c.relkind = 'r' AND c.relname = ANY(%s) ORDER BY c.relname",
            [LOAD_TABLES],
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT pg_database_size(current_database())")
        total = cursor.fetchone()[0]
    print("rows (estimate) and size on disk with indexes:")
    for table, count, size in rows:
        print(f"  {table:34} {count:>11,} {size / 2**20:8.0f} MiB")
    print(f"  database {total / 2**30:.2f} GiB")


# --- data -------------------------------------------------------------------------------------------------------
class Pii:
    """organization.pii with its keys resolved once: the same ciphertexts, hashes and masks as the app writes."""

    def __init__(self) -> None:
        from organization import pii

        self.pii = pii
        self.cipher = pii._cipher(pii._keys())
        self.index_key = pii._derive(pii._keys()[0], b"pii-blind-index")

    def encrypt(self, value: str) -> str:
        return self.cipher.encrypt(value.encode()).decode()

    def blind_index(self, value: str) -> str:
        return hmac.new(self.index_key, self.pii.normalise(value).encode(), hashlib.sha256).hexdigest()

    def check(self, value: str) -> None:
        assert self.blind_index(value) == self.pii.blind_index(value)
        assert self.pii.decrypt(self.encrypt(value)) == value


def copy_objects(model, rows: list[dict]) -> int:
    """COPY rows given as {attname: value}; a field a row leaves out gets its model default (the app's models
    change while the bench lives: a new nullable or defaulted field needs no change here)."""
    if not rows:
        return 0
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0] or not f.null]
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in rows[0]}
    columns = [f.column for f in fields]
    names = [f.attname for f in fields]
    return copy_rows(
        model._meta.db_table, columns, ([row[n] if n in row else defaults[n] for n in names] for row in rows)
    )


def copy_rows(table: str, columns: list[str], rows) -> int:
    """COPY the rows into the table (psycopg 3's copy protocol)."""
    count = 0
    statement = f'COPY "{table}" ({", ".join(columns)}) FROM STDIN'
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def drop_indexes() -> list[str]:
    """Drop the plain (non-constraint) indexes of the loaded tables; return their definitions."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [LOAD_TABLES],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


def build(persons: int) -> None:
    from django.contrib.auth.models import Group

    from organization.demo import seed_demo_organisation
    from organization.models import OrgUnit, User
    from organization.roles import Role

    now = timezone.now()
    today = timezone.localdate()
    rng = random.Random(20261124)
    seed_demo_organisation()
    pii = Pii()
    pii.check("110101199003077555")

    # Staff: 40 follow-up handlers per org unit, 5 medical reviewers per branch, one HQ medical-review head.
    orgs = list(OrgUnit.objects.exclude(level=OrgUnit.Level.HQ).order_by("code"))
    hq = OrgUnit.objects.get(level=OrgUnit.Level.HQ)
    branches = [o for o in orgs if o.level == OrgUnit.Level.SECONDARY]
    branch_of = {o.pk: (o if o.level == OrgUnit.Level.SECONDARY else o.parent) for o in orgs}
    new_users = [
        User(
            username=f"bench_h_{org.code}_{i:02d}",
            org=org,
            last_name=SURNAMES[i % len(SURNAMES)],
            first_name=GIVEN[(i * 7) % len(GIVEN)],
            email=f"bench_h_{org.code}_{i:02d}@example.com",
            phone=f"139{i:08d}",
            follow_up_review_level=3,
            password="!",  # unusable
        )
        for org in orgs
        for i in range(HANDLERS_PER_ORG)
    ]
    new_users += [
        User(
            username=f"bench_r_{b.code}_{i}",
            org=b,
            last_name="审",
            first_name=f"核{i}",
            follow_up_review_level=1 + i,
            cost_review_level=1 + i,
            password="!",
        )
        for b in branches
        for i in range(REVIEWERS_PER_BRANCH)
    ]
    new_users.append(
        User(
            username="bench_hq_head",
            org=hq,
            last_name="总",
            first_name="审核",
            follow_up_review_level=9,
            cost_review_level=9,
            password="!",
        )
    )
    User.objects.bulk_create(new_users)
    group = {g.name: g for g in Group.objects.all()}
    membership = User.groups.through
    users = {u.username: u for u in User.objects.filter(username__startswith="bench_")}
    membership.objects.bulk_create(
        membership(
            user_id=u.pk,
            group_id=group[
                Role.INJURY_FOLLOW_UP
                if name.startswith("bench_h_")
                else Role.MEDICAL_REVIEW_HEAD
                if name == "bench_hq_head"
                else Role.MEDICAL_REVIEWER
            ].pk,
        )
        for name, u in users.items()
    )
    demo = {u.username: u for u in User.objects.filter(org__in=branches)}
    handlers = {
        org.pk: [users[f"bench_h_{org.code}_{i:02d}"].pk for i in range(HANDLERS_PER_ORG)]
        + ([demo[f"{org.code}_injury_follow_up"].pk] if org.level == OrgUnit.Level.SECONDARY else [])
        for org in orgs
    }
    measured = demo[MEASURED_HANDLER]
    adjuster = {b.pk: demo[f"{b.code}_claims_adjuster"].pk for b in branches}

    hospitals = build_hospitals(branches, rng)
    t = time.perf_counter()
    claims, persons_made = load_claims_and_persons(
        persons, orgs, branch_of, handlers, adjuster, hospitals, measured.pk, pii, rng, now, today
    )
    print(
        f"  {claims:,} claims, {claims:,} surveys, {persons_made:,} persons: {time.perf_counter() - t:.0f} s"
    )
    t = time.perf_counter()
    load_derived(now, today, measured.pk)
    print(f"  follow-ups, reviews, bills, events, clocks, reminders: {time.perf_counter() - t:.0f} s")
    load_inbox(measured, now, today, rng)
    t = time.perf_counter()
    for table in LOAD_TABLES:
        sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT max(id) FROM {table}), 1))"  # noqa: S608
        )
    for definition in INDEXES_DROPPED:
        sql(definition)
    print(f"  indexes rebuilt: {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    sql("VACUUM ANALYZE")
    print(f"  VACUUM ANALYZE: {time.perf_counter() - t:.0f} s")
    check_sample(pii)
    write_meta(
        {
            "persons": persons,
            "claims": claims,
            "complete": True,
            "generated_at": now.isoformat(timespec="seconds"),
        }
    )


INDEXES_DROPPED: list[str] = []


def build_hospitals(branches, rng) -> dict[int, list[tuple[int, str]]]:
    """300 hospitals of the registry (100 a branch over its cities): {branch pk: [(pk, name)]}."""
    from hospitals.models import Hospital

    rows = []
    for branch in branches:
        cities = [branch.claims_city, *branch.children.order_by("code").values_list("city", flat=True)]
        for i in range(HOSPITALS_PER_BRANCH):
            city = cities[i % len(cities)]
            kind = HOSPITAL_KINDS[(i // len(cities)) % len(HOSPITAL_KINDS)]
            number = i // (len(cities) * len(HOSPITAL_KINDS))
            rows.append(
                Hospital(
                    org=branch,
                    name=f"{city}{kind}" if number == 0 else f"{city}第{number + 2}{kind}",
                    province=branch.province,
                    city=city,
                    address=f"{rng.choice(STREETS)}{rng.randrange(1, 999)}号",
                    nature="public" if i % 4 else "private",
                    grade=rng.choice(["3a", "3b", "2a", "2b", "1"]),
                    kind="trauma" if "创伤" in kind else "general",
                    beds=rng.randrange(100, 2000),
                )
            )
    Hospital.objects.bulk_create(rows)
    found: dict[int, list[tuple[int, str]]] = {}
    for pk, org_id, name in Hospital.objects.values_list("pk", "org_id", "name").order_by("pk"):
        found.setdefault(org_id, []).append((pk, name))
    return found


def person_state(age_days: float, rng) -> str:
    """Where a person of a claim reported `age_days` ago stands: recent ones are followed up, old ones done."""
    r = rng.random()
    if age_days < 3:
        return "first_follow_up" if r < 0.7 else "visit" if r < 0.9 else "investigation"
    if age_days < 30:
        steps = [(0.05, "first_follow_up"), (0.30, "visit"), (0.35, "investigation"), (0.80, "subsequent")]
        steps += [(0.85, "cost_review"), (1.0, "closed")]
    elif age_days < 180:
        steps = [
            (0.02, "investigation"),
            (0.32, "subsequent"),
            (0.40, "cost_review"),
            (0.85, "costs_approved"),
        ]
        steps += [(1.0, "closed")]
    else:
        steps = [(0.02, "subsequent"), (0.77, "costs_approved"), (1.0, "closed")]
    return next(state for limit, state in steps if r < limit)


def id_number(province: str, rng) -> tuple[str, datetime.date, str]:
    from injury_claims.identity import check_digit

    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 60))
    sequence = rng.randrange(100, 1000)
    first17 = f"{province}0102{born:%Y%m%d}{sequence}"
    return first17 + check_digit(first17), born, "M" if sequence % 2 else "F"


def load_claims_and_persons(
    total, orgs, branch_of, handlers, adjuster, hospitals, measured_pk, pii, rng, now, today
):
    """Claims, their surveys and their persons, with explicit keys, in one pass (COPY)."""
    from injury_claims.models import Claim, InjuredPerson, InjuryCategory, Survey

    INDEXES_DROPPED[:] = drop_indexes()
    weights = []
    for org in orgs:
        branch = branch_of[org.pk]
        siblings = max(1, len([o for o in orgs if o.parent_id == branch.pk]))
        own = BRANCH_OWN_SHARE if org.pk == branch.pk else (1 - BRANCH_OWN_SHARE) / siblings
        weights.append(BRANCH_SHARE[branch.code] * own)
    cum_orgs = [sum(weights[: i + 1]) for i in range(len(weights))]
    categories = {c.code: c for c in InjuryCategory.objects.all()}
    cat_rows = [(categories[code], share, span, graded) for code, share, span, graded in CATEGORIES]
    cum_cats = [sum(share for _c, share, _s, _g in cat_rows[: i + 1]) for i in range(len(cat_rows))]
    jilin = next(o for o in orgs if o.code == "jilin")
    claims: list[dict] = []
    surveys: list[dict] = []
    people: list[dict] = []
    recent_ids: list[str] = []
    pid = cid = 0
    copied = [0, 0]

    def flush() -> None:
        copied[0] += copy_objects(Claim, claims)
        copy_objects(Survey, surveys)
        copied[1] += copy_objects(InjuredPerson, people)
        claims.clear()
        surveys.clear()
        people.clear()

    while pid < total:
        cid += 1
        if cid == 1:  # the measured claim page: Jilin, the measured handler, four persons at different steps
            org, handler, k, age = jilin, measured_pk, 4, 20.3
        else:
            org = rng.choices(orgs, cum_weights=cum_orgs)[0]
            handler = rng.choice(handlers[org.pk])
            k = rng.choices(PERSONS_PER_CLAIM[0], cum_weights=PERSONS_PER_CLAIM[1])[0]
            age = rng.random() * 365 * YEARS
        k = min(k, total - pid)
        branch = branch_of[org.pk]
        province = branch.province
        city = org.city or branch.claims_city
        reported = now - datetime.timedelta(days=age)
        liability = rng.choice(["full", "main", "main", "equal", "minor", "none"])
        claims.append(
            {
                "id": cid,
                "report_no": f"RDAA{reported:%Y}{province}{cid:010d}",
                "channel": rng.choice(["95518", "95518", "95518", "phone", "app", "wechat", "counter"]),
                "reported_at": reported,
                "accident_at": reported - datetime.timedelta(minutes=rng.randrange(10, 180)),
                "province": province,
                "city": city,
                "district": rng.choice(DISTRICTS),
                "address": f"{rng.choice(STREETS)}{rng.randrange(1, 999)}号",
                "plate": f"{PLATE_PREFIX[province]}{'ABCD'[cid % 4]}{rng.randrange(10000, 99999)}",
                "compulsory_policy_no": f"PDZA{reported:%Y}{province}{rng.randrange(10**9, 10**10)}",
                "commercial_policy_no": "",
                "third_party_sum_insured": Decimal(rng.choice([500_000, 1_000_000, 2_000_000])),
                "passenger_sum_insured": None,
                "police_reminded": True,
                "police_handled": rng.random() < 0.9,
                "liability": liability,
                "liability_ratio": {
                    "full": Decimal("1"),
                    "main": Decimal("0.7"),
                    "equal": Decimal("0.5"),
                }.get(liability, Decimal("0.3") if liability == "minor" else Decimal("0")),
                "certificate_no": "",
                "org_id": org.pk,
                "handler_id": handler,
                "injury_reported_late": False,
                "created_by_id": handler,
                "created_at": reported,
            }
        )
        hours = age * 24
        survey_state = (
            "dispatched"
            if hours < 0.4
            else "responded"
            if hours < 1.2
            else "on_site"
            if hours < 3
            else "done"
        )
        surveys.append(
            {
                "id": cid,
                "claim_id": cid,
                "state": survey_state,
                "surveyor_id": adjuster[branch.pk],
                "responded_at": reported + datetime.timedelta(minutes=12)
                if survey_state != "dispatched"
                else None,
                "arrived_at": reported + datetime.timedelta(minutes=50)
                if survey_state in ("on_site", "done")
                else None,
                "scene": "first" if survey_state in ("on_site", "done") else "",
                "second_scene_reason": "",
                "findings": "现场查勘完毕，伤者已送医" if survey_state == "done" else "",
            }
        )
        forced = ["first_follow_up", "visit", "subsequent", "costs_approved"] if cid == 1 else None
        for j in range(k):
            pid += 1
            state = forced[j] if forced else person_state(age, rng)
            category, _share, (low, high), graded = rng.choices(cat_rows, cum_weights=cum_cats)[0]
            if recent_ids and rng.random() < 0.005:  # the same person again in another claim (a red flag)
                number = rng.choice(recent_ids)
                born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
                sex = "M" if int(number[16]) % 2 else "F"
            else:
                number, born, sex = id_number(province, rng)
                if len(recent_ids) < 5000:
                    recent_ids.append(number)
                else:
                    recent_ids[rng.randrange(5000)] = number
            mobile = f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}" if rng.random() < 0.9 else ""
            estimate = Decimal(round(math.exp(rng.uniform(math.log(low), math.log(high))), -2))
            grade = rng.choice([10, 10, 10, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1]) if rng.random() < graded else None
            roll = rng.random()
            if roll < 0.85 and hospitals.get(branch.pk):
                hospital_id, hospital_name = rng.choice(hospitals[branch.pk])[0], ""
            elif roll < 0.95:
                hospital_id, hospital_name = (
                    None,
                    f"{city}{rng.choice(['社区卫生服务中心', '个体诊所', '民营医院'])}",
                )
            else:
                hospital_id, hospital_name = None, ""
            open_ = state not in ("costs_approved", "closed")
            if open_ and state != "first_follow_up":
                next_on = today + datetime.timedelta(days=rng.randrange(-20, 31))
            elif not open_ and rng.random() < 0.3:
                next_on = (reported + datetime.timedelta(days=rng.randrange(7, 60))).date()
            else:
                next_on = None
            added_later = j > 0 and rng.random() < 0.05
            created = reported + datetime.timedelta(
                minutes=rng.randrange(5, 120) + (rng.randrange(1, 20) * 1440 if added_later else 0)
            )
            people.append(
                {
                    "id": pid,
                    "claim_id": cid,
                    "org_id": org.pk,
                    "handler_id": handler if rng.random() < 0.95 else rng.choice(handlers[org.pk]),
                    "state": state,
                    "name": rng.choice(SURNAMES)
                    + rng.choice(GIVEN)
                    + (rng.choice(GIVEN) if rng.random() < 0.6 else ""),
                    "id_number": pii.encrypt(number),
                    "id_hash": pii.blind_index(number),
                    "id_masked": pii.pii.mask(number, keep_start=6, keep_end=4),
                    "birth_date": born,
                    "sex": sex,
                    "mobile": pii.encrypt(mobile) if mobile else "",
                    "mobile_hash": pii.blind_index(mobile) if mobile else "",
                    "mobile_masked": pii.pii.mask(mobile),
                    "consents_to_messages": rng.random() < 0.6,
                    "role": rng.choice(
                        ["third_outside", "third_outside", "third_vehicle", "passenger", "driver"]
                    ),
                    "domicile_province": province,
                    "residence": rng.choice(["urban", "urban", "rural"]),
                    "occupation": rng.choice(["", "工人", "农民", "个体经营", "职员", "学生", "退休"]),
                    "industry": rng.choice(
                        ["", "制造业", "农林牧渔业", "批发和零售业", "建筑业", "交通运输业"]
                    ),
                    "category_id": category.pk,
                    "hospital_id": hospital_id,
                    "hospital_name": hospital_name,
                    "inpatient": category.suggests == "visit",
                    "diagnoses": rng.choice(DIAGNOSES),
                    "body_parts": rng.choice(["头部", "左下肢", "右上肢", "胸部", "颈部", "腰部", ""]),
                    "disability_grade": grade,
                    "estimate": estimate,
                    "added_later": added_later,
                    "next_follow_up_on": next_on,
                    "created_at": min(created, now),
                }
            )
        if len(people) >= 20_000:
            flush()
    flush()
    return copied[0], copied[1]


def load_derived(now, today, measured_pk: int) -> None:
    """Everything else, derived from the persons inside PostgreSQL (INSERT … SELECT)."""
    from django.contrib.contenttypes.models import ContentType

    from injury_claims.models import Claim, InjuredPerson, Review, Survey
    from organization.models import OrgUnit, User
    from sla.models import SlaPolicy

    ct = {m: ContentType.objects.get_for_model(m).pk for m in (Claim, Survey, InjuredPerson, Review, OrgUnit)}
    policy = dict(SlaPolicy.objects.values_list("code", "pk"))
    p = {
        "now": now,
        "today": today,
        "measured": measured_pk,
        "ct_claim": ct[Claim],
        "ct_survey": ct[Survey],
        "ct_person": ct[InjuredPerson],
        "ct_review": ct[Review],
        "p_response": policy["report_response"],
        "p_on_site": policy["on_site"],
        "p_payment": policy["payment"],
    }
    sql("SELECT setseed(0.1124)")
    # The reviewers of each branch (the demo reviewer, head and claims head, and the bench reviewers), numbered.
    sql("DROP TABLE IF EXISTS bench_reviewer")
    sql("CREATE UNLOGGED TABLE bench_reviewer (branch_id int, n int, user_id int)")
    rows = []
    for branch in OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY):
        ids = list(
            User.objects.filter(org=branch, groups__name__in=["medical_reviewer", "medical_review_head"])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        rows += [(branch.pk, n, uid) for n, uid in enumerate(ids)]
    copy_rows("bench_reviewer", ["branch_id", "n", "user_id"], rows)
    sql("DROP TABLE IF EXISTS bench_ceiling")
    sql(
        "CREATE UNLOGGED TABLE bench_ceiling AS SELECT o.id AS org_id, a.kind, max(a.ceiling) AS top "
        "FROM organization_orgunit o JOIN organization_authorityceiling a "
        "ON a.org_id = CASE WHEN o.level = 'tertiary' THEN o.parent_id ELSE o.id END GROUP BY 1, 2"
    )
    sql("DROP TABLE IF EXISTS bench_branch")
    sql(
        "CREATE UNLOGGED TABLE bench_branch AS SELECT id AS org_id, "
        "CASE WHEN level = 'tertiary' THEN parent_id ELSE id END AS branch_id, "
        "(SELECT count(*) FROM bench_reviewer r WHERE r.branch_id = CASE WHEN o.level = 'tertiary' "
        "THEN o.parent_id ELSE o.id END) AS reviewers FROM organization_orgunit o"
    )

    steps = [
        (
            "follow-ups (first)",
            """INSERT INTO injury_claims_followup (person_id, kind, contact_mode, summary, details, estimate_before,
            estimate_after, mediation_offered, outcome, next_on, snapshot, by_id, submitted_at)
            SELECT p.id, 'first_follow_up', 'phone', '已慰问伤者，了解伤情和治疗情况，告知可调解结案。',
              '{"injury_confirmed": true}'::jsonb, round(p.estimate * 0.8, -2), p.estimate, true,
              CASE p.state WHEN 'visit' THEN 'visit' WHEN 'investigation' THEN 'investigate'
                WHEN 'closed' THEN 'close' ELSE 'follow_on' END,
              NULL, jsonb_build_object('state', 'first_follow_up', 'estimate', p.estimate::text,
                'category', p.category_id, 'hospital', p.hospital_id),
              p.handler_id, LEAST(p.created_at + interval '20 hours', %(now)s)
            FROM injury_claims_injuredperson p WHERE p.state <> 'first_follow_up' ORDER BY p.id""",
        ),
        (
            "follow-ups (subsequent)",
            """INSERT INTO injury_claims_followup (person_id, kind, contact_mode, summary, details, estimate_before,
            estimate_after, mediation_offered, outcome, next_on, snapshot, by_id, submitted_at)
            SELECT p.id, 'subsequent', 'in_person', '复诊后回访，伤者恢复良好，已告知调解结案流程。', '{}'::jsonb,
              p.estimate, p.estimate, true,
              CASE WHEN p.state IN ('cost_review', 'costs_approved') THEN 'submit_costs' ELSE '' END, NULL,
              jsonb_build_object('state', 'subsequent', 'estimate', p.estimate::text), p.handler_id,
              p.created_at + (LEAST(%(now)s, p.created_at + interval '90 days') - p.created_at) * 0.6
            FROM injury_claims_injuredperson p
            WHERE p.state IN ('subsequent', 'cost_review', 'costs_approved') AND p.id %% 2 = 0 ORDER BY p.id""",
        ),
        (
            "estimate changes",
            """INSERT INTO injury_claims_estimaterevision (person_id, previous, amount, reason, by_id, at)
            SELECT f.person_id, f.estimate_before, f.estimate_after, '跟踪 ' || to_char(f.submitted_at, 'YYYY-MM-DD'),
              f.by_id, f.submitted_at FROM injury_claims_followup f WHERE f.kind = 'first_follow_up'""",
        ),
        (
            "follow-up reviews",
            """INSERT INTO injury_claims_review (person_id, kind, follow_up_id, org_id, amount, routed_to_hq, route,
              state, submitted_by_id, submitted_at, decided_by_id, decided_at, reasons)
            SELECT f.person_id, 'follow_up', f.id, p.org_id, f.estimate_after, f.estimate_after > c.top,
              CASE WHEN f.estimate_after > c.top THEN '超出分公司最高权限：报总公司' ELSE '在权限内' END,
              x.state, f.by_id, f.submitted_at,
              CASE WHEN x.state = 'pending' THEN NULL ELSE r.user_id END,
              CASE WHEN x.state = 'pending' THEN NULL ELSE LEAST(f.submitted_at + interval '1 day', %(now)s) END, ''
            FROM injury_claims_followup f
            JOIN injury_claims_injuredperson p ON p.id = f.person_id
            JOIN bench_ceiling c ON c.org_id = p.org_id AND c.kind = 'follow_up'
            JOIN bench_branch b ON b.org_id = p.org_id
            JOIN bench_reviewer r ON r.branch_id = b.branch_id AND r.n = f.id %% b.reviewers
            JOIN (SELECT person_id, max(id) AS id FROM injury_claims_followup GROUP BY person_id) latest
              ON latest.person_id = p.id
            CROSS JOIN LATERAL (SELECT CASE
              WHEN p.state IN ('visit', 'investigation', 'subsequent') AND p.id %% 5 = 0 AND f.id = latest.id
                THEN 'pending'
              WHEN p.id %% 50 = 1 THEN 'returned' ELSE 'approved' END AS state) x
            ORDER BY f.id""",
        ),
        (
            "cost reviews",
            """INSERT INTO injury_claims_review (person_id, kind, follow_up_id, org_id, amount, routed_to_hq, route,
              state, submitted_by_id, submitted_at, decided_by_id, decided_at, reasons)
            SELECT p.id, 'cost', NULL, p.org_id, round(p.estimate * 0.6, 2), p.estimate * 0.6 > c.top,
              CASE WHEN p.estimate * 0.6 > c.top THEN '超出分公司最高权限：报总公司' ELSE '在权限内' END,
              CASE p.state WHEN 'cost_review' THEN 'pending' ELSE 'approved' END, p.handler_id, s.at,
              CASE p.state WHEN 'cost_review' THEN NULL ELSE r.user_id END,
              CASE p.state WHEN 'cost_review' THEN NULL ELSE s.at + interval '2 days' END, ''
            FROM injury_claims_injuredperson p
            JOIN bench_ceiling c ON c.org_id = p.org_id AND c.kind = 'cost'
            JOIN bench_branch b ON b.org_id = p.org_id
            JOIN bench_reviewer r ON r.branch_id = b.branch_id AND r.n = p.id %% b.reviewers
            CROSS JOIN LATERAL (SELECT p.created_at + (LEAST(CASE p.state WHEN 'cost_review' THEN %(now)s
              ELSE %(now)s - interval '3 days' END, p.created_at + interval '120 days') - p.created_at) * 0.8 AS at) s
            WHERE p.state IN ('cost_review', 'costs_approved') ORDER BY p.id""",
        ),
        (
            "bill scans",
            """INSERT INTO injury_claims_attachment (person_id, kind, investigation_id, section, file, name,
              extension, size, sha256, by_id, at)
            SELECT p.id, 'bill', NULL, '', 'injury_claims/' || p.id || '/' || left(md5(p.id::text), 2) || '/'
              || md5(p.id::text) || md5(p.id::text || 'b') || '.jpg', '发票' || p.id || '.jpg', 'jpg',
              180000 + p.id %% 90000, md5(p.id::text) || md5(p.id::text || 'b'), p.handler_id, p.created_at
            FROM injury_claims_injuredperson p WHERE p.state IN ('cost_review', 'costs_approved') ORDER BY p.id""",
        ),
        (
            "bills",
            """INSERT INTO injury_claims_bill (person_id, review_id, number, kind, issued_on, hospital_name, scan_id,
              by_id, at)
            SELECT r.person_id, r.id, 'MZ' || lpad(r.person_id::text, 8, '0'),
              CASE WHEN p.inpatient THEN 'inpatient' ELSE 'outpatient' END, (r.submitted_at - interval '5 days')::date,
              COALESCE(h.name, NULLIF(p.hospital_name, ''), '医院'), a.id, p.handler_id, r.submitted_at
            FROM injury_claims_review r JOIN injury_claims_injuredperson p ON p.id = r.person_id
            JOIN injury_claims_attachment a ON a.person_id = r.person_id
            LEFT JOIN hospitals_hospital h ON h.id = p.hospital_id
            WHERE r.kind = 'cost' ORDER BY r.id""",
        ),
        (
            "bill lines",
            """INSERT INTO injury_claims_billline (bill_id, item, item_kind, category, reference_code, quantity,
              unit_price, amount_claimed, amount_approved, reduction_reason)
            SELECT b.id, (ARRAY['头颅CT', '清创缝合', '住院床位费'])[n], (ARRAY['exam', 'treatment', 'bed'])[n],
              (ARRAY['A', 'B', 'self'])[n], '', 1, round(r.amount / 3, 2), round(r.amount / 3, 2),
              CASE WHEN r.state = 'approved' THEN round(r.amount / 3, 2) END, ''
            FROM injury_claims_bill b JOIN injury_claims_review r ON r.id = b.review_id
            CROSS JOIN generate_series(1, 3) n ORDER BY b.id, n""",
        ),
        (
            "events of claims and surveys",
            """INSERT INTO workflow_event (content_type_id, object_id, org_id, actor_id, verb, from_state, to_state,
              note, created_at)
            SELECT e.ct, e.object_id, c.org_id, c.handler_id, e.verb, e.from_state, e.to_state, '', e.at
            FROM injury_claims_claim c JOIN injury_claims_survey s ON s.claim_id = c.id
            CROSS JOIN LATERAL (VALUES
              (%(ct_claim)s, c.id, 'reported', '', '', c.reported_at, true),
              (%(ct_survey)s, s.id, 'dispatched', '', 'dispatched', c.reported_at, true),
              (%(ct_survey)s, s.id, 'arrive', 'dispatched', 'on_site', c.reported_at + interval '50 minutes',
                s.state IN ('on_site', 'done')),
              (%(ct_survey)s, s.id, 'finish', 'on_site', 'done', c.reported_at + interval '3 hours',
                s.state = 'done')
            ) e(ct, object_id, verb, from_state, to_state, at, happened)
            WHERE e.happened ORDER BY e.at""",
        ),
        (
            "events of persons",
            """INSERT INTO workflow_event (content_type_id, object_id, org_id, actor_id, verb, from_state, to_state,
              note, created_at)
            SELECT %(ct_person)s, p.id, p.org_id, p.handler_id, e.verb, e.from_state, e.to_state, e.note, e.at
            FROM injury_claims_injuredperson p
            LEFT JOIN injury_claims_followup f1 ON f1.person_id = p.id AND f1.kind = 'first_follow_up'
            LEFT JOIN injury_claims_followup f2 ON f2.person_id = p.id AND f2.kind = 'subsequent'
            LEFT JOIN injury_claims_review rc ON rc.person_id = p.id AND rc.kind = 'cost'
            CROSS JOIN LATERAL (VALUES
              ('added', '', 'first_follow_up', '', p.created_at, true),
              ('follow_up', '', '', f1.summary, f1.submitted_at, f1.id IS NOT NULL),
              (CASE p.state WHEN 'visit' THEN 'visit' WHEN 'investigation' THEN 'investigate'
                 WHEN 'closed' THEN 'close' ELSE 'follow_on' END, 'first_follow_up',
               CASE p.state WHEN 'visit' THEN 'visit' WHEN 'investigation' THEN 'investigation'
                 WHEN 'closed' THEN 'closed' ELSE 'subsequent' END, '', f1.submitted_at, f1.id IS NOT NULL),
              ('follow_up', '', '', f2.summary, f2.submitted_at, f2.id IS NOT NULL),
              ('submit_costs', 'subsequent', 'cost_review', '', rc.submitted_at, rc.id IS NOT NULL),
              ('approve_costs', 'cost_review', 'costs_approved', '', rc.decided_at, rc.state = 'approved')
            ) e(verb, from_state, to_state, note, at, happened)
            WHERE e.happened ORDER BY e.at""",
        ),
        (
            "events of reviews",
            """INSERT INTO workflow_event (content_type_id, object_id, org_id, actor_id, verb, from_state, to_state,
              note, created_at)
            SELECT %(ct_review)s, r.id, r.org_id, r.submitted_by_id, 'submitted', '', 'pending', r.route,
              r.submitted_at FROM injury_claims_review r ORDER BY r.submitted_at""",
        ),
        (
            "survey clocks (met)",
            """INSERT INTO sla_deadline (policy_id, content_type_id, object_id, title, org_id, assignee_id, state,
              started_at, due_at, warn_at, provisional, paused_at, paused_total, met_at, closed_at, created_at,
              clock_kind)
            SELECT k.policy, %(ct_survey)s, s.id, k.title || c.report_no, c.org_id, NULL,
              CASE WHEN s.state = 'done' THEN 'met' WHEN c.reported_at + k.due > %(now)s THEN
                CASE WHEN c.reported_at + k.due * 0.8 > %(now)s THEN 'open' ELSE 'warned' END ELSE 'breached' END,
              c.reported_at, c.reported_at + k.due, c.reported_at + k.due * 0.8, false, NULL, interval '0',
              CASE WHEN s.state = 'done' THEN c.reported_at + k.due * (CASE WHEN c.id %% 20 = 0 THEN 1.2 ELSE 0.4 END)
              END, CASE WHEN s.state = 'done' THEN c.reported_at + k.due * 0.5 END, c.reported_at, ''
            FROM injury_claims_claim c JOIN injury_claims_survey s ON s.claim_id = c.id
            CROSS JOIN (VALUES (%(p_response)s, interval '30 minutes', '报案响应：'),
              (%(p_on_site)s, interval '2 hours', '到达现场：')) k(policy, due, title)
            ORDER BY c.reported_at""",
        ),
        (
            "payment clocks",
            """INSERT INTO sla_deadline (policy_id, content_type_id, object_id, title, org_id, assignee_id, state,
              started_at, due_at, warn_at, provisional, paused_at, paused_total, met_at, closed_at, created_at,
              clock_kind)
            SELECT %(p_payment)s, %(ct_person)s, p.id, '资料齐全后赔付：' || p.name, p.org_id, p.handler_id,
              CASE WHEN r.decided_at + interval '2 days' < %(now)s THEN 'met'
                WHEN r.decided_at + interval '4 days' > %(now)s THEN 'open' ELSE 'warned' END,
              r.decided_at, r.decided_at + interval '5 days', r.decided_at + interval '4 days', false, NULL,
              interval '0', CASE WHEN r.decided_at + interval '2 days' < %(now)s THEN r.decided_at + interval '2 days'
              END, CASE WHEN r.decided_at + interval '2 days' < %(now)s THEN r.decided_at + interval '2 days' END,
              r.decided_at, ''
            FROM injury_claims_review r JOIN injury_claims_injuredperson p ON p.id = r.person_id
            WHERE r.kind = 'cost' AND r.state = 'approved'
              AND (p.handler_id <> %(measured)s OR r.decided_at + interval '2 days' < %(now)s)
            ORDER BY r.decided_at""",
        ),
        (
            "reminders",
            """INSERT INTO sla_reminder (recipient_id, org_id, content_type_id, object_id, title, note, due_on, state,
              handled_at, created_by_id, created_at)
            SELECT p.handler_id, p.org_id, %(ct_person)s, p.id, '跟踪 ' || p.name || '（' || c.report_no || '）',
              '询问复查结果及后续治疗计划。',
              COALESCE(p.next_follow_up_on, (p.created_at + interval '14 days')::date),
              CASE WHEN p.state IN ('costs_approved', 'closed') OR p.next_follow_up_on IS NULL THEN 'handled'
                ELSE 'scheduled' END,
              CASE WHEN p.state IN ('costs_approved', 'closed') OR p.next_follow_up_on IS NULL
                THEN p.created_at + interval '14 days' END,
              p.handler_id, p.created_at
            FROM injury_claims_injuredperson p JOIN injury_claims_claim c ON c.id = p.claim_id
            WHERE p.state <> 'first_follow_up'
              AND NOT (p.handler_id = %(measured)s AND p.state NOT IN ('costs_approved', 'closed'))
            ORDER BY p.id""",
        ),
        (
            "notifications",
            """INSERT INTO sla_notification (recipient_id, kind, level, title, body, url, content_type_id, object_id,
              dedupe_key, batch, created_at, read_at)
            SELECT r.submitted_by_id, 'injury_claims.review_decided', 'info',
              CASE r.state WHEN 'approved' THEN '审核通过：' ELSE '审核退回：' END || p.name, '',
              '/claims/reviews/' || r.id || '/', %(ct_review)s, r.id, '', NULL, r.decided_at,
              CASE WHEN r.decided_at < %(now)s - interval '3 days' THEN r.decided_at + interval '2 hours' END
            FROM injury_claims_review r JOIN injury_claims_injuredperson p ON p.id = r.person_id
            WHERE r.decided_at IS NOT NULL ORDER BY r.decided_at""",
        ),
    ]
    for label, statement in steps:
        t = time.perf_counter()
        count = sql(statement, p)
        print(f"    {label:32} {count:>11,} rows {time.perf_counter() - t:6.1f} s")
    sql("DROP TABLE bench_reviewer, bench_ceiling, bench_branch")


def load_inbox(measured, now, today, rng) -> None:
    """The measured handler's inbox, the same at every size: 100 running clocks and 150 due reminders on their
    persons, plus 100 scheduled for later."""
    from django.contrib.contenttypes.models import ContentType

    from injury_claims.models import InjuredPerson
    from sla.models import Deadline, Reminder, SlaPolicy

    mine = list(
        InjuredPerson.objects.filter(handler=measured)
        .select_related("claim")
        .order_by("-created_at")
        .values_list("pk", "name", "claim__report_no", "org_id")[:400]
    )
    assert mine, "the measured handler has no persons"
    person_type = ContentType.objects.get_for_model(InjuredPerson)
    policies = {
        p.code: p for p in SlaPolicy.objects.filter(code__in=["report_response", "payment", "on_site"])
    }
    deadlines = []
    for i in range(INBOX_DEADLINES):
        pk, name, report, org_id = mine[i % len(mine)]
        code = ["payment", "report_response", "on_site"][i % 3]
        state = "breached" if i < 30 else "warned" if i < 60 else "open"
        due = now + datetime.timedelta(hours={"breached": -5 - i, "warned": 1 + i % 5, "open": 24 + i}[state])
        started = due - datetime.timedelta(hours=10)
        deadlines.append(
            Deadline(
                policy=policies[code],
                content_type=person_type,
                object_id=pk,
                title=f"{policies[code].name}：{name}（{report}）",
                org_id=org_id,
                assignee=measured,
                state=state,
                started_at=started,
                due_at=due,
                warn_at=started + datetime.timedelta(hours=8),
            )
        )
    Deadline.objects.bulk_create(deadlines)
    reminders = []
    for i in range(INBOX_REMINDERS + 100):
        pk, name, report, org_id = mine[i % len(mine)]
        due = (
            today - datetime.timedelta(days=i % 15)
            if i < INBOX_REMINDERS
            else today + datetime.timedelta(1 + i % 30)
        )
        reminders.append(
            Reminder(
                recipient=measured,
                org_id=org_id,
                content_type=person_type,
                object_id=pk,
                title=f"跟踪 {name}（{report}）",
                note="询问复查结果及后续治疗计划。",
                due_on=due,
                created_by=measured,
            )
        )
    Reminder.objects.bulk_create(reminders)


def check_sample(pii: Pii) -> None:
    """A loaded person reads back as the app would have written them."""
    from injury_claims.models import InjuredPerson

    person = InjuredPerson.objects.exclude(mobile="").order_by("pk").first()
    assert pii.pii.blind_index(person.id_number) == person.id_hash
    assert pii.pii.blind_index(person.mobile) == person.mobile_hash
    assert pii.pii.mask(person.mobile) == person.mobile_masked
    assert person.id_masked == pii.pii.mask(person.id_number, keep_start=6, keep_end=4)


# --- the admin changelists --------------------------------------------------------------------------------------
def bench_urlconf() -> str:
    """The project's URLs plus /bench-admin/: an AdminSite of this bench with InjuredPerson and Review (the
    product registers no admin for them), configured as the search and the queue show them."""
    from django.contrib import admin
    from django.db.models import Q
    from django.urls import path

    import config.urls
    from injury_claims.models import InjuredPerson, Review

    class HospitalText(admin.SimpleListFilter):
        """The search's hospital filter: part of the registry hospital's name or of the free-text name."""

        title = "hospital (text)"
        parameter_name = "hospital"

        def lookups(self, request, model_admin):
            value = self.value()
            return [(value, value)] if value else [("人民医院", "人民医院")]

        def queryset(self, request, queryset):
            if value := self.value():
                return queryset.filter(Q(hospital__name__icontains=value) | Q(hospital_name__icontains=value))
            return queryset

    class DisabilityGrade(admin.SimpleListFilter):
        """The grade with fixed choices (the default field filter reads SELECT DISTINCT over the whole table)."""

        title = "disability grade"
        parameter_name = "grade"

        def lookups(self, request, model_admin):
            return [("any", "assessed"), ("none", "not assessed"), *((str(g), str(g)) for g in range(1, 11))]

        def queryset(self, request, queryset):
            value = self.value()
            if value == "any":
                return queryset.filter(disability_grade__isnull=False)
            if value == "none":
                return queryset.filter(disability_grade__isnull=True)
            return queryset.filter(disability_grade=int(value)) if value else queryset

    class PersonAdmin(admin.ModelAdmin):
        list_display = (
            "claim",
            "name",
            "id_masked",
            "category",
            "state",
            "hospital",
            "hospital_name",
            "estimate",
            "next_follow_up_on",
            "handler",
            "org",
        )
        list_select_related = ("claim", "category", "hospital", "handler", "org")
        list_filter = (
            "state",
            "category",
            DisabilityGrade,
            "next_follow_up_on",
            "org",
            "handler",
            "hospital",
            HospitalText,
        )
        search_fields = ("claim__report_no", "name")
        list_per_page = 50

    class ReviewAdmin(admin.ModelAdmin):
        list_display = (
            "kind",
            "person",
            "amount",
            "org",
            "state",
            "routed_to_hq",
            "submitted_by",
            "submitted_at",
        )
        list_select_related = ("person", "person__claim", "org", "submitted_by")
        list_filter = ("state", "kind", "routed_to_hq", "org")
        list_per_page = 50

    site = admin.AdminSite(name="bench_admin")
    site.register(InjuredPerson, PersonAdmin)
    site.register(Review, ReviewAdmin)
    module = types.ModuleType("bench_injury_urls")
    module.urlpatterns = [path("bench-admin/", site.urls), *config.urls.urlpatterns]
    for name in ("handler403", "handler404", "handler500"):
        setattr(module, name, getattr(config.urls, name))
    sys.modules[module.__name__] = module
    return module.__name__


# --- measurements -----------------------------------------------------------------------------------------------
def pages() -> list[dict]:
    """What is measured: (name, persona, page URL, admin URL with the same filter)."""
    from django.urls import reverse

    from hospitals.models import Hospital
    from injury_claims.models import Claim, InjuryCategory
    from injury_claims.workflows.person import DONE, PersonState
    from organization.models import OrgUnit, User

    jilin = OrgUnit.objects.get(code="jilin")
    scope = ",".join(str(pk) for pk in jilin.subtree_ids())
    sub = OrgUnit.objects.get(code="jilin-jilinshi")
    handler = User.objects.get(username=MEASURED_HANDLER)
    colleague = User.objects.get(username="bench_h_jilin_00")
    hospital = Hospital.objects.filter(org=jilin).order_by("pk").first()
    fracture = InjuryCategory.objects.get(code="fracture")
    claim = Claim.objects.get(pk=1)
    today = timezone.localdate()
    week = today + datetime.timedelta(days=7)
    open_states = ",".join(s for s in PersonState.values if s not in DONE)
    search = reverse("injury_claims:search")
    person_admin = "/bench-admin/injury_claims/injuredperson/"
    review_admin = "/bench-admin/injury_claims/review/"
    filters = [
        ("no filter", "", ""),
        ("report number", f"q={claim.report_no}", f"q={claim.report_no}"),
        ("injury category", f"category={fracture.pk}", f"category__id__exact={fracture.pk}"),
        (
            "estimate 50k–100k",
            "estimate_min=50000&estimate_max=100000",
            "estimate__gte=50000&estimate__lte=100000",
        ),
        ("disability graded", "disability_grade=any", "grade=any"),
        (
            "follow-up in 7 days",
            f"follow_up_from={today}&follow_up_to={week}",
            f"next_follow_up_on__gte={today}&next_follow_up_on__lte={week}",
        ),
        ("state subsequent", "state=subsequent", "state__in=subsequent"),
        ("hospital name", "hospital=骨科医院", "hospital=骨科医院"),
        ("hospital link", f"hospital_id={hospital.pk}", f"hospital__id__exact={hospital.pk}"),
        ("org sub-branch", f"org={sub.pk}", f"org__id__exact={sub.pk}"),
        ("handler", f"handler={colleague.pk}", f"handler__id__exact={colleague.pk}"),
        ("overdue", "overdue=on", f"next_follow_up_on__lt={today}&state__in={open_states}"),
    ]
    rows = [
        {
            "name": "inbox",
            "persona": MEASURED_HANDLER,
            "url": reverse("home"),
            "admin": f"/admin/sla/deadline/?assignee__id__exact={handler.pk}&state__in=open,warned,breached",
        },
        {
            "name": "claim page (4 persons)",
            "persona": MEASURED_HANDLER,
            "url": reverse("injury_claims:claim", args=[claim.pk]),
            "admin": f"{person_admin}?claim__id__exact={claim.pk}",
        },
        {
            "name": "review queue, branch reviewer",
            "persona": "jilin_medical_reviewer",
            "url": reverse("injury_claims:reviews"),
            "admin": f"{review_admin}?state__exact=pending&routed_to_hq__exact=0&org__id__in={scope}",
        },
        {
            "name": "review queue, branch, largest first",
            "persona": "jilin_medical_reviewer",
            "url": reverse("injury_claims:reviews") + "?order=amount",
            "admin": f"{review_admin}?state__exact=pending&routed_to_hq__exact=0&org__id__in={scope}&o=-2",
        },
        {
            "name": "review queue, HQ",
            "persona": "bench_hq_head",
            "url": reverse("injury_claims:reviews"),
            "admin": f"{review_admin}?state__exact=pending&routed_to_hq__exact=1",
        },
    ]
    for label, query, admin_query in filters:
        rows.append(
            {
                "name": f"search, branch: {label}",
                "persona": "jilin_branch_claims_head",
                "url": f"{search}?{query}" if query else search,
                "admin": f"{person_admin}?org__id__in={scope}" + (f"&{admin_query}" if admin_query else ""),
            }
        )
    for label, query, admin_query in filters:
        rows.append(
            {
                "name": f"search, HQ: {label}",
                "persona": "bench_hq_head",
                "url": f"{search}?{query}" if query else search,
                "admin": f"{person_admin}?{admin_query}" if admin_query else person_admin,
            }
        )
    return rows


def time_urls(targets: list[tuple[Client, str]], requests: int) -> list[dict]:
    """Time each (client, url) `requests` times, interleaved (page, admin, page, admin …) so that both meet the
    same load on a shared machine; then the queries of one more request of each."""
    for client, url in targets:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
    times: list[list[float]] = [[] for _ in targets]
    for _ in range(requests):
        for i, (client, url) in enumerate(targets):
            start = time.perf_counter()
            response = client.get(url)
            times[i].append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
    figures = []
    for (client, url), measured in zip(targets, times, strict=True):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        captured = [(float(q["time"]), q["sql"]) for q in queries.captured_queries]
        slowest = max(captured, default=(0.0, ""))
        ordered = sorted(measured)
        figures.append(
            {
                "median": statistics.median(measured) * 1000,
                "p95": ordered[math.ceil(0.95 * len(ordered)) - 1] * 1000,
                "queries": len(captured),
                "db": sum(t for t, _sql in captured) * 1000,
                "slowest_ms": slowest[0] * 1000,
                "slowest_sql": slowest[1],
                "body": len(response.content),
            }
        )
    return figures


def measure_all(databases: dict[str, str], args) -> dict:
    """{size: {"pages": {page: figures}, "banner_ms": …}}. Page by page, each size in turn (so that the sizes of a
    page are measured minutes apart, not an hour apart, on a shared machine); within a size, page and admin
    requests alternate."""
    urls = {}
    results: dict[str, dict] = {size: {"pages": {}} for size in databases}
    for size, name in databases.items():
        use_database(name)
        urls[size] = {page["name"]: page for page in pages()}
        results[size]["banner_ms"] = banner_cost()
    print(f"\n=== {args.requests} requests a page, page and admin interleaved ===")
    print(
        f"{'page':44} {'size':>4} {'median':>8} {'p95':>8} {'q':>4} {'db':>7} | "
        f"{'admin med':>9} {'p95':>8} {'q':>4} {'db':>7}"
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for page_name in urls[next(iter(databases))]:
        if args.only and args.only not in page_name:
            continue
        for size, name in databases.items():
            use_database(name)
            row = measure_page(urls[size][page_name], args)
            results[size]["pages"][page_name] = row
            m, a = row["page"], row.get("admin")
            admin_text = f"{a['median']:9.1f} {a['p95']:8.1f} {a['queries']:4} {a['db']:7.1f}" if a else ""
            print(
                f"{page_name:44} {size:>4} {m['median']:8.1f} {m['p95']:8.1f} {m['queries']:4} "
                f"{m['db']:7.1f} | {admin_text}",
                flush=True,
            )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for size in databases:
        print(
            f"{size}: HQ administrators' banner (sla.selectors.calendar_gaps, left out of the admin figures): "
            f"{results[size]['banner_ms']:.1f} ms"
        )
    return results


def measure_page(page: dict, args) -> dict:
    from organization.models import User

    with override_settings(ROOT_URLCONF=bench_urlconf()), without_hq_banner():
        client = Client()
        client.force_login(User.objects.get(username=page["persona"]))
        targets = [(client, page["url"])]
        if not args.no_admin:
            admin_client = Client()
            admin_client.force_login(User.objects.get(username="hq_admin"))
            targets.append((admin_client, page["admin"]))
        figures = time_urls(targets, args.requests)
        row = {"page": figures[0], "url": page["url"]}
        if not args.no_admin:
            row["admin"], row["admin_url"] = figures[1], page["admin"]
        if args.explain:
            explain(page["name"], figures[0])
            if not args.no_admin:
                explain(page["name"] + " (admin)", figures[1])
    return row


@contextlib.contextmanager
def without_hq_banner():
    """The admin is measured without the product's banner for HQ administrators (sla.context_processors: the
    years without a holiday calendar, a query over all running deadlines on every page a superuser opens): it is
    not the admin's cost. The measured personas are not HQ administrators, so it never runs for them anyway;
    its own cost is measured once (banner_cost)."""
    from sla import context_processors

    saved = context_processors.calendar_gaps
    context_processors.calendar_gaps = list
    try:
        yield
    finally:
        context_processors.calendar_gaps = saved


def banner_cost() -> float:
    """ms of sla.selectors.calendar_gaps(), which the HQ administrators' banner runs on every page (median of 5)."""
    from sla.selectors import calendar_gaps

    times = []
    for _ in range(5):
        start = time.perf_counter()
        calendar_gaps()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def explain(name: str, figures: dict) -> None:
    statement = figures["slowest_sql"]
    if not statement.lstrip().upper().startswith("SELECT"):
        return
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print(f"\n--- {name}: slowest query {figures['slowest_ms']:.1f} ms\n{statement}\n{plan}\n")


# --- targets ----------------------------------------------------------------------------------------------------
def report_targets(results: dict) -> None:
    """The figures side by side, then the two targets at the largest size."""
    sizes = list(results)
    print("\n=== median ms [p95] ===")
    print(f"{'page':44}" + "".join(f" {size + ' page':>17} {size + ' admin':>17}" for size in sizes))
    names = list(results[sizes[-1]]["pages"])
    for name in names:
        cells = ""
        for size in sizes:
            row = results[size]["pages"].get(name, {})
            for part in ("page", "admin"):
                f = row.get(part)
                cells += f" {f['median']:8.1f} [{f['p95']:6.1f}]" if f else f" {'—':>17}"
        print(f"{name:44}{cells}")
    small, large = (sizes[0], sizes[-1]) if len(sizes) > 1 else (None, sizes[-1])
    print(f"\n=== targets at {large}: page ≤ 1.5 × {small or '(no smaller size)'}; page ≤ 0.5 × admin ===")
    held = missed = 0
    for name in names:
        row = results[large]["pages"][name]
        page = row["page"]["median"]
        notes = []
        if small and name in results[small]["pages"]:
            ratio = page / results[small]["pages"][name]["page"]["median"]
            ok = ratio <= 1.5
            notes.append(f"{large}/{small} {ratio:5.2f} {'holds ' if ok else 'MISSED'}")
            held, missed = held + ok, missed + (not ok)
        if row.get("admin"):
            share = page / row["admin"]["median"]
            ok = share <= 0.5
            notes.append(f"page/admin {share:5.2f} {'holds ' if ok else 'MISSED'}")
            held, missed = held + ok, missed + (not ok)
        print(f"{name:44} " + "   ".join(notes))
    print(f"{held} target checks hold, {missed} missed")


if __name__ == "__main__":
    main()
