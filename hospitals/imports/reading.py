"""Reading an import file: its type by content, its rows, its header, and every row validated with all its
messages."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from documents.spreadsheets import restore

from ..models import Hospital
from .columns import (
    CHOICES,
    CHOICES_SHOWN,
    COLUMN_OF,
    COLUMNS,
    FALSE_WORDS,
    HEADER_TO_FIELD,
    IGNORED,
    INTEGER_FIELDS,
    ISO_DATE,
    TRUE_WORDS,
    _english_provinces,
    _norm,
)

MAX_FILE_SIZE = 5 * 1024 * 1024
# What a workbook's parts may unpack to in all. A 20,000-row registry unpacks to about 13 MB; a "zip bomb" of a few
# MB unpacks to gigabytes, and openpyxl would inflate and parse all of it (the styles and shared strings in memory).
MAX_UNPACKED_SIZE = 50 * 1024 * 1024
MAX_ROWS = 20_000
PROGRESS_EVERY = 50
XLSX_MAGIC = b"PK\x03\x04"


class ImportFileError(Exception):
    """The file as a whole cannot be used; the message is translated and meant for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- reading files -------------------------------------------------------------------------------------------
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 compound file: Excel 97-2003 (.xls)
SPREADSHEETS = ("xlsx", "csv")  # the registry import's kinds
UTF8 = ("utf-8-sig",)


def sniff(head: bytes, filename: str, kinds: tuple[str, ...] = SPREADSHEETS) -> str:
    """The kind ('xlsx', 'xls' or 'csv', among ``kinds``) by the file's name, confirmed by its content; otherwise
    ImportFileError."""
    suffix = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    if suffix not in kinds:
        if "xls" in kinds:
            raise ImportFileError(_("Upload an Excel workbook (.xlsx or .xls) or a CSV file (.csv)."))
        raise ImportFileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    if suffix == "xlsx" and not head.startswith(XLSX_MAGIC):
        raise ImportFileError(_("This file is named .xlsx but is not an Excel workbook."))
    if suffix == "xls" and not head.startswith(XLS_MAGIC):
        raise ImportFileError(_("This file is named .xls but is not an Excel 97-2003 workbook."))
    if suffix == "csv" and (head.startswith((XLSX_MAGIC, XLS_MAGIC)) or b"\x00" in head):
        raise ImportFileError(_("This file is named .csv but is not a text file."))
    return suffix


def read_sheet(
    data: bytes, filename: str, kinds: tuple[str, ...] = SPREADSHEETS, encodings: tuple[str, ...] = UTF8
) -> Iterable[tuple[int, list]]:
    """Every row of the first sheet with its row number as the spreadsheet shows it (empty rows included), the
    kind checked by content. CSV text is decoded with the first of ``encodings`` that fits."""
    kind = sniff(data[:4096], filename, kinds)
    if kind == "xlsx":
        return _read_xlsx(data)
    if kind == "xls":
        return _read_xls(data)
    return _read_csv(data, encodings)


def read_rows(data: bytes, filename: str) -> list[tuple[int, list]]:
    """Every non-empty row of the first sheet with its row number, header first. Too many rows: an error."""
    table: list[tuple[int, list]] = []
    for number, values in read_sheet(data, filename):
        cells = list(values)
        if all(value is None or str(value).strip() == "" for value in cells):
            continue
        table.append((number, cells))
        if len(table) > MAX_ROWS + 1:
            raise ImportFileError(
                _("The file has more than %(max)s hospital rows; split it into several files.")
                % {"max": f"{MAX_ROWS:,}"}
            )
    if not table:
        raise ImportFileError(_("The file is empty."))
    if len(table) == 1:
        raise ImportFileError(_("The file has a header row but no hospitals."))
    return table


