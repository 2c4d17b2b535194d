"""Read side of the fast track (小额人伤快速处理): fetch one for a user (404 outside their scope), its page, the person
page's section, and the printed agreement's content."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.scoping import scope_for
from workflow.models import Event

from ..models import FastTrack, InjuredPerson
from ..rules import can_view_claims, can_work_claim
from ..workflows.fast_track import FAST_TRACK, FastTrackState
from ..workflows.person import FOLLOWING
from .claims import timeline_for

S = FastTrackState
PRINTABLE = frozenset({S.AGREED, S.SIGNED, S.CHECKED})


def get_fast_track_for_user(user, pk: int) -> FastTrack:
    if not can_view_claims(user):
        raise Http404
    return get_object_or_404(
        scope_for(user).filter(
            FastTrack.objects.select_related("person", "person__claim", "org", "signed_scan", "standard")
        ),
        pk=pk,
    )


def offered_to(user, person: InjuredPerson) -> bool:
    """p11 "是否小额 → 小额人伤快处模块": offered while the person is followed up, to whoever works the claim."""
    from ..workflows.mediation import OPEN as MEDIATING
    from ..workflows.mediation import MediationState

    return (
        person.state in FOLLOWING
        and can_work_claim(user, person)
        and not person.mediations.filter(state__in=[*MEDIATING, MediationState.SETTLED]).exists()
    )


def person_section(person: InjuredPerson, user) -> dict:
    """The fast track on the person's page: the track, or the offer to open one."""
    track = FastTrack.objects.filter(person=person).first()
    return {
        "fast_track": track,
        "fast_track_offered": track is None and offered_to(user, person),
    }


def fast_track_page(track: FastTrack, user) -> dict:
    return {
        "track": track,
        "person": track.person,
        "claim": track.person.claim,
        "facts": facts_rows(track),
        "actions": FAST_TRACK.actions_for(user, track),
        "timeline": timeline_for(track),
        "may_upload": track.state == S.AGREED and can_work_claim(user, track),
        "may_print": track.state in PRINTABLE,
    }


def facts_rows(track: FastTrack) -> list[tuple[str, str]]:
    """The recorded facts as printed lines (label, value), in the form's order."""
    from ..forms.fast_track import FactsForm

    form = FactsForm()
    rows = []
    for name, field in form.fields.items():
        if name not in track.facts:
            continue
        value = track.facts[name]
        if isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif hasattr(field, "choices"):
            shown = str(dict(field.choices).get(value, value))
        elif value is None or value == "":
            continue
        else:
            shown = str(value)
        rows.append((str(field.label), shown))
    return rows


def agreement_problem(track: FastTrack) -> str:
    if track.state not in PRINTABLE:
        return _("The agreement is printed once its amounts are recorded.")
    return ""


def agreement_context(track: FastTrack) -> dict:
    """小额人伤快速处理协议: the parties, the facts, the band and the amounts, the signature lines."""
    from .printing import rmb_upper, yuan

    person, claim = track.person, track.person.claim
    confirmed = (
        Event.objects.for_object(track).filter(verb="confirm").select_related("actor").order_by("-pk").first()
    )
    return {
        "track": track,
        "person": person,
        "claim": claim,
        "facts": facts_rows(track),
        "amount": yuan(track.amount),
        "amount_upper": rmb_upper(track.amount),
        "medical": yuan(track.medical_amount),
        "other": yuan(track.amount - track.medical_amount),
        "ceiling": yuan(track.ceiling),
        "confirmation": confirmed,
        "agreed_on": timezone.localdate(track.agreed_at),
    }
