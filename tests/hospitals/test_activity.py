"""Network activity records, the maintenance log and the network change feed (issue 4, points 5 and 8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from hospitals.models import (
    Cooperation,
    EmergencyDispatch,
    HkCase,
    MaintenanceLog,
    MedicalAdvisor,
    Training,
)
from hospitals.views.activity import maintenance_context
from organization.roles import Role
from tests.conftest import client_for
from tests.hospitals.conftest import in_network, make_hospital
from workflow.models import Event
from workflow.services import record_event

TODAY = timezone.localdate()
HTMX = {"HTTP_HX_REQUEST": "true"}
ADD_URLS = [
    "hospitals:training_add",
    "hospitals:advisor_add",
    "hospitals:dispatch_add",
    "hospitals:hk_case_add",
]
MODELS = {
    "hospitals:training_add": Training,
    "hospitals:advisor_add": MedicalAdvisor,
    "hospitals:dispatch_add": EmergencyDispatch,
    "hospitals:hk_case_add": HkCase,
}
VERBS = {
    "hospitals:training_add": "training_recorded",
    "hospitals:advisor_add": "advisor_recorded",
    "hospitals:dispatch_add": "dispatch_recorded",
    "hospitals:hk_case_add": "hk_case_recorded",
}
SECTIONS = ["trainings", "advisors", "dispatches", "hk-cases"]
KIND_OF = dict(zip(ADD_URLS, SECTIONS, strict=True))


@pytest.fixture
def hospital(orgs):
    """A hospital in Jilin's network (activity records are kept only for those, seed 000)."""
    made = make_hospital(orgs.jilin)
    in_network(Cooperation.objects.create(hospital=made, org=orgs.jilin))
    return made


@pytest.fixture
def cooperation(hospital):
    return hospital.cooperations.get()


def add_url(name: str) -> str:
    """The add page of a kind of record (one URL pattern, hospitals:activity_add, per kind)."""
    return reverse("hospitals:activity_add", args=[KIND_OF[name]])


# session, user, roles, org, notifications badge (+ the branch choices for HQ), then a count and a page per kind
ACTIVITY_QUERIES = 14
# ... the verbs of the kind filter, count, page, and one query per kind of subject (hospital, cooperation, agreement)
FEED_QUERIES = 13


# --- data -------------------------------------------------------------------------------------------------
def valid_data(url_name: str, hospital) -> dict:
    now = timezone.localtime() - dt.timedelta(hours=1)
    return {
        "hospitals:training_add": {
            "hospital": hospital.pk,
            "on": (TODAY - dt.timedelta(days=1)).isoformat(),
            "topic": "人伤医疗审核培训",
            "closed_book_exam": "on",
            "attendees": "12",
            "pass_rate": "91.5",
        },
        "hospitals:advisor_add": {
            "hospital": hospital.pk,
            "doctor": "张医生",
            "specialty": "骨科",
            "term_start": f"{TODAY.year}-01-01",
            "term_end": f"{TODAY.year}-12-31",
            "annual_fee": "12000.50",
        },
        "hospitals:dispatch_add": {
            "hospital": hospital.pk,
            "at": now.strftime("%Y-%m-%dT%H:%M"),
            "customer_type": EmergencyDispatch.CustomerType.HK,
            "response_minutes": "15",
            "outcome": EmergencyDispatch.Outcome.ADMITTED,
        },
        "hospitals:hk_case_add": {
            "hospital": hospital.pk,
            "opened_on": TODAY.isoformat(),
            "reference": "HK-2025-001",
            "survey_on_time": "on",
            "report_on_time": "on",
            "callback_on_time": "on",
            "complaint": "on",
            "complaint_verified": "on",
        },
    }[url_name]


def add_training(hospital, on=None, **fields):
    return Training.objects.create(
        org_id=hospital.org_id,
        hospital=hospital,
        on=on or TODAY,
        topic=fields.pop("topic", "培训"),
        attendees=10,
        **fields,
    )


def add_advisor(hospital, year=None, **fields):
    year = year or TODAY.year
    return MedicalAdvisor.objects.create(
        org_id=hospital.org_id,
        hospital=hospital,
        doctor=fields.pop("doctor", "李医生"),
        specialty="神经外科",
        term_start=dt.date(year, 3, 1),
        term_end=dt.date(year + 1, 2, 28),
        annual_fee=Decimal("5000"),
        **fields,
    )


