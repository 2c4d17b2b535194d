"""The hospital-deposit advance (住院费用垫付, seed 003 附件二 "重疾住院费用垫付服务流程"), declared once.

"客户致电我司客服热线申请住院费用直付服务(工作时间:周一至周五9:30至18:00) → 客服在线核实保单信息、登记客户邮箱及联系方式 →
我司工作人员在1个工作日内联系客户,收取索赔资料 → 收取资料后,我司会在3个工作天内确认是否直付费用 → 确认责任,我司安排人员前往
医院交纳住院押金,押金单由我司保管 → 如需续费,客户请联系客服申请,我司在下一个工作日安排人员前往医院核实费用,及交纳押金 →
客户出院前(至少提早一天)通知我司,我司将安排工作人员于出院日进行出院结算并收集相关理赔材料。"

* **applied** — taken within the product's service hours (``deposit_rules.hours_problem``); the contact clock runs.
* **contacted** — the customer contacted and the claim documents collected; the liability clock runs from them.
* **liability_confirmed** / **declined** — 确认是否直付费用, a refusal with its reasons.
* **deposit_paid** — the deposit paid at the hospital, its receipt (押金单) uploaded; the use is counted.
* **top_up_requested** → (``top_up``) **deposit_paid** again — as often as the stay needs; the top-up clock runs.
* **discharge_notified** — at least the product's days before the discharge day; the settlement clock runs to the
  end of the discharge day.
* **settled** — the discharge settlement on the discharge day and the claim file collected; its figures may be
  corrected (the hospital's refund often comes later) until they reconcile.
* **closed** — every yuan advanced is applied to the bill or refunded (``deposit_rules.reconcile``).
* **withdrawn** — the customer gives it up before any money is paid.

Every clock's duration is the product's (its ``ServiceStep``); a step the product does not state has no clock. The
SLA policies (``green_channel.policies``) give the warning and the escalation.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import transition

from workflow.declaration import Clock, Step, Workflow, allowed, guard
from workflow.forms import ReasonsForm
from workflow.services import TransitionRefused

from .. import deposit_rules as rule
from ..choices import StepCode
from ..forms.deposit import DischargeNoticeForm, PaymentForm, SettlementForm, TopUpRequestForm
from ..rules import can_work_deposits


class DepositState(models.TextChoices):
    APPLIED = "applied", gettext_lazy("Applied: contact the customer")
    CONTACTED = "contacted", gettext_lazy("Contacted, claim documents collected")
    LIABILITY_CONFIRMED = "liability_confirmed", gettext_lazy("Liability confirmed: pay the deposit")
    DECLINED = "declined", gettext_lazy("Liability declined")
    DEPOSIT_PAID = "deposit_paid", gettext_lazy("Deposit paid at the hospital")
    TOP_UP_REQUESTED = "top_up_requested", gettext_lazy("Top-up requested")
    DISCHARGE_NOTIFIED = "discharge_notified", gettext_lazy("Discharge notified")
    SETTLED = "settled", gettext_lazy("Settled at discharge, claim file collected")
    CLOSED = "closed", gettext_lazy("Closed: reconciled")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


S = DepositState
# One advance at a time per policy: these states hold it open (a unique constraint on the model).
OPEN = frozenset(
    {
        S.APPLIED,
        S.CONTACTED,
        S.LIABILITY_CONFIRMED,
        S.DEPOSIT_PAID,
        S.TOP_UP_REQUESTED,
        S.DISCHARGE_NOTIFIED,
        S.SETTLED,
    }
)
# Money is at the hospital from the first deposit on: the customer cannot simply withdraw, it is settled.
MONEY_OUT = frozenset({S.DEPOSIT_PAID, S.TOP_UP_REQUESTED, S.DISCHARGE_NOTIFIED, S.SETTLED, S.CLOSED})
PAYMENT_STEPS = frozenset({"pay_deposit", "top_up"})


def today() -> datetime.date:
    return timezone.localdate()


# --- guards ------------------------------------------------------------------------------------------------------
@guard
def on_or_after_discharge_day(advance):
    """ "我司将安排工作人员于出院日进行出院结算": not before the discharge day."""
    if advance.planned_discharge_on is None:
        return _("The discharge day is not known: the customer's notice gives it.")
    reason = rule.settlement_day_problem(today(), advance.planned_discharge_on)
    return str(reason) if reason else None


@guard
def reconciled(advance):
    """Every yuan advanced is applied to the bill or refunded; the claim file is collected."""
    result = advance.reconciliation()
    if result is None:
        return _("Record the discharge settlement first.")
    problems = [str(reason) for reason in result.problems]
    if not advance.settlement.claim_file_collected:
        problems.append(_("Collect the claim file (理赔材料) before closing."))
    return problems


class DepositTransitions:
    """The transitions of ``green_channel.models.DepositAdvance``."""

    @transition(field="state", source=S.APPLIED, target=S.CONTACTED, permission=allowed(can_work_deposits))
    def record_contact(self, by=None, note=""):
        """ "我司工作人员在1个工作日内联系客户,收取索赔资料": the liability clock runs from the documents."""
        now = timezone.now()
        self.contacted_at = now
        self.documents_received_at = now

    @transition(
        field="state",
        source=S.CONTACTED,
        target=S.LIABILITY_CONFIRMED,
        permission=allowed(can_work_deposits),
    )
    def confirm_liability(self, by=None, note=""):
        """ "收取资料后,我司会在3个工作天内确认是否直付费用" — yes."""
        self.liability_decided_at, self.liability_decided_by = timezone.now(), by
        self.liability_reason = note.strip()

    @transition(field="state", source=S.CONTACTED, target=S.DECLINED, permission=allowed(can_work_deposits))
    def decline_liability(self, by=None, note=""):
        """— no, with the reasons the customer is told."""
        if not note.strip():
            raise TransitionRefused(_("Give the reasons: the customer is told them."), field="note")
        self.liability_decided_at, self.liability_decided_by = timezone.now(), by
        self.liability_reason = note.strip()

    @transition(
        field="state",
        source=S.LIABILITY_CONFIRMED,
        target=S.DEPOSIT_PAID,
        permission=allowed(can_work_deposits),
    )
    def pay_deposit(self, by=None, note="", amount=None, paid_on=None, receipt=None):
        """ "确认责任,我司安排人员前往医院交纳住院押金,押金单由我司保管": the deposit and its receipt; the use counted."""
        self.add_payment("deposit", amount=amount, paid_on=paid_on, receipt=receipt, by=by)
        apps.get_model("green_channel", "ServiceUse").objects.create(
            policy_id=self.policy_id,
            service_id=self.service_id,
            used_on=paid_on,
            note=_("Hospital-deposit advance %(number)s") % {"number": self.pk},
        )

    @transition(
        field="state",
        source=[S.DEPOSIT_PAID, S.DISCHARGE_NOTIFIED],
        target=S.TOP_UP_REQUESTED,
        permission=allowed(can_work_deposits),
    )
    def request_top_up(self, by=None, note="", amount=None):
        """ "如需续费,客户请联系客服申请": the top-up clock runs from the request (a notified discharge is off)."""
        self.top_up_requested_at = timezone.now()
        self.top_up_requested_amount = amount
        self.planned_discharge_on = None
        self.discharge_notified_at = None

    @transition(
        field="state",
        source=S.TOP_UP_REQUESTED,
        target=S.DEPOSIT_PAID,
        permission=allowed(can_work_deposits),
    )
    def top_up(self, by=None, note="", amount=None, paid_on=None, receipt=None):
        """ "我司在下一个工作日安排人员前往医院核实费用,及交纳押金": the top-up and its receipt."""
        requested = timezone.localtime(self.top_up_requested_at).date() if self.top_up_requested_at else None
        if paid_on is not None and requested is not None and paid_on < requested:
            raise TransitionRefused(
                _("A top-up is paid on or after the day it was requested (%(day)s).")
                % {"day": requested.isoformat()},
                field="paid_on",
            )
        self.add_payment("top_up", amount=amount, paid_on=paid_on, receipt=receipt, by=by)
        self.top_up_requested_at = None
        self.top_up_requested_amount = None

    @transition(
        field="state",
        source=S.DEPOSIT_PAID,
        target=S.DISCHARGE_NOTIFIED,
        permission=allowed(can_work_deposits),
    )
    def notify_discharge(self, by=None, note="", discharge_on=None):
        """ "客户出院前(至少提早一天)通知我司": at least the product's days before the discharge day."""
        step = self.step(StepCode.DISCHARGE_NOTICE)
        if step is not None:
            reason = rule.discharge_notice_problem(today(), discharge_on, step.duration)
            if reason is not None:
                raise TransitionRefused(str(reason), field="discharge_on")
        elif discharge_on < today():
            raise TransitionRefused(_("The discharge day cannot be in the past."), field="discharge_on")
        self.planned_discharge_on = discharge_on
        self.discharge_notified_at = timezone.now()

    @transition(
        field="state",
        source=S.DISCHARGE_NOTIFIED,
        target=S.SETTLED,
        permission=allowed(can_work_deposits),
        conditions=[on_or_after_discharge_day],
    )
    def settle(self, by=None, note="", **figures):
        """ "于出院日进行出院结算并收集相关理赔材料": the hospital's bill, what the advance paid of it, the refund."""
        self.record_settlement(by=by, **figures)

    @transition(field="state", source=S.SETTLED, target=S.SETTLED, permission=allowed(can_work_deposits))
    def correct_settlement(self, by=None, note="", **figures):
        """The figures corrected (the hospital's refund arrived, a bill was revised) until they reconcile."""
        self.record_settlement(by=by, **figures)

    @transition(
        field="state",
        source=S.SETTLED,
        target=S.CLOSED,
        permission=allowed(can_work_deposits),
        conditions=[reconciled],
    )
    def close(self, by=None, note=""):
        """Reconciled: advanced = applied to the bill + refunded."""
        self.closed_at = timezone.now()

    @transition(
        field="state",
        source=[S.APPLIED, S.CONTACTED, S.LIABILITY_CONFIRMED],
        target=S.WITHDRAWN,
        permission=allowed(can_work_deposits),
    )
    def withdraw(self, by=None, note=""):
        """The customer gives the advance up before any money is paid."""
        if not note.strip():
            raise TransitionRefused(_("Say why the advance is withdrawn."), field="note")
        self.closed_at = timezone.now()


