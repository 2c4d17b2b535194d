"""The one scoping primitive: which org units' records a person may read and act for.

Every ``visible_to`` queryset method, every permission predicate that asks "is this record in the person's part of
the company?", every fetch helper and every list uses :func:`scope_for`. Nothing else compares org levels to decide
visibility.

The rule (DESIGN.md "Permissions"; seed 000 makes the secondary org responsible for its hospital network):

* **HQ** staff: every org unit.
* **Branch** (secondary org) staff: the branch and its sub-branches.
* **Sub-branch** (tertiary org) staff: their sub-branch and the branch above it, never a sibling sub-branch. The
  branch's own records are shared by its sub-branches: the hospital network belongs to the branch (seed 000:
  "各二级机构协作医院设立及维护的第一责任人为车险意健险理赔部负责人") and its staff in every city send injured people to
  those hospitals, maintain them and print their agreements.
* Nobody else (anonymous, inactive, no org): nothing.

Reading and acting cover the same org units. What a person may *do* inside their scope is decided by the role
predicates of each app (``<app>/rules.py``): a green-channel agent of the branch is in scope for the branch's
hospitals but reads none of them, because the network's predicates admit only network roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import OrgUnit

_CACHE_ATTR = "_org_scope"


@dataclass(frozen=True)
class OrgScope:
    """The org units a person's scope covers. ``org_ids`` is None for HQ (every org unit)."""

    org_ids: frozenset[int] | None
    is_hq: bool = False
    branch_id: int | None = None  # the person's secondary org (None for HQ and for nobody)

    @property
    def is_empty(self) -> bool:
        return self.org_ids is not None and not self.org_ids

    def covers(self, org_id: int | None) -> bool:
        """Is a record of this org unit in scope?"""
        if org_id is None:
            return False
        return self.org_ids is None or org_id in self.org_ids

    def q(self, field: str = "org") -> Q:
        """A filter on ``<field>_id`` for querysets of records that belong to an org unit."""
        if self.org_ids is None:
            return Q()
        return Q(**{f"{field}__in": sorted(self.org_ids)})

    def filter(self, queryset: QuerySet, field: str = "org") -> QuerySet:
        if self.is_empty:
            return queryset.none()
        return queryset.filter(self.q(field))


NOBODY = OrgScope(frozenset())


def scope_for(user) -> OrgScope:
    """The person's scope, computed once per user object (one small query for branch staff, none otherwise)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = user.__dict__.get(_CACHE_ATTR)
    if cached is not None and cached[0] == user.org_id:
        return cached[1]
    scope = _compute(user.org)
    user.__dict__[_CACHE_ATTR] = (user.org_id, scope)
    return scope


def _compute(org: OrgUnit | None) -> OrgScope:
    if org is None or not org.is_active:
        return NOBODY
    if org.level == OrgUnit.Level.HQ:
        return OrgScope(None, is_hq=True)
    if org.level == OrgUnit.Level.SECONDARY:
        children = OrgUnit.objects.filter(parent_id=org.pk).values_list("pk", flat=True)
        return OrgScope(frozenset([org.pk, *children]), branch_id=org.pk)
    return OrgScope(frozenset([org.pk, org.parent_id]), branch_id=org.parent_id)


def is_hq(user) -> bool:
    """Staff of the head office (the only ones who approve network submissions, administer calendars …)."""
    return scope_for(user).is_hq
