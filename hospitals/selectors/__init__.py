"""Read side of the hospital network: permission-checked fetches and the querysets behind the pages.

Every list is scoped with ``visible_to`` (organization.scoping) and gated by the network's role predicates; every
page costs a constant number of queries. The hospital page is read in :mod:`.page`, HQ's desk and the board in
:mod:`.desk`; both are re-exported here.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from organization.models import OrgUnit, User
from organization.roles import Role
from organization.scoping import scope_for
from organization.selectors import responsible_persons as org_responsible_persons
from workflow.history import history_of
from workflow.models import Event

from ..activities import ActivityKind
from ..models import (
    Agreement,
    AnnualEvaluation,
    Cooperation,
    CoverageStandard,
    Hospital,
    HospitalImport,
)
from ..rules import can_view_network, can_work_network
from .assessment import (  # noqa: F401 (scoring reads them)
    hospital_evaluations,
    network_hospitals_in_year,
    network_year,
    recommendation_label,
)

MAINTENANCE_SHOWN = 20
TIMELINE_SHOWN = 50
BOARD_CARDS = 20


# --- fetch helpers ------------------------------------------------------------------------------------------------
def require_network_reader(user) -> None:
    """Pages of the network exist only for its roles: everyone else gets 404."""
    if not can_view_network(user):
        raise Http404


def get_hospital_for_user(user, pk: int, *, write: bool = False) -> Hospital:
    """Missing, another branch's, or not a network role: 404. Visible but read-only and asked to write: 403."""
    require_network_reader(user)
    hospital = get_object_or_404(Hospital.objects.visible_to(user).select_related("org"), pk=pk)
    if write and not can_work_network(user, hospital):
        raise PermissionDenied
    return hospital


def get_cooperation_for_user(user, pk: int, *, write: bool = False) -> Cooperation:
    require_network_reader(user)
    cooperation = get_object_or_404(
        Cooperation.objects.visible_to(user).select_related("hospital", "org"), pk=pk
    )
    if write and not can_work_network(user, cooperation):
        raise PermissionDenied
    return cooperation


def get_agreement_for_user(user, pk: int, *, write: bool = False) -> Agreement:
    require_network_reader(user)
    agreement = get_object_or_404(
        Agreement.objects.filter(cooperation__in=Cooperation.objects.visible_to(user)).select_related(
            "cooperation", "cooperation__hospital", "cooperation__org"
        ),
        pk=pk,
    )
    if write and not can_work_network(user, agreement.cooperation):
        raise PermissionDenied
    return agreement


def get_evaluation_for_user(user, pk: int) -> AnnualEvaluation:
    require_network_reader(user)
    return get_object_or_404(
        AnnualEvaluation.objects.visible_to(user).select_related(
            "cooperation", "cooperation__hospital", "org"
        ),
        pk=pk,
    )


def get_secondary_for_user(user, pk: int) -> OrgUnit:
    """A secondary org whose coverage the user may read: one in their scope (HQ any, branch staff their own)."""
    require_network_reader(user)
    return get_object_or_404(
        scope_for(user).filter(OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY), "pk", shared=True),
        pk=pk,
    )


def coverage_standard_history() -> list[dict]:
    """Who changed the coverage standard and how (HQ administers it; every network reader sees it)."""
    return history_of(CoverageStandard.history.all(), limit=10)


def get_import_for_user(user, pk: int) -> HospitalImport:
    """An import is seen by its uploader and the uploader's branch; anyone else gets 404."""
    require_network_reader(user)
    branch = user.org.secondary
    mine = Q(created_by=user) | Q(org=branch) if branch is not None else Q(created_by=user)
    return get_object_or_404(HospitalImport.objects.filter(mine).select_related("created_by"), pk=pk)


def recent_imports(user, limit: int = 10) -> list[HospitalImport]:
    branch = user.org.secondary if user.org else None
    if branch is None:
        return []
    return list(HospitalImport.objects.filter(org=branch).select_related("created_by")[:limit])


