"""Reference databases of seed 001 (人伤案件数据应用库: "社保药品目录数据库、各地交通事故赔偿标准数据库、残疾器具价格数据库").

Three lists that HQ maintains and every claims handler reads:

* :class:`DrugItem` — drugs, medical services and materials with their 医保 category (甲/乙/丙/自费), unit and
  reference price. LAW.md §6.1: 甲类 and 乙类 are the official list's classes; "丙类" is insurers' word for what is
  outside the list (fully self-paid). Both words occur in the lists people import, so both are kept as categories.
* :class:`CompensationStandard` — the figures of one region for one statistical year (人身损害赔偿 interpretation
  Art. 22: per province, and separately for the special economic zones and cities with separate plans, e.g. 深圳,
  宁波), with the window in which courts apply them and where they come from; :class:`IndustryWage` holds its
  per-industry wages (误工费/护理费 by industry). Since the 2022 urban–rural unification only the urban figures
  and the staff average wage are used (LAW.md §2), so no rural figures are kept.
* :class:`DisabilityAid` — prices and service lives of disability aids (残疾辅助器具费, Art. 13).

Money is Decimal yuan. Every list keeps its history (django-simple-history); the invariants are database
constraints, repeated in ``clean()`` with specific messages (imports validate rows without a query per row).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organization.models import Province

__all__ = [
    "AidCategory",
    "CompensationStandard",
    "DisabilityAid",
    "DrugItem",
    "DrugKind",
    "IndustryWage",
    "InsuranceCategory",
    "Region",
]

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
FIRST_YEAR, LAST_YEAR = 1990, 2100


def money(verbose_name, *, required: bool = False, help_text: str = "") -> models.DecimalField:
    """A yuan amount, never negative (the constraint is declared on the model)."""
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        null=not required,
        blank=not required,
        validators=NON_NEGATIVE,
        help_text=help_text,
    )


def _non_negative(model: str, *fields: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
            name=f"{model}_{field}_not_negative",
        )
        for field in fields
    ]


# --- drugs, medical services and materials --------------------------------------------------------------------
class InsuranceCategory(models.TextChoices):
    """医保 category of a bill line (LAW.md §6.1)."""

    CLASS_A = "a", _("Class A (甲类)")
    CLASS_B = "b", _("Class B (乙类)")
    CLASS_C = "c", _("Class C (丙类, outside the list)")
    SELF_PAID = "self", _("Self-paid (自费)")


class DrugKind(models.TextChoices):
    DRUG = "drug", _("Drug (药品)")
    SERVICE = "service", _("Medical service (诊疗项目)")
    MATERIAL = "material", _("Medical material (医用耗材)")


class DrugItem(models.Model):
    """One line of the drug and medical-service list (社保药品目录): what a bill line is checked against."""

    Kind = DrugKind

    code = models.CharField(
        _("code"), max_length=40, unique=True, help_text=_("The 医保 code or the list's own code.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=DrugKind.choices, default=DrugKind.DRUG)
    category = models.CharField(_("医保 category"), max_length=4, choices=InsuranceCategory.choices)
    dosage_form = models.CharField(_("dosage form"), max_length=50, blank=True)
    specification = models.CharField(_("specification"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=20)
    reference_price = money(_("reference price (yuan)"), help_text=_("Per unit. Empty: no reference price."))
    restriction = models.CharField(
        _("payment restriction"),
        max_length=200,
        blank=True,
        help_text=_("限定支付范围, as the list states it."),
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Demo figures, not taken from an official list.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(verbose_name=_("drug or service item (history)"))

    class Meta:
        verbose_name = _("drug or service item")
        verbose_name_plural = _("drug and medical-service list")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=~Q(code=""), name="drug_code_not_empty"),
            models.CheckConstraint(condition=~Q(name=""), name="drug_name_not_empty"),
            models.CheckConstraint(condition=~Q(unit=""), name="drug_unit_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=DrugKind.values), name="drug_kind_valid"),
            models.CheckConstraint(
                condition=Q(category__in=InsuranceCategory.values), name="drug_category_valid"
            ),
            *_non_negative("drug", "reference_price"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}" + (f" {self.specification}" if self.specification else "")


# --- regional compensation standards --------------------------------------------------------------------------
class Region(NamedTuple):
    """A province (organization.models.Province code) and, for a separately administered area, its name (深圳);
    "" is the province's general figures (一般地区). Guangdong and Guangdong/深圳 are different regions."""

    province: str
    area: str = ""

    def label(self) -> str:
        name = str(Province(self.province).label) if self.province in Province.values else self.province
        return f"{name} · {self.area}" if self.area else name


