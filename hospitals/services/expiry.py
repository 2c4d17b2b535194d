"""The daily expiry job: reminders before an agreement ends, and "renewal due" when it enters the window."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sla.notifications import notify
from workflow.services import perform_transition

from ..models import Cooperation
from ..selectors import responsible_persons
from ..workflows import latest_agreement

EXPIRY_WARNINGS = (90, 60, 30)
EXPIRING_NOTICE = "hospitals.agreement_expiring"


def send_expiry_reminders(today: datetime.date | None = None) -> int:
    """Daily: tell the responsible persons at 90, 60 and 30 days before an agreement ends (once each: the key is
    the agreement and the threshold), and move the cooperation to "renewal due" when its agreement enters the
    90-day window."""
    today = today or timezone.localdate()
    sent = 0
    horizon = today + datetime.timedelta(days=max(EXPIRY_WARNINGS))
    for cooperation in (
        Cooperation.objects.filter(
            state__in=Cooperation.IN_NETWORK,
            agreements__term_end__gte=today,
            agreements__term_end__lte=horizon,
        )
        .select_related("hospital", "org")
        .distinct()
    ):
        agreement = latest_agreement(cooperation)
        if agreement is None or not today <= agreement.term_end <= horizon:
            continue
        days = agreement.days_to_expiry(today)
        if cooperation.state in (Cooperation.State.ACTIVE, Cooperation.State.RECTIFICATION):
            perform_transition(
                cooperation,
                "mark_renewal_due",
                by=None,
                system=True,
                note=_("Agreement ends on %(end)s.") % {"end": agreement.term_end},
            )
        threshold = min(w for w in EXPIRY_WARNINGS if days <= w)
        created = notify(
            responsible_persons(cooperation.org),
            kind=EXPIRING_NOTICE,
            context={"hospital": cooperation.hospital.name, "days": days, "end": agreement.term_end},
            url=cooperation.get_absolute_url(),
            subject=cooperation,
            dedupe_key=f"agreement:{agreement.pk}:{threshold}",
        )
        sent += len(created)
    return sent
