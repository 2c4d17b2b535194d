"""The hospital-deposit advance's steps under the corpus: the deposit paid with its receipt, a top-up request, the
discharge notice, the discharge settlement.

The wall clock is set as in ``tests/green_channel/test_deposit.py`` (the advance paid on 9 Oct 2026). Each test
builds only the records of its endpoint; 10 fixed values + 1 generated per form (``GENERATED``)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from green_channel.forms.deposit import DischargeNoticeForm, PaymentForm, SettlementForm, TopUpRequestForm
from tests.badinput.conftest import VALUES, Endpoint, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.green_channel.test_deposit import (  # noqa: F401 - fixtures
    agent,
    apply,
    local,
    now,
    paid,
    policy,
    product,
    receipt,
    step,
)

GENERATED = 1
NAMES = ["deposit paid", "deposit top-up request", "deposit discharge notice", "deposit settlement"]


@pytest.fixture
def endpoint(request, policy, agent, now):  # noqa: F811
    name = request.param
    advance = apply(policy, agent)
    if name == "deposit paid":
        now(local(2026, 10, 9, 10))
        step(advance, "record_contact", agent)
        step(advance, "confirm_liability", agent)
        action, form = "pay_deposit", lambda d: PaymentForm(d, {"receipt": receipt()})
        data = {"amount": "9000", "paid_on": "2026-10-09"}
    else:
        advance = paid(advance, agent, now)
        if name == "deposit top-up request":
            action, form, data = "request_top_up", lambda d: TopUpRequestForm(d), {"amount": "5000"}
        elif name == "deposit discharge notice":
            now(local(2026, 10, 19, 10))
            action, form = "notify_discharge", lambda d: DischargeNoticeForm(d)
            data = {"discharge_on": "2026-10-21"}
        else:
            now(local(2026, 10, 19, 10))
            step(advance, "notify_discharge", agent, discharge_on=datetime.date(2026, 10, 21))
            now(local(2026, 10, 21, 15))
            action, form = "settle", lambda d: SettlementForm(d)
            data = {
                "discharged_on": "2026-10-21",
                "bill_total": "7200.50",
                "applied": "7200.50",
                "refunded": "0",
                "claim_file_collected": "on",
            }
    return Endpoint(
        name,
        reverse("green_channel:deposit_step", args=[advance.pk, action]),
        client_for(agent),
        {"expected_state": advance.state, "note": "客户来电", **data},
        form=form,
        files=(lambda: {"receipt": receipt()}) if action == "pay_deposit" else None,
    )


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
def test_the_valid_data_is_taken(endpoint):
    accepts(endpoint)


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
@with_core_corpus(generated=GENERATED)
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoint, slot, value):
    submit(endpoint, slot, value)
