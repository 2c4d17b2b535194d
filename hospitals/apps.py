from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HospitalsConfig(AppConfig):
    name = "hospitals"
    verbose_name = _("Cooperating hospitals")

    def ready(self) -> None:
        from organization.demo import register_seeder

        from .demo import seed_demo_network

        register_seeder(seed_demo_network)
