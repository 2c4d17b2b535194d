"""Shallow factories: a test builds only what it asserts on."""

from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from organization.models import OrgUnit, Province, User


class HQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = "hq"
    name = "总公司"
    level = OrgUnit.Level.HQ


class SecondaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"branch-{n}")
    name = factory.Sequence(lambda n: f"第{n}分公司")
    level = OrgUnit.Level.SECONDARY
    parent = factory.SubFactory(HQFactory)
    secondary_type = OrgUnit.SecondaryType.PROVINCIAL_CAPITAL
    province = Province.JILIN
    claims_city = "长春市"


class TertiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"sub-{n}")
    name = factory.Sequence(lambda n: f"第{n}支公司")
    level = OrgUnit.Level.TERTIARY
    parent = factory.SubFactory(SecondaryFactory)
    city = "吉林市"
    annual_motor_premium = Decimal("18000000")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "王"
    first_name = factory.Sequence(lambda n: f"测{n}")
    password = factory.django.Password("pw-for-tests-0001")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: transactional tests flush the groups the roles migration created.
            self.groups.set([Group.objects.get_or_create(name=str(role))[0] for role in extracted])
