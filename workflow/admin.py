from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "content_type",
        "object_id",
        "verb",
        "from_state",
        "to_state",
        "actor",
        "org",
    )
    list_filter = ("content_type", "verb")
    list_select_related = ("content_type", "actor", "org")
    readonly_fields = [f.name for f in Event._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
