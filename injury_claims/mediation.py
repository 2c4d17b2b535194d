"""Mediation for an injured person (人伤调解, seed 001 p8–10, p20–22): who may mediate, what a plan must hold and
whether an agreement stays within the approved plan.

Pure functions over plain data (no ORM, no request); every result explains itself.

Who (p8): "人伤调解工作对调解人员的工作要求较高，需要得到省公司的培训和授权后方可开展调解工作，省公司定期对调解工作进行考核与管理".
The plan (p8): "调解人员先拟定调解方案，经医疗审核人员审核同意后，方可在方案内进行调解". The process (p20–21): "是否调解 → 是 →
拟定调解方案 → 调解方案审核 → 是否审核通过 → 否: 人伤正常跟踪或调整方案 / 是: 签订协议 → 费用审核通过".

Boundaries, decided here (README, "Mediation"):

* An authorisation is current **on** its expiry day (``valid until 2026-12-31`` mediates on 2026-12-31, not on
  2027-01-01), and from its training day on.
* "在方案内" — within the plan — includes the plan's amounts: an agreed item **equal** to its planned amount is within
  the plan, one cent more is not; the same for the plan's total (the most the mediator may agree in all). The
  agreement is within the plan only when **every** item is within its planned amount **and** the sum is within
  the plan's total, and it agrees only items the plan holds.
* A plan's total may be lower than the sum of its items (the mediator aims below the items' maxima), never higher.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

ZERO = Decimal("0")


def yuan(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


@dataclass(frozen=True)
class Authorisation:
    """A person's mediator authorisation as recorded (organization.User.mediator_*)."""

    has_role: bool
    trained_on: datetime.date | None
    authorised_by: str  # the province's code, "" when none
    valid_until: datetime.date | None


def authorisation_problems(authorisation: Authorisation, on: datetime.date) -> list[str]:
    """Why this person may not mediate on ``on`` (empty: they may). p8: trained and authorised by the province."""
    problems = []
    if not authorisation.has_role:
        problems.append(_("Only mediators mediate: you do not hold the mediator role."))
    if not (authorisation.trained_on and authorisation.authorised_by and authorisation.valid_until):
        problems.append(_("No mediator authorisation from the province is recorded for you."))
        return problems
    if authorisation.trained_on > on:
        problems.append(
            _("Your mediator training is dated %(day)s: you mediate from that day.")
            % {"day": authorisation.trained_on.isoformat()}
        )
    if authorisation.valid_until < on:
        problems.append(
            _(
                "Your mediator authorisation expired on %(day)s: the province must renew it before you mediate."
            )
            % {"day": authorisation.valid_until.isoformat()}
        )
    return problems


@dataclass(frozen=True)
class Line:
    """One item of the plan against the agreement."""

    code: str
    planned: Decimal
    agreed: Decimal | None
    within: bool


@dataclass(frozen=True)
class Check:
    """Whether an agreement stays within the approved plan, item by item and in total."""

    problems: list[str] = field(default_factory=list)
    lines: tuple[Line, ...] = ()
    planned_total: Decimal = ZERO  # the plan's total: the most in all
    agreed_total: Decimal = ZERO

    @property
    def within(self) -> bool:
        return not self.problems


def plan_problems(
    items: Mapping[str, Decimal], total: Decimal | None, labels: Mapping[str, str]
) -> list[str]:
    """Why this plan cannot go to review (empty: it can). ``items``: {item code: the most the mediator may agree for
    it}; ``total``: the most in all."""
    problems = []
    positive = {code: amount for code, amount in items.items() if amount}
    for code, amount in items.items():
        if amount < 0:
            problems.append(_("%(item)s: an amount cannot be negative.") % {"item": labels.get(code, code)})
    if not positive:
        problems.append(_("The plan needs at least one item with an amount."))
        return problems
    items_sum = sum(positive.values(), ZERO)
    if total is None:
        problems.append(_("Enter the plan's total: the most you may agree in all."))
    elif total <= 0:
        problems.append(_("The plan's total must be above zero."))
    elif total > items_sum:
        problems.append(
            _("The plan's total %(total)s is above the sum of its items (%(sum)s).")
            % {"total": yuan(total), "sum": yuan(items_sum)}
        )
    return problems


def check_agreement(
    plan: Mapping[str, Decimal],
    plan_total: Decimal,
    agreed: Mapping[str, Decimal],
    labels: Mapping[str, str],
) -> Check:
    """p8 "方可在方案内进行调解": the agreement is within the plan item by item (each agreed amount at most its planned
    amount, equal included) and in total (the sum at most the plan's total, equal included)."""
    problems = []
    lines = []
    for code in agreed:
        if code not in plan:
            problems.append(
                _("%(item)s is not in the approved plan: revise the plan and have it approved first.")
                % {"item": labels.get(code, code)}
            )
    for code, planned in plan.items():
        amount = agreed.get(code)
        if amount is not None and amount < 0:
            problems.append(_("%(item)s: an amount cannot be negative.") % {"item": labels.get(code, code)})
        within = amount is None or amount <= planned
        if not within:
            problems.append(
                _("%(item)s: %(agreed)s is above the %(planned)s of the approved plan.")
                % {"item": labels.get(code, code), "agreed": yuan(amount), "planned": yuan(planned)}
            )
        lines.append(Line(code=code, planned=planned, agreed=amount, within=within))
    total = sum((amount for amount in agreed.values() if amount), ZERO)
    if total <= 0:
        problems.append(_("The agreement needs at least one item with an amount."))
    elif total > plan_total:
        problems.append(
            _("The agreed total %(agreed)s is above the approved plan's total of %(planned)s.")
            % {"agreed": yuan(total), "planned": yuan(plan_total)}
        )
    return Check(problems=problems, lines=tuple(lines), planned_total=plan_total, agreed_total=total)
