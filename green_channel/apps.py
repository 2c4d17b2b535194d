from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GreenChannelConfig(AppConfig):
    name = "green_channel"
    verbose_name = _("Critical-illness green channel")

    def ready(self) -> None:
        from organization import navigation
        from sla import registry as sla
        from workflow import events
        from workflow import registry as workflows

        # Bookings (issue 12 point 4): the process, the clocks' policies, the notices, what each step does.
        from .rules import can_see_scorecard, can_work_bookings
        from .services.bookings import CUSTOMER_SMS, after_step
        from .workflows.booking import BOOKING, POLICIES

        workflows.register(BOOKING)
        sla.register_policy(*POLICIES)
        sla.register_notice(
            sla.NoticeKind(CUSTOMER_SMS, title="%(text)s", channels=("sms",)),
            sla.NoticeKind(
                "green_channel.booking_changed",
                title=_("%(number)s · %(service)s · %(customer)s: %(state)s"),
                body="%(note)s",
            ),
        )
        events.subscribe(after_step, uid="green_channel.booking_after_step")
        navigation.register(
            navigation.NavEntry("green_channel:bookings", _("Green-channel bookings"), 50, can_work_bookings),
            # The vendor scorecard (issue 12 point 7): the same predicate as its view.
            navigation.NavEntry(
                "green_channel:vendor_scorecard", _("Vendor scorecard"), 51, can_see_scorecard
            ),
        )
        from organization.demo import register_seeder

        from .demo import seed_demo_green_channel
        from .deposit_demo import seed_demo_deposits

        register_seeder(seed_demo_green_channel)
        register_seeder(seed_demo_deposits)
        from .network_demo import seed_demo_networks

        register_seeder(seed_demo_networks)
        # The hospital-deposit advance (住院费用垫付, issue 12 point 6): its process and its clocks' policies.
        from .deposit_policies import DEPOSIT_POLICIES
        from .rules import can_work_deposits
        from .workflows import DEPOSIT

        sla.register_policy(*DEPOSIT_POLICIES)
        workflows.register(DEPOSIT)
        navigation.register(
            navigation.NavEntry(
                "green_channel:deposits", _("Hospital-deposit advances"), 51, can_work_deposits
            )
        )
        from .rules import can_view_products

        navigation.register(
            navigation.NavEntry("green_channel:products", _("Green channel products"), 52, can_view_products)
        )
