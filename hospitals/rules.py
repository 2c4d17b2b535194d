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
# The first and second responsible persons of a branch's network (seed 000, 协作医院设立及维护的责任人): "第一责任人
# 为车险意健险理赔部负责人…该室负责人为本机构协作医院设立及维护的第二责任人". They evaluate, renew and terminate.
STEWARDS = frozenset({Role.BRANCH_CLAIMS_HEAD, Role.MEDICAL_REVIEW_HEAD})
READERS = frozenset({*BRANCH_WORKERS, Role.BRANCH_MANAGER, Role.HQ_NETWORK_APPROVER, Role.LEGAL_POST})


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
    return _branch_role(user, obj, BRANCH_WORKERS)


def _branch_role(user, obj, roles) -> bool:
    if not _active(user) or not user.has_role(*roles):
        return False
    scope = scope_for(user)
    if scope.is_hq or scope.is_empty:
        return False
    return obj is None or scope.shares(branch_of(obj))


@rules.predicate
def can_evaluate_cooperation(user, obj=None) -> bool:
    """Record the annual evaluation of the branch's hospitals: the first and second responsible persons."""
    return _branch_role(user, obj, STEWARDS)


@rules.predicate
def can_steward_cooperation(user, obj=None) -> bool:
    """Renew or terminate a cooperation: the branch's first and second responsible persons, and HQ."""
    return _branch_role(user, obj, STEWARDS) or can_decide_cooperation(user, obj)


@rules.predicate
def can_review_legal(user, obj=None) -> bool:
    """The branch's legal post 法律岗 reviews a change to the standard agreement text (seed 000: "如需对…样本内容进行
    修改，必须报本机构法律岗及总公司车险/意健险理赔部审核同意")."""
    return _branch_role(user, obj, {Role.LEGAL_POST})


@rules.predicate
def can_decide_cooperation(user, obj=None) -> bool:
    """HQ network approvers approve, return or reject submissions, grant special approval, review deviations."""
    return _active(user) and scope_for(user).is_hq and user.has_role(Role.HQ_NETWORK_APPROVER)


rules.add_perm("hospitals.view_network", can_view_network)
rules.add_perm("hospitals.work_cooperation", can_work_network)
rules.add_perm("hospitals.decide_cooperation", can_decide_cooperation)
rules.add_perm("hospitals.evaluate_cooperation", can_evaluate_cooperation)
rules.add_perm("hospitals.steward_cooperation", can_steward_cooperation)
rules.add_perm("hospitals.review_legal", can_review_legal)
