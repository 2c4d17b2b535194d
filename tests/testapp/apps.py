from django.apps import AppConfig


class TestappConfig(AppConfig):
    """A small app used only by the tests of the generic apps (workflow, documents, sla)."""

    name = "tests.testapp"
    label = "testapp"

    def ready(self) -> None:
        from documents import registry as documents
        from organization.scoping import scope_for
        from sla import registry as sla
        from workflow import registry as workflows

        from .workflows import WIDGET

        # A test kind of document printed for an org unit: readable by whoever has the org unit in scope.
        documents.register(
            documents.DocumentKind(
                slug="test",
                label="Test document",
                prefix="TS",
                can_read=lambda user, org: scope_for(user).covers(org.pk),
            )
        )
        sla.register_policy(
            sla.PolicySpec("test_review", "测试审核（2个工作日）", "working_days", 2),
            sla.PolicySpec(
                "test_pausable", "可暂停的测试时效（3个工作日）", "working_days", 3, may_pause=True
            ),
        )
        sla.register_notice(
            sla.NoticeKind("testapp.decided", "Widget %(name)s: %(state)s", "%(note)s"),
            sla.NoticeKind("testapp.message", "%(title)s"),
        )
        workflows.register(WIDGET)
