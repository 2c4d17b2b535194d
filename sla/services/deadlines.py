"""Deadlines: open, meet, cancel, pause and resume the clocks that hang on any object.

Domain apps rarely call these directly: a workflow declares which state opens which clock, and the transition
subscriber (sla.subscribers) opens and closes them inside the transition's transaction.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import OrgUnit, User

from .. import calendar
from ..clocks import Clock
from ..models import Deadline, SlaPolicy


def open_deadline(
    policy_code: str,
    *,
    subject: models.Model,
    org: OrgUnit,
    title: str,
    assignee: User | None = None,
    started_at: datetime.datetime | None = None,
    terms: tuple[str, int] | None = None,
) -> Deadline:
    """Start a clock of the policy against `subject`. Workflow services call this when a state begins.

    ``terms`` — (clock kind, duration) — replace the policy's when the record brings its own (a green-channel
    product's service level); the policy still gives the warning threshold, escalation and pausing."""
    try:
        policy = SlaPolicy.objects.get(code=policy_code, is_active=True)
    except SlaPolicy.DoesNotExist as exc:
        raise ValidationError(
            _("No active service-level policy with code “%(code)s”.") % {"code": policy_code}
        ) from exc
    start = started_at or timezone.now()
    kind, duration = terms if terms else ("", None)
    if kind and kind not in SlaPolicy.ClockKind.values:
        raise ValidationError(_("Unknown kind of clock “%(kind)s”.") % {"kind": kind})
    if duration is not None and duration < 1:
        raise ValidationError(_("A clock needs a duration of at least 1."))
    due, warn, provisional = Clock(policy, kind or None, duration).schedule(start)
    return Deadline.objects.create(
        policy=policy,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        title=title[:200],
        url=subject_url(subject),
        org=org,
        assignee=assignee,
        started_at=start,
        clock_kind=kind,
        duration=duration,
        due_at=due,
        warn_at=warn,
        provisional=provisional,
    )


def subject_url(subject: models.Model) -> str:
    """The page of a clock's subject, when it has one (copied into the sweep's notifications)."""
    url = subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else ""
    return (url or "")[:300]


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
    clock = Clock.of(row)
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


def recompute_deadlines(rows: models.QuerySet, *, now: datetime.datetime | None = None) -> int:
    """Compute the due and warning times of these running deadlines again from the calendar, and their state
    with them: a clock breached or warned under the old calendar whose new times are still ahead is open (or
    warned) again; one now past due is left for the sweep, which breaches it and tells the people once."""
    now = now or timezone.now()
    count = 0
    for row in rows.running().select_related("policy").iterator():
        due, warn, provisional = Clock.of(row).schedule(row.started_at, row.paused_total)
        state = row.state
        if due > now:
            state = Deadline.State.WARNED if warn <= now else Deadline.State.OPEN
        Deadline.objects.filter(pk=row.pk).update(
            due_at=due, warn_at=warn, provisional=provisional, state=state
        )
        count += 1
    return count


def recompute_provisional_deadlines() -> int:
    """After a calendar year is loaded: recompute every running deadline that was computed without it."""
    return recompute_deadlines(Deadline.objects.filter(provisional=True))


def recompute_deadlines_on(day: datetime.date) -> int:
    """After one special day was edited: recompute the running working-time clocks whose span includes it."""
    working = [SlaPolicy.ClockKind.WORKING_DAYS, SlaPolicy.ClockKind.WORKING_HOURS]
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    own_terms = models.Q(clock_kind__in=working) | models.Q(clock_kind="", policy__clock_kind__in=working)
    affected = Deadline.objects.filter(own_terms, started_at__lt=end, due_at__gte=start)
    return recompute_deadlines(affected)
