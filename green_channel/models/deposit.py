"""The hospital-deposit advance 住院费用垫付 (seed 003 附件二): the advance on a policy's deposit-advance service, the
money paid at the hospital (deposit and top-ups, each with its receipt 押金单) and the discharge settlement. The
process is ``green_channel.workflows.deposit``; the rules ``green_channel.deposit_rules``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from organization.models import OrgUnit

from .. import deposit_rules as rule
from ..workflows.deposit import OPEN, DepositState, DepositTransitions
from .policies import Policy
from .products import MONEY, ProductService

POSITIVE = [MinValueValidator(Decimal("0.01"))]
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class DepositAdvanceQuerySet(models.QuerySet):
    def visible_to(self, user) -> DepositAdvanceQuerySet:
        from organization.scoping import scope_for

        return scope_for(user).filter(self)


class DepositAdvance(DepositTransitions, ConcurrentTransitionMixin, models.Model):
    policy = models.ForeignKey(
        Policy, models.PROTECT, related_name="deposit_advances", verbose_name=_("policy")
    )
    service = models.ForeignKey(
        ProductService, models.PROTECT, related_name="deposit_advances", verbose_name=_("product service")
    )
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("serving org"))
    state = FSMField(
        _("state"),
        max_length=20,
        choices=DepositState.choices,
        default=DepositState.APPLIED,
        protected=True,
    )
    hospital = models.ForeignKey(
        "hospitals.Hospital",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hospital"),
    )
    hospital_name = models.CharField(_("hospital (not in the registry)"), max_length=100, blank=True)
    applied_at = models.DateTimeField(_("customer applied at"))
    contacted_at = models.DateTimeField(_("customer contacted at"), null=True, blank=True)
    documents_received_at = models.DateTimeField(_("claim documents received at"), null=True, blank=True)
    liability_decided_at = models.DateTimeField(_("liability decided at"), null=True, blank=True)
    liability_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("liability decided by"),
    )
    liability_reason = models.TextField(_("liability decision: reasons"), blank=True)
    top_up_requested_at = models.DateTimeField(_("top-up requested at"), null=True, blank=True)
    top_up_requested_amount = models.DecimalField(
        _("top-up asked for"), null=True, blank=True, validators=POSITIVE, **MONEY
    )
    planned_discharge_on = models.DateField(_("discharge day (notified)"), null=True, blank=True)
    discharge_notified_at = models.DateTimeField(_("discharge notified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DepositAdvanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("hospital-deposit advance")
        verbose_name_plural = _("hospital-deposit advances")
        ordering = ["-applied_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy"],
                condition=models.Q(state__in=sorted(OPEN)),
                name="gc_deposit_one_open_per_policy",
            ),
            models.CheckConstraint(
                condition=~(models.Q(hospital__isnull=True) & models.Q(hospital_name="")),
                name="gc_deposit_has_hospital",
            ),
        ]
        indexes = [models.Index(fields=["org", "state"], name="gc_deposit_org_state")]

    def __str__(self) -> str:
        return f"{self.policy} · {self.hospital_label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("green_channel:deposit", args=[self.pk])

    @property
    def hospital_label(self) -> str:
        return self.hospital.name if self.hospital_id else self.hospital_name

    # --- the product's terms ----------------------------------------------------------------------------------
    def step(self, code: str):
        """The product's service-level step of this code (None: the product does not state it)."""
        cache = self.__dict__.get("_steps")
        if cache is None:
            cache = {step.code: step for step in self.service.steps.all()}
            self.__dict__["_steps"] = cache
        return cache.get(str(code))

    # --- money ------------------------------------------------------------------------------------------------
    @property
    def settlement_or_none(self) -> DepositSettlement | None:
        try:
            return self.settlement
        except DepositSettlement.DoesNotExist:
            return None

    def payment_amounts(self) -> list[Decimal]:
        return [payment.amount for payment in self.payments.all()]

    def reconciliation(self) -> rule.Reconciliation | None:
        settlement = self.settlement_or_none
        if settlement is None:
            return None
        return rule.reconcile(
            self.payment_amounts(),
            bill_total=settlement.bill_total,
            applied=settlement.applied,
            refunded=settlement.refunded,
        )

    def add_payment(self, kind: str, *, amount, paid_on, receipt, by) -> DepositPayment:
        """Called by the ``pay_deposit`` / ``top_up`` transitions under the row lock."""
        from ..uploads import check_scan

        if amount is None or amount <= 0:
            raise ValidationError(_("The amount must be more than zero."))
        if receipt is None:
            raise ValidationError(_("Upload the hospital's receipt (押金单)."))
        extension = check_scan(receipt)
        if paid_on < self.applied_at.date():
            raise ValidationError(_("The payment date cannot be before the application."))
        payment = DepositPayment(
            advance=self,
            kind=kind,
            amount=amount,
            paid_on=paid_on,
            receipt_name=(receipt.name or f"receipt.{extension}")[:200],
            by=by,
        )
        payment.receipt.save(f"deposit-{self.pk}-{kind}.{extension}", receipt, save=False)
        payment.save()
        return payment

    def record_settlement(
        self, *, by, discharged_on, bill_total, applied, refunded, claim_file_collected
    ) -> DepositSettlement:
        """Called by the ``settle`` / ``correct_settlement`` transitions under the row lock."""
        from workflow.services import TransitionRefused

        if not claim_file_collected:
            raise TransitionRefused(
                _(
                    "The claim file (理赔材料) is collected at the discharge settlement: tick it once you have it."
                ),
                field="claim_file_collected",
            )
        settlement, _created = DepositSettlement.objects.update_or_create(
            advance=self,
            defaults={
                "discharged_on": discharged_on,
                "bill_total": bill_total,
                "applied": applied,
                "refunded": refunded,
                "claim_file_collected": claim_file_collected,
                "by": by,
            },
        )
        self.__dict__.pop("_prefetched_objects_cache", None)
        self.settlement = settlement
        return settlement


