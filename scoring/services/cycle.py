"""The assessment cycle's use cases (issue 13, point 4): HQ creates a year and edits its rubric, opens it (a draft
per branch, computed from the facts), the branch explains, disputes or confirms, HQ answers disputes, adjusts
with reasons and finalises; a final card is locked and only a reopening with reasons — which keeps the final
version it replaces — changes it again. Every step writes an Event on the scorecard (workflow.services)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import OrgUnit
from sla.calendar import add_working_days
from workflow.services import StaleState, TransitionRefused, perform_transition, record_event

from .. import facts as gathering
from .. import scorecard as sc
from ..models import Adjustment, Assessment, Dispute, Scorecard, ScorecardVersion
from ..models.assessment import RUBRIC_FIELDS
from ..rules import can_answer_scorecard, can_assess
from ..workflows import SCORECARD, ScorecardState


class NotAllowed(TransitionRefused):
    """The person may not do this (the view answers 403)."""


def _require(predicate, user, obj=None) -> None:
    if not predicate(user, obj):
        raise NotAllowed(_("You may not do this."))


# --- the year and its rubric -----------------------------------------------------------------------------------
def create_year(year: int, *, by) -> Assessment:
    """A new assessment year, its rubric copied from the latest earlier year (or the seed's defaults)."""
    _require(can_assess, by)
    if Assessment.objects.filter(year=year).exists():
        raise TransitionRefused(
            _("The assessment year %(year)s exists already.") % {"year": year}, field="year"
        )
    previous = Assessment.objects.filter(year__lt=year).order_by("-year").first()
    values = {name: getattr(previous, name) for name in RUBRIC_FIELDS} if previous else {}
    if previous:
        for name in (
            "customer_sample_size",
            "hospital_sample_size",
            "survey_link_days",
            "dispute_working_days",
        ):
            values[name] = getattr(previous, name)
    assessment = Assessment(year=year, **values)
    assessment._change_reason = _("Created")
    assessment.save()
    return assessment


def update_rubric(assessment: Assessment, data: dict, *, by, reason: str) -> Assessment:
    """HQ changes the figures before it opens the year (history kept with the reason)."""
    _require(can_assess, by)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_open:
            raise TransitionRefused(_("The year is open: its rubric can no longer change."))
        for name, value in data.items():
            setattr(locked, name, value)
        problems = locked.rubric().problems()
        if problems:
            raise TransitionRefused(problems)
        locked._change_reason = reason
        locked.save()
    return locked


# --- computing ------------------------------------------------------------------------------------------------
def adjustments_by_item(scorecard: Scorecard) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    if scorecard.pk is None:
        return sums
    for item, points in scorecard.adjustments.values_list("item", "points"):
        sums[item] += points
    return sums


def total_of(items: list[sc.Item], adjustments: dict[str, Decimal]) -> Decimal:
    return sum(
        (sc.with_adjustment(item, adjustments.get(item.key, Decimal(0))) for item in items), Decimal(0)
    )


def _compute_into(scorecard: Scorecard) -> None:
    assessment = scorecard.assessment
    facts = gathering.gather(assessment, scorecard.org)
    items = sc.score_all(facts, assessment.rubric())
    scorecard.items = [item.to_json() for item in items]
    scorecard.facts = facts.to_json()
    scorecard.hospitals = gathering.hospital_figures(assessment, scorecard.org)
    scorecard.computed_at = timezone.now()
    scorecard.total = total_of(items, adjustments_by_item(scorecard))


def _refresh_total(scorecard: Scorecard) -> None:
    scorecard.total = total_of(scorecard.computed_items(), adjustments_by_item(scorecard))
    Scorecard.objects.filter(pk=scorecard.pk).update(total=scorecard.total)


def open_year(assessment: Assessment, *, by) -> list[Scorecard]:
    """HQ opens the year: the rubric is locked and every active branch gets its draft, computed from the facts,
    with the rubric's working days to dispute it."""
    _require(can_assess, by)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_open:
            raise StaleState(_("The year %(year)s is open already.") % {"year": locked.year})
        problems = locked.rubric().problems()
        if problems:
            raise TransitionRefused(problems)
        locked.opened_at, locked.opened_by = timezone.now(), by
        locked._change_reason = _("Opened the year")
        locked.save()
        until = add_working_days(timezone.localdate(), locked.dispute_working_days)
        cards = []
        for org in OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY, is_active=True).order_by("code"):
            card = Scorecard(assessment=locked, org=org, dispute_until=until)
            _compute_into(card)
            card.save()
            record_event(card, "opened", by=by)
            cards.append(card)
    return cards