# --- clocks: the product's durations ------------------------------------------------------------------------------
def _terms(code: str, *, from_day_start: bool = False):
    def terms(advance):
        step = advance.step(code)
        if step is None:
            return None
        return rule.clock_terms(step.unit, step.duration, from_day_start=from_day_start)

    terms.__name__ = f"terms_{code}"
    return terms


def _discharge_day_start(advance):
    if advance.planned_discharge_on is None:
        return None
    return datetime.datetime.combine(
        advance.planned_discharge_on, datetime.time(0, 0), tzinfo=timezone.get_current_timezone()
    )


CLOCKS = (
    Clock(
        S.APPLIED,
        "gc_deposit_contact",
        gettext_lazy("Contact %(insured)s and collect the claim documents (%(policy)s)"),
        cancel_on=frozenset({"withdraw"}),
        start=lambda advance: advance.applied_at,
        terms=_terms(StepCode.CONTACT),
    ),
    Clock(
        S.CONTACTED,
        "gc_deposit_liability",
        gettext_lazy("Confirm liability for the deposit advance of %(insured)s (%(policy)s)"),
        cancel_on=frozenset({"withdraw"}),
        start=lambda advance: advance.documents_received_at,
        terms=_terms(StepCode.LIABILITY),
    ),
    Clock(
        S.TOP_UP_REQUESTED,
        "gc_deposit_top_up",
        gettext_lazy("Top up the hospital deposit of %(insured)s (%(policy)s)"),
        start=lambda advance: advance.top_up_requested_at,
        terms=_terms(StepCode.DEPOSIT_TOP_UP),
    ),
    Clock(
        S.DISCHARGE_NOTIFIED,
        "gc_deposit_settlement",
        gettext_lazy("Discharge settlement of %(insured)s on the discharge day (%(policy)s)"),
        cancel_on=frozenset({"request_top_up"}),
        start=_discharge_day_start,
        terms=_terms(StepCode.DISCHARGE_SETTLEMENT, from_day_start=True),
    ),
)