def add_dispatch(hospital, at=None):
    at = at or timezone.now() - dt.timedelta(minutes=5)
    return EmergencyDispatch.objects.create(
        org_id=hospital.org_id,
        hospital=hospital,
        at=at,
        customer_type=EmergencyDispatch.CustomerType.INSURED,
        response_minutes=20,
        outcome=EmergencyDispatch.Outcome.TREATED,
    )


def add_hk_case(hospital, on=None, ref="HK-1"):
    return HkCase.objects.create(
        org_id=hospital.org_id, hospital=hospital, opened_on=on or TODAY, reference=ref
    )


def add_all(hospital, n=1):
    records = []
    for i in range(n):
        records += [
            add_training(hospital),
            add_advisor(hospital),
            add_dispatch(hospital),
            add_hk_case(hospital, ref=f"HK-{i}"),
        ]
    return records


def row_pks(body: str, section: str) -> set[int]:
    import re

    return {int(pk) for pk in re.findall(rf'data-testid="{section}-row" data-pk="(\d+)"', body)}


@pytest.fixture
def green_agent(orgs, make_user):
    return make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username="jl_green")


# --- the activity page ----------------------------------------------------------------------------------
def test_activity_lists_the_branchs_four_kinds(claims_head, hospital, shenzhen_hospital):
    mine = add_all(hospital)
    theirs = add_all(shenzhen_hospital)
    response = client_for(claims_head).get(reverse("hospitals:activity"))
    assert response.status_code == 200
    body = response.content.decode()
    for section in SECTIONS:
        assert f'data-testid="{section}"' in body
        assert f'data-testid="{section}-add"' in body
    assert row_pks(body, "trainings") == {mine[0].pk}
    assert row_pks(body, "advisors") == {mine[1].pk}
    assert row_pks(body, "dispatches") == {mine[2].pk}
    assert row_pks(body, "hk-cases") == {mine[3].pk}
    assert "北京大学深圳医院" not in body
    assert theirs


def test_outsider_sees_none_of_jilins_records(outsider, hospital, shenzhen_hospital):
    add_all(hospital)
    theirs = add_all(shenzhen_hospital)
    body = client_for(outsider).get(reverse("hospitals:activity")).content.decode()
    assert row_pks(body, "trainings") == {theirs[0].pk}
    assert row_pks(body, "advisors") == {theirs[1].pk}
    assert row_pks(body, "dispatches") == {theirs[2].pk}
    assert row_pks(body, "hk-cases") == {theirs[3].pk}
    assert "吉林大学第一医院" not in body


def test_sub_branch_staff_see_their_branchs_records(adjuster, hospital, shenzhen_hospital):
    mine = add_training(hospital)
    add_training(shenzhen_hospital)
    body = client_for(adjuster).get(reverse("hospitals:activity")).content.decode()
    assert row_pks(body, "trainings") == {mine.pk}


def test_hq_sees_every_branch_and_filters_by_branch(hq_approver, orgs, hospital, shenzhen_hospital):
    jilin, shenzhen = add_training(hospital), add_training(shenzhen_hospital)
    client = client_for(hq_approver)
    body = client.get(reverse("hospitals:activity")).content.decode()
    assert row_pks(body, "trainings") == {jilin.pk, shenzhen.pk}
    assert 'data-testid="trainings-add"' not in body  # HQ reads, never adds
    body = client.get(reverse("hospitals:activity"), {"branch": orgs.shenzhen.pk}).content.decode()
    assert row_pks(body, "trainings") == {shenzhen.pk}


def test_branch_filter_is_ignored_for_a_branch_user(claims_head, orgs, hospital, shenzhen_hospital):
    mine = add_training(hospital)
    add_training(shenzhen_hospital)
    body = client_for(claims_head).get(reverse("hospitals:activity"), {"branch": orgs.shenzhen.pk})
    assert row_pks(body.content.decode(), "trainings") == {mine.pk}


