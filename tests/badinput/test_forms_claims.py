"""Injury claims under the corpus: the report, the injured persons, follow-up, bills, findings, reveals."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from injury_claims.forms.claims import (
    BillForm,
    BillLineFormSet,
    ClaimForm,
    FollowUpForm,
    PersonForm,
    RevealForm,
)
from injury_claims.views.claims import PersonFormSet
from tests.badinput.conftest import VALUES, Endpoint, Together, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.injury_claims.conftest import claim, follow_up_handler, photo  # noqa: F401 - fixtures

TODAY = timezone.localdate()


def person_form_data(prefix: str = "") -> dict:
    return {
        f"{prefix}name": "王芳",
        f"{prefix}role": "third_outside",
        f"{prefix}category": "",
        f"{prefix}estimate": "5000",
        f"{prefix}hospital_name": "吉林大学第一医院",
    }


@pytest.fixture
def endpoints(claim, follow_up_handler, orgs):  # noqa: F811
    from injury_claims.models import InjuryCategory

    client = client_for(follow_up_handler)
    person = claim.persons.order_by("pk").first()
    from injury_claims.services import claims as services

    services.update_person(person, {"mobile": "13912345678"}, by=follow_up_handler)  # something to reveal
    category = str(InjuryCategory.objects.get(code="outpatient_minor").pk)
    now = timezone.localtime().replace(second=0, microsecond=0)
    claim_data = {
        "report_no": "RDAA2026220100000099",
        "channel": "95518",
        "reported_at": (now - timezone.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"),
        "accident_at": (now - timezone.timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M"),
        "province": "22",
        "city": "长春市",
        "district": "朝阳区",
        "address": "人民大街1000号",
        "plate": "吉A12345",
        "compulsory_policy_no": "PDZA202622010000000099",
        "third_party_sum_insured": "1000000",
        "police_reminded": "on",
        "police_handled": "on",
        "liability": "main",
        "handler": str(follow_up_handler.pk),
        "persons-TOTAL_FORMS": "1",
        "persons-INITIAL_FORMS": "0",
        **person_form_data("persons-0-"),
        "persons-0-category": category,
    }
    person_data = {**person_form_data(), "category": category}
    follow_up = {
        "expected_state": person.state,
        "contact_mode": "phone",
        "summary": "电话慰问，了解伤情",
        "estimate": "8000",
        "mediation_offered": "on",
        "outcome": "visit",
    }
    bill = {
        "number": "MZ001",
        "kind": "outpatient",
        "issued_on": TODAY.isoformat(),
        "hospital_name": "吉林大学第一医院",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "200",
        "lines-0-item": "头颅CT",
        "lines-0-category": "A",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "260",
        "lines-0-amount_claimed": "260",
    }
    org = follow_up_handler.org
    found = [
        Endpoint(
            "claim new",
            reverse("injury_claims:claim_new"),
            client,
            claim_data,
            form=lambda d: Together(ClaimForm(d, org=org), PersonFormSet(d, prefix="persons")),
            skip=("persons-TOTAL_FORMS", "persons-INITIAL_FORMS"),
        ),
        Endpoint(
            "person add",
            reverse("injury_claims:person_add", args=[claim.pk]),
            client,
            person_data,
            form=lambda d: PersonForm(d),
            transformed=("id_number", "mobile"),  # stored encrypted
        ),
        Endpoint(
            "person edit",
            reverse("injury_claims:person_edit", args=[person.pk]),
            client,
            {**person_data, "name": "张伟"},
            form=lambda d: PersonForm(d, instance=person.__class__.objects.get(pk=person.pk)),
            transformed=("id_number", "mobile"),
        ),
        Endpoint(
            "follow-up",
            reverse("injury_claims:follow_up", args=[person.pk]),
            client,
            follow_up,
            form=lambda d: FollowUpForm(d, person=person.__class__.objects.get(pk=person.pk)),
        ),
        Endpoint(
            "bill new",
            reverse("injury_claims:bill_new", args=[person.pk]),
            client,
            bill,
            form=lambda d: Together(BillForm(d, {"scan": photo()}), BillLineFormSet(d, prefix="lines")),
            files=lambda: {"scan": photo()},
            skip=("lines-TOTAL_FORMS", "lines-INITIAL_FORMS", "lines-MIN_NUM_FORMS", "lines-MAX_NUM_FORMS"),
        ),
        Endpoint(
            "reveal",
            reverse("injury_claims:reveal", args=[person.pk]),
            client_for(follow_up_handler),
            {"field": "mobile", "reason": "核对医院登记信息"},
            form=lambda d: RevealForm(d),
            ok_status=(200,),  # the answer is the page with the number, and an audit row
        ),
    ]
    return {e.name: e for e in found}


NAMES = ["claim new", "person add", "person edit", "follow-up", "bill new", "reveal"]


@pytest.mark.parametrize("name", NAMES)
def test_the_valid_data_is_taken(endpoints, name):
    accepts(endpoints[name])


@pytest.mark.parametrize("name", NAMES)
@with_core_corpus
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoints, name, slot, value):
    submit(endpoints[name], slot, value)
