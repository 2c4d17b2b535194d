from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from organization.demo import register_seeder

        from .demo import seed_demo_clocks

        register_seeder(seed_demo_clocks)

        from . import calendar
        from .models import CalendarDay, CalendarYear

        for model in (CalendarDay, CalendarYear):
            post_save.connect(
                calendar.clear_cache, sender=model, dispatch_uid=f"sla-calendar-save-{model.__name__}"
            )
            post_delete.connect(
                calendar.clear_cache, sender=model, dispatch_uid=f"sla-calendar-delete-{model.__name__}"
            )