# --- people -----------------------------------------------------------------------------------------------------
def responsible_persons(org: OrgUnit) -> list[User]:
    """The branch's first and second responsible persons: the default recipients of network reminders."""
    people = org_responsible_persons(org)
    return people["first"] + people["second"]


def hq_approvers() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, org__level=OrgUnit.Level.HQ, groups__name=Role.HQ_NETWORK_APPROVER
        )
        .distinct()
        .order_by("pk")
    )


# --- registry (hospital list, export) -----------------------------------------------------------------------------
def hospitals_for_list(
    user,
    *,
    city: str = "",
    grade: str = "",
    nature: str = "",
    state: str = "",
    expiring_within: int | None = None,
    filing: str = "",
    q: str = "",
):
    """The registry behind the list page and the export: one query however many rows.

    Each hospital carries `coop_state` (its newest cooperation with the branch that maintains it: a hospital may
    come back after a rejection, termination or expiry) and `agreement_end` (the latest term end of that
    cooperation's agreements). `state="none"` means no cooperation yet; `filing="unfiled"` keeps the hospitals
    with a signed version not yet filed with HQ.
    """
    cooperation = Cooperation.objects.filter(hospital=OuterRef("pk"), org=OuterRef("org")).order_by(
        "-created_at", "-pk"
    )
    newest = Cooperation.objects.filter(
        hospital=OuterRef(OuterRef("pk")), org=OuterRef(OuterRef("org"))
    ).order_by("-created_at", "-pk")
    agreements = Agreement.objects.filter(cooperation=Subquery(newest.values("pk")[:1])).order_by("-term_end")
    hospitals = (
        Hospital.objects.visible_to(user)
        .select_related("org")
        .annotate(
            coop_state=Subquery(cooperation.values("state")[:1]),
            agreement_end=Subquery(agreements.values("term_end")[:1]),
        )
        .order_by("city", "name", "pk")
    )
    if city:
        hospitals = hospitals.filter(city=city)
    if grade:
        hospitals = hospitals.filter(grade=grade)
    if nature:
        hospitals = hospitals.filter(nature=nature)
    if state == "none":
        hospitals = hospitals.filter(coop_state__isnull=True)
    elif state:
        # The semi-join narrows to hospitals with a cooperation in that state before the per-row subquery runs.
        hospitals = hospitals.filter(
            pk__in=Cooperation.objects.filter(state=state).values("hospital_id"), coop_state=state
        )
    if expiring_within:
        today = timezone.localdate()
        window = (today, today + datetime.timedelta(days=expiring_within))
        # Same here, through the index on the agreements' end date.
        hospitals = hospitals.filter(
            pk__in=Agreement.objects.filter(term_end__range=window).values("cooperation__hospital_id"),
            agreement_end__range=window,
        )
    if filing == "unfiled":
        hospitals = hospitals.filter(
            pk__in=Agreement.objects.filter(signed_on__isnull=False, filed_with_hq_on__isnull=True)
            .exclude(cooperation__state__in=Cooperation.FINAL)
            .values("cooperation__hospital_id")
        )
    if q:
        hospitals = hospitals.filter(Q(name__icontains=q) | Q(aliases__icontains=q) | Q(address__icontains=q))
    return hospitals


def hospital_cities(user) -> list[str]:
    """The cities of the hospitals the user can see, for the list filter."""
    return list(Hospital.objects.visible_to(user).order_by("city").values_list("city", flat=True).distinct())


# --- activity records -----------------------------------------------------------------------------------------------
def activity_records(user, kind: ActivityKind, *, year: int, branch: OrgUnit | None) -> models.QuerySet:
    """One kind of record in one year: the person's scope, narrowed to one branch when HQ filters."""
    records = scope_for(user).filter(kind.records(year), "org", shared=True)
    if branch is not None:
        records = records.filter(org=branch)
    return records.select_related("hospital", "org")


