"""Use cases of the clocks: open, meet, cancel, pause and resume deadlines; sweep them; remind; load calendars."""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organization.models import OrgUnit, User

from . import calendar
from .clocks import Clock
from .models import CalendarDay, CalendarYear, Deadline, Delivery, Notification, Reminder, SlaPolicy
from .notifications import deliveries_for

SWEEP_BATCH = getattr(settings, "SLA_SWEEP_BATCH", 500)


# --- deadlines ----------------------------------------------------------------------------------------------
def open_deadline(
    policy_code: str,
    *,
    subject: models.Model,
    org: OrgUnit,
    title: str,
    assignee: User | None = None,
    started_at: datetime.datetime | None = None,
) -> Deadline:
    """Start a clock of the policy against `subject`. Workflow services call this when a state begins."""
    try:
        policy = SlaPolicy.objects.get(code=policy_code, is_active=True)
    except SlaPolicy.DoesNotExist as exc:
        raise ValidationError(
            _("No active service-level policy with code “%(code)s”.") % {"code": policy_code}
        ) from exc
    start = started_at or timezone.now()
    due, warn, provisional = Clock(policy).schedule(start)
    return Deadline.objects.create(
        policy=policy,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        title=title[:200],
        org=org,
        assignee=assignee,
        started_at=start,
        due_at=due,
        warn_at=warn,
        provisional=provisional,
    )


def _locked(deadline: Deadline) -> Deadline:
    return Deadline.objects.select_for_update().select_related("policy").get(pk=deadline.pk)


@transaction.atomic
def meet_deadline(deadline: Deadline, *, at: datetime.datetime | None = None) -> Deadline:
    """The awaited thing happened. Met late still counts as met, but not as on time."""
    row = _locked(deadline)
    if not row.is_running:
        raise ValidationError(_("This deadline is already closed."))
    at = at or timezone.now()
    if row.paused_at is not None:
        _resume(row, at)
    row.state, row.met_at, row.closed_at = Deadline.State.MET, at, at
    row.save(update_fields=["state", "met_at", "closed_at", "due_at", "warn_at", "paused_at", "paused_total"])
    return row


@transaction.atomic
def cancel_deadline(deadline: Deadline) -> Deadline:
    row = _locked(deadline)
    if row.is_running:
        row.state, row.closed_at, row.paused_at = Deadline.State.CANCELLED, timezone.now(), None
        row.save(update_fields=["state", "closed_at", "paused_at"])
    return row


def close_deadlines_for(subject: models.Model, *, met: bool = True, policy_code: str | None = None) -> int:
    """Meet (or cancel) every running deadline of a subject, e.g. when a transition leaves the state it timed."""
    rows = Deadline.objects.for_object(subject).running()
    if policy_code:
        rows = rows.filter(policy__code=policy_code)
    count = 0
    for row in rows:
        (meet_deadline if met else cancel_deadline)(row)
        count += 1
    return count


@transaction.atomic
def pause_deadline(deadline: Deadline, *, at: datetime.datetime | None = None) -> Deadline:
    """Stop the clock, e.g. while waiting for the customer's documents."""
    row = _locked(deadline)
    if not row.policy.may_pause:
        raise ValidationError(_("The clock of “%(policy)s” may not pause.") % {"policy": row.policy})
    if row.state not in (Deadline.State.OPEN, Deadline.State.WARNED):
        raise ValidationError(_("Only a running clock that has not been breached can be paused."))
    if row.paused_at is not None:
        raise ValidationError(_("This clock is already paused."))
    row.paused_at = at or timezone.now()
    row.save(update_fields=["paused_at"])
    return row


def _resume(row: Deadline, at: datetime.datetime) -> None:
    clock = Clock(row.policy)
    paused = max(clock.between(row.paused_at, at), datetime.timedelta())
    row.due_at = clock.add(row.due_at, paused)
    row.warn_at = clock.add(row.warn_at, paused)
    row.paused_total += paused
    row.paused_at = None
    row.provisional = clock.working and calendar.is_provisional(row.started_at, row.due_at)


@transaction.atomic
def resume_deadline(deadline: Deadline, *, at: datetime.datetime | None = None) -> Deadline:
    """Restart the clock; the due time moves later by the paused time (working time for working-day clocks)."""
    row = _locked(deadline)
    if row.paused_at is None:
        raise ValidationError(_("This clock is not paused."))
    _resume(row, at or timezone.now())
    row.save(update_fields=["due_at", "warn_at", "paused_total", "paused_at", "provisional"])
    return row


def recompute_provisional_deadlines() -> int:
    """After a calendar year is loaded: recompute every running deadline that was computed without it."""
    count = 0
    for row in Deadline.objects.running().filter(provisional=True).select_related("policy").iterator():
        due, warn, provisional = Clock(row.policy).schedule(row.started_at, row.paused_total)
        Deadline.objects.filter(pk=row.pk).update(due_at=due, warn_at=warn, provisional=provisional)
        count += 1
    return count


# --- sweep --------------------------------------------------------------------------------------------------
@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    notifications: int = 0
    delivery_ids: list[int] = field(default_factory=list)


