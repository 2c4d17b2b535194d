from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GreenChannelConfig(AppConfig):
    name = "green_channel"
    verbose_name = _("Critical-illness green channel")
