"""Use cases of the bank's payment batches (issue 10 point 5).

* :func:`make_batch` — a calculator/approver puts pending payments of approved settlements in their scope into one
  batch (序号 1…n). A payment already sent to the bank in another batch is refused unless they say to send it again
  (the bank did not pay it): the check that keeps a payment from being paid twice.
* :func:`batch_file` — the file for the bank (CSV or .xlsx) with the clear account numbers, made in the worker for
  who may pay; each file made is an event on every settlement of the batch (the trail of who had the numbers).
* :func:`apply_bank_return` — the bank's return file (序号, 账号, 金额, 流水号, 日期) marks the matching payments paid
  through :func:`injury_claims.services.settlement.mark_paid`: every row checked first, every bad row reported,
  and nothing recorded unless every row is good.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organization.pii import blind_indexes
from workflow.services import TransitionRefused, record_event

from ..imports.reading import CellError, ImportFileError, convert, read_sheets, text_of
from ..models import Payment, PaymentBatch, PaymentBatchLine
from ..selectors.payment_batch import BATCH_CAP, batch_lines, payments_to_make
from ..settlement_files import CSV_MIME, XLSX_MIME, BatchRow, batch_csv, batch_xlsx
from ..workflows.settlement import can_calculate
from . import settlement as settlement_services

FORMATS = ("csv", "xlsx")
RETURN_COLUMNS = {
    "序号": "seq",
    "账号": "account",
    "金额": "amount",
    "流水号": "reference",
    "日期": "paid_on",
}
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class ReturnRejected(Exception):
    """The bank's return file was not recorded: ``problems`` is [(row number or None, message)], every one."""

    def __init__(self, problems: list[tuple[int | None, str]]):
        super().__init__("; ".join(message for _row, message in problems))
        self.problems = problems


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


# --- making a batch ---------------------------------------------------------------------------------------------
@transaction.atomic
def make_batch(user, payment_ids, *, again: bool = False) -> PaymentBatch:
    """The selected payments as one batch, in the order of the list (oldest first). Refused, with every reason and
    nothing recorded, when a payment is not one to pay in the person's scope or was already sent to the bank."""
    if not can_calculate(user):
        raise ValidationError(_("Only the calculator/approver and the claims head make payment files."))
    try:
        wanted = {int(pk) for pk in payment_ids}
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("Select the payments from the list.")) from exc
    if not wanted:
        raise ValidationError(_("Select at least one payment."))
    if len(wanted) > BATCH_CAP:
        raise ValidationError(
            _("A batch holds at most %(cap)s payments; you selected %(count)s.")
            % {"cap": BATCH_CAP, "count": len(wanted)}
        )
    payments = list(payments_to_make(user).filter(pk__in=wanted).select_for_update(of=("self",)))
    problems = []
    missing = len(wanted) - len(payments)
    if missing:
        problems.append(
            ngettext(
                "%(count)s selected payment is no longer to pay in your organisation (paid meanwhile, or not "
                "yours): reload the page.",
                "%(count)s selected payments are no longer to pay in your organisation (paid meanwhile, or not "
                "yours): reload the page.",
                missing,
            )
            % {"count": missing}
        )
    if not again:
        for payment in payments:
            if payment.sent_in:
                earlier = payment.sent_in[0].batch
                problems.append(
                    _(
                        "%(payee)s ¥%(amount)s was already sent to the bank in batch %(batch)s on %(day)s: tick "
                        "“Send again” only if the bank did not pay it."
                    )
                    % {
                        "payee": payment.payee_name,
                        "amount": _money(payment.amount),
                        "batch": earlier.number,
                        "day": f"{timezone.localtime(earlier.at):%Y-%m-%d}",
                    }
                )
    if problems:
        raise ValidationError(problems)
    batch = PaymentBatch.objects.create(
        org=user.org, count=len(payments), total=sum((p.amount for p in payments), Decimal("0")), by=user
    )
    PaymentBatchLine.objects.bulk_create(
        PaymentBatchLine(batch=batch, seq=seq, payment=payment, amount=payment.amount)
        for seq, payment in enumerate(payments, start=1)
    )
    for seq, payment in enumerate(payments, start=1):
        record_event(
            payment.settlement,
            "payment_batched",
            by=user,
            note=f"{batch.number} 序号{seq}: {payment.payee_name} ¥{_money(payment.amount)}",
        )
    return batch