def sweep(now: datetime.datetime | None = None, batch_size: int | None = None) -> SweepResult:
    """Warn the deadlines past their warning time and breach those past due, each exactly once.

    Each batch is one transaction: rows are locked (skipping rows another sweep or a user holds), moved to their
    new state and their notifications and deliveries are inserted together. A worker killed mid-sweep loses the
    uncommitted batch only; the next sweep finds those rows still due. The unique key on notifications makes a
    second notification for the same deadline, event and person impossible.
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
        notified, delivery_ids = _notify_batch(rows, kind)
        if kind == "breach":
            result.breached += len(rows)
        else:
            result.warned += len(rows)
        result.delivery_ids.extend(delivery_ids)
        result.notifications += notified
        if delivery_ids:
            transaction.on_commit(lambda ids=delivery_ids: _enqueue_deliveries(ids))
    return len(rows)


def _enqueue_deliveries(ids: list[int]) -> None:
    from .tasks import deliver

    deliver.delay(ids)


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


def _notify_batch(rows: list[Deadline], kind: str) -> tuple[int, list[int]]:
    """Insert the batch's notifications and their deliveries; (notifications created, pending delivery ids)."""
    escalate_to = escalation_recipients(rows)
    notifications: list[Notification] = []
    urls = subject_urls(rows)
    for row in rows:
        due = timezone.localtime(row.due_at).strftime("%Y-%m-%d %H:%M")
        subject_kwargs = {"content_type_id": row.content_type_id, "object_id": row.object_id}
        url = urls.get(row.pk, "")
        if kind == "warn":
            recipients = (
                [row.assignee] if row.assignee else escalate_to[(row.org_id, row.policy.escalation_role)]
            )
            for user in recipients:
                notifications.append(
                    Notification(
                        recipient=user,
                        level=Notification.Level.WARNING,
                        title=_("Due soon: %(title)s") % {"title": row.title},
                        body=_("%(policy)s is due at %(due)s.") % {"policy": row.policy.name, "due": due},
                        url=url,
                        dedupe_key=f"deadline:{row.pk}:warn",
                        **subject_kwargs,
                    )
                )
            continue
        if row.assignee:
            notifications.append(
                Notification(
                    recipient=row.assignee,
                    level=Notification.Level.ALERT,
                    title=_("Overdue: %(title)s") % {"title": row.title},
                    body=_("%(policy)s was due at %(due)s.") % {"policy": row.policy.name, "due": due},
                    url=url,
                    dedupe_key=f"deadline:{row.pk}:breach",
                    **subject_kwargs,
                )
            )
        owner = str(row.assignee) if row.assignee else _("nobody")
        for user in escalate_to[(row.org_id, row.policy.escalation_role)]:
            if user.pk == row.assignee_id:
                continue
            notifications.append(
                Notification(
                    recipient=user,
                    level=Notification.Level.ALERT,
                    title=_("Escalated, overdue: %(title)s") % {"title": row.title},
                    body=_("%(policy)s was due at %(due)s; assigned to %(owner)s (%(org)s).")
                    % {"policy": row.policy.name, "due": due, "owner": owner, "org": row.org.name},
                    url=url,
                    dedupe_key=f"deadline:{row.pk}:escalate",
                    **subject_kwargs,
                )
            )
    if not notifications:
        return 0, []
    users = {n.recipient_id: n.recipient for n in notifications}
    saved = _insert_new(notifications)
    deliveries = []
    for notification in saved:
        notification.recipient = users[notification.recipient_id]
        deliveries.extend(deliveries_for(notification, (Delivery.Channel.EMAIL, Delivery.Channel.SMS)))
    # New notifications have no deliveries yet, so these inserts cannot conflict; the pks come back with them.
    Delivery.objects.bulk_create(deliveries, batch_size=1000)
    if all(d.pk for d in deliveries):
        return len(saved), [d.pk for d in deliveries]
    pending = Delivery.objects.filter(notification__in=[n.pk for n in saved], status=Delivery.Status.PENDING)
    return len(saved), list(pending.order_by().values_list("pk", flat=True))


def _insert_new(notifications: list[Notification]) -> list[Notification]:
    """Insert the notifications and return those that are new.

    The batch's rows are locked and moved out of their state in the same transaction, so normally none of these
    notifications exists yet: one plain insert returns their keys. Should one exist after all (a sweep that
    committed its notifications but not its state change cannot happen, but the unique key is the guarantee), the
    insert is retried skipping what exists, and the new ones are found by key.
    """
    try:
        with transaction.atomic():
            Notification.objects.bulk_create(notifications, batch_size=1000)
        if all(n.pk for n in notifications):
            return notifications
    except IntegrityError:
        Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=1000)
    keys = {n.dedupe_key for n in notifications}
    users = {n.recipient_id for n in notifications}
    return list(
        Notification.objects.filter(dedupe_key__in=keys, recipient_id__in=users, deliveries__isnull=True)
        .order_by()
        .only("pk", "recipient_id")
    )


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


