"""Gathering one branch's facts for one assessment year: the only place scoring reads the other apps, and only
through their selectors (import-linter checks it). The result is plain data for the pure rules of
scoring.scorecard, and per-hospital annual figures shown next to the scorecard."""

from __future__ import annotations

from decimal import Decimal

from hospitals import selectors as network
from injury_claims import selectors as claims

from . import scorecard as sc
from .models import Assessment, Question, SurveyResponse


def _answers(assessment: Assessment, org, kind: str) -> tuple[sc.SurveyAnswerSet, ...]:
    return tuple(
        sc.SurveyAnswerSet(subject=r.label, points=r.points, scale=r.scale)
        for r in SurveyResponse.objects.filter(
            draw__assessment=assessment, draw__org=org, draw__kind=kind, status=SurveyResponse.Status.ANSWERED
        ).order_by("position")
    )


def gather(assessment: Assessment, org) -> sc.Facts:
    data = network.network_year(org, assessment.year)
    coverage = data["coverage"]
    return sc.Facts(
        coverage=sc.Coverage(coverage["required"], coverage["credited"], tuple(coverage["places_short"]))
        if coverage
        else None,
        hospitals=tuple(sc.NetworkHospital(h["name"], h["maintenance_records"]) for h in data["hospitals"]),
        trainings=tuple(sc.TrainingFact(**t) for t in data["trainings"]),
        advisors=tuple(data["advisors"]),
        dispatches=tuple(sc.DispatchFact(**d) for d in data["dispatches"]),
        hk_cases=tuple(sc.HkCaseFact(**c) for c in data["hk_cases"]),
        customer_answers=_answers(assessment, org, Question.Kind.CUSTOMER),
        customer_wanted=assessment.customer_sample_size,
        hospital_answers=_answers(assessment, org, Question.Kind.HOSPITAL),
        hospital_wanted=assessment.hospital_sample_size,
    )


def _money(value) -> str | None:
    return None if value is None else str(Decimal(value))


def hospital_figures(assessment: Assessment, org) -> list[dict]:
    """Per cooperating hospital of the branch in the year: the injury-claim figures and the branch's annual
    evaluation (recommendation, HQ's decision, complaints, rectifications), JSON-ready."""
    hospitals = network.network_hospitals_in_year(org, assessment.year)
    ids = [h["id"] for h in hospitals]
    figures = claims.hospital_year_figures(org.subtree_ids(), ids, assessment.year)
    evaluations = network.hospital_evaluations(org, assessment.year)
    rows = []
    for h in hospitals:
        f = figures.get(h["id"], {})
        e = evaluations.get(h["id"], {})
        rows.append(
            {
                "id": h["id"],
                "name": h["name"],
                "city": h["city"],
                "inpatients": f.get("inpatients", 0),
                "average_cost": _money(f.get("average_cost")),
                "non_insured_share": _money(f.get("non_insured_share")),
                "recommendation": str(e.get("recommendation", "")),
                "decision": str(e.get("decision", "")),
                "complaints": e.get("complaints", ""),
                "rectifications": e.get("rectifications", 0),
            }
        )
    return rows


def inpatient_population(assessment: Assessment, org) -> list[int]:
    hospitals = network.network_hospitals_in_year(org, assessment.year)
    return claims.inpatient_ids(org.subtree_ids(), [h["id"] for h in hospitals], assessment.year)


def hospital_population(assessment: Assessment, org) -> list[int]:
    return sorted(h["id"] for h in network.network_hospitals_in_year(org, assessment.year))


def describe_inpatients(ids) -> dict[int, dict]:
    return claims.inpatients_by_id(ids)


def describe_hospitals(assessment: Assessment, org) -> dict[int, dict]:
    return {h["id"]: h for h in network.network_hospitals_in_year(org, assessment.year)}


def inpatient_mobile(person_id: int) -> str:
    return claims.mobile_of(person_id)
