"""Personas and data of the hospital network: Jilin's claims head and manager, Shenzhen as the outsider, HQ."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hospitals.models import Agreement, Condition, Cooperation, EligibilityCheck, Function, Hospital
from hospitals.services import agreements, pipeline
from hospitals.workflows import latest_agreement
from organization.roles import Role

TODAY = timezone.localdate


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
def legal_post(orgs, make_user):
    """The branch legal post 法律岗 of Jilin."""
    return make_user(orgs.jilin, Role.LEGAL_POST, username="jl_legal")


@pytest.fixture
def reader_roles():
    return [Role.BRANCH_MANAGER]


def in_network(cooperation, *, state=None, start=None, end=None, signed_on=None):
    """Put a cooperation in the network directly: its state (active unless given) and a signed, scanned agreement
    in force from `start` (two years ago) to `end` (a year ahead). Returns the cooperation."""
    import datetime

    from django.utils import timezone

    from hospitals.models import Agreement, Function

    today = timezone.localdate()
    start = start or today - datetime.timedelta(days=730)
    end = end or today + datetime.timedelta(days=365)
    Cooperation.objects.filter(pk=cooperation.pk).update(state=state or Cooperation.State.ACTIVE)
    cooperation.refresh_from_db()
    Agreement.objects.create(
        cooperation=cooperation,
        version=cooperation.agreements.count() + 1,
        functions=[Function.EMERGENCY, Function.TREATMENT],
        term_start=start,
        term_end=end,
        insurer_signatory="张总",
        hospital_signatory="李院长",
        signed_on=signed_on or start,
        signed_scan="agreements/test.pdf",
        filed_with_hq_on=signed_on or start,
    )
    return cooperation


# --- walking a cooperation through the pipeline ------------------------------------------------------------
LIAISONS = {
    "branch_liaison": "王经理",
    "branch_liaison_phone": "13900000001",
    "hospital_liaison": "医务科刘科长",
    "hospital_liaison_phone": "0431-88782000",
}


def ready(cooperation, *, deviation="", functions=(Function.EMERGENCY, Function.TREATMENT)):
    """Fill everything HQ needs (hospital facts, method, both liaisons, the eight conditions met with evidence,
    a draft agreement)."""
    cooperation.method = Cooperation.Method.DIRECT
    for name, value in LIAISONS.items():
        setattr(cooperation, name, value)
    cooperation.save()
    for condition in Condition:
        EligibilityCheck.objects.create(
            cooperation=cooperation, condition=condition, met=True, evidence="现场核实"
        )
    Agreement.objects.create(
        cooperation=cooperation,
        functions=list(functions),
        term_start=TODAY(),
        term_end=TODAY() + dt.timedelta(days=3 * 365),
        insurer_signatory="张总",
        hospital_signatory="李院长",
        deviation=deviation,
    )
    return cooperation


def walk(cooperation, by, *steps):
    for step in steps:
        pipeline.act(cooperation, step, by=by)
        cooperation.refresh_from_db()
    return cooperation


@pytest.fixture
def submitted(cooperation, claims_head, hq_approver):
    ready(cooperation)
    return walk(cooperation, claims_head, "shortlist", "contact", "negotiate", "submit")


@pytest.fixture
def approved(submitted, hq_approver):
    pipeline.act(submitted, "approve", by=hq_approver)
    submitted.refresh_from_db()
    return submitted


def pdf_scan():
    return SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n% scan\n", content_type="application/pdf")


@pytest.fixture
def active(approved, claims_head):
    agreement = latest_agreement(approved)
    agreements.record_signing(agreement, signed_on=TODAY(), scan=pdf_scan(), by=claims_head)
    return walk(approved, claims_head, "sign", "activate")
