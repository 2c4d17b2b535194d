"""Permission predicates for the organisation app (django-rules)."""

import rules

from .models import OrgUnit
from .roles import Role


def _in_scope(user, org: OrgUnit | None) -> bool:
    if org is None or user.org is None:
        return False
    if user.org.level == OrgUnit.Level.HQ:
        return True
    if user.org.level == OrgUnit.Level.SECONDARY:
        return org.pk == user.org.pk or org.parent_id == user.org.pk
    return org.pk == user.org.pk


@rules.predicate
def can_issue_mediator_letter(user, member) -> bool:
    """The branch claims head or an administrator of the mediator's org (or above) prints the authorisation."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_role(Role.BRANCH_CLAIMS_HEAD, Role.ADMINISTRATOR)
        and (member is None or _in_scope(user, member.org))
    )


rules.add_perm("organization.issue_mediator_letter", can_issue_mediator_letter)