def recompute(scorecard: Scorecard, *, by=None) -> Scorecard:
    """Gather the facts again (HQ's button, or the nightly job with ``by=None``): only a draft or a disputed
    card changes; a confirmed or final one keeps what the branch confirmed or HQ finalised."""
    if by is not None:
        _require(can_assess, by)
    with transaction.atomic():
        locked = (
            Scorecard.objects.select_for_update(of=("self",))
            .select_related("assessment", "org")
            .get(pk=scorecard.pk)
        )
        if not SCORECARD.may_edit(locked, "facts"):
            raise TransitionRefused(
                _("A %(state)s scorecard keeps its facts.") % {"state": locked.get_state_display().lower()}
            )
        _compute_into(locked)
        locked.save(update_fields=["items", "facts", "hospitals", "computed_at", "total"])
        if by is not None:
            record_event(locked, "recomputed", by=by)
    return locked


def recompute_drafts() -> int:
    """The nightly job: every draft or disputed card of an open year gathers its facts again."""
    done = 0
    for pk in Scorecard.objects.filter(
        state__in=SCORECARD.editable["facts"], assessment__opened_at__isnull=False
    ).values_list("pk", flat=True):
        try:
            recompute(Scorecard(pk=pk))
        except TransitionRefused:
            continue  # it moved on meanwhile
        done += 1
    return done


# --- the branch's word ----------------------------------------------------------------------------------------
def _check_item(item: str) -> None:
    if item not in sc.ITEMS:
        raise TransitionRefused(_("Choose one of the scorecard's five items."), field="item")


def explain(scorecard: Scorecard, *, item: str, text: str, by) -> Dispute:
    """The branch explains an item (noted, no answer needed)."""
    _require(can_answer_scorecard, by, scorecard)
    _check_item(item)
    with transaction.atomic():
        locked = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
        if not SCORECARD.may_edit(locked, "explanations"):
            raise StaleState(
                _("The scorecard is %(state)s: it takes no more explanations.")
                % {"state": locked.get_state_display().lower()}
            )
        note = Dispute.objects.create(
            scorecard=locked,
            version=locked.version,
            item=item,
            kind=Dispute.Kind.EXPLANATION,
            status=Dispute.Status.NOTED,
            text=text,
            by=by,
        )
        record_event(locked, "explained", by=by, note=f"{sc.title(item)}: {text}")
    return note


def dispute_item(scorecard: Scorecard, *, item: str, text: str, by, expected_state: str) -> Dispute:
    """The branch disputes an item: the card waits for HQ (the declared step, within the branch's window)."""
    _check_item(item)
    with transaction.atomic():
        perform_transition(
            scorecard,
            "dispute",
            by=by,
            note=f"{sc.title(item)}: {text}",
            expected_state=expected_state,
            item=item,
        )
        return Dispute.objects.create(
            scorecard=scorecard,
            version=Scorecard.objects.values_list("version", flat=True).get(pk=scorecard.pk),
            item=item,
            kind=Dispute.Kind.DISPUTE,
            status=Dispute.Status.OPEN,
            text=text,
            by=by,
        )


# --- HQ -------------------------------------------------------------------------------------------------------
def _add_adjustment(scorecard: Scorecard, *, item: str, points: Decimal, reason: str, by, dispute=None):
    if points == 0:
        raise TransitionRefused(
            _("An adjustment changes the points: enter a number other than 0."), field="points"
        )
    item_max = {i.key: i.maximum for i in scorecard.computed_items()}.get(item)
    if item_max is not None and abs(points) > item_max:
        raise TransitionRefused(
            _("The item has at most %(max)s points: an adjustment cannot exceed that.") % {"max": item_max},
            field="points",
        )
    adjustment = Adjustment.objects.create(
        scorecard=scorecard,
        version=scorecard.version,
        item=item,
        points=points,
        reason=reason,
        dispute=dispute,
        by=by,
    )
    _refresh_total(scorecard)
    record_event(scorecard, "adjusted", by=by, note=f"{sc.title(item)} {points:+}: {reason}")
    return adjustment


