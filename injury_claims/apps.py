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
        from workflow import registry as workflows

        from .demo import seed_demo_clocks
        from .events import register_event_labels
        from .jobs import register_jobs
        from .notices import register_notices
        from .policies import POLICIES
        from .reference_demo import seed_demo_reference_data
        from .rules import can_read_mediator_letter, can_view_mediators, can_view_reference_data
        from .services import MEDIATOR_LETTER
        from .workflows import FAST_TRACK, MEDIATION, PERSON, REVIEW_WORKFLOW, SETTLEMENT, SURVEY

        sla.register_policy(*POLICIES)
        for workflow in (SURVEY, PERSON, REVIEW_WORKFLOW, SETTLEMENT, FAST_TRACK, MEDIATION):
            workflows.register(workflow)
        register_notices()
        register_event_labels()
        register_jobs()
        from .printing import register_printing

        register_printing()  # the printed forms of settlement (issue 10 point 6)
        from .mediation_printing import register_mediation_printing

        register_mediation_printing()  # the mediation plan and the one-off settlement agreement (issue 11)
        # Litigation (人伤涉诉, seed 001 p22–23): its process, its printed response summary, its list in the menu.
        from .litigation_printing import register_litigation_printing
        from .selectors.litigation import may_see_litigations
        from .workflows.litigation import LITIGATION

        workflows.register(LITIGATION)
        register_litigation_printing()
        navigation.register(
            navigation.NavEntry("injury_claims:litigations", _("Litigation"), 37, may_see_litigations)
        )
        from .guarantee_jobs import register_guarantee

        register_guarantee()  # the medical-fee guarantee (seed 000): workflow, letter, notices, events
        documents.register(
            documents.DocumentKind(
                slug=MEDIATOR_LETTER,
                label=_("Mediator authorisation letter"),
                prefix="MA",
                can_read=can_read_mediator_letter,
            )
        )
        from .rules import can_view_claims
        from .selectors.claims import may_see_review_queue
        from .workflows.settlement import may_see_settlements

        navigation.register(
            navigation.NavEntry("injury_claims:claims", _("Injury claims"), 30, can_view_claims),
            navigation.NavEntry("injury_claims:reviews", _("Reviews to do"), 31, may_see_review_queue),
            navigation.NavEntry("injury_claims:settlements", _("Settlements"), 34, may_see_settlements),
        )
        navigation.register(
            navigation.NavEntry("injury_claims:mediators", _("Mediators"), 40, can_view_mediators)
        )
        register_seeder(seed_demo_clocks)
        from .claims_demo import seed_demo_claims

        register_seeder(seed_demo_claims)
        navigation.register(
            navigation.NavEntry(
                "injury_claims:reference_index", _("Reference data"), 45, can_view_reference_data
            )
        )
        register_seeder(seed_demo_reference_data)
        from .evaluation_demo import seed_evaluation_criteria
        from .selectors.search import may_search, may_see_overview

        navigation.register(
            navigation.NavEntry("injury_claims:search", _("Search injured persons"), 32, may_search),
            navigation.NavEntry(
                "injury_claims:overview", _("Injured persons overview"), 33, may_see_overview
            ),
        )
        register_seeder(seed_evaluation_criteria)
        from .settlement_demo import seed_demo_settlements

        register_seeder(seed_demo_settlements)  # after the claims and the reference data
        from .fast_track_demo import seed_demo_fast_tracks

        register_seeder(seed_demo_fast_tracks)  # after the settlements (a checked one opens its own)
        # the bank's payment batches and the settlement reports (issue 10 points 5 and 7)
        from .selectors.payment_batch import may_make_payment_files
        from .selectors.settlement_reports import may_see_settlement_reports
        from .settlement_jobs import register_settlement_jobs

        register_settlement_jobs()
        navigation.register(
            navigation.NavEntry("injury_claims:payments", _("Payments to make"), 35, may_make_payment_files),
            navigation.NavEntry(
                "injury_claims:settlement_reports", _("Settlement reports"), 36, may_see_settlement_reports
            ),
        )
