"""Reading a reference file: its type by content (the hospital import's check), its sheets and rows, and each cell
turned into a model value with a specific message when it cannot be.

CSV may be UTF-8 (with or without the BOM Excel writes) or GBK/GB18030 (what Excel on a Chinese Windows saves as
"CSV (逗号分隔)"). A workbook's first sheet is the list; a compensation-standards workbook may carry the industry
wages on a sheet named 行业工资. Text from one of our own exports loses the apostrophe that kept it from being run
as a formula (documents.spreadsheets.restore); other text is kept as written — every export neutralises it again.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext as _

from documents.spreadsheets import restore
from hospitals.imports import MAX_FILE_SIZE, ImportFileError, check_unpacked_size, sniff

from .columns import FALSE_WORDS, TRUE_WORDS, choice_words, shown

MAX_ROWS = 5_000
MAX_CELL = 2_000  # characters: no field of these lists is longer; a longer cell is reported, never truncated

__all__ = ["MAX_FILE_SIZE", "MAX_ROWS", "ImportFileError", "Sheet", "convert", "read_sheets", "text_of"]

Sheet = tuple[
    str, list[tuple[int, list]]
]  # (sheet name, [(row number, cells)]) — the header is the first row


def read_sheets(data: bytes, filename: str) -> list[Sheet]:
    """Every sheet with its non-empty rows (numbered as the spreadsheet shows them). CSV: one sheet named ""."""
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError(
            _("The file is %(size)s MB; the limit is 5 MB.") % {"size": f"{len(data) / 1024 / 1024:.1f}"}
        )
    kind = sniff(data[:4096], filename)
    sheets = _read_xlsx(data) if kind == "xlsx" else [("", _read_csv(data))]
    result = []
    for name, rows in sheets:
        table = []
        for number, values in rows:
            cells = list(values)
            if all(value is None or str(value).strip() == "" for value in cells):
                continue
            table.append((number, cells))
            if len(table) > MAX_ROWS + 1:
                raise ImportFileError(
                    _("The file has more than %(max)s rows; split it into several files.")
                    % {"max": f"{MAX_ROWS:,}"}
                )
        result.append((name, table))
    if not result or not result[0][1]:
        raise ImportFileError(_("The file is empty."))
    if len(result[0][1]) == 1:
        raise ImportFileError(_("The file has a header row but no data rows."))
    return result


def _read_xlsx(data: bytes) -> list[tuple[str, list]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = _("This file is not an Excel workbook that can be opened.")
    check_unpacked_size(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        SyntaxError,
    ) as exc:
        # SyntaxError: the XML parser's ParseError, e.g. expat refusing an entity bomb in a part read on opening
        raise ImportFileError(unreadable) from exc
    try:
        return [
            (sheet.title, list(enumerate(sheet.iter_rows(values_only=True), start=1)))
            for sheet in workbook.worksheets
        ]
    except Exception as exc:  # a damaged sheet inside a valid zip: whatever the XML parser raises
        raise ImportFileError(unreadable) from exc
    finally:
        workbook.close()


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), else GB18030 (a superset of GBK); anything else is refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The CSV file is neither UTF-8 nor GBK text. In Excel save it as “CSV UTF-8 (comma delimited)”."
            )
        ) from exc


def _read_csv(data: bytes) -> list[tuple[int, list]]:
    text = decode(data)
    try:
        return list(enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
    except csv.Error as exc:  # a field over the csv module's limit (128 KB) lands here too
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


# --- cells -------------------------------------------------------------------------------------------------------
def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return restore(str(value).strip())


MONEY_NOISE = re.compile(r"[,，\s¥￥元]")
DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


class CellError(Exception):
    """One cell's message (translated, without the column: the report names it)."""


def convert(model_field: models.Field, value, *, vocabulary: str | None = None):
    """The model value of one cell (None: empty), or CellError with a specific message."""
    if vocabulary is not None:
        return _choice(value, vocabulary)
    if isinstance(model_field, models.DecimalField):
        return _decimal(value, model_field.decimal_places)
    if isinstance(model_field, models.BooleanField):
        return _boolean(value)
    if isinstance(model_field, models.IntegerField):
        return _integer(value)
    if isinstance(model_field, models.DateField):
        return _date(value)
    text = text_of(value)
    limit = model_field.max_length or MAX_CELL
    if len(text) > limit:
        raise CellError(
            _("The text is %(length)s characters long; at most %(max)s are allowed.")
            % {"length": f"{len(text):,}", "max": f"{limit:,}"}
        )
    return text


def _choice(value, vocabulary: str):
    text = text_of(value)
    if not text:
        return None
    code = choice_words(vocabulary).get(text.casefold())
    if code is None:
        if vocabulary == "province":
            raise CellError(
                _("“%(value)s” is not a province; write it as e.g. 吉林省, 吉林, Jilin or 22.")
                % {"value": text}
            )
        raise CellError(
            _("“%(value)s” is not one of: %(choices)s.") % {"value": text, "choices": shown(vocabulary)}
        )
    return code


def _decimal(value, places: int) -> Decimal | None:
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not an amount.") % {"value": text_of(value)})
    if isinstance(value, int | float):
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        rounded = amount.quantize(Decimal(1).scaleb(-places))
        if abs(amount - rounded) < Decimal("0.000001"):  # a float's binary noise, not a third decimal
            amount = rounded
    else:
        text = MONEY_NOISE.sub("", text_of(value))
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not an amount.") % {"value": text_of(value)}) from None
        if not amount.is_finite():
            raise CellError(_("“%(value)s” is not an amount.") % {"value": text_of(value)})
    if amount < 0:
        raise CellError(_("%(value)s is negative; amounts cannot be below zero.") % {"value": amount})
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        raise CellError(
            _("%(value)s has more than %(places)s decimal places.") % {"value": amount, "places": places}
        )
    if amount >= Decimal(10) ** 10:
        raise CellError(_("%(value)s is too large for an amount in yuan.") % {"value": amount})
    return amount.quantize(Decimal(1).scaleb(-places))


def _integer(value) -> int | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    text = text_of(value)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = text_of(value)
    if not text:
        return None
    match = DATE_TEXT.match(text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": text})


def _boolean(value) -> bool | None:
    if isinstance(value, bool):
        return value
    text = text_of(value).casefold()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("“%(value)s” is not 是 or 否 (yes or no).") % {"value": text_of(value)})
