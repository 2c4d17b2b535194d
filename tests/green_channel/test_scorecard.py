"""The vendor scorecard (issue 12 point 7): the pure figures (on time per step, satisfaction, cancellations and
no-shows per vendor × product × month, each with what it is made of), the page and who sees which bookings."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from green_channel.scorecard import Average, BookingRow, ClockRow, Rate, clock_verdict, month_range, scorecard

TZ = timezone.get_fixed_timezone(480)
JUNE, JULY = datetime.date(2026, 6, 1), datetime.date(2026, 7, 1)
DUE = datetime.datetime(2026, 6, 10, 17, 0, tzinfo=TZ)


def booking(pk, *, vendor=1, product=10, month=JUNE, state="closed", **kw) -> BookingRow:
    return BookingRow(
        id=pk,
        vendor=vendor,
        vendor_name=kw.pop("vendor_name", f"服务商{vendor}" if vendor else ""),
        product=product,
        product_name=kw.pop("product_name", f"产品{product}"),
        month=month,
        state=state,
        **kw,
    )


def clock(booking_id, state, *, step="outpatient_arranged", met_at=None, due_at=DUE) -> ClockRow:
    return ClockRow(booking=booking_id, step=step, state=state, due_at=due_at, met_at=met_at)


# --- on time per step -----------------------------------------------------------------------------------------
def test_a_clock_met_exactly_at_its_due_time_is_on_time_and_a_minute_later_is_late():
    """ "客户确认就诊专家后,在5个工作日内完成客户门诊安排" — 以内 includes the last moment: met at the due time is on time."""
    assert clock_verdict(clock(1, "met", met_at=DUE)) is True
    assert clock_verdict(clock(1, "met", met_at=DUE - datetime.timedelta(days=2))) is True
    assert clock_verdict(clock(1, "met", met_at=DUE + datetime.timedelta(minutes=1))) is False


def test_breached_then_met_is_late_still_breached_is_late_and_running_or_cancelled_is_not_counted():
    assert clock_verdict(clock(1, "met", met_at=DUE + datetime.timedelta(days=1))) is False
    assert clock_verdict(clock(1, "breached")) is False
    assert clock_verdict(clock(1, "open")) is None
    assert clock_verdict(clock(1, "warned")) is None
    assert clock_verdict(clock(1, "cancelled")) is None


def test_on_time_rate_per_step_is_met_on_time_over_met_and_breached():
    rows = [booking(pk) for pk in range(1, 6)]
    clocks = [
        clock(1, "met", met_at=DUE),
        clock(2, "met", met_at=DUE - datetime.timedelta(hours=3)),
        clock(3, "met", met_at=DUE + datetime.timedelta(days=1)),  # breached, then met: late
        clock(4, "breached"),
        clock(5, "open"),  # not yet decided
        clock(1, "met", step="review_result", met_at=DUE),
    ]
    card = scorecard(rows, clocks, step_order=("review_result", "outpatient_arranged"))
    assert card.steps == ("review_result", "outpatient_arranged")
    (cell,) = card.cells
    tally = cell.step("outpatient_arranged")
    assert (tally.on_time, tally.late, tally.running) == (2, 2, 1)
    assert cell.on_time("outpatient_arranged") == Rate(2, 4)
    assert cell.on_time("outpatient_arranged").percent == Decimal("50.0")
    assert cell.on_time("review_result") == Rate(1, 1)
    assert cell.on_time_all() == Rate(3, 5)
    assert str(cell.on_time_all()) == "60.0%"


def test_no_closed_clock_gives_no_rate_not_zero_percent():
    card = scorecard([booking(1), booking(2)], [clock(1, "open"), clock(2, "warned")])
    rate = card.total.on_time("outpatient_arranged")
    assert rate == Rate(0, 0)
    assert rate.percent is None
    assert str(rate) == "—"
    assert card.total.step("outpatient_arranged").running == 2
    # a step with no clock at all: no rate either
    assert str(card.total.on_time("visit")) == "—"


def test_a_cancelled_clock_is_not_counted_at_all():
    """The booking was cancelled (or declined) while the clock ran: neither on time nor late, nor running."""
    card = scorecard([booking(1), booking(2)], [clock(1, "cancelled"), clock(2, "met", met_at=DUE)])
    assert card.total.step("outpatient_arranged").running == 0
    assert card.total.on_time("outpatient_arranged") == Rate(1, 1)
    only_cancelled = scorecard([booking(1)], [clock(1, "cancelled")])
    assert only_cancelled.steps == ()
    assert str(only_cancelled.total.on_time("outpatient_arranged")) == "—"


def test_clocks_of_bookings_outside_the_selection_are_ignored():
    card = scorecard([booking(1)], [clock(99, "breached"), clock(1, "met", met_at=DUE)])
    assert card.total.on_time("outpatient_arranged") == Rate(1, 1)


# --- satisfaction ---------------------------------------------------------------------------------------------
def test_satisfaction_is_the_average_of_the_calls_made_with_its_sum_and_count():
    """ "服务结束后,会对客户进行满意度回访" — only the bookings with a call count."""
    rows = [booking(1, satisfaction=5), booking(2, satisfaction=4), booking(3, satisfaction=4), booking(4)]
    average = scorecard(rows, []).total.satisfaction
    assert average == Average(13, 3)
    assert average.value == Decimal("4.3")
    assert str(average) == "4.3"


def test_no_satisfaction_call_gives_no_average():
    average = scorecard([booking(1, state="cancelled", cancelled=True)], []).total.satisfaction
    assert average.value is None
    assert str(average) == "—"


# --- cancellations and no-shows -------------------------------------------------------------------------------
def test_cancellations_free_and_counted_as_used_and_no_shows():
    """ "客户确认服务后,在服务取消时效外(取消时效:距离就诊日两个工作日前)取消服务,视同该次服务已完成" — a late
    cancellation is counted as used; "若应客户本人原因放弃预约或未能准时就医,本公司将默认客户已享受了相应的预约或安排的服务
    事项" — so is a no-show where the product says so."""
    rows = [
        booking(1, state="cancelled", cancelled=True),
        booking(2, state="cancelled", cancelled=True, counted_as_used=True),
        booking(3, state="cancelled", cancelled=True),
        booking(4, state="no_show", counted_as_used=True),
        booking(5, state="no_show"),
        booking(6),
        booking(7, state="served", counted_as_used=True),  # a use, not a cancellation
        booking(8, state="declined"),
    ]
    total = scorecard(rows, []).total
    assert total.bookings == 8
    assert (total.cancelled_free, total.cancelled_used, total.cancellations) == (2, 1, 3)
    assert total.cancellation_rate == Rate(3, 8)
    assert str(total.cancellation_rate) == "37.5%"
    assert (total.no_shows, total.no_shows_used) == (2, 1)
    assert total.no_show_rate == Rate(2, 8)


