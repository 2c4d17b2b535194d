"""Who may do what with the hospital network (django-rules predicates, shared by views, templates, transitions,
the navigation and the document registry).

Branch network staff work their branch's hospitals (sub-branch staff included: the network is the branch's shared
record, organization.scoping's ``shares``); branch managers read them; HQ network approvers decide submissions and see every branch;
everyone else sees nothing (404).
"""

from __future__ import annotations

import rules

from organization.roles import Role
from organization.scoping import scope_for

BRANCH_WORKERS = frozenset(
    {
        Role.BRANCH_CLAIMS_HEAD,
        Role.MEDICAL_REVIEW_HEAD,
        Role.CLAIMS_ADJUSTER,
        Role.INJURY_FOLLOW_UP,
        Role.MEDICAL_REVIEWER,
        Role.ADMINISTRATOR,
    }
)
READERS = frozenset({*BRANCH_WORKERS, Role.BRANCH_MANAGER, Role.HQ_NETWORK_APPROVER})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.org_id)


def branch_of(obj) -> int | None:
    """The secondary org a record of the network belongs to (hospital, cooperation, agreement, activity)."""
    if obj is None:
        return None
    org_id = getattr(obj, "org_id", None)
    if org_id is None and hasattr(obj, "cooperation"):
        org_id = obj.cooperation.org_id
    return org_id


@rules.predicate
def can_view_network(user, obj=None) -> bool:
    if not _active(user) or not user.has_role(*READERS):
        return False
    scope = scope_for(user)
    return not scope.is_empty and (obj is None or scope.shares(branch_of(obj)))


@rules.predicate
def can_work_network(user, obj=None) -> bool:
    """Edit hospitals, take the branch's pipeline steps, record maintenance and activity."""
    if not _active(user) or not user.has_role(*BRANCH_WORKERS):
        return False
    scope = scope_for(user)
    if scope.is_hq or scope.is_empty:
        return False
    return obj is None or scope.shares(branch_of(obj))


@rules.predicate
def can_decide_cooperation(user, obj=None) -> bool:
    """HQ network approvers approve, return or reject submissions, grant special approval, review deviations."""
    return _active(user) and scope_for(user).is_hq and user.has_role(Role.HQ_NETWORK_APPROVER)


rules.add_perm("hospitals.view_network", can_view_network)
rules.add_perm("hospitals.work_cooperation", can_work_network)
rules.add_perm("hospitals.decide_cooperation", can_decide_cooperation)
