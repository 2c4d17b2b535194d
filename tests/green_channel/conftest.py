"""Shared records of the green-channel tests: a customer with a 31-city cancer green-channel policy (expert
outpatient, cancellable until 2 working days before the visit) in Jilin, its agents and the vendor's staff."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from green_channel.models import Diagnosis, InsuredPerson, Policy, ServiceProduct, Vendor, VendorStaff
from organization.roles import Role

ID_NUMBER = "220102198806061234"


def make_policy(
    org, product_code: str, *, number: str, id_number: str = ID_NUMBER, name: str = "韩梅梅", starts_on=None
):
    insured = InsuredPerson.objects.filter(name=name).first()
    if insured is None:
        insured = InsuredPerson.objects.create(name=name, id_number=id_number, mobile="13900001111")
    policy = Policy.objects.create(
        insured=insured,
        product=ServiceProduct.objects.get(code=product_code),
        org=org,
        number=number,
        starts_on=starts_on or datetime.date(2024, 1, 1),
        ends_on=(starts_on or datetime.date(2024, 1, 1)).replace(
            year=(starts_on or datetime.date(2024, 1, 1)).year + 20
        ),
        cooling_off_days=15,
        grace_period_days=60,
        waiting_period_days=90,
        sum_insured=Decimal("500000"),
    )
    Diagnosis.objects.create(
        policy=policy,
        diagnosed_on=datetime.date(2026, 6, 1),
        illness="肺恶性肿瘤",
        in_illness_list=True,
        hospital_name="吉林大学第一医院",
        hospital_grade=3,
        hospital_public=True,
    )
    return policy


@pytest.fixture
def policy(orgs):
    return make_policy(orgs.jilin, "cancer-31-cities", number="GCP2024000001")


@pytest.fixture
def agent(orgs, make_user):
    return make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username="gc_agent")


@pytest.fixture
def vendor_user(make_user, policy):
    vendor = policy.product.vendor or Vendor.objects.create(name="测试服务商")
    if policy.product.vendor_id is None:
        ServiceProduct.objects.filter(pk=policy.product_id).update(vendor=vendor)
        policy.product.refresh_from_db()
    user = make_user(None, Role.GREEN_CHANNEL_VENDOR, username="gc_vendor")
    VendorStaff.objects.create(user=user, vendor=vendor)
    return user
