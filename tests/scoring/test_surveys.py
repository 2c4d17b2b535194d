"""The satisfaction samples' use cases (issue 13 points 2 and 3): who is in the population, the reproducible draw,
answers, replacements, the questionnaire link by SMS, and the scorecard's satisfaction items reading the answers."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import translation

from scoring import facts
from scoring.models import Question, SampleDraw, SurveyResponse
from scoring.services import surveys
from sla.models import Delivery
from tests.hospitals.conftest import in_network, make_hospital
from tests.scoring.conftest import YEAR, make_inpatient
from workflow.models import Event
from workflow.services import StaleState, TransitionRefused

CUSTOMER, HOSPITAL = Question.Kind.CUSTOMER, Question.Kind.HOSPITAL


@pytest.fixture
def inpatients(orgs, network_hospital, follow_up):
    return [
        make_inpatient(orgs.jilin, network_hospital, follow_up, name=f"病人{n}", mobile=f"1380000{n:04d}")
        for n in range(8)
    ]


def scale_answers(kind: str, value: int = 4) -> dict:
    return {q.pk: (value if q.scale else "很好") for q in Question.objects.filter(kind=kind, is_active=True)}


def test_the_population_is_the_branchs_inpatients_at_its_cooperating_hospitals_in_the_year(
    assessment, orgs, network_hospital, follow_up
):
    kept = make_inpatient(orgs.jilin, network_hospital, follow_up)
    sub_branch = make_inpatient(orgs.jilinshi, network_hospital, follow_up)  # the branch's subtree counts
    outpatient = make_inpatient(orgs.jilin, network_hospital, follow_up, inpatient=False)
    last_year = make_inpatient(orgs.jilin, network_hospital, follow_up, year=YEAR - 1)
    elsewhere = make_hospital(orgs.jilin, name="未合作医院")
    not_in_network = make_inpatient(orgs.jilin, elsewhere, follow_up)
    from hospitals.models import Cooperation

    former = make_hospital(orgs.jilin, name="已终止合作医院")
    in_network(
        Cooperation.objects.create(hospital=former, org=orgs.jilin),
        start=datetime.date(YEAR - 3, 1, 1),
        end=datetime.date(YEAR - 1, 6, 30),
    )
    ended_before_the_year = make_inpatient(orgs.jilin, former, follow_up)
    population = facts.inpatient_population(assessment, orgs.jilin)
    assert kept.pk in population and sub_branch.pk in population
    for excluded in (outpatient, last_year, not_in_network, ended_before_the_year):
        assert excluded.pk not in population
    assert facts.hospital_population(assessment, orgs.jilin) == [network_hospital.pk]
    assert facts.inpatient_population(assessment, orgs.shenzhen) == []


def test_a_draw_records_seed_population_and_order_and_verifies(assessment, orgs, inpatients, hq_approver):
    draw = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver)
    assert draw.population == sorted(p.pk for p in inpatients)
    assert sorted(draw.order) == draw.population and draw.size == 5
    responses = list(draw.responses.order_by("position"))
    assert [r.subject_id for r in responses] == draw.order[:5]
    assert [r.position for r in responses] == [1, 2, 3, 4, 5]
    assert all(r.injured_person_id == r.subject_id and "吉林大学第一医院" in r.label for r in responses)
    assert all("1380000" not in r.label for r in responses)  # masked: name and hospital only
    assert surveys.verify_draw(draw).matches
    draw.order = list(reversed(draw.order))
    assert not surveys.verify_draw(draw).matches  # a tampered order is found out
    assert Event.objects.for_object(draw).filter(verb="sample_drawn", actor=hq_approver).exists()


def test_a_sample_is_drawn_once(assessment, orgs, inpatients, hq_approver):
    surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver)
    with translation.override("en"), pytest.raises(StaleState, match="drawn already"):
        surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver)
    assert SampleDraw.objects.count() == 1


def test_fewer_eligible_than_the_sample_size_gives_what_there_is(
    assessment, orgs, network_hospital, follow_up, hq_approver
):
    for n in range(3):
        make_inpatient(orgs.jilin, network_hospital, follow_up, name=f"病人{n}")
    draw = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver)
    assert draw.size == 5 and len(draw.population) == 3 and draw.responses.count() == 3


def test_nothing_to_draw_draws_nothing(assessment, orgs, hq_approver):
    with translation.override("en"), pytest.raises(TransitionRefused, match="nothing was drawn"):
        surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver)
    assert not SampleDraw.objects.exists()


def test_only_hq_draws(assessment, orgs, inpatients, claims_head):
    with pytest.raises(surveys.NotAllowed):
        surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=claims_head)
    assert not SampleDraw.objects.exists()


def test_the_hospital_sample(assessment, orgs, network_hospital, hq_approver):
    draw = surveys.draw_sample(assessment, orgs.jilin, HOSPITAL, by=hq_approver)
    response = draw.responses.get()
    assert response.hospital_id == network_hospital.pk and response.label == "吉林大学第一医院 · 长春市"
    surveys.record_answers(response, scale_answers(HOSPITAL, 5), "on_site", by=hq_approver)
    response.refresh_from_db()
    assert (response.points, response.scale, response.channel) == (20, 20, "on_site")
    with pytest.raises(TransitionRefused):
        surveys.send_link(response, by=hq_approver)  # hospitals are asked by phone or on site


def test_answers_are_stored_with_the_questions_as_asked(assessment, orgs, inpatients, hq_approver):
    response = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver).responses.first()
    surveys.record_answers(response, scale_answers(CUSTOMER, 4), "phone", by=hq_approver)
    response.refresh_from_db()
    assert response.status == SurveyResponse.Status.ANSWERED
    assert (response.points, response.scale) == (20, 25)  # five 1–5 questions; the free text does not count
    assert response.recorded_by == hq_approver and response.answered_at is not None
    assert response.answers[0]["text"] == Question.objects.get(kind=CUSTOMER, position=1).text
    assert response.answers[-1] == {
        "question": response.answers[-1]["question"],
        "text": response.answers[-1]["text"],
        "scale": 0,
        "value": "很好",
    }
    assert Event.objects.for_object(response).filter(verb="answers_recorded").exists()
    answers = facts.gather(assessment, orgs.jilin).customer_answers
    assert [(a.points, a.scale) for a in answers] == [(20, 25)]


@pytest.mark.parametrize("value", [0, 6, "x", None])
def test_an_answer_out_of_range_stores_nothing(assessment, orgs, inpatients, hq_approver, value):
    response = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver).responses.first()
    answers = scale_answers(CUSTOMER)
    first = Question.objects.get(kind=CUSTOMER, position=1)
    answers[first.pk] = value
    with pytest.raises(ValidationError) as caught:
        surveys.record_answers(response, answers, "phone", by=hq_approver)
    assert f"q{first.pk}" in caught.value.message_dict
    response.refresh_from_db()
    assert response.status == SurveyResponse.Status.PENDING and response.answers == []


def test_free_text_is_at_most_500_characters(assessment, orgs, inpatients, hq_approver):
    response = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver).responses.first()
    answers = scale_answers(CUSTOMER)
    free = Question.objects.get(kind=CUSTOMER, scale=0)
    answers[free.pk] = "长" * 501
    with pytest.raises(ValidationError):
        surveys.record_answers(response, answers, "phone", by=hq_approver)
    answers[free.pk] = ""
    surveys.record_answers(response, answers, "phone", by=hq_approver)  # optional


def test_a_second_answer_is_refused_with_who_answered(assessment, orgs, inpatients, hq_approver, make_user):
    from organization.roles import Role

    colleague = make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="hq_colleague")
    response = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver).responses.first()
    surveys.record_answers(response, scale_answers(CUSTOMER, 5), "phone", by=hq_approver)
    with translation.override("en"), pytest.raises(StaleState, match="Already answered by") as caught:
        surveys.record_answers(response, scale_answers(CUSTOMER, 1), "phone", by=colleague)
    assert str(hq_approver) in caught.value.message
    response.refresh_from_db()
    assert response.points == 25


def test_unreachable_is_replaced_by_the_next_of_the_order(assessment, orgs, inpatients, hq_approver):
    draw = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver)
    second = draw.responses.get(position=2)
    replacement = surveys.mark_unreachable(second, "三次未接通", by=hq_approver)
    second.refresh_from_db()
    assert second.status == SurveyResponse.Status.UNREACHABLE and second.unreachable_reason == "三次未接通"
    assert (
        replacement.subject_id == draw.order[5] and replacement.position == 6 and replacement.is_replacement
    )
    again = surveys.mark_unreachable(replacement, "空号", by=hq_approver)
    assert again.subject_id == draw.order[6]
    assert Event.objects.for_object(second).filter(verb="unreachable", note__contains="三次未接通").exists()
    assert Event.objects.for_object(replacement).filter(verb="replacement").exists()
    with pytest.raises(StaleState):
        surveys.record_answers(second, scale_answers(CUSTOMER), "phone", by=hq_approver)
    with pytest.raises(ValidationError):
        surveys.mark_unreachable(again, "  ", by=hq_approver)


def test_an_exhausted_population_has_no_replacement(
    assessment, orgs, network_hospital, follow_up, hq_approver
):
    make_inpatient(orgs.jilin, network_hospital, follow_up)
    response = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver).responses.get()
    assert surveys.mark_unreachable(response, "拒绝回答", by=hq_approver) is None
    assert SurveyResponse.objects.count() == 1


# --- the link ---------------------------------------------------------------------------------------------------
def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_the_link_is_sent_by_sms_to_the_customers_mobile(assessment, orgs, inpatients, hq_approver):
    response = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver).responses.first()
    url = surveys.send_link(response, by=hq_approver)
    sms = Delivery.objects.get(channel=Delivery.Channel.SMS, object_id=response.pk)
    person = response.injured_person
    assert url in sms.text and "吉林大学第一医院" in sms.text and person.name not in sms.text
    assert sms.sealed_address == person.mobile and "*" in sms.address
    assert url.startswith("https://claims.example.com/")
    response.refresh_from_db()
    assert response.link_nonce and response.link_sent_at
    assert surveys.open_link(token_of(url)).pk == response.pk
    assert Event.objects.for_object(response).filter(verb="link_sent").exists()


def test_the_link_works_once(assessment, orgs, inpatients, hq_approver):
    response = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver).responses.first()
    token = token_of(surveys.send_link(response, by=hq_approver))
    answered = surveys.answer_by_link(token, scale_answers(CUSTOMER, 3))
    assert answered.channel == "link" and answered.recorded_by is None and answered.points == 15
    with pytest.raises(surveys.LinkRefused) as caught:
        surveys.answer_by_link(token, scale_answers(CUSTOMER, 5))
    assert caught.value.gone
    answered.refresh_from_db()
    assert answered.points == 15


def test_sending_again_kills_the_earlier_link(assessment, orgs, inpatients, hq_approver):
    response = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver).responses.first()
    old = token_of(surveys.send_link(response, by=hq_approver))
    new = token_of(surveys.send_link(response, by=hq_approver))
    with pytest.raises(surveys.LinkRefused) as caught:
        surveys.open_link(old)
    assert caught.value.gone
    assert surveys.open_link(new).pk == response.pk
    assert Delivery.objects.filter(object_id=response.pk).count() == 2


def test_an_expired_or_tampered_link_is_refused(assessment, orgs, inpatients, hq_approver, monkeypatch):
    response = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver).responses.first()
    token = token_of(surveys.send_link(response, by=hq_approver))
    with pytest.raises(surveys.LinkRefused) as caught:
        surveys.open_link(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert not caught.value.gone
    later = time.time() + (assessment.survey_link_days + 1) * 86400
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(surveys.LinkRefused) as caught:
        surveys.answer_by_link(token, scale_answers(CUSTOMER))
    assert caught.value.gone
    response.refresh_from_db()
    assert response.status == SurveyResponse.Status.PENDING


def test_no_mobile_no_link(assessment, orgs, network_hospital, follow_up, hq_approver):
    make_inpatient(orgs.jilin, network_hospital, follow_up, mobile="")
    response = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver).responses.get()
    with pytest.raises(TransitionRefused):
        surveys.send_link(response, by=hq_approver)
    assert not Delivery.objects.exists()


def test_a_final_scorecard_takes_no_more_answers(assessment, orgs, inpatients, hq_approver):
    from scoring.models import Scorecard

    response = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver).responses.first()
    token = token_of(surveys.send_link(response, by=hq_approver))
    card = Scorecard.objects.create(assessment=assessment, org=orgs.jilin)
    Scorecard.objects.filter(pk=card.pk).update(state="final")
    with pytest.raises(StaleState):
        surveys.record_answers(response, scale_answers(CUSTOMER), "phone", by=hq_approver)
    with pytest.raises(surveys.LinkRefused):
        surveys.answer_by_link(token, scale_answers(CUSTOMER))


def test_revealing_the_mobile_is_recorded(assessment, orgs, inpatients, hq_approver):
    response = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver).responses.first()
    assert surveys.reveal_mobile(response, by=hq_approver) == response.injured_person.mobile
    assert Event.objects.for_object(response).filter(verb="mobile_revealed", actor=hq_approver).exists()
