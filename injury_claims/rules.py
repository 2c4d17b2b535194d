"""Who may do what in the injury-claims app (django-rules predicates shared by views, templates and registries).

Mediation (seed 001, 人伤调解): "调解员必须经过培训并经省级公司授权" — mediators are trained and authorised by the
province, and the branch's claims head (or an administrator) prints the authorisation letter.
"""

from __future__ import annotations

import rules

from organization.roles import Role
from organization.scoping import scope_for

LETTER_ISSUERS = frozenset({Role.BRANCH_CLAIMS_HEAD, Role.ADMINISTRATOR})
# Who reads the register of mediators: the issuers, the branch's managers and the medical reviewers who approve
# mediation plans.
MEDIATOR_READERS = frozenset(
    {*LETTER_ISSUERS, Role.MEDICAL_REVIEW_HEAD, Role.MEDICAL_REVIEWER, Role.BRANCH_MANAGER}
)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.org_id)


@rules.predicate
def can_view_mediators(user, member=None) -> bool:
    if not _active(user) or not user.has_role(*MEDIATOR_READERS):
        return False
    return member is None or scope_for(user).covers(member.org_id)


@rules.predicate
def can_issue_mediator_letter(user, member=None) -> bool:
    """The branch claims head or an administrator of the mediator's org (or above) prints the authorisation."""
    if not _active(user) or not user.has_role(*LETTER_ISSUERS):
        return False
    return member is None or scope_for(user).covers(member.org_id)


def can_read_mediator_letter(user, member) -> bool:
    """A mediator's authorisation letter: the mediator, and whoever may print it. Not every branch user."""
    return _active(user) and (user.pk == member.pk or can_issue_mediator_letter(user, member))


rules.add_perm("injury_claims.view_mediators", can_view_mediators)
rules.add_perm("injury_claims.issue_mediator_letter", can_issue_mediator_letter)
