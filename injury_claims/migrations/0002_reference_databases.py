"""Reference databases of seed 001 (drug list, regional compensation standards, disability aids)."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("injury_claims", "0001_payment_clock_not_pausable"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.CreateModel(
            name="CompensationStandard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "province",
                    models.CharField(
                        choices=[
                            ("11", "Beijing"),
                            ("12", "Tianjin"),
                            ("13", "Hebei"),
                            ("14", "Shanxi"),
                            ("15", "Inner Mongolia"),
                            ("21", "Liaoning"),
                            ("22", "Jilin"),
                            ("23", "Heilongjiang"),
                            ("31", "Shanghai"),
                            ("32", "Jiangsu"),
                            ("33", "Zhejiang"),
                            ("34", "Anhui"),
                            ("35", "Fujian"),
                            ("36", "Jiangxi"),
                            ("37", "Shandong"),
                            ("41", "Henan"),
                            ("42", "Hubei"),
                            ("43", "Hunan"),
                            ("44", "Guangdong"),
                            ("45", "Guangxi"),
                            ("46", "Hainan"),
                            ("50", "Chongqing"),
                            ("51", "Sichuan"),
                            ("52", "Guizhou"),
                            ("53", "Yunnan"),
                            ("54", "Tibet"),
                            ("61", "Shaanxi"),
                            ("62", "Gansu"),
                            ("63", "Qinghai"),
                            ("64", "Ningxia"),
                            ("65", "Xinjiang"),
                        ],
                        max_length=2,
                        verbose_name="province",
                    ),
                ),
                (
                    "area",
                    models.CharField(
                        blank=True,
                        help_text="A special economic zone or city with a separate plan that has its own figures (深圳, 宁波). Empty: the province's general figures (一般地区).",
                        max_length=50,
                        verbose_name="separately administered area",
                    ),
                ),
                (
                    "stat_year",
                    models.PositiveSmallIntegerField(
                        help_text="The year the statistics describe (上一统计年度), not the year they are applied.",
                        validators=[
                            django.core.validators.MinValueValidator(1990),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="statistical year",
                    ),
                ),
                ("effective_from", models.DateField(verbose_name="effective from")),
                (
                    "effective_to",
                    models.DateField(
                        blank=True, help_text="Empty: open-ended.", null=True, verbose_name="effective to"
                    ),
                ),
                (
                    "urban_disposable_income",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="urban per-capita disposable income (yuan/year)",
                    ),
                ),
                (
                    "urban_consumption",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="urban per-capita consumption expenditure (yuan/year)",
                    ),
                ),
                (
                    "average_wage",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="staff average wage (yuan/year)",
                    ),
                ),
                (
                    "funeral_expenses",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="丧葬费 as published: six months of the staff average wage.",
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="funeral expenses (yuan)",
                    ),
                ),
                (
                    "hospital_meal_allowance",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="hospital meal allowance (yuan/day)",
                    ),
                ),
                (
                    "nursing_daily_wage",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="nursing daily wage (yuan/day)",
                    ),
                ),
                (
                    "source",
                    models.TextField(
                        help_text="Who published the figures, the document number, and what is unconfirmed.",
                        verbose_name="source",
                    ),
                ),
                ("source_url", models.URLField(blank=True, max_length=500, verbose_name="source address")),
                (
                    "is_sample",
                    models.BooleanField(
                        default=False,
                        help_text="Not (fully) confirmed: the source says which figures or dates are assumed.",
                        verbose_name="sample data",
                    ),
                ),
            ],
            options={
                "verbose_name": "compensation standard",
                "verbose_name_plural": "regional compensation standards",
                "ordering": ["province", "area", "-stat_year"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("province", "area", "stat_year"), name="standard_one_per_region_year"
                    ),
                    models.UniqueConstraint(
                        fields=("province", "area", "effective_from"), name="standard_one_start_per_region"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "province__in",
                                [
                                    "11",
                                    "12",
                                    "13",
                                    "14",
                                    "15",
                                    "21",
                                    "22",
                                    "23",
                                    "31",
                                    "32",
                                    "33",
                                    "34",
                                    "35",
                                    "36",
                                    "37",
                                    "41",
                                    "42",
                                    "43",
                                    "44",
                                    "45",
                                    "46",
                                    "50",
                                    "51",
                                    "52",
                                    "53",
                                    "54",
                                    "61",
                                    "62",
                                    "63",
                                    "64",
                                    "65",
                                ],
                            )
                        ),
                        name="standard_province_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("stat_year__gte", 1990), ("stat_year__lte", 2100)),
                        name="standard_year_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("effective_to__isnull", True),
                            ("effective_to__gte", models.F("effective_from")),
                            _connector="OR",
                        ),
                        name="standard_window_ordered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("source", ""), _negated=True), name="standard_source_not_empty"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("urban_disposable_income__isnull", True),
                            ("urban_disposable_income__gte", 0),
                            _connector="OR",
                        ),
                        name="standard_urban_disposable_income_not_negative",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("urban_consumption__isnull", True),
                            ("urban_consumption__gte", 0),
                            _connector="OR",
                        ),
                        name="standard_urban_consumption_not_negative",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("average_wage__isnull", True), ("average_wage__gte", 0), _connector="OR"
                        ),
                        name="standard_average_wage_not_negative",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("funeral_expenses__isnull", True), ("funeral_expenses__gte", 0), _connector="OR"
                        ),
                        name="standard_funeral_expenses_not_negative",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("hospital_meal_allowance__isnull", True),
                            ("hospital_meal_allowance__gte", 0),
                            _connector="OR",
                        ),
                        name="standard_hospital_meal_allowance_not_negative",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("nursing_daily_wage__isnull", True),
                            ("nursing_daily_wage__gte", 0),
                            _connector="OR",
                        ),
                        name="standard_nursing_daily_wage_not_negative",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="DisabilityAid",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("prosthesis", "Prosthesis (假肢)"),
                            ("orthosis", "Orthosis (矫形器)"),
                            ("mobility", "Wheelchair or walking aid (轮椅、助行器)"),
                            ("hearing", "Hearing aid (助听器)"),
                            ("vision", "Vision aid (视力辅助)"),
                            ("daily_living", "Self-care aid (生活自理辅助)"),
                            ("other", "Other aid"),
                        ],
                        max_length=20,
                        verbose_name="category",
                    ),
                ),
                ("specification", models.CharField(blank=True, max_length=200, verbose_name="specification")),
                ("unit", models.CharField(default="件", max_length=20, verbose_name="unit")),
                (
                    "reference_price",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="reference price (yuan)",
                    ),
                ),
                (
                    "price_min",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="lowest price (yuan)",
                    ),
                ),
                (
                    "price_max",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="highest price (yuan)",
                    ),
                ),
                (
                    "service_life_years",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(50),
                        ],
                        verbose_name="service life (years)",
                    ),
                ),
                (
                    "replacement",
                    models.CharField(
                        blank=True,
                        help_text="When it is replaced and what its upkeep costs, as the source says.",
                        max_length=200,
                        verbose_name="replacement and maintenance",
                    ),
                ),
                ("source", models.CharField(blank=True, max_length=300, verbose_name="source")),
                (
                    "is_sample",
                    models.BooleanField(
                        default=False,
                        help_text="Demo figures, not taken from a price list.",
                        verbose_name="sample data",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
            ],
            options={
                "verbose_name": "disability aid",
                "verbose_name_plural": "disability-aid price list",
                "ordering": ["category", "name", "specification"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("name", "specification"), name="aid_unique_name_specification"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("name", ""), _negated=True), name="aid_name_not_empty"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "category__in",
                                [
                                    "prosthesis",
                                    "orthosis",
                                    "mobility",
                                    "hearing",
                                    "vision",
                                    "daily_living",
                                    "other",
                                ],
                            )
                        ),
                        name="aid_category_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("service_life_years__isnull", True),
                            ("service_life_years__range", (1, 50)),
                            _connector="OR",
                        ),
                        name="aid_service_life_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("price_min__isnull", True),
                            ("price_min__lte", models.F("reference_price")),
                            _connector="OR",
                        ),
                        name="aid_min_not_above_reference",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("price_max__isnull", True),
                            ("price_max__gte", models.F("reference_price")),
                            _connector="OR",
                        ),
                        name="aid_max_not_below_reference",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("reference_price__isnull", True), ("reference_price__gte", 0), _connector="OR"
                        ),
                        name="aid_reference_price_not_negative",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("price_min__isnull", True), ("price_min__gte", 0), _connector="OR"
                        ),
                        name="aid_price_min_not_negative",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("price_max__isnull", True), ("price_max__gte", 0), _connector="OR"
                        ),
                        name="aid_price_max_not_negative",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="DrugItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="The 医保 code or the list's own code.",
                        max_length=40,
                        unique=True,
                        verbose_name="code",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("drug", "Drug (药品)"),
                            ("service", "Medical service (诊疗项目)"),
                            ("material", "Medical material (医用耗材)"),
                        ],
                        default="drug",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("a", "Class A (甲类)"),
                            ("b", "Class B (乙类)"),
                            ("c", "Class C (丙类, outside the list)"),
                            ("self", "Self-paid (自费)"),
                        ],
                        max_length=4,
                        verbose_name="医保 category",
                    ),
                ),
                ("dosage_form", models.CharField(blank=True, max_length=50, verbose_name="dosage form")),
                ("specification", models.CharField(blank=True, max_length=100, verbose_name="specification")),
                ("unit", models.CharField(max_length=20, verbose_name="unit")),
                (
                    "reference_price",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Per unit. Empty: no reference price.",
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="reference price (yuan)",
                    ),
                ),
                (
                    "restriction",
                    models.CharField(
                        blank=True,
                        help_text="限定支付范围, as the list states it.",
                        max_length=200,
                        verbose_name="payment restriction",
                    ),
                ),
                (
                    "is_sample",
                    models.BooleanField(
                        default=False,
                        help_text="Demo figures, not taken from an official list.",
                        verbose_name="sample data",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
            ],
            options={
                "verbose_name": "drug or service item",
                "verbose_name_plural": "drug and medical-service list",
                "ordering": ["code"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("code", ""), _negated=True), name="drug_code_not_empty"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("name", ""), _negated=True), name="drug_name_not_empty"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("unit", ""), _negated=True), name="drug_unit_not_empty"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["drug", "service", "material"])),
                        name="drug_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("category__in", ["a", "b", "c", "self"])),
                        name="drug_category_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("reference_price__isnull", True), ("reference_price__gte", 0), _connector="OR"
                        ),
                        name="drug_reference_price_not_negative",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCompensationStandard",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "province",
                    models.CharField(
                        choices=[
                            ("11", "Beijing"),
                            ("12", "Tianjin"),
                            ("13", "Hebei"),
                            ("14", "Shanxi"),
                            ("15", "Inner Mongolia"),
                            ("21", "Liaoning"),
                            ("22", "Jilin"),
                            ("23", "Heilongjiang"),
                            ("31", "Shanghai"),
                            ("32", "Jiangsu"),
                            ("33", "Zhejiang"),
                            ("34", "Anhui"),
                            ("35", "Fujian"),
                            ("36", "Jiangxi"),
                            ("37", "Shandong"),
                            ("41", "Henan"),
                            ("42", "Hubei"),
                            ("43", "Hunan"),
                            ("44", "Guangdong"),
                            ("45", "Guangxi"),
                            ("46", "Hainan"),
                            ("50", "Chongqing"),
                            ("51", "Sichuan"),
                            ("52", "Guizhou"),
                            ("53", "Yunnan"),
                            ("54", "Tibet"),
                            ("61", "Shaanxi"),
                            ("62", "Gansu"),
                            ("63", "Qinghai"),
                            ("64", "Ningxia"),
                            ("65", "Xinjiang"),
                        ],
                        max_length=2,
                        verbose_name="province",
                    ),
                ),
                (
                    "area",
                    models.CharField(
                        blank=True,
                        help_text="A special economic zone or city with a separate plan that has its own figures (深圳, 宁波). Empty: the province's general figures (一般地区).",
                        max_length=50,
                        verbose_name="separately administered area",
                    ),
                ),
                (
                    "stat_year",
                    models.PositiveSmallIntegerField(
                        help_text="The year the statistics describe (上一统计年度), not the year they are applied.",
                        validators=[
                            django.core.validators.MinValueValidator(1990),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="statistical year",
                    ),
                ),
                ("effective_from", models.DateField(verbose_name="effective from")),
                (
                    "effective_to",
                    models.DateField(
                        blank=True, help_text="Empty: open-ended.", null=True, verbose_name="effective to"
                    ),
                ),
                (
                    "urban_disposable_income",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="urban per-capita disposable income (yuan/year)",
                    ),
                ),
                (
                    "urban_consumption",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="urban per-capita consumption expenditure (yuan/year)",
                    ),
                ),
                (
                    "average_wage",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="staff average wage (yuan/year)",
                    ),
                ),
                (
                    "funeral_expenses",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="丧葬费 as published: six months of the staff average wage.",
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="funeral expenses (yuan)",
                    ),
                ),
                (
                    "hospital_meal_allowance",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="hospital meal allowance (yuan/day)",
                    ),
                ),
                (
                    "nursing_daily_wage",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="nursing daily wage (yuan/day)",
                    ),
                ),
                (
                    "source",
                    models.TextField(
                        help_text="Who published the figures, the document number, and what is unconfirmed.",
                        verbose_name="source",
                    ),
                ),
                ("source_url", models.URLField(blank=True, max_length=500, verbose_name="source address")),
                (
                    "is_sample",
                    models.BooleanField(
                        default=False,
                        help_text="Not (fully) confirmed: the source says which figures or dates are assumed.",
                        verbose_name="sample data",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "compensation standard (history)",
                "verbose_name_plural": "historical regional compensation standards",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDisabilityAid",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("prosthesis", "Prosthesis (假肢)"),
                            ("orthosis", "Orthosis (矫形器)"),
                            ("mobility", "Wheelchair or walking aid (轮椅、助行器)"),
                            ("hearing", "Hearing aid (助听器)"),
                            ("vision", "Vision aid (视力辅助)"),
                            ("daily_living", "Self-care aid (生活自理辅助)"),
                            ("other", "Other aid"),
                        ],
                        max_length=20,
                        verbose_name="category",
                    ),
                ),
                ("specification", models.CharField(blank=True, max_length=200, verbose_name="specification")),
                ("unit", models.CharField(default="件", max_length=20, verbose_name="unit")),
                (
                    "reference_price",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="reference price (yuan)",
                    ),
                ),
                (
                    "price_min",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="lowest price (yuan)",
                    ),
                ),
                (
                    "price_max",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="highest price (yuan)",
                    ),
                ),
                (
                    "service_life_years",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(50),
                        ],
                        verbose_name="service life (years)",
                    ),
                ),
                (
                    "replacement",
                    models.CharField(
                        blank=True,
                        help_text="When it is replaced and what its upkeep costs, as the source says.",
                        max_length=200,
                        verbose_name="replacement and maintenance",
                    ),
                ),
                ("source", models.CharField(blank=True, max_length=300, verbose_name="source")),
                (
                    "is_sample",
                    models.BooleanField(
                        default=False,
                        help_text="Demo figures, not taken from a price list.",
                        verbose_name="sample data",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "disability aid (history)",
                "verbose_name_plural": "historical disability-aid price list",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDrugItem",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "code",
                    models.CharField(
                        db_index=True,
                        help_text="The 医保 code or the list's own code.",
                        max_length=40,
                        verbose_name="code",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("drug", "Drug (药品)"),
                            ("service", "Medical service (诊疗项目)"),
                            ("material", "Medical material (医用耗材)"),
                        ],
                        default="drug",
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("a", "Class A (甲类)"),
                            ("b", "Class B (乙类)"),
                            ("c", "Class C (丙类, outside the list)"),
                            ("self", "Self-paid (自费)"),
                        ],
                        max_length=4,
                        verbose_name="医保 category",
                    ),
                ),
                ("dosage_form", models.CharField(blank=True, max_length=50, verbose_name="dosage form")),
                ("specification", models.CharField(blank=True, max_length=100, verbose_name="specification")),
                ("unit", models.CharField(max_length=20, verbose_name="unit")),
                (
                    "reference_price",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Per unit. Empty: no reference price.",
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="reference price (yuan)",
                    ),
                ),
                (
                    "restriction",
                    models.CharField(
                        blank=True,
                        help_text="限定支付范围, as the list states it.",
                        max_length=200,
                        verbose_name="payment restriction",
                    ),
                ),
                (
                    "is_sample",
                    models.BooleanField(
                        default=False,
                        help_text="Demo figures, not taken from an official list.",
                        verbose_name="sample data",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "drug or service item (history)",
                "verbose_name_plural": "historical drug and medical-service list",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalIndustryWage",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("industry", models.CharField(max_length=100, verbose_name="industry")),
                (
                    "annual_wage",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="average wage (yuan/year)",
                    ),
                ),
                (
                    "daily_wage",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="average wage (yuan/day)",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "standard",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="injury_claims.compensationstandard",
                        verbose_name="compensation standard",
                    ),
                ),
            ],
            options={
                "verbose_name": "industry wage (history)",
                "verbose_name_plural": "historical industry wages",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="IndustryWage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("industry", models.CharField(max_length=100, verbose_name="industry")),
                (
                    "annual_wage",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="average wage (yuan/year)",
                    ),
                ),
                (
                    "daily_wage",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="average wage (yuan/day)",
                    ),
                ),
                (
                    "standard",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="industry_wages",
                        to="injury_claims.compensationstandard",
                        verbose_name="compensation standard",
                    ),
                ),
            ],
            options={
                "verbose_name": "industry wage",
                "verbose_name_plural": "industry wages",
                "ordering": ["standard", "industry"],
                "constraints": [
                    models.UniqueConstraint(fields=("standard", "industry"), name="industry_wage_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("industry", ""), _negated=True), name="industry_wage_named"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("annual_wage__isnull", False), ("daily_wage__isnull", False), _connector="OR"
                        ),
                        name="industry_wage_has_a_figure",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("annual_wage__isnull", True), ("annual_wage__gte", 0), _connector="OR"
                        ),
                        name="industry_wage_annual_wage_not_negative",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("daily_wage__isnull", True), ("daily_wage__gte", 0), _connector="OR"
                        ),
                        name="industry_wage_daily_wage_not_negative",
                    ),
                ],
            },
        ),
    ]
