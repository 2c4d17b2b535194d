from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarDay, CalendarYear, Deadline, Delivery, Notification, Reminder, SlaPolicy


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "loaded_at", "note")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Editing a special day recomputes the running working-time deadlines whose span includes it."""

    list_display = ("date", "kind", "name")
    list_filter = ("kind", ("date", admin.DateFieldListFilter))
    search_fields = ("name",)
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        previous = (
            CalendarDay.objects.filter(pk=obj.pk).values_list("date", flat=True).first() if change else None
        )
        super().save_model(request, obj, form, change)
        _recompute(obj.date, previous)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _recompute(obj.date)

    def delete_queryset(self, request, queryset):
        dates = list(queryset.values_list("date", flat=True))
        super().delete_queryset(request, queryset)
        _recompute(*dates)


def _recompute(*dates) -> None:
    from . import calendar
    from .services.deadlines import recompute_deadlines_on

    calendar.clear_cache()
    for day in {d for d in dates if d is not None}:
        recompute_deadlines_on(day)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(SimpleHistoryAdmin):
    list_display = (
        "code",
        "name",
        "clock_kind",
        "duration",
        "service_start",
        "service_end",
        "warn_at_percent",
        "escalation_role",
        "may_pause",
        "is_active",
    )
    list_filter = ("clock_kind", "is_active")


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ("title", "policy", "org", "assignee", "state", "due_at", "provisional", "paused_at")
    list_filter = ("state", "policy", "provisional")
    list_select_related = ("policy", "org", "assignee")
    search_fields = ("title",)
    raw_id_fields = ("assignee",)
    readonly_fields = (
        "content_type",
        "object_id",
        "started_at",
        "due_at",
        "warn_at",
        "met_at",
        "closed_at",
        "paused_total",
    )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "level", "title", "read_at")
    list_filter = ("level",)
    list_select_related = ("recipient",)
    search_fields = ("title", "recipient__username")
    raw_id_fields = ("recipient",)


@admin.action(description=_("Retry now"))
def retry_now(modeladmin, request, queryset):
    count = queryset.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.GAVE_UP]).update(
        status=Delivery.Status.FAILED, next_attempt_at=timezone.now(), attempts=0
    )
    messages.success(request, _("%(count)s deliveries will be retried within a minute.") % {"count": count})


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Failed deliveries are visible here; the list opens on the ones that need attention."""

    list_display = ("created_at", "channel", "address", "status", "attempts", "next_attempt_at", "last_error")
    list_filter = ("status", "channel")
    list_select_related = ("notification",)
    search_fields = ("address", "last_error")
    actions = [retry_now]
    readonly_fields = [f.name for f in Delivery._meta.fields if f.name != "sealed_address"]
    exclude = ("sealed_address",)  # the number of someone outside the staff stays encrypted, shown masked


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("due_on", "recipient", "title", "state", "org")
    list_filter = ("state",)
    list_select_related = ("recipient", "org")
    raw_id_fields = ("recipient", "created_by")
