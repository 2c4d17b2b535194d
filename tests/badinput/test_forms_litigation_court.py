"""Litigation under the corpus, the court's side: a hearing scheduled, a hearing moved, the court's document with
its award.

Each test builds only the records of its endpoint; 10 fixed values + 1 generated per form (``GENERATED``)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from injury_claims.forms.litigation import HearingForm, JudgmentForm
from injury_claims.models import Hearing
from injury_claims.services import litigation as services
from tests.badinput.conftest import VALUES, Endpoint, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.injury_claims.conftest import claim, follow_up_handler, photo  # noqa: F401 - fixtures
from tests.injury_claims.test_litigation import CASE, TODAY, _defended, medic, officer, person  # noqa: F401

GENERATED = 1
NAMES = ["litigation hearing", "litigation hearing edit", "litigation judgment"]


@pytest.fixture
def endpoint(request, person, officer, medic):  # noqa: F811
    matter = _defended(person, officer, medic)
    client = client_for(officer)
    at = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(days=10)
    hearing = {
        "kind": "hearing",
        "at": at.strftime("%Y-%m-%dT%H:%M"),
        "room": "第三法庭",
        "remind_on": (TODAY + datetime.timedelta(days=8)).isoformat(),
    }
    if request.param == "litigation hearing":
        return Endpoint(
            request.param,
            reverse("injury_claims:litigation_hearing", args=[matter.pk]),
            client,
            hearing,
            form=lambda d: HearingForm(d),
        )
    if request.param == "litigation hearing edit":
        row = services.schedule_hearing(
            matter, {**hearing, "at": at, "remind_on": TODAY + datetime.timedelta(days=8)}, by=officer
        )
        return Endpoint(
            request.param,
            reverse("injury_claims:litigation_hearing_edit", args=[matter.pk, row.pk]),
            client,
            {**hearing, "room": "第二法庭", "outcome": ""},
            form=lambda d: HearingForm(d, instance=Hearing.objects.get(pk=row.pk)),
        )
    return Endpoint(
        request.param,
        reverse("injury_claims:litigation_judgment", args=[matter.pk]),
        client,
        {
            "expected_state": matter.state,
            "kind": "judgment",
            "case_no": CASE,
            "decided_on": (TODAY - datetime.timedelta(days=42)).isoformat(),
            "served_on": (TODAY - datetime.timedelta(days=40)).isoformat(),
            "summary": "判决赔偿医疗费",
            "award_medical": "42000.50",
            "award_disability_compensation": "96000",
            "award_mental_distress": "0",
        },
        form=lambda d: JudgmentForm(d, {"scan": photo("judgment.jpg")}, instance_no=1),
        files=lambda: {"scan": photo("judgment.jpg")},
        transformed=("case_no",),  # stored as the court prints it
    )


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
def test_the_valid_data_is_taken(endpoint):
    accepts(endpoint)


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
@with_core_corpus(generated=GENERATED)
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoint, slot, value):
    submit(endpoint, slot, value)
