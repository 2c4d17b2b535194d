from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HospitalsConfig(AppConfig):
    name = "hospitals"
    verbose_name = _("Cooperating hospitals")

    def ready(self) -> None:
        from documents import registry as documents
        from organization import navigation
        from organization.demo import register_seeder
        from sla import registry as sla
        from workflow import registry as workflows
        from workflow.history import register_namer

        from .demo import seed_demo_network
        from .jobs import register_jobs
        from .notices import register_notices
        from .rules import can_decide_cooperation, can_view_network
        from .services.agreements import AGREEMENT_DOCUMENT
        from .workflows import APPROVAL_POLICY, COOPERATION, EVALUATION, HOSPITAL_EVENTS

        workflows.register(COOPERATION)
        workflows.register(EVALUATION)
        # How an agreement is named in a change history (its own __str__ would fetch its cooperation).
        register_namer("hospitals.Agreement", lambda a: _("Agreement version %(v)s") % {"v": a.version})
        workflows.register_event_labels("hospitals.Hospital", HOSPITAL_EVENTS)
        register_notices()
        register_jobs()
        sla.register_policy(
            sla.PolicySpec(
                APPROVAL_POLICY,
                "总公司审批协作医院（5个工作日）",
                "working_days",
                5,
                "HQ approves, returns or rejects a submitted cooperating hospital.",
                warn_at_percent=60,
                escalation_role="hq_network_approver",
            )
        )
        # An agreement is printed for the cooperation: whoever may see the cooperation may read it, nobody else.
        documents.register(
            documents.DocumentKind(
                slug=AGREEMENT_DOCUMENT,
                label=_("Cooperating-hospital agreement"),
                prefix="CA",
                can_read=can_view_network,
            )
        )
        navigation.register(
            navigation.NavEntry("hospitals:list", _("Hospitals"), 30, can_view_network),
            navigation.NavEntry("hospitals:board", _("Pipeline"), 31, can_view_network),
            navigation.NavEntry("hospitals:approvals", _("HQ approvals"), 32, can_decide_cooperation),
            navigation.NavEntry("hospitals:coverage", _("Coverage"), 33, can_view_network),
            navigation.NavEntry("hospitals:activity", _("Network activity"), 34, can_view_network),
            navigation.NavEntry("hospitals:feed", _("Network changes"), 35, can_view_network),
        )
        register_seeder(seed_demo_network)