# --- the file for the bank ----------------------------------------------------------------------------------------
def batch_rows(batch: PaymentBatch, user) -> list[tuple[PaymentBatchLine, BatchRow]]:
    """The batch's lines as the bank's file holds them; refused (every reason) when a payment was paid since, or
    is no longer in the person's scope: a file never asks the bank to pay twice."""
    lines = list(batch_lines(batch))
    problems = []
    for line in lines:
        payment = line.payment
        if not can_calculate(user, payment.settlement):
            problems.append(_("序号 %(seq)s is not a payment of your organisation.") % {"seq": line.seq})
        elif payment.status != Payment.Status.PENDING:
            problems.append(
                _("序号 %(seq)s (%(payee)s) is already paid (%(reference)s): put the others in a new batch.")
                % {"seq": line.seq, "payee": payment.payee_name, "reference": payment.reference}
            )
    if problems:
        raise ValidationError(problems)
    return [
        (
            line,
            BatchRow(
                seq=line.seq,
                payee=line.payment.payee_name,
                bank=line.payment.bank,
                account=line.payment.account,
                amount=line.amount,
                purpose=f"{line.payment.settlement.person.claim.report_no} {line.payment.settlement.person.name}",
            ),
        )
        for line in lines
    ]


@transaction.atomic
def batch_file(batch: PaymentBatch, *, fmt: str, by) -> tuple[str, bytes, str]:
    """(file name, content, MIME type) of the bank's file; each settlement of the batch records that it was made."""
    if fmt not in FORMATS:
        raise ValidationError(_("Choose CSV or Excel (.xlsx)."))
    lines = batch_rows(batch, by)
    rows = [row for _line, row in lines]
    if fmt == "csv":
        data, mime = batch_csv(rows), CSV_MIME
    else:
        data = batch_xlsx(
            rows,
            number=batch.number,
            made_at=f"{timezone.localtime(batch.at):%Y-%m-%d %H:%M}",
            made_by=batch.by.get_full_name() or batch.by.get_username(),
        )
        mime = XLSX_MIME
    for line, row in lines:
        record_event(
            line.payment.settlement,
            "payment_batch_file",
            by=by,
            note=f"{batch.number} 序号{row.seq} ({fmt})",
        )
    return f"{batch.number}.{fmt}", data, mime


# --- the bank's return file ---------------------------------------------------------------------------------------
def _paid_on(value) -> datetime.date | None:
    text = text_of(value)
    match = COMPACT_DATE.match(text)
    if match:  # 20260315, as many banks write it
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    return convert(Payment._meta.get_field("paid_on"), value)


def _columns(header: list) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(header):
        name = RETURN_COLUMNS.get(text_of(cell).replace(" ", ""))
        if name and name not in found:
            found[name] = index
    missing = [zh for zh, name in RETURN_COLUMNS.items() if name not in found]
    if missing:
        raise ReturnRejected(
            [
                (
                    None,
                    _("The return file needs the columns %(columns)s; %(missing)s missing.")
                    % {"columns": "、".join(RETURN_COLUMNS), "missing": "、".join(missing)},
                )
            ]
        )
    return found


