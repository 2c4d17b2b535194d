"""The settlement and the guarantee's recovery under the corpus: the facts of the assessment, a document received,
a payment, the payment marked paid, the bank's batch of payments, a recovery of prepayment beyond the total.

Each test builds only the records of its endpoint; 10 fixed values + 1 generated per form (``GENERATED``)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from injury_claims.forms.guarantee import RecoveryForm
from injury_claims.forms.payments import BatchForm
from injury_claims.forms.settlement import DocumentForm, FactsForm, PaidForm, PaymentForm
from injury_claims.services import settlement as settlement_services
from organization.roles import Role
from tests.badinput.conftest import VALUES, Endpoint, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.injury_claims.conftest import claim, follow_up_handler, reviewers  # noqa: F401 - fixtures
from tests.injury_claims.test_guarantee import (  # noqa: F401 - fixtures
    approved_settlement,
    approvers,
    hospital,
    issued,
    person,
    prepay,
)
from tests.injury_claims.test_settlement import _costs_approved, standard  # noqa: F401 - fixtures

GENERATED = 1
NAMES = [
    "settlement facts",
    "settlement document",
    "settlement payment",
    "settlement paid",
    "payment batch",
    "guarantee recovery",
]
TODAY = timezone.localdate()


@pytest.fixture
def endpoint(request, claim, follow_up_handler, reviewers, approvers, standard, make_user, orgs):  # noqa: F811
    name = request.param
    high = approvers[1]
    calculator = make_user(
        orgs.jilin, Role.CALCULATOR_APPROVER, username="bf_calc", settlement_approval_level=5
    )
    if name == "settlement facts":
        settlement = _costs_approved(claim.persons.order_by("pk").first(), follow_up_handler, reviewers[0])
        return Endpoint(
            name,
            reverse("injury_claims:settlement_facts", args=[settlement.pk]),
            client_for(follow_up_handler),
            {
                "birth_date": "1990-03-07",
                "hospital_days": "10",
                "nutrition": "500",
                "transport": "300",
                "expected_state": "assessment",
            },
            form=lambda d: FactsForm(d),
        )
    if name == "settlement document":
        settlement = _costs_approved(claim.persons.order_by("pk").first(), follow_up_handler, reviewers[0])
        requirement = settlement.requirements()[0]
        return Endpoint(
            name,
            reverse("injury_claims:settlement_document", args=[settlement.pk, requirement.pk]),
            client_for(follow_up_handler),
            {"received_on": TODAY.isoformat()},
            form=lambda d: DocumentForm(d),
        )
    if name == "guarantee recovery":
        person = request.getfixturevalue("person")
        guarantee = issued(person, follow_up_handler, high, amount=D("10000"))
        prepay(guarantee, high, "9000")
        approved_settlement(person, follow_up_handler, reviewers[0], calculator, high)
        return Endpoint(
            name,
            reverse("injury_claims:guarantee_recovery", args=[guarantee.pk]),
            client_for(high),
            {"amount": "1500", "paid_on": TODAY.isoformat(), "reference": "HOSP-R1"},
            form=lambda d: RecoveryForm(d),
        )
    settlement = approved_settlement(
        claim.persons.order_by("pk").first(), follow_up_handler, reviewers[0], calculator, high
    )
    payee = {"payee_kind": "injured", "payee_name": "张伟", "bank": "中国银行", "account": "6217000012345678"}
    if name == "settlement payment":
        return Endpoint(
            name,
            reverse("injury_claims:settlement_payment", args=[settlement.pk]),
            client_for(calculator),
            {**payee, "amount": "1000.00"},
            form=lambda d: PaymentForm(d),
            transformed=("account",),  # stored encrypted
        )
    payment = settlement_services.record_payment(settlement, {**payee, "amount": D("1000")}, by=calculator)
    if name == "payment batch":
        return Endpoint(
            name,
            reverse("injury_claims:payment_batch_new"),
            client_for(calculator),
            {"payments": str(payment.pk), "format": "csv", "again": ""},
            form=lambda d: BatchForm(d),
            fields=["payments", "format", "again"],  # the payments selected are read from the post
        )
    return Endpoint(
        name,
        reverse("injury_claims:settlement_paid", args=[settlement.pk, payment.pk]),
        client_for(calculator),
        {"reference": "BOC20261124001", "paid_on": TODAY.isoformat()},
        form=lambda d: PaidForm(d),
    )


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
def test_the_valid_data_is_taken(endpoint):
    accepts(endpoint)


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
@with_core_corpus(generated=GENERATED)
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoint, slot, value):
    submit(endpoint, slot, value)
