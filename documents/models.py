"""The registry of issued documents: every printed agreement, form or letter has a number and a SHA-256.

The kind of a document is a slug registered by the app that prints it (documents.registry), not a choice list
here: a new kind of document needs no migration of this app.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import registry


class DocumentSequence(models.Model):
    """The last number used for a kind in a year; locked only while a number is taken, so numbers never repeat."""

    kind = models.SlugField(max_length=40, db_index=False)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="document_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


def _upload_to(instance: IssuedDocument, filename: str) -> str:
    return f"documents/{instance.issued_at:%Y/%m}/{instance.number}.pdf"


class IssuedDocument(models.Model):
    number = models.CharField(_("document number"), max_length=30, unique=True)
    kind = models.SlugField(_("kind"), max_length=40, db_index=False, validators=[registry.validate_kind])
    title = models.CharField(_("title"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("size (bytes)"))
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=200)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    org = models.ForeignKey(
        "organization.OrgUnit", models.PROTECT, related_name="+", verbose_name=_("issuing organisation")
    )
    content_type = models.ForeignKey(ContentType, models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    # A random secret printed in the document's QR code only: whoever holds the paper reaches its entry in the
    # register (documents.views.verify) without the numbers being enumerable. Blank for documents issued before.
    verify_token = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="document_subject")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def kind_label(self) -> str:
        kind = registry.get(self.kind)
        return str(kind.label) if kind else self.kind


def _job_upload_to(instance: Job, filename: str) -> str:
    return f"jobs/{instance.created_at:%Y/%m}/{instance.pk}-{filename}"


class Job(models.Model):
    """A file made in the background for one person: a printed document or an export.

    The request only creates this row and queues ``documents.tasks.run_job``; the page polls the row (htmx) until
    the worker has finished, and says so plainly when no worker picks it up.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the worker")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.SlugField(_("kind"), max_length=60, db_index=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    params = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=_job_upload_to, blank=True, max_length=200)
    filename = models.CharField(max_length=200, blank=True)
    mime_type = models.CharField(max_length=100, blank=True)
    document = models.ForeignKey(IssuedDocument, models.SET_NULL, null=True, blank=True, related_name="+")
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "created_at"], name="job_requester")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
