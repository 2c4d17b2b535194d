"""The plain data the scorecard's rules take (scoring.scorecard): the rubric's figures of a year and one branch's
facts. No ORM: scoring.models.Assessment.rubric() and scoring.facts.gather() build them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils.translation import gettext


def num(value: Decimal) -> str:
    """A figure as people write it: 9, 7.5, 13.25 (no trailing zeros, never an exponent)."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _jsonable(value):
    if isinstance(value, Decimal):
        return num(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Rubric:
    """The figures of one assessment year (scoring.models.Assessment holds them)."""

    network_coverage_points: Decimal = Decimal(20)
    network_maintenance_points: Decimal = Decimal(10)
    maintenance_records_per_hospital: int = 2
    training_once_points: Decimal = Decimal(3)
    training_twice_points: Decimal = Decimal(5)
    expert_team_points: Decimal = Decimal(5)
    expert_team_min_advisors: int = 1
    dispatch_points: Decimal = Decimal(15)
    dispatch_response_minutes: int = 30
    dispatch_points_without_dispatch: Decimal = Decimal(9)
    customer_points: Decimal = Decimal(15)
    hospital_points: Decimal = Decimal(15)
    hk_points_max: Decimal = Decimal(15)
    hk_points_min: Decimal = Decimal(0)
    hk_points_without_case: Decimal = Decimal(9)
    hk_case_on_time_points: Decimal = Decimal(2)
    hk_case_late_points: Decimal = Decimal(2)

    @property
    def network_max(self) -> Decimal:
        return self.network_coverage_points + self.network_maintenance_points

    @property
    def depth_max(self) -> Decimal:
        return self.training_twice_points + self.expert_team_points + self.dispatch_points

    @property
    def total_max(self) -> Decimal:
        return (
            self.network_max
            + self.depth_max
            + self.customer_points
            + self.hospital_points
            + self.hk_points_max
        )

    def problems(self) -> list[str]:
        """What makes the figures unusable (translated): the form shows them."""
        found = []
        if self.total_max != 100:
            found.append(
                gettext("The maxima add up to %(total)s points; the scorecard has 100.")
                % {"total": self.total_max.normalize()}
            )
        if self.training_once_points > self.training_twice_points:
            found.append(gettext("One training cannot score more than two or more trainings."))
        if not self.hk_points_min <= self.hk_points_without_case <= self.hk_points_max:
            found.append(
                gettext("A year without HK case must score between the HK item's minimum and maximum.")
            )
        if self.dispatch_points_without_dispatch > self.dispatch_points:
            found.append(gettext("A year without dispatch cannot score more than the dispatch part."))
        return found


@dataclass(frozen=True)
class Coverage:
    required: int
    credited: int  # required − shortfall
    places_short: tuple[str, ...] = ()


@dataclass(frozen=True)
class NetworkHospital:
    name: str
    maintenance_records: int


@dataclass(frozen=True)
class TrainingFact:
    on: str  # YYYY-MM-DD
    topic: str
    closed_book_exam: bool


@dataclass(frozen=True)
class DispatchFact:
    at: str
    hospital: str
    response_minutes: int
    answered: bool  # False: "the hospital could not respond"


@dataclass(frozen=True)
class HkCaseFact:
    reference: str
    on_time: bool  # survey, report and call-back all on time
    complaint: bool
    complaint_verified: bool


@dataclass(frozen=True)
class SurveyAnswerSet:
    """One answered questionnaire: the sum of its answers and the sum of its scales."""

    subject: str
    points: int
    scale: int


@dataclass(frozen=True)
class Facts:
    """Everything one branch's scorecard is computed from, for one year."""

    coverage: Coverage | None = None
    hospitals: tuple[NetworkHospital, ...] = ()
    trainings: tuple[TrainingFact, ...] = ()
    advisors: tuple[str, ...] = ()
    dispatches: tuple[DispatchFact, ...] = ()
    hk_cases: tuple[HkCaseFact, ...] = ()
    customer_answers: tuple[SurveyAnswerSet, ...] = ()
    customer_wanted: int = 5
    hospital_answers: tuple[SurveyAnswerSet, ...] = ()
    hospital_wanted: int = 0

    def to_json(self) -> dict:
        return _jsonable(asdict(self))
