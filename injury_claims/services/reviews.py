"""Reviews by authority (跟踪审核, 费用审核) and the bills they review (seed 001 pp25, 32)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organization.models import LEVEL_FIELD_FOR_KIND, AuthorityCeiling, User
from organization.roles import Role
from sla.notifications import Outgoing, send_notifications
from workflow.services import perform_transition, record_event

from ..choices import ReviewKind
from ..models import Bill, BillLine, InjuredPerson, Review
from ..routing import route_review
from ..rules import can_review, reviewer_roles
from ..workflows.person import PersonState
from ..workflows.review import ReviewState
from .claims import files_removed_on_error, store_attachment


def _ceilings(person: InjuredPerson, kind: str) -> dict[int, Decimal]:
    branch = person.org.secondary
    if branch is None:
        return {}
    return dict(AuthorityCeiling.objects.filter(org=branch, kind=kind).values_list("level", "ceiling"))


def reviewers_of(review: Review) -> list[User]:
    """Who may take this review now (for the notice): within their authority, in scope, not its author."""
    if review.routed_to_hq:
        candidates = User.objects.filter(
            is_active=True, org__level="hq", groups__name__in=list(reviewer_roles(review.kind))
        )
    else:
        # Narrowed in the query to what can_review would accept, so it is asked of a handful of people, not of
        # every reviewer of the branch: a level of this kind whose ceiling covers the amount, at the review's org
        # or above it within the branch (whose scope covers it).
        branch = review.org.secondary
        covering = [
            level
            for level, ceiling in _ceilings(review.person, review.kind).items()
            if ceiling >= review.amount
        ]
        orgs = {review.org_id, branch.pk} if branch else set()
        candidates = User.objects.filter(
            is_active=True,
            org_id__in=orgs,
            groups__name__in=list(reviewer_roles(review.kind)),
            **{f"{LEVEL_FIELD_FOR_KIND[review.kind]}__in": covering},
        ).exclude(pk=review.submitted_by_id)
    return [u for u in candidates.select_related("org").distinct() if can_review(u, review)]


def open_review(person: InjuredPerson, *, kind: str, amount: Decimal, by, follow_up=None) -> Review:
    route = route_review(amount, _ceilings(person, kind))
    review = Review.objects.create(
        person=person,
        kind=kind,
        follow_up=follow_up,
        org=person.org,
        amount=amount,
        routed_to_hq=route.to_hq,
        route=route.explanation[:300],
        submitted_by=by,
    )
    record_event(review, "submitted", by=by, to_state=review.state, note=route.explanation)
    send_notifications(
        Outgoing(
            recipient=user,
            kind="injury_claims.review_requested",
            context={
                "kind": review.get_kind_display(),
                "person": person.name,
                "report": person.claim.report_no,
                "amount": f"{amount:,.2f}",
                "by": str(by),
            },
            url=review.get_absolute_url(),
            dedupe_key=f"review-requested:{review.pk}",
        )
        for user in reviewers_of(review)
    )
    return review


@files_removed_on_error()
@transaction.atomic
def record_bill(person: InjuredPerson, values: dict, lines: list[dict], scan, *, by) -> Bill:
    """A bill with its scan (a photo from the phone's camera, or a PDF) and its lines."""
    locked = InjuredPerson.objects.select_for_update().get(pk=person.pk)
    if locked.state not in (
        PersonState.FIRST_FOLLOW_UP,
        PersonState.VISIT,
        PersonState.SUBSEQUENT,
        PersonState.INVESTIGATION,
    ):
        raise ValidationError(
            _("Bills are recorded while the person is followed up, not in “%(state)s”.")
            % {"state": locked.get_state_display()}
        )
    if not lines:
        raise ValidationError(_("A bill needs at least one line."))
    if locked.bills.filter(number=values["number"]).exists():
        raise ValidationError({"number": _("This person already has a bill with this number.")})
    attachment = store_attachment(locked, scan, kind="bill", by=by)
    bill = Bill.objects.create(person=locked, scan=attachment, by=by, **values)
    BillLine.objects.bulk_create(BillLine(bill=bill, **line) for line in lines)
    record_event(locked, "bill_recorded", by=by, note=values["number"])
    return bill


@transaction.atomic
def submit_costs(person: InjuredPerson, *, by, expected_state: str | None = None) -> Review:
    """The person's open bills go to cost review, routed by their total (费用审核)."""
    event = perform_transition(person, "submit_costs", by=by, expected_state=expected_state)
    del event
    bills = list(person.open_bills())
    total = sum((line.amount_claimed for b in bills for line in b.lines.all()), Decimal("0"))
    review = open_review(person, kind=ReviewKind.COST, amount=total, by=by)
    Bill.objects.filter(pk__in=[b.pk for b in bills]).update(review=review)
    return review


@transaction.atomic
def set_approved_amounts(review: Review, amounts: dict[int, tuple[Decimal, str]], *, by) -> None:
    """The reviewer's amount approved for each line, with the reason for each reduction."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.state != ReviewState.PENDING:
        raise ValidationError(_("This review has been decided: its amounts are final."))
    if not can_review(by, locked):
        raise ValidationError(_("You may not review this."))
    lines = {line.pk: line for line in BillLine.objects.filter(bill__review=locked)}
    for pk, (amount, reason) in amounts.items():
        line = lines.get(pk)
        if line is None:
            raise ValidationError(_("A line of another review was sent."))
        if amount > line.amount_claimed:
            raise ValidationError(
                _("Line “%(item)s”: the approved amount cannot exceed the ¥%(claimed)s claimed.")
                % {"item": line.item, "claimed": f"{line.amount_claimed:,.2f}"}
            )
        if amount < line.amount_claimed and not reason.strip():
            raise ValidationError(_("Line “%(item)s” is reduced: give the reason.") % {"item": line.item})
        line.amount_approved, line.reduction_reason = amount, reason.strip()
    BillLine.objects.bulk_update(lines.values(), ["amount_approved", "reduction_reason"])


@transaction.atomic
def decide_review(review: Review, decision: str, *, by, note: str = "", expected_state: str | None = None):
    """Approve or return a review. A cost review's decision moves the person: approved → calculation may start
    for them (seed 001 p25); returned → the follow-up goes on."""
    if decision not in ("approve", "return_for_changes"):
        raise ValidationError(_("Unknown decision."))
    event = perform_transition(review, decision, by=by, note=note, expected_state=expected_state)
    if review.kind == ReviewKind.COST:
        person_step = "approve_costs" if decision == "approve" else "return_costs"
        perform_transition(review.person, person_step, by=by, note=note, system=True)
        if decision == "approve":
            from .settlement import open_settlement

            open_settlement(review.person, by=by)
    elif review.kind == ReviewKind.SETTLEMENT:
        from .settlement import decided

        decided(review, decision, by=by, note=note)
    elif review.kind == ReviewKind.MEDIATION_PLAN:
        from .mediation import plan_decided

        plan_decided(review, decision, by=by, note=note)  # 是否审核通过 (seed 001 p21)
    return event


def is_reviewer_role(user) -> bool:
    return user.has_role(Role.MEDICAL_REVIEWER, Role.MEDICAL_REVIEW_HEAD, Role.BRANCH_CLAIMS_HEAD)
