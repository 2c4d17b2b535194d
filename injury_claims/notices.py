"""The injury-claims kinds of notification (seed 001 p28: "增加人伤跟踪和审核环节发送短信和电子邮件功能"): in-app, e-mail
and SMS to the staff concerned, through the notification engine (sla.registry)."""

from django.utils.translation import gettext_lazy as _

from sla.registry import NoticeKind, register_notice


def register_notices() -> None:
    register_notice(
        NoticeKind(
            "injury_claims.person_changed",
            title=_("%(person)s (%(report)s): %(state)s"),
            body="%(note)s",
        ),
        NoticeKind(
            "injury_claims.review_requested",
            title=_("%(kind)s to do: %(person)s (%(report)s), ¥%(amount)s"),
            body=_("Submitted by %(by)s."),
        ),
        NoticeKind(
            "injury_claims.review_decided",
            title=_("%(kind)s of %(person)s (%(report)s): %(state)s"),
            body="%(note)s",
        ),
        NoticeKind(
            "injury_claims.person_assigned",
            title=_("New injured person to follow up: %(person)s (%(report)s)"),
            body=_("First follow-up, mostly by phone: comfort them and collect the facts."),
        ),
    )
