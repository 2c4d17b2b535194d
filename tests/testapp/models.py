"""A small workflow used only by the tests of the transition service and the workflow graph checker."""

import rules
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from organization.models import OrgUnit
from organization.roles import Role


@rules.predicate
def is_branch_staff(user, widget) -> bool:
    return (
        widget is not None
        and user.is_authenticated
        and OrgUnit.objects.visible_to(user).filter(pk=widget.org_id).exists()
    )


@rules.predicate
def is_hq_approver(user, widget) -> bool:
    return widget is not None and user.is_authenticated and user.has_role(Role.HQ_NETWORK_APPROVER)


# Transitions name permissions; django-rules answers them through user.has_perm(name, widget).
rules.add_perm("testapp.edit_widget", is_branch_staff)
rules.add_perm("testapp.decide_widget", is_hq_approver)


class Widget(ConcurrentTransitionMixin, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    START = State.DRAFT
    FINAL = frozenset({State.APPROVED})

    org = models.ForeignKey(OrgUnit, models.PROTECT)
    name = models.CharField(max_length=50)
    state = FSMField(default=State.DRAFT, choices=State.choices, protected=True)
    submissions = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.name

    @transition(field=state, source=State.DRAFT, target=State.SUBMITTED, permission="testapp.edit_widget")
    def submit(self, by=None):
        self.submissions += 1

    @transition(
        field=state, source=State.SUBMITTED, target=State.APPROVED, permission="testapp.decide_widget"
    )
    def approve(self, by=None):
        pass

    @transition(
        field=state, source=State.SUBMITTED, target=State.REJECTED, permission="testapp.decide_widget"
    )
    def reject(self, by=None):
        pass

    @transition(field=state, source=State.REJECTED, target=State.DRAFT, permission="testapp.edit_widget")
    def reopen(self, by=None):
        pass
