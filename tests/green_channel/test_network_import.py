"""Reading a vendor's network list (green_channel.network_import): each format, headers in Chinese or English, and
every bad file or row with its specific message. No database: the reader is plain."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from green_channel import network_import
from green_channel.network_import import ImportFileError, read_network_list, read_upload
from tests.green_channel.xls_writer import xls_bytes


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted as their msgids (the product's default language is zh-hans)."""
    with translation.override("en"):
        yield


ROWS = [
    ["城市", "医院名称", "科室"],
    ["长春", "吉林大学第一医院", "肿瘤科、心内科"],
    ["深圳市", "北京大学深圳医院", ""],
]


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding="utf-8") -> bytes:
    return "\r\n".join(",".join(str(c) for c in row) for row in rows).encode(encoding)


def plain(outcome):
    return [(r.row, r.city, r.hospital, r.departments) for r in outcome.rows]


EXPECTED = [(2, "长春", "吉林大学第一医院", "肿瘤科、心内科"), (3, "深圳市", "北京大学深圳医院", "")]


def test_xlsx():
    assert plain(read_network_list(xlsx(ROWS), "list.xlsx")) == EXPECTED


def test_xls_biff8():
    """Seed 003: "服务区域重大疾病网络医院名单.xls" — the vendors send Excel 97-2003 files."""
    assert plain(read_network_list(xls_bytes(ROWS), "重大疾病网络医院名单.xls")) == EXPECTED


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_vendors_use(encoding):
    assert plain(read_network_list(csv_bytes(ROWS, encoding), "list.csv")) == EXPECTED


def test_english_headers_in_any_order_and_other_columns_ignored():
    rows = [
        ["No.", "Hospital", "Departments", "City", "Grade"],
        [1, "Peking Union", "Cardiology", "Beijing", "3A"],
    ]
    outcome = read_network_list(csv_bytes(rows), "list.csv")
    assert plain(outcome) == [(2, "Beijing", "Peking Union", "Cardiology")]
    assert outcome.ignored_columns == ["No.", "Grade"]


def test_a_title_above_the_header_is_skipped_and_rows_keep_their_spreadsheet_numbers():
    rows = [
        ["重疾绿通医院名单"],
        [],
        ["序号", "城市", "医疗机构", "科室"],
        [1, "长春", "吉林大学第一医院", "肿瘤科"],
    ]
    assert plain(read_network_list(xlsx(rows), "list.xlsx")) == [(4, "长春", "吉林大学第一医院", "肿瘤科")]


def test_departments_are_optional():
    rows = [["city", "hospital"], ["长春", "吉林大学第一医院"]]
    assert plain(read_network_list(csv_bytes(rows), "list.csv")) == [(2, "长春", "吉林大学第一医院", "")]


# --- bad files ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "list.csv", "The file is empty."),
        (b"abc", "list.pdf", "Upload an Excel workbook (.xlsx or .xls) or a CSV file (.csv)."),
        (b"city,hospital", "list.xlsx", "This file is named .xlsx but is not an Excel workbook."),
        (b"city,hospital", "list.xls", "This file is named .xls but is not an Excel 97-2003 workbook."),
        (b"PK\x03\x04junk", "list.csv", "This file is named .csv but is not a text file."),
        (b"PK\x03\x04junk", "list.xlsx", "This file is not an Excel workbook that can be opened."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1junk",
            "list.xls",
            "This file is not an Excel workbook that can be opened.",
        ),
        (b"\xff\xfe\xff", "list.csv", "The CSV file is neither UTF-8 nor GBK/GB18030 text."),
        (csv_bytes([["城市", "医院"]]), "list.csv", "The file has a header row but no hospitals."),
        (
            csv_bytes([["序号", "名称"], ["1", "x"]]),
            "list.csv",
            "No header row with the columns 城市 (city) and 医院",
        ),
        (csv_bytes([["城市", "科室"], ["长春", "x"]]), "list.csv", "Required columns are missing: Hospital."),
        (
            csv_bytes([["城市", "医院", "医疗机构"], ["长春", "x", "y"]]),
            "list.csv",
            "Column “医疗机构” appears twice.",
        ),
    ],
)
def test_bad_files_are_refused_with_their_reason(data, name, message):
    with pytest.raises(ImportFileError) as caught:
        read_network_list(data, name)
    assert message in caught.value.message


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(network_import, "MAX_ROWS", 2)
    rows = [["城市", "医院"], ["长春", "a医院"], ["长春", "b医院"], ["长春", "c医院"]]
    with pytest.raises(ImportFileError, match="more than 2 hospital rows"):
        read_network_list(csv_bytes(rows), "list.csv")


def test_too_large_a_file():
    upload = SimpleUploadedFile("list.csv", b"x" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ImportFileError, match="the limit is 5 MB"):
        read_upload(upload)


def test_every_bad_row_is_listed_with_its_number_and_no_row_is_kept():
    rows = [
        ["城市", "医院", "科室"],
        ["长春", "吉林大学第一医院", ""],
        ["", "吉林省人民医院", ""],  # merged city cells come out empty
        ["长春", "", "肿瘤科"],
        ["长春", " 吉林大学第一医院 ", ""],  # the same hospital again
        ["长春", "x" * 201, ""],
        ["长春", "（）", ""],
    ]
    outcome = read_network_list(xlsx(rows), "list.xlsx")
    assert outcome.rows == []
    by_row = {e["row"]: e["messages"] for e in outcome.errors}
    assert sorted(by_row) == [3, 4, 5, 6, 7]
    assert "The city is empty" in by_row[3][0]
    assert by_row[4] == ["The hospital is empty."]
    assert by_row[5] == ["“吉林大学第一医院” in 长春 appears twice in this file (first on row 2)."]
    assert by_row[6] == ["Hospital is longer than 200 characters."]
    assert by_row[7] == ["“（）” is not a hospital name."]


def test_a_formula_prefix_from_our_own_exports_is_taken_off():
    rows = [["城市", "医院"], ["长春", "'=吉林大学第一医院"]]
    assert read_network_list(csv_bytes(rows), "list.csv").rows[0].hospital == "=吉林大学第一医院"
