"""Read side of the injury-claims app."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from organization.models import User
from organization.roles import Role
from organization.scoping import scope_for

from ..rules import can_view_mediators


def mediators_for(user) -> QuerySet[User]:
    """Everyone in the person's scope who holds the mediator role or an authorisation (valid or lapsed)."""
    if not can_view_mediators(user):
        return User.objects.none()
    people = User.objects.filter(is_active=True).filter(
        Q(groups__name=Role.MEDIATOR) | Q(mediator_valid_until__isnull=False)
    )
    return scope_for(user).filter(people).select_related("org").distinct().order_by("org__code", "username")


def get_mediator_for_user(user, pk: int) -> User:
    """Not a reader of the register, or a person outside the scope: 404."""
    if not can_view_mediators(user):
        raise Http404
    return get_object_or_404(mediators_for(user), pk=pk)
