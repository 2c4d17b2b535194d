"""The product pages and the network lists' pages (green_channel.views.products): who reads (green-channel agents of
any org, HQ, administrators), who imports and decides (HQ's administrators and green-channel agents), the import
all or nothing, the decision with its conflict, query counts."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from green_channel.models import MatchStatus, NetworkListVersion, ServiceProduct
from green_channel.network_import import NetworkRow
from green_channel.network_services import import_network_list
from organization.roles import Role
from tests.conftest import client_for, english_client
from tests.green_channel.xls_writer import xls_bytes
from tests.hospitals.conftest import make_hospital

pytestmark = pytest.mark.django_db
CODE = "cancer-31-cities"
PRODUCTS = reverse("green_channel:products")
PRODUCT = reverse("green_channel:product", args=[CODE])
NETWORK = reverse("green_channel:network", args=[CODE])
VERSIONS = reverse("green_channel:network_versions", args=[CODE])
IMPORT = reverse("green_channel:network_import", args=[CODE])


@pytest.fixture
def hq_agent(orgs, make_user):
    return make_user(orgs.hq, Role.GREEN_CHANNEL_AGENT, username="hq_agent")


@pytest.fixture
def branch_agent(orgs, make_user):
    return make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username="jl_agent")


@pytest.fixture
def product():
    return ServiceProduct.objects.get(code=CODE)


def xlsx_upload(rows, name="名单.xlsx"):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def imported(product, by, n=3):
    rows = [NetworkRow(i + 2, "长春", f"长春第{i + 1}医院", "肿瘤科") for i in range(n)]
    return import_network_list(product, rows, file_name="v.xlsx", by=by)


# --- who -----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", [PRODUCTS, PRODUCT, NETWORK, VERSIONS])
def test_readers_read(url, hq_agent, branch_agent, hq_approver, orgs, make_user):
    admin = make_user(orgs.shenzhen, Role.ADMINISTRATOR, username="sz_admin")
    for user in (hq_agent, branch_agent, hq_approver, admin):
        assert client_for(user).get(url).status_code == 200, user


@pytest.mark.parametrize("url", [PRODUCTS, PRODUCT, NETWORK, VERSIONS, IMPORT])
def test_an_outsider_gets_404(url, outsider, claims_head):
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(claims_head).get(url).status_code == 404


def test_a_branch_agent_may_not_import_or_decide(branch_agent, hq_agent, product):
    """HQ administers the products (issue 12): the branch's agent sees the page but not the action — 403."""
    version = imported(product, hq_agent)
    entry = version.entries.first()
    decide = reverse("green_channel:network_decide", args=[entry.pk])
    client = client_for(branch_agent)
    assert client.get(IMPORT).status_code == 403
    upload = xlsx_upload([["城市", "医院"], ["长春", "x医院"]])
    assert client.post(IMPORT, {"file": upload}).status_code == 403
    assert client.get(decide).status_code == 403
    assert client.post(decide, {"choice": "absent", "revision": 0}).status_code == 403
    assert NetworkListVersion.objects.count() == 1
    entry.refresh_from_db()
    assert entry.status == MatchStatus.UNDECIDED
    assert "import-link" not in client.get(NETWORK).content.decode()


def test_an_hq_reader_without_the_role_may_not_import(hq_approver):
    assert client_for(hq_approver).get(IMPORT).status_code == 403


def test_unknown_product_and_version_are_404(hq_agent, product):
    client = client_for(hq_agent)
    assert client.get(reverse("green_channel:product", args=["nope"])).status_code == 404
    assert client.get(NETWORK, {"version": "7"}).status_code == 404
    assert client.get(NETWORK, {"version": "x"}).status_code == 404
    assert client.get(reverse("green_channel:network_decide", args=[999999])).status_code == 404


def test_wrong_method_is_405(hq_agent):
    client = client_for(hq_agent)
    assert client.post(PRODUCTS).status_code == 405
    assert client.put(IMPORT).status_code == 405


def test_the_menu_offers_the_products_to_readers_only(hq_agent, claims_head):
    assert PRODUCTS in client_for(hq_agent).get(PRODUCTS).content.decode()
    assert PRODUCTS not in client_for(claims_head).get(reverse("home")).content.decode()


# --- the pages -----------------------------------------------------------------------------------------------------
def test_every_seeded_product_is_listed_with_its_network(hq_agent, product, django_assert_max_num_queries):
    client = english_client(hq_agent)
    client.get(PRODUCTS)
    imported(product, hq_agent)
    with django_assert_max_num_queries(8):
        response = client.get(PRODUCTS)
    body = response.content.decode()
    assert body.count('data-testid="product-row"') == ServiceProduct.objects.count() == 13
    assert "v1: 3 hospitals in 1 cities" in body
    assert "manual: 31 cities, 157 institutions" in body  # "31个城市157家医疗机构"


def test_the_product_page_shows_every_term_and_not_stated_where_the_manual_is_silent(hq_agent, product):
    response = english_client(hq_agent).get(PRODUCT)
    body = response.content.decode()
    assert product.name in body
    for party in (product.insurer, product.vendor):
        assert (party.name if party else "not stated") in body
    for service in product.services.all():
        assert service.name in body
        for step in service.steps.all():
            assert step.get_code_display() in body
    # a term the manual is silent on: "not stated", never another manual's value
    silent = [
        f
        for f in ("min_sum_insured", "max_extensions", "public_hospital_required")
        if getattr(product, f) is None
    ]
    assert silent and 'data-testid="not-stated"' in body
    assert "not stated" in body


