"""Reads of litigation matters (人伤涉诉): the fetch helper (404 outside the scope), the branch's list, the matter page
with its claimed / reserved / awarded table, the person page's section, the printed response summary."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from organization.roles import Role
from organization.scoping import scope_for

from .. import litigation as rule
from ..models import Hearing, InjuredPerson, Judgment, Litigation, LitigationOpinion
from ..models.litigation import ITEM_CHOICES
from ..rules import can_view_claims
from ..workflows.litigation import (
    HEARINGS_OPEN,
    LITIGATION,
    OPEN,
    LitigationState,
    can_give_litigation_opinion,
    can_litigate,
    is_litigation_officer,
)

LABELS = dict(ITEM_CHOICES)


def _with_parts(queryset: QuerySet[Litigation]) -> QuerySet[Litigation]:
    return queryset.select_related(
        "person", "person__claim", "org", "officer", "effective_judgment"
    ).prefetch_related(
        "items",
        Prefetch("opinions", queryset=LitigationOpinion.objects.select_related("by")),
        Prefetch("hearings", queryset=Hearing.objects.select_related("reminder")),
        Prefetch("judgments", queryset=Judgment.objects.select_related("scan").prefetch_related("items")),
    )


def get_litigation_for_user(user, pk: int) -> Litigation:
    matter = _with_parts(Litigation.objects.filter(pk=pk)).first()
    if matter is None or not can_view_claims(user, matter):
        raise Http404
    return matter


def litigations_for(user) -> QuerySet[Litigation]:
    """The matters of the user's scope, with what the list shows in one query each."""
    return (
        scope_for(user)
        .filter(Litigation.objects.all())
        .select_related("person", "person__claim", "officer", "org")
        .annotate(claimed=Sum("items__claimed"))
        .order_by("-created_at", "-pk")
    )


def officers_for(person: InjuredPerson) -> QuerySet:
    """The litigation officers (诉讼岗) who may be given the person's suit: active, in the person's branch."""
    from organization.models import User

    secondary = person.org.secondary
    org_ids = secondary.subtree_ids() if secondary else [person.org_id]
    return (
        User.objects.filter(is_active=True, groups__name=Role.LITIGATION_OFFICER, org_id__in=org_ids)
        .distinct()
        .order_by("username")
    )


def default_officer(person: InjuredPerson, user):
    """The officer the open form proposes: the user, when they are a litigation officer of the person's branch."""
    return user if is_litigation_officer(user, person) else None


def awarded_by_item(matter: Litigation) -> dict[str, Decimal] | None:
    """The award of the effective document, else of the latest one recorded (None: no court document yet)."""
    judgment = matter.effective_judgment
    if judgment is None:
        judgments = list(matter.judgments.all())
        judgment = judgments[-1] if judgments else None
    if judgment is None:
        return None
    return {item.code: item.amount for item in judgment.items.all()}


def item_table(matter: Litigation) -> dict:
    """Claimed vs reserved vs awarded, item by item, with the totals and what to look at."""
    awarded = awarded_by_item(matter)
    claims = {item.code: item for item in matter.items.all()}
    codes = [code for code, _label in ITEM_CHOICES if code in claims or (awarded and code in awarded)]
    rows, warnings = [], []
    for code in codes:
        claim = claims.get(code)
        row = rule.ItemRow(
            code=code,
            claimed=claim.claimed if claim else Decimal("0"),
            reserved=claim.reserved if claim else Decimal("0"),
            awarded=(awarded.get(code, Decimal("0")) if awarded is not None else None),
        )
        rows.append({"row": row, "label": LABELS[code]})
        warnings += rule.row_warnings(row, str(LABELS[code]))
    return {"rows": rows, "totals": rule.totals(r["row"] for r in rows), "warnings": warnings}


def litigation_page(matter: Litigation, user) -> dict:
    from .claims import timeline_for

    judgments = list(matter.judgments.all())
    return {
        "matter": matter,
        "person": matter.person,
        "claim": matter.person.claim,
        "table": item_table(matter),
        "opinions": list(matter.opinions.all()),
        "hearings": list(matter.hearings.all()),
        "judgments": judgments,
        "appeal_deadline": matter.appeal_deadline(),
        "actions": LITIGATION.actions_for(user, matter),
        "timeline": timeline_for(matter),
        "may_work": can_litigate(user, matter) and matter.state in OPEN,
        "may_schedule": can_litigate(user, matter) and matter.state in HEARINGS_OPEN,
        "may_record_judgment": can_litigate(user, matter)
        and matter.state in (LitigationState.FIRST_INSTANCE, LitigationState.SECOND_INSTANCE),
        "may_give_opinion": can_give_litigation_opinion(user, matter) and matter.state in OPEN,
        "instance_no": 2 if matter.state == LitigationState.SECOND_INSTANCE else 1,
        "now": timezone.now(),
    }


def person_section(person: InjuredPerson, user) -> dict:
    """The person page's litigation block: the matter (state, court, case number) or, for the litigation people,
    the way to open one."""
    matter = Litigation.objects.filter(person=person).select_related("officer").first()
    return {
        "litigation_section": {
            "matter": matter,
            "may_open": matter is None and can_litigate(user, person),
        }
    }


def may_see_litigations(user) -> bool:
    """The menu entry: the litigation people and medical reviewers of an org."""
    return bool(user.is_authenticated and (can_litigate(user) or can_give_litigation_opinion(user)))


def summary_problem(matter: Litigation) -> str:
    from django.utils.translation import gettext as _

    if matter.state == LitigationState.OPENED or not matter.response_plan.strip():
        return _("The response summary is printed once the response plan is set.")
    return ""


def summary_context(matter: Litigation) -> dict:
    """What the litigation response summary (应诉方案 / 诉讼审核意见) prints."""
    from .printing import yuan

    table = item_table(matter)
    return {
        "matter": matter,
        "person": matter.person,
        "claim": matter.person.claim,
        "rows": [
            {
                "label": r["label"],
                "claimed": yuan(r["row"].claimed),
                "reserved": yuan(r["row"].reserved),
                "awarded": yuan(r["row"].awarded) if r["row"].awarded is not None else "—",
            }
            for r in table["rows"]
        ],
        "totals": {
            "claimed": yuan(table["totals"].claimed),
            "reserved": yuan(table["totals"].reserved),
            "awarded": yuan(table["totals"].awarded) if table["totals"].awarded is not None else "—",
        },
        "opinions": list(matter.opinions.all()),
        "hearings": list(matter.hearings.all()),
        "judgments": list(matter.judgments.all()),
        "appeal_deadline": matter.appeal_deadline(),
        "appeal_source": rule.APPEAL_SOURCE,
    }
