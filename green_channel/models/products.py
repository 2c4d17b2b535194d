"""Green-channel service products 重疾绿通服务产品 as data (seed 003): each insurer's manual described with its own
figures, administered by HQ in the admin with history. A null number or flag and an empty choice mean "not
stated" — the manual is silent — and are shown so, never filled with another manual's value. ``source`` holds the
manual's own sentences so an administrator can check each figure."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import (
    Activation,
    Cancellation,
    ClockStart,
    CountedFrom,
    DurationUnit,
    IllnessList,
    ServiceKind,
    StepCode,
    Term,
    UsesPer,
    Waiting,
    WaitingFrom,
)

MONEY = {"max_digits": 12, "decimal_places": 2}


class Insurer(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    history = HistoricalRecords(verbose_name=_("insurer (history)"))

    class Meta:
        verbose_name = _("insurer")
        verbose_name_plural = _("insurers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Vendor(models.Model):
    """The health-service company that delivers a product's services (服务商, e.g. 好人生, 远盟康健)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    hotline = models.CharField(_("hotline"), max_length=60, blank=True)
    hours = models.CharField(_("service hours"), max_length=200, blank=True)

    history = HistoricalRecords(verbose_name=_("vendor (history)"))

    class Meta:
        verbose_name = _("service vendor")
        verbose_name_plural = _("service vendors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceProduct(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    manual_title = models.CharField(_("manual title"), max_length=200, blank=True)
    insurer = models.ForeignKey(
        Insurer, models.PROTECT, null=True, blank=True, related_name="products", verbose_name=_("insurer")
    )
    insurance_product = models.CharField(_("insurance product it comes with"), max_length=200, blank=True)
    vendor = models.ForeignKey(
        Vendor, models.PROTECT, null=True, blank=True, related_name="products", verbose_name=_("vendor")
    )
    hotline = models.CharField(_("hotline"), max_length=60, blank=True)
    service_hours = models.CharField(_("service hours"), max_length=200, blank=True)
    hours_from = models.TimeField(_("hours from"), null=True, blank=True)
    hours_until = models.TimeField(_("hours until"), null=True, blank=True)
    weekdays_only = models.BooleanField(_("Monday to Friday only"), null=True, blank=True)
    # The service period
    activation = models.CharField(_("service opens"), max_length=20, choices=Activation.choices, blank=True)
    activation_delay_days = models.PositiveSmallIntegerField(
        _("days after the cooling-off period until it takes effect"), null=True, blank=True
    )
    term = models.CharField(_("service term"), max_length=20, choices=Term.choices, blank=True)
    extends_on_renewal = models.BooleanField(
        _("extended a year on each renewal payment"), null=True, blank=True
    )
    max_extensions = models.PositiveSmallIntegerField(
        _("maximum number of extensions"), null=True, blank=True
    )
    waiting_from = models.CharField(
        _("waiting period counted from"), max_length=20, choices=WaitingFrom.choices, blank=True
    )
    no_waiting_in_renewal_years = models.BooleanField(
        _("no waiting period in renewal years"), null=True, blank=True
    )
    # Eligibility
    illness_list = models.CharField(
        _("illnesses covered"), max_length=20, choices=IllnessList.choices, blank=True
    )
    illness_scope = models.CharField(_("illnesses covered, as the manual says"), max_length=300, blank=True)
    min_hospital_grade = models.PositiveSmallIntegerField(
        _("diagnosis by a hospital of at least grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    public_hospital_required = models.BooleanField(_("diagnosis by a public hospital"), null=True, blank=True)
    min_sum_insured = models.DecimalField(
        _("minimum sum insured (yuan, included)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    no_show_counts_as_used = models.BooleanField(_("a no-show counts as used"), null=True, blank=True)
    # The network list (imported per product: issue 12, point 2)
    network_list_name = models.CharField(_("network list"), max_length=200, blank=True)
    network_cities = models.PositiveIntegerField(_("network cities"), null=True, blank=True)
    network_institutions = models.PositiveIntegerField(_("network institutions"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(verbose_name=_("service product (history)"))

    class Meta:
        verbose_name = _("green-channel service product")
        verbose_name_plural = _("green-channel service products")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_extensions__isnull=True) | models.Q(extends_on_renewal=True),
                name="gc_product_extensions_need_renewal",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_from__isnull=True, hours_until__isnull=True)
                | models.Q(hours_from__lt=models.F("hours_until")),
                name="gc_product_hours_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProductService(models.Model):
    """One service of a product as its manual names it, with its uses, waiting period, clock and cancellation."""

    product = models.ForeignKey(
        ServiceProduct, models.CASCADE, related_name="services", verbose_name=_("service product")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=30, choices=ServiceKind.choices)
    name = models.CharField(_("name in the manual"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    uses_per = models.CharField(_("uses counted"), max_length=20, choices=UsesPer.choices, blank=True)
    uses_limit = models.PositiveSmallIntegerField(_("uses"), null=True, blank=True)
    waiting = models.CharField(_("waiting period"), max_length=20, choices=Waiting.choices, blank=True)
    waiting_days = models.PositiveSmallIntegerField(_("waiting period (days)"), null=True, blank=True)
    requires_diagnosis = models.BooleanField(_("requires a critical-illness diagnosis"), default=True)
    clock_start = models.CharField(
        _("clock starts at"), max_length=20, choices=ClockStart.choices, blank=True
    )
    pauses_awaiting_customer = models.BooleanField(
        _("clocks pause while waiting for the customer's documents"), null=True, blank=True
    )
    cancellation = models.CharField(
        _("cancellation rule"), max_length=30, choices=Cancellation.choices, blank=True
    )
    cancellation_notice = models.PositiveSmallIntegerField(_("cancellation notice"), null=True, blank=True)
    cancellation_notice_unit = models.CharField(
        _("cancellation notice unit"), max_length=20, choices=DurationUnit.choices, blank=True
    )
    source = models.TextField(_("source"), blank=True)

    history = HistoricalRecords(verbose_name=_("product service (history)"))

    class Meta:
        verbose_name = _("product service")
        verbose_name_plural = _("product services")
        ordering = ["product_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "name"], name="gc_service_unique_name"),
            models.CheckConstraint(
                condition=(models.Q(waiting="days") & models.Q(waiting_days__isnull=False))
                | (~models.Q(waiting="days") & models.Q(waiting_days__isnull=True)),
                name="gc_service_waiting_days_with_days",
            ),
            models.CheckConstraint(
                condition=models.Q(uses_limit__isnull=True)
                | models.Q(uses_per__in=["service_year", "policy_term"]),
                name="gc_service_uses_limit_has_period",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(cancellation="until_before_visit")
                    & models.Q(cancellation_notice__isnull=False)
                    & ~models.Q(cancellation_notice_unit="")
                )
                | (
                    ~models.Q(cancellation="until_before_visit")
                    & models.Q(cancellation_notice__isnull=True)
                    & models.Q(cancellation_notice_unit="")
                ),
                name="gc_service_cancellation_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.name}"


class ServiceStep(models.Model):
    """A service-level step: done within ``duration`` ``unit`` counted from ``counted_from`` (e.g. "客户确认就诊专家后,
    在5个工作日内完成客户门诊安排": outpatient arranged, 5 working days, from the expert chosen)."""

    service = models.ForeignKey(
        ProductService, models.CASCADE, related_name="steps", verbose_name=_("product service")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("step"), max_length=30, choices=StepCode.choices)
    counted_from = models.CharField(_("counted from"), max_length=30, choices=CountedFrom.choices)
    duration = models.PositiveSmallIntegerField(_("duration"))
    unit = models.CharField(_("unit"), max_length=20, choices=DurationUnit.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)

    history = HistoricalRecords(verbose_name=_("service step (history)"))

    class Meta:
        verbose_name = _("service-level step")
        verbose_name_plural = _("service-level steps")
        ordering = ["service_id", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="gc_step_unique_code")]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.duration} {self.get_unit_display()}"


class DocumentRequirement(models.Model):
    """One document of a service's checklist (e.g. "三甲医院住院单(加盖医院有效公章)")."""

    service = models.ForeignKey(
        ProductService, models.CASCADE, related_name="documents", verbose_name=_("product service")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("document"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords(verbose_name=_("document requirement (history)"))

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["service_id", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="gc_document_unique_name")]

    def __str__(self) -> str:
        return self.name
