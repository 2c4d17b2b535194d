"""Reading a vendor's network list (.xlsx, .xls, or CSV in UTF-8 with or without BOM, GBK or GB18030): the file
checked by content and size (hospitals.imports, the registry import's reader), the header found and mapped (Chinese
or English), every row validated. All or nothing: one bad row and the file imports nothing, every bad row listed
with its row number as the spreadsheet shows it."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.spreadsheets import restore
from hospitals.imports import ImportFileError, check_size, read_sheet

from .network_matching import city_key, name_key

KINDS = ("xlsx", "xls", "csv")
ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 reads GBK and GB2312 too
MAX_ROWS = 5_000  # the largest list in seed 003 has 1,339 hospitals
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common ("重疾绿通医院名单")
MAX_LENGTH = {"city": 50, "hospital": 200, "departments": 1000}

# Accepted headers, compared after normalising (spaces dropped, lower case).
HEADERS = {
    "city": ("城市", "所在城市", "城市名称", "地市", "city"),
    "hospital": (
        "医院",
        "医院名称",
        "医疗机构",
        "医疗机构名称",
        "机构名称",
        "hospital",
        "hospitalname",
        "hospitals",
    ),
    "departments": ("科室", "科室名称", "服务科室", "重点科室", "专科", "departments", "department"),
}
LABELS = {
    "city": gettext_lazy("City"),
    "hospital": gettext_lazy("Hospital"),
    "departments": gettext_lazy("Departments"),
}
_HEADER_OF = {alias: key for key, aliases in HEADERS.items() for alias in aliases}

__all__ = ["ImportFileError", "NetworkRow", "ReadOutcome", "read_network_list"]


@dataclass(frozen=True)
class NetworkRow:
    row: int
    city: str
    hospital: str
    departments: str

    @property
    def key(self) -> tuple[str, str]:
        return (city_key(self.city), name_key(self.hospital))


@dataclass
class ReadOutcome:
    rows: list[NetworkRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"row": n, "messages": [...]}
    ignored_columns: list[str] = field(default_factory=list)


def _norm(value) -> str:
    return "".join(str(value or "").split()).casefold()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return restore(" ".join(str(value).split()))


def _map_header(cells: list) -> tuple[dict[str, int], list[str], list[str]] | None:
    """The column of each field, the ignored headers and the problems; None when this row is no header."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[str] = []
    for index, value in enumerate(cells):
        key = _HEADER_OF.get(_norm(value))
        if key is None:
            if _text(value):
                ignored.append(_text(value))
            continue
        if key in columns:
            problems.append(_("Column “%(header)s” appears twice.") % {"header": _text(value)})
        columns.setdefault(key, index)
    if "city" not in columns and "hospital" not in columns:
        return None
    missing = [str(LABELS[k]) for k in ("city", "hospital") if k not in columns]
    if missing:
        problems.append(_("Required columns are missing: %(columns)s.") % {"columns": "、".join(missing)})
    return columns, ignored, problems


def _cell(cells: list, index: int | None):
    return cells[index] if index is not None and index < len(cells) else None


def _validate(number: int, cells: list, columns: dict[str, int]) -> tuple[NetworkRow | None, list[str]]:
    messages: list[str] = []
    values = {key: _text(_cell(cells, columns.get(key))) for key in ("city", "hospital", "departments")}
    if not values["city"]:
        messages.append(
            _(
                "The city is empty (if the city cells are merged, unmerge them and write the city on each row)."
            )
        )
    if not values["hospital"]:
        messages.append(_("The hospital is empty."))
    for key in ("city", "hospital", "departments"):
        if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in values[key]):
            messages.append(
                _(
                    "%(column)s contains invisible control or text-direction characters; type it again without them."
                )
                % {"column": LABELS[key]}
            )
    for key, limit in MAX_LENGTH.items():
        if len(values[key]) > limit:
            messages.append(
                _("%(column)s is longer than %(max)s characters.") % {"column": LABELS[key], "max": limit}
            )
    if values["hospital"] and not name_key(values["hospital"]):
        messages.append(_("“%(value)s” is not a hospital name.") % {"value": values["hospital"]})
    if messages:
        return None, messages
    return NetworkRow(number, values["city"], values["hospital"], values["departments"]), []


def read_network_list(data: bytes, filename: str) -> ReadOutcome:
    """Every row of the list, or every problem. ImportFileError: the file as a whole cannot be used."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    header = None
    outcome = ReadOutcome()
    first_seen: dict[tuple[str, str], int] = {}
    seen_rows = 0
    for number, values in read_sheet(data, filename, KINDS, ENCODINGS):
        cells = list(values)
        if all(_text(value) == "" for value in cells):
            continue
        if header is None:
            seen_rows += 1
            found = _map_header(cells)
            if found is None:
                if seen_rows >= HEADER_SEARCH_ROWS:
                    break
                continue
            columns, outcome.ignored_columns, problems = found
            if problems:
                raise ImportFileError(" ".join(problems))
            header = number
            continue
        if len(outcome.rows) + len(outcome.errors) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s hospital rows; split it or ask for a smaller list.")
                % {"max": f"{MAX_ROWS:,}"}
            )
        row, messages = _validate(number, cells, columns)
        if row is not None:
            if row.key in first_seen:
                messages.append(
                    _("“%(name)s” in %(city)s appears twice in this file (first on row %(row)s).")
                    % {"name": row.hospital, "city": row.city, "row": first_seen[row.key]}
                )
            else:
                first_seen[row.key] = number
        if messages:
            outcome.errors.append({"row": number, "messages": messages})
        else:
            outcome.rows.append(row)
    if header is None:
        if seen_rows == 0:
            raise ImportFileError(_("The file is empty."))
        raise ImportFileError(
            _("No header row with the columns 城市 (city) and 医院 (hospital) in the first %(n)s rows.")
            % {"n": HEADER_SEARCH_ROWS}
        )
    if not outcome.rows and not outcome.errors:
        raise ImportFileError(_("The file has a header row but no hospitals."))
    if outcome.errors:
        outcome.rows = []
    return outcome


def read_upload(upload) -> ReadOutcome:
    """An uploaded file: its size first (5 MB), then its content."""
    check_size(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return read_network_list(data, upload.name)
