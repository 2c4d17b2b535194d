"""Settlement of an injured person after the cost review (seed 001: 医疗审核 → 定损 → 理算核赔 → 结案; issue 10).

* :class:`CompulsoryLimit` — the 交强险 limits as administered data with effective dates (LAW.md §1).
* :class:`DocumentRequirement` — the documents checklist per injury category (data).
* :class:`Settlement` — one per person: loss assessment (定损: the facts the calculator needs, the documents), the
  calculation (理算), approval (核赔, a :class:`~injury_claims.models.Review` of kind ``settlement``) and payment.
  Its process is declared in ``injury_claims.workflows.settlement``.
* :class:`Calculation` — each calculation kept whole (the calculator's items with formulas, figures and sources, the
  claim-level allocation and the adjustments with their reasons); the latest is the one approved and printed.
* :class:`Payment` — who is paid, to which account (encrypted, found by a keyed hash, masked), with the bank's
  reference once paid.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from organization.models import OrgUnit
from organization.pii import EncryptedTextField

from ..choices import AgreedKind, PayeeKind
from ..workflows.settlement import SettlementState, SettlementTransitions
from .claims import MONEY, InjuryCategory
from .followups import Attachment
from .persons import InjuredPerson


class CompulsoryLimit(models.Model):
    """The 交强险 limits per accident (all victims together) in force from a date (LAW.md §1.1)."""

    effective_from = models.DateField(_("effective from"), unique=True)
    death_disability = models.DecimalField(_("death and disability limit"), **MONEY)
    medical = models.DecimalField(_("medical expenses limit"), **MONEY)
    property = models.DecimalField(_("property damage limit"), **MONEY)
    no_fault_death_disability = models.DecimalField(_("no-fault death and disability limit"), **MONEY)
    no_fault_medical = models.DecimalField(_("no-fault medical expenses limit"), **MONEY)
    no_fault_property = models.DecimalField(_("no-fault property damage limit"), **MONEY)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("交强险 limits")
        verbose_name_plural = _("交强险 limits")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.death_disability}/{self.medical}/{self.property}"

    @classmethod
    def in_force(cls, day):
        return cls.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


class DocumentRequirement(models.Model):
    """A document the claim needs before payment, for one injury category or (blank) for every one."""

    category = models.ForeignKey(
        InjuryCategory,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="required_documents",
        verbose_name=_("injury category"),
        help_text=_("Blank: required for every category."),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("document"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="document_requirement_once")]

    def __str__(self) -> str:
        return self.name


class Settlement(SettlementTransitions, ConcurrentTransitionMixin, models.Model):
    person = models.OneToOneField(
        InjuredPerson, models.CASCADE, related_name="settlement", verbose_name=_("person")
    )
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("org"))
    state = FSMField(
        _("state"),
        max_length=12,
        choices=SettlementState.choices,
        default=SettlementState.ASSESSMENT,
        protected=True,
    )
    # 定损: the facts the calculator needs (dates, grades, income, nursing, days, expenses, dependants), as entered
    # and confirmed; each expense item may cite its evidence (an attachment's id).
    facts = models.JSONField(_("assessed facts"), default=dict, blank=True)
    documents_complete_on = models.DateTimeField(_("documents complete at"), null=True, blank=True)
    calculator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calculated by"),
    )
    total = models.DecimalField(_("amount payable"), null=True, blank=True, **MONEY)
    # The items are fixed by an agreement or a judgment (injury_claims.agreed): the calculation takes them as they
    # are and refuses adjustments. Set by services.settlement.fix_amounts.
    agreed_kind = models.CharField(
        _("amounts fixed by"), max_length=12, choices=AgreedKind.choices, blank=True, default=""
    )
    agreed_source = models.CharField(_("fixing document"), max_length=300, blank=True, default="")
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        indexes = [models.Index(fields=["org", "state"], name="settlement_org_state")]

    def __str__(self) -> str:
        return str(self.person)

    def get_absolute_url(self) -> str:
        return reverse("injury_claims:settlement", args=[self.pk])

    @property
    def claim(self):
        return self.person.claim

    def requirements(self):
        return DocumentRequirement.objects.filter(
            Q(category__isnull=True) | Q(category_id=self.person.category_id), active=True
        )

    def missing_documents(self) -> list[str]:
        received = set(self.documents.values_list("requirement_id", flat=True))
        return [r.name for r in self.requirements() if r.pk not in received]

    def one_hour_notice(self) -> bool:
        """Seed 001 p19: a fast-track settlement of 10,000 or less (万元以下, the standard's figure) is notified for
        payment within one hour of approval."""
        from .fast_track import FastTrackStandard

        if self.agreed_kind != AgreedKind.FAST_TRACK or self.total is None:
            return False
        standard = FastTrackStandard.in_force(timezone.localdate())
        return standard is not None and self.total <= standard.payment_notice_limit

    def latest_calculation(self):
        return self.calculations.order_by("-version").first()

    def prepaid(self) -> Decimal:
        """Prepaid to the hospital against a medical-fee guarantee, net of recoveries (models.guarantee): it counts
        as already paid."""
        from .guarantee import prepaid_for

        return prepaid_for(self.person_id)

    def payment_problems(self) -> list[str]:
        from django.utils.translation import gettext

        payments = list(self.payments.all())
        prepaid = self.prepaid()
        if not payments and not prepaid:
            return [gettext("Record the payment first.")]
        if any(p.status != Payment.Status.PAID for p in payments):
            return [gettext("A payment has no bank reference yet.")]
        paid = sum((p.amount for p in payments), Decimal("0"))
        if self.total is not None and prepaid > self.total:
            return [
                gettext(
                    "¥%(prepaid)s was prepaid to the hospital, more than the ¥%(total)s approved: recover "
                    "¥%(excess)s first."
                )
                % {
                    "prepaid": f"{prepaid:,.2f}",
                    "total": f"{self.total:,.2f}",
                    "excess": f"{prepaid - self.total:,.2f}",
                }
            ]
        if self.total is not None and paid + prepaid != self.total:
            if prepaid:
                return [
                    gettext("¥%(paid)s paid and ¥%(prepaid)s prepaid of ¥%(total)s approved.")
                    % {"paid": f"{paid:,.2f}", "prepaid": f"{prepaid:,.2f}", "total": f"{self.total:,.2f}"}
                ]
            return [
                gettext("¥%(paid)s paid of ¥%(total)s approved.")
                % {"paid": f"{paid:,.2f}", "total": f"{self.total:,.2f}"}
            ]
        return []


class DocumentReceipt(models.Model):
    settlement = models.ForeignKey(Settlement, models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(DocumentRequirement, models.PROTECT, related_name="+")
    received_on = models.DateField(_("received on"))
    attachment = models.ForeignKey(Attachment, models.PROTECT, null=True, blank=True, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["settlement", "requirement"], name="document_received_once")
        ]

    def __str__(self) -> str:
        return f"{self.requirement} {self.received_on}"


class Calculation(models.Model):
    """One calculation of a person, kept as it was: the calculator's result and the adjustments."""

    settlement = models.ForeignKey(Settlement, models.CASCADE, related_name="calculations")
    version = models.PositiveSmallIntegerField(_("version"))
    # [{code, label, amount, formula, figures: [...], sources: [...], notes: [...], adjusted_to, reason}]
    items = models.JSONField(_("items"), default=list)
    # this person's shares: {"compulsory": ..., "commercial": ..., "not_covered": ..., "lines": [...], "notes": [...]}
    allocation = models.JSONField(_("allocation"), default=dict)
    settings_used = models.JSONField(_("settings"), default=list)  # the open points and how they were decided
    region = models.CharField(_("region and year of the figures"), max_length=100)
    loss = models.DecimalField(_("assessed loss"), **MONEY)
    payable = models.DecimalField(_("payable by us"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["settlement", "version"], name="calculation_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.settlement} v{self.version}"


class Payment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("To pay")
        PAID = "paid", _("Paid")

    settlement = models.ForeignKey(Settlement, models.CASCADE, related_name="payments")
    payee_kind = models.CharField(_("payee"), max_length=10, choices=PayeeKind.choices)
    payee_name = models.CharField(_("payee name"), max_length=100)
    bank = models.CharField(_("bank"), max_length=100)
    account = EncryptedTextField(_("account number"), blind_index_field="account_hash")
    account_hash = models.CharField(max_length=64, db_index=True, editable=False)
    account_masked = models.CharField(_("account"), max_length=40, editable=False)
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reference = models.CharField(_("bank reference"), max_length=60, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="pending") | (~Q(reference="") & Q(paid_on__isnull=False)),
                name="payment_paid_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payee_name} ¥{self.amount}"
