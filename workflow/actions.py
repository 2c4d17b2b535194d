"""Taking a declared step from a submitted form: the use case every workflow page shares.

The view fetches the record (permission-checked), calls :func:`take_step` with the POST data, and renders the
outcome; the step's form validates the parameters, ``perform_transition`` decides under the lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from .declaration import Workflow
from .models import Event
from .services import TransitionNotPermitted, TransitionRefused, perform_transition


@dataclass
class StepOutcome:
    form: object
    event: Event | None = None

    @property
    def done(self) -> bool:
        return self.event is not None

    def errors(self) -> list[str]:
        """Every message of the form, field by field, for a toast when the form is not shown again."""
        messages = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else None
            messages.extend(f"{label}: {error}" if label else str(error) for error in errors)
        return messages


class UnknownStep(LookupError):
    """No offered step of this workflow has that name (the view answers 404)."""


def take_step(workflow: Workflow, instance: models.Model, name: str, data, *, by) -> StepOutcome:
    """Validate the step's parameters and take it. TransitionNotPermitted propagates (the view answers 403)."""
    step = workflow.steps.get(name)
    if step is None or not step.offered or name not in workflow.transition_names():
        raise UnknownStep(name)
    # Who may take it is answered before the form is read: a person without the permission is refused, not
    # shown form errors. (perform_transition asks again under the lock.)
    transition = getattr(instance, name)._django_fsm.get_transition(getattr(instance, workflow.field))
    if transition is not None and not transition.has_perm(instance, by):
        raise TransitionNotPermitted(name)
    form = step.form_class(data, instance=instance, auto_id=f"id_{name}_%s")
    if not form.is_valid():
        return StepOutcome(form)
    try:
        event = perform_transition(
            instance,
            name,
            by=by,
            note=form.cleaned_data.get("note", ""),
            expected_state=form.cleaned_data["expected_state"],
            **form.params(),
        )
    except TransitionNotPermitted:
        raise
    except TransitionRefused as exc:
        field = exc.field if exc.field in form.fields else None
        for message in exc.messages:
            form.add_error(field, message)
        return StepOutcome(form)
    return StepOutcome(form, event)
