"""The hospital registry pages: list with filters, create and edit with inline validation, export."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from hospitals.models import Agreement, Cooperation, Hospital
from organization.roles import Role
from tests.conftest import client_for, download_export, english_client
from tests.hospitals.conftest import make_hospital
from workflow.models import Event

LIST = reverse("hospitals:list")
CREATE = reverse("hospitals:create")
EXPORT = reverse("hospitals:export")


@pytest.fixture
def green_agent(orgs, make_user):
    return make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username="jl_green")


def rows_of(response) -> list[int]:
    body = response.content.decode()
    return [int(part.split('"', 1)[0]) for part in body.split('data-testid="hospital-row" data-pk="')[1:]]


def form_data(**overrides) -> dict:
    data = {
        "name": "吉林省人民医院",
        "aliases": "省医院",
        "province": "22",
        "city": "长春市",
        "district": "朝阳区",
        "address": "工农大路1183号",
        "nature": "public",
        "grade": "3a",
        "kind": "general",
        "beds": "2000",
        "specialties": "骨科",
        "licence_number": "",
        "licence_valid_until": "",
        "emergency_phone": "0431-85595114",
        "emergency_contact": "急诊科",
        "itemised_billing": "on",
        "road_accident_patients": "",
    }
    return {**data, **overrides}


def with_agreement(hospital, org, *, state=Cooperation.State.COLLECTED, ends=None):
    cooperation = Cooperation.objects.create(hospital=hospital, org=org)
    if state != Cooperation.State.COLLECTED:
        Cooperation.objects.filter(pk=cooperation.pk).update(state=state)
    if ends is not None:
        Agreement.objects.create(
            cooperation=cooperation,
            term_start=ends - dt.timedelta(days=365),
            term_end=ends,
            insurer_signatory="甲",
            hospital_signatory="乙",
        )
    return cooperation


# --- list ------------------------------------------------------------------------------------------------------
def test_list_shows_own_branch_only_with_state_and_agreement_end(
    claims_head, hospital, shenzhen_hospital, orgs
):
    ends = timezone.localdate() + dt.timedelta(days=40)
    with_agreement(hospital, orgs.jilin, state=Cooperation.State.ACTIVE, ends=ends)
    response = client_for(claims_head).get(LIST)
    assert response.status_code == 200
    assert rows_of(response) == [hospital.pk]
    body = response.content.decode()
    assert 'data-state="active"' in body
    assert ends.isoformat() in body
    assert reverse("hospitals:detail", args=[hospital.pk]) in body
    assert 'data-testid="new-hospital"' in body and 'data-testid="export"' in body


def test_list_readers_see_no_write_buttons(branch_manager, hq_approver, hospital, shenzhen_hospital):
    body = client_for(branch_manager).get(LIST).content.decode()
    assert 'data-testid="new-hospital"' not in body and 'data-testid="import-hospitals"' not in body
    assert 'data-testid="export"' in body
    hq = client_for(hq_approver).get(LIST)
    assert sorted(rows_of(hq)) == sorted([hospital.pk, shenzhen_hospital.pk])
    assert 'data-testid="new-hospital"' not in hq.content.decode()


def test_list_non_network_role_gets_404(green_agent, hospital, client):
    assert client_for(green_agent).get(LIST).status_code == 404
    assert client.get(LIST).status_code == 302  # anonymous: to the login page


def test_list_wrong_method_405(claims_head):
    assert client_for(claims_head).post(LIST).status_code == 405


def test_list_filters(claims_head, orgs):
    today = timezone.localdate()
    a = make_hospital(
        orgs.jilin, name="甲医院", city="长春市", grade="3a", nature="public", address="人民大街1号"
    )
    b = make_hospital(
        orgs.jilin, name="乙医院", city="吉林市", grade="2a", nature="private", aliases="江城医院"
    )
    c = make_hospital(orgs.jilin, name="丙医院", city="长春市", grade="2a", nature="public")
    with_agreement(a, orgs.jilin, state=Cooperation.State.ACTIVE, ends=today + dt.timedelta(days=20))
    with_agreement(b, orgs.jilin, state=Cooperation.State.ACTIVE, ends=today + dt.timedelta(days=200))
    with_agreement(c, orgs.jilin, state=Cooperation.State.SHORTLISTED)
    client = client_for(claims_head)

    def pks(**params):
        return sorted(rows_of(client.get(LIST, params)))

    assert pks(city="长春市") == sorted([a.pk, c.pk])
    assert pks(grade="2a") == sorted([b.pk, c.pk])
    assert pks(nature="private") == [b.pk]
    assert pks(state="shortlisted") == [c.pk]
    assert pks(expiring="30") == [a.pk]
    assert pks(expiring="365") == sorted([a.pk, b.pk])
    assert pks(q="江城") == [b.pk]  # other names
    assert pks(q="人民大街") == [a.pk]  # address
    assert pks(city="长春市", grade="2a") == [c.pk]


def test_list_expired_agreement_is_not_expiring(claims_head, hospital, orgs):
    with_agreement(hospital, orgs.jilin, ends=timezone.localdate() - dt.timedelta(days=1))
    assert rows_of(client_for(claims_head).get(LIST, {"expiring": "60"})) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"expiring": "0"}, "expiring"),
        ({"expiring": "9999"}, "expiring"),
        ({"expiring": "abc"}, "expiring"),
        ({"grade": "三甲"}, "grade"),
        ({"state": "nonsense"}, "state"),
        ({"city": "深圳市"}, "city"),
    ],
)
def test_list_invalid_filter_is_reported_and_ignored(claims_head, hospital, params, field):
    response = client_for(claims_head).get(LIST, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="filter-errors"' in body and f'data-field="{field}"' in body
    assert rows_of(response) == [hospital.pk]


def test_list_htmx_renders_results_partial(claims_head, hospital):
    response = client_for(claims_head).get(LIST, {"grade": "3a"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body
    assert rows_of(response) == [hospital.pk]


def test_list_paginates_50(claims_head, orgs):
    Hospital.objects.bulk_create(
        [
            Hospital(
                org=orgs.jilin,
                name=f"医院{i:03}",
                province="22",
                city="长春市",
                address="路",
                nature="public",
                grade="3a",
            )
            for i in range(55)
        ]
    )
    client = client_for(claims_head)
    assert len(rows_of(client.get(LIST))) == 50
    assert len(rows_of(client.get(LIST, {"page": "2"}))) == 5


def _many(orgs, n, start=0):
    hospitals = Hospital.objects.bulk_create(
        [
            Hospital(
                org=orgs.jilin,
                name=f"医院{i}",
                province="22",
                city="长春市",
                address="路",
                nature="public",
                grade="3a",
            )
            for i in range(start, start + n)
        ]
    )
    coops = Cooperation.objects.bulk_create([Cooperation(hospital=h, org=orgs.jilin) for h in hospitals])
    today = timezone.localdate()
    Agreement.objects.bulk_create(
        [
            Agreement(
                cooperation=c,
                term_start=today,
                term_end=today + dt.timedelta(days=30),
                insurer_signatory="甲",
                hospital_signatory="乙",
            )
            for c in coops
        ]
    )


def test_list_query_count_is_constant(claims_head, orgs, django_assert_max_num_queries):
    client = client_for(claims_head)
    _many(orgs, 3)
    client.get(LIST)  # warm the session
    with django_assert_max_num_queries(12) as small:
        client.get(LIST, {"expiring": "60"})
    _many(orgs, 57, start=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(LIST, {"expiring": "60"})
    assert len(rows_of(response)) == 50


# --- create ----------------------------------------------------------------------------------------------------
def test_create_hospital_with_cooperation_and_event(claims_head, orgs):
    response = client_for(claims_head).post(CREATE, form_data())
    hospital = Hospital.objects.get(name="吉林省人民医院")
    assert response.status_code == 302
    assert response.url == reverse("hospitals:detail", args=[hospital.pk])
    assert hospital.org == orgs.jilin and hospital.itemised_billing and hospital.beds == 2000
    cooperation = Cooperation.objects.get(hospital=hospital)
    assert (cooperation.org, cooperation.state, cooperation.created_by) == (
        orgs.jilin,
        "collected",
        claims_head,
    )
    assert list(Event.objects.for_object(hospital).values_list("verb", "actor")) == [
        ("created", claims_head.pk)
    ]


def test_create_from_sub_branch_belongs_to_branch(adjuster, orgs):
    assert client_for(adjuster).post(CREATE, form_data()).status_code == 302
    assert Hospital.objects.get().org == orgs.jilin


def test_create_ignores_posted_org(claims_head, orgs):
    client_for(claims_head).post(CREATE, form_data(org=str(orgs.shenzhen.pk)))
    assert Hospital.objects.get().org == orgs.jilin


def test_create_get_shows_form(claims_head):
    body = client_for(claims_head).get(CREATE).content.decode()
    assert 'data-testid="hospital-form"' in body and "hx-post" in body


@pytest.mark.parametrize("persona", ["branch_manager", "hq_approver"])
def test_create_read_only_roles_403(request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert not Hospital.objects.exists()


def test_create_non_network_role_404(green_agent):
    assert client_for(green_agent).post(CREATE, form_data()).status_code == 404
    assert not Hospital.objects.exists()


def test_create_wrong_method_405(claims_head):
    assert client_for(claims_head).put(CREATE).status_code == 405


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"emergency_phone": "120"}, "emergency_phone"),
        ({"emergency_phone": "12345"}, "emergency_phone"),
        ({"name": ""}, "name"),
        ({"grade": "三甲"}, "grade"),
        ({"beds": "-3"}, "beds"),
    ],
)
def test_create_invalid_rerenders_200_and_changes_nothing(claims_head, overrides, field):
    response = client_for(claims_head).post(CREATE, form_data(**overrides))
    assert response.status_code == 200
    assert f'data-testid="error-{field}"' in response.content.decode()
    assert not Hospital.objects.exists() and not Cooperation.objects.exists() and not Event.objects.exists()


def test_create_duplicate_name_city_gets_specific_message(claims_head, shenzhen_hospital):
    data = form_data(name=shenzhen_hospital.name, city=shenzhen_hospital.city)
    response = client_for(claims_head).post(CREATE, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("name", "duplicate") and not form.non_field_errors()
    assert Hospital.objects.count() == 1


def test_create_validate_only_renders_form_partial_and_saves_nothing(claims_head):
    response = client_for(claims_head).post(
        CREATE,
        form_data(emergency_phone="120", address="", _validate="1"),
        headers={"HX-Request": "true", "HX-Trigger-Name": "emergency_phone"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<form") and "<html" not in body
    assert 'data-testid="error-emergency_phone"' in body
    assert 'data-testid="error-address"' not in body  # not touched yet: no error shown
    assert not Hospital.objects.exists()


def test_validate_only_with_valid_data_saves_nothing(claims_head):
    response = client_for(claims_head).post(CREATE, form_data(_validate="1"), headers={"HX-Request": "true"})
    assert response.status_code == 200 and "errorlist" not in response.content.decode()
    assert not Hospital.objects.exists()


# --- edit ------------------------------------------------------------------------------------------------------
def edit_url(hospital):
    return reverse("hospitals:edit", args=[hospital.pk])


def current(hospital) -> dict:
    data = form_data(
        name=hospital.name, city=hospital.city, address=hospital.address, district=hospital.district,
        emergency_phone=hospital.emergency_phone, beds=str(hospital.beds), aliases="", specialties=hospital.specialties,
    )  # fmt: skip
    return data


def test_edit_saves_and_records_changed_fields(claims_head, hospital):
    response = client_for(claims_head).post(
        edit_url(hospital), current(hospital) | {"beds": "7000", "grade": "3b"}
    )
    assert response.status_code == 302
    hospital.refresh_from_db()
    assert (hospital.beds, hospital.grade) == (7000, "3b")
    event = Event.objects.for_object(hospital).get()
    assert event.verb == "edited" and event.actor == claims_head
    assert set(event.note.split(", ")) >= {"床位数", "等级"}  # the fields' names, as people read them


def test_a_save_from_a_form_loaded_before_someone_else_saved_is_refused(
    claims_head, hospital, make_user, orgs
):
    """Two people open the same entry; the first saves the beds, the second then saves the phone from the form
    they loaded before: the second is told, and the first one's beds are not put back."""
    colleague = make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="jl_head_2")
    loaded = hospital.updated_at.isoformat()
    assert (
        f'name="loaded" value="{loaded}"' in client_for(claims_head).get(edit_url(hospital)).content.decode()
    )
    first = client_for(colleague).post(
        edit_url(hospital), current(hospital) | {"beds": "7000", "loaded": loaded}
    )
    assert first.status_code == 302
    second = english_client(claims_head).post(
        edit_url(hospital), current(hospital) | {"emergency_phone": "0431-88780000", "loaded": loaded}
    )
    assert second.status_code == 200
    assert "Someone else saved this hospital while you were editing it." in second.content.decode()
    hospital.refresh_from_db()
    assert (hospital.beds, hospital.emergency_phone) == (7000, "0431-88782222")
    assert Event.objects.for_object(hospital).filter(verb="edited").count() == 1


