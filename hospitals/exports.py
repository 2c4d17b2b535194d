"""Spreadsheets of the registry: the empty import template and the export of any filtered list (the import's
Chinese headers, so an exported file imports again). Every text cell is written formula-safe."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import translation

from documents.spreadsheets import safe_row

from .imports.columns import COLUMNS, EXPORT_ONLY, GRADE_ZH, KIND_ZH, NATURE_ZH, PROVINCE_ZH
from .models import Cooperation, Hospital


# --- writing workbooks -----------------------------------------------------------------------------------------
def _workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    """An empty import file: the Chinese headers, and a second sheet explaining every column."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("医院")
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.zh)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "English header", "必填 required", "可填写的值 accepted values"])
    for column in COLUMNS:
        notes.append([column.zh, column.en, "是" if column.required else "", str(column.values)])
    return _workbook_bytes(workbook)


def export_workbook(hospitals: Iterable[Hospital]) -> bytes:
    """The given hospitals as an .xlsx with the import's Chinese headers (so it imports again), plus the
    branch, pipeline state and agreement end. Write-only: memory stays flat however many rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("医院")
    sheet.append([column.zh for column in COLUMNS] + list(EXPORT_ONLY))
    with translation.override("zh-hans"):
        states = {code: str(label) for code, label in Cooperation.State.choices}

    def date_cell(value):
        cell = WriteOnlyCell(sheet, value=value)
        if value is not None:
            cell.number_format = "yyyy-mm-dd"
        return cell

    for h in hospitals:
        sheet.append(
            safe_row(
                [
                    h.name,
                    h.aliases,
                    PROVINCE_ZH.get(h.province, h.province),
                    h.city,
                    h.district,
                    h.address,
                    NATURE_ZH.get(h.nature, h.nature),
                    GRADE_ZH.get(h.grade, h.grade),
                    KIND_ZH.get(h.kind, h.kind),
                    h.beds,
                    h.specialties,
                    h.licence_number,
                    date_cell(h.licence_valid_until),
                    h.emergency_phone,
                    h.emergency_contact,
                    "是" if h.itemised_billing else "否",
                    h.road_accident_patients,
                    h.org.name,
                    states.get(getattr(h, "coop_state", None) or "", ""),
                    date_cell(getattr(h, "agreement_end", None)),
                ]
            )
        )
    return _workbook_bytes(workbook)
