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


# --- claims (seed 001) -------------------------------------------------------------------------------------
# Who works injury claims: the people of the follow-up (调度/查勘/人伤跟踪), the reviewers, the claims head and the
# medical-review head. A claim is a work item of its handling org: ``covers`` (a sub-branch sees its own claims,
# the branch all of its sub-branches', HQ every claim).
CLAIM_WORKERS = frozenset(
    {Role.CLAIMS_ADJUSTER, Role.INJURY_FOLLOW_UP, Role.BRANCH_CLAIMS_HEAD, Role.MEDICAL_REVIEW_HEAD}
)
CLAIM_READERS = frozenset(
    {
        *CLAIM_WORKERS,
        Role.MEDICAL_REVIEWER,
        Role.MEDIATOR,
        Role.LITIGATION_OFFICER,
        Role.CALCULATOR_APPROVER,
        Role.BRANCH_MANAGER,
    }
)
# Reviews (跟踪审核, 费用审核): whoever holds an authority level for the kind — in practice the medical reviewers
# and the heads. At HQ (a review above every ceiling of the branch) the HQ medical reviewers and heads.
REVIEWER_ROLES = frozenset({Role.MEDICAL_REVIEWER, Role.MEDICAL_REVIEW_HEAD, Role.BRANCH_CLAIMS_HEAD})
# 核赔 (settlement approval): the calculator/approver post (理算核赔岗) and the claims head, by their approval level.
SETTLEMENT_APPROVERS = frozenset({Role.CALCULATOR_APPROVER, Role.BRANCH_CLAIMS_HEAD})
ALL_REVIEWER_ROLES = REVIEWER_ROLES | SETTLEMENT_APPROVERS


# Mediation plans (seed 001 p8: "经医疗审核人员审核同意"): the medical reviewers and their head, by their mediation level.
MEDIATION_PLAN_REVIEWERS = frozenset({Role.MEDICAL_REVIEWER, Role.MEDICAL_REVIEW_HEAD})


def reviewer_roles(kind: str) -> frozenset:
    if kind == "mediation_plan":
        return MEDIATION_PLAN_REVIEWERS
    return SETTLEMENT_APPROVERS if kind == "settlement" else REVIEWER_ROLES


# Who may see a personal value in clear (with a reason, written to the record).
REVEALERS = frozenset({*CLAIM_WORKERS, Role.MEDICAL_REVIEWER})
# Who scores people of the injury workflow (考评): reviewers and managers.
EVALUATORS = frozenset({*REVIEWER_ROLES, Role.BRANCH_MANAGER})


def _org_id(obj) -> int | None:
    return getattr(obj, "org_id", None)


@rules.predicate
def can_view_claims(user, obj=None) -> bool:
    if not _active(user) or not user.has_role(*CLAIM_READERS):
        return False
    return obj is None or scope_for(user).covers(_org_id(obj))


@rules.predicate
def can_work_claim(user, obj=None) -> bool:
    """Register claims, add injured persons, record follow-ups and bills: the follow-up people of the org."""
    if not _active(user) or not user.has_role(*CLAIM_WORKERS):
        return False
    return obj is None or scope_for(user).covers(_org_id(obj))


@rules.predicate
def can_reveal_personal(user, obj=None) -> bool:
    if not _active(user) or not user.has_role(*REVEALERS):
        return False
    return obj is None or scope_for(user).covers(_org_id(obj))


@rules.predicate
def can_review(user, review=None) -> bool:
    """Seed 001: reviews by authority level ("各省分公司在0-100万元内自行安排1-9级跟踪/费用/调解审核权限"). The person
    holds a level whose ceiling covers the amount (the branch's matrix), in their scope — or, for a review above
    every ceiling of the branch, is an HQ reviewer. Nobody reviews their own work."""
    if not _active(user) or not user.has_role(*ALL_REVIEWER_ROLES):
        return False
    if review is None:
        return True
    if not user.has_role(*reviewer_roles(review.kind)):
        return False
    if review.submitted_by_id == user.pk or review.author_ids_contain(user.pk):
        return False
    scope = scope_for(user)
    if review.routed_to_hq:
        return scope.is_hq
    if scope.is_hq or not scope.covers(review.org_id):
        return False
    from organization.selectors import ceiling_for

    ceiling = ceiling_for(user, review.kind)
    return ceiling is not None and ceiling >= review.amount


