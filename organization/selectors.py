"""Read side of the org tree: scoping, authority look-ups."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Prefetch, QuerySet

from .models import LEVEL_FIELD_FOR_KIND, AuthorityCeiling, OrgUnit, ReviewKind, User


def visible_orgs(user) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.visible_to(user)


def org_tree_for(user) -> list[OrgUnit]:
    """The orgs a user may see, as a tree: each org's visible children prefetched (two queries)."""
    visible = visible_orgs(user)
    roots = visible.exclude(parent__in=visible).prefetch_related(
        Prefetch("children", queryset=visible.order_by("code"), to_attr="visible_children"),
    )
    roots = list(roots.order_by("level", "code"))
    second = [child for root in roots for child in root.visible_children]
    if second:
        grandchildren: dict[int, list[OrgUnit]] = {}
        for org in visible.filter(parent__in=[o.pk for o in second]).order_by("code"):
            grandchildren.setdefault(org.parent_id, []).append(org)
        for org in second:
            org.visible_children = grandchildren.get(org.pk, [])
    return roots


def get_org_for_user(user, pk: int) -> OrgUnit:
    """The org page fetch helper: missing and not visible both raise Http404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(visible_orgs(user).select_related("parent"), pk=pk)


def authority_matrix(org: OrgUnit) -> dict[str, list[AuthorityCeiling]]:
    secondary = org.secondary
    if secondary is None:
        return {}
    rows = list(AuthorityCeiling.objects.filter(org=secondary).order_by("kind", "level"))
    if not rows:
        return {}
    matrix: dict[str, list[AuthorityCeiling]] = {kind: [] for kind in ReviewKind.values}
    for row in rows:
        matrix[row.kind].append(row)
    return matrix


def responsible_persons(org: OrgUnit) -> dict[str, list[User]]:
    """The hospital network's first (claims-department head) and second (medical-review room head) responsible
    persons of the org's branch (seed 000): shown on the org page, default recipients of network reminders."""
    from .roles import Role

    secondary = org.secondary
    if secondary is None:
        return {"first": [], "second": []}
    people = (
        User.objects.filter(
            is_active=True,
            org_id__in=secondary.subtree_ids(),
            groups__name__in=[Role.BRANCH_CLAIMS_HEAD, Role.MEDICAL_REVIEW_HEAD],
        )
        .annotate(role=models.F("groups__name"))
        .order_by("pk")
    )
    result: dict[str, list[User]] = {"first": [], "second": []}
    for person in people:
        result["first" if person.role == Role.BRANCH_CLAIMS_HEAD else "second"].append(person)
    return result


def profile_ceilings(user: User) -> list[dict]:
    """The person's level and ceiling for each review kind, for their profile card."""
    return [
        {"kind": label, "level": user.authority_level(kind), "ceiling": ceiling_for(user, kind)}
        for kind, label in ReviewKind.choices
    ]


def ceiling_for(user: User, kind: str) -> Decimal | None:
    """The amount up to which this person may review this kind; None when they hold no level for it."""
    level = user.authority_level(kind)
    if level is None or user.org is None or user.org.secondary is None:
        return None
    return (
        AuthorityCeiling.objects.filter(org=user.org.secondary, kind=kind, level=level)
        .values_list("ceiling", flat=True)
        .first()
    )


def reviewers_for(org: OrgUnit, kind: str, amount: Decimal) -> QuerySet[User]:
    """Active staff of the org's secondary subtree whose level has a ceiling for this kind covering the amount
    (ceiling ≥ amount), lowest ceiling first. Levels are the province's to arrange: an unused level covers
    nothing, and a higher level need not have a higher ceiling."""
    kind = ReviewKind(kind)
    secondary = org.secondary
    if secondary is None:
        return User.objects.none()
    ceilings = dict(
        AuthorityCeiling.objects.filter(org=secondary, kind=kind, ceiling__gte=amount).values_list(
            "level", "ceiling"
        )
    )
    if not ceilings:
        return User.objects.none()
    field = LEVEL_FIELD_FOR_KIND[kind]
    ranked = models.Case(
        *(models.When(**{field: level}, then=models.Value(c)) for level, c in ceilings.items())
    )
    return (
        User.objects.filter(
            is_active=True, org_id__in=secondary.subtree_ids(), **{f"{field}__in": list(ceilings)}
        )
        .select_related("org")
        .annotate(level_ceiling=ranked)
        .order_by("level_ceiling", field, "username")
    )


def staff_of(org: OrgUnit) -> QuerySet[User]:
    """The org's active staff with their roles, for the org page."""
    return org.staff.filter(is_active=True).prefetch_related("groups").order_by("username")


def children_of(org: OrgUnit) -> QuerySet[OrgUnit] | list:
    return org.children.order_by("code") if org.level != OrgUnit.Level.TERTIARY else []


def org_history(org: OrgUnit) -> list[dict]:
    """Changes to the org unit, its authority matrix and its staff's roles and authority levels."""
    from workflow.history import history_of

    return history_of(
        OrgUnit.history.filter(id=org.pk),
        AuthorityCeiling.history.filter(org_id=org.pk),
        User.history.filter(org_id=org.pk),
    )
