"""The hospital-deposit advance's pure rules (住院费用垫付, seed 003 附件二), each with the seed sentence it implements
and its boundary decided: the service hours, the discharge notice, the settlement day, the clocks' terms and the
reconciliation."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
from django.utils import translation

from green_channel import deposit_rules as rule

HOURS = rule.ServiceHours(
    hours_from=datetime.time(9, 30),
    hours_until=datetime.time(18, 0),
    weekdays_only=True,
    text="周一至周五9:30至18:00",
)
WEDNESDAY = datetime.date(2026, 9, 30)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(day: datetime.date, hh: int, mm: int, ss: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hh, mm, ss))


def test_applications_are_taken_within_the_hours_both_ends_included():
    """ "客户致电我司客服热线申请住院费用直付服务(工作时间:周一至周五9:30至18:00)" — "至" includes both ends."""
    assert rule.hours_problem(at(WEDNESDAY, 9, 30), HOURS) is None
    assert rule.hours_problem(at(WEDNESDAY, 18, 0), HOURS) is None
    early = rule.hours_problem(at(WEDNESDAY, 9, 29, 59), HOURS)
    late = rule.hours_problem(at(WEDNESDAY, 18, 0, 1), HOURS)
    assert early.code == late.code == "outside_hours"
    assert "周一至周五9:30至18:00" in str(late) and "2026-09-30 18:00" in str(late)


def test_monday_to_friday_only_when_the_product_says_so():
    """ "周一至周五": Saturday and Sunday are refused with the hours; a product without the flag takes them."""
    saturday = datetime.date(2026, 10, 10)  # a 调休 working day, but the seed names weekdays
    assert rule.hours_problem(at(saturday, 10, 0), HOURS).code == "outside_weekdays"
    assert rule.hours_problem(at(datetime.date(2026, 10, 4), 10, 0), HOURS).code == "outside_weekdays"
    any_day = rule.ServiceHours(datetime.time(9, 30), datetime.time(18, 0), weekdays_only=False)
    assert rule.hours_problem(at(saturday, 10, 0), any_day) is None


def test_hours_not_stated_take_any_time():
    assert rule.hours_problem(at(WEDNESDAY, 3, 0), rule.ServiceHours()) is None


def test_discharge_notice_at_least_a_day_before():
    """ "客户出院前(至少提早一天)通知我司" — "至少" includes the one day: notice the day before is in time, notice on the
    discharge day is not."""
    discharge = datetime.date(2026, 11, 10)
    assert rule.discharge_notice_problem(datetime.date(2026, 11, 9), discharge, 1) is None
    assert rule.discharge_notice_problem(datetime.date(2026, 11, 1), discharge, 1) is None
    late = rule.discharge_notice_problem(discharge, discharge, 1)
    assert late.code == "notice_too_late"
    assert "2026-11-11" in str(late) and "2026-11-10" in str(late)
    assert rule.discharge_notice_problem(datetime.date(2026, 11, 9), discharge, 2).code == "notice_too_late"


def test_settlement_on_the_discharge_day_never_before():
    """ "我司将安排工作人员于出院日进行出院结算并收集相关理赔材料"."""
    discharge = datetime.date(2026, 11, 10)
    assert rule.settlement_day_problem(discharge, discharge) is None
    assert rule.settlement_day_problem(discharge + datetime.timedelta(days=1), discharge) is None
    assert (
        rule.settlement_day_problem(discharge - datetime.timedelta(days=1), discharge).code
        == "before_discharge"
    )


def test_the_products_durations_as_clock_terms():
    assert rule.clock_terms("working_days", 1) == ("working_days", 1)
    assert rule.clock_terms("working_days", 3) == ("working_days", 3)
    assert rule.clock_terms("hours", 48) == ("hours", 48)
    # "于出院日": 0 calendar days from the discharge day's start = by the end of that day
    assert rule.clock_terms("calendar_days", 0, from_day_start=True) == ("hours", 24)
    assert rule.clock_terms("calendar_days", 2) == ("hours", 48)
    with pytest.raises(ValueError):
        rule.clock_terms("fortnights", 1)


def test_reconciliation_balances_when_every_yuan_is_accounted_for():
    """Advanced (deposit + top-ups) = applied to the bill + refunded by the hospital; the customer pays the rest."""
    result = rule.reconcile(
        [D("10000"), D("5000")], bill_total=D("18000"), applied=D("15000"), refunded=D("0")
    )
    assert result.balances and result.difference == 0
    assert result.advanced == D("15000") and result.customer_pays == D("3000")
    refund = rule.reconcile(
        [D("10000")], bill_total=D("7200.50"), applied=D("7200.50"), refunded=D("2799.50")
    )
    assert refund.balances and refund.customer_pays == 0
    lines = [str(line) for line in refund.explanation]
    assert "Advanced: ¥10,000.00 in 1 payment(s) (deposit and top-ups)." in lines
    assert "Applied to the bill ¥7,200.50 + refunded by the hospital ¥2,799.50 = ¥10,000.00." in lines


def test_a_difference_is_shown_and_blocks():
    short = rule.reconcile([D("10000")], bill_total=D("7000"), applied=D("7000"), refunded=D("2000"))
    assert not short.balances and short.difference == D("1000")
    assert [p.code for p in short.problems] == ["unaccounted"]
    assert "¥1,000.00 of the ¥10,000.00 advanced" in str(short.problems[0])
    over = rule.reconcile([D("10000")], bill_total=D("12000"), applied=D("10000"), refunded=D("500"))
    assert [p.code for p in over.problems] == ["over_accounted"]
    assert "¥500.00 more" in str(over.problems[0])
    too_much = rule.reconcile([D("10000")], bill_total=D("6000"), applied=D("10000"), refunded=D("0"))
    assert "applied_over_bill" in [p.code for p in too_much.problems]
