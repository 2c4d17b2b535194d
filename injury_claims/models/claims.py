"""Claims (案件) from the report, and their survey task (seed 001 pp3–4, seed 002)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField
from simple_history.models import HistoricalRecords

from organization.models import OrgUnit, Province

from ..choices import Liability, ReportChannel
from ..workflows import SurveyState, SurveyTransitions

MONEY = {"max_digits": 12, "decimal_places": 2}


class InjuryCategory(models.Model):
    """人伤类别 as data (seed 001 p27: "对人伤案件类型进行了丰富，便于根据不同案件类型进行管理和数据分析")."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    # Which first-follow-up outcome it usually leads to (p6): outpatient → guidance, inpatient → visit, death →
    # investigation. A suggestion shown on the form; the handler decides.
    suggests = models.CharField(
        _("usual next step"),
        max_length=20,
        choices=[
            ("follow_on", _("Guidance and subsequent follow-up")),
            ("visit", _("Hospital visit")),
            ("investigate", _("Investigation")),
        ],
        default="follow_on",
    )
    rank = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords(verbose_name=_("injury category (history)"))

    class Meta:
        verbose_name = _("injury category")
        verbose_name_plural = _("injury categories")
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "").startswith("en") and self.name_en else self.name


class LiabilityRatio(models.Model):
    """The share of the loss a liability finding carries — data, per branch (blank: the company default)."""

    org = models.ForeignKey(
        OrgUnit,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": OrgUnit.Level.SECONDARY},
        verbose_name=_("branch (blank: company default)"),
    )
    liability = models.CharField(_("liability"), max_length=10, choices=Liability.choices)
    ratio = models.DecimalField(
        _("share"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("0 to 1: the share of the loss the insured vehicle bears."),
    )
    history = HistoricalRecords(verbose_name=_("liability share (history)"))

    class Meta:
        verbose_name = _("liability share")
        verbose_name_plural = _("liability shares")
        ordering = ["org_id", "liability"]
        constraints = [
            models.UniqueConstraint(
                fields=["liability"], condition=Q(org__isnull=True), name="liability_default_unique"
            ),
            models.UniqueConstraint(fields=["org", "liability"], name="liability_org_unique"),
            models.CheckConstraint(condition=Q(ratio__gte=0, ratio__lte=1), name="liability_ratio_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.get_liability_display()} {self.ratio:.0%}"


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user) -> ClaimQuerySet:
        from organization.scoping import scope_for

        from ..rules import can_view_claims

        if not can_view_claims(user):
            return self.none()
        return scope_for(user).filter(self)


class Claim(models.Model):
    """A motor claim with bodily injury, from the report (报案) on."""

    report_no = models.CharField(_("report number"), max_length=30, unique=True)
    channel = models.CharField(_("report channel"), max_length=10, choices=ReportChannel.choices)
    reported_at = models.DateTimeField(_("reported at"))
    accident_at = models.DateTimeField(_("accident time"))
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    city = models.CharField(_("city"), max_length=30)
    district = models.CharField(_("district"), max_length=30, blank=True)
    address = models.CharField(_("place"), max_length=200)
    plate = models.CharField(_("insured vehicle plate"), max_length=10, db_index=True)
    compulsory_policy_no = models.CharField(_("compulsory insurance (交强险) policy"), max_length=30)
    commercial_policy_no = models.CharField(_("commercial policy"), max_length=30, blank=True)
    third_party_sum_insured = models.DecimalField(
        _("commercial third-party sum insured"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    passenger_sum_insured = models.DecimalField(
        _("passenger cover per seat"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    police_reminded = models.BooleanField(
        _("reporter reminded to call the traffic police"),
        default=False,
        help_text=_("Seed 001 p3: 95518 reminds the reporter to report to the traffic police."),
    )
    police_handled = models.BooleanField(_("handled by the traffic police"), default=False)
    liability = models.CharField(_("liability finding"), max_length=10, choices=Liability.choices, blank=True)
    liability_ratio = models.DecimalField(
        _("liability share"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    # Seed 000: "向平安车险的VIP客户提供伤者住院期间医疗费用担保服务" — the insured is the insurer's VIP customer (the basis
    # says why: the customer grade or programme), which opens the medical-fee guarantee to the claim's injured.
    vip_customer = models.BooleanField(_("the insured is a VIP customer"), default=False)
    vip_basis = models.CharField(_("VIP basis"), max_length=200, blank=True)
    certificate_no = models.CharField(
        _("accident-liability certificate (事故认定书) no."), max_length=40, blank=True
    )
    org = models.ForeignKey(OrgUnit, models.PROTECT, related_name="claims", verbose_name=_("handling org"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="claims", verbose_name=_("handler")
    )
    injury_reported_late = models.BooleanField(_("injury reported after the report"), default=False)
    closed_at = models.DateTimeField(_("closed at (结案)"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("claim (history)"))

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["org", "-reported_at"], name="claim_org_reported"),
            # The search's order, newest report first: walk the claims in order and stop after a page.
            models.Index(fields=["-reported_at", "-id"], name="claim_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(liability_ratio__isnull=True) | Q(liability_ratio__gte=0, liability_ratio__lte=1),
                name="claim_liability_ratio_0_1",
            ),
            models.CheckConstraint(
                condition=Q(vip_customer=False) | ~Q(vip_basis=""), name="claim_vip_has_basis"
            ),
        ]

    def __str__(self) -> str:
        return self.report_no

    def get_absolute_url(self) -> str:
        return reverse("injury_claims:claim", args=[self.pk])


class Survey(SurveyTransitions, ConcurrentTransitionMixin, models.Model):
    """The survey task (查勘) of a claim: seed-002 clocks from the report."""

    claim = models.OneToOneField(Claim, models.CASCADE, related_name="survey", verbose_name=_("claim"))
    state = FSMField(
        _("state"), max_length=12, choices=SurveyState.choices, default=SurveyState.DISPATCHED, protected=True
    )
    surveyor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("surveyor"),
    )
    responded_at = models.DateTimeField(_("called the reporter at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("on site at"), null=True, blank=True)
    scene = models.CharField(_("scene"), max_length=10, blank=True)
    second_scene_reason = models.CharField(_("why no first scene"), max_length=500, blank=True)
    findings = models.TextField(_("findings"), blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return f"{self.claim} {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return self.claim.get_absolute_url()

    @property
    def org_id(self) -> int:
        return self.claim.org_id

    @property
    def org(self):
        return self.claim.org
