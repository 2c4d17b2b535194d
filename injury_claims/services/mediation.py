"""Use cases of mediation (人伤调解, seed 001 p8–10, p20–22): open it, draft and submit the plan, the plan review's
decision, file the signed agreement, pass the costs at the agreed amounts. The rules are
``injury_claims.mediation``; the process is ``injury_claims.workflows.mediation``."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflow.services import perform_transition, record_event

from .. import compensation as c
from ..choices import ReviewKind
from ..forms.mediation import PLAN_ITEM_CODES, item_labels
from ..mediation import authorisation_problems, plan_problems
from ..models import Attachment, FastTrack, InjuredPerson, Mediation, MediationItem, Review, Settlement
from ..models.mediation import authorisation_of
from ..workflows.fast_track import FastTrackState
from ..workflows.mediation import OPEN, PLAN_EDITABLE, MediationState, can_mediate
from ..workflows.person import FOLLOWING
from .claims import files_removed_on_error, store_attachment

S = MediationState
PLANNABLE = {str(code) for code in PLAN_ITEM_CODES}


def refusal(person: InjuredPerson, user) -> list[str]:
    """Why ``user`` may not open a mediation for ``person`` now (empty: they may). The page shows it instead of the
    button; :func:`open_mediation` refuses with it."""
    problems = authorisation_problems(authorisation_of(user), timezone.localdate())
    if person.state not in FOLLOWING:
        problems.append(_("Mediation is offered while the person is being followed up."))
    if Mediation.objects.filter(person=person, state__in=sorted(OPEN)).exists():
        problems.append(_("This person already has a mediation under way."))
    if FastTrack.objects.filter(person=person).exclude(state=FastTrackState.FAILED).exists():
        problems.append(_("This person is on the fast track: mediation is for the cases it does not settle."))
    return problems


def starting_point(person: InjuredPerson) -> tuple[list[dict], str]:
    """The calculator's items as the plan's starting point when the person's settlement has assessed facts (the
    mediator changes them); otherwise none — the mediator enters the items."""
    from ..selectors.settlement import InputProblem, region_figures, victim_from

    settlement = Settlement.objects.filter(person=person).select_related("person", "person__claim").first()
    if settlement is None or not settlement.facts:
        return [], _("Entered by the mediator (the person's facts are not assessed yet).")
    claim = person.claim
    today = timezone.localdate()
    try:
        result = c.calculate(
            victim_from(settlement), region_figures(claim.province, claim.city, today), on=today
        )
    except (InputProblem, c.MissingFigure, ValueError) as exc:
        return [], _("Entered by the mediator: the calculator could not start it (%(why)s).") % {"why": exc}
    rows = [
        {"code": str(item.code), "planned": item.amount, "suggested": item.amount, "note": item.formula[:300]}
        for item in result.items
        if item.included_in is None and item.amount > 0 and str(item.code) in PLANNABLE
    ]
    basis = _(
        "The calculator's result from the assessed facts (%(region)s %(year)s) as the starting point."
    ) % {
        "region": result.court.region,
        "year": result.court.stat_year,
    }
    return rows, basis


@transaction.atomic
def open_mediation(person: InjuredPerson, *, by) -> Mediation:
    """是否调解 → 是: an authorised mediator opens the mediation and drafts its plan (prefilled by the calculator when
    the facts are assessed). Refused with every reason; nothing is saved."""
    if not can_mediate(by, person):
        raise PermissionDenied
    person = InjuredPerson.objects.select_for_update().get(pk=person.pk)
    problems = refusal(person, by)
    if problems:
        raise ValidationError(problems)
    rows, basis = starting_point(person)
    try:
        with transaction.atomic():
            mediation = Mediation.objects.create(
                person=person,
                org=person.org,
                mediator=by,
                basis=basis[:300],
                plan_total=sum((row["planned"] for row in rows), Decimal("0")) or None,
                created_by=by,
            )
    except IntegrityError as exc:  # someone opened one at the same moment
        raise ValidationError(_("This person already has a mediation under way.")) from exc
    MediationItem.objects.bulk_create(MediationItem(mediation=mediation, **row) for row in rows)
    record_event(mediation, "opened", by=by, to_state=mediation.state, note=basis)
    return mediation


def _locked(mediation: Mediation, expected_state: str | None) -> Mediation:
    locked = Mediation.objects.select_for_update().select_related("person", "mediator").get(pk=mediation.pk)
    if expected_state and locked.state != expected_state:
        raise ValidationError(
            _(
                "Someone else moved this mediation on while you were working (now “%(state)s”). Reload the page."
            )
            % {"state": locked.get_state_display()}
        )
    return locked


@transaction.atomic
def save_plan(
    mediation: Mediation,
    rows: list[dict],
    *,
    total: Decimal | None,
    explanation: str,
    by,
    expected_state: str | None = None,
) -> Mediation:
    """The plan's items (the most per item), its total (the most in all; empty: the items' sum) and reasoning."""
    if not can_mediate(by, mediation):
        raise PermissionDenied
    locked = _locked(mediation, expected_state)
    if locked.state not in PLAN_EDITABLE:
        raise ValidationError(
            _("The plan's amounts are fixed once it is submitted: revise the plan to change them.")
        )
    problems = locked.authorisation_problems()
    if problems:
        raise ValidationError(problems)
    codes = [row["code"] for row in rows]
    if len(set(codes)) != len(codes) or not set(codes) <= PLANNABLE:
        raise ValidationError(_("One line per item, each an item of the calculator."))
    items_sum = sum((row["planned"] for row in rows), Decimal("0"))
    total = total if total is not None else (items_sum or None)
    problems = plan_problems({row["code"]: row["planned"] for row in rows}, total, item_labels())
    if problems:
        raise ValidationError(problems)
    suggested = dict(locked.items.values_list("code", "suggested"))
    locked.items.all().delete()
    MediationItem.objects.bulk_create(
        MediationItem(
            mediation=locked,
            code=row["code"],
            planned=row["planned"],
            suggested=suggested.get(row["code"]),
            note=(row.get("note") or "")[:300],
        )
        for row in rows
    )
    locked.plan_total = total
    locked.explanation = explanation.strip()
    locked.save(update_fields=["plan_total", "explanation"])
    record_event(locked, "plan_saved", by=by, note=f"¥{locked.plan_total or 0:,.2f}")
    return locked


@transaction.atomic
def submit_plan(mediation: Mediation, *, by, expected_state: str | None = None) -> Review:
    """调解方案审核: the plan goes to a medical reviewer whose mediation-plan authority covers its total (the branch's
    matrix; above every ceiling, HQ)."""
    from .reviews import open_review

    perform_transition(mediation, "submit", by=by, expected_state=expected_state)
    mediation.refresh_from_db()
    review = open_review(mediation.person, kind=ReviewKind.MEDIATION_PLAN, amount=mediation.plan_total, by=by)
    Mediation.objects.filter(pk=mediation.pk).update(review=review)
    return review


def plan_decided(review: Review, decision: str, *, by, note: str = "") -> None:
    """The plan review's decision moves the mediation (called by ``reviews.decide_review``)."""
    mediation = Mediation.objects.get(review=review)
    step = "approve_plan" if decision == "approve" else "reject_plan"
    perform_transition(mediation, step, by=by, note=note, system=True)


