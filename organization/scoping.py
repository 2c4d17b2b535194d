"""The one scoping primitive: which org units' records a person may read and act for.

Every ``visible_to`` queryset method, every permission predicate that asks "is this record in the person's part of
the company?", every fetch helper and every list uses :func:`scope_for`. Nothing else compares org levels to decide
visibility. It answers two questions, and each kind of record asks the one that fits it:

* ``covers(org)`` — **the person's own part of the company**: HQ every org unit; branch (secondary org) staff the
  branch and its sub-branches; sub-branch (tertiary org) staff their own sub-branch. Work items (deadlines, claims,
  bookings), the org pages (staff, authority matrices), the register of mediators and their letters: a sub-branch
  never sees its branch's or a sibling's.
* ``shares(org)`` — that, **plus the branch's shared records** for sub-branch staff: the branch above them, never
  a sibling. Master data the branch keeps for all its cities asks this: the cooperating-hospital network (seed
  000: "各二级机构协作医院设立及维护的第一责任人为车险意健险理赔部负责人" — the branch is responsible for it, and its
  staff in every city send injured people to those hospitals, maintain them and print their agreements).

Reading and acting use the same answer; what a person may *do* inside it is decided by the role predicates of each
app (``<app>/rules.py``): a green-channel agent of the branch is in scope for the branch's hospitals but reads none
of them, because the network's predicates admit only network roles. Nobody else (anonymous, inactive, no org or an
inactive org) has any scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import OrgUnit

_CACHE_ATTR = "_org_scope"


@dataclass(frozen=True)
class OrgScope:
    """``org_ids``: the person's own part (None: every org unit, HQ). ``shared_ids``: that plus the branch's shared
    records (None: every org unit)."""

    org_ids: frozenset[int] | None
    shared_ids: frozenset[int] | None
    is_hq: bool = False
    branch_id: int | None = None  # the person's secondary org (None for HQ and for nobody)

    @property
    def is_empty(self) -> bool:
        return self.org_ids is not None and not self.org_ids

    def covers(self, org_id: int | None) -> bool:
        """Is a record of this org unit in the person's own part of the company?"""
        return org_id is not None and (self.org_ids is None or org_id in self.org_ids)

    def shares(self, org_id: int | None) -> bool:
        """Is a shared record of this org unit (the branch's network) in scope?"""
        return org_id is not None and (self.shared_ids is None or org_id in self.shared_ids)

    def q(self, field: str = "org", *, shared: bool = False) -> Q:
        ids = self.shared_ids if shared else self.org_ids
        if ids is None:
            return Q()
        return Q(**{f"{field}__in": sorted(ids)})

    def filter(self, queryset: QuerySet, field: str = "org", *, shared: bool = False) -> QuerySet:
        if self.is_empty:
            return queryset.none()
        return queryset.filter(self.q(field, shared=shared))


NOBODY = OrgScope(frozenset(), frozenset())


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
        return OrgScope(None, None, is_hq=True)
    if org.level == OrgUnit.Level.SECONDARY:
        own = frozenset([org.pk, *OrgUnit.objects.filter(parent_id=org.pk).values_list("pk", flat=True)])
        return OrgScope(own, own, branch_id=org.pk)
    own = frozenset([org.pk])
    parent_active = org.parent is not None and org.parent.is_active
    return OrgScope(own, own | {org.parent_id} if parent_active else own, branch_id=org.parent_id)


def is_hq(user) -> bool:
    """Staff of the head office (the only ones who approve network submissions, administer calendars …)."""
    return scope_for(user).is_hq
