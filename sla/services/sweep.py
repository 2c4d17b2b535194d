"""The minute sweep: warn the clocks past their warning time and breach those past due, each exactly once, and
tell the people concerned (escalating to the role's holders up the org tree when the sub-branch has none)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organization.models import OrgUnit, User

from ..models import Deadline
from ..notices import DEADLINE_BREACH, DEADLINE_ESCALATE, DEADLINE_WARN
from ..notifications import Outgoing, send_notifications

SWEEP_BATCH = getattr(settings, "SLA_SWEEP_BATCH", 500)


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    notifications: int = 0
    delivery_ids: list[int] = field(default_factory=list)


def sweep(now: datetime.datetime | None = None, batch_size: int | None = None) -> SweepResult:
    """Warn the deadlines past their warning time and breach those past due, each exactly once.

    Each batch is one transaction: rows are locked (skipping rows another sweep or a user holds), moved to their
    new state and their notifications and deliveries are inserted together, through the same function as every
    other notification (sla.notifications.send_notifications). A worker killed mid-sweep loses the uncommitted
    batch only; the next sweep finds those rows still due. The unique key on notifications makes a second
    notification for the same deadline, event and person impossible.
    """
    now = now or timezone.now()
    batch_size = batch_size or SWEEP_BATCH
    result = SweepResult()
    with translation.override(settings.LANGUAGE_CODE):
        while _sweep_batch(
            Deadline.objects.filter(state__in=[Deadline.State.OPEN, Deadline.State.WARNED], due_at__lte=now),
            "breach",
            now,
            batch_size,
            result,
        ):
            pass
        while _sweep_batch(
            Deadline.objects.filter(state=Deadline.State.OPEN, warn_at__lte=now, due_at__gt=now),
            "warn",
            now,
            batch_size,
            result,
        ):
            pass
    return result


def _sweep_batch(queryset, kind: str, now: datetime.datetime, batch_size: int, result: SweepResult) -> int:
    with transaction.atomic():
        rows = list(
            queryset.filter(paused_at__isnull=True)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("policy", "assignee", "org")
            .order_by("due_at" if kind == "breach" else "warn_at")[:batch_size]
        )
        if not rows:
            return 0
        new_state = Deadline.State.BREACHED if kind == "breach" else Deadline.State.WARNED
        Deadline.objects.filter(pk__in=[row.pk for row in rows]).update(state=new_state)
        notified, delivery_ids = notify_batch(rows, kind)
        if kind == "breach":
            result.breached += len(rows)
        else:
            result.warned += len(rows)
        result.delivery_ids.extend(delivery_ids)
        result.notifications += notified
    return len(rows)


def escalation_recipients(rows: list[Deadline]) -> dict[tuple[int, str], list[User]]:
    """(org id, role) → the active holders of the role in that org, or, failing that, in its parent orgs."""
    wanted_roles = {row.policy.escalation_role for row in rows}
    org_ids = {row.org_id for row in rows}
    parents = dict(OrgUnit.objects.filter(pk__in=org_ids).values_list("pk", "parent_id"))
    grandparents = dict(
        OrgUnit.objects.filter(pk__in={p for p in parents.values() if p}).values_list("pk", "parent_id")
    )
    chain_ids = org_ids | {p for p in parents.values() if p} | {g for g in grandparents.values() if g}
    holders: dict[tuple[int, str], list[User]] = defaultdict(list)
    groups = Group.objects.filter(name__in=wanted_roles)
    for user in (
        User.objects.filter(is_active=True, org_id__in=chain_ids, groups__in=groups)
        .annotate(role=models.F("groups__name"))
        .order_by("pk")
    ):
        holders[(user.org_id, user.role)].append(user)
    resolved: dict[tuple[int, str], list[User]] = {}
    for org_id in org_ids:
        for role in wanted_roles:
            cursor = org_id
            while cursor and not holders.get((cursor, role)):
                cursor = parents.get(cursor) or grandparents.get(cursor)
            resolved[(org_id, role)] = holders.get((cursor, role), []) if cursor else []
    return resolved


def notify_batch(rows: list[Deadline], kind: str) -> tuple[int, list[int]]:
    """Notify about a batch of warned or breached deadlines; (notifications created, their delivery ids)."""
    escalate_to = escalation_recipients(rows)
    urls = subject_urls(rows)
    outgoing: list[Outgoing] = []
    for row in rows:
        context = {
            "title": row.title,
            "policy": row.policy.name,
            "due": timezone.localtime(row.due_at).strftime("%Y-%m-%d %H:%M"),
            "owner": str(row.assignee) if row.assignee else _("nobody"),
            "org": row.org.name,
        }
        common = {
            "context": context,
            "url": urls.get(row.pk, ""),
            "content_type_id": row.content_type_id,
            "object_id": row.object_id,
        }
        escalation = escalate_to[(row.org_id, row.policy.escalation_role)]
        if kind == "warn":
            for user in [row.assignee] if row.assignee else escalation:
                outgoing.append(Outgoing(user, DEADLINE_WARN, dedupe_key=f"deadline:{row.pk}:warn", **common))
            continue
        if row.assignee:
            outgoing.append(
                Outgoing(row.assignee, DEADLINE_BREACH, dedupe_key=f"deadline:{row.pk}:breach", **common)
            )
        for user in escalation:
            if user.pk != row.assignee_id:
                outgoing.append(
                    Outgoing(user, DEADLINE_ESCALATE, dedupe_key=f"deadline:{row.pk}:escalate", **common)
                )
    sent = send_notifications(outgoing)
    return len(sent.notifications), sent.delivery_ids


def subject_urls(rows) -> dict[int, str]:
    """Row pk → its subject's page, for subjects that have one (one query per content type, cached types)."""
    linked = [
        row
        for row in rows
        if hasattr(
            ContentType.objects.get_for_id(row.content_type_id).model_class() or object, "get_absolute_url"
        )
    ]
    prefetch_related_objects(linked, "subject")
    return {row.pk: row.subject.get_absolute_url() for row in linked if row.subject is not None}
