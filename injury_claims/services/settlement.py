"""Use cases of settlement (seed 001: 定损 → 理算核赔 → 结案; issue 10). The process is declared in
``injury_claims.workflows.settlement``; the figures come from ``injury_claims.compensation``."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.pii import blind_index, mask
from workflow.services import perform_transition, record_event

from .. import compensation as c
from ..agreed import as_calculation
from ..choices import ReviewKind
from ..models import (
    Calculation,
    Claim,
    DocumentReceipt,
    DocumentRequirement,
    InjuredPerson,
    Payment,
    Review,
    Settlement,
)
from ..selectors.agreed import agreed_for
from ..selectors.settlement import (
    InputProblem,
    claim_settlements,
    compulsory_limits,
    policies_for,
    region_figures,
    victim_from,
)
from ..workflows.person import PersonState
from ..workflows.settlement import SettlementState
from .claims import files_removed_on_error, store_attachment

S = SettlementState
EDITABLE = (S.ASSESSMENT, S.CALCULATION)


def open_settlement(person: InjuredPerson, *, by) -> Settlement:
    """Seed 001 p25: once a person's costs are approved, their settlement may start (the others keep going)."""
    settlement, created = Settlement.objects.get_or_create(person=person, defaults={"org": person.org})
    if created:
        record_event(settlement, "opened", by=by, to_state=settlement.state)
    return settlement


def _locked(settlement: Settlement, expected_state: str | None = None) -> Settlement:
    locked = (
        Settlement.objects.select_for_update().select_related("person", "person__claim").get(pk=settlement.pk)
    )
    if expected_state and locked.state != expected_state:
        raise ValidationError(
            _(
                "Someone else moved this settlement on while you were working (now “%(state)s”). Reload the page."
            )
            % {"state": locked.get_state_display()}
        )
    return locked


@transaction.atomic
def save_facts(settlement: Settlement, facts: dict, *, by, expected_state: str | None = None) -> Settlement:
    """定损: the assessed facts (checked by building the calculator's input from them)."""
    locked = _locked(settlement, expected_state)
    if locked.state not in EDITABLE:
        raise ValidationError(_("The facts are fixed once the calculation went to approval."))
    locked.facts = facts
    try:
        victim_from(locked)
    except InputProblem as exc:
        raise ValidationError(str(exc)) from exc
    joined = not settlement.facts  # a person newly in the claim's allocation (a person added, 追加人伤)
    locked.save(update_fields=["facts"])
    record_event(locked, "facts_saved", by=by)
    if joined:
        recalculate_others(locked, by=by)
    return locked


def recalculate_others(settlement: Settlement, *, by) -> int:
    """The 交强险 limits and the sum insured are shared by every victim of the accident: when a person joins the
    allocation, the claim's other calculations still being worked on are done again (their adjustments kept).
    One already at approval keeps its amount but can be returned; one approved or paid is history."""
    redone = 0
    for other in claim_settlements(settlement.person.claim):
        if other.pk == settlement.pk or other.state != S.CALCULATION or not other.calculations.exists():
            continue
        try:
            calculate(other, by=by, adjustments=_kept_adjustments(other.latest_calculation()))
        except ValidationError:
            continue  # its own facts lack something: its page says so when it is calculated next
        redone += 1
    return redone


@files_removed_on_error()
@transaction.atomic
def receive_document(
    settlement: Settlement, requirement: DocumentRequirement, *, received_on: datetime.date, upload=None, by
) -> DocumentReceipt:
    """A required document is in; with the last one the 3-working-day payment clock starts (seed 002)."""
    locked = _locked(settlement)
    if requirement not in locked.requirements():
        raise ValidationError(_("This document is not on this person's checklist."))
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("A document cannot be received in the future.")})
    attachment = store_attachment(locked.person, upload, kind="document", by=by) if upload else None
    receipt, _created = DocumentReceipt.objects.update_or_create(
        settlement=locked,
        requirement=requirement,
        defaults={"received_on": received_on, "attachment": attachment, "by": by},
    )
    if locked.documents_complete_on is None and not locked.missing_documents():
        locked.documents_complete_on = timezone.now()
        locked.save(update_fields=["documents_complete_on"])
        record_event(locked, "documents_complete", by=by)
    return receipt