# --- the change feed ------------------------------------------------------------------------------------------------
def network_events(user, *, branch: OrgUnit | None = None, verb: str = "") -> models.QuerySet:
    """Every event on the network records the person may see (an event is visible exactly when its record is),
    newest first; narrowed to one branch and one kind of event when asked."""
    hospitals = Hospital.objects.visible_to(user)
    cooperations = Cooperation.objects.visible_to(user)
    if branch is not None:
        hospitals, cooperations = hospitals.filter(org=branch), cooperations.filter(org=branch)
    agreements = Agreement.objects.filter(cooperation__in=cooperations)
    evaluations = AnnualEvaluation.objects.filter(cooperation__in=cooperations)
    events = Event.objects.of(hospitals, cooperations, agreements, evaluations)
    if verb:
        events = events.filter(verb=verb)
    return events.select_related("org", "actor").order_by("-created_at", "-pk")


def network_event_verbs(user) -> list[str]:
    """The kinds of event the person's feed holds, for its filter."""
    events = network_events(user).order_by().values_list("verb", flat=True).distinct()
    return sorted(set(events))


SUBJECT_HOSPITAL = {
    Hospital: ("id", "name"),
    Cooperation: ("hospital_id", "hospital__name"),
    Agreement: ("cooperation__hospital_id", "cooperation__hospital__name"),
    AnnualEvaluation: ("cooperation__hospital_id", "cooperation__hospital__name"),
}


def hospitals_by_subject(events) -> dict[tuple[int, int], dict]:
    """(content type id, object id) → {"pk", "name"} of the hospital, one query per kind of subject on the page."""
    from django.contrib.contenttypes.models import ContentType

    ids: dict[int, set[int]] = {}
    for event in events:
        ids.setdefault(event.content_type_id, set()).add(event.object_id)
    found: dict[tuple[int, int], dict] = {}
    for ct_id, object_ids in ids.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model not in SUBJECT_HOSPITAL:
            continue
        rows = model._default_manager.filter(pk__in=object_ids).values_list("pk", *SUBJECT_HOSPITAL[model])
        for pk, hospital_pk, name in rows:
            found[ct_id, pk] = {"pk": hospital_pk, "name": name}
    return found


# The hospital page and HQ's desk read through the helpers above.
from .desk import (  # noqa: E402
    approvals_queue,
    board_columns,
    hq_desk,
    pending_evaluations,
    pending_function_approvals,
    unfiled_agreements,
)
from .page import (  # noqa: E402
    agreement_draft,
    current_cooperation,
    hospital_page,
    maintenance_of,
    master_data_history,
    past_cooperations,
    timeline,
)

__all__ = [
    "activity_records",
    "agreement_draft",
    "approvals_queue",
    "board_columns",
    "coverage_standard_history",
    "current_cooperation",
    "get_agreement_for_user",
    "get_cooperation_for_user",
    "get_evaluation_for_user",
    "get_hospital_for_user",
    "get_import_for_user",
    "get_secondary_for_user",
    "hospital_cities",
    "hospital_page",
    "hospitals_by_subject",
    "hospitals_for_list",
    "hq_approvers",
    "hq_desk",
    "maintenance_of",
    "master_data_history",
    "network_event_verbs",
    "network_events",
    "past_cooperations",
    "pending_evaluations",
    "pending_function_approvals",
    "recent_imports",
    "require_network_reader",
    "responsible_persons",
    "timeline",
    "unfiled_agreements",
]


def network_hospital_names(city: str, day: datetime.date, *, limit: int = 10) -> list[str]:
    """Names of the hospitals in the cooperating network on ``day`` in ``city`` (any branch's network): other apps
    ask this (an injured person's red flag: "treated outside the network while a network hospital was near")."""
    if not city:
        return []
    return list(
        Hospital.objects.filter(city=city, cooperations__in=Cooperation.objects.in_network_on(day))
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)[:limit]
    )


def in_network(hospital_id: int, day: datetime.date) -> bool:
    return Cooperation.objects.in_network_on(day).filter(hospital_id=hospital_id).exists()
