"""The network's facts for the annual assessment (seed 000, 协作医院工作的考核): what one branch's network was and
did in a year, as plain data. The ``scoring`` app reads the network only through these functions (re-exported by
hospitals.selectors) and turns them into its scorecard; nothing here scores.

Cost: :func:`network_year` runs a constant number of queries (coverage 3, hospitals 1, maintenance 1, trainings 1,
advisors 1, dispatches 1, HK cases 1) whatever the size of the branch.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from organization.models import OrgUnit

from ..choices import Recommendation
from ..coverage import NoCoverageStandard, coverage_for_org
from ..models import (
    AnnualEvaluation,
    Cooperation,
    EmergencyDispatch,
    HkCase,
    MaintenanceLog,
    MedicalAdvisor,
    Rectification,
    Training,
)


def assessment_day(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day a year's network is measured on: 31 December, or today while the year runs."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def cooperations_in_year(org: OrgUnit, year: int):
    """The branch's cooperations whose hospital was in the network on some day of the year: a signed agreement in
    force at some point of the year, and the cooperation not ended before the year began."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    agreement = apps.get_model("hospitals", "Agreement")
    in_force = agreement.objects.filter(
        cooperation=OuterRef("pk"),
        signed_on__isnull=False,
        signed_on__lte=last,
        term_start__lte=last,
        term_end__gte=first,
    )
    return (
        Cooperation.objects.filter(org=org)
        .filter(Exists(in_force))
        .filter(Q(state__in=Cooperation.IN_NETWORK) | Q(state__in=Cooperation.ENDED, ended_on__gte=first))
    )


def network_hospitals_in_year(org: OrgUnit, year: int) -> list[dict]:
    """Hospitals in the branch's network at some point of the year: id, name, city (one query)."""
    rows = (
        cooperations_in_year(org, year)
        .values("hospital_id", "hospital__name", "hospital__city")
        .order_by("hospital__name", "hospital_id")
        .distinct()
    )
    return [{"id": r["hospital_id"], "name": r["hospital__name"], "city": r["hospital__city"]} for r in rows]


def network_year(org: OrgUnit, year: int, *, today: datetime.date | None = None) -> dict:
    """Everything the network recorded for one branch in one year, as plain data."""
    day = assessment_day(year, today)
    try:
        coverage = coverage_for_org(org, on=day)
    except NoCoverageStandard:
        coverage_data = None
    else:
        coverage_data = {
            "required": coverage.required,
            "credited": coverage.credited,
            "places_short": [place.label for place in coverage.places_short],
        }
    in_network = Cooperation.objects.in_network_on(day).filter(org=org)
    maintained = dict(
        MaintenanceLog.objects.filter(cooperation__in=in_network, on__year=year)
        .values_list("cooperation__hospital_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    hospitals = [
        {"id": hospital_id, "name": name, "maintenance_records": maintained.get(hospital_id, 0)}
        for hospital_id, name in in_network.values_list("hospital_id", "hospital__name")
        .order_by("hospital__name", "hospital_id")
        .distinct()
    ]
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    trainings = [
        {"on": f"{t.on:%Y-%m-%d}", "topic": t.topic, "closed_book_exam": t.closed_book_exam}
        for t in Training.objects.filter(org=org, on__year=year).order_by("on", "pk")
    ]
    advisors = [
        f"{a.doctor} ({a.hospital.name})"
        for a in MedicalAdvisor.objects.filter(org=org, term_start__lte=last, term_end__gte=first)
        .select_related("hospital")
        .order_by("term_start", "pk")
    ]
    dispatches = [
        {
            "at": f"{timezone.localtime(d.at):%Y-%m-%d %H:%M}",
            "hospital": d.hospital.name,
            "response_minutes": d.response_minutes,
            "answered": d.outcome != EmergencyDispatch.Outcome.DECLINED,
        }
        for d in EmergencyDispatch.objects.filter(org=org, at__year=year)
        .select_related("hospital")
        .order_by("at")
    ]
    hk_cases = [
        {
            "reference": c.reference,
            "on_time": c.on_time,
            "complaint": c.complaint,
            "complaint_verified": c.complaint_verified,
        }
        for c in HkCase.objects.filter(org=org, opened_on__year=year).order_by("opened_on", "pk")
    ]
    return {
        "on": f"{day:%Y-%m-%d}",
        "coverage": coverage_data,
        "hospitals": hospitals,
        "trainings": trainings,
        "advisors": advisors,
        "dispatches": dispatches,
        "hk_cases": hk_cases,
    }


def hospital_evaluations(org: OrgUnit, year: int) -> dict[int, dict]:
    """Per hospital of the branch: the annual evaluation the branch recorded for the year (with HQ's decision) and
    the rectifications requested in the year (two queries)."""
    found: dict[int, dict] = {}
    for evaluation in (
        AnnualEvaluation.objects.filter(org=org, year=year)
        .select_related("cooperation")
        .order_by("submitted_at")
    ):
        found.setdefault(evaluation.cooperation.hospital_id, {}).update(
            {
                "recommendation": evaluation.get_recommendation_display(),
                "decision": evaluation.get_decision_display() if evaluation.decision else "",
                # The codes too: a scorecard keeps them and shows them in the reader's language.
                "recommendation_code": evaluation.recommendation,
                "decision_code": evaluation.decision,
                "complaints": evaluation.complaints,
            }
        )
    for hospital_id, n in (
        Rectification.objects.filter(cooperation__org=org, requested_on__year=year)
        .values_list("cooperation__hospital_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found.setdefault(hospital_id, {})["rectifications"] = n
    return found


def recommendation_label(code: str) -> str:
    """The annual evaluation's recommendation or HQ's decision in the reader's language ("" for none)."""
    try:
        return str(Recommendation(code).label) if code else ""
    except ValueError:
        return code
