"""History of master data (issue 7, point 8): old and new values, who and when, on the object's page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group
from django.urls import reverse

from hospitals.models import CoverageStandard
from organization.models import ReviewKind
from organization.roles import Role
from organization.services import set_authority_matrix
from tests.conftest import client_for
from tests.hospitals.conftest import make_hospital
from tests.hospitals.test_registry import current, edit_url
from workflow.history import history_of


def history_block(body: str) -> str:
    return body.split('data-testid="history"', 1)[1].split("</table>", 1)[0]


def test_a_hospital_edit_keeps_old_and_new_values_with_who_and_when(
    orgs, claims_head, branch_manager, hq_approver
):
    """Issue 7: an edit kept only the names of the fields that changed."""
    hospital = make_hospital(orgs.jilin)
    client_for(claims_head).post(edit_url(hospital), current(hospital) | {"beds": "7000", "grade": "3b"})
    for reader in (branch_manager, hq_approver):
        block = history_block(
            client_for(reader).get(reverse("hospitals:detail", args=[hospital.pk])).content.decode()
        )
        assert "床位数</strong>: 6500 → 7000" in block
        assert "等级</strong>: 三级甲等 → 三级乙等" in block
        assert str(claims_head) in block


def test_the_draft_agreement_history_is_on_the_hospital_page(orgs, claims_head):
    hospital = make_hospital(orgs.jilin)
    client = client_for(claims_head)
    cooperation = hospital.cooperations.create(org=orgs.jilin)
    url = reverse("hospitals:agreement", args=[cooperation.pk])
    today = dt.date(2026, 11, 24)
    data = {
        "functions": ["emergency"],
        "term_start": today.isoformat(),
        "term_end": (today + dt.timedelta(days=365)).isoformat(),
        "insurer_signatory": "张总",
        "hospital_signatory": "李院长",
    }
    client.post(url, data)
    client.post(url, data | {"hospital_signatory": "王院长"})
    block = history_block(client.get(reverse("hospitals:detail", args=[hospital.pk])).content.decode())
    assert "李院长 → 王院长" in block


def test_staff_roles_and_authority_changes_are_shown_on_the_org_page(orgs, branch_manager, make_user):
    person = make_user(orgs.jilin, Role.CLAIMS_ADJUSTER, username="changing")
    person.groups.add(Group.objects.get(name=Role.MEDIATOR))
    person.cost_review_level = 4
    person.save()
    block = history_block(
        client_for(branch_manager)
        .get(reverse("organization:org_detail", args=[orgs.jilin.pk]))
        .content.decode()
    )
    assert "查勘员 → 调解员、查勘员" in block or "查勘员 → 查勘员、调解员" in block
    assert "费用审核权限级别</strong>: — → 4" in block


def test_authority_matrix_changes_are_shown_on_the_org_page(orgs, branch_manager):
    ceilings = {level: Decimal(level * 1000) for level in range(1, 10)}
    set_authority_matrix(orgs.jilin, ReviewKind.COST, ceilings)
    set_authority_matrix(orgs.jilin, ReviewKind.COST, ceilings | {9: Decimal("20000")})
    block = history_block(
        client_for(branch_manager)
        .get(reverse("organization:org_detail", args=[orgs.jilin.pk]))
        .content.decode()
    )
    assert "9000.00 → 20000.00" in block


def test_coverage_standard_changes_are_shown_with_the_standard(orgs, branch_manager):
    standard = CoverageStandard.objects.in_force(dt.date(2026, 11, 24))
    standard.home_city_minimum = 5
    standard.save()
    body = client_for(branch_manager).get(reverse("hospitals:coverage")).content.decode()
    assert "4 → 5" in history_block(body)


def test_sla_policy_history_is_kept_with_old_and_new_values(db):
    from sla.models import SlaPolicy

    policy = SlaPolicy.objects.get(code="hq_network_approval")
    policy.duration = 4
    policy.save()
    (row, *_older) = history_of(SlaPolicy.history.filter(id=policy.pk))
    assert row["kind"] == "changed" and {"field": "时长", "old": "5", "new": "4"} in row["changes"]


def test_history_of_many_objects_costs_a_constant_number_of_queries(
    orgs, make_user, django_assert_max_num_queries
):
    from organization.models import User

    for i in range(15):
        person = make_user(orgs.jilin, Role.CLAIMS_ADJUSTER, username=f"h{i}")
        person.phone = f"1390000{i:04d}"
        person.save()
    with django_assert_max_num_queries(6):
        rows = history_of(User.history.filter(org_id=orgs.jilin.pk), limit=20)
    assert len(rows) == 20 and any(row["changes"] for row in rows)