def check_unpacked_size(data: bytes) -> None:
    """A workbook whose parts unpack to more than 50 MB is refused before any part is read. The sizes are the ones
    the zip's directory declares; Python's zipfile never inflates a part beyond its declared size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(_("This file is not an Excel workbook that can be opened.")) from exc
    if unpacked > MAX_UNPACKED_SIZE:
        raise ImportFileError(
            _(
                "This workbook unpacks to %(size)s MB, more than the %(max)s MB a list of this size can need. "
                "Open it in Excel, save it again and upload that copy."
            )
            % {"size": f"{unpacked / 1024 / 1024:,.0f}", "max": MAX_UNPACKED_SIZE // (1024 * 1024)}
        )


def _read_xlsx(data: bytes) -> Iterable[tuple[int, tuple]]:
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
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except Exception as exc:  # a damaged sheet inside a valid zip: whatever the XML parser raises
        raise ImportFileError(unreadable) from exc
    finally:
        workbook.close()


def _read_xls(data: bytes) -> Iterable[tuple[int, list]]:
    """An Excel 97-2003 workbook (xlrd 2 reads only these): numbers come back as floats, dates as datetimes."""
    import xlrd

    unreadable = _("This file is not an Excel workbook that can be opened.")
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct and index errors on damaged files
        raise ImportFileError(unreadable) from exc
    try:
        for index in range(sheet.nrows):
            row = []
            for cell in sheet.row(index):
                value = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    value = None
                row.append(value)
            yield index + 1, row
    except Exception as exc:
        raise ImportFileError(unreadable) from exc
    finally:
        book.release_resources()


def _read_csv(data: bytes, encodings: tuple[str, ...] = UTF8) -> Iterable[tuple[int, list]]:
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        if len(encodings) > 1:
            raise ImportFileError(
                _("The CSV file is neither UTF-8 nor GBK/GB18030 text. Save it again as “CSV UTF-8”.")
            )
        raise ImportFileError(
            _("The CSV file is not UTF-8 text. In Excel save it as “CSV UTF-8 (comma delimited)”.")
        )
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


def check_size(upload) -> None:
    """The upload's size within the limit (5 MB), or ImportFileError."""
    if upload.size > MAX_FILE_SIZE:
        raise ImportFileError(
            _("The file is %(size)s MB; the limit is 5 MB.") % {"size": f"{upload.size / 1024 / 1024:.1f}"}
        )


