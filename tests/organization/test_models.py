import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organization.models import OrgUnit
from organization.roles import Role
from tests.factories import SecondaryFactory, TertiaryFactory


def test_a_second_head_office_is_refused(orgs):
    second = OrgUnit(code="hq2", name="另一个总公司", level=OrgUnit.Level.HQ)
    with pytest.raises(ValidationError) as exc:
        second.full_clean()
    assert "level" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_tertiary_org_cannot_hang_under_head_office(orgs):
    org = OrgUnit(
        code="x",
        name="挂错的支公司",
        level=OrgUnit.Level.TERTIARY,
        parent=orgs.hq,
        city="吉林市",
        annual_motor_premium=Decimal("1"),
    )
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "parent" in exc.value.message_dict


def test_secondary_org_cannot_hang_under_another_secondary(orgs):
    org = SecondaryFactory.build(parent=orgs.jilin, code="nested")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "parent" in exc.value.message_dict


def test_secondary_org_needs_type_province_and_claims_city(orgs):
    org = OrgUnit(code="bare", name="空白分公司", level=OrgUnit.Level.SECONDARY, parent=orgs.hq)
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert {"secondary_type", "province", "claims_city"} <= set(exc.value.message_dict)
    with pytest.raises(IntegrityError), transaction.atomic():
        org.save()


def test_tertiary_org_needs_city_and_premium(orgs):
    org = OrgUnit(code="bare", name="空白支公司", level=OrgUnit.Level.TERTIARY, parent=orgs.jilin)
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert {"city", "annual_motor_premium"} <= set(exc.value.message_dict)
    with pytest.raises(IntegrityError), transaction.atomic():
        org.save()


def test_non_hq_org_without_parent_is_refused_by_the_database(orgs):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.create(
            code="orphan",
            name="孤儿",
            level=OrgUnit.Level.SECONDARY,
            secondary_type="metropolitan",
            province="44",
            claims_city="深圳市",
        )


@pytest.mark.parametrize(
    "phone", ["1381234567", "23812345678", "12812345678", "+8613812345678", "138-1234-5678"]
)
def test_phone_must_be_a_mainland_mobile(make_user, orgs, phone):
    user = make_user(orgs.jilin)
    user.phone = phone
    with pytest.raises(ValidationError) as exc:
        user.full_clean()
    assert "phone" in exc.value.message_dict


def test_valid_mobile_is_accepted(make_user, orgs):
    user = make_user(orgs.jilin)
    user.phone = "13812345678"
    user.full_clean()


def test_expired_authorisation_means_not_a_mediator(make_user, orgs):
    mediator = make_user(
        orgs.jilin,
        Role.MEDIATOR,
        mediator_trained_on=datetime.date(2025, 1, 1),
        mediator_authorised_by="22",
        mediator_valid_until=datetime.date(2026, 6, 30),
    )
    assert mediator.is_mediator(on=datetime.date(2026, 6, 30))
    assert not mediator.is_mediator(on=datetime.date(2026, 7, 1))


def test_mediator_needs_role_and_complete_authorisation(make_user, orgs):
    no_role = make_user(
        orgs.jilin,
        mediator_trained_on=datetime.date(2025, 1, 1),
        mediator_authorised_by="22",
        mediator_valid_until=datetime.date(2030, 1, 1),
    )
    assert not no_role.is_mediator()
    partial = make_user(orgs.jilin, Role.MEDIATOR, mediator_valid_until=datetime.date(2030, 1, 1))
    assert not partial.is_mediator()
    with pytest.raises(ValidationError):
        partial.full_clean()


def test_authority_level_outside_1_to_9_is_refused(make_user, orgs):
    user = make_user(orgs.jilin)
    user.cost_review_level = 10
    with pytest.raises(ValidationError):
        user.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()


def test_visible_to_hq_sees_everything(orgs, hq_approver):
    assert set(OrgUnit.objects.visible_to(hq_approver)) == {orgs.hq, orgs.jilin, orgs.jilinshi, orgs.shenzhen}


def test_visible_to_secondary_sees_its_subtree(orgs, branch_manager):
    assert set(OrgUnit.objects.visible_to(branch_manager)) == {orgs.jilin, orgs.jilinshi}


def test_visible_to_tertiary_sees_itself(orgs, adjuster):
    """organization.scoping ``covers``: a sub-branch's own part of the company is itself."""
    assert list(OrgUnit.objects.visible_to(adjuster)) == [orgs.jilinshi]


def test_visible_to_user_without_org_or_inactive_sees_nothing(orgs, make_user):
    assert not OrgUnit.objects.visible_to(make_user(None)).exists()
    inactive = make_user(orgs.hq, is_active=False)
    assert not OrgUnit.objects.visible_to(inactive).exists()


def test_secondary_of_each_level(orgs):
    assert orgs.hq.secondary is None
    assert orgs.jilin.secondary == orgs.jilin
    assert orgs.jilinshi.secondary == orgs.jilin
    other = TertiaryFactory(parent=orgs.shenzhen, city="南山区")
    assert other.secondary == orgs.shenzhen
