"""The one way a state changes: perform_transition. And the one way anything else is put on the record: record_event.

perform_transition locks the row, checks that the user saw the current state, checks the transition's permission,
runs it, saves, writes one Event row, lets deadline hooks run in the same transaction and queues notifications for
after the commit. Two people acting on the same record: the second waits on the lock, then is told that the record
changed; nothing is lost and nothing raises a 500.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from .models import Event
from .signals import event_committed, transition_applied


class TransitionRefused(Exception):
    """A transition could not be made; the message is translated and meant for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StaleState(TransitionRefused):
    """Someone else changed the record since the user loaded it."""


class TransitionNotPermitted(TransitionRefused):
    """The user may not take this transition."""


def _state_field(instance: models.Model, method) -> str:
    return method._django_fsm.field.attname


def record_event(
    subject: models.Model, verb: str, *, by=None, note: str = "", from_state: str = "", to_state: str = ""
) -> Event:
    """Put something on the subject's record and fan it out to notifications once the transaction commits."""
    event = Event.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        org_id=getattr(subject, "org_id", None),
        actor=by,
        verb=verb,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )
    transaction.on_commit(lambda: event_committed.send(sender=type(subject), instance=subject, event=event))
    return event


def perform_transition(
    instance: models.Model,
    name: str,
    *,
    by,
    note: str = "",
    expected_state: str | None = None,
    system: bool = False,
    **kwargs: Any,
) -> Event:
    """Run the transition method `name` on a locked copy of `instance` on behalf of `by`.

    `expected_state` is the state the user saw when they chose the action (forms carry it in a hidden field);
    when it differs from the locked row's state the action is refused as stale. `system=True` is for scheduled
    jobs acting on their own (e.g. an agreement reaching its renewal window): no user, no permission check, and
    the event records no actor.
    """
    model = type(instance)
    with transaction.atomic():
        try:
            locked = model._default_manager.select_for_update().get(pk=instance.pk)
        except model.DoesNotExist as exc:
            raise StaleState(_("This record no longer exists. Reload the list.")) from exc
        method = getattr(locked, name, None)
        if method is None or not hasattr(method, "_django_fsm"):
            raise TransitionRefused(_("Unknown action."))
        field = _state_field(locked, method)
        current = getattr(locked, field)
        if expected_state is not None and str(expected_state) != str(current):
            raise StaleState(
                _(
                    "Someone else changed this record while you were looking at it (it is now “%(state)s”). "
                    "Reload the page and try again."
                )
                % {"state": _display_state(locked, field)}
            )
        if not can_proceed(method):
            raise TransitionRefused(
                _("This action is not possible while the record is “%(state)s”.")
                % {"state": _display_state(locked, field)}
            )
        permission = method._django_fsm.get_transition(current).permission
        if not system and (permission is None or not has_transition_perm(method, by)):
            raise TransitionNotPermitted(_("You are not allowed to take this action on this record."))
        method(by=by, **kwargs)
        try:
            locked.save()
        except ConcurrentTransition as exc:
            raise StaleState(
                _("Someone else changed this record at the same moment. Reload the page and try again.")
            ) from exc
        new_state = getattr(locked, field)
        event = record_event(locked, name, by=by, note=note, from_state=str(current), to_state=str(new_state))
        transition_applied.send(sender=model, instance=locked, event=event)
    # The caller's copy reflects the outcome.
    instance.__dict__[field] = new_state
    if hasattr(instance, "_update_initial_state"):
        instance._update_initial_state()
    return event


def _display_state(instance: models.Model, field: str) -> str:
    getter = getattr(instance, f"get_{field}_display", None)
    return str(getter()) if getter else str(getattr(instance, field))
