"""Read side of the medical-fee guarantee (seed 000, 医疗费担保预付): the facts its rule is fed, its routing, the
permission-checked fetch, the person page's section, the branch's list and the settlement's figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hospitals.models import Function
from hospitals.selectors.functions import agreed_function
from organization.models import AuthorityCeiling, User

from .. import guarantee as rule
from ..choices import InvestigationReason
from ..models import Guarantee, InjuredPerson, Prepayment, prepaid_for
from ..routing import Route, route_review
from ..rules import SETTLEMENT_APPROVERS, can_view_claims, can_work_claim
from ..workflows.guarantee import (
    APPROVAL_KIND,
    GUARANTEE,
    OPEN,
    GuaranteeState,
    can_issue_guarantee,
    why_not_issuer,
)
from ..workflows.settlement import SettlementState, can_calculate


# --- the facts of the rule ------------------------------------------------------------------------------------
def liability_ratio(claim) -> Decimal | None:
    """The share of the claim's finding: the one recorded with the finding (taken from the administered
    LiabilityRatio data when it was recorded, as the settlement's calculation uses it), else the data's."""
    if not claim.liability:
        return None
    if claim.liability_ratio is not None:
        return claim.liability_ratio
    from ..services.claims import liability_share

    return liability_share(claim.org, claim.liability)


def facts_for(person: InjuredPerson, day: datetime.date | None = None) -> rule.Facts:
    day = day or timezone.localdate()
    claim = person.claim
    branch = person.org.secondary
    standing = (
        agreed_function(person.hospital_id, branch.pk if branch else None, Function.GUARANTEE, day)
        if person.hospital_id
        else None
    )
    survey = getattr(claim, "survey", None)
    open_reasons = [
        reason
        for reasons in person.investigations.filter(closed_at__isnull=True).values_list("reasons", flat=True)
        for reason in (reasons or [])
    ]
    return rule.Facts(
        vip=claim.vip_customer,
        hospital_in_registry=person.hospital_id is not None,
        in_network=bool(standing and standing.in_network),
        function_agreed=bool(standing and standing.agreed),
        function_status=standing.status if standing else "",
        inpatient=person.inpatient,
        role=person.role,
        passenger_cover=bool(claim.passenger_sum_insured),
        survey_done=survey is not None and survey.state == "done",
        exclusion_suspected=InvestigationReason.SUSPECTED_EXCLUSION in open_reasons,
        police_handled=claim.police_handled,
        liability=claim.liability,
        liability_ratio=liability_ratio(claim),
    )


def eligibility_of(person: InjuredPerson) -> list[str]:
    return rule.eligibility(facts_for(person))


def agreement_of(guarantee: Guarantee) -> int | None:
    branch = guarantee.org.secondary
    standing = agreed_function(
        guarantee.hospital_id, branch.pk if branch else None, Function.GUARANTEE, timezone.localdate()
    )
    return standing.agreement_id


# --- approval -------------------------------------------------------------------------------------------------
def _ceilings(guarantee: Guarantee) -> dict[int, Decimal]:
    branch = guarantee.org.secondary
    if branch is None:
        return {}
    return dict(
        AuthorityCeiling.objects.filter(org=branch, kind=APPROVAL_KIND).values_list("level", "ceiling")
    )


def route_for(guarantee: Guarantee) -> Route:
    return route_review(guarantee.amount, _ceilings(guarantee))


def approvers_of(guarantee: Guarantee) -> list[User]:
    """Who may approve it now (for the notice): narrowed in the query, then asked the rule."""
    if guarantee.routed_to_hq:
        candidates = User.objects.filter(org__level="hq")
    else:
        branch = guarantee.org.secondary
        covering = [level for level, ceiling in _ceilings(guarantee).items() if ceiling >= guarantee.amount]
        candidates = User.objects.filter(
            org_id__in={guarantee.org_id, branch.pk} if branch else set(),
            settlement_approval_level__in=covering,
        )
    candidates = candidates.filter(is_active=True, groups__name__in=list(SETTLEMENT_APPROVERS))
    return [u for u in candidates.select_related("org").distinct() if can_issue_guarantee(u, guarantee)]


# --- fetches and pages ------------------------------------------------------------------------------------------
def guarantees_for(user) -> QuerySet[Guarantee]:
    return Guarantee.objects.visible_to(user)


def get_guarantee_for_user(user, pk: int) -> Guarantee:
    """Missing, or outside the person's scope: 404."""
    if not can_view_claims(user):
        raise Http404
    return get_object_or_404(
        guarantees_for(user).select_related(
            "person",
            "person__claim",
            "person__org",
            "org",
            "hospital",
            "agreement",
            "document",
            "created_by",
            "issued_by",
        ),
        pk=pk,
    )


