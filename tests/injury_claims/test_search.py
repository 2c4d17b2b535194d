"""The search of injured persons (seed 001 p32: "增加按人伤类别、估损金额、伤残等级、预约时间等维度查询、搜索人伤案件功能"), its saved
searches and export, the managers' overview, and 考评 (p31: "增加了对人伤环节中任意人员的考评功能")."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from injury_claims.evaluation_demo import DEFAULT_CRITERIA, seed_evaluation_criteria
from injury_claims.models import (
    EvaluationCriterion,
    InjuredPerson,
    InjuryCategory,
    Review,
    SavedSearch,
    StaffEvaluation,
)
from injury_claims.selectors.evaluation import workers_of
from injury_claims.services import claims as services
from injury_claims.services.evaluation import evaluate_staff
from organization.roles import Role
from tests.conftest import client_for
from tests.hospitals.conftest import make_hospital

from .conftest import VALID_ID, claim_data, person_data

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SEARCH = reverse("injury_claims:search")


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked in English (the zh_Hans catalogue translates them)."""
    with translation.override("en"):
        yield


def client_en(user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def category(code: str) -> InjuryCategory:
    return InjuryCategory.objects.get(code=code)


def register(org, handler, report_no: str, persons: list[dict]):
    return services.register_claim(claim_data(org, handler, report_no=report_no), persons, by=handler)


def set_state(name: str, state: str) -> None:
    InjuredPerson.objects.filter(name=name).update(state=state)


@pytest.fixture
def world(orgs, make_user, follow_up_handler):
    """Jilin: four persons in two claims (one in the sub-branch), Shenzhen: one person."""
    hospital = make_hospital(orgs.jilin)
    sub_handler = make_user(orgs.jilinshi, Role.INJURY_FOLLOW_UP, username="jls_follow")
    register(
        orgs.jilin,
        follow_up_handler,
        "RDAA2026220100000001",
        [
            person_data(
                "张伟",
                "inpatient",
                estimate=Decimal("8000"),
                hospital=hospital,
                disability_grade=3,
                next_follow_up_on=TODAY + datetime.timedelta(days=5),
                id_number=VALID_ID,
                mobile="13912345678",
            ),
            person_data(
                "李娜",
                "outpatient_minor",
                estimate=Decimal("800"),
                hospital_name="长春市朝阳区社区卫生服务中心",
                next_follow_up_on=TODAY - datetime.timedelta(days=2),
            ),
            person_data(
                "王强",
                "fracture",
                estimate=Decimal("30000"),
                disability_grade=9,
                next_follow_up_on=TODAY - datetime.timedelta(days=3),
            ),
        ],
    )
    set_state("王强", "closed")  # overdue date, but finished: not overdue
    register(
        orgs.jilinshi,
        sub_handler,
        "RDAA2026220200000002",
        [person_data("赵敏", "inpatient", estimate=Decimal("15000"), hospital_name="吉林市人民医院")],
    )
    sz_handler = make_user(orgs.shenzhen, Role.INJURY_FOLLOW_UP, username="sz_follow")
    register(
        orgs.shenzhen,
        sz_handler,
        "RDAA2026440300000009",
        [person_data("深圳人", "inpatient", estimate=Decimal("9000"), hospital_name="吉林大学第一医院分院")],
    )
    return {"hospital": hospital, "sub_handler": sub_handler, "sz_handler": sz_handler}


def names(client, params: dict | None = None) -> set[str]:
    response = client.get(SEARCH, params or {})
    assert response.status_code == 200
    return {p.name for p in response.context["page"].object_list}


# --- filters --------------------------------------------------------------------------------------------------
def test_each_filter_narrows_the_persons(world, claims_head, follow_up_handler, orgs):
    client = client_for(claims_head)
    jilin = {"张伟", "李娜", "王强", "赵敏"}
    assert names(client) == jilin
    cases = [
        ({"category": category("outpatient_minor").pk}, {"李娜"}),
        ({"estimate_min": "5000"}, {"张伟", "王强", "赵敏"}),
        ({"estimate_max": "8000"}, {"张伟", "李娜"}),
        ({"estimate_min": "1000", "estimate_max": "20000"}, {"张伟", "赵敏"}),
        ({"disability_grade": "3"}, {"张伟"}),
        ({"disability_grade": "any"}, {"张伟", "王强"}),
        ({"disability_grade": "none"}, {"李娜", "赵敏"}),
        ({"follow_up_from": TODAY.isoformat()}, {"张伟"}),
        ({"follow_up_to": TODAY.isoformat()}, {"李娜", "王强"}),
        (
            {
                "follow_up_from": (TODAY - datetime.timedelta(days=2)).isoformat(),
                "follow_up_to": (TODAY + datetime.timedelta(days=10)).isoformat(),
            },
            {"张伟", "李娜"},
        ),
        ({"state": ["closed"]}, {"王强"}),
        ({"state": ["closed", "first_follow_up"]}, jilin),
        ({"hospital": "吉林大学"}, {"张伟"}),
        ({"hospital": "社区卫生"}, {"李娜"}),
        ({"hospital_id": world["hospital"].pk}, {"张伟"}),
        ({"org": orgs.jilinshi.pk}, {"赵敏"}),
        ({"org": orgs.jilin.pk}, jilin),
        ({"handler": world["sub_handler"].pk}, {"赵敏"}),
        ({"handler": follow_up_handler.pk}, {"张伟", "李娜", "王强"}),
        ({"overdue": "on"}, {"李娜"}),
        ({"q": "220200"}, {"赵敏"}),
        ({"q": "李"}, {"李娜"}),
    ]
    for params, expected in cases:
        assert names(client, params) == expected, params


def test_a_report_number_matching_many_claims_still_finds_them_all(world, claims_head, monkeypatch):
    """The claims matching the text are looked up first: as a list when few, as a subquery past the cap."""
    from injury_claims.selectors import search

    client = client_for(claims_head)
    listed = names(client, {"q": "RDAA2026"})
    monkeypatch.setattr(search, "CLAIM_LIST_CAP", 1)
    assert names(client, {"q": "RDAA2026"}) == listed == {"张伟", "李娜", "王强", "赵敏"}
    assert names(client, {"q": "220200"}) == {"赵敏"}
    # a whole number typed (in any case) is found by its unique index
    assert (
        names(client, {"q": "RDAA2026220200000002"})
        == names(client, {"q": "rdaa2026220200000002"})
        == {"赵敏"}
    )


@pytest.mark.parametrize(
    "params, field",
    [
        ({"category": "abc"}, "category"),
        ({"estimate_min": "很多"}, "estimate_min"),
        ({"estimate_min": "-5"}, "estimate_min"),
        ({"disability_grade": "11"}, "disability_grade"),
        ({"follow_up_from": "2026-02-30"}, "follow_up_from"),
        ({"state": ["nowhere"]}, "state"),
        ({"handler": "999999"}, "handler"),
        ({"hospital_id": "x"}, "hospital_id"),
    ],
)
def test_an_invalid_filter_is_reported_and_ignored(world, claims_head, params, field):
    response = client_for(claims_head).get(SEARCH, params)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    body = response.content.decode()
    assert escape(form.errors[field][0]) in body
    assert {p.name for p in response.context["page"].object_list} == {"张伟", "李娜", "王强", "赵敏"}


def test_min_above_max_is_an_error_on_the_upper_amount_and_only_it_is_ignored(world, claims_head):
    response = client_for(claims_head).get(SEARCH, {"estimate_min": "9000", "estimate_max": "1000"})
    assert response.status_code == 200
    assert "estimate_max" in response.context["form"].errors
    assert {p.name for p in response.context["page"].object_list} == {"王强", "赵敏"}
    response = client_for(claims_head).get(
        SEARCH, {"follow_up_from": "2026-05-01", "follow_up_to": "2026-04-01"}
    )
    assert "follow_up_to" in response.context["form"].errors


def test_rows_show_the_masked_id_and_link_to_the_person(world, claims_head):
    body = client_for(claims_head).get(SEARCH, {"q": "张伟"}).content.decode()
    person = InjuredPerson.objects.get(name="张伟")
    assert person.id_masked and person.id_masked in body
    assert VALID_ID not in body and "13912345678" not in body
    assert reverse("injury_claims:person", args=[person.pk]) in body
    assert "¥8,000.00" in body
    assert '<details class="filters"' in body and "<summary>" in body


def test_the_page_costs_the_same_queries_whatever_the_rows(world, claims_head, follow_up_handler, orgs):
    client = client_for(claims_head)
    client.get(SEARCH)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(SEARCH).status_code == 200
    for n in range(12):
        register(
            orgs.jilin,
            follow_up_handler,
            f"RDAA20262201000001{n:02d}",
            [person_data(f"伤者{n}", "outpatient", hospital=make_hospital(orgs.jilin, name=f"医院{n}"))],
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(SEARCH)
    assert response.context["page"].paginator.count == 16
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_query_count_bound(world, claims_head, django_assert_max_num_queries):
    client = client_for(claims_head)
    client.get(SEARCH)
    with django_assert_max_num_queries(14):
        client.get(SEARCH, {"overdue": "on", "state": ["first_follow_up"]})


# --- scope ------------------------------------------------------------------------------------------------------
def test_another_branch_never_appears(world, outsider, adjuster, orgs):
    assert names(client_for(outsider)) == {"深圳人"}
    assert names(client_for(outsider), {"hospital": "吉林大学"}) == {"深圳人"}
    response = client_for(outsider).get(SEARCH, {"org": orgs.jilin.pk})
    assert "org" in response.context["form"].errors
    assert {p.name for p in response.context["page"].object_list} == {"深圳人"}
    # A sub-branch sees its own persons only.
    assert names(client_for(adjuster)) == {"赵敏"}
    export = client_for(outsider).get(reverse("injury_claims:search_export"))
    assert "张伟" not in _cells(export)


def test_who_may_search(world, hq_approver, make_user, orgs):
    green = make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username="green")
    for user in (hq_approver, green):
        assert client_for(user).get(SEARCH).status_code == 404
        assert client_for(user).get(reverse("injury_claims:search_export")).status_code == 404
    assert client_for(make_user(orgs.jilin, Role.BRANCH_MANAGER)).post(SEARCH).status_code == 405


# --- saved searches ---------------------------------------------------------------------------------------------
def test_save_list_and_delete_a_search(world, claims_head):
    client = client_en(claims_head)
    query = "estimate_min=5000&state=first_follow_up&page=3&nonsense=1"
    response = client.post(reverse("injury_claims:search_save"), {"name": "大额", "query": query})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=claims_head)
    assert saved.query == "estimate_min=5000&state=first_follow_up"
    assert response["Location"].endswith("?" + saved.query)
    page = client.get(SEARCH).content.decode()
    assert "大额" in page and saved.query.replace("&", "&amp;") in page
    # The same name again: its own error, nothing saved.
    again = client.post(reverse("injury_claims:search_save"), {"name": "大额", "query": "q=张"})
    assert again.status_code == 200
    assert "You already have a saved search called" in again.content.decode()
    assert SavedSearch.objects.count() == 1
    # The page re-rendered with the posted filters.
    assert {p.name for p in again.context["page"].object_list} == {"张伟"}
    assert client.post(reverse("injury_claims:search_delete", args=[saved.pk])).status_code == 302
    assert not SavedSearch.objects.exists()


