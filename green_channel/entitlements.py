"""What an insured person may use of a green-channel service product today (重疾绿通权益), as pure functions over
plain data: the product's terms (administered in ``green_channel.models``, fed by ``green_channel.selectors``)
and the policy's facts in, an explained result out. No database, no request; every result carries the figures and
the rule that produced it, so the agent's page can say why a service is "not available yet", "used up" or "not
covered".

The rules, with the seed 003 sentences they implement (README, "Green channel"):

- **Activation** (长生优贝 / 福优加): "每位被保险人的重疾绿通服务自保单生效且过犹豫期后开通,期限为一年。" A cooling-off period
  of N days starts on the policy's first day (day 1); the service opens on day N+1 (``start + N days``). 信泰: "“24小时
  电话医生”服务在您的保单犹豫期过后的10天内生效" — a delay of D days after the cooling-off is counted the same way: the
  latest day the manual promises, ``start + N + D``. Products that serve "保单有效期内" open on the policy's first day.
- **Service year**: one year from activation, the next from the same day a year later (a 29 February activation
  runs to 28 February). "以上服务限本保单年度内使用,不可累计到下一保单年度使用" — uses are counted per service year and
  nothing carries over.
- **Extension** (长生): "保险合同每一保险费应付日起,若投保人在保险合同约定的保险费交费期内(含宽限期)完成续期保费交纳,则本手册约定的
  重疾绿通服务期限延长一年。" — a renewal payment paid on or before its due date plus the grace period (the grace period's
  last day included) extends the service by one year; "重疾绿通顺延次数以10次为限" — the 11th is refused.
- **End**: "若保险合同提前解除则重疾绿通服务随之终止" — the service never runs past the policy's last day; for products
  whose "服务期限与保险期限一致" the policy's last day is the service's.
- **Waiting period**: "等待期为90天" — counted like the cooling-off: day 1 is the day it starts from (the policy's
  first day when it is "同保险合同", the service's activation for 信泰 "其他服务于“24小时电话医生”生效后30天生效"), and
  the service is available from day N+1. "续期服务则无等待期限定" / "续保则无等待期限制": when the product says so, no
  waiting period in a renewal year (a service year after an extension) nor on a renewed policy (续保); when the
  manual is silent, the waiting period stays.
- **Eligibility**: "保额达到50万元(含)以上" — the minimum sum insured is included; "二级(含)以上公立医院" — grade 2 is
  enough, and public where the product says so.

Anything a product leaves "not stated" is never filled in: a service whose result depends on it is
"undetermined" with the reason, or "available" with the uses "not stated".
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from django.utils.translation import gettext_lazy as _

from .terms import (
    Activation,
    Diagnosis,
    Entitlements,
    PolicyFacts,
    ProductTerms,
    Reason,
    ServiceEntitlement,
    ServicePeriod,
    ServiceTerms,
    ServiceYear,
    Status,
    Term,
    UsesPer,
    Waiting,
    WaitingFrom,
    add_years,
    after_days,
    show,
)

__all__ = ["entitlements", "service_period", "service_year"]

# The worst status wins: a service that is not covered is not "used up".
_PRECEDENCE = [Status.NOT_COVERED, Status.UNDETERMINED, Status.NOT_YET, Status.USED_UP, Status.AVAILABLE]


def _r(status: Status, code: str, template, **figures) -> tuple[Status, Reason]:
    return status, Reason(code, template, figures)


def service_period(product: ProductTerms, policy: PolicyFacts) -> ServicePeriod:
    """When the service opens, how many renewal payments extended it, and its last day."""
    reasons: list[Reason] = []
    if product.activation == Activation.AFTER_COOLING_OFF:
        activation = after_days(policy.starts_on, policy.cooling_off_days)
        text = _("Opens after the %(days)s-day cooling-off period, on %(date)s.")
        reasons.append(Reason("cooling_off", text, {"days": policy.cooling_off_days, "date": activation}))
        if product.activation_delay_days:
            activation = after_days(activation, product.activation_delay_days)
            text = _("Takes effect %(days)s days after the cooling-off period, at the latest on %(date)s.")
            reasons.append(
                Reason("activation_delay", text, {"days": product.activation_delay_days, "date": activation})
            )
    elif product.activation == Activation.POLICY_START:
        activation = policy.starts_on
    else:
        reason = Reason("activation_not_stated", _("The product does not state when the service opens."))
        return ServicePeriod(None, None, 0, (reason,))

    if product.term == Term.POLICY_TERM:
        return ServicePeriod(activation, policy.ends_on, 0, tuple(reasons))
    if product.term != Term.ONE_YEAR:
        reasons.append(Reason("term_not_stated", _("The product does not state how long the service lasts.")))
        return ServicePeriod(activation, None, 0, tuple(reasons))

    extensions = 0
    for payment in sorted(policy.renewal_payments, key=lambda p: p.due_on):
        deadline = payment.due_on + datetime.timedelta(days=policy.grace_period_days)
        figures = {"due": payment.due_on, "paid": payment.paid_on, "deadline": deadline}
        if not product.extends_on_renewal:
            text = _("The product does not extend the service on renewal payments (payment due %(due)s).")
            reasons.append(Reason("no_extension", text, figures))
        elif payment.paid_on > deadline:
            text = _(
                "The renewal payment due %(due)s was paid on %(paid)s, after the grace period ended on "
                "%(deadline)s: no extension."
            )
            reasons.append(Reason("paid_late", text, figures))
        elif product.max_extensions is not None and extensions >= product.max_extensions:
            text = _(
                "The renewal payment due %(due)s does not extend the service: at most %(max)s extensions."
            )
            reasons.append(Reason("extensions_exhausted", text, {**figures, "max": product.max_extensions}))
        else:
            extensions += 1
    if extensions:
        text = _("Extended by one year for each of %(count)s renewal payments.")
        reasons.append(Reason("extended", text, {"count": extensions}))
    last_day = add_years(activation, 1 + extensions) - datetime.timedelta(days=1)
    if policy.ends_on < last_day:
        last_day = policy.ends_on
        reasons.append(Reason("ends_with_policy", _("Ends with the policy on %(date)s."), {"date": last_day}))
    return ServicePeriod(activation, last_day, extensions, tuple(reasons))


def service_year(activation: datetime.date, on: datetime.date) -> ServiceYear:
    """The service year ``on`` falls in (the first is number 1), counted from ``activation``."""
    number = max(on.year - activation.year - 1, 0)
    while add_years(activation, number + 1) <= on:
        number += 1
    last_day = add_years(activation, number + 1) - datetime.timedelta(days=1)
    return ServiceYear(number + 1, add_years(activation, number), last_day)


def entitlements(
    product: ProductTerms,
    policy: PolicyFacts,
    diagnosis: Diagnosis,
    uses: Mapping[str, Sequence[datetime.date]],
    on: datetime.date,
) -> Entitlements:
    """Each service's status on ``on``: available, not available yet (until when), used up, not covered, or
    undetermined (a fact the product needs is missing), with every reason. ``uses``: the days each service (by key)
    was used on this policy, in any year — only the current service year's (or the term's) count."""
    period = service_period(product, policy)
    year = None
    if period.activation is not None and on >= period.activation:
        year = service_year(period.activation, on)
    general = _general(product, policy, period, on)
    services = tuple(
        _service(service, product, policy, diagnosis, uses.get(service.key, ()), period, year, general, on)
        for service in product.services
    )
    return Entitlements(on, period, year, services)


def _general(product: ProductTerms, policy: PolicyFacts, period: ServicePeriod, on: datetime.date) -> list:
    """(status, reason) pairs that hold for every service of the product."""
    found: list[tuple[Status, Reason]] = []
    if period.activation is None:
        found += [(Status.UNDETERMINED, r) for r in period.reasons]
    elif on < period.activation:
        found.append(
            _r(Status.NOT_YET, "not_open", _("The service opens on %(date)s."), date=period.activation)
        )
    if period.last_day is not None and on > period.last_day:
        found.append(
            _r(Status.NOT_COVERED, "ended", _("The service ended on %(date)s."), date=period.last_day)
        )
    if product.min_sum_insured is not None and policy.sum_insured < product.min_sum_insured:
        text = _("The sum insured ¥%(sum)s is below the product's minimum of ¥%(minimum)s.")
        found.append(
            _r(
                Status.NOT_COVERED,
                "sum_insured",
                text,
                sum=policy.sum_insured,
                minimum=product.min_sum_insured,
            )
        )
    return found


def _diagnosis(product: ProductTerms, diagnosis: Diagnosis) -> list:
    found: list[tuple[Status, Reason]] = []
    if diagnosis.in_illness_list is None:
        found.append(_r(Status.UNDETERMINED, "no_diagnosis", _("No critical-illness diagnosis is recorded.")))
    elif not diagnosis.in_illness_list:
        text = _("The diagnosis is not an illness on the product's list.")
        found.append(_r(Status.NOT_COVERED, "illness_not_listed", text))
    minimum = product.min_hospital_grade
    if minimum is not None and diagnosis.hospital_grade is None:
        text = _("The grade of the diagnosing hospital is not recorded.")
        found.append(_r(Status.UNDETERMINED, "grade_unknown", text))
    elif minimum is not None and diagnosis.hospital_grade < minimum:
        text = _("Diagnosed by a grade-%(grade)s hospital; the product requires grade %(minimum)s or above.")
        found.append(
            _r(Status.NOT_COVERED, "grade_too_low", text, grade=diagnosis.hospital_grade, minimum=minimum)
        )
    if product.public_hospital_required and diagnosis.hospital_public is None:
        text = _("Whether the diagnosing hospital is public is not recorded.")
        found.append(_r(Status.UNDETERMINED, "public_unknown", text))
    elif product.public_hospital_required and not diagnosis.hospital_public:
        text = _("The product requires a diagnosis by a public hospital.")
        found.append(_r(Status.NOT_COVERED, "not_public", text))
    return found


def _waiting(service: ServiceTerms, product: ProductTerms, policy: PolicyFacts, period, year, on) -> tuple:
    """(status, reason) pairs of the waiting period, and the first day after it (None: no waiting period)."""
    if service.waiting in (Waiting.NONE, Waiting.NOT_STATED):
        return [], None
    renewal_year = policy.is_renewal or (year is not None and year.number > 1)
    if renewal_year and product.no_waiting_in_renewal_years:
        return [_r(Status.AVAILABLE, "renewal_no_waiting", _("No waiting period in a renewal year."))], None
    days = service.waiting_days if service.waiting == Waiting.DAYS else policy.waiting_period_days
    if days is None:
        text = _("The waiting period is the policy's, and the policy's waiting period is not recorded.")
        return [_r(Status.UNDETERMINED, "policy_waiting_unknown", text)], None
    if product.waiting_from == WaitingFrom.ACTIVATION:
        first_day = period.activation
    elif product.waiting_from == WaitingFrom.POLICY_START:
        first_day = policy.starts_on
    else:
        text = _("The product does not state when the waiting period starts.")
        return [_r(Status.UNDETERMINED, "waiting_from_not_stated", text)], None
    if first_day is None:
        return [], None
    available_from = after_days(first_day, days)
    if on >= available_from:
        return [], available_from
    text = _("Waiting period of %(days)s days from %(start)s: available from %(date)s.")
    return [
        _r(Status.NOT_YET, "waiting", text, days=days, start=first_day, date=available_from)
    ], available_from


def _uses(service: ServiceTerms, period: ServicePeriod, year: ServiceYear | None, used_on) -> tuple:
    """(status, reason) pairs of the uses, the uses taken in the counting window and the uses left (None: no
    limit stated, or unlimited)."""
    if service.uses_per == UsesPer.UNLIMITED:
        return [], 0, None
    if service.uses_limit is None or service.uses_per == UsesPer.NOT_STATED:
        return (
            [_r(Status.AVAILABLE, "uses_not_stated", _("The product does not state how many uses."))],
            0,
            None,
        )
    if year is None:
        return [], 0, None
    limit = service.uses_limit
    if service.uses_per == UsesPer.SERVICE_YEAR:
        taken = sum(1 for day in used_on if year.first_day <= day <= year.last_day)
        window = _("in service year %(number)s (%(first)s to %(last)s)") % {
            "number": year.number,
            "first": show(year.first_day),
            "last": show(year.last_day),
        }
    else:
        taken = sum(1 for day in used_on if day >= period.activation)
        window = str(_("while the policy is in force"))
    left = max(limit - taken, 0)
    if left:
        return [], taken, left
    text = _("Used %(taken)s of %(limit)s times %(window)s; unused uses do not carry over.")
    found = [_r(Status.USED_UP, "used_up", text, taken=taken, limit=limit, window=window)]
    next_year = year.last_day + datetime.timedelta(days=1)
    if (
        service.uses_per == UsesPer.SERVICE_YEAR
        and period.last_day is not None
        and next_year <= period.last_day
    ):
        text = _("The uses start again on %(date)s, the first day of the next service year.")
        found.append(_r(Status.USED_UP, "next_year", text, date=next_year))
    return found, taken, left


def _service(service, product, policy, diagnosis, used_on, period, year, general, on) -> ServiceEntitlement:
    found = list(general)
    if service.requires_diagnosis:
        found += _diagnosis(product, diagnosis)
    waiting, waiting_until = _waiting(service, product, policy, period, year, on)
    uses, taken, left = _uses(service, period, year, used_on)
    found += waiting + uses
    status = next(s for s in _PRECEDENCE if s == Status.AVAILABLE or any(f == s for f, _reason in found))
    available_from = None
    if status == Status.NOT_YET:
        available_from = max(d for d in (period.activation, waiting_until) if d is not None and d > on)
    return ServiceEntitlement(
        key=service.key,
        name=service.name,
        status=status,
        reasons=tuple(r for _s, r in found),
        available_from=available_from,
        uses_limit=service.uses_limit,
        uses_taken=taken,
        uses_left=left,
    )