def branch_list(user, *, state: str = "") -> QuerySet[Guarantee]:
    """The guarantees the person may see, newest first, each with its prepaid amount (one query a page)."""
    rows = (
        guarantees_for(user)
        .with_prepaid()
        .select_related("person", "person__claim", "hospital", "org", "document")
        .order_by("-created_at", "-pk")
    )
    if state in GuaranteeState.values:
        rows = rows.filter(state=state)
    return rows


def may_see_guarantees(user) -> bool:
    return can_view_claims(user)


def settlement_figures(person: InjuredPerson) -> tuple[Decimal | None, Decimal | None]:
    """(our share of the calculated medical items, the payable total) of the person's settlement: the approved
    total when approved, else the latest calculation's."""
    settlement = getattr(person, "settlement", None)
    if settlement is None:
        return None, None
    calculation = settlement.latest_calculation()
    if calculation is None:
        return None, None
    medical = rule.medical_share(calculation.allocation.get("lines", []))
    payable = settlement.total if settlement.total is not None else calculation.payable
    return medical, payable


def reconciliation_for(person: InjuredPerson) -> rule.Reconciliation | None:
    """Every letter of the person together (a cancelled or expired one may have prepaid): None without any."""
    guarantees = list(person.guarantees.exclude(state=GuaranteeState.DRAFTED).values_list("state", "amount"))
    prepaid = prepaid_for(person.pk)
    if not guarantees and not prepaid:
        return None
    guaranteed = sum(
        (amount for state, amount in guarantees if state in (GuaranteeState.ISSUED, GuaranteeState.USED)),
        Decimal("0"),
    )
    medical, payable = settlement_figures(person)
    return rule.reconcile(guaranteed=guaranteed, prepaid=prepaid, medical=medical, payable=payable)


def person_section(person: InjuredPerson, user) -> dict:
    """The person page's guarantee section: the letters, and whether a new one may be drafted (with the reasons
    when the person is not eligible)."""
    letters = list(
        person.guarantees.with_prepaid().select_related("hospital", "document").order_by("-created_at", "-pk")
    )
    may_draft = can_work_claim(user, person) and not any(g.state in OPEN for g in letters)
    return {
        "guarantees": letters,
        "guarantee_may_draft": may_draft,
        "guarantee_refusals": eligibility_of(person) if may_draft else [],
    }


def guarantee_page(guarantee: Guarantee, user) -> dict:
    from .claims import timeline_for

    prepayments = list(guarantee.prepayments.select_related("by").order_by("paid_on", "pk"))
    prepaid = sum((p.signed_amount for p in prepayments), Decimal("0"))
    return {
        "guarantee": guarantee,
        "person": guarantee.person,
        "claim": guarantee.person.claim,
        "actions": GUARANTEE.actions_for(user, guarantee),
        "why_not_issuer": why_not_issuer(user, guarantee)
        if guarantee.state == GuaranteeState.SUBMITTED
        else "",
        "prepayments": prepayments,
        "prepaid": prepaid,
        "available": max(guarantee.amount - prepaid, Decimal("0")),
        "ratio": liability_ratio(guarantee.person.claim),
        "reconciliation": reconciliation_for(guarantee.person),
        "may_prepay": guarantee.state == GuaranteeState.ISSUED and can_calculate(user, guarantee),
        "may_recover": may_recover(guarantee, user),
        "may_print": guarantee.state in (GuaranteeState.ISSUED, GuaranteeState.USED, GuaranteeState.EXPIRED)
        and can_view_claims(user, guarantee),
        "timeline": timeline_for(guarantee),
    }


def may_recover(guarantee: Guarantee, user) -> bool:
    settlement = getattr(guarantee.person, "settlement", None)
    return bool(
        settlement is not None
        and settlement.state == SettlementState.APPROVED
        and can_calculate(user, settlement)
        and Prepayment.objects.filter(guarantee=guarantee).exists()
    )


def settlement_section(settlement) -> dict:
    """What the settlement page shows of the guarantee: guaranteed, prepaid, the remainder (None without any)."""
    reconciliation = reconciliation_for(settlement.person)
    if reconciliation is None:
        return {}
    letters = list(
        settlement.person.guarantees.exclude(state=GuaranteeState.DRAFTED)
        .select_related("hospital", "document")
        .order_by("-created_at", "-pk")
    )
    return {"reconciliation": reconciliation, "letters": letters}


def guarantee_list_page(user, *, state: str = "") -> dict:
    return {
        "rows": branch_list(user, state=state),
        "state": state,
        "states": GuaranteeState.choices,
    }
