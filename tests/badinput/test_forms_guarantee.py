"""The medical-fee guarantee under the corpus: the draft, its submission step, the prepayment, the VIP status."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from injury_claims.forms.guarantee import DraftForm, PrepaymentForm, VipForm
from injury_claims.models import Claim
from injury_claims.services import guarantee as services
from tests.badinput.conftest import VALUES, Endpoint, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.injury_claims.conftest import follow_up_handler  # noqa: F401 - fixtures
from tests.injury_claims.test_guarantee import (  # noqa: F401 - fixtures
    approvers,
    draft_values,
    hospital,
    issued,
    person,
    vip_claim,
)
from workflow.forms import StepForm

NAMES = ["guarantee draft", "guarantee submit", "prepayment", "vip"]


@pytest.fixture
def endpoints(person, follow_up_handler, approvers, orgs, hospital):  # noqa: F811
    today = timezone.localdate()
    handler = client_for(follow_up_handler)
    drafted = services.draft(person, draft_values(), by=follow_up_handler)
    second = vip_claim(orgs, follow_up_handler, hospital, report_no="RG0002").persons.get()
    letter = issued(second, follow_up_handler, approvers[1])
    third = vip_claim(orgs, follow_up_handler, hospital, report_no="RG0003").persons.get()
    claim = person.claim
    found = [
        Endpoint(
            "guarantee draft",
            reverse("injury_claims:guarantee_new", args=[third.pk]),
            handler,
            {
                "amount": "5000",
                "valid_from": today.isoformat(),
                "valid_until": (today + datetime.timedelta(days=10)).isoformat(),
                "purpose": "住院押金",
            },
            form=lambda d: DraftForm(d),
        ),
        Endpoint(
            "guarantee submit",
            reverse("injury_claims:guarantee_step", args=[drafted.pk, "submit"]),
            handler,
            {"expected_state": "drafted", "note": "请审批"},
            form=lambda d: StepForm(d),
        ),
        Endpoint(
            "prepayment",
            reverse("injury_claims:guarantee_prepayment", args=[letter.pk]),
            client_for(approvers[1]),
            {
                "expected_state": "issued",
                "incurred": "1000",
                "statement": "住院费用清单",
                "paid_on": today.isoformat(),
                "reference": "R1",
            },
            form=lambda d: PrepaymentForm(d),
        ),
        Endpoint(
            "vip",
            reverse("injury_claims:claim_vip", args=[claim.pk]),
            handler,
            {"vip_customer": "on", "vip_basis": "白金卡客户"},
            form=lambda d: VipForm(d, instance=Claim.objects.get(pk=claim.pk)),
        ),
    ]
    return {e.name: e for e in found}


@pytest.mark.parametrize("name", NAMES)
def test_the_valid_data_is_taken(endpoints, name):
    accepts(endpoints[name])


@pytest.mark.parametrize("name", NAMES)
@with_core_corpus
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoints, name, slot, value):
    submit(endpoints[name], slot, value)
