"""A branch's scorecard for one assessment year, with the branch's explanations and disputes, HQ's adjustments
and the final versions a reopening replaced. Its review cycle is declared in scoring.workflows (SCORECARD)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField

from organization.models import OrgUnit
from organization.scoping import scope_for

from ..scorecard import ITEMS, TITLES, Item
from ..workflows import ScorecardState, ScorecardTransitions
from .assessment import Assessment

ITEM_CHOICES = [(key, _(TITLES[key])) for key in ITEMS]
SIGNED_POINTS = {"max_digits": 5, "decimal_places": 2}


class ScorecardQuerySet(models.QuerySet):
    def visible_to(self, user) -> ScorecardQuerySet:
        return scope_for(user).filter(self)


class Scorecard(ScorecardTransitions, ConcurrentTransitionMixin, models.Model):
    State = ScorecardState

    assessment = models.ForeignKey(
        Assessment, models.PROTECT, related_name="scorecards", verbose_name=_("assessment year")
    )
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("branch"))
    state = FSMField(
        _("state"),
        max_length=12,
        choices=ScorecardState.choices,
        default=ScorecardState.DRAFT,
        protected=True,
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # The computed items (scoring.scorecard.Item.to_json), the facts they came from, and the per-hospital figures
    # shown next to them: frozen when the card is final.
    items = models.JSONField(_("scored items"), default=list)
    facts = models.JSONField(_("facts"), default=dict)
    hospitals = models.JSONField(_("hospitals' annual figures"), default=list)
    computed_at = models.DateTimeField(_("facts gathered at"), null=True, blank=True)
    total = models.DecimalField(_("total points"), default=0, **SIGNED_POINTS)
    dispute_until = models.DateField(_("the branch may dispute until"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["assessment", "org__code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "org"], name="one_scorecard_per_branch_and_year")
        ]

    def __str__(self) -> str:
        return f"{self.assessment.year} {self.org}"

    def get_absolute_url(self) -> str:
        return reverse("scoring:scorecard", args=[self.pk])

    def computed_items(self) -> list[Item]:
        return [Item.from_json(data) for data in self.items]


class Dispute(models.Model):
    """The branch's word on an item: an explanation (noted) or a dispute (HQ must answer it)."""

    class Kind(models.TextChoices):
        EXPLANATION = "explanation", _("Explanation")
        DISPUTE = "dispute", _("Dispute")

    class Status(models.TextChoices):
        NOTED = "noted", _("Noted")
        OPEN = "open", _("Waiting for HQ")
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", pgettext_lazy("dispute", "Rejected")

    scorecard = models.ForeignKey(
        Scorecard, models.CASCADE, related_name="disputes", verbose_name=_("scorecard")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    item = models.CharField(_("item"), max_length=30, choices=ITEM_CHOICES)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("explanation"), max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    answer = models.TextField(_("HQ's answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("explanation or dispute")
        verbose_name_plural = _("explanations and disputes")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="explanation", status="noted")
                | Q(kind="dispute", status__in=["open", "upheld", "rejected"]),
                name="dispute_status_fits_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_item_display()}"


class Adjustment(models.Model):
    """HQ's change to an item's points, with its reasons (audited); the item stays between 0 and its maximum."""

    scorecard = models.ForeignKey(
        Scorecard, models.CASCADE, related_name="adjustments", verbose_name=_("scorecard")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    item = models.CharField(_("item"), max_length=30, choices=ITEM_CHOICES)
    points = models.DecimalField(_("points (+/−)"), **SIGNED_POINTS)
    reason = models.TextField(_("reasons"), max_length=2000)
    dispute = models.ForeignKey(
        Dispute, models.PROTECT, null=True, blank=True, related_name="adjustments", verbose_name=_("dispute")
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(points=0), name="adjustment_not_zero")]

    def __str__(self) -> str:
        return f"{self.get_item_display()} {self.points:+}"


class ScorecardVersion(models.Model):
    """A final scorecard a reopening replaced, kept as it was (items, adjustments, total, who finalised it)."""

    scorecard = models.ForeignKey(
        Scorecard, models.CASCADE, related_name="versions", verbose_name=_("scorecard")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    items = models.JSONField(_("scored items"))
    facts = models.JSONField(_("facts"))
    hospitals = models.JSONField(_("hospitals' annual figures"), default=list)
    adjustments = models.JSONField(_("adjustments"), default=list)
    total = models.DecimalField(_("total points"), **SIGNED_POINTS)
    computed_at = models.DateTimeField(null=True)
    finalised_at = models.DateTimeField(null=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    reopened_at = models.DateTimeField(auto_now_add=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reason = models.TextField(_("reasons for reopening"))

    class Meta:
        verbose_name = _("earlier final version")
        verbose_name_plural = _("earlier final versions")
        ordering = ["scorecard", "version"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "version"], name="one_row_per_version")]

    def __str__(self) -> str:
        return f"{self.scorecard} v{self.version}"

    @property
    def total_decimal(self) -> Decimal:
        return Decimal(self.total)
