"""Administration of green-channel service products (HQ): each product with its services inline, and each service
with its service-level steps and document checklist inline; every change kept in the history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .choices import NOT_STATED
from .models import DocumentRequirement, Insurer, ProductService, ServiceProduct, ServiceStep, Vendor


class ProductServiceInline(admin.StackedInline):
    empty_value_display = NOT_STATED
    model = ProductService
    extra = 0
    show_change_link = True
    fields = (
        ("order", "kind", "name"),
        ("uses_per", "uses_limit"),
        ("waiting", "waiting_days", "requires_diagnosis"),
        ("clock_start", "cancellation", "cancellation_notice", "cancellation_notice_unit"),
        "source",
    )


class ServiceStepInline(admin.TabularInline):
    model = ServiceStep
    extra = 0
    fields = ("order", "code", "counted_from", "duration", "unit", "source")


class DocumentRequirementInline(admin.TabularInline):
    model = DocumentRequirement
    extra = 0
    fields = ("order", "name", "note")


@admin.register(Insurer)
class InsurerAdmin(SimpleHistoryAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Vendor)
class VendorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "hotline", "hours")
    search_fields = ("name",)


@admin.register(ServiceProduct)
class ServiceProductAdmin(SimpleHistoryAdmin):
    empty_value_display = NOT_STATED
    list_display = ("name", "insurer", "vendor", "hotline", "term", "min_sum_insured", "active")
    list_filter = ("active", "insurer", "vendor", "term", "activation")
    search_fields = ("name", "code", "manual_title", "insurance_product")
    list_select_related = ("insurer", "vendor")
    inlines = [ProductServiceInline]
    fieldsets = (
        (
            None,
            {"fields": ("code", "name", "manual_title", "insurer", "insurance_product", "vendor", "active")},
        ),
        (
            _("Hotline and hours"),
            {"fields": ("hotline", "service_hours", ("hours_from", "hours_until", "weekdays_only"))},
        ),
        (
            _("Service period and waiting period"),
            {
                "fields": (
                    ("activation", "activation_delay_days"),
                    ("term", "extends_on_renewal", "max_extensions"),
                    ("waiting_from", "no_waiting_in_renewal_years"),
                )
            },
        ),
        (
            _("Eligibility"),
            {
                "fields": (
                    ("illness_list", "illness_scope"),
                    ("min_hospital_grade", "public_hospital_required"),
                    "min_sum_insured",
                    "no_show_counts_as_used",
                )
            },
        ),
        (_("Network"), {"fields": ("network_list_name", ("network_cities", "network_institutions"))}),
        (_("Source"), {"fields": ("source",)}),
    )


@admin.register(ProductService)
class ProductServiceAdmin(SimpleHistoryAdmin):
    empty_value_display = NOT_STATED
    list_display = ("name", "product", "kind", "uses_per", "uses_limit", "waiting", "waiting_days")
    list_filter = ("kind", "product")
    search_fields = ("name", "product__name")
    list_select_related = ("product",)
    inlines = [ServiceStepInline, DocumentRequirementInline]


@admin.register(ServiceStep)
class ServiceStepAdmin(SimpleHistoryAdmin):
    list_display = ("service", "code", "counted_from", "duration", "unit")
    list_select_related = ("service__product",)


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(SimpleHistoryAdmin):
    list_display = ("service", "name")
    list_select_related = ("service__product",)
