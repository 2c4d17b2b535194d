"""Litigation under the corpus: opening a matter, the claims, the response plan, a medical opinion."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from injury_claims.forms.litigation import ClaimsForm, OpenForm, OpinionForm, PlanForm
from injury_claims.selectors.litigation import officers_for
from tests.badinput.conftest import VALUES, Endpoint, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.injury_claims.conftest import claim, follow_up_handler  # noqa: F401 - fixtures
from tests.injury_claims.test_litigation import COURT, TODAY, _open, medic, officer, person  # noqa: F401

NAMES = ["litigation open", "litigation claims", "litigation plan", "litigation opinion"]


@pytest.fixture
def endpoints(person, officer, medic, claim):  # noqa: F811
    client = client_for(officer)
    other = claim.persons.exclude(pk=person.pk).get()
    matter = _open(person, officer)
    found = [
        Endpoint(
            "litigation open",
            reverse("injury_claims:litigation_open", args=[other.pk]),
            client,
            {
                "court": COURT,
                "case_no": f"({TODAY.year})吉0104民初124号",
                "plaintiff": "李娜",
                "filed_on": TODAY.isoformat(),
                "officer": str(officer.pk),
            },
            form=lambda d: OpenForm(d, officers=officers_for(other)),
            transformed=("case_no",),  # stored as the court prints it
        ),
        Endpoint(
            "litigation claims",
            reverse("injury_claims:litigation_claims", args=[matter.pk]),
            client,
            {"revision": str(matter.revision), "claimed_medical": "50000", "reserved_medical": "30000"},
            form=lambda d: ClaimsForm(d),
        ),
        Endpoint(
            "litigation plan",
            reverse("injury_claims:litigation_plan", args=[matter.pk]),
            client,
            {"revision": str(matter.revision), "response_plan": "应诉"},
            form=lambda d: PlanForm(d),
        ),
        Endpoint(
            "litigation opinion",
            reverse("injury_claims:litigation_opinion", args=[matter.pk]),
            client_for(medic),
            {"expected_state": matter.state, "aspect": "coverage", "opinion": "属于保险责任"},
            form=lambda d: OpinionForm(d),
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