def adjust(scorecard: Scorecard, *, item: str, points: Decimal, reason: str, by) -> Adjustment:
    """HQ adjusts an item with its reasons (audited); the item stays between 0 and its maximum."""
    _require(can_assess, by, scorecard)
    _check_item(item)
    with transaction.atomic():
        locked = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
        if not SCORECARD.may_edit(locked, "adjustments"):
            raise StaleState(
                _("The scorecard is %(state)s: it can no longer be adjusted.")
                % {"state": locked.get_state_display().lower()}
            )
        return _add_adjustment(locked, item=item, points=points, reason=reason, by=by)


def answer_dispute(dispute: Dispute, *, upheld: bool, answer: str, points: Decimal | None, by) -> Dispute:
    """HQ answers one dispute: upheld (with the adjustment it makes, if any) or rejected, always with reasons. The
    last answer returns the card to draft."""
    _require(can_assess, by, dispute.scorecard)
    with transaction.atomic():
        locked = (
            Dispute.objects.select_for_update(of=("self",)).select_related("answered_by").get(pk=dispute.pk)
        )
        if locked.status != Dispute.Status.OPEN:
            raise StaleState(
                _("%(person)s answered this dispute already. Reload the page.")
                % {"person": locked.answered_by or _("Someone")}
            )
        scorecard = Scorecard.objects.select_for_update().get(pk=locked.scorecard_id)
        if upheld and points:
            _add_adjustment(scorecard, item=locked.item, points=points, reason=answer, by=by, dispute=locked)
        elif not upheld and points:
            raise TransitionRefused(_("A rejected dispute changes no points."), field="points")
        locked.status = Dispute.Status.UPHELD if upheld else Dispute.Status.REJECTED
        locked.answer, locked.answered_by, locked.answered_at = answer, by, timezone.now()
        locked.save(update_fields=["status", "answer", "answered_by", "answered_at"])
        record_event(
            scorecard,
            "dispute_answered",
            by=by,
            note=f"{sc.title(locked.item)} — {locked.get_status_display()}: {answer}",
        )
        if (
            scorecard.state == ScorecardState.DISPUTED
            and not scorecard.disputes.filter(kind=Dispute.Kind.DISPUTE, status=Dispute.Status.OPEN).exists()
        ):
            perform_transition(scorecard, "resolve", by=by)
    return locked


def reopen(scorecard: Scorecard, *, reason: str, by, expected_state: str) -> Scorecard:
    """HQ reopens a final card with its reasons: the final version is kept as it was, the facts are gathered
    again and the branch gets a new window to dispute."""
    with transaction.atomic():
        perform_transition(scorecard, "reopen", by=by, note=reason, expected_state=expected_state)
        locked = (
            Scorecard.objects.select_for_update(of=("self",))
            .select_related("assessment", "org")
            .get(pk=scorecard.pk)
        )
        ScorecardVersion.objects.create(
            scorecard=locked,
            version=locked.version,
            items=locked.items,
            facts=locked.facts,
            hospitals=locked.hospitals,
            adjustments=[
                {
                    "item": a.item,
                    "points": str(a.points),
                    "reason": a.reason,
                    "by": str(a.by),
                    "at": a.at.isoformat(),
                }
                for a in locked.adjustments.select_related("by")
            ],
            total=locked.total,
            computed_at=locked.computed_at,
            finalised_at=locked.finalised_at,
            finalised_by=locked.finalised_by,
            reopened_by=by,
            reason=reason,
        )
        locked.version += 1
        locked.finalised_at = locked.finalised_by = locked.confirmed_at = locked.confirmed_by = None
        locked.dispute_until = add_working_days(timezone.localdate(), locked.assessment.dispute_working_days)
        _compute_into(locked)
        locked.save()
    return locked
