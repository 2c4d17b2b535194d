"""The plain data the green-channel entitlement rules (green_channel.entitlements) read and return: a product's
terms, a policy's facts, a diagnosis, and the explained results. No database: the selectors build these from the
models; an empty enum value means the manual does not state it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Activation(StrEnum):
    POLICY_START = "policy_start"
    AFTER_COOLING_OFF = "after_cooling_off"
    NOT_STATED = ""


class Term(StrEnum):
    ONE_YEAR = "one_year"
    POLICY_TERM = "policy_term"
    NOT_STATED = ""


class WaitingFrom(StrEnum):
    POLICY_START = "policy_start"
    ACTIVATION = "activation"
    NOT_STATED = ""


class Waiting(StrEnum):
    NONE = "none"
    DAYS = "days"
    SAME_AS_POLICY = "same_as_policy"
    NOT_STATED = ""


class UsesPer(StrEnum):
    SERVICE_YEAR = "service_year"
    POLICY_TERM = "policy_term"
    UNLIMITED = "unlimited"
    NOT_STATED = ""


class Status(StrEnum):
    AVAILABLE = "available"
    NOT_YET = "not_yet"
    USED_UP = "used_up"
    NOT_COVERED = "not_covered"
    UNDETERMINED = "undetermined"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.AVAILABLE: _("available"),
    Status.NOT_YET: _("not available yet"),
    Status.USED_UP: _("used up"),
    Status.NOT_COVERED: _("not covered"),
    Status.UNDETERMINED: _("to be checked"),
}


@dataclass(frozen=True)
class Reason:
    """One explained rule: a code to test on, a translated sentence and the figures it is filled with."""

    code: str
    template: Promise | str
    figures: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return str(self.template) % {k: show(v) for k, v in self.figures.items()}


def show(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return value


@dataclass(frozen=True)
class ServiceTerms:
    key: str  # the product service's id, as a string: the uses are keyed by it
    name: str
    uses_per: UsesPer = UsesPer.NOT_STATED
    uses_limit: int | None = None
    waiting: Waiting = Waiting.NOT_STATED
    waiting_days: int | None = None
    requires_diagnosis: bool = True


@dataclass(frozen=True)
class ProductTerms:
    services: tuple[ServiceTerms, ...]
    activation: Activation = Activation.NOT_STATED
    activation_delay_days: int | None = None
    term: Term = Term.NOT_STATED
    extends_on_renewal: bool | None = None
    max_extensions: int | None = None
    waiting_from: WaitingFrom = WaitingFrom.NOT_STATED
    no_waiting_in_renewal_years: bool | None = None
    min_sum_insured: Decimal | None = None
    min_hospital_grade: int | None = None
    public_hospital_required: bool | None = None


@dataclass(frozen=True)
class RenewalPayment:
    due_on: datetime.date
    paid_on: datetime.date


@dataclass(frozen=True)
class PolicyFacts:
    starts_on: datetime.date
    ends_on: datetime.date  # the last day of cover: the end date, or the day it was terminated early
    cooling_off_days: int
    grace_period_days: int
    sum_insured: Decimal
    renewal_payments: tuple[RenewalPayment, ...] = ()
    waiting_period_days: int | None = (
        None  # the policy's own, for products whose waiting period is "同保险合同"
    )
    is_renewal: bool = False  # 续保: this policy continues an earlier one


@dataclass(frozen=True)
class Diagnosis:
    """The insured person's critical-illness diagnosis; ``None`` everywhere when none is recorded."""

    in_illness_list: bool | None = None
    hospital_grade: int | None = None  # 1, 2 or 3 (三级)
    hospital_public: bool | None = None


@dataclass(frozen=True)
class ServicePeriod:
    activation: datetime.date | None
    last_day: datetime.date | None
    extensions: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class ServiceYear:
    number: int
    first_day: datetime.date
    last_day: datetime.date


@dataclass(frozen=True)
class ServiceEntitlement:
    key: str
    name: str
    status: Status
    reasons: tuple[Reason, ...]
    available_from: datetime.date | None = None
    uses_limit: int | None = None
    uses_taken: int = 0
    uses_left: int | None = None


@dataclass(frozen=True)
class Entitlements:
    on: datetime.date
    period: ServicePeriod
    year: ServiceYear | None
    services: tuple[ServiceEntitlement, ...]

    def service(self, key: str) -> ServiceEntitlement:
        return next(s for s in self.services if s.key == key)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def after_days(first_day: datetime.date, days: int) -> datetime.date:
    """The first day after a period of ``days`` days whose day 1 is ``first_day`` ("等待期为N天": day N+1)."""
    return first_day + datetime.timedelta(days=days)
