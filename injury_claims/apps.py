from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InjuryClaimsConfig(AppConfig):
    name = "injury_claims"
    verbose_name = _("Bodily-injury claims")
