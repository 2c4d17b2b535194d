"""Use cases of the fast track (小额人伤快速处理, seed 001 p11–19): open it with the facts recorded on the spot, take
its steps, file the signed agreement. The rules are ``injury_claims.fast_track``; the process is
``injury_claims.workflows.fast_track``."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.services import issue_document
from workflow.services import perform_transition, record_event

from .. import fast_track as rule
from ..models import Attachment, FastTrack, FastTrackStandard, InjuredPerson
from ..rules import can_work_claim
from ..workflows.fast_track import FastTrackState
from ..workflows.person import FOLLOWING
from .claims import files_removed_on_error, store_attachment

FACT_FIELDS = set(rule.Facts.__dataclass_fields__)


def facts_from(data: dict) -> rule.Facts:
    """The rule's facts from a form's cleaned data (the keys it does not know are ignored)."""
    return rule.Facts(**{k: v for k, v in data.items() if k in FACT_FIELDS and v is not None})


def _facts_json(facts: rule.Facts) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in facts.__dict__.items()}


def propose_for(person: InjuredPerson, facts: rule.Facts) -> tuple[rule.Proposal, FastTrackStandard]:
    standard = FastTrackStandard.in_force(timezone.localdate())
    if standard is None:
        raise ValidationError(_("No fast-track standard is in force: ask the administrator to set one up."))
    return rule.propose(facts, standard.as_rule()), standard


@transaction.atomic
def open_fast_track(person: InjuredPerson, facts: rule.Facts, *, by) -> FastTrack:
    """The band proposed for the facts; refused with every reason when the case is not a fast-track one (the
    follow-up goes on, nothing is saved)."""
    if not can_work_claim(by, person):
        raise PermissionDenied
    person = InjuredPerson.objects.select_for_update().get(pk=person.pk)
    if person.state not in FOLLOWING:
        raise ValidationError(_("The fast track is offered while the person is being followed up."))
    if FastTrack.objects.filter(person=person).exists():
        raise ValidationError(_("This person already has a fast track."))
    from ..workflows.mediation import OPEN as MEDIATING
    from ..workflows.mediation import MediationState

    if person.mediations.filter(state__in=[*MEDIATING, MediationState.SETTLED]).exists():
        raise ValidationError(_("This person is being mediated: the fast track is not offered."))
    proposal, standard = propose_for(person, facts)
    if not proposal.eligible:
        raise ValidationError(proposal.reasons)
    try:
        with transaction.atomic():
            track = FastTrack.objects.create(
                person=person,
                org=person.org,
                standard=standard,
                facts=_facts_json(facts),
                basis=proposal.basis,
                level=proposal.level,
                ceiling=proposal.ceiling,
                medical_cost=facts.medical_cost if facts.outpatient_visits else Decimal("0"),
                medical_cap=proposal.medical_cap,
                needs_confirmation=proposal.needs_confirmation,
                reasons=proposal.reasons,
                created_by=by,
            )
    except IntegrityError as exc:  # someone opened it at the same moment
        raise ValidationError(_("This person already has a fast track.")) from exc
    record_event(track, "opened", by=by, to_state=track.state, note=f"¥{proposal.ceiling:,.2f}")
    return track


@files_removed_on_error()
def file_signed_agreement(track: FastTrack, upload, *, by) -> Attachment:
    """The scan of the agreement signed by both parties (PDF, JPEG or PNG, checked by content)."""
    if not can_work_claim(by, track):
        raise PermissionDenied
    with transaction.atomic():
        locked = FastTrack.objects.select_for_update().get(pk=track.pk)
        if locked.state != FastTrackState.AGREED:
            raise ValidationError(_("The signed agreement is filed once the agreement is recorded."))
        attachment = store_attachment(locked.person, upload, kind=Attachment.Kind.DOCUMENT, by=by)
        FastTrack.objects.filter(pk=locked.pk).update(signed_scan=attachment)
        record_event(locked, "signed_agreement_filed", by=by, note=attachment.name)
    return attachment


@transaction.atomic
def score(track: FastTrack, *, by, score: int, note: str = "", expected_state: str | None = None):
    """p19: medical review checks and scores; the person's costs are then the agreement's (p11: → 核赔)."""
    event = perform_transition(
        track, "score_case", by=by, note=note, expected_state=expected_state, score=score
    )
    perform_transition(track.person, "settle_by_fast_track", by=by, note=note, system=True)
    from .settlement import fix_amounts

    fix_amounts(track.person, by=by)  # p19: calculation and approval take the agreement's amounts as they are
    return event


FAST_TRACK_AGREEMENT = "fast_track_agreement"


def print_agreement(track: FastTrack, *, by):
    """小额人伤快速处理协议, printed for both parties to sign on the spot (p17), numbered and verifiable."""
    from ..selectors.fast_track import agreement_context, agreement_problem

    problem = agreement_problem(track)
    if problem:
        raise ValidationError(problem)
    with translation.override("zh-hans"):  # printed in Chinese, whoever prints it
        context = agreement_context(track)
    return issue_document(
        kind=FAST_TRACK_AGREEMENT,
        template_name="injury_claims/pdf/fast_track_agreement.html",
        context=context,
        subject=track,
        org=track.org,
        by=by,
        title=f"小额人伤快速处理协议 {track.person.name} {track.person.claim.report_no} ¥{track.amount:,.2f}",
    )
