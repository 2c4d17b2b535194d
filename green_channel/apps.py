from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GreenChannelConfig(AppConfig):
    name = "green_channel"
    verbose_name = _("Critical-illness green channel")

    def ready(self) -> None:
        # The hospital-deposit advance (住院费用垫付, issue 12 point 6): its process and its clocks' policies.
        from organization import navigation
        from sla import registry as sla
        from workflow import registry as workflows

        from .deposit_policies import DEPOSIT_POLICIES
        from .rules import can_work_deposits
        from .workflows import DEPOSIT

        sla.register_policy(*DEPOSIT_POLICIES)
        workflows.register(DEPOSIT)
        navigation.register(
            navigation.NavEntry(
                "green_channel:deposits", _("Hospital-deposit advances"), 50, can_work_deposits
            )
        )
