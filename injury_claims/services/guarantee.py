"""Use cases of the medical-fee guarantee (担保函) and its prepayments (seed 000, 医疗费担保预付): draft a letter for an
eligible person, take its steps, record a prepayment or a recovery, print the letter, expire the letters past their
validity. The rules are ``injury_claims.guarantee``; the process ``injury_claims.workflows.guarantee``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.services import issue_document
from workflow.services import StaleState, TransitionRefused, perform_transition, record_event

from .. import guarantee as rule
from ..models import Guarantee, InjuredPerson, Prepayment, prepaid_for
from ..rules import can_view_claims, can_work_claim
from ..selectors import guarantee as selectors
from ..workflows.guarantee import GuaranteeState
from ..workflows.settlement import SettlementState, can_calculate

GUARANTEE_LETTER = "guarantee_letter"
S = GuaranteeState


def _stale(locked: Guarantee, expected_state: str | None) -> None:
    if expected_state and locked.state != expected_state:
        raise ValidationError(
            _(
                "Someone else changed this guarantee while you were working (now “%(state)s”). Reload the page."
            )
            % {"state": locked.get_state_display()}
        )


@transaction.atomic
def draft(person: InjuredPerson, values: dict, *, by) -> Guarantee:
    """The adjuster drafts the letter to the person's treating hospital: refused with every reason when the person
    is not eligible (nothing saved)."""
    if not can_work_claim(by, person):
        raise PermissionDenied
    locked = InjuredPerson.objects.select_for_update().select_related("claim", "org").get(pk=person.pk)
    refused = selectors.eligibility_of(locked)
    if refused:
        raise ValidationError(refused)
    valid_from, valid_until = values["valid_from"], values["valid_until"]
    if valid_until < valid_from:
        raise ValidationError({"valid_until": _("The letter cannot end before it begins.")})
    if valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("The letter must still be valid today or later.")})
    if valid_from < timezone.localdate(locked.claim.accident_at):
        raise ValidationError({"valid_from": _("The letter cannot begin before the accident.")})
    try:
        with transaction.atomic():
            guarantee = Guarantee.objects.create(
                person=locked,
                org=locked.org,
                hospital_id=locked.hospital_id,
                amount=values["amount"],
                valid_from=valid_from,
                valid_until=valid_until,
                purpose=values.get("purpose", ""),
                created_by=by,
            )
    except IntegrityError as exc:  # someone drafted one at the same moment
        raise ValidationError(_("This person already has an open guarantee.")) from exc
    record_event(guarantee, "drafted", by=by, to_state=guarantee.state, note=f"¥{guarantee.amount:,.2f}")
    return guarantee


@transaction.atomic
def record_prepayment(
    guarantee: Guarantee, values: dict, *, by, expected_state: str | None = None
) -> Prepayment:
    """Seed 000: "对保险责任及事故责任明确的案件，按事故责任比例及承保信息，预付伤者实际已发生的医疗费" — the hospital's incurred
    costs to date × the liability share, less what was prepaid before, within the guarantee. Recorded once paid
    (the bank's reference), by the post that records settlement payments."""
    if not can_calculate(by, guarantee):
        raise PermissionDenied
    locked = (
        Guarantee.objects.select_for_update()
        .select_related("person", "person__claim", "person__org")
        .get(pk=guarantee.pk)
    )
    _stale(locked, expected_state)
    if locked.state != S.ISSUED:
        raise ValidationError(_("Prepayments are recorded against an issued letter."))
    paid_on = values["paid_on"]
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payment cannot be made in the future.")})
    if not locked.valid_from <= paid_on <= locked.valid_until:
        raise ValidationError(
            {
                "paid_on": _(
                    "The letter is valid from %(start)s to %(end)s: the prepayment falls outside it."
                )
                % {"start": locked.valid_from.isoformat(), "end": locked.valid_until.isoformat()}
            }
        )
    facts = selectors.facts_for(locked.person)
    problems = rule.coverage_problems(facts) + rule.liability_problems(facts)
    if problems:
        raise ValidationError(problems)
    incurred = values["incurred"]
    last = (
        Prepayment.objects.filter(guarantee__person=locked.person, kind=Prepayment.Kind.PREPAYMENT)
        .order_by("-paid_on", "-pk")
        .values_list("incurred", flat=True)
        .first()
    )
    if last is not None and incurred < last:
        raise ValidationError(
            {
                "incurred": _(
                    "The incurred costs to date cannot be lower than the %(last)s of the last prepayment's statement."
                )
                % {"last": rule.yuan(last)}
            }
        )
    figure = rule.prepayment(
        incurred=incurred,
        ratio=facts.liability_ratio,
        prepaid_before=prepaid_for(locked.person_id),
        guaranteed=locked.amount,
        prepaid_on_letter=locked.prepaid(),
    )
    if figure.refused:
        raise ValidationError({"incurred": figure.refused})
    row = Prepayment.objects.create(
        guarantee=locked,
        kind=Prepayment.Kind.PREPAYMENT,
        incurred=incurred,
        statement=values.get("statement", ""),
        liability=locked.person.claim.liability,
        ratio=facts.liability_ratio,
        due=figure.due,
        amount=figure.amount,
        paid_on=paid_on,
        reference=values["reference"].strip(),
        explanation=[str(line) for line in figure.reasons],
        by=by,
    )
    record_event(locked, "prepaid", by=by, note=f"¥{row.amount:,.2f} {row.reference}")
    return row


@transaction.atomic
def record_recovery(guarantee: Guarantee, values: dict, *, by) -> Prepayment:
    """The settlement's approved total is below what was prepaid: the difference is recovered from the hospital
    (received, with the bank's reference). When nothing more is owed either way, the settlement is paid."""
    from ..models import Settlement
    from .settlement import pay_if_settled_by_prepayments

    locked = Guarantee.objects.select_for_update().select_related("person").get(pk=guarantee.pk)
    settlement = Settlement.objects.select_for_update().filter(person_id=locked.person_id).first()
    if settlement is None or not can_calculate(by, settlement):
        raise PermissionDenied
    if settlement.state != SettlementState.APPROVED:
        raise ValidationError(_("A recovery is recorded once the settlement is approved, before it is paid."))
    prepaid = prepaid_for(locked.person_id)
    excess = prepaid - settlement.total
    if excess <= 0:
        raise ValidationError(
            _("Nothing was prepaid beyond the approved total: there is nothing to recover.")
        )
    prepaid_here = locked.prepaid()
    amount = values["amount"]
    if amount > min(excess, prepaid_here):
        raise ValidationError(
            {
                "amount": _("At most %(most)s is to be recovered against this letter.")
                % {"most": rule.yuan(min(excess, prepaid_here))}
            }
        )
    received_on = values["paid_on"]
    if received_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payment cannot be made in the future.")})
    row = Prepayment.objects.create(
        guarantee=locked,
        kind=Prepayment.Kind.RECOVERY,
        amount=amount,
        paid_on=received_on,
        reference=values["reference"].strip(),
        explanation=[
            str(
                _("Prepaid %(prepaid)s, approved %(total)s: %(excess)s to recover.")
                % {
                    "prepaid": rule.yuan(prepaid),
                    "total": rule.yuan(settlement.total),
                    "excess": rule.yuan(excess),
                }
            )
        ],
        by=by,
    )
    record_event(locked, "recovered", by=by, note=f"¥{row.amount:,.2f} {row.reference}")
    pay_if_settled_by_prepayments(settlement, by=by)
    return row


# --- the printed letter -----------------------------------------------------------------------------------------
def letter_problem(guarantee: Guarantee) -> str:
    if guarantee.state not in (S.ISSUED, S.USED, S.EXPIRED):
        return _("The letter is printed once it is approved and issued.")
    return ""


def print_letter(guarantee: Guarantee, *, by):
    """担保函 to the hospital: numbered, hash-registered, with its QR code to the verification page."""
    if not can_view_claims(by, guarantee):
        raise PermissionDenied
    problem = letter_problem(guarantee)
    if problem:
        raise ValidationError(problem)
    from ..selectors.printing import rmb_upper, yuan

    with translation.override("zh-hans"):
        person = guarantee.person
        context = {
            "guarantee": guarantee,
            "person": person,
            "claim": person.claim,
            "hospital": guarantee.hospital,
            "amount": yuan(guarantee.amount),
            "amount_upper": rmb_upper(guarantee.amount),
            "ratio": selectors.liability_ratio(person.claim),
            "liability": person.claim.get_liability_display(),
            "org": guarantee.org,
        }
    document = issue_document(
        kind=GUARANTEE_LETTER,
        template_name="injury_claims/pdf/guarantee_letter.html",
        context=context,
        subject=guarantee,
        org=guarantee.org,
        by=by,
        title=f"医疗费担保函 {guarantee.hospital.name} {person.name} ¥{guarantee.amount:,.2f}",
    )
    Guarantee.objects.filter(pk=guarantee.pk).update(document=document)
    return document


# --- the daily sweep --------------------------------------------------------------------------------------------
def expire_guarantees(today: datetime.date | None = None) -> int:
    """Issued letters whose last valid day has passed are expired (the system step). Run twice, it expires nothing
    more; a letter changed meanwhile (closed, cancelled) is left to its new state."""
    today = today or timezone.localdate()
    expired = 0
    for pk in Guarantee.objects.filter(state=S.ISSUED, valid_until__lt=today).values_list("pk", flat=True)[
        :1000
    ]:
        guarantee = Guarantee.objects.get(pk=pk)
        try:
            perform_transition(
                guarantee,
                "expire",
                by=None,
                system=True,
                expected_state=S.ISSUED,
                note=_("Valid until %(day)s.") % {"day": guarantee.valid_until.isoformat()},
            )
        except (StaleState, TransitionRefused):
            continue
        expired += 1
    return expired


def net_prepaid(person: InjuredPerson) -> Decimal:
    return prepaid_for(person.pk)
