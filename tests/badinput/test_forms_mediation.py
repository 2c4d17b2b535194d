"""Mediation under the corpus: the plan with its items (one page, the plan's form and the items' formset), the
agreement step with one amount per item of the approved plan.

Each test builds only the records of its endpoint; 10 fixed values + 1 generated per form (``GENERATED``)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from injury_claims.forms.mediation import AgreeForm, PlanForm, PlanItemFormSet
from injury_claims.models import Mediation
from injury_claims.services import mediation as services
from tests.badinput.conftest import VALUES, Endpoint, Together, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.injury_claims.conftest import claim, follow_up_handler  # noqa: F401 - fixtures
from tests.injury_claims.test_mediation import _approved, mediator, person, plan_reviewers  # noqa: F401

GENERATED = 1
NAMES = ["mediation plan", "mediation agree"]
MANAGEMENT = ("items-TOTAL_FORMS", "items-INITIAL_FORMS", "items-MIN_NUM_FORMS", "items-MAX_NUM_FORMS")


@pytest.fixture
def endpoint(request, person, mediator, plan_reviewers):  # noqa: F811
    client = client_for(mediator)
    if request.param == "mediation plan":
        mediation = services.open_mediation(person, by=mediator)
        return Endpoint(
            request.param,
            reverse("injury_claims:mediation_plan", args=[mediation.pk]),
            client,
            {
                "expected_state": mediation.state,
                "total": "8500",
                "explanation": "伤者同意协商",
                "items-TOTAL_FORMS": "2",
                "items-INITIAL_FORMS": "0",
                "items-0-code": "medical",
                "items-0-planned": "6000",
                "items-0-note": "按票据",
                "items-1-code": "lost_earnings",
                "items-1-planned": "3000",
                "items-1-note": "",
            },
            form=lambda d: Together(PlanForm(d), PlanItemFormSet(d, prefix="items")),
            skip=MANAGEMENT,
        )
    mediation = _approved(person, mediator, plan_reviewers[1])
    return Endpoint(
        request.param,
        reverse("injury_claims:mediation_step", args=[mediation.pk, "agree"]),
        client,
        {
            "expected_state": mediation.state,
            "note": "双方签字",
            "agreed_medical": "5500",
            "agreed_lost_earnings": "2500",
        },
        form=lambda d: AgreeForm(d, instance=Mediation.objects.get(pk=mediation.pk)),
    )


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
def test_the_valid_data_is_taken(endpoint):
    accepts(endpoint)


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
@with_core_corpus(generated=GENERATED)
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoint, slot, value):
    submit(endpoint, slot, value)