class CompensationStandardQuerySet(models.QuerySet):
    def of_region(self, region: Region) -> CompensationStandardQuerySet:
        return self.filter(province=region.province, area=region.area)

    def in_force(self, day: datetime.date) -> CompensationStandardQuerySet:
        return self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day), effective_from__lte=day)


class CompensationStandard(models.Model):
    """The figures of one region for one statistical year, applied by courts from ``effective_from`` to
    ``effective_to`` (Jilin's court standard runs 1 September to 31 August; LAW.md §4). An empty figure is one
    nobody has confirmed: the calculator asks for it instead of guessing."""

    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    area = models.CharField(
        _("separately administered area"),
        max_length=50,
        blank=True,
        help_text=_(
            "A special economic zone or city with a separate plan that has its own figures (深圳, 宁波). "
            "Empty: the province's general figures (一般地区)."
        ),
    )
    stat_year = models.PositiveSmallIntegerField(
        _("statistical year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("The year the statistics describe (上一统计年度), not the year they are applied."),
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(
        _("effective to"), null=True, blank=True, help_text=_("Empty: open-ended.")
    )
    urban_disposable_income = money(_("urban per-capita disposable income (yuan/year)"))
    urban_consumption = money(_("urban per-capita consumption expenditure (yuan/year)"))
    average_wage = money(_("staff average wage (yuan/year)"))
    funeral_expenses = money(
        _("funeral expenses (yuan)"),
        help_text=_("丧葬费 as published: six months of the staff average wage."),
    )
    hospital_meal_allowance = money(_("hospital meal allowance (yuan/day)"))
    nursing_daily_wage = money(_("nursing daily wage (yuan/day)"))
    source = models.TextField(
        _("source"), help_text=_("Who published the figures, the document number, and what is unconfirmed.")
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Not (fully) confirmed: the source says which figures or dates are assumed."),
    )

    objects = CompensationStandardQuerySet.as_manager()

    history = HistoricalRecords(verbose_name=_("compensation standard (history)"))

    class Meta:
        verbose_name = _("compensation standard")
        verbose_name_plural = _("regional compensation standards")
        ordering = ["province", "area", "-stat_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "area", "stat_year"], name="standard_one_per_region_year"
            ),
            models.UniqueConstraint(
                fields=["province", "area", "effective_from"], name="standard_one_start_per_region"
            ),
            models.CheckConstraint(condition=Q(province__in=Province.values), name="standard_province_valid"),
            models.CheckConstraint(
                condition=Q(stat_year__gte=FIRST_YEAR, stat_year__lte=LAST_YEAR), name="standard_year_range"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="standard_window_ordered",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="standard_source_not_empty"),
            *_non_negative(
                "standard",
                "urban_disposable_income",
                "urban_consumption",
                "average_wage",
                "funeral_expenses",
                "hospital_meal_allowance",
                "nursing_daily_wage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.label()} {self.stat_year}"

    @property
    def region(self) -> Region:
        return Region(self.province, self.area)

    def covers(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def overlaps(self, other: CompensationStandard) -> bool:
        """Do the two windows share a day? (Same region is the caller's business.)"""
        far = datetime.date.max
        return self.effective_from <= (other.effective_to or far) and other.effective_from <= (
            self.effective_to or far
        )

    def clean_row(self) -> None:
        """What one row says by itself (an import checks overlaps against the file and the database at once)."""
        self.area = (self.area or "").strip()
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError(
                {"effective_to": _("The standard cannot end before it takes effect.")}, code="window"
            )

    def clean(self) -> None:
        self.clean_row()
        if not self.effective_from or not self.province:
            return
        others = CompensationStandard.objects.of_region(self.region).exclude(pk=self.pk)
        clash = next((other for other in others if self.overlaps(other)), None)
        if clash is not None:
            raise ValidationError(
                {"effective_from": overlap_message(clash)},
                code="overlap",
            )


def overlap_message(other: CompensationStandard) -> str:
    return _(
        "The period overlaps the standard of statistical year %(year)s (%(start)s to %(end)s) for the same "
        "region; only one standard may be in force on a day."
    ) % {
        "year": other.stat_year,
        "start": other.effective_from.isoformat(),
        "end": other.effective_to.isoformat() if other.effective_to else _("open-ended"),
    }


class IndustryWage(models.Model):
    """The average wage of one industry in a standard (误工费 without proven income, 护理费 of a hired carer): as the
    court publishes it, per year, per day or both (Jilin publishes daily wages)."""

    standard = models.ForeignKey(
        CompensationStandard,
        models.CASCADE,
        related_name="industry_wages",
        verbose_name=_("compensation standard"),
    )
    industry = models.CharField(_("industry"), max_length=100)
    annual_wage = money(_("average wage (yuan/year)"))
    daily_wage = money(_("average wage (yuan/day)"))

    history = HistoricalRecords(verbose_name=_("industry wage (history)"))

    class Meta:
        verbose_name = _("industry wage")
        verbose_name_plural = _("industry wages")
        ordering = ["standard", "industry"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "industry"], name="industry_wage_unique"),
            models.CheckConstraint(condition=~Q(industry=""), name="industry_wage_named"),
            models.CheckConstraint(
                condition=Q(annual_wage__isnull=False) | Q(daily_wage__isnull=False),
                name="industry_wage_has_a_figure",
            ),
            *_non_negative("industry_wage", "annual_wage", "daily_wage"),
        ]

    def __str__(self) -> str:
        return self.industry

    def clean(self) -> None:
        if self.annual_wage is None and self.daily_wage is None:
            raise ValidationError(_("Give the yearly or the daily wage (or both)."), code="no_figure")


# --- disability aids -----------------------------------------------------------------------------------------
class AidCategory(models.TextChoices):
    PROSTHESIS = "prosthesis", _("Prosthesis (假肢)")
    ORTHOSIS = "orthosis", _("Orthosis (矫形器)")
    MOBILITY = "mobility", _("Wheelchair or walking aid (轮椅、助行器)")
    HEARING = "hearing", _("Hearing aid (助听器)")
    VISION = "vision", _("Vision aid (视力辅助)")
    DAILY_LIVING = "daily_living", _("Self-care aid (生活自理辅助)")
    OTHER = "other", _("Other aid")


class DisabilityAid(models.Model):
    """The price of an ordinary suitable aid (残疾辅助器具费, Art. 13), its usual range and how long it lasts; the
    fitting institution's opinion decides a special need and the replacement cycle of a case."""

    Category = AidCategory

    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=AidCategory.choices)
    specification = models.CharField(_("specification"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=20, default="件")
    reference_price = money(_("reference price (yuan)"), required=True)
    price_min = money(_("lowest price (yuan)"))
    price_max = money(_("highest price (yuan)"))
    service_life_years = models.PositiveSmallIntegerField(
        _("service life (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    replacement = models.CharField(
        _("replacement and maintenance"),
        max_length=200,
        blank=True,
        help_text=_("When it is replaced and what its upkeep costs, as the source says."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Demo figures, not taken from a price list.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(verbose_name=_("disability aid (history)"))

    class Meta:
        verbose_name = _("disability aid")
        verbose_name_plural = _("disability-aid price list")
        ordering = ["category", "name", "specification"]
        constraints = [
            models.UniqueConstraint(fields=["name", "specification"], name="aid_unique_name_specification"),
            models.CheckConstraint(condition=~Q(name=""), name="aid_name_not_empty"),
            models.CheckConstraint(condition=Q(category__in=AidCategory.values), name="aid_category_valid"),
            models.CheckConstraint(
                condition=Q(service_life_years__isnull=True) | Q(service_life_years__range=(1, 50)),
                name="aid_service_life_range",
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_min__lte=F("reference_price")),
                name="aid_min_not_above_reference",
            ),
            models.CheckConstraint(
                condition=Q(price_max__isnull=True) | Q(price_max__gte=F("reference_price")),
                name="aid_max_not_below_reference",
            ),
            *_non_negative("aid", "reference_price", "price_min", "price_max"),
        ]

    def __str__(self) -> str:
        return self.name + (f" ({self.specification})" if self.specification else "")

    def clean(self) -> None:
        errors = {}
        price = self.reference_price
        if price is not None and self.price_min is not None and self.price_min > price:
            errors["price_min"] = _("The lowest price cannot be above the reference price.")
        if price is not None and self.price_max is not None and self.price_max < price:
            errors["price_max"] = _("The highest price cannot be below the reference price.")
        if errors:
            raise ValidationError(errors, code="price_range")
