"""Demo settlements (issue 10): of the demo persons whose costs were approved, each branch gets settlements in every
state — documents still missing, being calculated, waiting for approval (核赔), approved and waiting for payment,
paid — through the services, as real work leaves them. Runs after the claims and the reference data; loaded once."""

from __future__ import annotations

import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from organization.models import User
from organization.roles import Role
from workflow.services import TransitionRefused, perform_transition

from .models import Settlement
from .services import reviews as review_services
from .services import settlement as services

# How far each demo settlement goes, in turn.
ENDINGS = ["documents", "calculation", "approval", "approved", "paid", "paid"]


def _staff(org, role):
    return User.objects.filter(org=org, groups__name=role, is_active=True).order_by("pk").first()


def _facts(settlement: Settlement, rng: random.Random) -> dict:
    person = settlement.person
    facts = {
        "hospital_days": rng.randint(3, 25),
        "nutrition": str(rng.choice([300, 500, 800])),
        "transport": "200",
    }
    if person.birth_date is None:
        facts["birth_date"] = "1980-05-01"
    if person.category.code in ("disability", "fracture"):
        facts.update(assessment_date=timezone.localdate().isoformat(), grades=[rng.choice([9, 10])])
    if rng.random() < 0.5:
        facts.update(
            income_kind="fixed", income_amount=str(rng.choice([4000, 5500, 7000])), income_per="month"
        )
        facts["lost_work_days"] = rng.randint(20, 90)
    return facts


@transaction.atomic
def seed_demo_settlements() -> dict[str, int]:
    if (
        Settlement.objects.exclude(state="assessment").exists()
        or Settlement.objects.exclude(facts={}).exists()
    ):
        return {"demo settlements": 0}
    rng = random.Random(10)
    moved = 0
    for index, settlement in enumerate(
        Settlement.objects.select_related("person", "person__claim", "person__category", "org").order_by("pk")
    ):
        ending = ENDINGS[index % len(ENDINGS)]
        branch = settlement.org.secondary or settlement.org
        handler = settlement.person.handler
        calculator = _staff(branch, Role.CALCULATOR_APPROVER)
        head = _staff(branch, Role.BRANCH_CLAIMS_HEAD)
        if not (handler and calculator and head):
            continue
        try:
            services.save_facts(settlement, _facts(settlement, rng), by=handler)
            requirements = list(settlement.requirements())
            if ending == "documents":
                requirements = requirements[:-1]  # one still missing
            for requirement in requirements:
                services.receive_document(
                    settlement, requirement, received_on=timezone.localdate(), by=handler
                )
            if ending == "documents":
                moved += 1
                continue
            settlement.refresh_from_db()
            perform_transition(settlement, "confirm_assessment", by=handler, expected_state="assessment")
            settlement.refresh_from_db()
            services.calculate(settlement, by=calculator)
            if ending == "calculation":
                moved += 1
                continue
            review = services.submit(settlement, by=calculator)
            if ending == "approval" or review.routed_to_hq:
                moved += 1
                continue
            review_services.decide_review(review, "approve", by=head, expected_state="pending")
            settlement.refresh_from_db()
            if ending == "paid":
                payment = services.record_payment(
                    settlement,
                    {
                        "payee_kind": "injured",
                        "payee_name": settlement.person.name,
                        "bank": rng.choice(["中国银行", "中国工商银行", "中国建设银行"]),
                        "account": f"6217{rng.randint(10**11, 10**12 - 1)}",
                        "amount": settlement.total,
                    },
                    by=calculator,
                )
                services.mark_paid(
                    payment, reference=f"DEMO{settlement.pk:08d}", paid_on=timezone.localdate(), by=calculator
                )
            moved += 1
        except (ValidationError, TransitionRefused):
            continue  # e.g. a region whose standard lacks a figure: left in assessment, as it would be
    return {"demo settlements": moved}
