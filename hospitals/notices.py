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
            "hospitals.changed",
            title=_("Network change at %(org)s: %(hospital)s is now “%(state)s”"),
            body="%(note)s",
        ),
        NoticeKind(
            "hospitals.expired",
            title=_("Agreement with %(hospital)s has ended: out of the network"),
            body="%(note)s",
        ),
        NoticeKind(
            "hospitals.agreement_unfiled",
            title=_("File version %(version)s of the agreement with %(hospital)s with HQ"),
            body=_("Signed on %(signed)s: e-mail the scan to HQ and record the filing."),
        ),
        NoticeKind(
            "hospitals.function_requested",
            title=_("Function to approve: %(function)s at %(hospital)s (%(org)s)"),
            body=_("The branch asks HQ's approval before offering it."),
        ),
        NoticeKind(
            "hospitals.function_decided",
            title=_("HQ on %(function)s at %(hospital)s: %(decision)s"),
            body="%(note)s",
        ),
        NoticeKind(
            "hospitals.evaluation_submitted",
            title=_("Annual evaluation %(year)s to decide: %(hospital)s (%(org)s)"),
            body=_("The branch recommends: %(recommendation)s."),
        ),
        NoticeKind(
            "hospitals.evaluation_decided",
            title=_("HQ decided on the %(year)s evaluation of %(hospital)s: %(decision)s"),
            body="%(note)s",
        ),
        NoticeKind(
            "hospitals.agreement_expiring",
            title=_("Agreement with %(hospital)s ends in %(days)s days"),
            body=_("Term ends on %(end)s: renew or terminate."),
        ),
    )
