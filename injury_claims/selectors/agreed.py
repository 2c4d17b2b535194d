"""Which document fixes a person's items for the settlement (injury_claims.agreed), strongest first: a court's
judgment or court mediation, then a one-off settlement agreement reached in mediation, then a fast-track agreement.

Each finder is explicit below (grep finds them); a track adds its own to ``FINDERS``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import compensation as c
from ..agreed import Agreed, AgreedItem
from ..choices import AgreedKind
from ..models import FastTrack, InjuredPerson, Judgment, Litigation, Mediation
from ..workflows.fast_track import FastTrackState
from ..workflows.litigation import LitigationState
from ..workflows.mediation import MediationState


def judgment_agreed(person: InjuredPerson) -> Agreed | None:
    """p23 "根据判决或调解结果结案": the effective judgment or court mediation of the person's closed litigation — its
    award item by item."""
    matter = (
        Litigation.objects.filter(
            person=person, state=LitigationState.CLOSED, effective_judgment__isnull=False
        )
        .select_related("effective_judgment")
        .first()
    )
    if matter is None:
        return None
    judgment = matter.effective_judgment
    items = tuple(AgreedItem(item.code, item.amount) for item in judgment.items.order_by("pk"))
    if judgment.kind == Judgment.Kind.MEDIATION:
        source = _("%(case_no)s court mediation") % {"case_no": judgment.case_no}
    else:
        source = _("%(case_no)s judgment") % {"case_no": judgment.case_no}
    return Agreed(kind=AgreedKind.JUDGMENT, source=source, items=items)


def fast_track_agreed(person: InjuredPerson) -> Agreed | None:
    """p19: a checked fast track's agreement — its medical costs and the rest as one sum."""
    track = FastTrack.objects.filter(person=person, state=FastTrackState.CHECKED).first()
    if track is None or track.amount is None:
        return None
    medical = track.medical_amount or 0
    items = []
    if medical:
        items.append(AgreedItem(c.ItemCode.MEDICAL, medical))
    if track.amount - medical:
        items.append(AgreedItem(c.ItemCode.AGREED_SUM, track.amount - medical))
    day = timezone.localdate(track.agreed_at)
    source = _("Fast-track agreement of %(day)s") % {"day": f"{day:%Y-%m-%d}"}
    return Agreed(kind=AgreedKind.FAST_TRACK, source=source, items=tuple(items))


def mediation_agreed(person: InjuredPerson) -> Agreed | None:
    """p21: the one-off settlement agreement (一次性赔偿协议) reached in mediation within its approved plan, signed and
    passed by cost review — its items as agreed, item by item."""
    from .mediation import agreement_number

    mediation = (
        Mediation.objects.filter(person=person, state=MediationState.SETTLED)
        .prefetch_related("items")
        .order_by("-settled_at", "-pk")
        .first()
    )
    if mediation is None:
        return None
    items = tuple(AgreedItem(item.code, item.agreed) for item in mediation.items.all() if item.agreed)
    day = timezone.localdate(mediation.agreed_at)
    number = agreement_number(mediation)
    source = _("One-off settlement agreement %(number)s of %(day)s") % {
        "number": number or "",
        "day": f"{day:%Y-%m-%d}",
    }
    return Agreed(kind=AgreedKind.MEDIATION, source=" ".join(source.split()), items=items)


# Strongest first: a court's judgment or mediation, then a mediated agreement, then a fast-track agreement.
FINDERS = [judgment_agreed, mediation_agreed, fast_track_agreed]


def agreed_for(person: InjuredPerson) -> Agreed | None:
    for finder in FINDERS:
        found = finder(person)
        if found is not None:
            return found
    return None