def test_someone_elses_saved_search_is_404(world, claims_head, branch_manager, outsider):
    saved = SavedSearch.objects.create(owner=claims_head, name="mine", query="q=张")
    url = reverse("injury_claims:search_delete", args=[saved.pk])
    for user in (branch_manager, outsider):
        assert client_for(user).post(url).status_code == 404
        assert "mine" not in client_for(user).get(SEARCH).content.decode()
    assert client_for(claims_head).get(url).status_code == 405
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


def test_the_same_name_for_two_owners_is_fine(world, claims_head, branch_manager):
    for user in (claims_head, branch_manager):
        client_for(user).post(reverse("injury_claims:search_save"), {"name": "逾期", "query": "overdue=on"})
    assert SavedSearch.objects.filter(name="逾期").count() == 2


# --- export -----------------------------------------------------------------------------------------------------
def _rows(response) -> list[list]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def _cells(response) -> str:
    return "\n".join(str(value) for row in _rows(response) for value in row if value is not None)


def test_the_export_is_xlsx_with_masked_values_only(world, claims_head):
    InjuredPerson.objects.filter(name="李娜").update(hospital_name='=HYPERLINK("http://evil","点击")')
    response = client_for(claims_head).get(reverse("injury_claims:search_export"), {"estimate_max": "9000"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    header, body = rows[0], rows[1:]
    assert header[0] == "报案号"
    assert {row[1] for row in body} == {"张伟", "李娜"}
    zhang = next(row for row in body if row[1] == "张伟")
    person = InjuredPerson.objects.get(name="张伟")
    assert zhang[2] == person.id_masked and zhang[3] == person.mobile_masked == "139****5678"
    text = _cells(response)
    assert VALID_ID not in text and "13912345678" not in text
    li = next(row for row in body if row[1] == "李娜")
    assert li[6].startswith("'=HYPERLINK")


def test_the_export_is_capped_and_says_so(world, claims_head, monkeypatch):
    from injury_claims.views import search as views

    monkeypatch.setattr(views, "EXPORT_CAP", 2)
    rows = _rows(client_for(claims_head).get(reverse("injury_claims:search_export")))
    assert "Only the first 2 of 4 rows" in rows[0][0]
    assert len(rows) == 1 + 1 + 2  # the note, the header, two persons


def test_past_the_cap_the_page_says_more_than_instead_of_counting_everything(world, claims_head, monkeypatch):
    from injury_claims.views import search as views

    client = client_for(claims_head)
    assert _count_text(client.get(SEARCH)).startswith("4 名伤亡人员 ·")
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    response = client.get(SEARCH)
    assert "超过 3 名伤亡人员：请缩小查询范围。" in _count_text(response)  # More than 3 injured persons
    assert response.context["page"].paginator.count == 4  # cap + 1: the count stops there
    assert "导出最多含 10000 行，超出时导出文件会注明" in _count_text(response)  # at most 10,000 rows
    monkeypatch.setattr(views, "EXPORT_CAP", 3)
    assert "导出仅含前 3 行" in _count_text(client.get(SEARCH))  # the export holds the first 3 rows
    monkeypatch.setattr(views, "COUNT_CAP", 4)
    assert _count_text(client.get(SEARCH)).startswith("4 名伤亡人员 ·")


def _count_text(response) -> str:
    """The words of the line that says how many were found."""
    found = re.search(r'data-testid="count">(.*?)</p>', response.content.decode(), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


# --- evaluation (考评) -------------------------------------------------------------------------------------------
@pytest.fixture
def criteria(db):
    EvaluationCriterion.objects.all().delete()
    return [
        EvaluationCriterion.objects.create(code="timeliness", name="时效", max_points=20),
        EvaluationCriterion.objects.create(code="accuracy", name="准确", max_points=10),
        EvaluationCriterion.objects.create(code="old", name="旧", max_points=10, active=False),
    ]


def zhang() -> InjuredPerson:
    return InjuredPerson.objects.select_related("org", "handler").get(name="张伟")


def test_evaluate_someone_who_worked_on_the_case(world, criteria, claims_head, follow_up_handler):
    evaluation = evaluate_staff(
        zhang(), follow_up_handler, "handling", {"timeliness": 18, "accuracy": 7}, " 及时 ", by=claims_head
    )
    assert evaluation.total == Decimal("25")
    assert evaluation.scores == {"timeliness": 18, "accuracy": 7}
    assert evaluation.org_id == zhang().org_id and evaluation.comment == "及时"


@pytest.mark.parametrize(
    "scores, key",
    [
        ({"timeliness": 21, "accuracy": 5}, "score_timeliness"),
        ({"timeliness": -1, "accuracy": 5}, "score_timeliness"),
        ({"timeliness": 10}, "score_accuracy"),
        ({"timeliness": 10, "accuracy": 5, "old": 3}, "scores"),
        ({"timeliness": 10, "accuracy": 2.5}, "score_accuracy"),
    ],
)
def test_scores_stay_within_each_criterion(world, criteria, claims_head, follow_up_handler, scores, key):
    with pytest.raises(ValidationError) as refused:
        evaluate_staff(zhang(), follow_up_handler, "handling", scores, "", by=claims_head)
    assert key in refused.value.message_dict
    assert not StaffEvaluation.objects.exists()


def test_nobody_scores_themselves(world, criteria, claims_head):
    person = zhang()
    InjuredPerson.objects.filter(pk=person.pk).update(handler=claims_head)
    person = zhang()
    assert claims_head.pk in {w["staff"].pk for w in workers_of(person)}
    with pytest.raises(ValidationError, match="your own work"):
        evaluate_staff(person, claims_head, "handling", {"timeliness": 1, "accuracy": 1}, "", by=claims_head)


def test_only_people_who_worked_on_the_case_at_that_step(world, criteria, claims_head, make_user, orgs):
    stranger = make_user(orgs.jilin, Role.INJURY_FOLLOW_UP, username="stranger")
    with pytest.raises(ValidationError, match="did not work on this case"):
        evaluate_staff(zhang(), stranger, "handling", {"timeliness": 1, "accuracy": 1}, "", by=claims_head)
    handler = zhang().handler
    with pytest.raises(ValidationError) as refused:
        evaluate_staff(zhang(), handler, "review_cost", {"timeliness": 1, "accuracy": 1}, "", by=claims_head)
    assert "step" in refused.value.message_dict


def test_follow_up_authors_reviewers_and_event_actors_worked_on_the_case(
    world, criteria, follow_up_handler, reviewers, claims_head
):
    low, _high = reviewers
    person = zhang()
    services.submit_follow_up(
        person,
        {
            "contact_mode": "phone",
            "summary": "电话联系伤者",
            "estimate": Decimal("9000"),
            "mediation_offered": True,
            "outcome": "visit",
        },
        by=follow_up_handler,
    )
    Review.objects.filter(person=person).update(decided_by=low, state="approved")
    workers = {w["staff"].pk: dict(w["steps"]) for w in workers_of(person)}
    assert {"handling", "first_follow_up"} <= set(workers[follow_up_handler.pk])
    assert set(workers[low.pk]) == {"review_follow_up"}
    evaluation = evaluate_staff(
        person, low, "review_follow_up", {"timeliness": 20, "accuracy": 10}, "", by=claims_head
    )
    assert evaluation.total == 30


def test_an_evaluator_of_another_branch_is_refused(world, criteria, outsider, follow_up_handler):
    with pytest.raises(PermissionDenied):
        evaluate_staff(
            zhang(), follow_up_handler, "handling", {"timeliness": 1, "accuracy": 1}, "", by=outsider
        )
    url = reverse("injury_claims:evaluate", args=[zhang().pk])
    assert client_for(outsider).get(url).status_code == 404


def test_the_evaluation_page(world, criteria, claims_head, follow_up_handler, adjuster):
    person = zhang()
    url = reverse("injury_claims:evaluate", args=[person.pk])
    client = client_en(claims_head)
    page = client.get(url)
    assert page.status_code == 200
    assert f"{follow_up_handler.pk}:handling" in page.content.decode()
    refused = client.post(url, {"worker": f"{follow_up_handler.pk}:handling", "score_timeliness": "25"})
    assert refused.status_code == 200
    assert "At most 20 points for this criterion." in refused.content.decode()
    assert not StaffEvaluation.objects.exists()
    done = client.post(
        url,
        {
            "worker": f"{follow_up_handler.pk}:handling",
            "score_timeliness": "15",
            "score_accuracy": "8",
            "comment": "好",
        },
    )
    assert done.status_code == 302
    assert StaffEvaluation.objects.get().total == 23
    # Not an evaluator: the handler sees the person but may not score (403); a sub-branch never sees it (404).
    assert client_for(follow_up_handler).get(url).status_code == 403
    assert client_for(adjuster).get(url).status_code == 404


def test_no_criteria_set_up(world, claims_head, follow_up_handler):
    EvaluationCriterion.objects.all().delete()
    url = reverse("injury_claims:evaluate", args=[zhang().pk])
    client = client_en(claims_head)
    assert "No criteria are set up" in client.get(url).content.decode()
    refused = client.post(url, {"worker": f"{follow_up_handler.pk}:handling"})
    assert refused.status_code == 200
    assert "No criteria are set up" in refused.content.decode()
    assert not StaffEvaluation.objects.exists()


def test_a_new_installation_has_the_default_criteria(db):
    """Migration 0005 seeds the six criteria the demo seeder knows; HQ edits them as data."""
    assert sorted(EvaluationCriterion.objects.values_list("code", "max_points")) == sorted(
        (code, points) for code, _name, points in DEFAULT_CRITERIA
    )


def test_the_demo_seeder_sets_up_the_default_criteria_once(db):
    EvaluationCriterion.objects.all().delete()
    assert seed_evaluation_criteria() == {"evaluation criteria": len(DEFAULT_CRITERIA)}
    assert seed_evaluation_criteria() == {"evaluation criteria": 0}
    assert EvaluationCriterion.objects.filter(active=True).count() == len(DEFAULT_CRITERIA)


def test_the_summary_per_staff_member_within_scope(
    world, criteria, claims_head, branch_manager, follow_up_handler, outsider
):
    scores = {"timeliness": 20, "accuracy": 10}
    evaluate_staff(zhang(), follow_up_handler, "handling", scores, "", by=claims_head)
    evaluate_staff(
        zhang(), follow_up_handler, "handling", {"timeliness": 10, "accuracy": 0}, "", by=branch_manager
    )
    url = reverse("injury_claims:evaluations")
    response = client_for(claims_head).get(url)
    assert response.status_code == 200
    (row,) = response.context["summary"]
    assert row["staff"] == follow_up_handler and row["count"] == 2
    assert Decimal(row["average"]) == Decimal("20")
    assert timezone.localtime(row["last"]).date() == timezone.localdate()
    assert client_for(outsider).get(url).context["summary"] == []
    assert client_for(follow_up_handler).get(url).status_code == 404


# --- the managers' overview ------------------------------------------------------------------------------------
def test_overview_counts_by_step_age_and_category(
    world, branch_manager, outsider, django_assert_max_num_queries
):
    now = timezone.now()
    for name, days in (("张伟", 3), ("李娜", 10), ("王强", 40), ("赵敏", 100)):
        InjuredPerson.objects.filter(name=name).update(created_at=now - datetime.timedelta(days=days))
    client = client_for(branch_manager)
    client.get(reverse("injury_claims:overview"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("injury_claims:overview"))
    assert response.status_code == 200
    states = {row["code"]: row["cells"] for row in response.context["states"]}
    assert states["first_follow_up"] == [1, 1, 0, 1]
    assert states["closed"] == [0, 0, 1, 0]
    assert states["visit"] == [0, 0, 0, 0]
    assert response.context["totals"] == [1, 1, 1, 1] and response.context["total"] == 4
    categories = {row["code"]: row["count"] for row in response.context["categories"]}
    assert categories == {"inpatient": 2, "outpatient_minor": 1, "fracture": 1}
    body = response.content.decode()
    assert "<svg" in body and " style=" not in body
    assert client_for(outsider).get(reverse("injury_claims:overview")).context["total"] == 1


def test_who_sees_the_overview(world, make_user, orgs, adjuster, follow_up_handler, hq_approver):
    url = reverse("injury_claims:overview")
    for user in (
        make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="o_head"),
        make_user(orgs.jilin, Role.MEDICAL_REVIEW_HEAD, username="o_med"),
        make_user(orgs.hq, Role.MEDICAL_REVIEWER, username="o_hq"),
    ):
        assert client_for(user).get(url).status_code == 200, user
    hq_reader = make_user(orgs.hq, Role.MEDICAL_REVIEWER, username="o_hq2")
    assert client_for(hq_reader).get(url).context["total"] == 5
    for user in (adjuster, follow_up_handler, hq_approver):
        assert client_for(user).get(url).status_code == 404, user
