"""Registry import: upload checks, the all-or-nothing task with its per-row report, the status page, the template."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hospitals import exports, imports
from hospitals.models import Cooperation, Hospital, HospitalImport
from hospitals.tasks import run_import
from organization.roles import Role
from tests.conftest import client_for, download_export
from tests.hospitals.conftest import make_hospital
from workflow.models import Event

IMPORT = reverse("hospitals:import")
HEADER_ZH = [
    "医院名称",
    "省份",
    "城市",
    "区县",
    "地址",
    "性质",
    "等级",
    "类型",
    "床位数",
    "急诊直线电话",
    "电脑化明细清单",
]
GOOD_ROWS = [
    ["吉林省人民医院", "吉林省", "长春市", "朝阳区", "工农大路1183号", "公立", "三级甲等", "综合医院", "2000", "0431-85595114", "是"],
    ["吉林市中心医院", "吉林", "吉林市", "船营区", "南京街4号", "public", "3a", "general", "", "0432-62166130", "否"],
    ["长春骨科医院", "22", "长春市", "", "人民大街9号", "民营", "二级甲等", "创伤专科医院", "300", "", ""],
]  # fmt: skip


def csv_bytes(rows, header=HEADER_ZH, bom=True) -> bytes:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    return ("\ufeff" if bom else "").encode() + "\r\n".join(lines).encode("utf-8")


def xlsx_bytes(rows, header) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(user, name, content):
    return client_for(user).post(IMPORT, {"file": SimpleUploadedFile(name, content)})


def imported(user, name, content) -> HospitalImport:
    response = upload(user, name, content)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    imp = HospitalImport.objects.get()
    assert response.url == reverse("hospitals:import_status", args=[imp.pk])
    run_import(imp.pk)
    imp.refresh_from_db()
    return imp


def errors_by_row(imp) -> dict[int, str]:
    return {error["row"]: " | ".join(error["messages"]) for error in imp.errors}


# --- good files ------------------------------------------------------------------------------------------------
def test_good_csv_imports_everything_with_cooperation_and_event(claims_head, orgs):
    imp = imported(claims_head, "医院.csv", csv_bytes(GOOD_ROWS))
    assert (imp.status, imp.created_count, imp.total_rows, imp.processed_rows) == ("done", 3, 3, 3)
    assert imp.errors == [] and imp.finished_at is not None
    first = Hospital.objects.get(name="吉林省人民医院")
    assert (first.org, first.province, first.nature, first.grade, first.kind) == (
        orgs.jilin, "22", "public", "3a", "general"
    )  # fmt: skip
    assert first.beds == 2000 and first.itemised_billing
    bone = Hospital.objects.get(name="长春骨科医院")
    assert (bone.nature, bone.grade, bone.kind, bone.itemised_billing) == ("private", "2a", "trauma", False)
    assert Cooperation.objects.filter(org=orgs.jilin, state="collected", created_by=claims_head).count() == 3
    events = Event.objects.filter(verb="imported")
    assert events.count() == 3 and set(events.values_list("note", flat=True)) == {"医院.csv"}
    assert all(e.actor_id == claims_head.pk for e in events)


def test_good_csv_without_bom(claims_head):
    assert imported(claims_head, "a.csv", csv_bytes(GOOD_ROWS[:1], bom=False)).status == "done"


def test_good_xlsx_with_english_headers_and_date_cells(claims_head):
    header = ["Name", "Province", "City", "Address", "Nature", "Grade", "Type", "Beds", "Licence valid until",
              "Emergency phone", "Itemised billing"]  # fmt: skip
    rows = [
        ["延边大学附属医院", "Jilin", "延吉市", "局子街1327号", "公立", "三级甲等", "综合医院", 1500,
         dt.datetime(2027, 3, 31), 13912345678, True],
        ["四平市中心人民医院", "吉林省", "四平市", "铁西区", "public", "3b", "general", 800.0,
         "2026-12-31", "0434-3282001", "否"],
    ]  # fmt: skip
    imp = imported(claims_head, "hospitals.xlsx", xlsx_bytes(rows, header))
    assert imp.status == "done", imp.errors
    yanbian = Hospital.objects.get(name="延边大学附属医院")
    assert yanbian.licence_valid_until == dt.date(2027, 3, 31)
    assert yanbian.emergency_phone == "13912345678" and yanbian.beds == 1500 and yanbian.itemised_billing
    assert Hospital.objects.get(city="四平市").licence_valid_until == dt.date(2026, 12, 31)


def test_import_is_idempotent(claims_head):
    imp = imported(claims_head, "a.csv", csv_bytes(GOOD_ROWS))
    run_import(imp.pk)
    assert Hospital.objects.count() == 3 and Event.objects.filter(verb="imported").count() == 3


def test_upload_queues_the_task_on_commit(claims_head, django_capture_on_commit_callbacks, monkeypatch):
    calls = []
    monkeypatch.setattr(run_import, "delay", lambda *args, **kwargs: calls.append((args, kwargs)))
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(claims_head, "a.csv", csv_bytes(GOOD_ROWS))
    imp = HospitalImport.objects.get()
    assert response.status_code == 302 and calls and calls[0][0] == (imp.pk,)
    assert (imp.status, imp.total_rows, imp.original_name) == ("pending", 3, "a.csv")
    assert imp.file.read().startswith("\ufeff".encode())
    assert not Hospital.objects.exists()  # nothing before the worker runs


# --- bad rows ---------------------------------------------------------------------------------------------------
def test_bad_rows_import_nothing_and_every_bad_row_is_reported(claims_head):
    rows = [
        GOOD_ROWS[0],
        ["乙医院", "吉林省", "长春市", "", "路1号", "公立", "三甲", "综合医院", "", "", ""],  # row 3: grade
        ["丙医院", "火星", "长春市", "", "", "国有", "二级甲等", "", "很多", "120", "也许"],  # row 4: many
        GOOD_ROWS[1],
        ["", "吉林省", "长春市", "", "路2号", "公立", "一级", "", "", "0431-1234", ""],  # row 6: name, phone
    ]  # fmt: skip
    imp = imported(claims_head, "bad.csv", csv_bytes(rows))
    assert imp.status == "failed" and imp.created_count == 0
    assert not Hospital.objects.exists() and not Cooperation.objects.exists() and not Event.objects.exists()
    errors = errors_by_row(imp)
    assert sorted(errors) == [3, 4, 6]
    assert "三甲" in errors[3] and "三级甲等" in errors[3]
    assert "火星" in errors[4] and "国有" in errors[4] and "很多" in errors[4] and "也许" in errors[4]
    assert "120" in errors[4]
    assert len(imp.errors[1]["messages"]) == 6  # province, nature, beds, billing, address, phone
    assert len(imp.errors[2]["messages"]) == 2  # name, phone
    assert imp.processed_rows == imp.total_rows == 5


def test_duplicates_within_file_and_against_registry(claims_head, shenzhen_hospital, hospital):
    rows = [
        GOOD_ROWS[0],
        [shenzhen_hospital.name, "广东省", "深圳市", "", "莲花路", "公立", "三级甲等", "", "", "", ""],
        GOOD_ROWS[1],
        [GOOD_ROWS[0][0], "吉林省", "长春市", "", "另一个地址", "公立", "三级甲等", "", "", "", ""],
        [hospital.name, "吉林省", hospital.city, "", "x", "公立", "三级甲等", "", "", "", ""],
    ]  # fmt: skip
    imp = imported(claims_head, "dup.csv", csv_bytes(rows))
    assert imp.status == "failed"
    errors = errors_by_row(imp)
    assert sorted(errors) == [3, 5, 6]
    assert "深圳市" in errors[3]  # another branch's hospital: the name+city is taken
    assert "2" in errors[5] and GOOD_ROWS[0][0] in errors[5]  # first seen on row 2
    assert hospital.name in errors[6]
    assert Hospital.objects.count() == 2


def test_missing_required_column_and_unknown_column_refused_at_upload(claims_head):
    header = [h for h in HEADER_ZH if h != "地址"] + ["备注"]
    response = upload(claims_head, "a.csv", csv_bytes([], header=header) + "\r\n甲,吉林,长春".encode())
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["file"])
    assert "地址" in message and "备注" in message
    assert not HospitalImport.objects.exists()


def test_validate_table_reports_progress_every_50_rows(orgs):
    table = [(1, HEADER_ZH)] + [
        (n, [f"医院{n}", "吉林省", "长春市", "", "路", "公立", "一级", "", "", "", ""]) for n in range(2, 122)
    ]
    seen = []
    outcome = imports.validate_table(table, orgs.jilin, progress=seen.append)
    assert seen == [50, 100] and outcome.total == 120 and not outcome.errors and len(outcome.hospitals) == 120


# --- refused files ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hospitals.xlsx", csv_bytes(GOOD_ROWS)),  # a CSV renamed .xlsx
        ("hospitals.xlsx", b"PK\x03\x04not really a zip"),  # zip magic, but not a workbook
        ("hospitals.csv", xlsx_bytes(GOOD_ROWS, HEADER_ZH)),  # a workbook renamed .csv
        ("hospitals.csv", csv_bytes(GOOD_ROWS).decode("utf-8-sig").encode("gbk")),  # not UTF-8
        ("hospitals.xls", b"\xd0\xcf\x11\xe0"),  # old Excel
        ("hospitals.csv", "\ufeff医院名称,省份".encode()),  # a header and no rows
    ],
)
def test_bad_files_refused_at_upload(claims_head, name, content):
    response = upload(claims_head, name, content)
    assert response.status_code == 200
    assert 'data-testid="error-file"' in response.content.decode()
    assert not HospitalImport.objects.exists()


def test_too_large_refused(claims_head):
    content = csv_bytes(GOOD_ROWS) + b"\r\n" + b"#" * (5 * 1024 * 1024)
    response = upload(claims_head, "big.csv", content)
    assert response.status_code == 200 and response.context["form"].has_error("file")
    assert not HospitalImport.objects.exists()


def test_too_many_rows_refused(claims_head, monkeypatch):
    monkeypatch.setattr(imports.reading, "MAX_ROWS", 2)
    response = upload(claims_head, "a.csv", csv_bytes(GOOD_ROWS))
    assert response.status_code == 200 and response.context["form"].has_error("file")
    assert not HospitalImport.objects.exists()


def test_task_reports_unreadable_file_as_failed(claims_head, orgs):
    imp = HospitalImport.objects.create(
        org=orgs.jilin,
        created_by=claims_head,
        file=SimpleUploadedFile("x.xlsx", b"not a workbook"),
        original_name="x.xlsx",
    )
    run_import(imp.pk)
    imp.refresh_from_db()
    assert imp.status == "failed" and imp.errors[0]["row"] == 0


# --- permissions ------------------------------------------------------------------------------------------------
def test_import_page_permissions(claims_head, branch_manager, hq_approver, make_user, orgs):
    assert client_for(claims_head).get(IMPORT).status_code == 200
    assert upload(branch_manager, "a.csv", csv_bytes(GOOD_ROWS)).status_code == 403
    assert upload(hq_approver, "a.csv", csv_bytes(GOOD_ROWS)).status_code == 403
    green = make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT)
    assert upload(green, "a.csv", csv_bytes(GOOD_ROWS)).status_code == 404
    assert client_for(claims_head).put(IMPORT).status_code == 405
    assert not HospitalImport.objects.exists()


def test_status_page_polls_while_running_then_shows_outcome(claims_head, branch_manager):
    upload(claims_head, "a.csv", csv_bytes(GOOD_ROWS))
    imp = HospitalImport.objects.get()
    url = reverse("hospitals:import_status", args=[imp.pk])
    body = client_for(claims_head).get(url).content.decode()
    assert 'data-status="pending"' in body and 'hx-trigger="every 1s"' in body
    run_import(imp.pk)
    partial = client_for(claims_head).get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="import-progress"')
    assert (
        'data-status="done"' in partial
        and "every 1s" not in partial
        and 'data-testid="import-done"' in partial
    )
    assert client_for(branch_manager).get(url).status_code == 200  # the uploader's branch


def test_status_page_lists_errors(claims_head):
    bad = [["乙医院", "吉林省", "长春市", "", "路1号", "公立", "三甲", "", "", "", ""]]
    imp = imported(claims_head, "bad.csv", csv_bytes(bad))
    body = client_for(claims_head).get(reverse("hospitals:import_status", args=[imp.pk])).content.decode()
    assert 'data-testid="import-errors"' in body and 'data-row="2"' in body and "三甲" in body


def test_status_page_hidden_from_other_branches(claims_head, outsider, hq_approver, make_user, orgs):
    upload(claims_head, "a.csv", csv_bytes(GOOD_ROWS))
    url = reverse("hospitals:import_status", args=[HospitalImport.objects.get().pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(hq_approver).get(url).status_code == 404
    assert client_for(make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT)).get(url).status_code == 404
    assert client_for(claims_head).post(url).status_code == 405


def test_template_download(branch_manager, make_user, orgs):
    response = client_for(branch_manager).get(reverse("hospitals:import_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    header = next(workbook.worksheets[0].iter_rows(values_only=True))
    assert header[0] == "医院名称" and "急救直线电话" in header
    green = make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT)
    assert client_for(green).get(reverse("hospitals:import_template")).status_code == 404


def test_exported_file_imports_again(claims_head, branch_manager, hospital):
    exported = download_export(client_for(branch_manager), reverse("hospitals:export")).getvalue()
    hospital_pk = hospital.pk
    Event.objects.all().delete()
    Cooperation.objects.all().delete()
    Hospital.objects.filter(pk=hospital_pk).delete()
    imp = imported(claims_head, "export.xlsx", exported)
    assert imp.status == "done", imp.errors
    again = Hospital.objects.get(name=hospital.name)
    assert (again.grade, again.province, again.emergency_phone) == ("3a", "22", "0431-88782222")


def test_export_neutralises_formula_prefixes_and_the_file_still_imports(orgs, claims_head):
    """OWASP CSV injection: a text cell starting with = + - @ tab or CR is written with a leading apostrophe."""
    from documents.spreadsheets import FORMULA_PREFIXES

    evil = make_hospital(
        orgs.jilin,
        name='=HYPERLINK("http://evil.example","点击")',
        aliases="+86 431 1234\n@sum(1)",
        address="-1+1",
        specialties="\tcmd",
        emergency_contact="\rcr",
    )
    workbook = openpyxl.load_workbook(io.BytesIO(exports.export_workbook([evil])))
    sheet = workbook.worksheets[0]
    cells = {header.value: cell for header, cell in zip(sheet[1], sheet[2], strict=True)}
    for header in ("医院名称", "别名", "地址", "重点专科", "急救联系人或科室"):
        cell = cells[header]
        # (XML turns a stored CR into LF on the way back: the apostrophe is what matters.)
        assert cell.data_type == "s" and cell.value.startswith("'"), header
        assert cell.value[1:].replace("\n", "\r").startswith(FORMULA_PREFIXES)
    # Read back, the apostrophe is taken off again.
    fields = imports.map_header([c.value for c in sheet[1]])
    restored, errors = imports.validate_row(fields, [c.value for c in sheet[2]], orgs.jilin)
    assert restored is not None and restored.name == evil.name, errors
    assert restored.address == "-1+1"
