"""Agreements 协作医院合作协议书: one version per term; renewal creates the next version."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .pipeline import Cooperation


class Function(models.TextChoices):
    """What a cooperating hospital provides (seed 000); each agreement records the functions it covers."""

    EMERGENCY = "emergency", _("Emergency rescue dispatched by the hotline; simplified admission")
    TREATMENT = "treatment", _("Diagnosis and treatment, treatment plans supervised")
    APPRAISAL = "appraisal", _("Medical appraisal at the end of treatment")
    SURVEY = "survey", _("Medical surveys and inpatient management; records access")
    CONSULTATION = "consultation", _("Professional consultation")
    GUARANTEE = "guarantee", _("Medical-fee guarantee and prepayment")
    VALUE_ADDED = "value_added", _("Paid value-added services: training base, medical advisors")
    HK_PROJECT = "hk_project", _("Hong Kong cooperation project")


class Agreement(models.Model):
    """One version of a cooperation's agreement. Renewal creates the next version."""

    cooperation = models.ForeignKey(Cooperation, models.CASCADE, related_name="agreements")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    functions = models.JSONField(_("functions covered"), default=list)
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term until"))
    insurer_signatory = models.CharField(_("our signatory"), max_length=50)
    hospital_signatory = models.CharField(_("hospital signatory"), max_length=50)
    deviation = models.TextField(
        _("deviation from the standard text"),
        blank=True,
        help_text=_("Leave empty when the standard text is used."),
    )
    legal_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("branch legal review"),
    )
    hq_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("HQ review"),
    )
    document = models.ForeignKey(
        "documents.IssuedDocument",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("printed agreement"),
    )
    signed_scan = models.FileField(_("signed scan"), upload_to="agreements/%Y/", blank=True, max_length=200)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    filed_with_hq_on = models.DateField(_("filed with HQ on"), null=True, blank=True)
    guarantee_enabled = models.BooleanField(_("guarantee and prepayment enabled"), default=False)
    guarantee_hq_approved = models.BooleanField(_("guarantee approved by HQ"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # The printed document is linked by the print job (an event records it), not edited: no history of it.
    history = HistoricalRecords(
        excluded_fields=["created_at", "document"], verbose_name=_("agreement (history)")
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["cooperation", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["cooperation", "version"], name="agreement_version_once"),
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")), name="agreement_term_order"
            ),
            models.CheckConstraint(
                condition=Q(guarantee_enabled=False) | Q(guarantee_hq_approved=True),
                name="agreement_guarantee_needs_hq",
            ),
        ]
        indexes = [models.Index(fields=["term_end"], name="agreement_term_end")]

    def __str__(self) -> str:
        return f"{self.cooperation} v{self.version}"

    @property
    def org_id(self) -> int:
        """The branch, so that events recorded against an agreement are scoped like its cooperation."""
        return self.cooperation.org_id

    @property
    def has_deviation(self) -> bool:
        return bool(self.deviation.strip())

    @property
    def reviews_complete(self) -> bool:
        return not self.has_deviation or (
            self.legal_reviewed_by_id is not None and self.hq_reviewed_by_id is not None
        )

    def function_labels(self) -> list[str]:
        return [str(Function(code).label) for code in self.functions if code in Function.values]

    def days_to_expiry(self, today: datetime.date) -> int:
        return (self.term_end - today).days
