"""Mediation for an injured person (人伤调解, seed 001 p8–10, p20–22).

* :class:`Mediation` — one open at a time per person (a unique constraint): its mediator, the plan's total and
  reasoning, the plan's review (a ``Review`` of kind ``mediation_plan``), the agreement, its signed scan, the cost
  pass. Its process is declared in ``injury_claims.workflows.mediation``; the rules are ``injury_claims.mediation``.
* :class:`MediationItem` — one head of damage of the plan: the most the mediator may agree for it (planned) and what
  was agreed.

The plan's amounts change only while drafted; the agreed amounts never change once agreed: ``save()`` refuses it
and so does the database (triggers in migration 0016).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from organization.models import OrgUnit

from .. import compensation as c
from .. import mediation as rule
from ..workflows.mediation import (
    AMOUNTS_FIXED,
    OPEN,
    PLAN_EDITABLE,
    MediationState,
    MediationTransitions,
)
from .claims import MONEY
from .followups import Attachment
from .persons import InjuredPerson
from .reviews import Review

NOT_NEGATIVE = [MinValueValidator(0)]
ITEM_CHOICES = [(str(code), label) for code, label in c.ITEM_LABELS.items()]


def authorisation_of(user) -> rule.Authorisation:
    from organization.roles import Role

    return rule.Authorisation(
        has_role=user.has_role(Role.MEDIATOR),
        trained_on=user.mediator_trained_on,
        authorised_by=user.mediator_authorised_by or "",
        valid_until=user.mediator_valid_until,
    )


class Mediation(MediationTransitions, ConcurrentTransitionMixin, models.Model):
    person = models.ForeignKey(
        InjuredPerson, models.CASCADE, related_name="mediations", verbose_name=_("person")
    )
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("org"))
    state = FSMField(
        _("state"),
        max_length=10,
        choices=MediationState.choices,
        default=MediationState.DRAFTING,
        protected=True,
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="mediations", verbose_name=_("mediator")
    )
    plan_total = models.DecimalField(
        _("plan total (the most in all)"), null=True, blank=True, validators=NOT_NEGATIVE, **MONEY
    )
    explanation = models.TextField(_("the plan's reasoning"), blank=True)
    basis = models.CharField(_("starting point"), max_length=300, blank=True)
    review = models.ForeignKey(
        Review,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="mediations",
        verbose_name=_("plan review"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    agreed_total = models.DecimalField(_("agreed total"), null=True, blank=True, **MONEY)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    signed_scan = models.ForeignKey(
        Attachment,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed agreement"),
    )
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["org", "state"], name="mediation_org_state"),
            models.Index(fields=["mediator", "created_at"], name="mediation_mediator_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(state__in=sorted(OPEN)),
                name="mediation_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(plan_total__isnull=True) | Q(plan_total__gt=0),
                name="mediation_plan_total_positive",
            ),
            models.CheckConstraint(
                condition=Q(agreed_total__isnull=True)
                | Q(agreed_total__gt=0, plan_total__isnull=False, agreed_total__lte=F("plan_total")),
                name="mediation_agreed_within_plan_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.mediator}"

    def save(self, *args, **kwargs):
        """The plan's total changes only while drafted; once agreed, the agreed total never changes (the database
        refuses it too: migration 0016's trigger)."""
        if self.pk:
            before = (
                type(self).objects.filter(pk=self.pk).values("state", "plan_total", "agreed_total").first()
            )
            if before:
                if before["state"] not in PLAN_EDITABLE and before["plan_total"] != self.plan_total:
                    raise ValidationError(
                        _(
                            "The plan's amounts are fixed once it is submitted: revise the plan to change them."
                        )
                    )
                if before["state"] in AMOUNTS_FIXED and before["agreed_total"] != self.agreed_total:
                    raise ValidationError(_("The agreement's amounts are fixed once agreed."))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("injury_claims:mediation", args=[self.pk])

    # --- the rules, over this record's data ------------------------------------------------------------------
    def authorisation_problems(self, on=None) -> list[str]:
        return rule.authorisation_problems(authorisation_of(self.mediator), on or timezone.localdate())

    def planned(self) -> dict[str, object]:
        return {item.code: item.planned for item in self.items.all()}

    def plan_problems(self) -> list[str]:
        from ..forms.mediation import item_labels

        return rule.plan_problems(self.planned(), self.plan_total, item_labels())

    def check_agreement(self, amounts: dict) -> rule.Check:
        from ..forms.mediation import item_labels

        if self.plan_total is None:
            return rule.Check(problems=[str(_("The plan has no total: it was not approved."))])
        return rule.check_agreement(self.planned(), self.plan_total, amounts, item_labels())


class MediationItem(models.Model):
    mediation = models.ForeignKey(
        Mediation, models.CASCADE, related_name="items", verbose_name=_("mediation")
    )
    code = models.CharField(_("item"), max_length=30, choices=ITEM_CHOICES)
    planned = models.DecimalField(_("planned amount (at most)"), validators=NOT_NEGATIVE, **MONEY)
    suggested = models.DecimalField(
        _("the calculator's amount"), null=True, blank=True, validators=NOT_NEGATIVE, **MONEY
    )
    agreed = models.DecimalField(_("agreed amount"), null=True, blank=True, validators=NOT_NEGATIVE, **MONEY)
    note = models.CharField(_("how it is reckoned"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mediation item")
        verbose_name_plural = _("mediation items")
        ordering = ["mediation_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mediation", "code"], name="mediation_item_once"),
            models.CheckConstraint(condition=Q(planned__gte=0), name="mediation_item_planned_not_negative"),
            models.CheckConstraint(
                condition=Q(agreed__isnull=True) | Q(agreed__gte=0, agreed__lte=F("planned")),
                name="mediation_item_agreed_within_planned",
            ),
        ]

    def __str__(self) -> str:
        return self.get_code_display()

    def save(self, *args, **kwargs):
        """Planned amounts change only while the plan is drafted; agreed ones never once agreed."""
        state = Mediation.objects.filter(pk=self.mediation_id).values_list("state", flat=True).first()
        if self.pk:
            before = type(self).objects.filter(pk=self.pk).values("planned", "agreed").first()
            if before and state not in PLAN_EDITABLE and before["planned"] != self.planned:
                raise ValidationError(
                    _("The plan's amounts are fixed once it is submitted: revise the plan to change them.")
                )
            if before and state in AMOUNTS_FIXED and before["agreed"] != self.agreed:
                raise ValidationError(_("The agreement's amounts are fixed once agreed."))
        elif state is not None and state not in PLAN_EDITABLE:
            raise ValidationError(
                _("The plan's amounts are fixed once it is submitted: revise the plan to change them.")
            )
        super().save(*args, **kwargs)