DEPOSIT = Workflow(
    name="green_channel.deposit",
    model="green_channel.DepositAdvance",
    states=DepositState,
    start=S.APPLIED,
    finals=frozenset({S.DECLINED, S.CLOSED, S.WITHDRAWN}),
    steps={
        "record_contact": Step(
            gettext_lazy("Customer contacted, claim documents collected"),
            gettext_lazy("Customer contacted and claim documents collected"),
        ),
        "confirm_liability": Step(
            gettext_lazy("Confirm liability (direct payment)"), gettext_lazy("Liability confirmed")
        ),
        "decline_liability": Step(
            gettext_lazy("Decline liability"),
            gettext_lazy("Liability declined"),
            form=ReasonsForm,
            style="secondary",
        ),
        "pay_deposit": Step(
            gettext_lazy("Record the deposit paid"),
            gettext_lazy("Deposit paid at the hospital"),
            form=PaymentForm,
        ),
        "request_top_up": Step(
            gettext_lazy("Record a top-up request"),
            gettext_lazy("Top-up requested"),
            form=TopUpRequestForm,
        ),
        "top_up": Step(
            gettext_lazy("Record the top-up paid"),
            gettext_lazy("Deposit topped up at the hospital"),
            form=PaymentForm,
        ),
        "notify_discharge": Step(
            gettext_lazy("Record the discharge notice"),
            gettext_lazy("Discharge notified"),
            form=DischargeNoticeForm,
        ),
        "settle": Step(
            gettext_lazy("Record the discharge settlement"),
            gettext_lazy("Settled at discharge, claim file collected"),
            form=SettlementForm,
        ),
        "correct_settlement": Step(
            gettext_lazy("Correct the settlement figures"),
            gettext_lazy("Settlement figures corrected"),
            form=SettlementForm,
            style="secondary",
        ),
        "close": Step(gettext_lazy("Close: reconciled"), gettext_lazy("Closed: reconciled")),
        "withdraw": Step(
            gettext_lazy("Withdraw the advance"),
            gettext_lazy("Advance withdrawn"),
            form=ReasonsForm,
            style="secondary",
        ),
    },
    clocks=CLOCKS,
    event_labels={
        "applied": gettext_lazy("Deposit advance applied for"),
    },
    context=lambda advance: {"insured": advance.policy.insured.name, "policy": advance.policy.number},
)
