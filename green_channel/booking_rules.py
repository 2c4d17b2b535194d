"""What a cancelled or missed booking costs the customer (seed 003), as pure functions over plain data: the
service's cancellation rule in, an explained outcome out. No database: the working-day calendar comes in as a
function (``days_before(day, n)`` — the working day n working days before ``day``, from ``sla.calendar``).

The rules, with the manuals' sentences:

- **Until a notice period before the visit** (outpatient): "门诊预约服务落实前将取得客户确认,客户确认服务后,在服务取消时效外
  (取消时效:距离就诊日两个工作日前)取消服务,视同该次服务已完成". Before the appointment is confirmed a cancellation is
  free. After it, the last free day is the working day N working days before the visit day (N = 2: a Monday visit's
  last free day is the Thursday before, holidays skipped); cancelling on that day is free, from the next day on it
  counts as used.
- **Not after confirmation** (admission, second opinion): "客户预约并确认服务后不能取消该服务,如若取消,则视同该次服务已完成"
  — once confirmed, a cancellation is recorded and counts as used.
- **Not after the start SMS** (住院绿通): "若预约启动的短信发送后再申请取消,视为该服务已使用" — the start SMS goes out when
  the request is accepted; from then on a cancellation counts as used.
- **Not after approval** (瑞泰): "服务审核通过后,视为服务权益已使用,不再接收取消服务" — once accepted, no cancellation is
  taken at all.
- **Not after booking** (信泰): "客户预约后不能取消,若客户因自身原因无法住院或手术,则视同该次服务已使用" — once the appointment
  is confirmed, a cancellation counts as used.
- **Not stated**: free before confirmation; after it the manual says nothing, so the agent decides and says why.

A no-show: "因服务对象自身原因取消已预约成功的服务时,视为该次服务已被使用" — it counts as used when the product says so;
when the product is silent the agent decides.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

UNTIL_BEFORE_VISIT = "until_before_visit"
NOT_AFTER_CONFIRMATION = "not_after_confirmation"
NOT_AFTER_START_MESSAGE = "not_after_start_message"
NOT_AFTER_APPROVAL = "not_after_approval"
NOT_AFTER_BOOKING = "not_after_booking"


UNIT_LABELS = {
    "working_days": _("working days"),
    "calendar_days": _("calendar days"),
    "hours": _("hours"),
}


@dataclass(frozen=True)
class CancellationTerms:
    rule: str  # green_channel.choices.Cancellation value; "" = not stated
    notice: int | None = None
    unit: str = ""  # "working_days" / "calendar_days" / "hours"


@dataclass(frozen=True)
class Outcome:
    """``allowed``: may it be cancelled now; ``counts_as_used``: True / False, or None when the agent decides."""

    allowed: bool
    counts_as_used: bool | None
    template: str
    figures: dict = field(default_factory=dict)
    last_free: datetime.date | datetime.datetime | None = None

    @property
    def text(self) -> str:
        return str(self.template) % self.figures if self.figures else str(self.template)


def cancellation(
    terms: CancellationTerms,
    *,
    accepted: bool,
    confirmed: bool,
    visit_at: datetime.datetime | None,
    now: datetime.datetime,
    days_before: Callable[[datetime.date, int], datetime.date],
) -> Outcome:
    """May the booking be cancelled now, and does the cancellation count as a use? ``now`` and ``visit_at`` are
    local (Asia/Shanghai) times."""
    if terms.rule == NOT_AFTER_APPROVAL and accepted:
        return Outcome(
            False, None, _("The review approved it: the manual takes no cancellation after approval.")
        )
    if terms.rule == NOT_AFTER_START_MESSAGE and accepted:
        return Outcome(True, True, _("The start SMS was sent: a cancellation now counts as used."))
    if not confirmed:
        return Outcome(True, False, _("Not confirmed yet: a cancellation is free."))
    if terms.rule == UNTIL_BEFORE_VISIT and visit_at is not None and terms.notice is not None:
        if terms.unit == "hours":
            last = visit_at - datetime.timedelta(hours=terms.notice)
            free = now <= last
            shown = f"{last:%Y-%m-%d %H:%M}"
        else:
            if terms.unit == "working_days":
                last = days_before(visit_at.date(), terms.notice)
            else:
                last = visit_at.date() - datetime.timedelta(days=terms.notice)
            free = now.date() <= last
            shown = f"{last:%Y-%m-%d}"
        notice = f"{terms.notice} {UNIT_LABELS.get(terms.unit, terms.unit)}"
        figures = {"notice": notice, "visit": f"{visit_at:%Y-%m-%d}", "last": shown}
        if free:
            template = _("Cancelled by %(last)s, at least %(notice)s before the visit on %(visit)s: free.")
            return Outcome(True, False, template, figures, last)
        template = _(
            "The last free day was %(last)s (%(notice)s before the visit on %(visit)s): counts as used."
        )
        return Outcome(True, True, template, figures, last)
    if terms.rule in (NOT_AFTER_CONFIRMATION, NOT_AFTER_BOOKING, NOT_AFTER_START_MESSAGE):
        return Outcome(
            True, True, _("Confirmed: the manual counts a cancellation after confirmation as used.")
        )
    return Outcome(
        True, None, _("The manual states no cancellation rule after confirmation: decide whether it counts.")
    )


def no_show(counts: bool | None) -> Outcome:
    """The customer did not come to a confirmed appointment."""
    if counts is True:
        return Outcome(True, True, _("A no-show counts as used (the manual says so)."))
    if counts is False:
        return Outcome(True, False, _("The manual does not count a no-show as used."))
    return Outcome(True, None, _("The manual does not say whether a no-show counts: decide."))
