from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from organization import navigation

        from . import calendar
        from .models import CalendarDay, CalendarYear
        from .notices import register_own_notices
        from .selectors import can_view_dashboard, is_hq_admin
        from .subscribers import subscribe_all

        for model in (CalendarDay, CalendarYear):
            post_save.connect(
                calendar.clear_cache, sender=model, dispatch_uid=f"sla-calendar-save-{model.__name__}"
            )
            post_delete.connect(
                calendar.clear_cache, sender=model, dispatch_uid=f"sla-calendar-delete-{model.__name__}"
            )
        post_migrate.connect(_sync_policies, sender=self, dispatch_uid="sla-sync-policies")
        register_own_notices()
        subscribe_all()
        navigation.register(
            navigation.NavEntry("home", _("Inbox"), 10),
            navigation.NavEntry("sla:dashboard", _("Service levels"), 20, can_view_dashboard),
            navigation.NavEntry("sla:calendar", _("Holiday calendar"), 90, is_hq_admin),
        )


def _sync_policies(sender, using="default", **kwargs) -> None:
    from .registry import sync_policies

    sync_policies()
