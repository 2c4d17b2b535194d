"""Read side of the hospital network: permission-checked fetches and the querysets behind the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Cooperation, Hospital
from .rules import can_view_network, can_work_network


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


# --- registry (hospital list, export, imports) ----------------------------------------------------------------
def hospitals_for_list(
    user,
    *,
    city: str = "",
    grade: str = "",
    nature: str = "",
    state: str = "",
    expiring_within: int | None = None,
    q: str = "",
):
    """The registry behind the list page and the export: one query however many rows.

    Each hospital carries `coop_state` (its cooperation with the branch that maintains it) and `agreement_end`
    (the latest term end of that cooperation's agreements). `state="none"` means no cooperation yet.
    """
    import datetime

    from django.db.models import OuterRef, Q, Subquery
    from django.utils import timezone

    from .models import Agreement

    cooperation = Cooperation.objects.filter(hospital=OuterRef("pk"), org=OuterRef("org"))
    agreements = Agreement.objects.filter(
        cooperation__hospital=OuterRef("pk"), cooperation__org=OuterRef("org")
    ).order_by("-term_end")
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
    if q:
        hospitals = hospitals.filter(Q(name__icontains=q) | Q(aliases__icontains=q) | Q(address__icontains=q))
    return hospitals


def hospital_cities(user) -> list[str]:
    """The cities of the hospitals the user can see, for the list filter."""
    return list(Hospital.objects.visible_to(user).order_by("city").values_list("city", flat=True).distinct())


def get_import_for_user(user, pk: int):
    """An import is seen by its uploader and the uploader's branch; anyone else gets 404."""
    from django.db.models import Q

    from .models import HospitalImport

    require_network_reader(user)
    branch = user.org.secondary
    mine = Q(created_by=user) | Q(org=branch) if branch is not None else Q(created_by=user)
    return get_object_or_404(HospitalImport.objects.filter(mine).select_related("created_by"), pk=pk)
