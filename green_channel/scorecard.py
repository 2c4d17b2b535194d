"""The vendor scorecard 服务商考核 (issue 12 point 7): pure rules over plain rows, no database.

From one row per booking (its product, the vendor it was handed to, the month it was requested, its state,
satisfaction, cancellation) and one row per clock of those bookings (the product step it timed, its state, when it
was met and when it was due), the figures per vendor × product × month, per vendor, per month and in all:

* **Bookings handled**: the bookings requested in the month (Asia/Shanghai) with that product and vendor.
* **On time per step**: clocks met on time / (met + breached). A clock met at or before its due time is on time
  (the due time itself included, as ``sla.models.Deadline.on_time``); met after it (breached, then met) or still
  breached is late. A cancelled clock (the booking was cancelled or declined while it ran) is not counted; a clock
  still running and not yet due is not counted either (shown as running). No closed clock: no rate ("—"), not 0 %.
* **Satisfaction**: the average score of the satisfaction calls (1–5) over the number of calls; no call: "—".
* **Cancellations**: free (not counted as a use) and counted as used (cancelled outside the product's cancellation
  time, seed 003: "视同该次服务已完成"), over the bookings handled; **no-shows**, and how many of them counted.

A clock counts in the month of its booking's request: a month's figures are those of the bookings requested in it.
Every figure carries what it is made of (numerator and denominator) so the page can explain it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

MET, BREACHED, OPEN, WARNED, CANCELLED = "met", "breached", "open", "warned", "cancelled"
BOOKING_CANCELLED, BOOKING_NO_SHOW = "cancelled", "no_show"
TENTH = Decimal("0.1")


# --- the rows -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BookingRow:
    id: int
    product: int
    month: datetime.date  # the first day of the month the booking was requested in (Asia/Shanghai)
    state: str
    vendor: int | None = None  # None: not handed to a vendor (the insurer's own agents arranged it)
    satisfaction: int | None = None
    cancelled: bool = False
    counted_as_used: bool = False
    product_name: str = ""
    vendor_name: str = ""


@dataclass(frozen=True)
class ClockRow:
    booking: int
    step: str  # the product step it timed (the policy code without "gc_")
    state: str  # sla.models.Deadline.State
    due_at: datetime.datetime
    met_at: datetime.datetime | None = None


def clock_verdict(clock: ClockRow) -> bool | None:
    """On time (True), late (False), or not counted (None): cancelled, or still running and not yet breached."""
    if clock.state == MET:
        return clock.met_at is not None and clock.met_at <= clock.due_at
    if clock.state == BREACHED:
        return False
    return None


# --- the figures --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rate:
    """numerator / denominator as a percentage with one decimal; nothing to divide → None (shown "—")."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(100) * self.numerator / self.denominator).quantize(TENTH, ROUND_HALF_UP)

    def __str__(self) -> str:
        return "—" if self.percent is None else f"{self.percent}%"


@dataclass(frozen=True)
class Average:
    """The sum of the scores over the number of calls, with one decimal; no call → None (shown "—")."""

    total: int
    count: int

    @property
    def value(self) -> Decimal | None:
        if not self.count:
            return None
        return (Decimal(self.total) / self.count).quantize(TENTH, ROUND_HALF_UP)

    def __str__(self) -> str:
        return "—" if self.value is None else str(self.value)


@dataclass
class StepTally:
    on_time: int = 0
    late: int = 0
    running: int = 0

    @property
    def rate(self) -> Rate:
        return Rate(self.on_time, self.on_time + self.late)


