"""Events as people read them: the label of what happened and of the states, from the registered declarations."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from . import registry


def describe(events: Iterable) -> list[dict]:
    """One row per event: the event, what happened ("Submitted to HQ"), and the states it left and entered."""
    rows = []
    for event in events:
        model = ContentType.objects.get_for_id(event.content_type_id).model_class()
        label = model._meta.label_lower if model is not None else ""
        rows.append(
            {
                "event": event,
                "label": registry.event_label(label, event.verb),
                "from_state": registry.state_label(label, event.from_state) if event.from_state else "",
                "to_state": registry.state_label(label, event.to_state) if event.to_state else "",
            }
        )
    return rows
