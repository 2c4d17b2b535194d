"""The annual assessment under the corpus: the year, the rubric, the branch's notes and disputes, HQ's answers and
adjustments, the questionnaire by phone and the unreachable customer."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from scoring.forms.cycle import AdjustForm, AnswerForm, NoteForm, RubricForm, YearForm
from scoring.forms.surveys import QuestionnaireForm, UnreachableForm
from scoring.models import Question, Scorecard
from scoring.selectors import questions
from scoring.services import cycle
from tests.badinput.conftest import VALUES, Endpoint, accepts, submit, with_core_corpus
from tests.conftest import client_for
from tests.scoring.conftest import YEAR, assessment, follow_up, network_hospital  # noqa: F401 - fixtures
from tests.scoring.test_survey_views import CUSTOMER, drawn, inpatients, post_answers  # noqa: F401

NAMES = ["year", "rubric", "note", "answer", "adjust", "questionnaire", "unreachable"]


@pytest.fixture
def endpoints(assessment, hq_approver, claims_head, orgs, drawn):  # noqa: F811
    from scoring.models import Assessment

    hq = client_for(hq_approver)
    head = client_for(claims_head)
    unopened = Assessment.objects.create(year=YEAR - 1)  # the rubric is edited before the year opens
    rubric = RubricForm(instance=unopened)
    rubric_data = {name: rubric.initial[name] for name in RubricForm.Meta.fields if name in rubric.initial}
    rubric_data = {k: ("" if v is None else str(v)) for k, v in rubric_data.items()} | {"reason": "放宽"}
    cycle.open_year(assessment, by=hq_approver)
    card = Scorecard.objects.get(assessment=assessment, org=orgs.jilin)
    cycle_dispute = {"expected_state": "draft", "item": "depth", "kind": "dispute", "text": "培训未计入"}
    head.post(reverse("scoring:note", args=[card.pk]), cycle_dispute)
    dispute = card.disputes.get()
    response = drawn.responses.get(position=1)
    unreachable = drawn.responses.get(position=3)
    asked = questions(CUSTOMER)
    answers = {k: str(v) for k, v in post_answers(4).items()}
    found = [
        Endpoint(
            "year",
            reverse("scoring:years"),
            hq,
            {"year": str(YEAR + 1)},
            form=lambda d: YearForm(d),
        ),
        Endpoint(
            "rubric",
            reverse("scoring:rubric", args=[YEAR - 1]),
            hq,
            rubric_data,
            form=lambda d: RubricForm(d, instance=Assessment.objects.get(pk=unopened.pk)),
        ),
        Endpoint(
            "note",
            reverse("scoring:note", args=[card.pk]),
            head,
            {"expected_state": "disputed", "item": "hk", "kind": "explanation", "text": "港澳案件已补录"},
            form=lambda d: NoteForm(d),
        ),
        Endpoint(
            "answer",
            reverse("scoring:answer", args=[dispute.pk]),
            hq,
            {"upheld": "1", "points": "3", "answer": "属实"},
            form=lambda d: AnswerForm(d),
        ),
        Endpoint(
            "adjust",
            reverse("scoring:adjust", args=[card.pk]),
            hq,
            {"item": "hk", "points": "2", "reason": "补录港澳案件"},
            form=lambda d: AdjustForm(d),
        ),
        Endpoint(
            "questionnaire",
            reverse("scoring:response", args=[response.pk]),
            hq,
            answers,
            form=lambda d: QuestionnaireForm(d, questions=asked),
            transformed=tuple(answers),  # kept as JSON in the response's answers
        ),
        Endpoint(
            "unreachable",
            reverse("scoring:unreachable", args=[unreachable.pk]),
            hq,
            {"reason": "三次未接通"},
            form=lambda d: UnreachableForm(d),
        ),
    ]
    assert Question.objects.filter(kind=CUSTOMER).exists()
    return {e.name: e for e in found}


@pytest.mark.parametrize("name", NAMES)
def test_the_valid_data_is_taken(endpoints, name):
    accepts(endpoints[name])


@pytest.mark.parametrize("name", NAMES)
@with_core_corpus
@given(slot=st.integers(min_value=0, max_value=50), value=VALUES)
def test_bad_input(endpoints, name, slot, value):
    submit(endpoints[name], slot, value)
