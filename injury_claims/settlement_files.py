"""Spreadsheets of payment and settlement (issue 10 points 5 and 7): the bank's payment batch file (CSV or .xlsx)
and the settlement report workbook. Every text cell is written formula-safe (documents.spreadsheets): a payee or a
hospital named ``=HYPERLINK(…)`` reaches the reader as that text. Chinese headers, as the bank and the branch read
them.

The batch file carries the clear account number — the bank needs it — and is made only for who may pay, in the
worker, each file an event on every settlement it holds (injury_claims.services.payment_batch).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from documents.spreadsheets import safe_row

BATCH_HEADERS = ["序号", "收款人", "开户银行", "账号", "金额", "用途"]
CSV_MIME = "text/csv; charset=utf-8"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class BatchRow:
    seq: int
    payee: str
    bank: str
    account: str
    amount: Decimal
    purpose: str  # 用途: the report number and the injured person's name

    def cells(self) -> list:
        return safe_row([self.seq, self.payee, self.bank, self.account, f"{self.amount:.2f}", self.purpose])


def batch_csv(rows: Iterable[BatchRow]) -> bytes:
    """UTF-8 with the BOM (Excel and WPS open it as Chinese text), CRLF lines, the header first."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(BATCH_HEADERS)
    for row in rows:
        writer.writerow(row.cells())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def batch_xlsx(rows: Iterable[BatchRow], *, number: str, made_at: str, made_by: str) -> bytes:
    """The lines on the first sheet (account numbers as text, so no digit is lost to a number format), the batch's
    number, count and total on a second."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("付款明细")
    sheet.append(BATCH_HEADERS)
    count, total = 0, Decimal("0")
    for row in rows:
        seq, payee, bank, account, _amount, purpose = row.cells()
        account_cell = WriteOnlyCell(sheet, value=account)
        account_cell.number_format = "@"
        amount_cell = WriteOnlyCell(sheet, value=row.amount)
        amount_cell.number_format = "0.00"
        sheet.append([seq, payee, bank, account_cell, amount_cell, purpose])
        count, total = count + 1, total + row.amount
    summary = book.create_sheet("批次")
    for label, value in (
        ("批次号", number),
        ("笔数", count),
        ("总金额", f"{total:.2f}"),
        ("制作时间", made_at),
        ("制作人", made_by),
    ):
        summary.append(safe_row([label, value]))
    return _saved(book)


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the settlement report ----------------------------------------------------------------------------------------
def report_workbook(report: dict) -> bytes:
    """The report as the page shows it (injury_claims.selectors.settlement_reports.settlement_report): by item, by
    hospital (with the cooperating / not cooperating totals), by branch and month."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)

    def money(sheet, value):
        cell = WriteOnlyCell(sheet, value=value)
        if value is not None:
            cell.number_format = "#,##0.00"
        return cell

    def share(sheet, value):
        cell = WriteOnlyCell(sheet, value=None if value is None else value / 100)
        if value is not None:
            cell.number_format = "0.0%"
        return cell

    head = book.create_sheet("说明")
    for row in (
        ("年度", report["year"]),
        ("机构", report["org_name"]),
        ("已结案赔付人数", report["persons"]),
        ("赔付金额（元）", f"{report['paid']:.2f}"),
        (
            "口径",
            "本年度已支付（结案）的人伤理算；按项目取核赔通过的理算书，医院按伤者就诊医院，费用取费用审核核定金额",
        ),
    ):
        head.append(safe_row(row))

    items = book.create_sheet("按赔偿项目")
    items.append(
        ["赔偿项目", "人数", "核定损失（元）", "交强险赔付（元）", "商业险赔付（元）", "赔付合计（元）"]
    )
    for row in report["items"]:
        items.append(
            [
                *safe_row([row["label"], row["persons"]]),
                money(items, row["loss"]),
                money(items, row["compulsory"]),
                money(items, row["commercial"]),
                money(items, row["paid"]),
            ]
        )

    hospitals = book.create_sheet("按医院")
    hospitals.append(
        [
            "医院",
            "协作医院",
            "结案人数",
            "赔付金额（元）",
            "住院人数",
            "住院核定费用（元）",
            "人均住院费用（元）",
            "核定医疗费用（元）",
            "其中丙类及自费（元）",
            "非医保占比",
        ]
    )
    for row in [*report["hospitals"], *report["network_totals"]]:
        hospitals.append(
            [
                *safe_row([row["name"], "是" if row["cooperating"] else "否", row["persons"]]),
                money(hospitals, row["paid"]),
                row["inpatient_persons"],
                money(hospitals, row["inpatient"]),
                money(hospitals, row["average_inpatient"]),
                money(hospitals, row["approved"]),
                money(hospitals, row["outside"]),
                share(hospitals, row["outside_share"]),
            ]
        )

    months = book.create_sheet("按机构和月份")
    months.append(["机构", *[f"{m}月" for m in range(1, 13)], "合计（元）", "人数"])
    for row in [*report["branches"], report["month_totals"]]:
        months.append(
            [
                *safe_row([row["name"]]),
                *[money(months, value) for value in row["months"]],
                money(months, row["paid"]),
                row["persons"],
            ]
        )
    return _saved(book)
