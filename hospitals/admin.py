"""Administration of the network's reference data: the coverage standard (HQ edits it, with its history). The
registry itself is edited through the product's pages, which record events; here it is read-only, with its
history, for administrators looking something up."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CoverageStandard, Hospital


@admin.register(CoverageStandard)
class CoverageStandardAdmin(SimpleHistoryAdmin):
    list_display = (
        "effective_from",
        "home_city_minimum",
        "premium_threshold",
        "minimum_at_or_above",
        "minimum_below",
        "minimum_per_metro_city",
        "source",
    )
    ordering = ("-effective_from",)


@admin.register(Hospital)
class HospitalAdmin(SimpleHistoryAdmin):
    list_display = ("name", "city", "district", "grade", "nature", "kind", "org")
    list_filter = ("org", "grade", "nature", "kind", "province")
    search_fields = ("name", "aliases", "address")
    list_select_related = ("org",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
