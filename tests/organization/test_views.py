from django.urls import reverse

from organization.roles import Role
from tests.conftest import client_for
from tests.factories import TertiaryFactory


# --- home -------------------------------------------------------------------------------------------------
def test_home_requires_login(db, client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_home_shows_org_roles_and_authority(branch_manager):
    response = client_for(branch_manager).get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "吉林分公司" in body and "分公司经理" in body


def test_home_refuses_post(branch_manager):
    assert client_for(branch_manager).post(reverse("home")).status_code == 405


# --- org list ---------------------------------------------------------------------------------------------
def test_org_list_for_branch_shows_its_subtree_only(orgs, branch_manager):
    body = client_for(branch_manager).get(reverse("organization:org_list")).content.decode()
    assert "吉林分公司" in body and "吉林市中心支公司" in body
    assert "深圳分公司" not in body


def test_org_list_for_hq_shows_all(orgs, hq_approver):
    body = client_for(hq_approver).get(reverse("organization:org_list")).content.decode()
    assert all(name in body for name in ("总公司", "吉林分公司", "深圳分公司", "吉林市中心支公司"))


def test_org_list_query_count_is_constant(orgs, hq_approver, django_assert_max_num_queries):
    client = client_for(hq_approver)
    client.get(reverse("organization:org_list"))
    for i in range(15):
        TertiaryFactory(parent=orgs.shenzhen, city=f"区{i}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("organization:org_list"))
    assert response.content.decode().count("区1") >= 6


def test_org_list_for_user_without_org_is_empty(make_user):
    response = client_for(make_user(None)).get(reverse("organization:org_list"))
    assert response.status_code == 200 and "吉林" not in response.content.decode()


def test_org_list_refuses_post(branch_manager):
    assert client_for(branch_manager).post(reverse("organization:org_list")).status_code == 405


# --- org detail -------------------------------------------------------------------------------------------
def test_org_detail_of_own_branch(orgs, branch_manager, make_user):
    make_user(orgs.jilin, Role.MEDIATOR, username="mediator", phone="13812345678")
    response = client_for(branch_manager).get(reverse("organization:org_detail", args=[orgs.jilin.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "吉林市中心支公司" in body
    assert "138****5678" in body and "13812345678" not in body


def test_org_detail_of_another_branch_is_404(orgs, outsider):
    assert (
        client_for(outsider).get(reverse("organization:org_detail", args=[orgs.jilin.pk])).status_code == 404
    )


def test_sub_branch_staff_see_their_own_org_page_only(orgs, adjuster):
    """organization.scoping ``covers``: the branch's staff lists, authority matrix and history, and a sibling
    sub-branch's, are not a sub-branch's to read (the branch's hospital network is, through ``shares``)."""
    sibling = TertiaryFactory(code="jilin-panshi", name="磐石支公司", parent=orgs.jilin, city="磐石市")
    client = client_for(adjuster)
    assert client.get(reverse("organization:org_detail", args=[orgs.jilinshi.pk])).status_code == 200
    assert client.get(reverse("organization:org_detail", args=[orgs.jilin.pk])).status_code == 404
    assert client.get(reverse("organization:org_detail", args=[sibling.pk])).status_code == 404
    assert client.get(reverse("organization:org_detail", args=[orgs.shenzhen.pk])).status_code == 404


def test_org_detail_of_missing_org_is_404(orgs, hq_approver):
    assert client_for(hq_approver).get(reverse("organization:org_detail", args=[99999])).status_code == 404


def test_org_detail_shows_matrix(orgs, branch_manager):
    from decimal import Decimal

    from organization.models import ReviewKind
    from organization.services import set_authority_matrix

    set_authority_matrix(orgs.jilin, ReviewKind.COST, {lvl: Decimal(lvl * 1000) for lvl in range(1, 10)})
    body = (
        client_for(branch_manager)
        .get(reverse("organization:org_detail", args=[orgs.jilin.pk]))
        .content.decode()
    )
    assert "¥9,000.00" in body


def test_org_detail_query_count_is_constant(orgs, branch_manager, make_user, django_assert_max_num_queries):
    client = client_for(branch_manager)
    url = reverse("organization:org_detail", args=[orgs.jilin.pk])
    client.get(url)
    for i in range(12):
        make_user(orgs.jilin, Role.CLAIMS_ADJUSTER, Role.MEDIATOR, username=f"staff{i}")
    # 14 for the page, 6 for its change history (rows of 3 models, previous states, roles, related names).
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_anonymous_org_detail_redirects_to_login(orgs, client):
    response = client.get(reverse("organization:org_detail", args=[orgs.jilin.pk]))
    assert response.status_code == 302


def test_org_detail_paginates_staff(orgs, branch_manager, make_user):
    for i in range(55):
        make_user(orgs.jilin, Role.CLAIMS_ADJUSTER, username=f"p{i:02d}")
    client = client_for(branch_manager)
    url = reverse("organization:org_detail", args=[orgs.jilin.pk])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()

    def rows(body):
        return body.split('data-testid="staff"')[1].split("</table>")[0].count("<tr>") - 1

    assert (rows(first), rows(second)) == (50, 6)  # 56 staff
    assert "共 56 人" in first
    assert rows(client.get(url + "?page=abc").content.decode()) == 50
    assert rows(client.get(url + "?page=999").content.decode()) == 6


def test_org_page_names_the_responsible_persons(orgs, branch_manager, make_user):
    make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="first", last_name="赵", first_name="一")
    make_user(orgs.jilinshi, Role.MEDICAL_REVIEW_HEAD, username="second", last_name="钱", first_name="二")
    body = (
        client_for(branch_manager)
        .get(reverse("organization:org_detail", args=[orgs.jilinshi.pk]))
        .content.decode()
    )
    block = body.split('data-testid="responsible"')[1].split("</article>")[0]
    assert "赵一" in block and "钱二" in block
