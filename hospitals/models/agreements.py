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
    """What a cooperating hospital provides (seed 000, 理赔协作医院的功能 一 to 六); each agreement records the
    functions it covers."""

    EMERGENCY = "emergency", _("Emergency rescue dispatched by the hotline; simplified admission")
    TREATMENT = "treatment", _("Diagnosis and treatment, treatment plans supervised")
    APPRAISAL = "appraisal", _("Medical appraisal at the end of treatment")
    SURVEY = "survey", _("Medical surveys and inpatient management; records access")
    CONSULTATION = "consultation", _("Professional consultation")
    GUARANTEE = "guarantee", _("Medical-fee guarantee and prepayment")
    VALUE_ADDED = "value_added", _("Paid training base for the claims staff")
    EXPERT_TEAM = "expert_team", _("Medical advisors for the branch's expert team (paid)")
    HK_PROJECT = "hk_project", _("Hong Kong cooperation project")
    # 六、其它经保险公司与协作医院协议达成的合作功能: described in the agreement's ``other_functions``.
    OTHER = "other", _("Other functions agreed with the hospital")


# The functions a branch may only offer once HQ has approved them (seed 000, 协作医院的维护 5):
# "报总公司车险意健险理赔部批准后…开展医疗费担保或垫付服务" and
# "经报总公司车险意健险理赔部同意后，各机构可在协作医院挑选…高级医务人员兼任平安产险医疗顾问".
NEEDS_HQ_APPROVAL = (Function.GUARANTEE, Function.EXPERT_TEAM)


class Agreement(models.Model):
    """One version of a cooperation's agreement. Renewal creates the next version."""

    cooperation = models.ForeignKey(Cooperation, models.CASCADE, related_name="agreements")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    functions = models.JSONField(_("functions covered"), default=list)
    other_functions = models.TextField(
        _("other functions agreed"),
        blank=True,
        max_length=1000,
        help_text=_("Required when “Other functions agreed with the hospital” is chosen."),
    )
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

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None

    def covers(self, day: datetime.date) -> bool:
        """Signed, and in force on ``day``."""
        return self.is_signed and self.signed_on <= day and self.term_start <= day <= self.term_end

    def function_labels(self) -> list[str]:
        labels = []
        for code in self.functions:
            if code == Function.OTHER and self.other_functions.strip():
                labels.append(f"{Function.OTHER.label}: {self.other_functions.strip()}")
            elif code in Function.values:
                labels.append(str(Function(code).label))
        return labels

    def functions_needing_approval(self) -> list[str]:
        return [code for code in self.functions if code in NEEDS_HQ_APPROVAL]

    def days_to_expiry(self, today: datetime.date) -> int:
        return (self.term_end - today).days


class FunctionApproval(models.Model):
    """HQ's approval of a function a branch may offer only with it (NEEDS_HQ_APPROVAL), for one agreement version.

    Saving a draft that includes such a function requests it; an HQ network approver approves or refuses it.
    The agreement can be signed only with every such function approved, and its PDF says "经甲方总公司批准" only
    for an approved one.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved by HQ")
        REFUSED = "refused", _("Refused by HQ")

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="function_approvals")
    function = models.CharField(_("function"), max_length=20, choices=Function.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("HQ's note"), blank=True)

    class Meta:
        verbose_name = _("function approval")
        verbose_name_plural = _("function approvals")
        ordering = ["agreement", "function"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "function"], name="function_approval_once"),
            models.CheckConstraint(
                condition=Q(function__in=[f.value for f in NEEDS_HQ_APPROVAL]),
                name="function_approval_only_for_approved_functions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_function_display()}: {self.get_status_display()}"

    @property
    def approved(self) -> bool:
        return self.status == self.Status.APPROVED
