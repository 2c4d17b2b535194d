"""The fast track under the corpus: the facts seen on the spot, the reviewer's phone confirmation, the agreement
within the band, the check's score.

Each test builds only the records of its endpoint; 10 fixed values + 1 generated per form (``GENERATED``)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from injury_claims.forms.fast_track import AgreeForm, ConfirmForm, FactsForm, ScoreForm
from injury_claims.models import FastTrack
from injury_claims.services import fast_track as services
from tests.badinput.conftest import VALUES, Endpoint, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.injury_claims.conftest import claim, follow_up_handler, photo  # noqa: F401 - fixtures
from tests.injury_claims.test_fast_track import ON_SPOT, after_visit, checker, person  # noqa: F401
from workflow.services import perform_transition

GENERATED = 1
NAMES = ["fast track facts", "fast track confirm", "fast track agree", "fast track score"]


def _step(track, action: str) -> str:
    return reverse("injury_claims:fast_track_step", args=[track.pk, action])


@pytest.fixture
def endpoint(request, person, follow_up_handler, checker):  # noqa: F811
    name = request.param
    handler = client_for(follow_up_handler)
    if name == "fast track facts":
        return Endpoint(
            name,
            reverse("injury_claims:fast_track_new", args=[person.pk]),
            handler,
            {
                "police_handled": "on",
                "liability_clear": "on",
                "causation": "on",
                "both_present": "on",
                "both_agree": "on",
                "injury_minor": "on",
                "outpatient_visits": "0",
                "visible_sign": "on",
                "cut_cm": "4",
                "advice": "none",
                "rest_days": "0",
            },
            form=lambda d: FactsForm(d),
        )
    if name == "fast track confirm":
        track = services.open_fast_track(person, after_visit("1500"), by=follow_up_handler)
        return Endpoint(
            name,
            _step(track, "confirm"),
            client_for(checker),
            {"expected_state": track.state, "note": "电话确认 1,500 元门诊费用"},
            form=lambda d: ConfirmForm(d),
        )
    track = services.open_fast_track(person, ON_SPOT, by=follow_up_handler)
    if name == "fast track agree":
        return Endpoint(
            name,
            _step(track, "agree"),
            handler,
            {"expected_state": track.state, "amount": "1000", "medical_amount": "0", "note": "现场签字"},
            form=lambda d: AgreeForm(d, instance=FastTrack.objects.get(pk=track.pk)),
        )
    perform_transition(track, "agree", by=follow_up_handler, amount=D("1000"), medical_amount=D("0"))
    services.file_signed_agreement(track, photo("agreement.jpg"), by=follow_up_handler)
    perform_transition(track, "record_result", by=follow_up_handler)
    track.refresh_from_db()
    return Endpoint(
        name,
        _step(track, "score_case"),
        client_for(checker),
        {"expected_state": track.state, "score": "88", "note": "材料齐全"},
        form=lambda d: ScoreForm(d, instance=FastTrack.objects.get(pk=track.pk)),
    )


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
def test_the_valid_data_is_taken(endpoint):
    accepts(endpoint)


@pytest.mark.parametrize("endpoint", NAMES, indirect=True)
@with_core_corpus(generated=GENERATED)
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoint, slot, value):
    submit(endpoint, slot, value)
