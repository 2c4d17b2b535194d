"""The green channel under the corpus: a booking request, a hospital-deposit advance."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from green_channel import deposit_selectors
from green_channel.forms.bookings import RequestForm
from green_channel.forms.deposit import ApplicationForm
from green_channel.models import InsuredPerson, Policy, ProductService, ServiceProduct
from tests.badinput.conftest import VALUES, Endpoint, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.green_channel.conftest import agent, make_policy, policy  # noqa: F401 - fixtures
from tests.green_channel.test_deposit import local

NAMES = ["booking request", "deposit application"]


@pytest.fixture
def endpoints(policy, agent, orgs, monkeypatch):  # noqa: F811
    # A Wednesday at 11:00: within every product's service hours.
    moment = local(2026, 9, 30, 11)
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))
    client = client_for(agent)
    make_policy(
        orgs.shenzhen, "cancer-31-cities", number="GCP2024000099", name="李雷", id_number="440301198001010011"
    )
    service = ProductService.objects.filter(product_id=policy.product_id).order_by("order", "pk").first()
    deposit_policy = Policy.objects.create(
        insured=InsuredPerson.objects.create(name="王芳", id_number="220102198507150026"),
        product=ServiceProduct.objects.get(code="ci-admission-deposit"),
        org=orgs.jilin,
        number="GC2025000100",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2030, 12, 31),
        cooling_off_days=15,
        grace_period_days=60,
        waiting_period_days=90,
        sum_insured=Decimal("500000"),
    )
    found = [
        Endpoint(
            "booking request",
            reverse("green_channel:booking_new", args=[policy.pk]),
            client,
            {
                "service": str(service.pk),
                "channel": "phone",
                "need": "预约肿瘤科专家门诊",
                "city": "长春市",
                "hospital": "吉林大学第一医院",
                "department": "肿瘤科",
                "mobile": "13900002222",
            },
            form=lambda d: RequestForm(d, policy=policy),
            transformed=("mobile",),  # stored encrypted
        ),
        Endpoint(
            "deposit application",
            reverse("green_channel:deposit_new") + f"?policy={deposit_policy.pk}",
            client,
            {"hospital_name": "吉大一院", "applied_at": "2026-09-30T10:00", "note": "客户来电"},
            form=lambda d: ApplicationForm(d, hospitals=deposit_selectors.hospitals_for(agent)),
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
