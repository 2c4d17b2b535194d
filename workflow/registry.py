"""The registered workflows (each app registers its own in ``AppConfig.ready()``) and the labels of events."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from .declaration import Workflow

_WORKFLOWS: dict[str, Workflow] = {}
# model label ("hospitals.hospital") -> verb -> label: events on records that have no workflow of their own.
_EVENT_LABELS: dict[str, dict[str, str]] = {}


def register(workflow: Workflow) -> Workflow:
    other = _WORKFLOWS.get(workflow.name)
    if other is not None and other is not workflow:
        raise ImproperlyConfigured(f"Two workflows are called {workflow.name!r}")
    _WORKFLOWS[workflow.name] = workflow
    return workflow


def workflows() -> list[Workflow]:
    return sorted(_WORKFLOWS.values(), key=lambda workflow: workflow.name)


def for_model(model: type[models.Model]) -> Workflow | None:
    label = model._meta.label_lower
    for workflow in _WORKFLOWS.values():
        if workflow.model.lower() == label:
            return workflow
    return None


def for_instance(instance: models.Model) -> Workflow | None:
    return for_model(type(instance))


def register_event_labels(model: str, labels: dict[str, str]) -> None:
    """Labels of the events ``record_event`` puts on records of ``model`` ("app_label.Model")."""
    _EVENT_LABELS.setdefault(model.lower(), {}).update(labels)


def event_label(model_label: str, verb: str) -> str:
    """What an event on a record of this model means, in the reader's language (the verb itself if unknown)."""
    model_label = model_label.lower()
    for workflow in _WORKFLOWS.values():
        if workflow.model.lower() == model_label:
            label = workflow.event_label(verb)
            if label is not None:
                return label
    label = _EVENT_LABELS.get(model_label, {}).get(verb) or _EVENT_LABELS.get("*", {}).get(verb)
    return str(label) if label is not None else verb.replace("_", " ")


def state_label(model_label: str, value: str) -> str:
    for workflow in _WORKFLOWS.values():
        if workflow.model.lower() == model_label.lower():
            return workflow.state_label(value)
    return value
