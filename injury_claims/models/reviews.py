"""Bills, reviews by authority (跟踪审核, 费用审核), evaluations of people (考评) and saved searches."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from organization.models import OrgUnit

from ..choices import BillKind, InsuranceCategory, ReviewKind
from ..workflows import ReviewState, ReviewTransitions
from .claims import MONEY
from .followups import Attachment, FollowUp
from .persons import InjuredPerson


class Review(ReviewTransitions, ConcurrentTransitionMixin, models.Model):
    person = models.ForeignKey(
        InjuredPerson, models.CASCADE, related_name="reviews", verbose_name=_("person")
    )
    kind = models.CharField(_("review"), max_length=15, choices=ReviewKind.choices)
    follow_up = models.OneToOneField(
        FollowUp, models.CASCADE, null=True, blank=True, related_name="review", verbose_name=_("follow-up")
    )
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("org"))
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(0)], **MONEY)
    routed_to_hq = models.BooleanField(_("goes to HQ"), default=False)
    route = models.CharField(_("why it goes there"), max_length=300, blank=True)
    state = FSMField(
        _("state"), max_length=10, choices=ReviewState.choices, default=ReviewState.PENDING, protected=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(fields=["state", "kind", "org", "amount"], name="review_queue"),
            models.Index(fields=["state", "routed_to_hq", "kind"], name="review_hq_queue"),
            # The queue, oldest first: walk the pending reviews in order and stop after a page.
            models.Index(
                fields=["submitted_at", "id"], condition=Q(state="pending"), name="review_pending_oldest"
            ),
            models.Index(
                fields=["-amount", "submitted_at", "id"],
                condition=Q(state="pending"),
                name="review_pending_largest",
            ),
        ]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="review_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person.name}"

    def get_absolute_url(self) -> str:
        return reverse("injury_claims:review", args=[self.pk])

    def author_ids_contain(self, user_id: int) -> bool:
        """Nobody reviews their own work: the submitter, and for a cost review whoever recorded a bill of it."""
        if self.kind == ReviewKind.COST:
            return self.bills.filter(by_id=user_id).exists()
        return False

    def line_problems(self) -> list[str]:
        from django.utils.translation import gettext

        if self.kind != ReviewKind.COST:
            return []
        problems = []
        for line in BillLine.objects.filter(bill__review=self).select_related("bill"):
            if (
                line.amount_approved is not None
                and line.amount_approved < line.amount_claimed
                and not (line.reduction_reason.strip())
            ):
                problems.append(gettext("Line “%(item)s” is reduced: give the reason.") % {"item": line.item})
        return problems


class Bill(models.Model):
    """A medical bill of a person (发票/费用清单), with its scan and lines."""

    person = models.ForeignKey(InjuredPerson, models.CASCADE, related_name="bills", verbose_name=_("person"))
    review = models.ForeignKey(
        Review, models.PROTECT, null=True, blank=True, related_name="bills", verbose_name=_("cost review")
    )
    number = models.CharField(_("bill number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=12, choices=BillKind.choices)
    issued_on = models.DateField(_("issued on"))
    hospital_name = models.CharField(_("issued by"), max_length=100)
    scan = models.ForeignKey(Attachment, models.PROTECT, related_name="+", verbose_name=_("scan"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        ordering = ["issued_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["person", "number"], name="bill_number_per_person")]

    def __str__(self) -> str:
        return self.number


class BillLine(models.Model):
    bill = models.ForeignKey(Bill, models.CASCADE, related_name="lines", verbose_name=_("bill"))
    item = models.CharField(_("item"), max_length=100)
    item_kind = models.CharField(_("kind of item"), max_length=20, blank=True)
    category = models.CharField(
        _("医保 category"), max_length=5, choices=InsuranceCategory.choices, blank=True
    )
    reference_code = models.CharField(_("drug-list code"), max_length=40, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit_price = models.DecimalField(_("unit price"), validators=[MinValueValidator(0)], **MONEY)
    amount_claimed = models.DecimalField(_("amount claimed"), validators=[MinValueValidator(0)], **MONEY)
    amount_approved = models.DecimalField(
        _("amount approved"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    reduction_reason = models.CharField(_("reason for the reduction"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bill line")
        verbose_name_plural = _("bill lines")
        ordering = ["bill_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_claimed__gte=0), name="line_claimed_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_approved__isnull=True)
                | Q(amount_approved__lte=models.F("amount_claimed")),
                name="line_approved_within_claimed",
            ),
        ]

    def __str__(self) -> str:
        return self.item


class RedFlagThresholds(models.Model):
    """The thresholds of the red flags (issue 9 point 9) as administered data: the row in force on a day is the
    one with the latest ``effective_from`` on or before it."""

    effective_from = models.DateField(_("effective from"), unique=True)
    lookback_days = models.PositiveIntegerField(
        _("look-back for the same ID or mobile (days)"), default=730, validators=[MinValueValidator(1)]
    )
    estimate_jump_share = models.DecimalField(
        _("estimate rise flagged above (share of the estimate before)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("red-flag thresholds")
        verbose_name_plural = _("red-flag thresholds")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.lookback_days} / {self.estimate_jump_share}"

    @classmethod
    def in_force(cls, day):
        return cls.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


class EvaluationCriterion(models.Model):
    """考评 criteria as data (seed 001 p31: "增加了对人伤环节中任意人员的考评功能")."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("criterion"), max_length=80)
    max_points = models.PositiveSmallIntegerField(_("points"), default=10)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class StaffEvaluation(models.Model):
    """A reviewer or manager scores someone who worked on a person's case at some step."""

    person = models.ForeignKey(
        InjuredPerson, models.CASCADE, related_name="evaluations", verbose_name=_("case")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="evaluations_received",
        verbose_name=_("evaluated"),
    )
    step = models.CharField(_("step"), max_length=30)
    scores = models.JSONField(_("scores"), default=dict)
    total = models.DecimalField(_("points"), max_digits=6, decimal_places=1, default=Decimal("0"))
    comment = models.TextField(_("comment"), blank=True)
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation of a person's work")
        verbose_name_plural = _("evaluations of people's work")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.staff} {self.total}"


class SavedSearch(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("filters"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_search_unique_name")]

    def __str__(self) -> str:
        return self.name