def why_not_reviewer(user, review) -> str:
    """Why this person may not decide this pending review, in their words (empty when they may): the review page
    says it instead of silently showing no buttons. Mirrors :func:`can_review`."""
    from django.utils.translation import gettext as _

    if can_review(user, review):
        return ""
    if not _active(user) or not user.has_role(*reviewer_roles(review.kind)):
        return _("Only reviewers decide reviews; you can read it.")
    if review.submitted_by_id == user.pk or review.author_ids_contain(user.pk):
        return _("You worked on this: somebody else reviews it (nobody reviews their own work).")
    scope = scope_for(user)
    if review.routed_to_hq:
        return _("It is above every ceiling of the branch: HQ reviews it.")
    if scope.is_hq:
        return _("It is within the branch's authority: the branch reviews it.")
    from organization.selectors import ceiling_for

    ceiling = ceiling_for(user, review.kind)
    if ceiling is None:
        return _("You hold no authority level for this kind of review.")
    return _("¥%(amount)s is above your ceiling for this kind of review (¥%(ceiling)s).") % {
        "amount": f"{review.amount:,.2f}",
        "ceiling": f"{ceiling:,.2f}",
    }


@rules.predicate
def can_evaluate_staff(user, obj=None) -> bool:
    if not _active(user) or not user.has_role(*EVALUATORS):
        return False
    return obj is None or scope_for(user).covers(_org_id(obj))


rules.add_perm("injury_claims.view_claims", can_view_claims)
rules.add_perm("injury_claims.work_claim", can_work_claim)
rules.add_perm("injury_claims.view_mediators", can_view_mediators)
rules.add_perm("injury_claims.issue_mediator_letter", can_issue_mediator_letter)


# --- reference databases (seed 001: 社保药品目录, 各地交通事故赔偿标准, 残疾器具价格) ---------------------------------------
# Reading: everyone whose work is claims reads the lists they check bills and compute compensation against — the
# claims roles below in any org, every member of HQ staff (whatever their role), and superusers. A branch
# administrator reads them too (they answer their colleagues' questions about the product). A green-channel agent
# or the legal post has no claims work and gets 404. The lists are national: no org scoping applies to them.
#
# Writing (new, edit, import): HQ alone keeps one national set of figures. A member of HQ staff with the
# administrator or claims-head role, or a superuser; every other reader gets 403.
REFERENCE_READERS = frozenset(
    {
        Role.CLAIMS_ADJUSTER,
        Role.INJURY_FOLLOW_UP,
        Role.MEDICAL_REVIEWER,
        Role.MEDIATOR,
        Role.LITIGATION_OFFICER,
        Role.CALCULATOR_APPROVER,
        Role.BRANCH_CLAIMS_HEAD,
        Role.MEDICAL_REVIEW_HEAD,
        Role.BRANCH_MANAGER,
        Role.ADMINISTRATOR,
    }
)
REFERENCE_EDITORS = frozenset({Role.ADMINISTRATOR, Role.BRANCH_CLAIMS_HEAD})


def _superuser(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def can_view_reference_data(user) -> bool:
    """Claims staff of any org, all HQ staff, superusers (see the note above)."""
    if _superuser(user):
        return True
    if not _active(user) or scope_for(user).is_empty:
        return False
    return scope_for(user).is_hq or user.has_role(*REFERENCE_READERS)


@rules.predicate
def can_edit_reference_data(user) -> bool:
    """HQ administrators and HQ claims heads, and superusers, add, edit and import."""
    if _superuser(user):
        return True
    return _active(user) and scope_for(user).is_hq and user.has_role(*REFERENCE_EDITORS)


rules.add_perm("injury_claims.view_reference_data", can_view_reference_data)
rules.add_perm("injury_claims.edit_reference_data", can_edit_reference_data)