def test_network_search_and_pages_with_constant_queries(
    hq_agent, product, django_assert_max_num_queries, orgs
):
    client = english_client(hq_agent)
    client.get(NETWORK)
    imported(product, hq_agent, n=3)
    with django_assert_max_num_queries(12) as small:
        client.get(NETWORK)
    rows = [NetworkRow(i + 2, "深圳" if i % 2 else "长春", f"第{i}号医院", "") for i in range(120)]
    import_network_list(product, rows, file_name="v2.xlsx", by=hq_agent)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(NETWORK)
    assert response.content.decode().count('data-testid="entry-row"') == 50
    found = client.get(NETWORK, {"city": "深圳市", "q": "第11号"}).content.decode()
    assert found.count('data-testid="entry-row"') == 1
    older = client.get(NETWORK, {"version": "1"}).content.decode()
    assert 'data-testid="superseded"' in older and older.count('data-testid="entry-row"') == 3


def test_version_history(hq_agent, product):
    imported(product, hq_agent)
    imported(product, hq_agent, n=2)
    body = english_client(hq_agent).get(VERSIONS).content.decode()
    assert body.count('data-testid="version-row"') == 2 and body.count('data-testid="current"') == 1


def test_no_list_yet(hq_agent):
    assert 'data-testid="no-list"' in client_for(hq_agent).get(NETWORK).content.decode()


# --- import and decide -----------------------------------------------------------------------------------------------
def test_import_through_the_page_makes_the_current_version(hq_agent, orgs, product):
    hospital = make_hospital(orgs.jilin)
    upload = SimpleUploadedFile(
        "网络医院名单.xls",
        xls_bytes(
            [["城市", "医院名称", "科室"], ["长春", "吉林大学第一医院", "肿瘤科"], ["长春", "未知医院", ""]]
        ),
    )
    response = english_client(hq_agent).post(IMPORT, {"file": upload, "note": "2026 版"})
    assert response.status_code == 302 and response["Location"].endswith("?status=undecided")
    version = NetworkListVersion.objects.get(product=product, is_current=True)
    assert (version.number, version.note, version.uploaded_by, version.file_name) == (
        1,
        "2026 版",
        hq_agent,
        "网络医院名单.xls",
    )
    assert version.entries.get(row=2).hospital == hospital


def test_a_bad_file_imports_nothing_and_lists_every_bad_row(hq_agent, product):
    upload = xlsx_upload([["城市", "医院"], ["长春", "a医院"], ["", "b医院"], ["长春", ""]])
    response = english_client(hq_agent).post(IMPORT, {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported: 2 rows have errors" in body
    assert 'data-row="3"' in body and 'data-row="4"' in body and "The hospital is empty." in body
    assert not NetworkListVersion.objects.exists()


def test_a_file_of_the_wrong_type_is_refused(hq_agent):
    upload = SimpleUploadedFile("list.xlsx", b"city,hospital\n")
    body = english_client(hq_agent).post(IMPORT, {"file": upload}).content.decode()
    assert "This file is named .xlsx but is not an Excel workbook." in body
    assert not NetworkListVersion.objects.exists()


def test_deciding_a_row_from_the_candidates_or_a_search(hq_agent, orgs, product):
    hospital = make_hospital(
        orgs.jilin, name="吉林省肿瘤医院", city="长春市", aliases="吉林省肿瘤医院（湖光院区）"
    )
    version = import_network_list(
        product, [NetworkRow(2, "长春", "吉林省肿瘤医院湖光", "")], file_name="v.xlsx", by=hq_agent
    )
    entry = version.entries.get()
    assert entry.status == MatchStatus.UNDECIDED
    url = reverse("green_channel:network_decide", args=[entry.pk])
    client = english_client(hq_agent)
    page = client.get(url, {"search": "肿瘤"}).content.decode()
    assert f'data-pk="{hospital.pk}"' in page
    response = client.post(url, {"choice": str(hospital.pk), "revision": "0"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.hospital, entry.decided_by) == (MatchStatus.MANUAL, hospital, hq_agent)


def test_a_stale_decision_is_told_not_saved(hq_agent, orgs, make_user, product):
    admin = make_user(orgs.hq, Role.ADMINISTRATOR, username="hq_admin")
    entry = imported(product, hq_agent, n=1).entries.get()
    url = reverse("green_channel:network_decide", args=[entry.pk])
    assert client_for(admin).post(url, {"choice": "absent", "revision": "0"}).status_code == 302
    response = english_client(hq_agent).post(url, {"choice": "absent", "revision": "0"})
    assert response.status_code == 200
    assert "decided this row meanwhile" in response.content.decode()
    entry.refresh_from_db()
    assert entry.decided_by == admin


@pytest.mark.parametrize("choice", ["", "abc", "999999"])
def test_a_bad_decision_changes_nothing(hq_agent, product, choice):
    entry = imported(product, hq_agent, n=1).entries.get()
    url = reverse("green_channel:network_decide", args=[entry.pk])
    response = english_client(hq_agent).post(url, {"choice": choice, "revision": "0"})
    assert response.status_code == 200 and 'data-testid="error-choice"' in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == MatchStatus.UNDECIDED
