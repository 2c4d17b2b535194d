from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Annual scoring")

    def ready(self) -> None:
        from documents import registry as documents
        from organization import navigation
        from organization.demo import register_seeder
        from sla import registry as sla
        from workflow import registry as workflows

        from .demo import seed_demo_scoring
        from .jobs import register_jobs
        from .notices import register_notices
        from .rules import can_view_scoring
        from .workflows import DISPUTE_POLICY, SCORECARD

        workflows.register(SCORECARD)
        register_notices()
        sla.register_policy(
            sla.PolicySpec(
                DISPUTE_POLICY,
                "总公司答复机构对考核结果的异议（5个工作日）",
                "working_days",
                5,
                "HQ answers a branch's dispute of an item of its annual scorecard.",
                warn_at_percent=60,
                escalation_role="hq_network_approver",
            )
        )
        documents.register(
            documents.DocumentKind(
                slug="scoring_scorecard",
                label=_("Annual scorecard of the cooperating-hospital work"),
                prefix="KH",
                can_read=can_view_scoring,
            )
        )
        register_jobs()
        navigation.register(navigation.NavEntry("scoring:years", _("Scorecards"), 36, can_view_scoring))
        register_seeder(seed_demo_scoring)
        # The satisfaction samples (issue 13 points 2 and 3): what their audit events mean.
        from .services.surveys import DRAW_EVENTS, RESPONSE_EVENTS

        workflows.register_event_labels("scoring.SampleDraw", DRAW_EVENTS)
        workflows.register_event_labels("scoring.SurveyResponse", RESPONSE_EVENTS)
