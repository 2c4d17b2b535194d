"""The coverage standard 设立数量: how many cooperating hospitals each place needs, as data with an effective
date (hospitals.coverage applies it)."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CoverageStandardQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date) -> CoverageStandard | None:
        return self.filter(effective_from__lte=on).order_by("-effective_from").first()


class CoverageStandard(models.Model):
    """How many cooperating hospitals each place needs (seed 000, 设立数量), as data with an effective date."""

    effective_from = models.DateField(_("effective from"), unique=True)
    home_city_minimum = models.PositiveSmallIntegerField(
        _("minimum in the home or centralised-claims city"), default=4
    )
    premium_threshold = models.DecimalField(
        _("sub-branch premium threshold (yuan)"), max_digits=14, decimal_places=2, default=15_000_000
    )
    minimum_at_or_above = models.PositiveSmallIntegerField(
        _("minimum per sub-branch at or above the threshold"), default=2
    )
    minimum_below = models.PositiveSmallIntegerField(
        _("minimum per sub-branch below the threshold"), default=1
    )
    minimum_per_metro_city = models.PositiveSmallIntegerField(
        _("minimum per city or district with a sub-branch (metropolitan type)"), default=1
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = CoverageStandardQuerySet.as_manager()

    history = HistoricalRecords(verbose_name=_("coverage standard (history)"))

    class Meta:
        verbose_name = _("coverage standard")
        verbose_name_plural = _("coverage standards")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from:%Y-%m-%d}"
