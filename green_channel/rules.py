"""Who may do what in the green channel (django-rules predicates shared by views, templates and the menu).

Products and their network lists are the company's reference data: green-channel agents of any org, HQ staff and
administrators read them. HQ administers them (issue 12: "HQ administers" products): an HQ administrator or HQ
green-channel agent imports a network list and decides its unmatched rows. A branch's agent reads (the page is
theirs) but may not import or decide: 403.
"""

from __future__ import annotations

import rules

from organization.roles import Role
from organization.scoping import scope_for

PRODUCT_READER_ROLES = frozenset({Role.GREEN_CHANNEL_AGENT, Role.ADMINISTRATOR})
NETWORK_MANAGER_ROLES = frozenset({Role.GREEN_CHANNEL_AGENT, Role.ADMINISTRATOR})


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.org_id)


@rules.predicate
def can_view_products(user) -> bool:
    if not _active(user):
        return False
    return user.has_role(*PRODUCT_READER_ROLES) or scope_for(user).is_hq


@rules.predicate
def can_manage_networks(user) -> bool:
    """Import a network list, decide its rows: HQ's administrators and green-channel agents."""
    return _active(user) and scope_for(user).is_hq and user.has_role(*NETWORK_MANAGER_ROLES)
