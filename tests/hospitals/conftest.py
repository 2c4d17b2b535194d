"""Personas and data of the hospital network: Jilin's claims head and manager, Shenzhen as the outsider, HQ."""

import pytest

from hospitals.models import Cooperation, Hospital
from organization.roles import Role


def make_hospital(org, **fields) -> Hospital:
    defaults = {
        "name": "吉林大学第一医院",
        "province": "22",
        "city": "长春市",
        "district": "朝阳区",
        "address": "新民大街71号",
        "nature": Hospital.Nature.PUBLIC,
        "grade": Hospital.Grade.G3A,
        "kind": Hospital.Kind.GENERAL,
        "beds": 6500,
        "specialties": "创伤骨科、神经外科",
        "emergency_phone": "0431-88782222",
        "emergency_contact": "急诊科",
        "itemised_billing": True,
    }
    return Hospital.objects.create(org=org, **{**defaults, **fields})


@pytest.fixture
def hospital(orgs):
    return make_hospital(orgs.jilin)


@pytest.fixture
def shenzhen_hospital(orgs):
    return make_hospital(
        orgs.shenzhen,
        name="北京大学深圳医院",
        province="44",
        city="深圳市",
        district="福田区",
        address="莲花路1120号",
        emergency_phone="0755-83923333",
    )


@pytest.fixture
def cooperation(hospital, orgs):
    return Cooperation.objects.create(hospital=hospital, org=orgs.jilin)


@pytest.fixture
def reader_roles():
    return [Role.BRANCH_MANAGER]
