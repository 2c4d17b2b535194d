"""The Widget's process, declared like every workflow of the product: transitions in a mixin, the rest here."""

import rules
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from organization.roles import Role
from organization.scoping import scope_for
from workflow.declaration import Clock, Notice, Step, Workflow, allowed, guard
from workflow.forms import ReasonsForm


class WidgetState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


@rules.predicate
def is_branch_staff(user, widget) -> bool:
    if widget is None or not user.is_authenticated:
        return False
    scope = scope_for(user)
    return not scope.is_hq and scope.covers(widget.org_id)


@rules.predicate
def is_hq_approver(user, widget) -> bool:
    return widget is not None and user.is_authenticated and user.has_role(Role.HQ_NETWORK_APPROVER)


@guard
def has_a_name(widget):
    if not widget.name.strip():
        return "Give the widget a name before submitting it."
    return None


class WidgetTransitions:
    @transition(
        field="state",
        source=WidgetState.DRAFT,
        target=WidgetState.SUBMITTED,
        permission=allowed(is_branch_staff),
        conditions=[has_a_name],
    )
    def submit(self, by=None, note=""):
        self.submissions += 1

    @transition(
        field="state",
        source=WidgetState.SUBMITTED,
        target=WidgetState.APPROVED,
        permission=allowed(is_hq_approver),
    )
    def approve(self, by=None, note=""):
        pass

    @transition(
        field="state",
        source=WidgetState.SUBMITTED,
        target=WidgetState.REJECTED,
        permission=allowed(is_hq_approver),
    )
    def reject(self, by=None, note=""):
        pass

    @transition(
        field="state",
        source=WidgetState.REJECTED,
        target=WidgetState.DRAFT,
        permission=allowed(is_branch_staff),
    )
    def reopen(self, by=None, note=""):
        pass


def branch_heads(widget):
    from organization.models import User

    return User.objects.filter(org=widget.org, groups__name=Role.BRANCH_CLAIMS_HEAD)


WIDGET = Workflow(
    name="testapp.widget",
    model="testapp.Widget",
    states=WidgetState,
    start=WidgetState.DRAFT,
    finals=frozenset({WidgetState.APPROVED}),
    steps={
        "submit": Step(_("Submit"), "Submitted"),
        "approve": Step("Approve", "Approved", notices=(Notice("testapp.decided", to=branch_heads),)),
        "reject": Step(
            "Reject",
            "Rejected",
            form=ReasonsForm,
            style="secondary",
            notices=(Notice("testapp.decided", to=branch_heads),),
        ),
        "reopen": Step("Reopen", "Reopened"),
    },
    clocks=(
        Clock(WidgetState.SUBMITTED, "test_review", "Review of %(name)s", cancel_on=frozenset({"reject"})),
    ),
    context=lambda widget: {"name": widget.name},
)