def check_upload(upload) -> int:
    """Validate an uploaded file (size, type by content, row count); return its number of hospital rows."""
    check_size(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    table = read_rows(data, upload.name)
    map_header(table[0][1])
    return len(table) - 1


def map_header(header: list) -> list[str | None]:
    """The field of each column (None: ignored). Unknown columns and missing required ones are errors."""
    fields: list[str | None] = []
    problems = []
    for value in header:
        key = _norm(value)
        if not key or key in IGNORED:
            fields.append(None)
            continue
        field = HEADER_TO_FIELD.get(key)
        if field is None:
            problems.append(_("Column “%(header)s” is not recognised.") % {"header": str(value).strip()})
        elif field in fields:
            problems.append(_("Column “%(header)s” appears twice.") % {"header": str(value).strip()})
        fields.append(field)
    missing = [COLUMN_OF[c.field].zh for c in COLUMNS if c.required and c.field not in fields]
    if missing:
        problems.append(_("Required columns are missing: %(columns)s.") % {"columns": "、".join(missing)})
    if problems:
        raise ImportFileError(" ".join(problems))
    return fields


# --- validating rows ---------------------------------------------------------------------------------------------
def _label(field: str) -> str:
    return str(Hospital._meta.get_field(field).verbose_name)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return restore(str(value).strip())


def _convert(field: str, value, errors: list[str]):
    """The model value of one cell, or None after appending a specific message to errors."""
    if field in CHOICES:
        text = _text(value)
        if not text:
            return "general" if field == "kind" else ""
        code = CHOICES[field].get(text) or CHOICES[field].get(text.casefold())
        if code is None and field == "province":
            code = _english_provinces().get(text.casefold())
        if code is None and field == "province":
            errors.append(
                _("%(column)s “%(value)s” is not a province; write it as e.g. 吉林省, 吉林, Jilin or 22.")
                % {"column": _label(field), "value": text}
            )
        elif code is None:
            errors.append(
                _("%(column)s “%(value)s” is not one of: %(choices)s.")
                % {"column": _label(field), "value": text, "choices": CHOICES_SHOWN[field]()}
            )
        return code
    if field in INTEGER_FIELDS:
        if isinstance(value, bool):
            value = str(value)
        if isinstance(value, int | float) and float(value).is_integer() and value >= 0:
            return int(value)
        text = _text(value)
        if not text:
            return None
        if text.isdigit():
            return int(text)
        errors.append(
            _("%(column)s “%(value)s” is not a whole number.") % {"column": _label(field), "value": text}
        )
        return None
    if field == "licence_valid_until":
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        if not text:
            return None
        if ISO_DATE.match(text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                pass
        errors.append(
            _("%(column)s “%(value)s” is not a date in the form YYYY-MM-DD.")
            % {"column": _label(field), "value": text}
        )
        return None
    if field == "itemised_billing":
        if isinstance(value, bool):
            return value
        text = _text(value).casefold()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        errors.append(
            _("%(column)s “%(value)s” is not 是 or 否 (yes or no).")
            % {"column": _label(field), "value": _text(value)}
        )
        return None
    text = _text(value)
    if field == "aliases":
        text = "\n".join(part.strip() for part in re.split(r"[\n;；]", text) if part.strip())
    return text


def validate_row(fields: list[str | None], cells: list, org) -> tuple[Hospital | None, list[str]]:
    """One row as an unsaved Hospital of `org`, or the row's messages. Duplicates are checked elsewhere."""
    errors: list[str] = []
    data: dict = {}
    refused: set[str] = set()
    for index, field in enumerate(fields):
        if field is None:
            continue
        before = len(errors)
        data[field] = _convert(field, cells[index] if index < len(cells) else None, errors)
        if len(errors) > before:
            refused.add(field)
    for column in COLUMNS:
        if column.required and column.field not in refused and not data.get(column.field):
            errors.append(_("%(column)s is required.") % {"column": _label(column.field)})
            refused.add(column.field)
    hospital = Hospital(org=org, **{k: v for k, v in data.items() if v is not None and k not in refused})
    try:
        hospital.full_clean(exclude=refused, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            label = _label(field) if field in COLUMN_OF else ""
            errors.extend(f"{label}: {message}" if label else message for message in messages)
    return (None if errors else hospital), errors


def _duplicate_key(name: str, city: str) -> tuple[str, str]:
    return (name.strip(), city.strip())


def existing_names(keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which (name, city) pairs are already in the registry (every branch), queried in chunks."""
    keys = list(keys)
    found: set[tuple[str, str]] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        names = {name for name, _city in chunk}
        wanted = set(chunk)
        for pair in Hospital.objects.filter(name__in=names).values_list("name", "city"):
            if pair in wanted:
                found.add(pair)
    return found


@dataclass
class Outcome:
    hospitals: list[tuple[int, Hospital]]
    errors: list[dict]
    total: int


def validate_table(table: list[tuple[int, list]], org, progress=None) -> Outcome:
    """Every row checked; every bad row reported with all its messages. `progress(n)` every 50 rows."""
    fields = map_header(table[0][1])
    rows = table[1:]
    by_row: dict[int, list[str]] = {}
    good: list[tuple[int, Hospital]] = []
    first_seen: dict[tuple[str, str], int] = {}
    keys_of_row: dict[int, tuple[str, str]] = {}
    name_index, city_index = fields.index("name"), fields.index("city")
    for done, (number, cells) in enumerate(rows, start=1):
        hospital, messages = validate_row(fields, cells, org)
        name = _text(cells[name_index] if name_index < len(cells) else None)
        city = _text(cells[city_index] if city_index < len(cells) else None)
        if name and city:
            key = _duplicate_key(name, city)
            keys_of_row[number] = key
            if key in first_seen:
                messages.append(
                    _("“%(name)s” in %(city)s appears twice in this file (first on row %(row)s).")
                    % {"name": name, "city": city, "row": first_seen[key]}
                )
            else:
                first_seen[key] = number
        if messages:
            by_row[number] = messages
        elif hospital is not None:
            good.append((number, hospital))
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    existing = existing_names(first_seen)
    for number, key in keys_of_row.items():
        if key in existing:
            by_row.setdefault(number, []).append(
                _("A hospital named “%(name)s” in %(city)s is already in the registry.")
                % {"name": key[0], "city": key[1]}
            )
    errors = [{"row": number, "messages": by_row[number]} for number in sorted(by_row)]
    if errors:
        good = []
    return Outcome(hospitals=good, errors=errors, total=len(rows))