def test_no_booking_no_rate():
    card = scorecard([], [])
    assert card.is_empty
    assert str(card.total.cancellation_rate) == "—"
    assert card.cells == card.vendors == card.months == ()


# --- the lines: vendor × product × month, per vendor, per month -----------------------------------------------
def test_each_vendor_product_and_month_is_a_line_and_totals_add_up():
    rows = [
        booking(1, vendor=1, product=10, month=JUNE, satisfaction=5),
        booking(2, vendor=1, product=10, month=JULY, satisfaction=3),
        booking(3, vendor=1, product=11, month=JUNE, state="cancelled", cancelled=True),
        booking(4, vendor=2, product=10, month=JUNE, satisfaction=4),
        booking(5, vendor=None, product=10, month=JUNE),  # not handed over: the insurer's own agents
    ]
    clocks = [
        clock(1, "met", met_at=DUE),
        clock(2, "breached"),
        clock(4, "met", met_at=DUE + datetime.timedelta(hours=1)),
    ]
    card = scorecard(rows, clocks)
    keys = [(c.vendor, c.product, c.month) for c in card.cells]
    assert keys == [(1, 10, JUNE), (1, 10, JULY), (1, 11, JUNE), (2, 10, JUNE), (None, 10, JUNE)]
    assert [c.bookings for c in card.cells] == [1, 1, 1, 1, 1]
    first, vendor_two = card.vendors[0], card.vendors[1]
    assert (first.vendor, first.bookings, first.cancellations) == (1, 3, 1)
    assert first.on_time("outpatient_arranged") == Rate(1, 2)
    assert first.satisfaction == Average(8, 2)
    assert vendor_two.on_time("outpatient_arranged") == Rate(0, 1)
    assert card.vendors[-1].vendor is None
    assert [(m.month, m.bookings) for m in card.months] == [(JUNE, 4), (JULY, 1)]
    assert card.months[0].satisfaction == Average(9, 2)
    assert card.total.bookings == 5
    assert card.total.on_time("outpatient_arranged") == Rate(1, 3)


def test_month_range_includes_both_ends_across_the_new_year():
    assert month_range(datetime.date(2025, 11, 1), datetime.date(2026, 2, 1)) == [
        datetime.date(2025, 11, 1),
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
    ]
    assert month_range(JULY, JUNE) == []
