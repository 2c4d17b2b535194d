"""Times issue 10's bench: calculating a claim with 3 victims and printing its calculation sheet (target ≤ 1 s
together, median).

    .venv/bin/python bench/settlement_print.py                       # SQLite (in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/settlement_print.py

Creates a throwaway database (``bench_settlement_print`` on PostgreSQL — never the configured one, never a test_*
name; Django's in-memory database on SQLite), seeds the demo organisation, the Jilin court's 2023 figures (LAW.md
§4.1, as tests/injury_claims/test_settlement.py JILIN) and one claim of 吉林分公司 with 3 injured persons taken
through the services to calculation (costs approved by the cost review, assessed facts, documents complete,
assessment confirmed): a grade 9 + 10 disability with lost earnings, care and a dependant; an inpatient with lost
earnings and care; an outpatient. Then, ``--runs`` times (default 20, after one untimed warm-up run):

1. ``injury_claims.services.settlement.calculate`` for each of the 3 victims (each one reads the records,
   calculates every victim of the claim and allocates the shared 交强险 limits and the commercial policy);
2. ``injury_claims.services.printing.print_calculation_sheet`` of the disabled victim (the longest sheet):
   number, PDF render with WeasyPrint (QR code included), SHA-256, file stored, registered — what the print job
   does in the worker.

Reports the median (and range) of 1 + 2 together, of each part, the cold first print, the sheet's pages and
size, and the SQL queries of one calculation and of one print.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

DATABASE = "bench_settlement_print"
VICTIMS = (
    # name, injury category, assessed facts (定损), approved medical costs
    (
        "张伟",
        "inpatient_surgery",
        {
            "birth_date": "1988-05-20",
            "hospital_days": 21,
            "nutrition": "1500",
            "transport": "600",
            "grades": [9, 10],
            "income_kind": "fixed",
            "income_amount": "6000",
            "income_per": "month",
            "lost_work_days": 120,
            "nursing_days": 30,
            "mental_distress": "8000",
            "dependants": [{"name": "张小明", "birth_date": "2016-09-01", "supporters": 2}],
        },
        Decimal("4000"),
    ),
    (
        "李娜",
        "inpatient",
        {
            "birth_date": "1975-11-02",
            "hospital_days": 12,
            "nutrition": "600",
            "transport": "300",
            "income_kind": "fixed",
            "income_amount": "4500",
            "income_per": "month",
            "lost_work_days": 45,
            "nursing_days": 12,
        },
        Decimal("3000"),
    ),
    ("王强", "outpatient", {"birth_date": "2001-02-14", "transport": "120"}, Decimal("800")),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment()
    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = DATABASE
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.runs)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old, verbosity=0)


def _user(username: str, org, role, **fields):
    from django.contrib.auth.models import Group

    from organization.models import User

    user = User.objects.create(username=username, org=org, last_name=username[:1], first_name="测", **fields)
    user.groups.set([Group.objects.get_or_create(name=role.value)[0]])
    return user


def build():
    """The claim with its 3 victims in calculation, and the calculator."""
    from django.utils import timezone

    from injury_claims.models import CompensationStandard, Settlement
    from injury_claims.services import claims as claim_services
    from injury_claims.services import settlement as services
    from organization.demo import seed_demo_organisation
    from organization.models import OrgUnit, ReviewKind
    from organization.roles import Role
    from organization.services import set_authority_matrix
    from tests.injury_claims.conftest import claim_data, person_data
    from tests.injury_claims.test_settlement import JILIN, _costs_approved, _documents
    from workflow.services import perform_transition

    seed_demo_organisation()
    jilin = OrgUnit.objects.get(code="jilin")
    CompensationStandard.objects.filter(province="22", area="").delete()
    CompensationStandard.objects.create(**JILIN)
    set_authority_matrix(jilin, ReviewKind.COST, {3: Decimal("1000000")})
    set_authority_matrix(jilin, ReviewKind.FOLLOW_UP, {1: Decimal("1000000")})
    handler = _user("bench_follow_up", jilin, Role.INJURY_FOLLOW_UP)
    reviewer = _user(
        "bench_reviewer", jilin, Role.MEDICAL_REVIEWER, cost_review_level=3, follow_up_review_level=1
    )
    calculator = _user("bench_calculator", jilin, Role.CALCULATOR_APPROVER)
    claim = claim_services.register_claim(
        claim_data(jilin, handler, report_no="RDAA2026220100099001"),
        [person_data(name, category) for name, category, _facts, _medical in VICTIMS],
        by=handler,
    )
    settlements = []
    for person, (_name, _category, facts, medical) in zip(claim.persons.order_by("pk"), VICTIMS, strict=True):
        settlement = _costs_approved(person, handler, reviewer, amount=medical)
        if facts.get("grades"):
            facts = {**facts, "assessment_date": timezone.localdate().isoformat()}
        services.save_facts(settlement, facts, by=handler)
        _documents(settlement, handler)
        perform_transition(settlement, "confirm_assessment", by=handler, expected_state="assessment")
        settlements.append(Settlement.objects.get(pk=settlement.pk))
    return claim, settlements, calculator


def once(settlements, calculator) -> tuple[float, float, float, object]:
    """(wall time of the 3 calculations, wall time of the print, CPU time of this process for both, document)."""
    from injury_claims.services import settlement as services
    from injury_claims.services.printing import print_calculation_sheet

    cpu = time.process_time()
    started = time.perf_counter()
    for settlement in settlements:
        services.calculate(settlement, by=calculator)
    calculated = time.perf_counter()
    document = print_calculation_sheet(settlements[0], by=calculator)
    done = time.perf_counter()
    return calculated - started, done - calculated, time.process_time() - cpu, document


def run(runs: int) -> None:
    from pypdf import PdfReader

    from injury_claims.services import settlement as services
    from injury_claims.services.printing import print_calculation_sheet

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    claim, settlements, calculator = build()
    cold_calc, cold_print, _cpu, document = once(settlements, calculator)
    calc_times, print_times, totals, cpu_times = [], [], [], []
    for _ in range(runs):
        calc, printed, cpu, document = once(settlements, calculator)
        calc_times.append(calc)
        print_times.append(printed)
        totals.append(calc + printed)
        cpu_times.append(cpu)
    with CaptureQueriesContext(connection) as calc_queries:
        services.calculate(settlements[0], by=calculator)
    with CaptureQueriesContext(connection) as print_queries:
        print_calculation_sheet(settlements[0], by=calculator)
    data = document.file.open("rb").read()
    pages = len(PdfReader(io.BytesIO(data)).pages)
    calculation = settlements[0].latest_calculation()

    def stats(values) -> str:
        return f"{statistics.median(values):.3f} s (range {min(values):.3f}–{max(values):.3f})"

    print(
        f"claim {claim.report_no}: {len(settlements)} victims, shared 交强险 limits; "
        f"sheet of {settlements[0].person.name}: {len(calculation.items)} items, {pages} pages, "
        f"{len(data) / 1024:.0f} KiB, e.g. {document.number}"
    )
    print(f"cold first run: calculate ×3 {cold_calc:.3f} s + print {cold_print:.3f} s")
    print(f"median of {runs} runs (after the cold one):")
    print(f"  calculate ×3 + print the sheet: {stats(totals)}  (target ≤ 1 s)")
    print(
        f"  calculate ×3:                   {stats(calc_times)}  ({statistics.median(calc_times) / 3:.3f} s a victim)"
    )
    print(f"  print the sheet:                {stats(print_times)}")
    print(f"  CPU time of this process for both (less sensitive to other load): {stats(cpu_times)}")
    load = os.getloadavg()
    print(
        f"load average during the run: {load[0]:.2f} (1 min), {load[1]:.2f} (5 min) on {os.cpu_count()} CPUs"
    )
    print(f"SQL queries: one calculate {len(calc_queries)}; one print {len(print_queries)}")
    print(f"date: {datetime.date.today().isoformat()}")


if __name__ == "__main__":
    main()
