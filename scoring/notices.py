"""The annual assessment's kinds of notification (sla.registry)."""

from django.utils.translation import gettext_lazy as _

from sla.registry import NoticeKind, register_notice


def register_notices() -> None:
    register_notice(
        NoticeKind(
            "scoring.disputed",
            title=_("%(org)s disputes an item of its %(year)s scorecard"),
            body="%(note)s",
        ),
        NoticeKind(
            "scoring.resolved",
            title=_("HQ answered the disputes of your %(year)s scorecard"),
            body="%(note)s",
        ),
        NoticeKind(
            "scoring.finalised",
            title=_("Your %(year)s scorecard is final"),
            body="%(note)s",
        ),
        NoticeKind(
            "scoring.reopened",
            title=_("HQ reopened your %(year)s scorecard"),
            body="%(note)s",
        ),
        # The questionnaire link to a drawn inpatient customer (scoring.services.surveys.send_link): SMS only.
        NoticeKind(
            "scoring.survey_link",
            title=_(
                "Ping An claims: how were you treated at %(hospital)s? Please answer our short questionnaire "
                "(no login, valid until %(until)s): %(url)s"
            ),
            channels=("sms",),
        ),
    )
