"""The facts an entitlement is computed from (green_channel.entitlements): the insured person (found by ID number,
stored encrypted like injured persons' — organization.pii), the policy with its service product, its renewal
payments, the diagnosis and the uses already taken."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organization.models import OrgUnit
from organization.pii import EncryptedTextField, blind_index, mask, normalise

from .products import MONEY, ProductService, ServiceProduct


class PolicyQuerySet(models.QuerySet):
    def visible_to(self, user) -> PolicyQuerySet:
        """Policies of the org units in the person's scope (HQ all, a branch its subtree)."""
        from organization.scoping import scope_for

        return scope_for(user).filter(self)


class InsuredPerson(models.Model):
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    # Personal information: encrypted, found by a keyed hash, shown masked (organization.pii).
    id_number = EncryptedTextField(_("ID number"), blind_index_field="id_hash")
    id_hash = models.CharField(max_length=64, unique=True, editable=False)
    id_masked = models.CharField(_("ID number"), max_length=30, editable=False)
    # The mobile the customer agreed to receive the service's SMS on (encrypted like the ID number).
    mobile = EncryptedTextField(_("mobile"), blank=True)
    mobile_masked = models.CharField(_("mobile"), max_length=11, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("insured person")
        verbose_name_plural = _("insured persons")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.id_masked}"

    def save(self, *args, **kwargs):
        number = normalise(self.id_number)
        self.id_number = number
        self.id_hash = blind_index(number)
        self.id_masked = mask(number, keep_start=6, keep_end=4)
        self.mobile = (self.mobile or "").strip()
        self.mobile_masked = mask(self.mobile, keep_start=3, keep_end=4) if self.mobile else ""
        super().save(*args, **kwargs)


class Policy(models.Model):
    insured = models.ForeignKey(
        InsuredPerson, models.PROTECT, related_name="policies", verbose_name=_("insured person")
    )
    product = models.ForeignKey(
        ServiceProduct, models.PROTECT, related_name="policies", verbose_name=_("service product")
    )
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("serving org"))
    number = models.CharField(_("policy number"), max_length=40, unique=True)
    starts_on = models.DateField(_("policy starts on"))
    ends_on = models.DateField(_("policy ends on"))
    terminated_on = models.DateField(_("terminated early on"), null=True, blank=True)
    cooling_off_days = models.PositiveSmallIntegerField(_("cooling-off period (days)"))
    grace_period_days = models.PositiveSmallIntegerField(_("grace period (days)"))
    waiting_period_days = models.PositiveSmallIntegerField(
        _("policy's waiting period (days)"), null=True, blank=True
    )
    sum_insured = models.DecimalField(_("sum insured"), validators=[MinValueValidator(0)], **MONEY)
    is_renewal = models.BooleanField(_("renews an earlier policy (续保)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("insured policy")
        verbose_name_plural = _("insured policies")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="gc_policy_dates"
            ),
            models.CheckConstraint(
                condition=models.Q(terminated_on__isnull=True)
                | models.Q(terminated_on__gte=models.F("starts_on"), terminated_on__lte=models.F("ends_on")),
                name="gc_policy_terminated_within",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def last_day(self):
        """The last day of cover: the end date, or the day the policy was terminated early."""
        return self.terminated_on or self.ends_on


class RenewalPayment(models.Model):
    policy = models.ForeignKey(
        Policy, models.CASCADE, related_name="renewal_payments", verbose_name=_("policy")
    )
    due_on = models.DateField(_("premium due on"))
    paid_on = models.DateField(_("paid on"))

    class Meta:
        verbose_name = _("renewal payment")
        verbose_name_plural = _("renewal payments")
        ordering = ["policy_id", "due_on"]
        constraints = [models.UniqueConstraint(fields=["policy", "due_on"], name="gc_renewal_unique_due")]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d}"


class Diagnosis(models.Model):
    """The insured person's critical-illness diagnosis on this policy, and the hospital that made it."""

    policy = models.OneToOneField(Policy, models.CASCADE, related_name="diagnosis", verbose_name=_("policy"))
    diagnosed_on = models.DateField(_("diagnosed on"))
    illness = models.CharField(_("illness"), max_length=200)
    in_illness_list = models.BooleanField(_("on the product's list of illnesses"), null=True, blank=True)
    hospital = models.ForeignKey(
        "hospitals.Hospital",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diagnosing hospital"),
    )
    hospital_name = models.CharField(
        _("diagnosing hospital (not in the registry)"), max_length=100, blank=True
    )
    hospital_grade = models.PositiveSmallIntegerField(
        _("diagnosing hospital's grade (not in the registry)"), null=True, blank=True
    )
    hospital_public = models.BooleanField(
        _("diagnosing hospital is public (not in the registry)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")

    def __str__(self) -> str:
        return self.illness

    def clean(self) -> None:
        if self.hospital_id and (
            self.hospital_name or self.hospital_grade or self.hospital_public is not None
        ):
            raise ValidationError(
                _("Either choose the hospital from the registry or describe one that is not in it, not both.")
            )


class ServiceUse(models.Model):
    """One use of a service counted against the policy's entitlement (a booking done, cancelled late or missed)."""

    policy = models.ForeignKey(Policy, models.CASCADE, related_name="uses", verbose_name=_("policy"))
    service = models.ForeignKey(
        ProductService, models.PROTECT, related_name="uses", verbose_name=_("product service")
    )
    used_on = models.DateField(_("used on"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("service use")
        verbose_name_plural = _("service uses")
        ordering = ["policy_id", "used_on", "pk"]
        indexes = [models.Index(fields=["policy", "service", "used_on"], name="gc_use_policy_service")]

    def __str__(self) -> str:
        return f"{self.service} {self.used_on:%Y-%m-%d}"

    def clean(self) -> None:
        if self.policy_id and self.service_id and self.service.product_id != self.policy.product_id:
            raise ValidationError(_("This service is not one of the policy's product."))
