"""Injury claims under the corpus, the forms beyond the report: the survey's arrival on site, opening an
investigation, an investigation section's finding, the reviewer's decision on each bill line.

Each test builds only the records of its endpoint; 10 fixed values + 1 generated per form (``GENERATED``)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from injury_claims.forms.claims import FindingForm, LineDecisionForm
from injury_claims.forms.steps import ArriveForm, InvestigateForm
from injury_claims.models import BillLine
from tests.badinput.conftest import VALUES, Endpoint, Together, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.injury_claims.conftest import claim, follow_up_handler, reviewers  # noqa: F401 - fixtures
from tests.injury_claims.test_claims import _first, _submit_costs

GENERATED = 1
NAMES = ["survey arrive", "person investigate", "investigation finding", "review line decisions"]


@pytest.fixture
def endpoint(request, claim, follow_up_handler, reviewers):  # noqa: F811
    name = request.param
    client = client_for(follow_up_handler)
    person = claim.persons.order_by("pk").first()
    if name == "survey arrive":
        survey = claim.survey
        return Endpoint(
            name,
            reverse("injury_claims:survey_step", args=[claim.pk, "arrive"]),
            client,
            {"expected_state": survey.state, "scene": "second", "second_scene_reason": "车辆已撤离现场"},
            form=lambda d: ArriveForm(d),
        )
    if name == "person investigate":
        return Endpoint(
            name,
            reverse("injury_claims:person_step", args=[person.pk, "investigate"]),
            client,
            {"expected_state": person.state, "reasons": "death_disability", "note": "涉及伤残"},
            form=lambda d: InvestigateForm(d),
        )
    if name == "investigation finding":
        _first(person, follow_up_handler, outcome="investigate", reasons=["death_disability"])
        return Endpoint(
            name,
            reverse("injury_claims:finding", args=[person.pk]),
            client,
            {"section": "accident", "status": "done", "findings": "已核实事故经过"},
            form=lambda d: FindingForm(d),
        )
    review = _submit_costs(person, follow_up_handler, amount=D("3000"), first=True)
    lines = list(BillLine.objects.filter(bill__review=review).order_by("pk"))
    data = {}
    for line in lines:
        data[f"line-{line.pk}-amount_approved"] = "2500"
        data[f"line-{line.pk}-reduction_reason"] = "超出当地标准"
    return Endpoint(
        name,
        reverse("injury_claims:review", args=[review.pk]),
        client_for(reviewers[0]),
        data,
        form=lambda d: Together(*[LineDecisionForm(d, prefix=f"line-{line.pk}") for line in lines]),
    )


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
def test_the_valid_data_is_taken(endpoint):
    accepts(endpoint)


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
@with_core_corpus(generated=GENERATED)
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoint, slot, value):
    submit(endpoint, slot, value)
