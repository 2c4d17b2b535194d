"""The hospital network's kinds of notification, registered with the SLA engine (sla.registry)."""

from django.utils.translation import gettext_lazy as _

from sla.registry import NoticeKind, register_notice


def register_notices() -> None:
    register_notice(
        NoticeKind(
            "hospitals.submitted",
            title=_("New cooperating hospital to approve: %(hospital)s"),
            body=_("Submitted by %(org)s."),
        ),
        NoticeKind(
            "hospitals.decided",
            title=_("HQ decision on %(hospital)s: %(state)s"),
            body="%(note)s",
        ),
        NoticeKind(
            "hospitals.terminated",
            title=_("Cooperation terminated: %(hospital)s (%(org)s)"),
            body="%(note)s",
        ),
        NoticeKind(
            "hospitals.agreement_expiring",
            title=_("Agreement with %(hospital)s ends in %(days)s days"),
            body=_("Term ends on %(end)s: renew or terminate."),
        ),
    )
