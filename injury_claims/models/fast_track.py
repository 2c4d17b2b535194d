"""The fast track for small injury claims (小额人伤快速处理, seed 001 p11–19).

* :class:`FastTrackStandard` — the figures of the standard (bands, sizes, days, limits) as administered data with an
  effective date; ``injury_claims.fast_track`` applies them.
* :class:`FastTrack` — one per injured person: the facts recorded on the spot, the band proposed with its reasons,
  the phone confirmation, the agreement and its signed scan, the medical check and its score. Its process is declared
  in ``injury_claims.workflows.fast_track``. Once agreed, the amounts cannot change: :meth:`FastTrack.save` refuses
  it and so does the database (a trigger, migration 0013).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from organization.models import OrgUnit

from .. import fast_track as rule
from ..workflows.fast_track import AMOUNTS_FIXED, FastTrackState, FastTrackTransitions
from .claims import MONEY
from .followups import Attachment
from .persons import InjuredPerson

POSITIVE = [MinValueValidator(Decimal("0"))]


class FastTrackStandard(models.Model):
    """The fast-track standard in force from a date (seed 001 p14–18). 以内/以下/以上 include their figure; where a
    size or a number of days is exactly the figure, the higher band applies (injury_claims/fast_track.py)."""

    effective_from = models.DateField(_("effective from"), unique=True)
    no_cost_1 = models.DecimalField(
        _("no medical cost: no visible sign (up to)"), validators=POSITIVE, **MONEY
    )
    no_cost_2 = models.DecimalField(
        _("no medical cost: slight visible injury (up to)"), validators=POSITIVE, **MONEY
    )
    no_cost_3 = models.DecimalField(
        _("no medical cost: heavier visible injury (up to)"), validators=POSITIVE, **MONEY
    )
    incurred_1 = models.DecimalField(
        _("one visit: no positive finding, no advice (up to)"), validators=POSITIVE, **MONEY
    )
    incurred_2 = models.DecimalField(
        _("one visit: further treatment or short rest (up to)"), validators=POSITIVE, **MONEY
    )
    incurred_3 = models.DecimalField(
        _("one visit: minor surgery, observation or long rest (up to)"), validators=POSITIVE, **MONEY
    )
    cut_cm = models.DecimalField(_("cut length from which heavier (cm)"), max_digits=5, decimal_places=1)
    bruise_cm2 = models.DecimalField(
        _("bruise area from which heavier (cm²)"), max_digits=6, decimal_places=1
    )
    rest_days = models.PositiveSmallIntegerField(_("days of full rest from which long"))
    no_review_limit = models.DecimalField(
        _("incurred medical costs recognised without review (up to)"), validators=POSITIVE, **MONEY
    )
    confirmation_limit = models.DecimalField(
        _("incurred medical costs with a phone confirmation (up to)"), validators=POSITIVE, **MONEY
    )
    not_liable_medical_cap = models.DecimalField(
        _("insured vehicle not liable: medical costs paid (up to)"), validators=POSITIVE, **MONEY
    )
    payment_notice_limit = models.DecimalField(
        _("settlements notified for payment within one hour (up to)"),
        default=Decimal("10000"),
        validators=POSITIVE,
        **MONEY,
    )
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("fast-track standard")
        verbose_name_plural = _("fast-track standards")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(no_cost_1__lte=F("no_cost_2"), no_cost_2__lte=F("no_cost_3"))
                & Q(incurred_1__lte=F("incurred_2"), incurred_2__lte=F("incurred_3"))
                & Q(no_review_limit__lte=F("confirmation_limit")),
                name="fast_track_bands_rise",
            )
        ]

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.no_cost_3} / {self.incurred_3}"

    @classmethod
    def in_force(cls, day: datetime.date) -> FastTrackStandard | None:
        return cls.objects.filter(effective_from__lte=day).order_by("-effective_from").first()

    def as_rule(self) -> rule.Standard:
        return rule.Standard(
            no_cost_ceilings=(self.no_cost_1, self.no_cost_2, self.no_cost_3),
            incurred_ceilings=(self.incurred_1, self.incurred_2, self.incurred_3),
            cut_cm=self.cut_cm,
            bruise_cm2=self.bruise_cm2,
            rest_days=self.rest_days,
            no_review_limit=self.no_review_limit,
            confirmation_limit=self.confirmation_limit,
            not_liable_medical_cap=self.not_liable_medical_cap,
        )


class FastTrack(FastTrackTransitions, ConcurrentTransitionMixin, models.Model):
    person = models.OneToOneField(
        InjuredPerson, models.CASCADE, related_name="fast_track", verbose_name=_("person")
    )
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("org"))
    state = FSMField(
        _("state"),
        max_length=10,
        choices=FastTrackState.choices,
        default=FastTrackState.PROPOSED,
        protected=True,
    )
    standard = models.ForeignKey(
        FastTrackStandard, models.PROTECT, related_name="+", verbose_name=_("standard")
    )
    facts = models.JSONField(_("facts recorded"), default=dict)
    basis = models.CharField(_("basis"), max_length=10)
    level = models.PositiveSmallIntegerField(_("band"))
    ceiling = models.DecimalField(_("band up to"), **MONEY)
    medical_cost = models.DecimalField(_("incurred medical costs"), default=0, **MONEY)
    medical_cap = models.DecimalField(_("medical costs paid up to"), **MONEY)
    needs_confirmation = models.BooleanField(_("phone confirmation needed"), default=False)
    reasons = models.JSONField(_("why this band"), default=list)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_note = models.CharField(_("what was confirmed"), max_length=2000, blank=True)
    amount = models.DecimalField(_("agreed amount"), null=True, blank=True, **MONEY)
    medical_amount = models.DecimalField(_("of which medical costs"), null=True, blank=True, **MONEY)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    signed_scan = models.ForeignKey(
        Attachment,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed agreement"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fast track")
        verbose_name_plural = _("fast tracks")
        indexes = [models.Index(fields=["org", "state"], name="fast_track_org_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True)
                | Q(
                    amount__gt=0,
                    amount__lte=F("ceiling"),
                    medical_amount__gte=0,
                    medical_amount__lte=F("amount"),
                ),
                name="fast_track_amount_within_band",
            ),
            models.CheckConstraint(
                condition=Q(medical_amount__isnull=True) | Q(medical_amount__lte=F("medical_cap")),
                name="fast_track_medical_within_cap",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="fast_track_score_0_100",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    def save(self, *args, **kwargs):
        """p19: once agreed, the amounts are the agreement's — not changed by medical review, calculation or
        approval. (The database refuses it too: migration 0013's trigger.)"""
        if self.pk:
            before = (
                type(self)
                .objects.filter(pk=self.pk)
                .values("state", "amount", "medical_amount", "ceiling", "medical_cap")
                .first()
            )
            if before and before["state"] in AMOUNTS_FIXED:
                for name in ("amount", "medical_amount", "ceiling", "medical_cap"):
                    if before[name] != getattr(self, name):
                        raise ValidationError(
                            _(
                                "The fast-track agreement's amounts are fixed once signed: %(field)s cannot change."
                            )
                            % {"field": self._meta.get_field(name).verbose_name}
                        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("injury_claims:fast_track", args=[self.pk])

    def proposal(self) -> rule.Proposal:
        return rule.Proposal(
            eligible=True,
            reasons=list(self.reasons),
            basis=self.basis,
            level=self.level,
            ceiling=self.ceiling,
            medical_cap=self.medical_cap,
            needs_confirmation=self.needs_confirmation,
            medical_review_needed=False,
        )

    def agreement_problems(self, amount, medical_amount) -> list[str]:
        if amount is None or medical_amount is None:
            from django.utils.translation import gettext

            return [gettext("Enter the agreed amount and the medical costs in it.")]
        return rule.agreement_problems(
            self.proposal(), amount, medical_amount, confirmed=self.state == FastTrackState.CONFIRMED
        )
