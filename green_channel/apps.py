from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GreenChannelConfig(AppConfig):
    name = "green_channel"
    verbose_name = _("Critical-illness green channel")

    def ready(self) -> None:
        from organization import navigation

        from .rules import can_view_products

        navigation.register(
            navigation.NavEntry("green_channel:products", _("Green channel products"), 50, can_view_products)
        )
