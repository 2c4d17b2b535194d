"""Registry imports running in the worker: their progress and, when rows are bad, every row's errors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organization.models import OrgUnit


class HospitalImport(models.Model):
    """A registry import running in the worker: its progress and, when rows are bad, every row's errors."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing imported")

    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("branch"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    file = models.FileField(upload_to="imports/%Y/", max_length=200)
    original_name = models.CharField(max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a worker took it on: an import "running" for long belonged to a worker that died (requeued by beat).
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hospital import")
        verbose_name_plural = _("hospital imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
