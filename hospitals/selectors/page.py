"""The hospital page: the hospital, its current cooperation (and earlier ones), agreements with their approvals,
evaluations, rectifications, maintenance, documents, timeline and change history — in a constant number of
queries."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from documents.selectors import documents_of
from workflow.history import history_of
from workflow.models import Event
from workflow.timeline import describe

from ..models import Agreement, AnnualEvaluation, Cooperation, FunctionApproval, Hospital, MaintenanceLog
from ..rules import can_decide_cooperation, can_evaluate_cooperation, can_review_legal, can_work_network
from ..workflows import (
    COOPERATION,
    EVALUATION,
    agreement_in_force,
    current_decision,
    latest_agreement,
    renewal_draft,
)

MAINTENANCE_SHOWN = 20
TIMELINE_SHOWN = 50


def current_cooperation(hospital: Hospital) -> Cooperation | None:
    """The cooperation with the branch that maintains the hospital: the open one, else the newest (rejected,
    terminated or expired; the hospital page then offers to propose it again)."""
    return (
        hospital.cooperations.filter(org_id=hospital.org_id)
        .select_related("hospital", "org")
        .order_by("-created_at", "-pk")
        .first()
    )


def agreement_draft(cooperation: Cooperation) -> tuple[Agreement | None, dict]:
    """The version the agreement page edits and its starting values: the newest unsigned version; once the
    newest is signed, a new version starting from it (the renewal's next term, the day after the current one
    ends)."""
    current = latest_agreement(cooperation)
    if current is None or not current.is_signed:
        return current, {}
    return None, {
        "functions": current.functions,
        "other_functions": current.other_functions,
        "term_start": current.term_end + datetime.timedelta(days=1),
        "insurer_signatory": current.insurer_signatory,
        "hospital_signatory": current.hospital_signatory,
        "deviation": current.deviation,
    }


def past_cooperations(hospital: Hospital, current: Cooperation | None) -> list[Cooperation]:
    """Earlier cooperations with the hospital, kept with their own history."""
    earlier = hospital.cooperations.filter(org_id=hospital.org_id).order_by("-created_at", "-pk")
    if current is not None:
        earlier = earlier.exclude(pk=current.pk)
    return list(earlier)


def timeline(hospital: Hospital, cooperation: Cooperation | None) -> list[dict]:
    """What happened to the hospital, its cooperations (the current one and any earlier ones), their agreements
    and evaluations, newest first, as people read it."""
    subjects = [Hospital.objects.filter(pk=hospital.pk)]
    if cooperation is not None:
        cooperations = Cooperation.objects.filter(hospital=hospital, org_id=hospital.org_id)
        subjects += [
            cooperations,
            Agreement.objects.filter(cooperation__in=cooperations),
            AnnualEvaluation.objects.filter(cooperation__in=cooperations),
        ]
    events = (
        Event.objects.of(*subjects).select_related("actor").order_by("-created_at", "-pk")[:TIMELINE_SHOWN]
    )
    return describe(events)


def maintenance_of(cooperation: Cooperation) -> list[MaintenanceLog]:
    return list(
        MaintenanceLog.objects.filter(cooperation=cooperation).select_related("by")[:MAINTENANCE_SHOWN]
    )


def master_data_history(hospital: Hospital, cooperation: Cooperation | None) -> list[dict]:
    """Edits of the registry entry and of the cooperation's agreements: who, when, old and new values."""
    sources = [Hospital.history.filter(id=hospital.pk)]
    if cooperation is not None:
        sources.append(Agreement.history.filter(cooperation_id=cooperation.pk))
    return history_of(*sources)


def hospital_page(user, hospital: Hospital) -> dict:
    """Everything the hospital page shows; the person has been allowed to see the hospital."""
    cooperation = current_cooperation(hospital)
    today = timezone.localdate()
    context = {
        "hospital": hospital,
        "cooperation": cooperation,
        "can_work": can_work_network(user, hospital),
        "condition_7": hospital.condition_7(),
        "licence_in_force": hospital.licence_in_force(today),
        "past_cooperations": past_cooperations(hospital, cooperation),
    }
    context["history"] = master_data_history(hospital, cooperation)
    if cooperation is None:
        context["timeline"] = timeline(hospital, None)
        return context
    agreements = list(
        cooperation.agreements.select_related(
            "document", "legal_reviewed_by", "hq_reviewed_by"
        ).prefetch_related(
            Prefetch("function_approvals", queryset=FunctionApproval.objects.select_related("decided_by"))
        )
    )
    draft = renewal_draft(cooperation)
    newest = agreements[0] if agreements else None  # ordered newest version first
    for agreement in agreements:
        agreement.approvals = list(agreement.function_approvals.all())
        agreement.signable = (
            not agreement.is_signed
            and agreement is newest
            and (
                (agreement.version == 1 and cooperation.state == Cooperation.State.APPROVED)
                or (cooperation.state == Cooperation.State.RENEWAL_DUE and draft is not None)
            )
        )
        agreement.scan_missing = agreement.is_signed and not agreement.signed_scan
        agreement.fileable = agreement.is_signed and bool(agreement.signed_scan)
    evaluations = list(
        cooperation.evaluations.select_related("submitted_by", "decided_by").order_by("-submitted_at", "-pk")[
            :5
        ]
    )
    for evaluation in evaluations:
        evaluation.actions = EVALUATION.actions_for(user, evaluation)
    context.update(
        actions=COOPERATION.actions_for(user, cooperation),
        in_network=cooperation.in_network and agreement_in_force(cooperation, today) is not None,
        may_edit_agreement=COOPERATION.may_edit(cooperation, "agreement"),
        may_edit_eligibility=COOPERATION.may_edit(cooperation, "eligibility"),
        may_edit_liaisons=COOPERATION.may_edit(cooperation, "liaisons"),
        renewal_draft=draft,
        may_propose=cooperation.state in Cooperation.FINAL,
        can_evaluate=can_evaluate_cooperation(user, cooperation) and cooperation.in_network,
        can_review_legal=can_review_legal(user, cooperation),
        can_decide=can_decide_cooperation(user, cooperation),
        checks=list(cooperation.checks.all()),
        agreements=agreements,
        unfiled=[a for a in agreements if a.is_signed and a.filed_with_hq_on is None],
        evaluations=evaluations,
        decision=current_decision(cooperation, today),
        rectifications=list(cooperation.rectifications.all()[:10]),
        maintenance=maintenance_of(cooperation),
        timeline=timeline(hospital, cooperation),
        documents=documents_of(cooperation),
    )
    return context