@files_removed_on_error()
def file_signed_agreement(mediation: Mediation, upload, *, by) -> Attachment:
    """The scan of the one-off settlement agreement signed by both parties (PDF, JPEG or PNG, checked by content)."""
    if not can_mediate(by, mediation):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked(mediation, None)
        if locked.state != S.AGREED:
            raise ValidationError(_("The signed agreement is filed once the agreement is recorded."))
        attachment = store_attachment(locked.person, upload, kind=Attachment.Kind.DOCUMENT, by=by)
        Mediation.objects.filter(pk=locked.pk).update(signed_scan=attachment)
        record_event(locked, "signed_agreement_filed", by=by, note=attachment.name)
    return attachment


@transaction.atomic
def pass_costs(mediation: Mediation, *, by, note: str = "", expected_state: str | None = None):
    """p21 "签订协议 → 费用审核通过": the person's costs are approved at the agreed amounts and their settlement takes
    them as they are (``services.settlement.fix_amounts``)."""
    from .settlement import fix_amounts

    event = perform_transition(mediation, "pass_costs", by=by, note=note, expected_state=expected_state)
    perform_transition(mediation.person, "settle_by_mediation", by=by, note=note, system=True)
    fix_amounts(mediation.person, by=by)
    return event


# --- the printed forms (numbered, hash-registered, QR-verifiable: documents.services) ---------------------------
def _chinese(build, *args) -> dict:
    from django.utils import translation

    with translation.override("zh-hans"):
        return build(*args)


def print_plan(mediation: Mediation, *, by):
    """调解方案 as submitted: its items, the most per item and in all, the reasoning, the review."""
    from documents.services import issue_document

    from ..selectors import mediation as printed

    problem = printed.plan_problem(mediation)
    if problem:
        raise ValidationError(problem)
    return issue_document(
        kind=printed.MEDIATION_PLAN,
        template_name="injury_claims/pdf/mediation_plan.html",
        context=_chinese(printed.plan_context, mediation),
        subject=mediation,
        org=mediation.org,
        by=by,
        title=f"调解方案 {mediation.person.name} {mediation.person.claim.report_no} ¥{mediation.plan_total:,.2f}",
    )


def print_agreement(mediation: Mediation, *, by):
    """一次性赔偿协议 for signature: the agreed items in figures and capitals, signature lines for both parties."""
    from documents.services import issue_document

    from ..selectors import mediation as printed

    problem = printed.agreement_problem(mediation)
    if problem:
        raise ValidationError(problem)
    return issue_document(
        kind=printed.MEDIATION_AGREEMENT,
        template_name="injury_claims/pdf/mediation_agreement.html",
        context=_chinese(printed.agreement_context, mediation),
        subject=mediation,
        org=mediation.org,
        by=by,
        title=f"一次性赔偿协议 {mediation.person.name} {mediation.person.claim.report_no} "
        f"¥{mediation.agreed_total:,.2f}",
    )
