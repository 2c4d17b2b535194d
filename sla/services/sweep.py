"""The minute sweep: warn the clocks past their warning time and breach those past due, each exactly once, and
tell the people concerned (escalating to the role's holders up the org tree when the sub-branch has none).

Set-based: a batch of due clocks is locked (SKIP LOCKED), moved with one UPDATE, and its notifications are
inserted with ``INSERT … SELECT … ON CONFLICT DO NOTHING`` whose SELECT the ORM builds — texts rendered in SQL
from the translated templates, escalation holders found in SQL — so no deadline, notification or delivery is
built as a Python object. The same statements run on PostgreSQL and SQLite.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Value, When
from django.db.models.functions import Cast, Substr, TruncMinute
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organization.models import User

from ..models import Deadline, Notification
from ..notices import DEADLINE_BREACH, DEADLINE_ESCALATE, DEADLINE_WARN
from ..notifications import NoticeSet, send_notification_sets
from .deadlines import subject_url

SWEEP_BATCH = getattr(settings, "SLA_SWEEP_BATCH", 500)


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    notifications: int = 0
    delivery_ids: list[int] = field(default_factory=list)


def breach_due(now: datetime.datetime):
    return Deadline.objects.filter(
        state__in=[Deadline.State.OPEN, Deadline.State.WARNED], due_at__lte=now, paused_at__isnull=True
    ).order_by("due_at")


def warn_due(now: datetime.datetime):
    return Deadline.objects.filter(
        state=Deadline.State.OPEN, warn_at__lte=now, due_at__gt=now, paused_at__isnull=True
    ).order_by("warn_at")


def backlog(now: datetime.datetime | None = None, batch_size: int | None = None) -> bool:
    """More than one batch is due: worth sharing between processes (two index-only probes, LIMIT batch + 1)."""
    now = now or timezone.now()
    limit = (batch_size or SWEEP_BATCH) + 1
    due = breach_due(now).values("pk")[:limit].count()
    return due >= limit or due + warn_due(now).values("pk")[:limit].count() >= limit


def sweep(now: datetime.datetime | None = None, batch_size: int | None = None) -> SweepResult:
    """Warn the deadlines past their warning time and breach those past due, each exactly once.

    Each batch is one transaction: its rows are locked (skipping rows another sweep or a user holds), moved to
    their new state, and their notifications and deliveries inserted together, through the set-based twin of
    the one notification function (sla.notifications.send_notification_sets). A worker killed mid-sweep loses
    the uncommitted batch only; the next sweep finds those rows still due. The unique key on notifications
    makes a second notification for the same deadline, event and person impossible.
    """
    now = now or timezone.now()
    batch_size = batch_size or SWEEP_BATCH
    result = SweepResult()
    with translation.override(settings.LANGUAGE_CODE):
        while _sweep_batch(breach_due(now), "breach", batch_size, result):
            pass
        while _sweep_batch(warn_due(now), "warn", batch_size, result):
            pass
    return result


def _sweep_batch(queryset, kind: str, batch_size: int, result: SweepResult) -> int:
    with transaction.atomic():
        ids = list(
            queryset.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[
                :batch_size
            ]
        )
        if not ids:
            return 0
        new_state = Deadline.State.BREACHED if kind == "breach" else Deadline.State.WARNED
        Deadline.objects.filter(pk__in=ids).update(state=new_state)
        notified, delivery_ids = notify_batch(ids, kind)
        if kind == "breach":
            result.breached += len(ids)
        else:
            result.warned += len(ids)
        result.delivery_ids.extend(delivery_ids)
        result.notifications += notified
    return len(ids)


# --- the notifications of a batch, as SQL ------------------------------------------------------------------
def notify_batch(deadlines, kind: str) -> tuple[int, list[int]]:
    """Notify about a batch of warned or breached deadlines (ids or rows); (notifications created, their
    delivery ids). Warned: the assignee, or the escalation holders when nobody is assigned. Breached: the
    assignee, and the escalation holders (other than the assignee)."""
    ids = [getattr(row, "pk", row) for row in deadlines]
    _fill_missing_urls(ids)
    rows = Deadline.objects.filter(pk__in=ids).order_by()
    if kind == "warn":
        sets = [
            NoticeSet(DEADLINE_WARN, rows.filter(assignee__isnull=False), "assignee_id", _context(), "warn"),
            NoticeSet(
                DEADLINE_WARN, rows.filter(assignee__isnull=True), None, _context(), "warn", _escalation()
            ),
        ]
    else:
        sets = [
            NoticeSet(
                DEADLINE_BREACH, rows.filter(assignee__isnull=False), "assignee_id", _context(), "breach"
            ),
            NoticeSet(DEADLINE_ESCALATE, rows, None, _context(), "escalate", _escalation()),
        ]
    return send_notification_sets(sets)


def _context() -> dict:
    """What fills the deadline notices' texts, as SQL expressions over a Deadline row."""
    return {
        "title": F("title"),
        "policy": F("policy__name"),
        "due": local_minute("due_at"),
        "owner": Case(
            When(assignee__isnull=True, then=Value(_("nobody"))),
            default=User.name_expression("assignee__"),
            output_field=models.CharField(),
        ),
        "org": F("org__name"),
    }


def local_minute(name: str):
    """``timezone.localtime(value).strftime("%Y-%m-%d %H:%M")`` in SQL."""
    local = TruncMinute(name, tzinfo=timezone.get_current_timezone())
    return Substr(Cast(local, models.CharField()), 1, 16)


def _escalation():
    """Where a row's escalation goes: (the org whose holders are told, the role), as SQL expressions.

    The role's active holders in the deadline's org, failing that in its parent, failing that in its
    grandparent (the tree is HQ → branch → sub-branch); no org when nobody up the tree holds the role."""
    holders = User.objects.filter(is_active=True, groups__name=OuterRef("policy__escalation_role"))
    chain = ("org_id", "org__parent_id", "org__parent__parent_id")
    org = Case(
        *(When(Exists(holders.filter(org_id=OuterRef(path))), then=F(path)) for path in chain),
        default=None,
        output_field=models.BigIntegerField(),
    )
    return org, F("policy__escalation_role"), "assignee_id"


def _fill_missing_urls(ids: list[int]) -> None:
    """Clocks opened before their subject's page was stored on them (or bulk-inserted without it): take it now,
    for the subjects that have a page (none at all once every running clock was opened with its link)."""
    linked = [
        ct.pk for ct in ContentType.objects.all() if hasattr(ct.model_class() or object, "get_absolute_url")
    ]
    missing = list(Deadline.objects.filter(pk__in=ids, url="", content_type_id__in=linked).order_by())
    if not missing:
        return
    models.prefetch_related_objects(missing, "subject")
    for row in missing:
        row.url = subject_url(row.subject) if row.subject is not None else ""
    Deadline.objects.bulk_update([row for row in missing if row.url], ["url"])


__all__ = ["Notification", "SweepResult", "notify_batch", "sweep"]
