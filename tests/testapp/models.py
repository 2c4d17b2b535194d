"""A small workflow used only by the tests of the transition service, the event bus and the graph checker."""

from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField

from organization.models import OrgUnit

from .workflows import WidgetState, WidgetTransitions


class Widget(WidgetTransitions, ConcurrentTransitionMixin, models.Model):
    State = WidgetState
    START = State.DRAFT
    FINAL = frozenset({State.APPROVED})

    org = models.ForeignKey(OrgUnit, models.PROTECT)
    name = models.CharField(max_length=50)
    state = FSMField(default=State.DRAFT, choices=State.choices, protected=True)
    submissions = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.name
