"""Insured persons and policies: the ID number at rest, the lookup in scope, the selector that feeds the pure rules
from the database, and the products' administration with history."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from green_channel.models import Diagnosis, InsuredPerson, Policy, ProductService, ServiceProduct, ServiceUse
from green_channel.selectors import entitlements_for_policy, policies_for_id_number
from green_channel.terms import Status
from organization.roles import Role
from tests.hospitals.conftest import make_hospital

ID_NUMBER = "110101199003077555"
D = datetime.date


@pytest.fixture
def youbei_policy(orgs):
    insured = InsuredPerson.objects.create(name="李雷", id_number=ID_NUMBER.lower())
    return Policy.objects.create(
        insured=insured,
        product=ServiceProduct.objects.get(code="changsheng-youbei"),
        org=orgs.jilin,
        number="P2025000001",
        starts_on=D(2025, 3, 1),
        ends_on=D(2045, 2, 28),
        cooling_off_days=15,
        grace_period_days=60,
        sum_insured=Decimal("300000"),
    )


def test_the_id_number_is_encrypted_found_by_its_hash_and_masked(youbei_policy, make_user, orgs):
    insured = youbei_policy.insured
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM green_channel_insuredperson WHERE id = %s", [insured.pk])
        stored = cursor.fetchone()[0]
    assert ID_NUMBER not in stored
    assert insured.id_masked == "110101********7555"
    agent = make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT)
    assert list(policies_for_id_number(agent, " 110101 19900307 7555 ")) == [youbei_policy]
    outsider = make_user(orgs.shenzhen, Role.GREEN_CHANNEL_AGENT)
    assert list(policies_for_id_number(outsider, ID_NUMBER)) == []


def test_the_selector_feeds_the_rules_from_the_database(youbei_policy, orgs, django_assert_max_num_queries):
    """长生优贝 seeded: admission 1 a year after a 180-day waiting period; the diagnosis by a registry hospital (grade 3A,
    public); one admission used in year 1."""
    hospital = make_hospital(orgs.jilin)
    Diagnosis.objects.create(
        policy=youbei_policy,
        diagnosed_on=D(2025, 9, 1),
        illness="恶性肿瘤",
        in_illness_list=True,
        hospital=hospital,
    )
    admission = ProductService.objects.get(product__code="changsheng-youbei", name="住院安排")
    ServiceUse.objects.create(policy=youbei_policy, service=admission, used_on=D(2025, 10, 1))
    with django_assert_max_num_queries(6):
        result = entitlements_for_policy(youbei_policy.pk, on=D(2025, 11, 1))
    assert result.period.activation == D(2025, 3, 16)
    assert result.service(str(admission.pk)).status == Status.USED_UP
    surgery = ProductService.objects.get(product__code="changsheng-youbei", name="手术安排")
    assert result.service(str(surgery.pk)).status == Status.AVAILABLE
    next_year = entitlements_for_policy(youbei_policy.pk, on=D(2026, 3, 16))
    assert next_year.service(str(admission.pk)).status == Status.NOT_COVERED  # one year, no renewal paid


def test_admin_lists_products_with_their_services_and_history(admin_client):
    product = ServiceProduct.objects.get(code="anxin-cancer-admission")
    assert admin_client.get(reverse("admin:green_channel_serviceproduct_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:green_channel_serviceproduct_change", args=[product.pk]))
    assert page.status_code == 200
    assert "癌症国内住院绿色通道服务" in page.content.decode()
    service = product.services.get()
    page = admin_client.get(reverse("admin:green_channel_productservice_change", args=[service.pk]))
    assert "三甲医院住院单(加盖医院有效公章)" in page.content.decode()
    history = admin_client.get(reverse("admin:green_channel_serviceproduct_history", args=[product.pk]))
    assert history.status_code == 200
