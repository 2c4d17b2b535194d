"""The medical-fee guarantee (担保函) and its prepayments (医疗费担保预付, seed 000).

* :class:`Guarantee` — one letter to the treating hospital for one injured person: the amount guaranteed, the
  validity, who drafted, submitted and approved it, the agreement that allowed it, the printed letter. Its process is
  declared in ``injury_claims.workflows.guarantee``. One open letter per person at a time.
* :class:`Prepayment` — money paid to the hospital against the letter (incurred costs × the liability share, within
  the guarantee), or recovered from it when the settlement's total turned out lower. Each row is a payment made (its
  bank reference and date): the settlement counts the net amount as already paid (``prepaid_for``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Sum, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from organization.models import OrgUnit

from ..workflows.guarantee import OPEN, GuaranteeState, GuaranteeTransitions
from .claims import MONEY
from .persons import InjuredPerson

POSITIVE = [MinValueValidator(Decimal("0.01"))]


class GuaranteeQuerySet(models.QuerySet):
    def visible_to(self, user) -> GuaranteeQuerySet:
        from organization.scoping import scope_for

        from ..rules import can_view_claims

        if not can_view_claims(user):
            return self.none()
        return scope_for(user).filter(self)

    def with_prepaid(self) -> GuaranteeQuerySet:
        return self.annotate(
            prepaid_net=Sum(
                Case(
                    When(prepayments__kind=Prepayment.Kind.PREPAYMENT, then=F("prepayments__amount")),
                    When(prepayments__kind=Prepayment.Kind.RECOVERY, then=-F("prepayments__amount")),
                    default=Decimal("0"),
                    output_field=models.DecimalField(**MONEY),
                )
            )
        )


class Guarantee(GuaranteeTransitions, ConcurrentTransitionMixin, models.Model):
    State = GuaranteeState

    person = models.ForeignKey(
        InjuredPerson, models.CASCADE, related_name="guarantees", verbose_name=_("person")
    )
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("org"))
    hospital = models.ForeignKey(
        "hospitals.Hospital", models.PROTECT, related_name="+", verbose_name=_("hospital")
    )
    agreement = models.ForeignKey(
        "hospitals.Agreement",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement allowing it"),
    )
    state = FSMField(
        _("state"),
        max_length=10,
        choices=GuaranteeState.choices,
        default=GuaranteeState.DRAFTED,
        protected=True,
    )
    amount = models.DecimalField(_("guaranteed amount"), validators=POSITIVE, **MONEY)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    purpose = models.CharField(_("what it guarantees"), max_length=300, blank=True)
    routed_to_hq = models.BooleanField(_("approved by HQ"), default=False)
    route = models.CharField(_("why it goes there"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    document = models.ForeignKey(
        "documents.IssuedDocument",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("printed letter"),
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    reconciliation = models.JSONField(_("reconciliation when closed"), default=list, blank=True)

    objects = GuaranteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("medical-fee guarantee")
        verbose_name_plural = _("medical-fee guarantees")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["org", "state"], name="guarantee_org_state"),
            models.Index(fields=["state", "valid_until"], name="guarantee_state_valid"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="guarantee_amount_positive"),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="guarantee_validity_order"
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(state__in=sorted(OPEN)), name="guarantee_one_open_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.hospital} ¥{self.amount:,.2f}"

    def get_absolute_url(self) -> str:
        return reverse("injury_claims:guarantee", args=[self.pk])

    @property
    def number(self) -> str:
        """The letter's number: that of its printed letter (numbered by the documents registry)."""
        return self.document.number if self.document_id else ""

    def prepaid(self) -> Decimal:
        return prepaid_total(Prepayment.objects.filter(guarantee=self))


class Prepayment(models.Model):
    class Kind(models.TextChoices):
        PREPAYMENT = "prepayment", _("Prepayment to the hospital")
        RECOVERY = "recovery", _("Recovered from the hospital")

    guarantee = models.ForeignKey(
        Guarantee, models.PROTECT, related_name="prepayments", verbose_name=_("guarantee")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PREPAYMENT)
    # The basis of a prepayment: the hospital's incurred costs to date, the share of the finding, the amount due.
    incurred = models.DecimalField(_("incurred medical costs to date"), null=True, blank=True, **MONEY)
    statement = models.CharField(_("hospital's cost statement"), max_length=100, blank=True)
    liability = models.CharField(_("liability finding"), max_length=10, blank=True)
    ratio = models.DecimalField(_("liability share"), max_digits=4, decimal_places=3, null=True, blank=True)
    due = models.DecimalField(_("due in proportion"), null=True, blank=True, **MONEY)
    amount = models.DecimalField(_("amount"), validators=POSITIVE, **MONEY)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("bank reference"), max_length=60)
    explanation = models.JSONField(_("how it was found"), default=list, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prepayment")
        verbose_name_plural = _("prepayments")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="prepayment_amount_positive"),
            models.CheckConstraint(condition=~Q(reference=""), name="prepayment_has_reference"),
            models.CheckConstraint(
                condition=Q(kind="recovery")
                | Q(incurred__isnull=False, ratio__isnull=False, due__isnull=False),
                name="prepayment_has_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ¥{self.amount:,.2f}"

    @property
    def signed_amount(self) -> Decimal:
        return -self.amount if self.kind == self.Kind.RECOVERY else self.amount


def prepaid_total(rows) -> Decimal:
    """Prepaid less recovered, over a queryset of prepayments (one query)."""
    sums = dict(rows.order_by().values_list("kind").annotate(total=Sum("amount")))
    net = sums.get(Prepayment.Kind.PREPAYMENT, Decimal("0")) - sums.get(
        Prepayment.Kind.RECOVERY, Decimal("0")
    )
    return net.quantize(Decimal("0.01"))


def prepaid_for(person_id: int) -> Decimal:
    """What was prepaid to the hospital for this person, net of recoveries, whatever became of the letters: the
    settlement counts it as already paid."""
    return prepaid_total(Prepayment.objects.filter(guarantee__person_id=person_id))
