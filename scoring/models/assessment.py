"""An assessment year 考核年度 and its rubric (seed 000, "四、协作医院工作的考核"): the five items' maxima and the
figures of each rule, as HQ's data. HQ edits them before it opens the year; the history of every change is kept.
The rules that use them are the pure functions of scoring.scorecard."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..scorecard import Rubric

POINTS = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0), MaxValueValidator(100)]}

# The rubric's fields, in the order of the scorecard (the form and the printed rubric read this).
RUBRIC_FIELDS = (
    "network_coverage_points",
    "network_maintenance_points",
    "maintenance_records_per_hospital",
    "training_once_points",
    "training_twice_points",
    "expert_team_points",
    "expert_team_min_advisors",
    "dispatch_points",
    "dispatch_response_minutes",
    "dispatch_points_without_dispatch",
    "customer_points",
    "hospital_points",
    "hk_points_max",
    "hk_points_min",
    "hk_points_without_case",
    "hk_case_on_time_points",
    "hk_case_late_points",
)


class Assessment(models.Model):
    """One assessment year: its rubric, its sampling and review figures, and when HQ opened it."""

    year = models.PositiveSmallIntegerField(
        _("assessment year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    # 网络建立及维护 30: no formula in the seed — the default shares (scoring.scorecard).
    network_coverage_points = models.DecimalField(
        _("network: quantity rule met (points)"), default=20, **POINTS
    )
    network_maintenance_points = models.DecimalField(
        _("network: regular maintenance (points)"), default=10, **POINTS
    )
    maintenance_records_per_hospital = models.PositiveSmallIntegerField(
        _("maintenance records a hospital needs in the year to count as regularly maintained"), default=2
    )
    # 合作深度 25.
    training_once_points = models.DecimalField(
        _("one training with a closed-book exam (points)"), default=3, **POINTS
    )
    training_twice_points = models.DecimalField(
        _("two or more trainings with a closed-book exam (points)"), default=5, **POINTS
    )
    expert_team_points = models.DecimalField(_("expert team (points)"), default=5, **POINTS)
    expert_team_min_advisors = models.PositiveSmallIntegerField(
        _("advisors serving in the year that make an expert team"),
        default=1,
        validators=[MinValueValidator(1)],
    )
    dispatch_points = models.DecimalField(
        _("emergency service on 95512 dispatch (points)"), default=15, **POINTS
    )
    dispatch_response_minutes = models.PositiveSmallIntegerField(
        _("a dispatch counts when the hospital answered within (minutes)"), default=30
    )
    dispatch_points_without_dispatch = models.DecimalField(
        _("dispatch points in a year without any dispatch"), default=9, **POINTS
    )
    # Satisfaction 15 + 15.
    customer_points = models.DecimalField(_("customers' satisfaction (points)"), default=15, **POINTS)
    customer_sample_size = models.PositiveSmallIntegerField(
        _("inpatient customers sampled per branch"), default=5, validators=[MinValueValidator(1)]
    )
    hospital_points = models.DecimalField(_("hospitals' satisfaction (points)"), default=15, **POINTS)
    hospital_sample_size = models.PositiveSmallIntegerField(
        _("hospitals sampled per branch"), default=3, validators=[MinValueValidator(1)]
    )
    survey_link_days = models.PositiveSmallIntegerField(
        _("days a questionnaire link stays valid"), default=14, validators=[MinValueValidator(1)]
    )
    # 香港项目 15: the seed's figures.
    hk_points_max = models.DecimalField(_("HK project: maximum (points)"), default=15, **POINTS)
    hk_points_min = models.DecimalField(_("HK project: minimum (points)"), default=0, **POINTS)
    hk_points_without_case = models.DecimalField(
        _("HK project: a year without case (points)"), default=9, **POINTS
    )
    hk_case_on_time_points = models.DecimalField(
        _("HK project: each case on time without complaint (+ points)"), default=2, **POINTS
    )
    hk_case_late_points = models.DecimalField(
        _("HK project: each case not on time (− points)"), default=2, **POINTS
    )
    # The branch's review of its draft.
    dispute_working_days = models.PositiveSmallIntegerField(
        _("working days the branch has to dispute its draft"), default=5, validators=[MinValueValidator(1)]
    )

    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("assessment year (history)"))

    class Meta:
        verbose_name = _("assessment year")
        verbose_name_plural = _("assessment years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("scoring:year", args=[self.year])

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    def rubric(self) -> Rubric:
        return Rubric(
            **{
                name: getattr(self, name)
                if not isinstance(getattr(self, name), Decimal)
                else Decimal(getattr(self, name))
                for name in RUBRIC_FIELDS
            }
        )


class Question(models.Model):
    """A question of a satisfaction questionnaire (questions as data). A scale question is answered 1…scale; a
    question with scale 0 takes a free-text answer that does not count in the score."""

    class Kind(models.TextChoices):
        CUSTOMER = "customer", _("Customers (inpatients) about the hospitals")
        HOSPITAL = "hospital", _("Hospitals about us")

    kind = models.CharField(_("questionnaire"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("question"), max_length=300)
    scale = models.PositiveSmallIntegerField(
        _("answer scale (0: free text)"), default=5, validators=[MaxValueValidator(10)]
    )
    is_active = models.BooleanField(_("asked"), default=True)

    class Meta:
        verbose_name = _("questionnaire question")
        verbose_name_plural = _("questionnaire questions")
        ordering = ["kind", "position", "pk"]

    def __str__(self) -> str:
        return self.text
