"""The search of injured persons as .xlsx (seed 001 p32): personal data masked (the masked ID number and mobile
only, never the clear values), every text cell formula-safe (documents.spreadsheets), Chinese headers."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import translation

from documents.spreadsheets import safe_row

HEADERS = [
    "报案号",
    "伤者姓名",
    "身份证号（脱敏）",
    "手机（脱敏）",
    "人伤类别",
    "环节",
    "医院",
    "估损金额（元）",
    "伤残等级",
    "下次跟踪日期",
    "跟踪人",
    "机构",
]


def persons_workbook(persons: Iterable, *, total: int, cap: int) -> bytes:
    """One row per person. When the search found more than ``cap`` persons, a first line says so."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("人伤案件")
    if total > cap:
        sheet.append(
            [f"仅导出前 {cap} 条（共 {total} 条）：请缩小查询条件。 Only the first {cap} of {total} rows."]
        )
    sheet.append(HEADERS)

    def cell(value, number_format: str):
        written = WriteOnlyCell(sheet, value=value)
        if value is not None:
            written.number_format = number_format
        return written

    with translation.override("zh-hans"):
        for p in persons:
            sheet.append(
                safe_row(
                    [
                        p.claim.report_no,
                        p.name,
                        p.id_masked,
                        p.mobile_masked,
                        str(p.category),
                        str(p.get_state_display()),
                        p.hospital_label,
                        cell(p.estimate, "#,##0.00"),
                        p.disability_grade,
                        cell(p.next_follow_up_on, "yyyy-mm-dd"),
                        str(p.handler),
                        p.org.name,
                    ]
                )
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
