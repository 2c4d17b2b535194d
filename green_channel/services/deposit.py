"""Use cases of the hospital-deposit advance (住院费用垫付, seed 003 附件二): take the application within the product's
service hours, and take each step of the process (``green_channel.workflows.deposit``) — the payments with their
receipts, the discharge notice, the settlement and its reconciliation. Rules: ``green_channel.deposit_rules``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflow.models import Event
from workflow.services import TransitionNotPermitted, TransitionRefused, perform_transition, record_event

from .. import deposit_rules as rule
from ..choices import ServiceKind
from ..models import DepositAdvance, Policy, ProductService
from ..rules import can_work_deposits
from ..selectors import entitlements_for_policy
from ..terms import Status
from ..workflows.deposit import DEPOSIT, OPEN

REFUSING = frozenset({Status.NOT_YET, Status.USED_UP, Status.NOT_COVERED})


def deposit_service(policy: Policy) -> ProductService | None:
    """The policy's product service of kind "deposit advance" (None: its product has none)."""
    return (
        ProductService.objects.filter(product_id=policy.product_id, kind=ServiceKind.DEPOSIT_ADVANCE)
        .order_by("order", "pk")
        .first()
    )


def service_hours(policy: Policy) -> rule.ServiceHours:
    product = policy.product
    return rule.ServiceHours(
        hours_from=product.hours_from,
        hours_until=product.hours_until,
        weekdays_only=product.weekdays_only,
        text=product.service_hours,
    )


def refusal(policy: Policy, applied_at) -> list[str]:
    """Why an application on this policy at ``applied_at`` cannot be taken (empty: it can)."""
    service = deposit_service(policy)
    if service is None:
        return [_("This policy's product has no hospital-deposit advance service.")]
    problems = []
    local = timezone.localtime(applied_at)
    reason = rule.hours_problem(local, service_hours(policy))
    if reason is not None:
        problems.append(str(reason))
    entitlement = entitlements_for_policy(policy.pk, on=local.date()).service(str(service.pk))
    if entitlement.status in REFUSING:
        problems.extend(str(r) for r in entitlement.reasons)
    if DepositAdvance.objects.filter(policy=policy, state__in=sorted(OPEN)).exists():
        problems.append(_("This policy already has a deposit advance under way."))
    return problems


@transaction.atomic
def apply_for_advance(
    policy: Policy, *, applied_at, by, hospital=None, hospital_name: str = "", note: str = ""
) -> DepositAdvance:
    """ "客户致电我司客服热线申请住院费用直付服务(工作时间:周一至周五9:30至18:00)": the agent records the call. Refused with
    every reason (outside the hours, not entitled, one already under way); nothing is saved then."""
    if not can_work_deposits(by, policy):
        raise PermissionDenied
    policy = Policy.objects.select_for_update().select_related("product", "insured").get(pk=policy.pk)
    problems = refusal(policy, applied_at)
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            advance = DepositAdvance.objects.create(
                policy=policy,
                service=deposit_service(policy),
                org=policy.org,
                hospital=hospital,
                hospital_name="" if hospital else hospital_name.strip(),
                applied_at=applied_at,
                created_by=by,
            )
    except IntegrityError as exc:  # another agent took the same call at the same moment
        raise ValidationError(_("This policy already has a deposit advance under way.")) from exc
    record_event(advance, "applied", by=by, to_state=advance.state, note=note.strip())
    return advance


# --- steps ---------------------------------------------------------------------------------------------------------
class UnknownStep(LookupError):
    """No offered step of the deposit advance has that name (the view answers 404)."""


@dataclass
class Outcome:
    form: object
    event: Event | None = None

    @property
    def done(self) -> bool:
        return self.event is not None


def step_form(name: str, advance: DepositAdvance, data=None, files=None):
    step = DEPOSIT.steps.get(name)
    if step is None or not step.offered or name not in DEPOSIT.transition_names():
        raise UnknownStep(name)
    return step.form_class(data, files, instance=advance, auto_id=f"id_{name}_%s")


def take_step(advance: DepositAdvance, name: str, data, files, *, by) -> Outcome:
    """Validate the step's form (a receipt is checked by its content) and take it under the row lock. A stale state
    (someone else acted first) or a rule refusing it comes back as the form's errors; nothing changes then."""
    form = step_form(name, advance, data, files)
    transition = getattr(advance, name)._django_fsm.get_transition(advance.state)
    if transition is not None and not transition.has_perm(advance, by):
        raise TransitionNotPermitted(name)
    if not form.is_valid():
        return Outcome(form)
    try:
        event = perform_transition(
            advance,
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
        return Outcome(form)
    return Outcome(form, event)
