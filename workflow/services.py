"""The one way a state changes: perform_transition. And the one way anything else is put on the record: record_event.

perform_transition locks the row, checks that the person saw the current state, checks the transition's
permission and its guards **under the lock**, runs the transition, saves, writes one Event row and publishes it
(workflow.events): the deadlines the declaration ties to the states and the notices of the step are written by
the subscribers in the same transaction. Two people acting on the same record: the second waits on the lock,
then is told that the record changed; nothing is lost and nothing raises a 500.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from . import events
from .declaration import Guard
from .models import Event


class TransitionRefused(Exception):
    """A transition could not be made; the messages are translated and meant for the user.

    ``field`` names the step form's field a message belongs to (shown next to it), None for the whole step.
    """

    def __init__(self, message: str | list[str], *, field: str | None = None):
        self.messages = [str(m) for m in message] if isinstance(message, list | tuple) else [str(message)]
        self.message = " ".join(self.messages)
        self.field = field
        super().__init__(self.message)


class StaleState(TransitionRefused):
    """Someone else changed the record since the user loaded it."""


class TransitionNotPermitted(TransitionRefused):
    """The user may not take this transition."""


def record_event(
    subject: models.Model, verb: str, *, by=None, note: str = "", from_state: str = "", to_state: str = ""
) -> Event:
    """Put something on the subject's record and publish it to the subscribers (workflow.events)."""
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
    events.publish(event, subject)
    return event


def perform_transition(
    instance: models.Model,
    name: str,
    *,
    by,
    note: str = "",
    expected_state: str | None = None,
    system: bool = False,
    **params: Any,
) -> Event:
    """Run the transition method ``name`` on a locked copy of ``instance`` on behalf of ``by``.

    ``expected_state`` is the state the person saw when they chose the action (step forms carry it in a hidden
    field); when it differs from the locked row's state the action is refused as stale. ``system=True`` is for
    scheduled jobs acting on their own (e.g. an agreement reaching its renewal window): no person, no permission
    check, and the event records no actor. Guards are evaluated for everyone, the system included. The method
    receives ``by``, ``note`` and ``params``; it may refuse with TransitionRefused (checks that depend on its
    parameters), which rolls everything back.
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
        field = method._django_fsm.field.attname
        current = getattr(locked, field)
        if expected_state is not None and str(expected_state) != str(current):
            raise StaleState(
                _(
                    "Someone else changed this record while you were looking at it (it is now “%(state)s”). "
                    "Reload the page and try again."
                )
                % {"state": _display_state(locked, field)}
            )
        transition = method._django_fsm.get_transition(current)
        if transition is None:
            raise TransitionRefused(
                _("This action is not possible while the record is “%(state)s”.")
                % {"state": _display_state(locked, field)}
            )
        if not system and (not callable(transition.permission) or not transition.has_perm(locked, by)):
            raise TransitionNotPermitted(_("You are not allowed to take this action on this record."))
        problems = _guard_problems(transition, locked)
        if problems:
            raise TransitionRefused(problems)
        try:
            method(by=by, note=note, **params)
        except ValidationError as exc:
            raise TransitionRefused(exc.messages) from exc
        try:
            locked.save()
        except ConcurrentTransition as exc:
            raise StaleState(
                _("Someone else changed this record at the same moment. Reload the page and try again.")
            ) from exc
        new_state = getattr(locked, field)
        try:
            event = record_event(
                locked, name, by=by, note=note, from_state=str(current), to_state=str(new_state)
            )
        except ValidationError as exc:  # a subscriber refused (e.g. the state's SLA policy was switched off)
            raise TransitionRefused(exc.messages) from exc
    # The caller's copy reflects the outcome.
    instance.__dict__[field] = new_state
    if hasattr(instance, "_update_initial_state"):
        instance._update_initial_state()
    return event


def _guard_problems(transition, instance: models.Model) -> list[str]:
    problems: list[str] = []
    for condition in transition.conditions:
        if isinstance(condition, Guard):
            problems.extend(condition.problems(instance))
        elif not condition(instance):
            problems.append(
                _("A condition of this action is not met (%(name)s).") % {"name": condition.__name__}
            )
    return problems


def _display_state(instance: models.Model, field: str) -> str:
    getter = getattr(instance, f"get_{field}_display", None)
    return str(getter()) if getter else str(getattr(instance, field))
