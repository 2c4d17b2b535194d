"""Who may do what in the green channel (django-rules predicates shared by views, templates and transitions).

# Bookings
Green-channel agents work the bookings of their part of the company (``scope_for(user).covers``): they record
requests, review eligibility, accept or decline, cancel. Vendor staff (role ``green_channel_vendor`` and a
``VendorStaff`` link; no org unit) see and update only the bookings handed to their vendor: they propose experts,
record the customer's choice, confirm the appointment, record the outcome and the satisfaction call — the arranging
the manuals give the vendor ("由好人生提供服务"). Anyone else sees no booking at all (404).

# Products and network lists
Products and their network lists are the company's reference data: green-channel agents of any org, HQ staff and
administrators read them. HQ administers them (issue 12: "HQ administers" products): an HQ administrator or HQ
green-channel agent imports a network list and decides its unmatched rows. A branch's agent reads (the page is
theirs) but may not import or decide: 403.
"""

from __future__ import annotations

import rules

from organization.roles import Role
from organization.scoping import scope_for


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def vendor_of(user) -> int | None:
    """The vendor a member of vendor staff works for (None for everyone else)."""
    if not _active(user) or not user.has_role(Role.GREEN_CHANNEL_VENDOR):
        return None
    cached = user.__dict__.get("_gc_vendor")
    if cached is None:
        from .models import VendorStaff

        link = VendorStaff.objects.filter(user=user).values_list("vendor_id", flat=True).first()
        cached = user.__dict__["_gc_vendor"] = (link,)
    return cached[0]


def is_agent(user) -> bool:
    return _active(user) and bool(user.org_id) and user.has_role(Role.GREEN_CHANNEL_AGENT)


@rules.predicate
def can_work_bookings(user) -> bool:
    """Sees the booking pages at all: an agent, or vendor staff linked to a vendor."""
    return is_agent(user) or vendor_of(user) is not None


@rules.predicate
def can_see_booking(user, booking) -> bool:
    vendor = vendor_of(user)
    if vendor is not None:
        return booking.vendor_id == vendor
    return is_agent(user) and scope_for(user).covers(booking.org_id)


@rules.predicate
def can_review_booking(user, booking=None) -> bool:
    """The insurer's agent: requests, the review, the decision, the cancellation."""
    if not is_agent(user):
        return False
    return booking is None or scope_for(user).covers(booking.org_id)


@rules.predicate
def can_arrange_booking(user, booking=None) -> bool:
    """The arranging: the agent of the booking's org, or the vendor it was handed to."""
    vendor = vendor_of(user)
    if vendor is not None:
        return booking is None or booking.vendor_id == vendor
    return can_review_booking(user, booking)


# --- hospital-deposit advance (住院费用垫付, issue 12 point 6) -----------------------------------------------------
@rules.predicate
def can_work_deposits(user, obj=None) -> bool:
    """A green-channel agent of the record's org unit (or above): a policy, or a deposit advance of one. Everyone
    else — other branches, other roles — sees nothing of it (404)."""
    if not is_agent(user):
        return False
    return obj is None or scope_for(user).covers(obj.org_id)


# --- end of the deposit-advance section ----------------------------------------------------------------------------
PRODUCT_READER_ROLES = frozenset({Role.GREEN_CHANNEL_AGENT, Role.ADMINISTRATOR})
NETWORK_MANAGER_ROLES = frozenset({Role.GREEN_CHANNEL_AGENT, Role.ADMINISTRATOR})


def _with_org(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.org_id)


@rules.predicate
def can_view_products(user) -> bool:
    if not _with_org(user):
        return False
    return user.has_role(*PRODUCT_READER_ROLES) or scope_for(user).is_hq


@rules.predicate
def can_manage_networks(user) -> bool:
    """Import a network list, decide its rows: HQ's administrators and green-channel agents."""
    return _with_org(user) and scope_for(user).is_hq and user.has_role(*NETWORK_MANAGER_ROLES)


# Vendor scorecard (issue 12 point 7)
def is_administrator(user) -> bool:
    return _active(user) and bool(user.org_id) and user.has_role(Role.ADMINISTRATOR)


@rules.predicate
def can_see_scorecard(user) -> bool:
    """The vendor scorecard: agents and administrators (their part of the company — HQ's see every vendor), and
    vendor staff (their own vendor only)."""
    return is_agent(user) or is_administrator(user) or vendor_of(user) is not None
