"""Who may do what with the annual assessment (django-rules predicates, shared by views, templates, transitions,
the navigation and the document registry).

Seed 000: "考核人:平安产险总公司车险/意健险理赔部; 被考核人:各机构协作医院设立及维护的第一责任人及第二责任人". The assessor
is HQ's claims department (its network staff, the HQ network approvers): it edits the rubric, opens the year, draws
the samples, runs the surveys, resolves disputes, adjusts and finalises. The assessed — the branch's claims head
and its medical-review room head — read their own scorecard, explain and dispute items and confirm the draft. The
branch manager reads the branch's scorecard. Everyone else, and another branch, sees nothing (404). The branch
never draws or calls its own sample: the assessed do not choose who assesses them.
"""

from __future__ import annotations

import rules

from organization.roles import Role
from organization.scoping import scope_for

ASSESSED = frozenset({Role.BRANCH_CLAIMS_HEAD, Role.MEDICAL_REVIEW_HEAD})
BRANCH_READERS = frozenset({*ASSESSED, Role.BRANCH_MANAGER})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.org_id)


@rules.predicate
def can_assess(user, obj=None) -> bool:
    """HQ's claims department: every assessment step, every branch."""
    return _active(user) and user.has_role(Role.HQ_NETWORK_APPROVER) and scope_for(user).is_hq


def _branch(user, obj, roles) -> bool:
    if not _active(user) or not user.has_role(*roles):
        return False
    scope = scope_for(user)
    if scope.is_hq or scope.is_empty:
        return False
    if obj is None:
        return True
    org_id = getattr(obj, "org_id", None)
    if org_id is None and hasattr(obj, "scorecard"):
        org_id = obj.scorecard.org_id
    return scope.covers(org_id)


@rules.predicate
def can_view_scoring(user, obj=None) -> bool:
    """Read a scorecard (HQ: all; the branch's responsible persons and manager: their own branch's)."""
    return can_assess(user, obj) or _branch(user, obj, BRANCH_READERS)


@rules.predicate
def can_answer_scorecard(user, obj=None) -> bool:
    """Explain, dispute or confirm the branch's draft: the assessed, the first and second responsible persons."""
    return _branch(user, obj, ASSESSED)
