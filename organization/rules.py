"""Permission predicates for the organisation app (django-rules)."""

import rules

from .scoping import scope_for


@rules.predicate
def can_view_org(user, org=None) -> bool:
    """Every member of staff reads the org units in their scope (the tree, staff lists, authority matrices)."""
    scope = scope_for(user)
    return not scope.is_empty and (org is None or scope.covers(org.pk))


rules.add_perm("organization.view_org", can_view_org)
