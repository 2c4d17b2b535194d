"""Submitted follow-ups (each an immutable snapshot, seed 001 p32) and the files of a person's case."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import ContactMode
from ..workflows import PersonState
from .claims import MONEY
from .persons import InjuredPerson, Investigation


class FollowUp(models.Model):
    """One submitted follow-up. Seed 001 p32: "保留已经提交的首次跟踪、后续跟踪提交时的轨迹以及提交前保留的估损数据" — it keeps
    what was recorded and the estimate before and after, and never changes once written."""

    person = models.ForeignKey(
        InjuredPerson, models.CASCADE, related_name="follow_ups", verbose_name=_("person")
    )
    kind = models.CharField(_("step"), max_length=20, choices=PersonState.choices)
    contact_mode = models.CharField(_("how"), max_length=10, choices=ContactMode.choices)
    summary = models.TextField(_("what was done and learnt"))
    details = models.JSONField(_("checklist"), default=dict)  # the step's checklist answers (forms.followups)
    estimate_before = models.DecimalField(_("estimate before"), **MONEY)
    estimate_after = models.DecimalField(_("estimate after"), **MONEY)
    mediation_offered = models.BooleanField(
        _("told them the case can be settled by mediation"),
        help_text=_("Seed 001 p10: 每个跟踪环节都应告知我司可调解结案."),
    )
    outcome = models.CharField(_("next step"), max_length=20, blank=True)
    next_on = models.DateField(_("next follow-up on"), null=True, blank=True)
    snapshot = models.JSONField(_("the person as submitted"), default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["person", "kind"], name="follow_up_person_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.submitted_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError(_("A submitted follow-up cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A submitted follow-up cannot be deleted."))


def _attachment_path(instance, filename: str) -> str:
    return f"injury_claims/{instance.person_id}/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class Attachment(models.Model):
    """A file of a person's case (bill scan, photo, report, investigation evidence): checked by content, stored
    outside the static path, served only through a permission-checked view."""

    class Kind(models.TextChoices):
        BILL = "bill", _("Bill")
        PHOTO = "photo", _("Photo")
        REPORT = "report", _("Medical or assessment report")
        INVESTIGATION = "investigation", _("Investigation evidence")
        DOCUMENT = "document", _("Claim document")

    person = models.ForeignKey(
        InjuredPerson, models.CASCADE, related_name="attachments", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    investigation = models.ForeignKey(
        Investigation, models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    section = models.CharField(_("section"), max_length=15, blank=True)
    file = models.FileField(upload_to=_attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.name
