"""The daily and weekly jobs on agreement terms: expiry (out of the network), "renewal due" with reminders before an
agreement ends, and reminders to file signed versions with HQ."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from sla.notifications import notify
from workflow.services import StaleState, TransitionRefused, perform_transition

from ..models import Agreement, Cooperation
from ..selectors import responsible_persons, unfiled_agreements
from ..workflows import signed_agreement

EXPIRY_WARNINGS = (90, 60, 30)
EXPIRING_NOTICE = "hospitals.agreement_expiring"
UNFILED_NOTICE = "hospitals.agreement_unfiled"
# A cooperation that can leave the network when its term is over: in it, or signed and waiting for its scan.
EXPIRABLE = (*Cooperation.IN_NETWORK, Cooperation.State.SIGNED)


def expire_ended() -> int:
    """Daily: a cooperation none of whose signed versions is in force today leaves the network (the system
    transition ``expire``; its notices tell the responsible persons and HQ). Catches back-dated and imported ones
    too: whatever its state says, an agreement past its end without a renewal is not a cooperation."""
    today = timezone.localdate()
    in_force = Agreement.objects.filter(
        cooperation=OuterRef("pk"), signed_on__isnull=False, term_start__lte=today, term_end__gte=today
    )
    # A term that has not begun yet (signed ahead of time) is not over either.
    ahead = Agreement.objects.filter(
        cooperation=OuterRef("pk"), signed_on__isnull=False, term_start__gt=today
    )
    expired = 0
    for cooperation in (
        Cooperation.objects.filter(state__in=EXPIRABLE, agreements__signed_on__isnull=False)
        .exclude(Exists(in_force))
        .exclude(Exists(ahead))
        .distinct()
    ):
        agreement = signed_agreement(cooperation)
        try:
            perform_transition(
                cooperation,
                "expire",
                by=None,
                system=True,
                note=_("The agreement ended on %(end)s without a renewal.") % {"end": agreement.term_end},
            )
        except (StaleState, TransitionRefused):  # changed meanwhile (renewed, terminated): tomorrow decides
            continue
        expired += 1
    return expired


def send_expiry_reminders(today: datetime.date | None = None) -> int:
    """Daily: tell the responsible persons at 90, 60 and 30 days before the current term ends (once each: the key
    is the agreement and the threshold), and move an active cooperation to "renewal due" when its term enters the
    90-day window. A cooperation under rectification is reminded but stays under rectification until its outcome
    is recorded. A renewal already signed ends the reminders."""
    today = today or timezone.localdate()
    sent = 0
    horizon = today + datetime.timedelta(days=max(EXPIRY_WARNINGS))
    for cooperation in (
        Cooperation.objects.filter(
            state__in=Cooperation.IN_NETWORK,
            agreements__signed_on__isnull=False,
            agreements__term_end__gte=today,
            agreements__term_end__lte=horizon,
        )
        .select_related("hospital", "org")
        .distinct()
    ):
        agreement = signed_agreement(cooperation)
        if agreement is None or not today <= agreement.term_end <= horizon:
            continue  # the newest signed version ends later: renewed
        days = agreement.days_to_expiry(today)
        if cooperation.state == Cooperation.State.ACTIVE:
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


def send_filing_reminders(today: datetime.date | None = None) -> int:
    """Weekly: seed 000 "协议书原件扫描后以电子邮件形式报总公司车险部备案" — every signed version not yet filed is
    reminded to the branch's responsible persons, once per version per ISO week, until filed."""
    today = today or timezone.localdate()
    year, week, _day = today.isocalendar()
    sent = 0
    for agreement in unfiled_agreements():
        cooperation = agreement.cooperation
        created = notify(
            responsible_persons(cooperation.org),
            kind=UNFILED_NOTICE,
            context={
                "hospital": cooperation.hospital.name,
                "version": agreement.version,
                "signed": agreement.signed_on,
            },
            url=cooperation.get_absolute_url(),
            subject=cooperation,
            dedupe_key=f"unfiled:{agreement.pk}:{year}-W{week:02d}",
        )
        sent += len(created)
    return sent
