"""Coverage rules (DOMAIN.md §2 设立数量) and the coverage pages: HQ's national view and one branch's places."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hospitals import coverage
from hospitals.models import Cooperation, CoverageStandard
from organization.models import OrgUnit
from organization.roles import Role
from tests.conftest import client_for
from tests.factories import SecondaryFactory, TertiaryFactory
from tests.hospitals.conftest import in_network, make_hospital

State = Cooperation.State
_names = count(1)


def network(org, n: int = 1, *, state=State.ACTIVE, city: str = "长春市", district: str = "") -> list:
    """n hospitals in the place, each cooperating with `org` in `state` (created directly in that state)."""
    made = []
    for _ in range(n):
        hospital = make_hospital(org, name=f"测试医院{next(_names)}", city=city, district=district)
        made.append(in_network(Cooperation.objects.create(hospital=hospital, org=org), state=state))
    return made


def places_of(result: coverage.OrgCoverage) -> dict[str, tuple[str, int, int, int]]:
    return {p.label: (p.kind, p.required, p.active, p.shortfall) for p in result.places}


def rows(body: str, testid: str) -> list[dict[str, str]]:
    """The data-* attributes of every element carrying data-testid=testid."""
    tags = re.findall(rf'<[a-z]+ [^>]*data-testid="{testid}"[^>]*>', body)
    return [dict(re.findall(r'data-([\w-]+)="([^"]*)"', tag)) for tag in tags]


@pytest.fixture
def standard(db) -> CoverageStandard:
    return coverage.standard_in_force()


# --- the rule -----------------------------------------------------------------------------------------------
def test_standard_in_force_is_the_seeded_one(standard):
    assert (standard.home_city_minimum, standard.minimum_at_or_above, standard.minimum_below) == (4, 2, 1)
    assert standard.premium_threshold == Decimal("15000000") and standard.minimum_per_metro_city == 1


@pytest.mark.parametrize(
    ("premium", "required"),
    [("14999999.99", 1), ("15000000", 2), ("15000000.00", 2), ("15000000.01", 2), ("0", 1), ("42000000", 2)],
)
def test_premium_boundary_pure(standard, premium, required):
    assert coverage.required_for_premium(Decimal(premium), standard) == required


def test_premium_boundary_on_live_sub_branches(orgs, standard):
    OrgUnit.objects.filter(pk=orgs.jilinshi.pk).update(annual_motor_premium=Decimal("14999999.99"))
    TertiaryFactory(
        parent=orgs.jilin, code="jl-yanji", city="延吉市", annual_motor_premium=Decimal("15000000")
    )
    TertiaryFactory(
        parent=orgs.jilin, code="jl-siping", city="四平市", annual_motor_premium=Decimal("15000000.01")
    )
    result = coverage.coverage_for_org(orgs.jilin)
    assert places_of(result) == {
        "长春市": ("home", 4, 0, 4),
        "吉林市": ("sub_branch", 1, 0, 1),
        "延吉市": ("sub_branch", 2, 0, 2),
        "四平市": ("sub_branch", 2, 0, 2),
    }
    assert (result.required, result.active, result.shortfall, result.met) == (9, 0, 9, False)


def test_provincial_capital_shortfall_arithmetic(orgs):
    network(orgs.jilin, 3, city="长春市", district="朝阳区")
    network(orgs.jilin, 1, city="吉林市", district="船营区")
    result = coverage.coverage_for_org(orgs.jilin)
    # jilinshi's premium is 18,000,000: at or above the threshold → 2.
    assert places_of(result) == {"长春市": ("home", 4, 3, 1), "吉林市": ("sub_branch", 2, 1, 1)}
    assert (result.required, result.active, result.shortfall, result.credited) == (6, 4, 2, 4)
    network(orgs.jilin, 2, city="长春市")
    network(orgs.jilin, 1, city="吉林市")
    result = coverage.coverage_for_org(orgs.jilin)
    # Surplus in the home city (5 > 4) does not make up for anything elsewhere; here nothing is short.
    assert places_of(result) == {"长春市": ("home", 4, 5, 0), "吉林市": ("sub_branch", 2, 2, 0)}
    assert (result.required, result.active, result.shortfall, result.met) == (6, 7, 0, True)


def test_surplus_in_one_place_does_not_cover_another(orgs):
    network(orgs.jilin, 9, city="长春市")
    result = coverage.coverage_for_org(orgs.jilin)
    assert places_of(result)["吉林市"] == ("sub_branch", 2, 0, 2)
    assert (result.shortfall, result.active, result.credited) == (2, 9, 4)


def test_sub_branch_in_the_home_city_is_counted_separately_against_the_same_hospitals(orgs):
    changchun = TertiaryFactory(
        parent=orgs.jilin, code="jl-changchun", city="长春市", annual_motor_premium=Decimal("20000000")
    )
    network(orgs.jilin, 3, city="长春市")
    result = coverage.coverage_for_org(orgs.jilin)
    kinds = [(p.label, p.kind, p.required, p.active, p.shortfall) for p in result.places]
    assert ("长春市", "home", 4, 3, 1) in kinds
    assert ("长春市", "sub_branch", 2, 3, 0) in kinds
    sub = next(p for p in result.places if p.kind == "sub_branch" and p.label == "长春市")
    assert sub.sub_branches == (changchun.name,)


def test_two_sub_branches_in_one_city_each_have_their_requirement(orgs):
    TertiaryFactory(parent=orgs.jilin, code="jl-x", city="吉林市", annual_motor_premium=Decimal("1000000"))
    network(orgs.jilin, 2, city="吉林市")
    result = coverage.coverage_for_org(orgs.jilin)
    subs = [(p.required, p.active, p.shortfall) for p in result.places if p.kind == "sub_branch"]
    assert sorted(subs) == [(1, 2, 0), (2, 2, 0)]


def test_metropolitan_type_matches_districts(orgs):
    for code, district in [
        ("sz-ns", "南山区"),
        ("sz-ns2", "南山区"),
        ("sz-ba", "宝安区"),
        ("sz-lg", "龙岗区"),
    ]:
        # The premium plays no part for the metropolitan type.
        TertiaryFactory(parent=orgs.shenzhen, code=code, city=district, annual_motor_premium=Decimal("1"))
    network(orgs.shenzhen, 2, city="深圳市", district="南山区")
    network(orgs.shenzhen, 2, city="深圳市", district="福田区")
    result = coverage.coverage_for_org(orgs.shenzhen)
    assert places_of(result) == {
        "深圳市": ("home", 4, 4, 0),
        "南山区": ("metro_city", 1, 2, 0),
        "宝安区": ("metro_city", 1, 0, 1),
        "龙岗区": ("metro_city", 1, 0, 1),
    }
    assert len(result.places) == 4  # two sub-branches in 南山区: one place
    nanshan = next(p for p in result.places if p.label == "南山区")
    assert len(nanshan.sub_branches) == 2
    assert (result.required, result.active, result.shortfall) == (7, 4, 2)


def test_metropolitan_city_with_a_sub_branch_matches_by_city_too(orgs):
    TertiaryFactory(parent=orgs.shenzhen, code="sz-dg", city="东莞市", annual_motor_premium=Decimal("1"))
    network(orgs.shenzhen, 1, city="东莞市", district="南城街道")
    assert places_of(coverage.coverage_for_org(orgs.shenzhen))["东莞市"] == ("metro_city", 1, 1, 0)


@pytest.mark.parametrize(
    ("state", "counts"),
    [
        (State.ACTIVE, True),
        (State.RECTIFICATION, True),
        (State.RENEWAL_DUE, True),
        (State.COLLECTED, False),
        (State.NEGOTIATING, False),
        (State.SUBMITTED, False),
        (State.APPROVED, False),
        (State.SIGNED, False),
        (State.REJECTED, False),
        (State.TERMINATED, False),
    ],
)
def test_only_in_network_states_count(orgs, state, counts):
    network(orgs.jilin, 1, state=state, city="长春市")
    result = coverage.coverage_for_org(orgs.jilin)
    assert places_of(result)["长春市"][2] == (1 if counts else 0)
    assert result.active == (1 if counts else 0)


def test_another_branchs_hospitals_in_the_same_city_do_not_count(orgs):
    network(orgs.shenzhen, 3, city="长春市")
    network(orgs.shenzhen, 2, city="吉林市")
    # And the same hospital cooperating with both branches counts once, for Jilin's own cooperation only.
    shared = make_hospital(orgs.jilin, name="共享医院", city="长春市")
    in_network(Cooperation.objects.create(hospital=shared, org=orgs.shenzhen))
    in_network(Cooperation.objects.create(hospital=shared, org=orgs.jilin))
    result = coverage.coverage_for_org(orgs.jilin)
    assert places_of(result) == {"长春市": ("home", 4, 1, 3), "吉林市": ("sub_branch", 2, 0, 2)}


def test_inactive_sub_branches_need_nothing(orgs):
    TertiaryFactory(parent=orgs.jilin, code="jl-closed", city="通化市", is_active=False)
    assert "通化市" not in places_of(coverage.coverage_for_org(orgs.jilin))


def test_a_newer_standard_changes_the_requirement(orgs):
    today = timezone.localdate()
    network(orgs.jilin, 4, city="长春市")
    network(orgs.jilin, 2, city="吉林市")
    assert coverage.coverage_for_org(orgs.jilin).met
    CoverageStandard.objects.create(
        effective_from=today + datetime.timedelta(days=30),
        home_city_minimum=9,
        premium_threshold=Decimal("1"),
        minimum_at_or_above=9,
        minimum_below=9,
        minimum_per_metro_city=9,
    )
    assert coverage.coverage_for_org(orgs.jilin).met  # not in force yet
    CoverageStandard.objects.create(
        effective_from=today - datetime.timedelta(days=1),
        home_city_minimum=6,
        premium_threshold=Decimal("20000000"),  # jilinshi's 18,000,000 is now below
        minimum_at_or_above=3,
        minimum_below=3,
        minimum_per_metro_city=2,
    )
    result = coverage.coverage_for_org(orgs.jilin)
    assert places_of(result) == {"长春市": ("home", 6, 4, 2), "吉林市": ("sub_branch", 3, 2, 1)}
    assert result.standard.effective_from == today - datetime.timedelta(days=1)
    TertiaryFactory(parent=orgs.shenzhen, code="sz-ns", city="南山区")
    assert places_of(coverage.coverage_for_org(orgs.shenzhen))["南山区"] == ("metro_city", 2, 0, 2)
    later = coverage.coverage_for_org(orgs.jilin, on=today + datetime.timedelta(days=30))
    assert places_of(later)["长春市"] == ("home", 9, 4, 5)


def test_no_standard_in_force(orgs):
    CoverageStandard.objects.all().delete()
    with pytest.raises(coverage.NoCoverageStandard):
        coverage.coverage_for_org(orgs.jilin)


def test_coverage_for_org_refuses_other_levels(orgs):
    with pytest.raises(ValueError):
        coverage.coverage_for_org(orgs.jilinshi)


def test_national_coverage_puts_shortfalls_first_with_totals(orgs):
    sichuan = SecondaryFactory(code="sichuan", parent=orgs.hq, province="51", claims_city="成都市")
    network(sichuan, 4, city="成都市")  # met: no sub-branches
    network(orgs.jilin, 4, city="长春市")  # short by 2 in 吉林市
    network(orgs.shenzhen, 1, city="深圳市")  # short by 3
    national = coverage.national_coverage()
    assert [c.org.code for c in national.orgs] == ["shenzhen", "jilin", "sichuan"]
    assert [(c.required, c.active, c.shortfall, c.met) for c in national.orgs] == [
        (4, 1, 3, False),
        (6, 4, 2, False),
        (4, 4, 0, True),
    ]
    assert (national.required, national.active, national.shortfall, national.orgs_short) == (14, 9, 5, 2)
    assert national.by_pk[orgs.jilin.pk].places == coverage.coverage_for_org(orgs.jilin).places


def test_query_counts_of_the_computation_are_constant(orgs, django_assert_num_queries):
    with django_assert_num_queries(3):
        coverage.coverage_for_org(orgs.jilin)
    with django_assert_num_queries(3):
        coverage.national_coverage()
    _more_data(orgs)
    with django_assert_num_queries(3):
        coverage.coverage_for_org(orgs.jilin)
    with django_assert_num_queries(3):
        coverage.national_coverage()


def _more_data(orgs) -> None:
    for i in range(6):
        TertiaryFactory(parent=orgs.jilin, city=f"市{i}", annual_motor_premium=Decimal(i * 5_000_000))
        TertiaryFactory(parent=orgs.shenzhen, city=f"区{i}")
        network(orgs.jilin, 2, city=f"市{i}")
        network(orgs.shenzhen, 1, city="深圳市", district=f"区{i}")
    for i in range(4):
        branch = SecondaryFactory(parent=orgs.hq, claims_city=f"城{i}")
        TertiaryFactory(parent=branch, city=f"县{i}")
        network(branch, 3, city=f"城{i}", state=State.RENEWAL_DUE)


# --- pages --------------------------------------------------------------------------------------------------
def test_hq_approver_sees_the_national_view(orgs, hq_approver):
    network(orgs.jilin, 4, city="长春市")
    response = client_for(hq_approver).get(reverse("hospitals:coverage"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="coverage-national"' in body
    found = {row["org"]: row for row in rows(body, "coverage-org")}
    assert found["jilin"] == {
        "testid": "coverage-org",
        "org": "jilin",
        "type": "provincial_capital",
        "required": "6",
        "active": "4",
        "shortfall": "2",
        "met": "false",
    }
    assert (found["shenzhen"]["required"], found["shenzhen"]["shortfall"]) == ("4", "4")
    assert [row["org"] for row in rows(body, "coverage-org")] == ["shenzhen", "jilin"]
    (total,) = rows(body, "coverage-total")
    assert (total["required"], total["active"], total["shortfall"]) == ("10", "4", "6")
    assert reverse("hospitals:coverage_org", args=[orgs.jilin.pk]) in body
    assert 'data-testid="short"' in body


def test_branch_manager_sees_own_branch_places(orgs, branch_manager):
    network(orgs.jilin, 2, city="吉林市")
    response = client_for(branch_manager).get(reverse("hospitals:coverage"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="coverage-national"' not in body
    (summary,) = rows(body, "coverage-summary")
    assert (summary["org"], summary["required"], summary["shortfall"], summary["met"]) == (
        "jilin",
        "6",
        "4",
        "false",
    )
    places = {row["place"]: row for row in rows(body, "coverage-place")}
    assert (places["长春市"]["kind"], places["长春市"]["required"], places["长春市"]["shortfall"]) == (
        "home",
        "4",
        "4",
    )
    assert (places["吉林市"]["active"], places["吉林市"]["shortfall"], places["吉林市"]["met"]) == (
        "2",
        "0",
        "true",
    )
    assert "深圳" not in body


def test_sub_branch_staff_see_their_branch(orgs, adjuster):
    response = client_for(adjuster).get(reverse("hospitals:coverage"))
    assert response.status_code == 200
    assert rows(response.content.decode(), "coverage-summary")[0]["org"] == "jilin"


def test_met_branch_shows_met_badge(orgs, branch_manager):
    network(orgs.jilin, 4, city="长春市")
    network(orgs.jilin, 2, city="吉林市")
    body = client_for(branch_manager).get(reverse("hospitals:coverage")).content.decode()
    assert rows(body, "coverage-summary")[0]["met"] == "true"
    assert 'data-testid="met"' in body and 'data-testid="short"' not in body


def test_org_detail_for_hq_and_own_staff(orgs, hq_approver, branch_manager, outsider):
    url = reverse("hospitals:coverage_org", args=[orgs.jilin.pk])
    for user in (hq_approver, branch_manager):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert rows(response.content.decode(), "coverage-summary")[0]["org"] == "jilin"
    assert client_for(outsider).get(url).status_code == 404
    own = client_for(outsider).get(reverse("hospitals:coverage_org", args=[orgs.shenzhen.pk]))
    assert own.status_code == 200 and rows(own.content.decode(), "coverage-summary")[0]["org"] == "shenzhen"


def test_org_detail_of_a_sub_branch_of_another_branch_is_404(orgs, outsider, adjuster):
    assert (
        client_for(adjuster).get(reverse("hospitals:coverage_org", args=[orgs.shenzhen.pk])).status_code
        == 404
    )
    assert (
        client_for(adjuster).get(reverse("hospitals:coverage_org", args=[orgs.jilin.pk])).status_code == 200
    )


@pytest.mark.parametrize("which", ["jilinshi", "hq", "missing"])
def test_org_detail_of_a_non_secondary_org_is_404(orgs, hq_approver, which):
    pk = {"jilinshi": orgs.jilinshi.pk, "hq": orgs.hq.pk, "missing": 999_999}[which]
    assert client_for(hq_approver).get(reverse("hospitals:coverage_org", args=[pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.GREEN_CHANNEL_AGENT, Role.MEDIATOR, Role.LITIGATION_OFFICER])
def test_non_network_roles_get_404(orgs, make_user, role):
    client = client_for(make_user(orgs.jilin, role))
    assert client.get(reverse("hospitals:coverage")).status_code == 404
    assert client.get(reverse("hospitals:coverage_org", args=[orgs.jilin.pk])).status_code == 404


def test_hq_without_network_role_gets_404(orgs, make_user):
    client = client_for(make_user(orgs.hq, Role.GREEN_CHANNEL_AGENT))
    assert client.get(reverse("hospitals:coverage")).status_code == 404


def test_user_without_org_gets_404(make_user):
    user = make_user(None, Role.BRANCH_MANAGER)
    assert client_for(user).get(reverse("hospitals:coverage")).status_code == 404


def test_anonymous_is_sent_to_login(orgs, client):
    response = client.get(reverse("hospitals:coverage"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_pages_refuse_post(orgs, hq_approver, branch_manager):
    assert client_for(hq_approver).post(reverse("hospitals:coverage")).status_code == 405
    url = reverse("hospitals:coverage_org", args=[orgs.jilin.pk])
    assert client_for(branch_manager).post(url).status_code == 405


def test_pages_without_a_standard_say_so(orgs, hq_approver, branch_manager):
    CoverageStandard.objects.all().delete()
    for user in (hq_approver, branch_manager):
        response = client_for(user).get(reverse("hospitals:coverage"))
        assert response.status_code == 200 and 'data-testid="no-standard"' in response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_page_query_counts_are_constant(orgs, hq_approver, branch_manager, django_assert_max_num_queries):
    national, detail = reverse("hospitals:coverage"), reverse("hospitals:coverage_org", args=[orgs.jilin.pk])
    hq, manager = client_for(hq_approver), client_for(branch_manager)
    network(orgs.jilin, 1)
    hq.get(national), manager.get(detail)  # warm up sessions and caches
    small = {"national": _queries(hq, national), "detail": _queries(manager, detail), "own": None}
    small["own"] = _queries(manager, national)
    _more_data(orgs)
    with django_assert_max_num_queries(small["national"]):
        body = hq.get(national).content.decode()
    assert len(rows(body, "coverage-org")) == 6
    with django_assert_max_num_queries(small["detail"]):
        body = manager.get(detail).content.decode()
    assert len(rows(body, "coverage-place")) == 8
    with django_assert_max_num_queries(small["own"]):
        manager.get(national)
    with django_assert_max_num_queries(small["detail"]):
        hq.get(detail)
