"""The hospital-deposit advance's rules (住院费用垫付, seed 003 附件二 "重疾住院费用垫付服务流程"), pure functions over plain
data: no ORM, no request. Each result carries the figures and the rule that produced it (``terms.Reason``).

The seed's sentences, and the boundaries decided from them:

* "客户致电我司客服热线申请住院费用直付服务(工作时间:周一至周五9:30至18:00)" — an application is taken within the
  product's service hours, both ends included ("至"): 09:30:00 and 18:00:00 are in, 09:29:59 and 18:00:01 are out;
  Monday to Friday when the product says so (the seed names weekdays, not the holiday calendar: a statutory holiday
  that falls on a weekday is not excluded by this sentence). Outside them the application is **refused with the
  hours** — the hotline is closed then, so there is no application to time; the customer calls again when it opens.
* "客户出院前(至少提早一天)通知我司" — the notice is given at least the product's number of days before the discharge
  day ("至少" includes the number): with one day, notice on the 9th for discharge on the 10th is in time, notice on
  the discharge day itself is not.
* "我司将安排工作人员于出院日进行出院结算并收集相关理赔材料" — the settlement is made on the discharge day: it cannot be
  recorded before it (late is late: the clock shows it), and the claim file is collected with it.
* Reconciliation: every yuan advanced (deposit and top-ups) is either applied to the hospital bill or refunded by the
  hospital; any difference is shown and blocks closing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .terms import Reason

ZERO = Decimal("0.00")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# --- service hours ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ServiceHours:
    """A product's hotline hours; ``None`` values: the manual does not state them (then any time is accepted)."""

    hours_from: datetime.time | None = None
    hours_until: datetime.time | None = None
    weekdays_only: bool | None = None
    text: str = ""  # the manual's own words, e.g. "周一至周五9:30至18:00"


def hours_problem(local: datetime.datetime, hours: ServiceHours) -> Reason | None:
    """Why an application at ``local`` (a wall-clock time in Asia/Shanghai) is outside the product's service hours,
    or None when it is within them (both ends included) or the product states no hours."""
    figures = {"hours": hours.text or _hours_text(hours), "when": local.strftime("%Y-%m-%d %H:%M")}
    if hours.weekdays_only and local.weekday() >= 5:
        return Reason(
            "outside_weekdays",
            _(
                "Applications are taken %(hours)s; %(when)s is a weekend. Ask the customer to call again then."
            ),
            figures,
        )
    if hours.hours_from is None or hours.hours_until is None:
        return None
    moment = local.time().replace(tzinfo=None)
    if moment < hours.hours_from or moment > hours.hours_until:
        return Reason(
            "outside_hours",
            _(
                "Applications are taken %(hours)s; %(when)s is outside those hours. Ask the customer to call "
                "again then."
            ),
            figures,
        )
    return None


def _hours_text(hours: ServiceHours) -> str:
    if hours.hours_from is None or hours.hours_until is None:
        return ""
    span = f"{hours.hours_from:%H:%M}–{hours.hours_until:%H:%M}"
    return f"周一至周五 {span}" if hours.weekdays_only else span


# --- discharge -----------------------------------------------------------------------------------------------------
def discharge_notice_problem(
    notified_on: datetime.date, discharge_on: datetime.date, days_before: int
) -> Reason | None:
    """ "客户出院前(至少提早一天)通知我司": the notice must come at least ``days_before`` days before the discharge day
    (the number included). None: in time."""
    earliest = notified_on + datetime.timedelta(days=days_before)
    if discharge_on < earliest:
        return Reason(
            "notice_too_late",
            _(
                "The customer must give notice at least %(days)s day(s) before discharge (出院前至少提早一天): with "
                "notice on %(notified)s the discharge day can be %(earliest)s at the earliest, not %(discharge)s."
            ),
            {"days": days_before, "notified": notified_on, "earliest": earliest, "discharge": discharge_on},
        )
    return None