def _item_json(item: c.Item) -> dict:
    return {
        "code": str(item.code),
        "label": str(item.label),
        "amount": str(item.amount),
        "formula": item.formula,
        "figures": [{"label": str(f.label), "value": str(f.value), "cited": f.cited} for f in item.figures],
        "sources": list(item.sources),
        "basis": item.basis,
        "notes": [str(n) for n in item.notes],
        "non_insurance": str(item.non_insurance),
        "included_in": str(item.included_in) if item.included_in else "",
    }


def _adjusted(calculation: c.Calculation, adjustments: dict[str, tuple[Decimal, str]]) -> c.Calculation:
    if not adjustments:
        return calculation
    items = []
    for item in calculation.items:
        change = adjustments.get(str(item.code))
        if change is None:
            items.append(item)
            continue
        amount, reason = change
        items.append(
            dataclasses.replace(
                item,
                amount=amount,
                non_insurance=min(item.non_insurance, amount),
                notes=(
                    *item.notes,
                    _("Adjusted from ¥%(was)s: %(why)s") % {"was": f"{item.amount:,.2f}", "why": reason},
                ),
            )
        )
    return dataclasses.replace(calculation, items=tuple(items))


def parse_adjustments(rows: dict[str, tuple[str, str]], calculation: Calculation | None) -> dict:
    """{code: (amount text, reason)} from the form → {code: (Decimal, reason)}; a change needs its reason."""
    known = {row["code"]: Decimal(row["amount"]) for row in (calculation.items if calculation else [])}
    parsed = {}
    for code, (text, reason) in rows.items():
        if code not in known or text in ("", None):
            continue
        try:
            amount = Decimal(str(text)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError) as exc:
            raise ValidationError(_("“%(text)s” is not an amount.") % {"text": text}) from exc
        if amount < 0:
            raise ValidationError(_("An amount cannot be negative."))
        if amount == known[code]:
            continue
        if not (reason or "").strip():
            raise ValidationError(
                _("%(item)s is changed from the calculator's ¥%(was)s: give the reason.")
                % {"item": code, "was": f"{known[code]:,.2f}"}
            )
        parsed[code] = (amount, reason.strip())
    return parsed


