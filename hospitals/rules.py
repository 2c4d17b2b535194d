"""Who may do what with the hospital network (django-rules predicates, shared by views, templates, transitions).

Branch claims staff work their own branch's hospitals; branch managers read them; HQ network approvers decide
submissions and see every branch; everyone else sees nothing (404).
"""

from __future__ import annotations

import rules

from organization.models import OrgUnit
from organization.roles import Role

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


def _branch_of(obj):
    """The secondary org an object of the network belongs to (hospital, cooperation, activity record)."""
    if obj is None:
        return None
    org_id = getattr(obj, "org_id", None)
    if org_id is None and hasattr(obj, "cooperation"):
        org_id = obj.cooperation.org_id
    return org_id


def _own_branch(user, obj) -> bool:
    secondary = user.org.secondary
    return secondary is not None and _branch_of(obj) == secondary.pk


@rules.predicate
def can_view_network(user, obj=None) -> bool:
    if not _active(user) or not user.has_role(*READERS):
        return False
    if obj is None or user.org.level == OrgUnit.Level.HQ:
        return True
    return _own_branch(user, obj)


@rules.predicate
def can_work_network(user, obj=None) -> bool:
    """Edit hospitals, take the branch's pipeline transitions, record maintenance and activity."""
    if not _active(user) or not user.has_role(*BRANCH_WORKERS) or user.org.level == OrgUnit.Level.HQ:
        return False
    return obj is None or _own_branch(user, obj)


@rules.predicate
def can_decide_cooperation(user, obj=None) -> bool:
    """HQ network approvers approve, return or reject submissions, and grant special approval."""
    return _active(user) and user.org.level == OrgUnit.Level.HQ and user.has_role(Role.HQ_NETWORK_APPROVER)


rules.add_perm("hospitals.view_network", can_view_network)
rules.add_perm("hospitals.work_cooperation", can_work_network)
rules.add_perm("hospitals.decide_cooperation", can_decide_cooperation)
