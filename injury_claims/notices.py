"""The injury-claims kinds of notification (seed 001 p28: "增加人伤跟踪和审核环节发送短信和电子邮件功能"): in-app, e-mail
and SMS to the staff concerned, and SMS to the injured person who agreed to progress messages, through the
notification engine (sla.registry, sla.notifications)."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from sla.notifications import Contact, Message, send_messages
from sla.registry import NoticeKind, register_notice

# To the injured person (SMS only: they have no account). No amounts, no ID numbers: a text can be read by others.
TO_INJURED_ASSIGNED = "injury_claims.injured_assigned"
TO_INJURED_NEXT_CONTACT = "injury_claims.injured_next_contact"
TO_INJURED_COSTS_REVIEWED = "injury_claims.injured_costs_reviewed"


def injured_contact(person) -> list[Contact]:
    """The injured person as a recipient, when they agreed to SMS messages and gave a mobile."""
    if person.consents_to_messages and person.mobile:
        return [Contact(mobile=person.mobile, name=person.name)]
    return []


def message_injured(person, kind: str, *, key: str, **context) -> list[int]:
    """One SMS of ``kind`` to the injured person if they agreed; ``key`` makes it once only."""
    content_type_id = ContentType.objects.get_for_model(person).pk
    return send_messages(
        Message(
            contact=contact,
            kind=kind,
            context={"person": person.name, "report": person.claim.report_no, **context},
            content_type_id=content_type_id,
            object_id=person.pk,
            dedupe_key=f"{kind}:{person.pk}:{key}",
        )
        for contact in injured_contact(person)
    )


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
            TO_INJURED_ASSIGNED,
            title=_(
                "%(person)s, hello: %(handler)s of our claims team follows up your injury claim (report "
                "%(report)s). We can also settle it with you by mediation."
            ),
            channels=("sms",),
        ),
        NoticeKind(
            TO_INJURED_NEXT_CONTACT,
            title=_(
                "%(person)s, hello: we will contact you again on %(date)s about your injury claim (report %(report)s)."
            ),
            channels=("sms",),
        ),
        NoticeKind(
            TO_INJURED_COSTS_REVIEWED,
            title=_(
                "%(person)s, hello: your medical bills for report %(report)s have been reviewed; the compensation "
                "is calculated next."
            ),
            channels=("sms",),
        ),
        NoticeKind(
            "injury_claims.injured_paid",
            title=_(
                "%(person)s, hello: the compensation for report %(report)s has been paid to the account given. "
                "Call us if it has not arrived within 3 working days."
            ),
            channels=("sms",),
        ),
        NoticeKind(
            "injury_claims.settlement_decided",
            title=_("Settlement of %(person)s (%(report)s): %(state)s"),
            body="%(note)s",
        ),
        NoticeKind(
            "injury_claims.person_assigned",
            title=_("New injured person to follow up: %(person)s (%(report)s)"),
            body=_("First follow-up, mostly by phone: comfort them and collect the facts."),
        ),
    )