def calculate(settlement: Settlement, *, by, adjustments: dict | None = None) -> Calculation:
    """See :func:`_calculate`; the texts kept (labels, formulas, notes) are the product's language, as printed."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return _calculate(settlement, by=by, adjustments=adjustments)


@transaction.atomic
def _calculate(settlement: Settlement, *, by, adjustments: dict | None = None) -> Calculation:
    """理算: the calculator's result for this person from the reference data in force, the claim-level allocation of
    the 交强险 limits and the commercial policy over every person of the claim with assessed facts (so a person
    added later changes the shares), and the adjustments, each with its reason."""
    locked = _locked(settlement)
    if locked.state != S.CALCULATION:
        raise ValidationError(_("Calculate once the assessment is confirmed, before approval."))
    claim = locked.person.claim
    today = timezone.localdate()
    try:
        court = region_figures(claim.province, claim.city, today)
        policies = policies_for(claim, compulsory_limits(timezone.localdate(claim.accident_at)))
        others = [s for s in claim_settlements(claim) if s.pk != locked.pk]
        agreed = agreed_for(locked.person) if locked.agreed_kind else None
        if agreed is not None and adjustments:
            raise ValidationError(
                _("The amounts are fixed by %(source)s: the calculation cannot adjust them.")
                % {"source": agreed.source}
            )
        calculations = []
        for each in [locked, *others]:
            fixed = (
                agreed if each.pk == locked.pk else (agreed_for(each.person) if each.agreed_kind else None)
            )
            if fixed is not None:
                calculations.append(_fixed_calculation(each, fixed, court))
                continue
            result = c.calculate(victim_from(each), court, on=today)
            if each.pk == locked.pk:
                result = _adjusted(result, adjustments or {})
            else:
                latest = each.latest_calculation()
                result = _adjusted(result, _kept_adjustments(latest))
            calculations.append(result)
        allocation = c.allocate(calculations, policies)
    except (InputProblem, c.MissingFigure, ValueError) as exc:
        raise ValidationError(str(exc)) from exc
    mine, share = calculations[0], allocation.victims[0]
    items = [_item_json(item) for item in mine.items]
    for row in items:
        if agreed is not None:
            row["agreed"] = True
        if row["code"] in (adjustments or {}):
            row["adjusted"] = True
            row["reason"] = adjustments[row["code"]][1]
    version = (locked.calculations.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    payable = share.compulsory + share.commercial
    record = Calculation.objects.create(
        settlement=locked,
        version=version,
        items=items,
        allocation={
            "loss": str(share.loss),
            "compulsory": str(share.compulsory),
            "commercial": str(share.commercial),
            "not_covered": str(share.not_covered),
            "beyond_liability": str(share.beyond_liability),
            "buckets": [
                {
                    "bucket": str(c.BUCKET_LABELS[b.bucket]),
                    "claimed": str(b.claimed),
                    "paid": str(b.paid),
                    "formula": b.formula,
                }
                for b in share.buckets
            ],
            "lines": [
                {
                    "code": str(line.code),
                    "label": str(c.ITEM_LABELS[line.code]),
                    "non_insurance": line.non_insurance,
                    "amount": str(line.amount),
                    "compulsory": str(line.compulsory),
                    "commercial": str(line.commercial),
                    "formula": line.formula,
                }
                for line in share.items
            ],
            "victims": len(calculations),
            "notes": [str(n) for n in (*mine.notes, *allocation.notes)],
            "limits": policies.compulsory.source,
            "liability_ratio": str(policies.liability_ratio),
        },
        settings_used=[
            [code, str(label), str(value), default]
            for code, label, value, default in mine.settings.describe()
        ],
        region=f"{court.region} {court.stat_year}",
        loss=mine.total,
        payable=payable,
        by=by,
    )
    record_event(locked, "calculated", by=by, note=f"v{version}: ¥{payable:,.2f}")
    return record


def _fixed_calculation(settlement: Settlement, agreed, court: c.RegionFigures) -> c.Calculation:
    person = settlement.person
    injury = timezone.localdate(person.claim.accident_at)
    birth = person.birth_date if person.birth_date and person.birth_date <= injury else injury
    return as_calculation(agreed, name=person.name, birth_date=birth, injury_date=injury, court=court)


@transaction.atomic
def fix_amounts(person: InjuredPerson, *, by) -> Settlement:
    """The person's items are now fixed by an agreement or a judgment (``selectors.agreed``): their settlement opens
    (or is found) and is marked, so its calculation takes the agreed items as they are. Refused once approved."""
    agreed = agreed_for(person)
    if agreed is None:
        raise ValidationError(_("No agreement or judgment fixes this person's amounts."))
    settlement = open_settlement(person, by=by)
    locked = _locked(settlement)
    if locked.state not in EDITABLE:
        raise ValidationError(
            _("The settlement is already “%(state)s”: the agreed amounts cannot replace its calculation.")
            % {"state": locked.get_state_display()}
        )
    Settlement.objects.filter(pk=locked.pk).update(agreed_kind=agreed.kind, agreed_source=agreed.source[:300])
    record_event(locked, "amounts_fixed", by=by, note=f"{agreed.source}: ¥{agreed.total:,.2f}")
    locked.refresh_from_db()
    return locked


def _kept_adjustments(calculation: Calculation | None) -> dict:
    if calculation is None:
        return {}
    return {
        row["code"]: (Decimal(row["amount"]), row.get("reason", ""))
        for row in calculation.items
        if row.get("adjusted")
    }


@transaction.atomic
def submit(settlement: Settlement, *, by, expected_state: str | None = None) -> Review:
    """The latest calculation goes to approval (核赔), routed by the authority matrix on the amount payable."""
    from .reviews import open_review

    perform_transition(settlement, "submit", by=by, expected_state=expected_state or settlement.state)
    settlement.refresh_from_db()
    latest = settlement.latest_calculation()
    Settlement.objects.filter(pk=settlement.pk).update(total=latest.payable)
    return open_review(settlement.person, kind=ReviewKind.SETTLEMENT, amount=latest.payable, by=by)


def decided(review: Review, decision: str, *, by, note: str = "") -> None:
    """The approval review's decision moves the settlement (called by reviews.decide_review)."""
    settlement = Settlement.objects.get(person=review.person)
    step = "approve" if decision == "approve" else "return_calculation"
    perform_transition(settlement, step, by=by, note=note, system=True)
    if step == "approve":
        pay_if_settled_by_prepayments(settlement, by=by)


def remaining_to_pay(settlement: Settlement) -> Decimal | None:
    """The approved total less what was paid or recorded and what was prepaid to the hospital (never below 0)."""
    if settlement.total is None:
        return None
    recorded = sum((p.amount for p in settlement.payments.all()), Decimal("0"))
    return max(settlement.total - recorded - settlement.prepaid(), Decimal("0"))