def test_edit_get_shows_current_values(claims_head, hospital):
    response = client_for(claims_head).get(edit_url(hospital))
    assert response.status_code == 200
    assert response.context["form"].initial["name"] == hospital.name


def test_edit_invalid_changes_nothing(claims_head, hospital):
    response = client_for(claims_head).post(
        edit_url(hospital), current(hospital) | {"emergency_phone": "120"}
    )
    assert response.status_code == 200
    hospital.refresh_from_db()
    assert hospital.emergency_phone == "0431-88782222" and not Event.objects.exists()


def test_edit_duplicate_of_another_hospital(claims_head, hospital, orgs):
    other = make_hospital(orgs.jilin, name="吉林省肿瘤医院")
    response = client_for(claims_head).post(edit_url(other), current(other) | {"name": hospital.name})
    assert response.status_code == 200 and response.context["form"].has_error("name", "duplicate")
    other.refresh_from_db()
    assert other.name == "吉林省肿瘤医院"


def test_edit_validate_only_saves_nothing(claims_head, hospital):
    response = client_for(claims_head).post(
        edit_url(hospital),
        current(hospital) | {"beds": "10", "_validate": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    hospital.refresh_from_db()
    assert hospital.beds == 6500


def test_edit_permissions(branch_manager, outsider, hq_approver, green_agent, hospital):
    url = edit_url(hospital)
    assert client_for(branch_manager).post(url, current(hospital)).status_code == 403
    assert client_for(hq_approver).post(url, current(hospital)).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url, current(hospital) | {"beds": "1"}).status_code == 404
    assert client_for(green_agent).get(url).status_code == 404
    assert client_for(branch_manager).delete(url).status_code == 405
    hospital.refresh_from_db()
    assert hospital.beds == 6500


# --- export ----------------------------------------------------------------------------------------------------
def read_xlsx(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def test_export_contains_filtered_rows_only(branch_manager, orgs, shenzhen_hospital):
    ends = timezone.localdate() + dt.timedelta(days=10)
    a = make_hospital(orgs.jilin, name="甲医院", grade="3a")
    make_hospital(orgs.jilin, name="乙医院", grade="2a")
    with_agreement(a, orgs.jilin, state=Cooperation.State.ACTIVE, ends=ends)
    response = download_export(client_for(branch_manager), EXPORT, {"grade": "3a"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="hospitals-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    header, *rows = read_xlsx(response)
    assert header[:3] == ("医院名称", "别名", "省份") and "合作状态" in header
    assert [row[0] for row in rows] == ["甲医院"]
    row = dict(zip(header, rows[0], strict=True))
    assert (row["省份"], row["等级"], row["性质"]) == ("吉林省", "三级甲等", "公立")
    assert row["协议到期日"].date() == ends


def test_export_is_not_limited_to_one_page(branch_manager, orgs):
    _many(orgs, 60)
    assert len(read_xlsx(download_export(client_for(branch_manager), EXPORT))) == 61


def test_export_permissions(green_agent, claims_head, outsider, hospital):
    assert client_for(green_agent).post(EXPORT).status_code == 404
    assert client_for(claims_head).get(EXPORT).status_code == 405
    response = download_export(client_for(claims_head), EXPORT)
    # The job and its file are the requester's only.
    job_url = response.wsgi_request.path.rsplit("download/", 1)[0]
    assert client_for(outsider).get(job_url).status_code == 404
    assert client_for(outsider).get(response.wsgi_request.path).status_code == 404


def test_export_runs_in_the_worker_not_in_the_request(branch_manager, orgs):
    """Issue 7: the export ran inside the request; now the request only queues it and the page follows it."""
    from documents.models import Job

    _many(orgs, 3)
    client = client_for(branch_manager)
    response = client.post(EXPORT, {"grade": "3a"})
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == "pending" and not job.file
    assert job.params == {"filters": {"grade": "3a"}, "back": reverse("hospitals:list") + "?grade=3a"}
    page = client.get(reverse("documents:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in page and 'data-status="pending"' in page
