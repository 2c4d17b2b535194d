"""Reminders (预约跟踪): "remind this person about this object on this day" — due reminders are unprocessed items
in the person's inbox until handled or moved to another day."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import OrgUnit, User

from ..models import Reminder


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