@dataclass
class Figures:
    """One line of the scorecard: a vendor × product × month, a vendor's total, a month's total, or everything."""

    vendor: int | None = None
    vendor_name: str = ""
    product: int | None = None
    product_name: str = ""
    month: datetime.date | None = None
    bookings: int = 0
    steps: dict[str, StepTally] = field(default_factory=dict)
    satisfaction_total: int = 0
    satisfaction_calls: int = 0
    cancelled_free: int = 0
    cancelled_used: int = 0
    no_shows: int = 0
    no_shows_used: int = 0

    @property
    def satisfaction(self) -> Average:
        return Average(self.satisfaction_total, self.satisfaction_calls)

    @property
    def cancellations(self) -> int:
        return self.cancelled_free + self.cancelled_used

    @property
    def cancellation_rate(self) -> Rate:
        return Rate(self.cancellations, self.bookings)

    @property
    def no_show_rate(self) -> Rate:
        return Rate(self.no_shows, self.bookings)

    def step(self, code: str) -> StepTally:
        return self.steps.get(code) or StepTally()

    def on_time(self, code: str) -> Rate:
        return self.step(code).rate

    def on_time_all(self) -> Rate:
        """Every step together: clocks met on time over all closed clocks."""
        return Rate(
            sum(t.on_time for t in self.steps.values()), sum(t.on_time + t.late for t in self.steps.values())
        )

    def _add_booking(self, row: BookingRow) -> None:
        self.bookings += 1
        if row.satisfaction is not None:
            self.satisfaction_total += row.satisfaction
            self.satisfaction_calls += 1
        if row.cancelled or row.state == BOOKING_CANCELLED:
            if row.counted_as_used:
                self.cancelled_used += 1
            else:
                self.cancelled_free += 1
        elif row.state == BOOKING_NO_SHOW:
            self.no_shows += 1
            self.no_shows_used += row.counted_as_used

    def _add_clock(self, clock: ClockRow) -> None:
        if clock.state == CANCELLED:
            return
        tally = self.steps.setdefault(clock.step, StepTally())
        verdict = clock_verdict(clock)
        if verdict is True:
            tally.on_time += 1
        elif verdict is False:
            tally.late += 1
        else:
            tally.running += 1


@dataclass(frozen=True)
class Scorecard:
    steps: tuple[str, ...]  # the steps with a clock in the selection, in the given order
    cells: tuple[Figures, ...]  # vendor × product × month, by vendor name, product name, month
    vendors: tuple[Figures, ...]  # per vendor (every product and month of the selection)
    months: tuple[Figures, ...]  # per month (every vendor and product of the selection)
    total: Figures

    @property
    def is_empty(self) -> bool:
        return not self.total.bookings


def scorecard(
    bookings: Iterable[BookingRow], clocks: Iterable[ClockRow], step_order: Sequence[str] = ()
) -> Scorecard:
    """The scorecard of these bookings and their clocks (a clock of a booking not in ``bookings`` is ignored)."""
    cells: dict[tuple, Figures] = {}
    vendors: dict[int | None, Figures] = {}
    months: dict[datetime.date, Figures] = {}
    total = Figures()
    lines_of: dict[int, tuple[Figures, ...]] = {}
    for row in bookings:
        cell = cells.get((row.vendor, row.product, row.month))
        if cell is None:
            cell = cells[(row.vendor, row.product, row.month)] = Figures(
                vendor=row.vendor,
                vendor_name=row.vendor_name,
                product=row.product,
                product_name=row.product_name,
                month=row.month,
            )
        vendor = vendors.get(row.vendor)
        if vendor is None:
            vendor = vendors[row.vendor] = Figures(vendor=row.vendor, vendor_name=row.vendor_name)
        month = months.get(row.month)
        if month is None:
            month = months[row.month] = Figures(month=row.month)
        lines = lines_of[row.id] = (cell, vendor, month, total)
        for line in lines:
            line._add_booking(row)
    seen: set[str] = set()
    for clock in clocks:
        lines = lines_of.get(clock.booking)
        if lines is None or clock.state == CANCELLED:
            continue
        seen.add(clock.step)
        for line in lines:
            line._add_clock(clock)
    order = {code: index for index, code in enumerate(step_order)}
    return Scorecard(
        steps=tuple(sorted(seen, key=lambda code: (order.get(code, len(order)), code))),
        cells=tuple(
            sorted(
                cells.values(),
                key=lambda f: (f.vendor is None, f.vendor_name, f.product_name, f.product, f.month),
            )
        ),
        vendors=tuple(
            sorted(vendors.values(), key=lambda f: (f.vendor is None, f.vendor_name, f.vendor or 0))
        ),
        months=tuple(months[key] for key in sorted(months)),
        total=total,
    )


def month_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from ``first`` to ``last`` (both included), as first days."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