def read_return(
    batch: PaymentBatch, data: bytes, filename: str
) -> list[tuple[int, PaymentBatchLine, str, datetime.date]]:
    """Every row of the bank's return file checked against the batch: [(row, line, reference, paid on)], or
    ReturnRejected with every problem."""
    try:
        sheets = read_sheets(data, filename)
    except ImportFileError as exc:
        raise ReturnRejected([(None, exc.message)]) from exc
    table = sheets[0][1]
    columns = _columns(table[0][1])
    lines = {line.seq: line for line in batch_lines(batch)}
    today, made = timezone.localdate(), timezone.localdate(batch.at)
    problems: list[tuple[int | None, str]] = []
    matched = []
    seen: dict[int, int] = {}
    for number, cells in table[1:]:

        def cell(name, cells=cells):
            index = columns[name]
            return cells[index] if index < len(cells) else None

        errors = []
        line = None
        try:
            seq = convert(PaymentBatchLine._meta.get_field("seq"), cell("seq"))
        except CellError as exc:
            errors.append(f"序号: {exc}")
            seq = None
        if seq is None and not errors:
            errors.append(_("序号 is missing."))
        elif seq is not None:
            line = lines.get(seq)
            if line is None:
                errors.append(
                    _("There is no 序号 %(seq)s in batch %(batch)s.") % {"seq": seq, "batch": batch.number}
                )
            elif seq in seen:
                errors.append(_("序号 %(seq)s is also on row %(row)s.") % {"seq": seq, "row": seen[seq]})
                line = None
            else:
                seen[seq] = number
        account = "".join(text_of(cell("account")).split())
        if not account:
            errors.append(_("The account number (账号) is missing."))
        elif line is not None and line.payment.account_hash not in blind_indexes(account):
            errors.append(
                _("The account does not match 序号 %(seq)s (%(masked)s).")
                % {"seq": line.seq, "masked": line.payment.account_masked}
            )
        try:
            amount = convert(Payment._meta.get_field("amount"), cell("amount"))
        except CellError as exc:
            errors.append(f"金额: {exc}")
        else:
            if amount is None:
                errors.append(_("The amount (金额) is missing."))
            elif line is not None and amount != line.amount:
                errors.append(
                    _("¥%(amount)s does not match 序号 %(seq)s (¥%(expected)s).")
                    % {"amount": _money(amount), "seq": line.seq, "expected": _money(line.amount)}
                )
        try:
            reference = convert(Payment._meta.get_field("reference"), cell("reference")) or ""
        except CellError as exc:
            errors.append(f"流水号: {exc}")
            reference = ""
        else:
            if not reference:
                errors.append(_("The bank's reference (流水号) is missing."))
        try:
            paid_on = _paid_on(cell("paid_on"))
        except CellError as exc:
            errors.append(f"日期: {exc}")
            paid_on = None
        else:
            if paid_on is None:
                errors.append(_("The payment date (日期) is missing."))
            elif paid_on > today:
                errors.append(_("The payment date %(day)s is in the future.") % {"day": paid_on.isoformat()})
            elif paid_on < made:
                errors.append(
                    _("The payment date %(day)s is before the batch was made (%(made)s).")
                    % {"day": paid_on.isoformat(), "made": made.isoformat()}
                )
        if line is not None and line.payment.status == Payment.Status.PAID:
            errors.append(
                _("序号 %(seq)s is already recorded as paid (%(reference)s).")
                % {"seq": line.seq, "reference": line.payment.reference}
            )
        if errors:
            problems.extend((number, message) for message in errors)
        else:
            matched.append((number, line, reference, paid_on))
    if problems:
        raise ReturnRejected(problems)
    return matched


def apply_bank_return(batch: PaymentBatch, data: bytes, filename: str, *, by) -> list[Payment]:
    """Mark paid the payments the bank's return file confirms — all of them, or none (ReturnRejected)."""
    if not can_calculate(by):
        raise ReturnRejected([(None, _("Only the calculator/approver and the claims head record payments."))])
    matched = read_return(batch, data, filename)
    paid = []
    with transaction.atomic():
        for number, line, reference, paid_on in matched:
            record_event(
                line.payment.settlement,
                "payment_bank_return",
                by=by,
                note=f"{batch.number} 序号{line.seq}: {reference} {paid_on.isoformat()}",
            )
            try:
                paid.append(
                    settlement_services.mark_paid(line.payment, reference=reference, paid_on=paid_on, by=by)
                )
            except (ValidationError, TransitionRefused) as exc:
                raise ReturnRejected([(number, message) for message in exc.messages]) from exc
        PaymentBatch.objects.filter(pk=batch.pk).update(returned_at=timezone.now())
    return paid
