"""The hospital pipeline under the corpus, after submission: the liaisons (editable once the cooperation is active;
posted while it is frozen, refused whatever is posted), HQ's approval with the special approval a private hospital
needs (condition 7).

Each test builds only the records of its endpoint; 10 fixed values + 1 generated per form (``GENERATED``)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from hospitals.forms.pipeline import LiaisonsForm
from hospitals.forms.steps import ApproveForm
from hospitals.models import Cooperation, Hospital
from tests.badinput.conftest import VALUES, Endpoint, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.hospitals.conftest import (  # noqa: F401 - fixtures
    LIAISONS,
    active,
    approved,
    cooperation,
    hospital,
    submitted,
)

GENERATED = 1
NAMES = ["liaisons", "liaisons frozen", "hq approval"]
NOT_READY = {"liaisons frozen"}  # refused whatever is posted: checked for its refusals only


@pytest.fixture
def endpoint(request, submitted, claims_head, hq_approver):  # noqa: F811
    if request.param.startswith("liaisons"):
        record = request.getfixturevalue("active") if request.param == "liaisons" else submitted
        return Endpoint(
            request.param,
            reverse("hospitals:eligibility", args=[record.pk]),
            client_for(claims_head),
            {**LIAISONS, "hospital_liaison": "医务科张科长", "hospital_liaison_phone": "0431-88782001"},
            form=lambda d: LiaisonsForm(d, cooperation=Cooperation.objects.get(pk=record.pk)),
        )
    Hospital.objects.filter(pk=submitted.hospital_id).update(nature=Hospital.Nature.PRIVATE)
    return Endpoint(
        request.param,
        reverse("hospitals:act", args=[submitted.pk, "approve"]),
        client_for(hq_approver),
        {"expected_state": submitted.state, "special_approval": "on", "note": "同意合作"},
        form=lambda d: ApproveForm(d, instance=Cooperation.objects.get(pk=submitted.pk)),
    )


@pytest.mark.parametrize("endpoint", [n for n in NAMES if n not in NOT_READY], indirect=True)
def test_the_valid_data_is_taken(endpoint):
    accepts(endpoint)


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
@with_core_corpus(generated=GENERATED)
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoint, slot, value):
    submit(endpoint, slot, value)