def pay_if_settled_by_prepayments(settlement: Settlement, *, by) -> bool:
    """An approved settlement whose total the prepayments to the hospital (net of recoveries) already cover, with
    every payment recorded paid: nothing more to pay — it is paid now, and the claim closes when nobody is left.
    The settlement's own payments finish through ``mark_paid``."""
    settlement.refresh_from_db()
    if settlement.state != S.APPROVED or not settlement.prepaid() or settlement.payment_problems():
        return False
    perform_transition(settlement, "pay", by=by, expected_state=S.APPROVED, system=True)
    close_claim_if_done(settlement.person.claim, by=by)
    return True


@transaction.atomic
def record_payment(settlement: Settlement, values: dict, *, by) -> Payment:
    locked = _locked(settlement)
    if locked.state != S.APPROVED:
        raise ValidationError(_("Payments are recorded once the settlement is approved."))
    account = "".join((values.get("account") or "").split())
    if not account.isdigit() or not 8 <= len(account) <= 30:
        raise ValidationError({"account": _("A bank account number is 8 to 30 digits.")})
    already = sum((p.amount for p in locked.payments.all()), Decimal("0"))
    prepaid = locked.prepaid()  # prepaid to the hospital against a guarantee: never paid again
    if prepaid and already + prepaid + values["amount"] > locked.total:
        raise ValidationError(
            {
                "amount": _(
                    "¥%(amount)s would pay more than the ¥%(total)s approved: ¥%(prepaid)s was prepaid to the "
                    "hospital and ¥%(already)s recorded, ¥%(left)s is left to pay."
                )
                % {
                    "amount": f"{values['amount']:,.2f}",
                    "total": f"{locked.total:,.2f}",
                    "prepaid": f"{prepaid:,.2f}",
                    "already": f"{already:,.2f}",
                    "left": f"{max(locked.total - already - prepaid, Decimal('0')):,.2f}",
                }
            }
        )
    if already + values["amount"] > locked.total:
        raise ValidationError(
            {
                "amount": _(
                    "¥%(amount)s would pay more than the ¥%(total)s approved (¥%(already)s recorded)."
                )
                % {
                    "amount": f"{values['amount']:,.2f}",
                    "total": f"{locked.total:,.2f}",
                    "already": f"{already:,.2f}",
                }
            }
        )
    payment = Payment.objects.create(
        settlement=locked,
        payee_kind=values["payee_kind"],
        payee_name=values["payee_name"],
        bank=values["bank"],
        account=account,
        account_hash=blind_index(account),
        account_masked=mask(account, keep_start=4, keep_end=4),
        amount=values["amount"],
        by=by,
    )
    record_event(locked, "payment_recorded", by=by, note=f"{payment.payee_name} ¥{payment.amount:,.2f}")
    return payment


@transaction.atomic
def mark_paid(payment: Payment, *, reference: str, paid_on: datetime.date, by) -> Payment:
    """The bank paid: its reference is recorded; when the approved amount is all paid the settlement is paid, the
    payment clock met, the injured told (if they agreed), and the claim closes when nobody is left."""
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if locked.status == Payment.Status.PAID:
        raise ValidationError(_("This payment is already recorded as paid."))
    if not reference.strip():
        raise ValidationError({"reference": _("Enter the bank's reference.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payment cannot be made in the future.")})
    locked.status, locked.reference, locked.paid_on = Payment.Status.PAID, reference.strip(), paid_on
    locked.save(update_fields=["status", "reference", "paid_on"])
    settlement = locked.settlement
    if not settlement.payment_problems():
        perform_transition(settlement, "pay", by=by, expected_state=S.APPROVED)  # the injured is told (SMS)
        close_claim_if_done(settlement.person.claim, by=by)
    return locked


def close_claim_if_done(claim: Claim, *, by) -> bool:
    """结案: every person of the claim paid, or closed without payment."""
    persons = list(claim.persons.select_related("settlement").all())
    if not persons:
        return False
    for person in persons:
        if person.state == PersonState.CLOSED:
            continue
        settlement = getattr(person, "settlement", None)
        if settlement is None or settlement.state != S.PAID:
            return False
    updated = Claim.objects.filter(pk=claim.pk, closed_at__isnull=True).update(closed_at=timezone.now())
    if updated:
        record_event(claim, "closed", by=by)
    return bool(updated)
