"""The ranking of a year as an .xlsx (issue 13 point 6): one row per branch with its rank, the five items' points
after HQ's adjustments, the total, the state and when it was finalised. Headers in the reader's language; numbers
written as numbers; every text cell formula-safe (documents.spreadsheets)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.spreadsheets import neutralise, safe_row

from . import scorecard as sc

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return [
        _("Rank"),
        _("Branch code"),
        _("Branch"),
        *(sc.title(key) for key in sc.ITEMS),
        _("Total"),
        _("State"),
        _("Finalised at"),
    ]


def ranking_workbook(year: int, rows: list[dict]) -> bytes:
    """``rows``: scoring.selectors.ranking. Write-only: memory stays flat."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(neutralise(_("Ranking %(year)s") % {"year": year}))[:31])
    header = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=neutralise(text))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)

    def number(value):
        cell = WriteOnlyCell(sheet, value=value)
        if value is not None:
            cell.number_format = "0.00"
        return cell

    def moment(value):
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell

    for row in rows:
        card = row["card"]
        sheet.append(
            safe_row(
                [
                    row["rank"],
                    card.org.code,
                    card.org.name,
                    *(number(cell["points"]) for cell in row["cells"]),
                    number(card.total),
                    str(card.get_state_display()),
                    moment(card.finalised_at),
                ]
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