# --- reminders ----------------------------------------------------------------------------------------------
def schedule_reminder(
    recipient: User,
    *,
    subject: models.Model,
    org: OrgUnit,
    on: datetime.date,
    title: str,
    note: str = "",
    by=None,
) -> Reminder:
    """Remind `recipient` about `subject` on `on`: that day it appears in their inbox as unprocessed."""
    if on < timezone.localdate():
        raise ValidationError({"due_on": _("A reminder cannot be set for a day in the past.")})
    return Reminder.objects.create(
        recipient=recipient,
        org=org,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        title=title[:200],
        note=note,
        due_on=on,
        created_by=by,
    )


@transaction.atomic
def handle_reminder(reminder: Reminder, *, by) -> Reminder:
    row = Reminder.objects.select_for_update().get(pk=reminder.pk)
    if row.state == Reminder.State.HANDLED:
        raise ValidationError(_("This reminder was already marked as handled."))
    row.state, row.handled_at = Reminder.State.HANDLED, timezone.now()
    row.save(update_fields=["state", "handled_at"])
    return row


@transaction.atomic
def reschedule_reminder(reminder: Reminder, *, on: datetime.date, by, note: str | None = None) -> Reminder:
    """Move a reminder (handled or not) to a new day: it becomes unprocessed again on that day — the cyclic
    reminder behind scheduled follow-ups."""
    if on <= timezone.localdate():
        raise ValidationError({"due_on": _("Choose a day after today.")})
    row = Reminder.objects.select_for_update().get(pk=reminder.pk)
    row.due_on, row.state, row.handled_at = on, Reminder.State.SCHEDULED, None
    if note is not None:
        row.note = note
    row.save(update_fields=["due_on", "state", "handled_at", "note"])
    return row


# --- calendar import ----------------------------------------------------------------------------------------
KIND_ALIASES = {
    "holiday": CalendarDay.Kind.HOLIDAY,
    "休": CalendarDay.Kind.HOLIDAY,
    "workday": CalendarDay.Kind.WORKDAY,
    "班": CalendarDay.Kind.WORKDAY,
}
MAX_CALENDAR_CSV = 256 * 1024


@dataclass
class CalendarImport:
    errors: list[tuple[int, str]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    days: int = 0
    recomputed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_calendar_csv(data: bytes) -> tuple[list[CalendarDay], CalendarImport]:
    """Check every row; the import happens only when no row has an error."""
    report = CalendarImport()
    if len(data) > MAX_CALENDAR_CSV:
        report.errors.append((0, _("The file is larger than 256 KB; a year's calendar is a few dozen rows.")))
        return [], report
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.errors.append((0, _("The file is not UTF-8 text. Save it as CSV UTF-8.")))
        return [], report
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header[:3]] != ["date", "kind", "name"]:
        report.errors.append((1, _("The first row must be the header: date,kind,name")))
        return [], report
    days: list[CalendarDay] = []
    seen: dict[datetime.date, int] = {}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            report.errors.append(
                (number, _("Expected 3 columns (date, kind, name), found %(n)s.") % {"n": len(row)})
            )
            continue
        raw_date, raw_kind, name = (cell.strip() for cell in row[:3])
        try:
            day = datetime.date.fromisoformat(raw_date)
        except ValueError:
            report.errors.append(
                (number, _("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": raw_date})
            )
            continue
        kind = KIND_ALIASES.get(raw_kind.lower())
        if kind is None:
            report.errors.append(
                (
                    number,
                    _("Kind “%(value)s” is not one of: holiday, workday (or 休, 班).") % {"value": raw_kind},
                )
            )
            continue
        if not name:
            report.errors.append((number, _("The name of the holiday is missing.")))
            continue
        if len(name) > 50:
            report.errors.append((number, _("The name is longer than 50 characters.")))
            continue
        if day in seen:
            report.errors.append(
                (number, _("%(date)s already appears on row %(row)s.") % {"date": raw_date, "row": seen[day]})
            )
            continue
        if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
            report.errors.append(
                (
                    number,
                    _("%(date)s is a weekday: only a Saturday or Sunday can be a make-up working day.")
                    % {"date": raw_date},
                )
            )
            continue
        seen[day] = number
        days.append(CalendarDay(date=day, kind=kind, name=name))
    if not days and not report.errors:
        report.errors.append((0, _("The file has no rows after the header.")))
    report.years = sorted({d.date.year for d in days})
    report.days = len(days)
    return days, report


def import_calendar_csv(data: bytes) -> CalendarImport:
    """Replace the special days of the years in the file, all or nothing, then recompute provisional deadlines."""
    days, report = parse_calendar_csv(data)
    if not report.ok:
        return report
    with transaction.atomic():
        for year in report.years:
            CalendarDay.objects.filter(date__year=year).delete()
            CalendarYear.objects.update_or_create(year=year, defaults={"source": CalendarYear.Source.CSV})
        CalendarDay.objects.bulk_create(days)
        transaction.on_commit(calendar.clear_cache)
    calendar.clear_cache()
    report.recomputed = recompute_provisional_deadlines()
    return report