class DepositPayment(models.Model):
    """Money paid at the hospital: the deposit (押金) or a top-up (续费), with the hospital's receipt."""

    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("Deposit (押金)")
        TOP_UP = "top_up", _("Top-up (续费)")

    advance = models.ForeignKey(
        DepositAdvance, models.CASCADE, related_name="payments", verbose_name=_("deposit advance")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), validators=POSITIVE, **MONEY)
    paid_on = models.DateField(_("paid on"))
    receipt = models.FileField(_("receipt (押金单)"), upload_to="green_channel/deposits/%Y/", max_length=200)
    receipt_name = models.CharField(_("file name"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deposit payment")
        verbose_name_plural = _("deposit payments")
        ordering = ["advance_id", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="gc_deposit_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ¥{self.amount:,.2f}"


class DepositSettlement(models.Model):
    """The discharge settlement 出院结算: the hospital's bill, what the advance paid of it, the hospital's refund."""

    advance = models.OneToOneField(
        DepositAdvance, models.CASCADE, related_name="settlement", verbose_name=_("deposit advance")
    )
    discharged_on = models.DateField(_("discharged on"))
    bill_total = models.DecimalField(_("hospital bill total"), validators=NOT_NEGATIVE, **MONEY)
    applied = models.DecimalField(_("paid by the advance"), validators=NOT_NEGATIVE, **MONEY)
    refunded = models.DecimalField(_("refunded by the hospital"), validators=NOT_NEGATIVE, **MONEY)
    claim_file_collected = models.BooleanField(_("claim file collected"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("discharge settlement")
        verbose_name_plural = _("discharge settlements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bill_total__gte=0, applied__gte=0, refunded__gte=0),
                name="gc_deposit_settlement_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.discharged_on:%Y-%m-%d} ¥{self.bill_total:,.2f}"
