"""Administration of the reference databases (drug and service list, compensation standards with their industry
wages, disability aids), with their history. The product's pages (injury_claims.views.reference) are where HQ
normally edits and imports them; the admin is for administrators looking something up or fixing one entry."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CompensationStandard,
    CompulsoryLimit,
    DisabilityAid,
    DocumentRequirement,
    DrugItem,
    FastTrackStandard,
    IndustryWage,
    RedFlagThresholds,
)


@admin.register(DrugItem)
class DrugItemAdmin(SimpleHistoryAdmin):
    list_display = (
        "code",
        "name",
        "kind",
        "category",
        "specification",
        "unit",
        "reference_price",
        "is_sample",
        "is_active",
    )
    list_filter = ("kind", "category", "is_sample", "is_active")
    search_fields = ("code", "name", "specification")


class IndustryWageInline(admin.TabularInline):
    model = IndustryWage
    extra = 0


@admin.register(CompensationStandard)
class CompensationStandardAdmin(SimpleHistoryAdmin):
    list_display = (
        "province",
        "area",
        "stat_year",
        "effective_from",
        "effective_to",
        "urban_disposable_income",
        "urban_consumption",
        "is_sample",
    )
    list_filter = ("province", "stat_year", "is_sample")
    search_fields = ("area", "source")
    inlines = [IndustryWageInline]


@admin.register(DisabilityAid)
class DisabilityAidAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "category",
        "specification",
        "reference_price",
        "service_life_years",
        "is_sample",
        "is_active",
    )
    list_filter = ("category", "is_sample", "is_active")
    search_fields = ("name", "specification")


@admin.register(RedFlagThresholds)
class RedFlagThresholdsAdmin(admin.ModelAdmin):
    """HQ sets when a person is flagged; a new row with a later date takes over from that day."""

    list_display = ("effective_from", "lookback_days", "estimate_jump_share", "note")


@admin.register(FastTrackStandard)
class FastTrackStandardAdmin(admin.ModelAdmin):
    """The fast-track standard (seed 001 p14–18): a new row with a later date takes over from that day; the
    boundaries (以内/以下/以上 include their figure; exactly the figure takes the higher band) are the README's."""

    list_display = (
        "effective_from",
        "no_cost_3",
        "incurred_3",
        "no_review_limit",
        "confirmation_limit",
        "source",
    )


@admin.register(CompulsoryLimit)
class CompulsoryLimitAdmin(admin.ModelAdmin):
    """The 交强险 limits: a new row with a later date takes over for accidents from that day."""

    list_display = ("effective_from", "death_disability", "medical", "property", "source")


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(admin.ModelAdmin):
    """The documents a settlement needs before payment, per injury category (blank: every category)."""

    list_display = ("name", "category", "order", "active")
    list_filter = ("category", "active")
