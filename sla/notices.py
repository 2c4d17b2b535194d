"""The SLA engine's own kinds of notification: a clock warned, breached, escalated."""

from django.utils.translation import gettext_lazy as _

from .registry import NoticeKind, register_notice

DEADLINE_WARN = "sla.deadline_warn"
DEADLINE_BREACH = "sla.deadline_breach"
DEADLINE_ESCALATE = "sla.deadline_escalate"


def register_own_notices() -> None:
    register_notice(
        NoticeKind(
            DEADLINE_WARN,
            title=_("Due soon: %(title)s"),
            body=_("%(policy)s is due at %(due)s."),
            level="warning",
        ),
        NoticeKind(
            DEADLINE_BREACH,
            title=_("Overdue: %(title)s"),
            body=_("%(policy)s was due at %(due)s."),
            level="alert",
        ),
        NoticeKind(
            DEADLINE_ESCALATE,
            title=_("Escalated, overdue: %(title)s"),
            body=_("%(policy)s was due at %(due)s; assigned to %(owner)s (%(org)s)."),
            level="alert",
        ),
    )
