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
