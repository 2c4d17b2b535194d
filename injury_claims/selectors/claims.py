"""Read side of claims, injured persons and reviews: scoped querysets with their related rows, and the
permission-checked fetch helpers (missing and out of scope both answer 404)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from organization.models import AuthorityCeiling
from organization.pii import blind_indexes
from organization.scoping import scope_for
from sla.selectors import messages_about
from workflow.models import Event
from workflow.timeline import describe

from .. import red_flags as rf
from ..choices import ReviewKind
from ..models import Attachment, Claim, FollowUp, InjuredPerson, Investigation, RedFlagThresholds, Review
from ..rules import ALL_REVIEWER_ROLES, can_view_claims, reviewer_roles
from ..workflows import PERSON, REVIEW_WORKFLOW, SURVEY
from ..workflows.review import ReviewState
from . import mediation as mediation_selectors
from .guarantee import person_section as guarantee_person_section
from .litigation import person_section as _litigation_section


def timeline_for(obj, limit: int = 50) -> list[dict]:
    events = Event.objects.of(type(obj).objects.filter(pk=obj.pk)).select_related("actor")
    return describe(events.order_by("-created_at", "-pk")[:limit])


def claims_for(user) -> QuerySet[Claim]:
    return Claim.objects.visible_to(user).select_related("org", "handler")


def get_claim_for_user(user, pk: int) -> Claim:
    if not can_view_claims(user):
        raise Http404
    return get_object_or_404(
        claims_for(user)
        .select_related("survey")
        .prefetch_related(
            Prefetch(
                "persons",
                queryset=InjuredPerson.objects.select_related("category", "hospital", "handler").order_by(
                    "pk"
                ),
            )
        ),
        pk=pk,
    )


def get_person_for_user(user, pk: int) -> InjuredPerson:
    if not can_view_claims(user):
        raise Http404
    return get_object_or_404(
        InjuredPerson.objects.visible_to(user).select_related(
            "claim", "category", "hospital", "handler", "org"
        ),
        pk=pk,
    )


def claim_page(claim: Claim, user) -> dict:
    """One lane per injured person: where their process stands and its timeline."""
    lanes = []
    for person in claim.persons.all():
        lanes.append(
            {
                "person": person,
                "state": PERSON.state_label(person.state),
                "steps": _lane_steps(person.state),
                "timeline": timeline_for(person)[:8],
            }
        )
    survey = getattr(claim, "survey", None)
    return {
        "claim": claim,
        "lanes": lanes,
        "survey": survey,
        "survey_actions": SURVEY.actions_for(user, survey) if survey else [],
        "survey_state": SURVEY.state_label(survey.state) if survey else "",
        "timeline": timeline_for(claim),
    }


LANE = ("first_follow_up", "visit", "investigation", "subsequent", "cost_review", "costs_approved")


def _lane_steps(state: str) -> list[dict]:
    """The lane drawn as steps: done, current, to come (investigation is entered at any point)."""
    position = LANE.index(state) if state in LANE else len(LANE)
    return [
        {"code": code, "label": PERSON.state_label(code), "done": i < position, "current": code == state}
        for i, code in enumerate(LANE)
    ]


def person_page(person: InjuredPerson, user) -> dict:
    from .fast_track import person_section as fast_track_section

    follow_ups = list(FollowUp.objects.filter(person=person).select_related("by").order_by("-submitted_at"))
    reviews = list(
        Review.objects.filter(person=person)
        .select_related("decided_by", "submitted_by")
        .order_by("-submitted_at")
    )
    investigation = (
        Investigation.objects.filter(person=person).prefetch_related("findings", "attachments").first()
    )
    bills = list(
        person.bills.select_related("scan", "review").prefetch_related("lines").order_by("issued_on")
    )
    return {
        "person": person,
        "diagram": investigation_diagram(investigation),
        "actions": PERSON.actions_for(user, person),
        "follow_ups": follow_ups,
        "reviews": reviews,
        "investigation": investigation,
        "bills": bills,
        "estimates": list(person.estimates.select_related("by")[:10]),
        "timeline": timeline_for(person),
        "messages_sent": messages_about(person),
        "red_flags": red_flags(person),
        "totals": bill_totals(bills),
        **fast_track_section(person, user),
        **mediation_selectors.person_section(person, user),  # 人伤调解 (issue 11)
        **_litigation_section(person, user),  # 人伤涉诉 (selectors.litigation)
        **guarantee_person_section(person, user),  # the medical-fee guarantee (seed 000)
    }


def investigation_diagram(investigation) -> list[dict]:
    """Seed 001 p32: "实现了调查任务流程图中的可视化" — the six sections as nodes, each done, not applicable or open."""
    from ..choices import InvestigationSection

    if investigation is None:
        return []
    status = {f.section: f.status for f in investigation.findings.all()}
    return [
        {"code": code, "label": label, "status": status.get(code, ""), "x": 50 + i * 100}
        for i, (code, label) in enumerate(InvestigationSection.choices)
    ]


def bill_totals(bills) -> list[dict]:
    """Totals by 医保 category: claimed and approved."""
    from ..choices import InsuranceCategory

    rows: dict[str, dict] = {}
    for bill in bills:
        for line in bill.lines.all():
            row = rows.setdefault(
                line.category,
                {
                    "category": InsuranceCategory(line.category).label
                    if line.category in InsuranceCategory.values
                    else line.category,
                    "claimed": Decimal("0"),
                    "approved": Decimal("0"),
                },
            )
            row["claimed"] += line.amount_claimed
            row["approved"] += line.amount_approved or Decimal("0")
    return list(rows.values())


# --- red flags --------------------------------------------------------------------------------------------------
DEFAULT_THRESHOLDS = rf.Thresholds(
    lookback_days=730, estimate_jump_share=Decimal("0.50")
)  # when no row exists


def red_flag_thresholds(day) -> rf.Thresholds:
    row = RedFlagThresholds.in_force(day)
    if row is None:
        return DEFAULT_THRESHOLDS
    return rf.Thresholds(lookback_days=row.lookback_days, estimate_jump_share=row.estimate_jump_share)


def red_flags(person: InjuredPerson) -> list[str]:
    """The facts of the red flags (injury_claims.red_flags) gathered for one person: a few queries."""
    import datetime

    from django.utils import timezone

    from hospitals.selectors import in_network, network_hospital_names

    today = timezone.localdate()
    thresholds = red_flag_thresholds(today)
    since = timezone.now() - datetime.timedelta(days=thresholds.lookback_days)
    same = Q()
    # Every key's hash, so a person not yet re-hashed by rotate_pii_keys is still recognised.
    if person.id_hash:
        same |= Q(id_hash__in=blind_indexes(person.id_number))
    if person.mobile_hash:
        same |= Q(mobile_hash__in=blind_indexes(person.mobile))
    others = []
    if same:
        others = [
            rf.OtherClaim(report_no=other.claim.report_no, added_on=timezone.localdate(other.created_at))
            for other in InjuredPerson.objects.filter(same, created_at__gte=since)
            .exclude(claim_id=person.claim_id)
            .select_related("claim")
            .order_by("-created_at")[:5]
        ]
    estimates = list(
        person.follow_ups.order_by("-submitted_at").values_list("estimate_before", "estimate_after")[:5]
    )
    hospital = person.hospital_label
    in_net = bool(person.hospital_id) and in_network(person.hospital_id, today)
    city = person.hospital.city if person.hospital_id else person.claim.city
    nearby = network_hospital_names(city, today) if hospital and not in_net else []
    facts = rf.Facts(
        today=today,
        same_identity=others,
        estimates=estimates,
        hospital=hospital,
        hospital_in_network=in_net,
        city=city,
        network_nearby=[name for name in nearby if name != hospital],
    )
    return rf.red_flags(facts, thresholds)


# --- reviews ----------------------------------------------------------------------------------------------------
def may_see_review_queue(user) -> bool:
    return bool(can_view_claims(user) and user.has_role(*ALL_REVIEWER_ROLES))


QUEUE_ORDERS = {"age": ("submitted_at", "pk"), "amount": ("-amount", "submitted_at", "pk")}


def review_queue(user, *, order: str = "age") -> QuerySet[Review]:
    """The pending reviews this person may take, oldest first (or largest first): within their authority for
    each kind (the branch's matrix), in their scope, not their own; HQ reviewers see what went above every
    ceiling."""
    ordering = QUEUE_ORDERS.get(order, QUEUE_ORDERS["age"])
    pending = Review.objects.filter(state=ReviewState.PENDING).select_related(
        "person", "person__claim", "person__category", "org", "submitted_by"
    )
    if not user.is_authenticated or not user.has_role(*ALL_REVIEWER_ROLES):
        return pending.none()
    kinds = [kind for kind in ReviewKind.values if user.has_role(*reviewer_roles(kind))]
    scope = scope_for(user)
    if scope.is_hq:
        return (
            pending.filter(routed_to_hq=True, kind__in=kinds).exclude(submitted_by=user).order_by(*ordering)
        )
    branch = user.org.secondary if user.org else None
    if branch is None:
        return pending.none()
    within = Q(pk__in=[])
    for kind in kinds:
        level = user.authority_level(kind)
        if level is None:
            continue
        ceiling = (
            AuthorityCeiling.objects.filter(org=branch, kind=kind, level=level)
            .values_list("ceiling", flat=True)
            .first()
        )
        if ceiling is not None:
            within |= Q(kind=kind, amount__lte=ceiling)
    return (
        scope.filter(pending)
        .filter(within, routed_to_hq=False)
        .exclude(submitted_by=user)
        .exclude(kind=ReviewKind.COST, bills__by=user)  # a NOT EXISTS: no join, no duplicate rows
        .order_by(*ordering)
    )


def get_review_for_user(user, pk: int) -> Review:
    """A review is readable by whoever reads its person's claim; taking it is the workflow's permission."""
    if not can_view_claims(user):
        raise Http404
    review = get_object_or_404(
        Review.objects.select_related("person", "person__claim", "person__category", "org", "follow_up"),
        pk=pk,
    )
    if not scope_for(user).covers(review.org_id) and not (review.routed_to_hq and scope_for(user).is_hq):
        raise Http404
    return review


def review_page(review: Review, user) -> dict:
    bills = list(review.bills.select_related("scan").prefetch_related("lines"))
    settlement = calculation = None
    if review.kind == ReviewKind.SETTLEMENT:  # 核赔 reads the calculation it approves, adjustments first
        settlement = getattr(review.person, "settlement", None)
        calculation = settlement.latest_calculation() if settlement else None
    return {
        "review": review,
        "settlement": settlement,
        "calculation": calculation,
        "adjusted": [row for row in calculation.items if row.get("adjusted")] if calculation else [],
        "actions": REVIEW_WORKFLOW.actions_for(user, review),
        "bills": bills,
        "totals": bill_totals(bills),
        "red_flags": red_flags(review.person),
        "timeline": timeline_for(review),
        **mediation_selectors.review_section(review),  # the plan a mediation-plan review decides
    }


def get_attachment_for_user(user, pk: int) -> Attachment:
    if not can_view_claims(user):
        raise Http404
    attachment = get_object_or_404(Attachment.objects.select_related("person"), pk=pk)
    if not scope_for(user).covers(attachment.person.org_id):
        raise Http404
    return attachment
