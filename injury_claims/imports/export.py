"""The reference lists as .xlsx, with the import's Chinese headers and words, so an exported file imports again
(and serves as the template). Every text cell is written formula-safe (documents.spreadsheets)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable

from documents.spreadsheets import safe_row

from .columns import CHOICE_OF, CHOICE_ZH, LAYOUTS, WAGE_SHEET

SHEET_TITLES = {"drugs": "药品诊疗目录", "standards": "赔偿标准", "aids": "残疾辅助器具"}


def _cells(sheet, layout_name: str, obj, extra: dict | None = None) -> list:
    from openpyxl.cell import WriteOnlyCell

    row = []
    for column in LAYOUTS[layout_name].columns:
        value = (extra or {}).get(column.field, getattr(obj, column.field, None))
        vocabulary = CHOICE_OF.get((layout_name, column.field))
        if vocabulary is not None:
            value = CHOICE_ZH[vocabulary].get(value, value)
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif isinstance(value, datetime.date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "yyyy-mm-dd"
            value = cell
        row.append(value)
    return safe_row(row)


def workbook(list_name: str, entries: Iterable) -> bytes:
    """The entries of one list (standards with their industry wages prefetched) as a workbook. Write-only: the
    memory stays flat however many rows."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLES[list_name])
    sheet.append([column.zh for column in LAYOUTS[list_name].columns])
    wages: list[tuple] = []
    for entry in entries:
        sheet.append(_cells(sheet, list_name, entry))
        if list_name == "standards":
            wages += [(entry, wage) for wage in entry.industry_wages.all()]
    if list_name == "standards":
        wage_sheet = book.create_sheet(WAGE_SHEET)
        wage_sheet.append([column.zh for column in LAYOUTS["wages"].columns])
        for standard, wage in wages:
            key = {"province": standard.province, "area": standard.area, "stat_year": standard.stat_year}
            wage_sheet.append(_cells(wage_sheet, "wages", wage, key))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
