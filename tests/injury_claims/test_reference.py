"""Reference databases of seed 001 (社保药品目录, 各地交通事故赔偿标准, 残疾器具价格): constraints, the standard in force,
imports (all or nothing, every bad row reported), exports, HQ's edits with history, who may do what, the demo."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from injury_claims.models import CompensationStandard, DisabilityAid, DrugItem, IndustryWage, Region
from injury_claims.reference_demo import seed_demo_reference_data
from injury_claims.selectors.reference import standard_for
from organization.navigation import navigation_for
from organization.roles import Role
from tests.conftest import client_for as signed_in

INDEX = reverse("injury_claims:reference_index")
DRUG_HEADER = ["编码", "名称", "类别", "医保类别", "规格", "单位", "参考价格"]
DRUG_ROWS = [
    ["X001", "阿莫西林胶囊", "药品", "甲类", "0.25g×24粒", "盒", "8.50"],
    ["X002", "头孢呋辛酯片", "", "乙", "0.25g×12片", "盒", "18.6"],
    ["X003", "磁共振（MRI）平扫·颅脑", "诊疗项目", "b", "", "部位", "520"],
]


def client_for(user):
    """Signed in, reading the pages in English (the messages' source language)."""
    client = signed_in(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name: str, kind: str = "drugs", **kwargs) -> str:
    return reverse(f"injury_claims:reference_{name}", kwargs={"kind": kind, **kwargs})


def csv_bytes(rows, header=DRUG_HEADER, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(*sheets: tuple[str, list, list]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(user, content: bytes, name="list.csv", kind="drugs"):
    return client_for(user).post(url("import", kind), {"file": SimpleUploadedFile(name, content)})


def problems_of(response) -> dict[int, list[tuple[str, str]]]:
    """{row: [(column, message)]} from the page's report."""
    return {
        row["row"]: [(p["column"], p["message"]) for p in row["problems"]]
        for row in response.context["problems"]
    }


@pytest.fixture
def editor(orgs, make_user):
    return make_user(orgs.hq, Role.ADMINISTRATOR, username="hq_ref_admin")


@pytest.fixture
def agent(orgs, make_user):
    return make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username="jl_agent")


def drug(**fields) -> DrugItem:
    defaults = {
        "code": "D1",
        "name": "布洛芬缓释胶囊",
        "category": "a",
        "unit": "盒",
        "reference_price": Decimal("12"),
    }
    return DrugItem.objects.create(**{**defaults, **fields})


def standard(**fields) -> CompensationStandard:
    defaults = {
        "province": "22",
        "stat_year": 2022,
        "effective_from": dt.date(2023, 9, 1),
        "effective_to": dt.date(2024, 8, 31),
        "urban_disposable_income": Decimal("35471"),
        "source": "吉高法〔2023〕112号",
    }
    return CompensationStandard.objects.create(**{**defaults, **fields})


# --- models ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "make",
    [
        lambda: drug(reference_price=Decimal("-1")),
        lambda: drug(category="x"),
        lambda: standard(effective_to=dt.date(2023, 8, 31)),
        lambda: standard(average_wage=Decimal("-5")),
        lambda: standard(source=""),
        lambda: DisabilityAid.objects.create(
            name="轮椅", category="mobility", reference_price=100, price_min=200
        ),
        lambda: DisabilityAid.objects.create(
            name="轮椅", category="mobility", reference_price=100, price_max=50
        ),
        lambda: IndustryWage.objects.create(standard=standard(), industry="农林牧渔"),
    ],
)
def test_database_refuses_broken_invariants(db, make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_standard_per_region_and_year_but_shenzhen_is_its_own_region(db):
    standard(province="44", stat_year=2020)
    standard(province="44", area="深圳", stat_year=2020)
    with pytest.raises(IntegrityError), transaction.atomic():
        standard(province="44", stat_year=2020, effective_from=dt.date(2030, 1, 1), effective_to=None)


def test_clean_refuses_an_overlapping_period_of_the_same_region(db):
    standard()
    overlapping = CompensationStandard(
        province="22", stat_year=2023, effective_from=dt.date(2024, 8, 1), source="x"
    )
    with pytest.raises(ValidationError) as exc:
        overlapping.full_clean()
    assert "effective_from" in exc.value.message_dict
    CompensationStandard(
        province="22", area="长春", stat_year=2023, effective_from=dt.date(2024, 8, 1), source="x"
    ).full_clean()


def test_standard_for_returns_the_one_in_force_on_the_day(db):
    old = standard()
    new = standard(stat_year=2023, effective_from=dt.date(2024, 9, 1), effective_to=None)
    shenzhen = standard(province="44", area="深圳", stat_year=2023, effective_from=dt.date(2024, 1, 1))
    assert standard_for(Region("22"), dt.date(2023, 8, 31)) is None
    assert standard_for(Region("22"), dt.date(2023, 9, 1)) == old
    assert standard_for(("22", ""), dt.date(2024, 8, 31)) == old
    assert standard_for(Region("22"), dt.date(2024, 9, 1)) == new
    assert standard_for(Region("22"), dt.date(2030, 1, 1)) == new  # open-ended
    assert standard_for(Region("44", "深圳"), dt.date(2024, 3, 1)) == shenzhen
    assert (
        standard_for(Region("44"), dt.date(2024, 3, 1)) is None
    )  # Guangdong's general figures are not Shenzhen's


# --- import ------------------------------------------------------------------------------------------------------
def test_csv_import_adds_every_row_with_history(editor):
    response = upload(editor, csv_bytes(DRUG_ROWS))
    assert response.status_code == 302 and response.url == url("list")
    items = {item.code: item for item in DrugItem.objects.all()}
    assert set(items) == {"X001", "X002", "X003"}
    assert (items["X001"].kind, items["X001"].category, items["X001"].reference_price) == (
        "drug",
        "a",
        Decimal("8.50"),
    )
    assert (items["X002"].kind, items["X002"].category) == ("drug", "b")  # empty kind: a drug
    assert items["X003"].kind == "service" and items["X003"].is_active and not items["X003"].is_sample
    assert DrugItem.history.filter(history_type="+", history_user=editor).count() == 3


def test_import_replaces_rows_with_the_same_key_and_keeps_other_columns(editor):
    existing = drug(
        code="X001", name="旧名称", restriction="限成人", is_sample=True, reference_price=Decimal("1")
    )
    other = drug(code="KEEP")
    rows = [["X001", "阿莫西林胶囊", "药品", "甲类", "0.25g×24粒", "盒", "9.90"], DRUG_ROWS[1]]
    assert upload(editor, csv_bytes(rows)).status_code == 302
    existing.refresh_from_db()
    assert (existing.name, existing.reference_price) == ("阿莫西林胶囊", Decimal("9.90"))
    assert existing.restriction == "限成人" and existing.is_sample  # not in the file: kept
    assert DrugItem.objects.filter(pk=other.pk).exists() and DrugItem.objects.count() == 3
    change = DrugItem.history.filter(id=existing.pk, history_type="~").get()
    assert change.history_user == editor and change.reference_price == Decimal("9.90")
    again = upload(editor, csv_bytes(rows))
    assert again.status_code == 302
    assert (
        DrugItem.history.filter(id=existing.pk).count() == 2
    )  # created, changed; the same file again: unchanged


def test_xlsx_standards_with_industry_wages_sheet(editor):
    header = ["省份", "地区", "统计年度", "生效日期", "失效日期", "城镇居民人均可支配收入", "丧葬费", "来源"]
    rows = [
        ["吉林省", "", 2022, dt.datetime(2023, 9, 1), "2024-08-31", 35471, 43611, "吉高法〔2023〕112号"],
        ["Guangdong", "深圳", "2020", "2021/01/01", None, "64,878.00", None, "粤高法〔2021〕80号"],
    ]
    wages = [
        ["吉林", "", 2022, "农、林、牧、渔业", None, 222.2],
        ["22", "", 2022, "全行业平均", "", "334.18"],
    ]
    content = xlsx_bytes(
        ("标准", header, rows),
        ("行业工资", ["省份", "地区", "统计年度", "行业", "年平均工资", "日平均工资"], wages),
    )
    response = upload(editor, content, "standards.xlsx", kind="standards")
    assert response.status_code == 302, problems_of(response) if response.context else response
    jilin = CompensationStandard.objects.get(province="22")
    assert (jilin.effective_from, jilin.effective_to, jilin.funeral_expenses) == (
        dt.date(2023, 9, 1),
        dt.date(2024, 8, 31),
        Decimal("43611.00"),
    )
    assert sorted(jilin.industry_wages.values_list("industry", "daily_wage")) == [
        ("全行业平均", Decimal("334.18")),
        ("农、林、牧、渔业", Decimal("222.20")),
    ]
    shenzhen = CompensationStandard.objects.get(area="深圳")
    assert (shenzhen.province, shenzhen.urban_disposable_income, shenzhen.effective_to) == (
        "44",
        Decimal("64878"),
        None,
    )
    assert not shenzhen.industry_wages.exists()


def test_bad_rows_are_all_reported_and_nothing_is_written(editor):
    drug(code="OLD", reference_price=Decimal("5"))
    rows = [
        DRUG_ROWS[0],
        ["X002", "", "药品", "丁类", "", "盒", "-3"],  # row 3: name missing, no such category, negative price
        ["X003", "某药", "药品", "甲类", "", "", "1.234"],  # row 4: unit missing, three decimals
        ["X001", "重复", "药品", "甲类", "", "盒", "1"],  # row 5: repeats row 2
        [
            "X" * 41,
            "太长",
            "胶囊",
            "甲类",
            "",
            "盒",
            "abc",
        ],  # row 6: code too long, unknown kind, not an amount
        ["OLD", "旧药", "药品", "甲类", "", "盒", "7"],  # fine: would replace
    ]
    response = upload(editor, csv_bytes(rows))
    assert response.status_code == 200
    report = problems_of(response)
    assert set(report) == {3, 4, 5, 6}
    assert {column for column, _m in report[3]} == {"名称", "医保类别", "参考价格"}
    assert any("丁类" in message for _c, message in report[3])
    assert {column for column, _m in report[4]} == {"单位", "参考价格"}
    assert report[5] == [("编码", "This row repeats row 2: the same 编码.")]
    assert {column for column, _m in report[6]} == {"编码", "类别", "参考价格"}
    assert "Nothing was imported" in response.content.decode()
    assert list(DrugItem.objects.values_list("code", "reference_price")) == [("OLD", Decimal("5.00"))]


def test_overlapping_standards_in_the_file_and_against_the_database_are_refused(editor):
    standard()  # Jilin 2023-09-01 – 2024-08-31, not in the file: kept
    header = ["省份", "统计年度", "生效日期", "失效日期", "来源"]
    rows = [
        ["吉林", 2023, "2024-08-01", "", "a"],  # overlaps the database's 2022 standard
        ["四川", 2022, "2023-01-01", "2023-12-31", "b"],
        ["四川", 2023, "2023-06-01", "2024-05-31", "c"],  # overlaps row 3
        ["四川", 2024, "2025-01-01", "2024-12-31", "d"],  # ends before it starts
    ]
    response = upload(editor, csv_bytes(rows, header), kind="standards")
    report = problems_of(response)
    assert set(report) == {2, 4, 5}
    assert "2022" in report[2][0][1] and "row 3" in report[4][0][1]
    assert report[5][0][0] == "失效日期"
    assert CompensationStandard.objects.count() == 1


def test_gbk_csv_imports(editor):
    response = upload(editor, csv_bytes(DRUG_ROWS, encoding="gbk"))
    assert response.status_code == 302
    assert DrugItem.objects.get(code="X001").name == "阿莫西林胶囊"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.pdf", b"%PDF", "Upload an Excel workbook"),
        (
            "list.csv",
            csv_bytes([["X1", "药", "盒"]], ["编码", "名称", "单位"]),
            "Required columns are missing: 医保类别",
        ),
        (
            "list.csv",
            csv_bytes([["X1", "药", "甲", "盒", "?"]], ["编码", "名称", "医保类别", "单位", "颜色"]),
            "Column “颜色” is not recognised",
        ),
        ("list.csv", "编码,名称\r\n".encode("gbk") + b"\xff\xff,\x80", "neither UTF-8 nor GBK"),
        ("list.csv", csv_bytes([], ["编码", "名称", "医保类别", "单位"]), "no data rows"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(editor, name, content, message):
    response = upload(editor, content, name)
    assert response.status_code == 200 and not DrugItem.objects.exists()
    assert message in " ".join(response.context["form"].errors["file"])


def test_formula_text_is_kept_as_text_and_exported_safe(editor):
    rows = [["F1", '=HYPERLINK("http://evil","点击")', "药品", "甲类", "'=1+2", "盒", "1"]]
    assert upload(editor, csv_bytes(rows)).status_code == 302
    item = DrugItem.objects.get()
    assert item.name == '=HYPERLINK("http://evil","点击")'
    assert item.specification == "=1+2"  # our export's apostrophe taken off again
    response = client_for(editor).get(url("export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    row = [cell.value for cell in sheet[2]]
    assert row[1] == "'" + item.name and sheet.cell(2, 2).data_type == "s"
    assert row[5] == "'=1+2"


# --- export ------------------------------------------------------------------------------------------------------
def test_export_is_an_xlsx_of_the_filtered_list_that_imports_again(editor, claims_head):
    for index in range(5):
        drug(code=f"E{index}", name=f"药品{index}")
    drug(code="S1", name="换药·小", kind="service", category="a", unit="次")
    response = client_for(claims_head).get(url("export"), {"kind": "drug"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="reference-drugs-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.max_row == 6 and sheet.cell(1, 1).value == "编码"
    again = upload(editor, response.content, "export.xlsx")
    assert again.status_code == 302 and DrugItem.history.filter(history_type="~").count() == 0


def test_standards_export_carries_the_industry_wages_sheet(editor):
    jilin = standard()
    IndustryWage.objects.create(standard=jilin, industry="全行业平均", daily_wage=Decimal("334.18"))
    book = openpyxl.load_workbook(io.BytesIO(client_for(editor).get(url("export", "standards")).content))
    assert [s.title for s in book.worksheets] == ["赔偿标准", "行业工资"]
    assert [c.value for c in book.worksheets[1][2]] == ["吉林省", None, 2022, "全行业平均", None, 334.18]


# --- pages, edits and history --------------------------------------------------------------------------------------
def test_hq_edits_an_entry_and_the_history_shows_it(editor):
    item = drug()
    client = client_for(editor)
    data = {
        "code": "D1",
        "name": item.name,
        "kind": "drug",
        "category": "b",
        "unit": "盒",
        "reference_price": "13.50",
        "is_active": "on",
    }
    response = client.post(url("edit", pk=item.pk), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.category, item.reference_price) == ("b", Decimal("13.50"))
    assert DrugItem.history.filter(id=item.pk, history_type="~", history_user=editor).exists()
    page = client.get(url("edit", pk=item.pk))
    assert page.context["history"][0]["who"] == editor
    assert {c["field"] for c in page.context["history"][0]["changes"]} >= {
        "医保 category",
        "reference price (yuan)",
    }


def test_hq_creates_a_standard_with_industry_wages(editor):
    data = {
        "province": "51", "area": "", "stat_year": "2024", "effective_from": "2025-01-01", "effective_to": "",
        "urban_disposable_income": "47336", "source": "四川调查总队",
        "wages-TOTAL_FORMS": "2", "wages-INITIAL_FORMS": "0", "wages-MIN_NUM_FORMS": "0", "wages-MAX_NUM_FORMS": "1000",
        "wages-0-industry": "建筑业", "wages-0-annual_wage": "70000", "wages-0-daily_wage": "",
        "wages-1-industry": "", "wages-1-annual_wage": "", "wages-1-daily_wage": "",
    }  # fmt: skip
    response = client_for(editor).post(url("create", "standards"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    created = CompensationStandard.objects.get()
    assert created.industry_wages.get().annual_wage == Decimal("70000")
    assert IndustryWage.history.filter(history_user=editor).count() == 1


def test_an_invalid_edit_changes_nothing_and_shows_why(editor):
    item = drug()
    response = client_for(editor).post(
        url("edit", pk=item.pk), {"code": "D1", "name": "", "category": "x", "unit": "盒"}
    )
    assert response.status_code == 200 and response.context["form"].errors.keys() >= {"name", "category"}
    item.refresh_from_db()
    assert item.name == "布洛芬缓释胶囊" and not DrugItem.history.filter(history_type="~").exists()


def test_branch_user_reads_but_may_not_change(claims_head, adjuster):
    item = drug()
    client = client_for(claims_head)
    assert client.get(url("list")).status_code == 200
    page = client.get(url("edit", pk=item.pk))
    assert (
        page.status_code == 200
        and page.context["form"].read_only
        and b'data-testid="read-only"' in page.content
    )
    assert (
        client.post(
            url("edit", pk=item.pk), {"code": "D1", "name": "x", "category": "a", "unit": "盒"}
        ).status_code
        == 403
    )
    assert (
        client.post(url("import"), {"file": SimpleUploadedFile("a.csv", csv_bytes(DRUG_ROWS))}).status_code
        == 403
    )
    assert client.get(url("create")).status_code == 403
    assert client_for(adjuster).get(url("import")).status_code == 403
    item.refresh_from_db()
    assert item.name == "布洛芬缓释胶囊" and DrugItem.objects.count() == 1


def test_other_roles_get_404_and_anonymous_the_login(agent, client):
    item = drug()
    for target in (INDEX, url("list"), url("export"), url("edit", pk=item.pk), url("import")):
        assert client_for(agent).get(target).status_code == 404
        response = client.get(target)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_navigation_offers_the_lists_to_readers_only(claims_head, agent):
    assert any(i["url"] == INDEX for i in navigation_for(claims_head, "/"))
    assert not any(i["url"] == INDEX for i in navigation_for(agent, "/"))


@pytest.mark.parametrize("kind", ["drugs", "standards", "aids"])
def test_list_pages_cost_a_constant_number_of_queries(kind, claims_head, django_assert_max_num_queries):
    client = client_for(claims_head)
    client.get(url("list", kind))  # session and user cached like any later page
    seed_demo_reference_data()
    with django_assert_max_num_queries(12):
        response = client.get(url("list", kind))
    assert response.status_code == 200 and len(response.context["page"]) > 5


def test_list_filters_and_bad_filter_values_are_reported(claims_head):
    drug(code="A1", name="阿莫西林胶囊")
    drug(code="B1", name="头孢", category="b")
    client = client_for(claims_head)
    assert [i.code for i in client.get(url("list"), {"q": "阿莫"}).context["page"]] == ["A1"]
    assert [i.code for i in client.get(url("list"), {"category": "b"}).context["page"]] == ["B1"]
    response = client.get(url("list"), {"category": "z"})
    assert len(response.context["page"]) == 2 and "“z” is not a 医保 category." in response.content.decode()
    standard()
    on = client.get(url("list", "standards"), {"on": "2024-01-01", "province": "22"}).context["page"]
    assert len(on) == 1 and not client.get(url("list", "standards"), {"on": "2025-01-01"}).context["page"]


# --- demo --------------------------------------------------------------------------------------------------------
def test_demo_seeder_loads_law_md_figures_and_runs_twice_without_duplicates(db):
    first = seed_demo_reference_data()
    assert seed_demo_reference_data() == first
    assert first["reference drugs and services"] >= 250 and first["reference aids"] >= 30
    assert (
        not DrugItem.objects.filter(is_sample=False).exists()
        and not DisabilityAid.objects.filter(is_sample=False).exists()
    )
    jilin = standard_for(Region("22"), dt.date(2024, 1, 1))
    assert (jilin.urban_disposable_income, jilin.urban_consumption, jilin.funeral_expenses) == (
        Decimal("35471"),
        Decimal("21835"),
        Decimal("43611"),
    )
    assert (
        jilin.hospital_meal_allowance == Decimal("100")
        and not jilin.is_sample
        and jilin.nursing_daily_wage is None
    )
    assert jilin.industry_wages.count() == 2
    shenzhen = CompensationStandard.objects.get(province="44", area="深圳")
    assert (
        shenzhen.urban_disposable_income == Decimal("64878")
        and shenzhen.is_sample
        and shenzhen.urban_consumption is None
    )
    sichuan = CompensationStandard.objects.get(province="51", stat_year=2024)
    assert sichuan.urban_consumption is None and "UNCONFIRMED" in sichuan.source


@pytest.mark.parametrize("kind", ["drugs", "standards", "aids"])
def test_every_page_of_every_list_renders_for_hq_and_for_a_reader(kind, editor, claims_head):
    seed_demo_reference_data()
    entry = (
        {"drugs": DrugItem, "standards": CompensationStandard, "aids": DisabilityAid}[kind]
        .objects.filter(is_sample=True)
        .first()
    )
    hq, reader = client_for(editor), client_for(claims_head)
    edit = hq.get(url("edit", kind, pk=entry.pk))
    assert edit.status_code == 200 and not edit.context["form"].read_only
    assert edit.context["history"][0]["kind"] == "created"
    assert b'data-testid="sample"' in edit.content
    for target in (url("create", kind), url("import", kind), INDEX, url("list", kind)):
        assert hq.get(target).status_code == 200, target
    assert reader.get(url("edit", kind, pk=entry.pk)).context["form"].read_only


def test_the_admin_lists_the_three_databases_with_history(orgs, make_user):
    admin = make_user(orgs.hq, Role.ADMINISTRATOR, username="ref_superuser", is_staff=True, is_superuser=True)
    item = drug()
    client = client_for(admin)
    for model in ("drugitem", "compensationstandard", "disabilityaid"):
        assert client.get(reverse(f"admin:injury_claims_{model}_changelist")).status_code == 200
    assert client.get(reverse("admin:injury_claims_drugitem_history", args=[item.pk])).status_code == 200