def test_year_filter_defaults_to_this_year(claims_head, hospital):
    last_year = TODAY.year - 1
    this = add_training(hospital)
    old = add_training(hospital, on=dt.date(last_year, 6, 1))
    old_case = add_hk_case(hospital, on=dt.date(last_year, 6, 1))
    old_advisor = add_advisor(hospital, year=last_year - 1)  # served until Feb of last year
    client = client_for(claims_head)
    body = client.get(reverse("hospitals:activity")).content.decode()
    assert row_pks(body, "trainings") == {this.pk}
    assert row_pks(body, "hk-cases") == set()
    body = client.get(reverse("hospitals:activity"), {"year": last_year}).content.decode()
    assert row_pks(body, "trainings") == {old.pk}
    assert row_pks(body, "hk-cases") == {old_case.pk}
    assert row_pks(body, "advisors") == {old_advisor.pk}


def test_bad_year_falls_back_to_this_year(claims_head, hospital):
    this = add_training(hospital)
    body = client_for(claims_head).get(reverse("hospitals:activity"), {"year": "1850"}).content.decode()
    assert row_pks(body, "trainings") == {this.pk}


def test_newest_first_and_paginated_by_25(claims_head, hospital):
    records = [add_training(hospital, on=TODAY - dt.timedelta(days=i % 20)) for i in range(30)]
    client = client_for(claims_head)
    body = client.get(reverse("hospitals:activity")).content.decode()
    first_page = row_pks(body, "trainings")
    assert len(first_page) == 25
    assert 'data-testid="trainings-pages"' in body
    newest = max(records, key=lambda t: (t.on, t.pk))
    assert body.index(f'data-pk="{newest.pk}"') < body.index('data-testid="advisors"')
    body = client.get(reverse("hospitals:activity"), {"trainings_page": 2}).content.decode()
    second_page = row_pks(body, "trainings")
    assert len(second_page) == 5
    assert first_page.isdisjoint(second_page)


