"""Formula prefixes imported as text are never exported back as formulas (issue 14, point 2): a CSV whose cells
start with =, +, -, @ or a tab goes into the registry and the drug list as written, and their exports hold the
text with the apostrophe that keeps Excel and WPS from running it."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from hospitals.imports import process_import
from hospitals.models import Hospital, HospitalImport
from injury_claims.models import DrugItem
from organization.roles import Role
from tests.badinput.upload_support import csv_bytes, upload
from tests.conftest import client_for, download_export

pytestmark = pytest.mark.django_db
FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","点击")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
]


def formula_cells(content: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [
        f"{sheet.title}!{cell.coordinate}={cell.value!r}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
        or (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")))
    ]


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_registry_import_with_formula_cells_exports_them_as_text(formula, orgs, make_user):
    head = make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD)
    client = client_for(head)
    rows = [
        ["医院名称", "省份", "城市", "地址", "性质", "等级", "类型"],
        [f"{formula}医院", "吉林省", "长春市", formula, "公立", "三级甲等", "综合医院"],
    ]
    response = client.post(reverse("hospitals:import"), {"file": upload("list.csv", csv_bytes(rows))})
    assert response.status_code == 302
    process_import(HospitalImport.objects.get().pk)
    hospital = Hospital.objects.get()
    assert (hospital.name, hospital.address) == (f"{formula}医院", formula)  # kept as written
    exported = download_export(client, reverse("hospitals:export")).getvalue()
    assert formula_cells(exported) == []
    assert f"'{formula}医院" in {
        c.value for row in openpyxl.load_workbook(io.BytesIO(exported)).active.iter_rows() for c in row
    }


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_drug_list_import_with_formula_cells_exports_them_as_text(formula, orgs, make_user):
    editor = make_user(orgs.hq, Role.ADMINISTRATOR)
    client = client_for(editor)
    rows = [
        ["编码", "名称", "类别", "医保类别", "规格", "单位", "参考价格"],
        ["X001", formula, "药品", "甲类", formula, "盒", "8.50"],
    ]
    url = reverse("injury_claims:reference_import", kwargs={"kind": "drugs"})
    response = client.post(url, {"file": upload("list.csv", csv_bytes(rows))})
    assert response.status_code == 302
    assert DrugItem.objects.get().name == formula
    exported = client.get(reverse("injury_claims:reference_export", kwargs={"kind": "drugs"})).content
    assert formula_cells(exported) == []