def settlement_day_problem(today: datetime.date, discharge_on: datetime.date) -> Reason | None:
    """ "于出院日进行出院结算": the settlement is made on the discharge day, never before it."""
    if today < discharge_on:
        return Reason(
            "before_discharge",
            _("The discharge settlement is made on the discharge day (%(discharge)s), not before it."),
            {"discharge": discharge_on},
        )
    return None


# --- the product's service levels as clocks ------------------------------------------------------------------------
def clock_terms(unit: str, duration: int, *, from_day_start: bool = False) -> tuple[str, int]:
    """A product step's duration as the SLA engine's (clock kind, duration).

    Working days stay working days (due at the end of the last one). Calendar days become hours: ``duration`` days
    after the start; counted from the start of a day (``from_day_start``: "于出院日", 0 days = by the end of that
    day) they run to the end of the day ``duration`` days later, i.e. ``24 × (duration + 1)`` hours."""
    if unit == "working_days":
        return ("working_days", duration)
    if unit == "hours":
        return ("hours", duration)
    if unit == "calendar_days":
        return ("hours", 24 * (duration + 1) if from_day_start else 24 * duration)
    raise ValueError(f"unknown unit {unit!r}")


# --- reconciliation ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reconciliation:
    advanced: Decimal  # the deposit and every top-up paid at the hospital
    bill_total: Decimal  # the hospital bill at discharge
    applied: Decimal  # the part of the advance the hospital applied to the bill
    refunded: Decimal  # what the hospital paid back of the advance
    customer_pays: Decimal  # the rest of the bill, the customer's to pay at the hospital
    difference: Decimal  # advanced − applied − refunded: zero when every yuan is accounted for
    problems: tuple[Reason, ...]
    explanation: tuple[Reason, ...]

    @property
    def balances(self) -> bool:
        return not self.problems


def reconcile(
    payments: list[Decimal] | tuple[Decimal, ...],
    *,
    bill_total: Decimal,
    applied: Decimal,
    refunded: Decimal,
) -> Reconciliation:
    """Advanced total = applied to the bill + refunded by the hospital; the customer pays the rest of the bill."""
    advanced = sum((Decimal(p) for p in payments), ZERO)
    difference = advanced - applied - refunded
    customer_pays = max(bill_total - applied, ZERO)
    problems: list[Reason] = []
    if applied > bill_total:
        problems.append(
            Reason(
                "applied_over_bill",
                _("¥%(applied)s is applied to a bill of ¥%(bill)s: more than the bill."),
                {"applied": applied, "bill": bill_total},
            )
        )
    if difference > 0:
        problems.append(
            Reason(
                "unaccounted",
                _(
                    "¥%(difference)s of the ¥%(advanced)s advanced is neither applied to the bill nor refunded: "
                    "find it before closing."
                ),
                {"difference": difference, "advanced": advanced},
            )
        )
    elif difference < 0:
        problems.append(
            Reason(
                "over_accounted",
                _(
                    "Applied and refunded come to ¥%(accounted)s, ¥%(excess)s more than the ¥%(advanced)s advanced: "
                    "check the figures before closing."
                ),
                {"accounted": applied + refunded, "excess": -difference, "advanced": advanced},
            )
        )
    explanation = (
        Reason(
            "advanced",
            _("Advanced: ¥%(advanced)s in %(count)s payment(s) (deposit and top-ups)."),
            {"advanced": advanced, "count": len(payments)},
        ),
        Reason(
            "accounted",
            _("Applied to the bill ¥%(applied)s + refunded by the hospital ¥%(refunded)s = ¥%(accounted)s."),
            {"applied": applied, "refunded": refunded, "accounted": applied + refunded},
        ),
        Reason(
            "customer",
            _("Hospital bill ¥%(bill)s − applied ¥%(applied)s = ¥%(customer)s for the customer to pay."),
            {"bill": bill_total, "applied": applied, "customer": customer_pays},
        ),
    )
    return Reconciliation(
        advanced=advanced,
        bill_total=bill_total,
        applied=applied,
        refunded=refunded,
        customer_pays=customer_pays,
        difference=difference,
        problems=tuple(problems),
        explanation=explanation,
    )
