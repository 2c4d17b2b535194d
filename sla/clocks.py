"""How a policy's clock measures time: calendar time, or working time from the holiday calendar."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from . import calendar
from .models import SlaPolicy


@dataclass(frozen=True)
class Clock:
    """A policy's clock; ``kind`` and ``duration`` replace the policy's when the record brings its own terms (a
    green-channel product's step: "5个工作日内" for one product, 7 for another — the product's data, not the
    policy's)."""

    policy: SlaPolicy
    kind: str | None = None
    duration: int | None = None

    @classmethod
    def of(cls, deadline) -> Clock:
        """The clock a deadline runs on: its policy, with the terms it was opened with."""
        return cls(deadline.policy, deadline.clock_kind or None, deadline.duration)

    @property
    def clock_kind(self) -> str:
        return self.kind or self.policy.clock_kind

    @property
    def working(self) -> bool:
        return self.clock_kind in (SlaPolicy.ClockKind.WORKING_DAYS, SlaPolicy.ClockKind.WORKING_HOURS)

    def between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
        if self.working:
            return calendar.working_time_between(start, end, self.policy.service_hours)
        return end - start

    def add(self, start: datetime.datetime, delta: datetime.timedelta) -> datetime.datetime:
        if self.working:
            return calendar.add_working_time(start, delta, self.policy.service_hours)
        return start + delta

    def due(self, start: datetime.datetime) -> datetime.datetime:
        kind = self.clock_kind
        n = self.duration if self.duration is not None else self.policy.duration
        if kind == SlaPolicy.ClockKind.MINUTES:
            return start + datetime.timedelta(minutes=n)
        if kind == SlaPolicy.ClockKind.HOURS:
            return start + datetime.timedelta(hours=n)
        if kind == SlaPolicy.ClockKind.WORKING_DAYS:
            local = calendar._local_date(start)
            return calendar.end_of_working_day(calendar.add_working_days(local, n), self.policy.service_hours)
        return calendar.add_working_time(start, datetime.timedelta(hours=n), self.policy.service_hours)

    def warn(self, start: datetime.datetime, due: datetime.datetime) -> datetime.datetime:
        total = self.between(start, due)
        if total <= datetime.timedelta():
            return due
        return min(self.add(start, total * self.policy.warn_at_percent / 100), due)

    def schedule(
        self, start: datetime.datetime, paused: datetime.timedelta = datetime.timedelta()
    ) -> tuple[datetime.datetime, datetime.datetime, bool]:
        """(due, warn, provisional) for a clock started at `start` that has been paused for `paused` in total."""
        due = self.due(start)
        warn = self.warn(start, due)
        if paused:
            due, warn = self.add(due, paused), self.add(warn, paused)
        provisional = self.working and calendar.is_provisional(start, due)
        return due, warn, provisional

    def remaining(self, now: datetime.datetime, due: datetime.datetime) -> datetime.timedelta:
        """Time left on this clock's own terms (working time for working clocks); negative when overdue."""
        return self.between(now, due)
