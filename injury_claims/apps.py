from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InjuryClaimsConfig(AppConfig):
    name = "injury_claims"
    verbose_name = _("Bodily-injury claims")

    def ready(self) -> None:
        from documents import registry as documents
        from organization import navigation
        from organization.demo import register_seeder
        from sla import registry as sla

        from .demo import seed_demo_clocks
        from .jobs import register_jobs
        from .policies import POLICIES
        from .rules import can_read_mediator_letter, can_view_mediators
        from .services import MEDIATOR_LETTER

        sla.register_policy(*POLICIES)
        register_jobs()
        documents.register(
            documents.DocumentKind(
                slug=MEDIATOR_LETTER,
                label=_("Mediator authorisation letter"),
                prefix="MA",
                can_read=can_read_mediator_letter,
            )
        )
        navigation.register(
            navigation.NavEntry("injury_claims:mediators", _("Mediators"), 40, can_view_mediators)
        )
        register_seeder(seed_demo_clocks)
