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
    evaluation (recommendation, HQ's decision, complaints, rectifications), JSON-ready. The evaluation's
    recommendation and decision are kept as codes as well as words, so the card shows them in the reader's
    language; an average cost is only given when costs were claimed (no bill yet is "—", not ¥0.00)."""
    hospitals = network.network_hospitals_in_year(org, assessment.year)
    ids = [h["id"] for h in hospitals]
    figures = claims.hospital_year_figures(org.subtree_ids(), ids, assessment.year)
    evaluations = network.hospital_evaluations(org, assessment.year)
    rows = []
    for h in hospitals:
        f = figures.get(h["id"], {})
        e = evaluations.get(h["id"], {})
        claimed = f.get("claimed")
        rows.append(
            {
                "id": h["id"],
                "name": h["name"],
                "city": h["city"],
                "inpatients": f.get("inpatients", 0),
                "average_cost": _money(f.get("average_cost")) if claimed else None,
                "non_insured_share": _money(f.get("non_insured_share")),
                "recommendation": str(e.get("recommendation", "")),
                "recommendation_code": e.get("recommendation_code", ""),
                "decision": str(e.get("decision", "")),
                "decision_code": e.get("decision_code", ""),
                "evaluated": "recommendation" in e,
                "complaints": e.get("complaints", ""),
                "rectifications": e.get("rectifications", 0),
            }
        )
    return rows


def _label(row: dict, key: str) -> str:
    code = row.get(f"{key}_code")
    return network.recommendation_label(code) if code else (row.get(key) or "")


def hospital_rows(hospitals: list[dict]) -> list[dict]:
    """A scorecard's stored per-hospital figures as shown (page and PDF): the evaluation's words in the reader's
    language, amounts ¥1,234.00, shares with %, and None where there is no figure (the template prints "—")."""
    rows = []
    for row in hospitals or ():
        average, share = row.get("average_cost"), row.get("non_insured_share")
        rows.append(
            {
                "id": row.get("id"),
                "name": row.get("name", ""),
                "city": row.get("city", ""),
                "inpatients": row.get("inpatients", 0),
                "average_cost": f"¥{Decimal(average):,.2f}" if average not in (None, "") else None,
                "non_insured_share": f"{Decimal(share)}%" if share not in (None, "") else None,
                "recommendation": _label(row, "recommendation") or None,
                "decision": _label(row, "decision") or None,
                "complaints": row.get("complaints") or None,
                "rectifications": row.get("rectifications", 0),
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