def test_htmx_section_request_renders_only_that_section(claims_head, hospital):
    training = add_training(hospital)
    response = client_for(claims_head).get(reverse("hospitals:activity"), {"section": "trainings"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert row_pks(body, "trainings") == {training.pk}
    assert 'data-testid="advisors"' not in body


def test_branch_manager_reads_without_add_links(branch_manager, hospital):
    training = add_training(hospital)
    body = client_for(branch_manager).get(reverse("hospitals:activity")).content.decode()
    assert row_pks(body, "trainings") == {training.pk}
    assert 'data-testid="trainings-add"' not in body


def test_activity_non_network_role_gets_404(green_agent):
    assert client_for(green_agent).get(reverse("hospitals:activity")).status_code == 404


def test_activity_requires_login(db, client):
    assert client.get(reverse("hospitals:activity")).status_code == 302


def test_activity_wrong_method(claims_head):
    assert client_for(claims_head).post(reverse("hospitals:activity")).status_code == 405


@pytest.mark.parametrize("persona", ["claims_head", "hq_approver"])
def test_activity_constant_queries(
    request, persona, orgs, hospital, shenzhen_hospital, django_assert_max_num_queries
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    add_all(hospital)
    with django_assert_max_num_queries(ACTIVITY_QUERIES):
        assert client.get(reverse("hospitals:activity")).status_code == 200
    for i in range(3):
        other = make_hospital(orgs.jilin, name=f"医院{i}")
        add_all(other, n=10)
        add_all(shenzhen_hospital, n=2)
    with django_assert_max_num_queries(ACTIVITY_QUERIES):
        assert client.get(reverse("hospitals:activity")).status_code == 200


# --- adding records -------------------------------------------------------------------------------------
@pytest.mark.parametrize("url_name", ADD_URLS)
def test_add_form_get_full_page_and_fragment(url_name, claims_head, hospital, shenzhen_hospital):
    client = client_for(claims_head)
    page = client.get(add_url(url_name))
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    fragment = client.get(add_url(url_name), **HTMX)
    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in body and "<form" in body
    # the hospital choice holds only the branch's hospitals
    assert f'value="{hospital.pk}"' in body
    assert f'value="{shenzhen_hospital.pk}"' not in body


@pytest.mark.parametrize("url_name", ADD_URLS)
def test_valid_post_saves_for_the_users_branch_and_records_an_event(url_name, claims_head, orgs, hospital):
    model = MODELS[url_name]
    data = {**valid_data(url_name, hospital), "org": orgs.shenzhen.pk}  # an org in the post is ignored
    response = client_for(claims_head).post(add_url(url_name), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("hospitals:activity"))
    record = model.objects.get()
    assert record.org == orgs.jilin
    assert record.hospital == hospital
    event = Event.objects.for_object(hospital).get()
    assert event.verb == VERBS[url_name]
    assert event.actor == claims_head
    assert event.org == orgs.jilin
    assert event.note


@pytest.mark.parametrize("url_name", ADD_URLS)
def test_valid_htmx_post_answers_204_with_a_refresh_trigger(url_name, claims_head, hospital):
    response = client_for(claims_head).post(add_url(url_name), valid_data(url_name, hospital), **HTMX)
    assert response.status_code == 204
    assert "-changed" in response["HX-Trigger"]
    assert MODELS[url_name].objects.count() == 1


def test_records_saved_values(claims_head, hospital):
    client = client_for(claims_head)
    client.post(add_url("hospitals:training_add"), valid_data("hospitals:training_add", hospital))
    client.post(add_url("hospitals:advisor_add"), valid_data("hospitals:advisor_add", hospital))
    client.post(add_url("hospitals:hk_case_add"), valid_data("hospitals:hk_case_add", hospital))
    training = Training.objects.get()
    assert training.closed_book_exam is True
    assert training.attendees == 12
    assert training.pass_rate == Decimal("91.50")
    assert MedicalAdvisor.objects.get().annual_fee == Decimal("12000.50")
    case = HkCase.objects.get()
    assert case.complaint and case.complaint_verified and case.on_time


def test_sub_branch_staff_record_for_their_branch(adjuster, orgs, hospital):
    response = client_for(adjuster).post(
        add_url("hospitals:training_add"), valid_data("hospitals:training_add", hospital)
    )
    assert response.status_code == 302
    assert Training.objects.get().org == orgs.jilin


@pytest.mark.parametrize("url_name", ADD_URLS)
@pytest.mark.parametrize("persona", ["branch_manager", "hq_approver"])
def test_readers_cannot_add(request, url_name, persona, hospital):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(add_url(url_name)).status_code == 403
    assert client.post(add_url(url_name), valid_data(url_name, hospital)).status_code == 403
    assert MODELS[url_name].objects.count() == 0


@pytest.mark.parametrize("url_name", ADD_URLS)
def test_non_network_role_gets_404_on_add(url_name, green_agent, hospital):
    client = client_for(green_agent)
    assert client.get(add_url(url_name)).status_code == 404
    assert client.post(add_url(url_name), valid_data(url_name, hospital)).status_code == 404
    assert MODELS[url_name].objects.count() == 0


@pytest.mark.parametrize("url_name", ADD_URLS)
def test_add_wrong_method(url_name, claims_head):
    client = client_for(claims_head)
    assert client.put(add_url(url_name)).status_code == 405
    assert client.delete(add_url(url_name)).status_code == 405


@pytest.mark.parametrize("url_name", ADD_URLS)
def test_another_branchs_hospital_is_refused(url_name, outsider, hospital, shenzhen_hospital):
    """Shenzhen's claims head posts Jilin's hospital by id: a form error on the hospital, nothing saved."""
    response = client_for(outsider).post(add_url(url_name), valid_data(url_name, hospital))
    assert response.status_code == 200
    assert 'data-testid="error-hospital"' in response.content.decode()
    assert MODELS[url_name].objects.count() == 0
    assert not Event.objects.exists()


def _invalid(client, url_name, hospital, field, **changes):
    data = {**valid_data(url_name, hospital), **changes}
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(add_url(url_name), data, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-testid="error-{field}"' in body, body
    assert MODELS[url_name].objects.count() == 0
    assert not Event.objects.exists()


@pytest.mark.parametrize("rate", ["100.01", "-1", "150"])
def test_training_pass_rate_between_0_and_100(claims_head, hospital, rate):
    _invalid(client_for(claims_head), "hospitals:training_add", hospital, "pass_rate", pass_rate=rate)


def test_training_needs_an_attendee(claims_head, hospital):
    _invalid(client_for(claims_head), "hospitals:training_add", hospital, "attendees", attendees="0")


def test_training_exam_needs_a_pass_rate(claims_head, hospital):
    _invalid(client_for(claims_head), "hospitals:training_add", hospital, "pass_rate", pass_rate="")


def test_training_without_exam_needs_no_pass_rate(claims_head, hospital):
    data = {**valid_data("hospitals:training_add", hospital), "pass_rate": ""}
    del data["closed_book_exam"]
    assert client_for(claims_head).post(add_url("hospitals:training_add"), data).status_code == 302
    training = Training.objects.get()
    assert training.closed_book_exam is False and training.pass_rate is None


def test_training_date_not_in_the_future(claims_head, hospital):
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    _invalid(client_for(claims_head), "hospitals:training_add", hospital, "on", on=tomorrow)


@pytest.mark.parametrize("end", ["start", "before"])
def test_advisor_term_ends_after_it_starts(claims_head, hospital, end):
    term_end = f"{TODAY.year}-01-01" if end == "start" else f"{TODAY.year - 1}-12-31"
    _invalid(client_for(claims_head), "hospitals:advisor_add", hospital, "term_end", term_end=term_end)


@pytest.mark.parametrize("fee", ["-0.01", "abc", "1.234"])
def test_advisor_fee_is_a_non_negative_amount(claims_head, hospital, fee):
    _invalid(client_for(claims_head), "hospitals:advisor_add", hospital, "annual_fee", annual_fee=fee)


def test_dispatch_time_not_in_the_future(claims_head, hospital):
    later = (timezone.localtime() + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    _invalid(client_for(claims_head), "hospitals:dispatch_add", hospital, "at", at=later)


@pytest.mark.parametrize("minutes", ["1441", "-1"])
def test_dispatch_response_minutes_between_0_and_1440(claims_head, hospital, minutes):
    _invalid(
        client_for(claims_head),
        "hospitals:dispatch_add",
        hospital,
        "response_minutes",
        response_minutes=minutes,
    )


def test_dispatch_response_boundaries_are_accepted(claims_head, hospital):
    client = client_for(claims_head)
    for minutes in ("0", "1440"):
        data = {**valid_data("hospitals:dispatch_add", hospital), "response_minutes": minutes}
        assert client.post(add_url("hospitals:dispatch_add"), data).status_code == 302
    assert sorted(EmergencyDispatch.objects.values_list("response_minutes", flat=True)) == [0, 1440]


def test_hk_verified_only_with_a_complaint(claims_head, hospital):
    _invalid(client_for(claims_head), "hospitals:hk_case_add", hospital, "complaint_verified", complaint=None)


def test_hk_opened_on_not_in_the_future(claims_head, hospital):
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    _invalid(client_for(claims_head), "hospitals:hk_case_add", hospital, "opened_on", opened_on=tomorrow)


def test_invalid_full_page_post_rerenders_the_page(claims_head, hospital):
    data = {**valid_data("hospitals:training_add", hospital), "attendees": "0"}
    response = client_for(claims_head).post(add_url("hospitals:training_add"), data)
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert not Training.objects.exists()


# --- maintenance log ------------------------------------------------------------------------------------
def maintenance_data(**changes):
    return {
        "kind": MaintenanceLog.Kind.HOLIDAY_VISIT,
        "on": TODAY.isoformat(),
        "note": "春节走访急诊科",
        **changes,
    }


def test_maintenance_add(claims_head, cooperation):
    client = client_for(claims_head)
    url = reverse("hospitals:maintenance_add", args=[cooperation.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-testid="maintenance-form"' in page.content.decode()
    response = client.post(url, maintenance_data())
    assert response.status_code == 302
    entry = MaintenanceLog.objects.get()
    assert (entry.cooperation, entry.by, entry.kind) == (cooperation, claims_head, "holiday_visit")
    event = Event.objects.for_object(cooperation).get()
    assert event.verb == "maintenance_recorded"
    assert event.actor == claims_head
    assert "春节走访急诊科" in event.note


def test_maintenance_add_htmx(claims_head, cooperation):
    client = client_for(claims_head)
    url = reverse("hospitals:maintenance_add", args=[cooperation.pk])
    fragment = client.get(url, **HTMX).content.decode()
    assert "<html" not in fragment and 'data-testid="maintenance-form"' in fragment
    response = client.post(url, maintenance_data(), **HTMX)
    assert response.status_code == 204
    assert f"maintenance-changed-{cooperation.pk}" in response["HX-Trigger"]
    assert MaintenanceLog.objects.count() == 1


def test_maintenance_other_branch_gets_404(outsider, cooperation):
    client = client_for(outsider)
    url = reverse("hospitals:maintenance_add", args=[cooperation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, maintenance_data()).status_code == 404
    assert client.get(reverse("hospitals:maintenance_list", args=[cooperation.pk])).status_code == 404
    assert not MaintenanceLog.objects.exists()


@pytest.mark.parametrize("persona", ["branch_manager", "hq_approver"])
def test_maintenance_readers_get_403(request, persona, cooperation):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("hospitals:maintenance_add", args=[cooperation.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, maintenance_data()).status_code == 403
    assert not MaintenanceLog.objects.exists()


def test_maintenance_non_network_role_gets_404(green_agent, cooperation):
    client = client_for(green_agent)
    assert (
        client.post(
            reverse("hospitals:maintenance_add", args=[cooperation.pk]), maintenance_data()
        ).status_code
        == 404
    )
    assert client.get(reverse("hospitals:maintenance_list", args=[cooperation.pk])).status_code == 404


def test_maintenance_missing_cooperation_404(claims_head, db):
    assert client_for(claims_head).get(reverse("hospitals:maintenance_add", args=[999999])).status_code == 404


def test_maintenance_wrong_method(claims_head, cooperation):
    client = client_for(claims_head)
    assert client.put(reverse("hospitals:maintenance_add", args=[cooperation.pk])).status_code == 405
    assert client.post(reverse("hospitals:maintenance_list", args=[cooperation.pk])).status_code == 405


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("on", {"on": (TODAY + dt.timedelta(days=1)).isoformat()}),
        ("note", {"note": "   "}),
        ("kind", {"kind": "party"}),
    ],
)
def test_maintenance_invalid_saves_nothing(claims_head, cooperation, field, changes):
    response = client_for(claims_head).post(
        reverse("hospitals:maintenance_add", args=[cooperation.pk]), maintenance_data(**changes), **HTMX
    )
    assert response.status_code == 200
    assert f'data-testid="error-{field}"' in response.content.decode()
    assert not MaintenanceLog.objects.exists()
    assert not Event.objects.exists()


def test_maintenance_partial_shows_the_last_20(claims_head, branch_manager, cooperation):
    entries = [
        MaintenanceLog.objects.create(
            cooperation=cooperation,
            kind="call",
            on=TODAY - dt.timedelta(days=i),
            note=f"电话{i}",
            by=claims_head,
        )
        for i in range(25)
    ]
    html = render_to_string(
        "hospitals/activity/_maintenance.html",
        maintenance_context(claims_head, cooperation),
        request=RequestFactory().get("/"),
    )
    assert row_pks(html, "maintenance") == {e.pk for e in entries[:20]}
    assert 'data-testid="maintenance-add"' in html
    html = render_to_string(
        "hospitals/activity/_maintenance.html", maintenance_context(branch_manager, cooperation)
    )
    assert 'data-testid="maintenance-add"' not in html
    body = client_for(branch_manager).get(reverse("hospitals:maintenance_list", args=[cooperation.pk]))
    assert body.status_code == 200
    assert len(row_pks(body.content.decode(), "maintenance")) == 20


# --- the change feed ------------------------------------------------------------------------------------
def feed_rows(body: str) -> set[int]:
    return row_pks(body, "feed")


@pytest.fixture
def network_events(claims_head, outsider, hospital, shenzhen_hospital, cooperation, orgs):
    sz_cooperation = Cooperation.objects.create(hospital=shenzhen_hospital, org=orgs.shenzhen)
    return {
        "jilin_hospital": record_event(hospital, "training_recorded", by=claims_head, note="培训"),
        "jilin_cooperation": record_event(
            cooperation, "shortlist", by=claims_head, from_state="collected", to_state="shortlisted"
        ),
        "shenzhen": record_event(sz_cooperation, "maintenance_recorded", by=outsider, note="走访"),
        "not_network": record_event(claims_head, "logged_in", by=claims_head),
    }


def test_feed_hq_sees_every_branch(hq_approver, network_events, orgs):
    client = client_for(hq_approver)
    body = client.get(reverse("hospitals:feed")).content.decode()
    expected = {network_events[k].pk for k in ("jilin_hospital", "jilin_cooperation", "shenzhen")}
    assert feed_rows(body) == expected
    body = client.get(reverse("hospitals:feed"), {"branch": orgs.shenzhen.pk}).content.decode()
    assert feed_rows(body) == {network_events["shenzhen"].pk}


def test_feed_kind_filter(hq_approver, network_events):
    body = client_for(hq_approver).get(reverse("hospitals:feed"), {"verb": "shortlist"}).content.decode()
    assert feed_rows(body) == {network_events["jilin_cooperation"].pk}


def test_feed_branch_sees_its_own(claims_head, branch_manager, outsider, network_events):
    jilin = {network_events["jilin_hospital"].pk, network_events["jilin_cooperation"].pk}
    for user in (claims_head, branch_manager):
        assert feed_rows(client_for(user).get(reverse("hospitals:feed")).content.decode()) == jilin
    body = client_for(outsider).get(reverse("hospitals:feed")).content.decode()
    assert feed_rows(body) == {network_events["shenzhen"].pk}
    assert "吉林大学第一医院" not in body


def test_feed_resolves_hospital_names_of_every_subject(hq_approver, hospital, cooperation, orgs):
    agreement = cooperation.agreements.get()
    record_event(hospital, "updated")
    record_event(cooperation, "sign", from_state="approved", to_state="signed")
    # Agreement has no org of its own: the event carries the cooperation's branch.
    event = record_event(agreement, "printed")
    Event.objects.filter(pk=event.pk).update(org=orgs.jilin)
    body = client_for(hq_approver).get(reverse("hospitals:feed")).content.decode()
    assert len(feed_rows(body)) == 3
    assert body.count('data-testid="feed-hospital">吉林大学第一医院<') == 3


def test_feed_non_network_role_gets_404(green_agent):
    assert client_for(green_agent).get(reverse("hospitals:feed")).status_code == 404


def test_feed_wrong_method(hq_approver):
    assert client_for(hq_approver).post(reverse("hospitals:feed")).status_code == 405


def test_feed_htmx_renders_the_list_only(hq_approver, network_events):
    body = client_for(hq_approver).get(reverse("hospitals:feed"), **HTMX).content.decode()
    assert "<html" not in body and 'data-testid="feed"' in body


def test_feed_paginates_by_50(claims_head, hospital):
    for i in range(55):
        record_event(hospital, "updated", by=claims_head, note=str(i))
    client = client_for(claims_head)
    assert len(feed_rows(client.get(reverse("hospitals:feed")).content.decode())) == 50
    assert len(feed_rows(client.get(reverse("hospitals:feed"), {"page": 2}).content.decode())) == 5


def test_feed_constant_queries(
    hq_approver, claims_head, orgs, hospital, shenzhen_hospital, django_assert_max_num_queries
):
    cooperation = hospital.cooperations.get()
    record_event(hospital, "updated", by=claims_head)
    client = client_for(hq_approver)
    with django_assert_max_num_queries(FEED_QUERIES):
        assert client.get(reverse("hospitals:feed")).status_code == 200
    for i in range(30):
        other = make_hospital(orgs.jilin, name=f"医院{i}")
        other_coop = Cooperation.objects.create(hospital=other, org=orgs.jilin)
        record_event(other, "updated", by=claims_head)
        record_event(other_coop, "shortlist", by=claims_head, from_state="collected", to_state="shortlisted")
        record_event(cooperation, "maintenance_recorded", by=claims_head)
    with django_assert_max_num_queries(FEED_QUERIES):
        assert client.get(reverse("hospitals:feed")).status_code == 200
