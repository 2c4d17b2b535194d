"""Maintenance of a cooperation 协作医院的维护: the log of visits and calls, and rectification requests 整改."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .pipeline import Cooperation


class MaintenanceLog(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        CALL = "call", _("Call")
        EVENT = "event", _("Event")
        HOLIDAY_VISIT = "holiday_visit", _("Holiday visit")

    cooperation = models.ForeignKey(Cooperation, models.CASCADE, related_name="maintenance")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("maintenance record")
        verbose_name_plural = _("maintenance log")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Rectification(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        RECTIFIED = "rectified", _("Rectified")
        FAILED = "failed", _("Not rectified")

    cooperation = models.ForeignKey(Cooperation, models.CASCADE, related_name="rectifications")
    issues = models.TextField(_("what must be rectified"))
    requested_on = models.DateField(_("requested on"))
    deadline = models.DateField(_("rectify by"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("rectification request")
        verbose_name_plural = _("rectification requests")
        ordering = ["-requested_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("requested_on")), name="rectification_deadline_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requested_on}: {self.issues[:30]}"
