"""Who may do what in the green channel (django-rules predicates shared by views, templates and transitions)."""

from __future__ import annotations

import rules

from organization.roles import Role
from organization.scoping import scope_for


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.org_id)


# --- hospital-deposit advance (住院费用垫付, issue 12 point 6) -----------------------------------------------------
@rules.predicate
def can_work_deposits(user, obj=None) -> bool:
    """A green-channel agent of the record's org unit (or above): a policy, or a deposit advance of one. Everyone
    else — other branches, other roles — sees nothing of it (404)."""
    if not _active(user) or not user.has_role(Role.GREEN_CHANNEL_AGENT):
        return False
    return obj is None or scope_for(user).covers(obj.org_id)


# --- end of the deposit-advance section ----------------------------------------------------------------------------
