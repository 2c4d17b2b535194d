"""The satisfaction samples' pages: HQ draws, asks and sends links for every branch; the branch's readers see their
own branch read-only (403 on acting), another branch is 404; the customer's link works without a login."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client
from django.urls import reverse

from scoring.models import Question, SampleDraw, SurveyResponse
from scoring.services import surveys
from sla.models import Delivery
from tests.conftest import client_for, english_client
from tests.scoring.conftest import YEAR, make_inpatient

CUSTOMER, HOSPITAL = Question.Kind.CUSTOMER, Question.Kind.HOSPITAL


@pytest.fixture
def inpatients(orgs, network_hospital, follow_up):
    """Six Jilin inpatients with their mobiles as the claim services store them (encrypted, hashed, masked)."""
    from injury_claims.models import InjuredPerson
    from organization.pii import blind_index, mask

    people = []
    for n in range(6):
        mobile = f"1390000{n:04d}"
        person = make_inpatient(orgs.jilin, network_hospital, follow_up, name=f"病人{n}", mobile=mobile)
        InjuredPerson.objects.filter(pk=person.pk).update(
            mobile_hash=blind_index(mobile), mobile_masked=mask(mobile)
        )
        people.append(person)
    return people


@pytest.fixture
def drawn(assessment, orgs, inpatients, hq_approver) -> SampleDraw:
    return surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver)


def post_answers(value=4, channel="phone") -> dict:
    data = {f"q{q.pk}": (value if q.scale else "满意") for q in Question.objects.filter(kind=CUSTOMER)}
    if channel:
        data["channel"] = channel
    return data


def draw_url(orgs, kind=CUSTOMER) -> str:
    return reverse("scoring:draw", args=[YEAR, orgs.jilin.pk, kind])


# --- the samples list and the draw ----------------------------------------------------------------------------------
def test_hq_sees_every_branch_and_draws(assessment, orgs, inpatients, hq_approver):
    client = english_client(hq_approver)
    page = client.get(reverse("scoring:samples", args=[YEAR]))
    assert page.status_code == 200
    assert b'data-org="jilin"' in page.content and b'data-org="shenzhen"' in page.content
    response = client.post(draw_url(orgs))
    draw = SampleDraw.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("scoring:sample", args=[draw.pk])
    assert draw.drawn_by == hq_approver and draw.responses.count() == 5


def test_a_second_draw_is_shown_again_with_the_reason(drawn, orgs, hq_approver):
    page = english_client(hq_approver).post(draw_url(orgs))
    assert page.status_code == 200 and b"drawn already" in page.content
    assert SampleDraw.objects.count() == 1 and drawn.responses.count() == 5


def test_fewer_than_five_eligible_is_shown(
    assessment, orgs, network_hospital, follow_up, hq_approver, claims_head
):
    for n in range(2):
        make_inpatient(orgs.jilin, network_hospital, follow_up, name=f"病人{n}")
    draw = surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver)
    for user in (hq_approver, claims_head):
        client = english_client(user)
        listed = client.get(reverse("scoring:samples", args=[YEAR]))
        assert b'data-testid="short"' in listed.content and b"only 2 eligible" in listed.content
        page = client.get(reverse("scoring:sample", args=[draw.pk]))
        assert b"Only 2 eligible: the sample has 2 instead of 5." in page.content


def test_an_empty_population_is_said_and_nothing_drawn(assessment, orgs, hq_approver):
    page = english_client(hq_approver).post(draw_url(orgs))
    assert page.status_code == 200 and b"nothing was drawn" in page.content
    assert not SampleDraw.objects.exists()


def test_the_branch_reads_its_own_samples_only(drawn, orgs, claims_head, outsider):
    page = client_for(claims_head).get(reverse("scoring:samples", args=[YEAR]))
    assert page.status_code == 200
    assert b'data-org="jilin"' in page.content and b'data-org="shenzhen"' not in page.content
    assert b'data-testid="draw-' not in page.content  # no draw buttons
    other = client_for(outsider).get(reverse("scoring:samples", args=[YEAR]))
    assert b'data-org="jilin"' not in other.content and b'data-org="shenzhen"' in other.content


def test_who_may_draw(assessment, orgs, inpatients, claims_head, outsider, adjuster, make_user):
    from organization.roles import Role

    assert client_for(claims_head).post(draw_url(orgs)).status_code == 403
    assert client_for(outsider).post(draw_url(orgs)).status_code == 404
    assert client_for(adjuster).post(draw_url(orgs)).status_code == 404
    agent = make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username="jl_agent")
    assert client_for(agent).get(reverse("scoring:samples", args=[YEAR])).status_code == 404
    assert Client().get(reverse("scoring:samples", args=[YEAR])).status_code == 302
    assert client_for(claims_head).get(draw_url(orgs)).status_code == 405
    assert not SampleDraw.objects.exists()


def test_unknown_kind_or_year_is_404(assessment, orgs, hq_approver):
    client = client_for(hq_approver)
    assert client.post(reverse("scoring:draw", args=[YEAR, orgs.jilin.pk, "vip"])).status_code == 404
    assert client.post(reverse("scoring:draw", args=[YEAR + 5, orgs.jilin.pk, CUSTOMER])).status_code == 404
    assert client.post(reverse("scoring:draw", args=[YEAR, orgs.jilinshi.pk, CUSTOMER])).status_code == 404


def test_the_samples_list_costs_a_constant_number_of_queries(
    assessment, orgs, network_hospital, inpatients, hq_approver, django_assert_max_num_queries
):
    client = client_for(hq_approver)
    url = reverse("scoring:samples", args=[YEAR])
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    surveys.draw_sample(assessment, orgs.jilin, CUSTOMER, by=hq_approver)
    surveys.draw_sample(assessment, orgs.jilin, HOSPITAL, by=hq_approver)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# --- one draw ------------------------------------------------------------------------------------------------------
def test_the_draw_page_shows_seed_verification_and_answers_masked(drawn, hq_approver, claims_head, outsider):
    response = drawn.responses.get(position=1)
    surveys.record_answers(
        response, {int(k[1:]): v for k, v in post_answers(5, None).items()}, "phone", by=hq_approver
    )
    surveys.mark_unreachable(drawn.responses.get(position=2), "电话停机", by=hq_approver)
    for user in (hq_approver, claims_head):
        page = english_client(user).get(reverse("scoring:sample", args=[drawn.pk]))
        assert page.status_code == 200
        assert drawn.seed.encode() in page.content and b'data-matches="1"' in page.content
        assert b"25 / 25" in page.content and "电话停机".encode() in page.content
        assert b'data-testid="replacement"' in page.content
        assert b"139****0" in page.content and b"13900000" not in page.content  # mobiles masked
    assert client_for(outsider).get(reverse("scoring:sample", args=[drawn.pk])).status_code == 404
    assert client_for(hq_approver).post(reverse("scoring:sample", args=[drawn.pk])).status_code == 405


# --- one response ----------------------------------------------------------------------------------------------------
def test_hq_records_answers_by_phone(drawn, hq_approver):
    response = drawn.responses.get(position=1)
    client = english_client(hq_approver)
    url = reverse("scoring:response", args=[response.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'data-testid="questionnaire-form"' in page.content
    done = client.post(url, post_answers(4))
    assert done.status_code == 302
    response.refresh_from_db()
    assert (response.status, response.points, response.channel) == ("answered", 20, "phone")


def test_an_invalid_questionnaire_changes_nothing(drawn, hq_approver):
    response = drawn.responses.get(position=1)
    data = post_answers(4)
    first = Question.objects.get(kind=CUSTOMER, position=1)
    data[f"q{first.pk}"] = "9"
    data["channel"] = "link"  # only the customer answers through the link
    page = english_client(hq_approver).post(reverse("scoring:response", args=[response.pk]), data)
    assert page.status_code == 200
    assert b"Choose an answer from 1 to 5." in page.content and b"Choose by phone or on site." in page.content
    response.refresh_from_db()
    assert response.status == "pending" and response.answers == []


def test_a_second_answer_is_shown_with_who_answered(drawn, hq_approver):
    response = drawn.responses.get(position=1)
    client = english_client(hq_approver)
    client.post(reverse("scoring:response", args=[response.pk]), post_answers(5))
    page = client.post(reverse("scoring:response", args=[response.pk]), post_answers(1))
    assert page.status_code == 200 and b"Already answered by" in page.content
    response.refresh_from_db()
    assert response.points == 25


def test_unreachable_with_reason_draws_the_next(drawn, hq_approver):
    response = drawn.responses.get(position=3)
    client = english_client(hq_approver)
    url = reverse("scoring:unreachable", args=[response.pk])
    page = client.post(url, {"reason": ""})
    assert page.status_code == 200 and b"Say why they could not be reached." in page.content
    assert drawn.responses.count() == 5
    assert client.post(url, {"reason": "三次未接通"}).status_code == 302
    assert drawn.responses.get(position=6).subject_id == drawn.order[5]
    assert client.get(url).status_code == 405


def test_the_link_is_sent_and_the_old_one_dies(drawn, hq_approver):
    response = drawn.responses.get(position=1)
    client = english_client(hq_approver)
    url = reverse("scoring:send_link", args=[response.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert Delivery.objects.filter(channel=Delivery.Channel.SMS, object_id=response.pk).count() == 2
    page = client.get(reverse("scoring:response", args=[response.pk]))
    assert b'data-testid="link-sent"' in page.content
    hospital = drawn.responses.get(position=2)
    SurveyResponse.objects.filter(pk=hospital.pk).update(status="answered", points=1, scale=5)
    assert client.post(reverse("scoring:send_link", args=[hospital.pk])).status_code == 200  # refused, shown


def test_the_mobile_is_shown_to_hq_on_request(drawn, hq_approver):
    response = drawn.responses.get(position=1)
    client = client_for(hq_approver)
    before = client.get(reverse("scoring:response", args=[response.pk]))
    assert (
        b'data-testid="reveal"' in before.content
        and response.injured_person.mobile.encode() not in before.content
    )
    page = client.post(reverse("scoring:reveal_mobile", args=[response.pk]))
    assert page.status_code == 200 and response.injured_person.mobile.encode() in page.content


@pytest.mark.parametrize("name", ["response", "unreachable", "send_link", "reveal_mobile"])
def test_only_hq_acts_on_a_response(drawn, claims_head, outsider, adjuster, name):
    response = drawn.responses.get(position=1)
    url = reverse(f"scoring:{name}", args=[response.pk])
    assert client_for(claims_head).post(url, post_answers()).status_code == 403
    assert client_for(outsider).post(url, post_answers()).status_code == 404
    assert client_for(adjuster).post(url).status_code == 404
    assert Client().post(url).status_code == 302
    response.refresh_from_db()
    assert response.status == "pending" and not response.link_nonce
    assert not Delivery.objects.exists()


# --- the customer's link -------------------------------------------------------------------------------------------
def link_of(drawn, hq_approver) -> tuple[SurveyResponse, str]:
    response = drawn.responses.get(position=1)
    url = surveys.send_link(response, by=hq_approver)
    return response, url.removeprefix("https://claims.example.com")


def test_the_customer_answers_once_without_login(drawn, hq_approver):
    response, path = link_of(drawn, hq_approver)
    phone = Client(enforce_csrf_checks=True)
    phone.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = phone.get(path)
    assert page.status_code == 200 and "吉林大学第一医院".encode() in page.content
    assert response.injured_person.name.encode() not in page.content  # only the questions and the hospital
    assert b"mainnav" not in page.content and page["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    data = post_answers(5, None)
    data["csrfmiddlewaretoken"] = page.context["csrf_token"]
    done = phone.post(path, data)
    assert done.status_code == 200 and b'data-testid="thanks"' in done.content
    response.refresh_from_db()
    assert (response.status, response.channel, response.points) == ("answered", "link", 25)
    again = phone.get(path)
    assert again.status_code == 410 and b"answered already" in again.content


def test_an_invalid_answer_on_the_phone_is_shown_again(drawn, hq_approver):
    response, path = link_of(drawn, hq_approver)
    data = post_answers(5, None)
    data[next(k for k in data if data[k] == 5)] = "0"
    page = english_client_anonymous().post(path, data)
    assert page.status_code == 200 and b"Choose an answer from 1 to 5." in page.content
    response.refresh_from_db()
    assert response.status == "pending"


def english_client_anonymous() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_tampered_or_expired_link_changes_nothing(drawn, hq_approver, monkeypatch):
    response, path = link_of(drawn, hq_approver)
    client = english_client_anonymous()
    tampered = path.replace(":", ":x", 1)
    page = client.post(tampered, post_answers(5, None))
    assert page.status_code == 404 and b"not valid" in page.content
    later = time.time() + 15 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: later)
    page = client.post(path, post_answers(5, None))
    assert page.status_code == 410 and b"expired" in page.content
    response.refresh_from_db()
    assert response.status == "pending"
    assert client.put(path).status_code == 405
